//! Placeholder of the tmux command-syntax parser (being written on its own branch): argument lists only.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Word(String),
    Block(Vec<ParsedCommand>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedCommand {
    pub name: String,
    pub args: Vec<Arg>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub file: Option<String>,
    pub line: u32,
    pub message: String,
}

pub fn parse_arguments(args: &[String]) -> Result<Vec<ParsedCommand>, ParseError> {
    let mut out = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let flush = |cur: &mut Vec<String>, out: &mut Vec<ParsedCommand>| {
        if let Some((name, rest)) = cur.split_first() {
            out.push(ParsedCommand {
                name: name.clone(),
                args: rest.iter().cloned().map(Arg::Word).collect(),
                line: 0,
            });
        }
        cur.clear();
    };
    for a in args {
        if a == ";" {
            flush(&mut cur, &mut out);
        } else if let Some(w) = a.strip_suffix("\\;") {
            cur.push(format!("{w};"));
        } else if let Some(w) = a.strip_suffix(';') {
            cur.push(w.to_string());
            flush(&mut cur, &mut out);
        } else {
            cur.push(a.clone());
        }
    }
    flush(&mut cur, &mut out);
    Ok(out)
}

pub fn quote_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:#%@".contains(c))
    {
        s.to_string()
    } else {
        format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('$', "\\$")
        )
    }
}

pub fn print_commands(cmds: &[ParsedCommand]) -> String {
    cmds.iter()
        .map(|c| {
            let mut s = c.name.clone();
            for a in &c.args {
                s.push(' ');
                match a {
                    Arg::Word(w) => s.push_str(&quote_word(w)),
                    Arg::Block(b) => {
                        s.push_str("{ ");
                        s.push_str(&print_commands(b));
                        s.push_str(" }");
                    }
                }
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}
