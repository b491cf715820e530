//! The command parser (ccmux-lang): configuration text and command-line arguments.

use crate::gen::{pick, text};
use arbitrary::{Result, Unstructured};
use ccmux_lang::{
    format_true, parse, parse_arguments, print_commands, quote_word, Arg, ParseEnv, ParseOptions,
    ParsedCommand,
};
use std::collections::HashMap;

/// Pieces that exercise the grammar.
const PIECES: &[&str] = &[
    " ",
    " ",
    "\t",
    "\n",
    "\n",
    ";",
    "{",
    "}",
    "\\",
    "\"",
    "'",
    "#",
    "%",
    "$",
    "~",
    "=",
    "a",
    "Z",
    "0",
    "7",
    "é",
    "😀",
    "\r",
    "\0",
    "x",
    "u",
    "U",
    "n",
    "set @a ",
    "bind x ",
    "%if ",
    "%if 1\n",
    "%if 0\n",
    "%elif 1\n",
    "%else\n",
    "%endif\n",
    "%hidden ",
    "A=1 ",
    "#{",
    "${",
    "$HOME",
    "$A",
    "~root",
    "~nobody",
    "\\\n",
    "\\u00",
    "\\U0001F6",
    "\\3",
    "\\0",
    "\\e",
    "\\777",
    "%1",
    "if 1 { ",
    " } ",
    "'a b'",
    "\"c d\"",
    "#{?a,b,c}",
    "\\;",
    ";;",
];

/// An environment in memory: every variable set is kept, `%if` is true for formats of odd length.
#[derive(Default)]
pub(crate) struct Env {
    vars: HashMap<String, String>,
}

impl ParseEnv for Env {
    fn get_env(&self, name: &str) -> Option<String> {
        match name {
            "HOME" => Some("/home/me".into()),
            _ => self.vars.get(name).cloned(),
        }
    }
    fn set_env(&mut self, name: &str, value: &str, _hidden: bool) {
        self.vars.insert(name.into(), value.into());
    }
    fn home_dir(&self, user: Option<&str>) -> Option<String> {
        match user {
            None => Some("/home/pw".into()),
            Some("root") => Some("/root".into()),
            Some(_) => None,
        }
    }
    fn condition(&mut self, format: &str) -> bool {
        format_true(if format.len() % 2 == 1 { "1" } else { "0" })
    }
}

/// Commands with every line number 0, to compare structure only.
fn strip(cmds: &[ParsedCommand]) -> Vec<ParsedCommand> {
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

/// Garbage in, `Ok` or `Err` out; what parses prints back to the same commands.
pub fn parse_print(u: &mut Unstructured) -> Result<()> {
    let input = text(u, PIECES, 80)?;
    let opts = if u.arbitrary()? {
        ParseOptions::file("f.conf")
    } else {
        ParseOptions::default()
    };
    let Ok(cmds) = parse(&input, &opts, &mut Env::default()) else {
        return Ok(());
    };
    let printed = print_commands(&cmds);
    let again = parse(&printed, &opts, &mut Env::default());
    assert_eq!(
        again.as_ref().map(|c| strip(c)),
        Ok(strip(&cmds)),
        "{input:?} printed as {printed:?}"
    );
    Ok(())
}

/// Command-line words split at `;`; every word quoted parses back to itself.
pub fn arguments_quote(u: &mut Unstructured) -> Result<()> {
    let n = u.int_in_range(0..=6)?;
    let mut args = Vec::new();
    for _ in 0..n {
        args.push(if u.ratio(1, 4)? {
            (*pick(u, &[";", "\\;", "a;", "a\\;", "{", "}", ""])?).to_string()
        } else {
            text(u, PIECES, 8)?
        });
    }
    let cmds = parse_arguments(&args);
    let words: usize = cmds.iter().map(|c| 1 + c.args.len()).sum();
    assert!(words <= args.len(), "{args:?} gave {cmds:?}");
    for cmd in &cmds {
        let all =
            std::iter::once(cmd.name.as_str()).chain(cmd.args.iter().filter_map(Arg::as_word));
        for word in all {
            // tmux strings cannot hold a NUL.
            if word.contains('\0') {
                continue;
            }
            let line = format!("x {}", quote_word(word));
            let back = parse(&line, &ParseOptions::default(), &mut Env::default());
            let back = back
                .as_ref()
                .ok()
                .and_then(|c| c.first())
                .and_then(|c| c.args.first());
            assert_eq!(
                back.and_then(Arg::as_word),
                Some(word),
                "{word:?} quoted as {line:?}"
            );
        }
    }
    Ok(())
}
