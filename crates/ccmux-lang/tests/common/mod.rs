//! Shared test helpers: an in-memory environment and short constructors.
//!
//! Expected values in these tests come from tmux 3.3a itself, run on a private server, usually as
//! `tmux -L lp -f /dev/null new -d; tmux -L lp source x.conf; tmux -L lp show -gv @a` (a user option
//! shows what a word parsed to), `source -nv` (shows the commands and their line numbers) or
//! `list-keys` (shows how tmux prints them).

#![allow(dead_code)]

use std::collections::HashMap;

use ccmux_lang::{format_true, parse, Arg, ParseEnv, ParseError, ParseOptions, ParsedCommand};

/// An environment in memory: variables, home directories and format expansions.
#[derive(Debug, Default)]
pub struct TestEnv {
    pub vars: HashMap<String, String>,
    /// Variables set by the parser, in order: (name, value, hidden).
    pub set: Vec<(String, String, bool)>,
    /// Home directories by user name; `""` is the current user's password entry.
    pub homes: HashMap<String, String>,
    /// What formats expand to; a format not here expands to itself.
    pub formats: HashMap<String, String>,
    /// The formats the parser asked about, in order.
    pub asked: Vec<String>,
}

impl TestEnv {
    pub fn new() -> Self {
        let mut env = TestEnv::default();
        env.vars.insert("HOME".into(), "/home/me".into());
        env.vars.insert("SHELL".into(), "/bin/sh".into());
        env.homes.insert(String::new(), "/home/pw".into());
        env.homes.insert("root".into(), "/root".into());
        env
    }

    pub fn var(mut self, name: &str, value: &str) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    pub fn format(mut self, format: &str, expanded: &str) -> Self {
        self.formats.insert(format.into(), expanded.into());
        self
    }
}

impl ParseEnv for TestEnv {
    fn get_env(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }
    fn set_env(&mut self, name: &str, value: &str, hidden: bool) {
        self.vars.insert(name.into(), value.into());
        self.set.push((name.into(), value.into(), hidden));
    }
    fn home_dir(&self, user: Option<&str>) -> Option<String> {
        self.homes.get(user.unwrap_or("")).cloned()
    }
    fn condition(&mut self, format: &str) -> bool {
        self.asked.push(format.to_string());
        let expanded = self.formats.get(format).map_or(format, String::as_str);
        format_true(expanded)
    }
}

/// Parses `text` as the file `t.conf`.
pub fn parse_in(text: &str, env: &mut TestEnv) -> Result<Vec<ParsedCommand>, ParseError> {
    parse(text, &ParseOptions::file("t.conf"), env)
}

/// Parses `text` as the file `t.conf` with a fresh [`TestEnv`].
pub fn parse_file(text: &str) -> Result<Vec<ParsedCommand>, ParseError> {
    parse_in(text, &mut TestEnv::new())
}

/// Parses successfully, or fails the test with the error.
pub fn ok(text: &str) -> Vec<ParsedCommand> {
    match parse_file(text) {
        Ok(cmds) => cmds,
        Err(e) => panic!("{text:?} failed: {e}"),
    }
}

/// The error for `text`, as tmux prints it (`t.conf:LINE: MESSAGE`).
pub fn err(text: &str) -> String {
    match parse_file(text) {
        Ok(cmds) => panic!("{text:?} parsed: {cmds:?}"),
        Err(e) => e.to_string(),
    }
}

/// What `set -g @a WORD` sets @a to: the single word `word` parses to.
pub fn word(word: &str) -> String {
    word_in(word, &mut TestEnv::new())
}

pub fn word_in(word: &str, env: &mut TestEnv) -> String {
    let text = format!("set -g @a {word}\n");
    let cmds = match parse_in(&text, env) {
        Ok(cmds) => cmds,
        Err(e) => panic!("{text:?} failed: {e}"),
    };
    match cmds.as_slice() {
        [cmd] => match cmd.args.as_slice() {
            [_, _, Arg::Word(w)] => w.clone(),
            args => panic!("{text:?} gave arguments {args:?}"),
        },
        _ => panic!("{text:?} gave {cmds:?}"),
    }
}

/// A command with word arguments (line 0: compare with [`strip`]).
pub fn cmd(name: &str, args: &[&str]) -> ParsedCommand {
    ParsedCommand::new(name, args.iter().map(|&a| Arg::from(a)).collect(), 0)
}

/// A command with the given arguments.
pub fn cmd_args(name: &str, args: Vec<Arg>) -> ParsedCommand {
    ParsedCommand::new(name, args, 0)
}

/// The commands with every line number set to 0, for comparing structure only.
pub fn strip(cmds: &[ParsedCommand]) -> Vec<ParsedCommand> {
    cmds.iter()
        .map(|c| ParsedCommand {
            name: c.name.clone(),
            args: c
                .args
                .iter()
                .map(|a| match a {
                    Arg::Word(w) => Arg::Word(w.clone()),
                    Arg::Block(b) => Arg::Block(strip(b)),
                })
                .collect(),
            line: 0,
        })
        .collect()
}

/// Parses and strips line numbers.
pub fn shape(text: &str) -> Vec<ParsedCommand> {
    strip(&ok(text))
}

/// Each command's line number, in order (blocks not included).
pub fn lines(text: &str) -> Vec<u32> {
    ok(text).iter().map(|c| c.line).collect()
}
