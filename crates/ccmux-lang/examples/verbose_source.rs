//! Prints a file's commands as `tmux source-file -nv FILE` does, for comparing with real tmux
//! (tools/tmux_diff.py does so on random input): `cargo run -p ccmux-lang --example
//! verbose_source -- FILE`.
//!
//! The environment is this process's; `~user` is looked up in /etc/passwd; a `%if` format is
//! true when, with every `#{...}` removed (unknown formats expand to nothing), it is neither empty
//! nor `0`.

use ccmux_lang::{format_true, parse, Arg, ParseEnv, ParseOptions, ParsedCommand, PrintStyle};

struct ProcessEnv;

impl ParseEnv for ProcessEnv {
    fn get_env(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
    fn set_env(&mut self, _name: &str, _value: &str, _hidden: bool) {}
    fn home_dir(&self, user: Option<&str>) -> Option<String> {
        let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
        let user = user
            .map(str::to_string)
            .or_else(|| std::env::var("USER").ok())?;
        passwd.lines().find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.len() > 5 && f[0] == user).then(|| f[5].to_string())
        })
    }
    fn condition(&mut self, format: &str) -> bool {
        let mut out = String::new();
        let mut depth = 0;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '#' && chars.peek() == Some(&'{') {
                chars.next();
                depth += 1;
            } else if c == '}' && depth > 0 {
                depth -= 1;
            } else if depth == 0 {
                out.push(c);
            }
        }
        format_true(&out)
    }
}

/// Checks a command as tmux's `cmd_parse` would for the three commands this knows: `bind-key`
/// (one or more arguments, any kind), `send-keys` (words only) and `if-shell` (a word then one or
/// two words or blocks). Flags are not supported.
fn check(cmd: &ParsedCommand) -> Result<(), String> {
    let (lower, upper, block_ok): (usize, usize, fn(usize) -> bool) = match cmd.name.as_str() {
        "bind-key" => (1, usize::MAX, |_| true),
        "send-keys" => (0, usize::MAX, |_| false),
        "if-shell" => (2, 3, |i| i == 1 || i == 2),
        _ => return Err(format!("unknown command: {}", cmd.name)),
    };
    let name = &cmd.name;
    for (i, arg) in cmd.args.iter().enumerate() {
        if matches!(arg, Arg::Block(_)) && !block_ok(i) {
            return Err(format!(
                "command {name}: argument {} must be \"string\"",
                i + 1
            ));
        }
    }
    if cmd.args.len() < lower {
        return Err(format!(
            "command {name}: too few arguments (need at least {lower})"
        ));
    }
    if cmd.args.len() > upper {
        return Err(format!(
            "command {name}: too many arguments (need at most {upper})"
        ));
    }
    Ok(())
}

/// tmux's `cmd_parse_build_commands` with `CMD_PARSE_VERBOSE`: a group per line, blocks built
/// (and printed) first, each group printed with the last line number seen.
fn build(
    cmds: &[ParsedCommand],
    file: &str,
    pi_line: &mut u32,
    out: &mut String,
) -> Result<(), String> {
    let style = PrintStyle {
        escaped: false,
        groups: true,
    };
    let mut current: Vec<ParsedCommand> = Vec::new();
    for cmd in cmds {
        if current.last().is_some_and(|c| c.line != cmd.line) {
            out.push_str(&format!(
                "{file}:{pi_line}: {}\n",
                ccmux_lang::print_commands_with(&current, style)
            ));
            current.clear();
        }
        *pi_line = cmd.line;
        for arg in &cmd.args {
            if let Arg::Block(b) = arg {
                build(b, file, pi_line, out)?;
            }
        }
        if let Err(e) = check(cmd) {
            return Err(format!("{file}:{pi_line}: {e}"));
        }
        current.push(cmd.clone());
    }
    if !current.is_empty() {
        out.push_str(&format!(
            "{file}:{pi_line}: {}\n",
            ccmux_lang::print_commands_with(&current, style)
        ));
    }
    Ok(())
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: verbose_source FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read(&path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let opts = ParseOptions {
        parse_only: true,
        ..ParseOptions::file(path.clone())
    };
    match parse(&text, &opts, &mut ProcessEnv) {
        Ok(cmds) => {
            let mut out = String::new();
            let mut line = 1;
            let result = build(&cmds, &path, &mut line, &mut out);
            print!("{out}");
            if let Err(e) = result {
                println!("{e}");
            }
        }
        Err(e) => println!("{e}"),
    }
}
