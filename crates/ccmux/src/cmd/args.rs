//! Command arguments parsed as tmux parses them (arguments.c, getopt-like): flags from a template such as
//! `"bc:dF:t:"` (a letter followed by `:` takes a value, `::` an optional one), clustered (`-dP`), values
//! attached (`-t%1`, `-F#{pane_id}`) or in the next argument, `--` ending the flags, the first word that
//! is not a flag ending them too; a flag given twice keeps both and the last value wins; then the
//! positional arguments, counted against the command's bounds. Errors are tmux's texts.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use ccmux_lang::{Arg, ParsedCommand};

/// One positional argument: a word, or a `{ ... }` block of commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Word(String),
    Block(Vec<ParsedCommand>),
}

impl Value {
    /// The argument as a string: a block prints as its commands (as tmux does when a block is given
    /// where a string is expected).
    pub fn text(&self) -> String {
        match self {
            Value::Word(w) => w.clone(),
            Value::Block(cmds) => ccmux_lang::print_commands(cmds),
        }
    }
}

/// Parsed flags and positional arguments of one command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// Every flag in the order given, with its value.
    flags: Vec<(char, Option<String>)>,
    pub values: Vec<Value>,
    /// `--json` was given (a ccmux extension on list commands that accept it).
    pub json: bool,
}

/// How a command's arguments are checked.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub template: &'static str,
    pub lower: usize,
    /// `None`: any number.
    pub upper: Option<usize>,
    /// Accepts `--json`.
    pub json: bool,
}

impl Args {
    /// Whether flag `c` was given.
    pub fn has(&self, c: char) -> bool {
        self.flags.iter().any(|(f, _)| *f == c)
    }

    /// The value of flag `c`: the last one given.
    pub fn get(&self, c: char) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(f, _)| *f == c)
            .and_then(|(_, v)| v.as_deref())
    }

    /// How many times flag `c` was given (`-EE`: 2).
    pub fn count(&self, c: char) -> usize {
        self.flags.iter().filter(|(f, _)| *f == c).count()
    }

    /// How many times flag `c` was given, with a value or without.
    #[cfg(test)]
    pub fn given(&self, c: char) -> usize {
        self.flags.iter().filter(|(f, _)| *f == c).count()
    }

    /// Every value of flag `c`, in order (`-e A=1 -e B=2`).
    pub fn all(&self, c: char) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(f, _)| *f == c)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }

    /// Printed as tmux's args_print does: flags without values clustered first (`-dP`), then each flag
    /// with a value (both in flag order, as tmux's tree keeps them), then the positional arguments;
    /// values quoted as tmux quotes them, blocks as `{ ... }` of their commands (`block` prints those).
    pub fn print(&self, block: &dyn Fn(&[ParsedCommand]) -> String) -> String {
        let mut flags: Vec<&(char, Option<String>)> = self.flags.iter().collect();
        flags.sort_by_key(|(c, _)| *c);
        let mut out = String::new();
        for (c, v) in &flags {
            if v.is_none() {
                if out.is_empty() {
                    out.push('-');
                }
                out.push(*c);
            }
        }
        for (c, v) in &flags {
            if let Some(v) = v {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push('-');
                out.push(*c);
                out.push(' ');
                out.push_str(&ccmux_lang::quote_word(v));
            }
        }
        for v in &self.values {
            if !out.is_empty() {
                out.push(' ');
            }
            match v {
                Value::Word(w) => out.push_str(&ccmux_lang::quote_word(w)),
                Value::Block(cmds) => {
                    out.push_str("{ ");
                    out.push_str(&block(cmds));
                    out.push_str(" }");
                }
            }
        }
        out
    }

    /// Positional argument `i` as a string.
    pub fn arg(&self, i: usize) -> Option<String> {
        self.values.get(i).map(Value::text)
    }

    /// Positional arguments from `i` on, as strings.
    pub fn rest(&self, i: usize) -> Vec<String> {
        self.values.iter().skip(i).map(Value::text).collect()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Parses `args` (the command's words after its name) against `spec`. `Err(None)` is a usage
    /// error without a specific message (tmux prints the usage then).
    pub fn parse(args: &[Arg], spec: &Spec) -> Result<Args, String> {
        let mut out = Args::default();
        let mut i = 0;
        while let Some(Arg::Word(word)) = args.get(i) {
            let Some(cluster) = word.strip_prefix('-') else {
                break;
            };
            if cluster.is_empty() {
                break; // a lone "-" is an argument
            }
            i += 1;
            if cluster == "-" {
                break;
            }
            if spec.json && cluster == "-json" {
                out.json = true;
                continue;
            }
            for (at, flag) in cluster.char_indices() {
                if !flag.is_ascii_alphanumeric() {
                    return Err(format!("invalid flag -{flag}"));
                }
                let Some(kind) = flag_kind(spec.template, flag) else {
                    return Err(format!("unknown flag -{flag}"));
                };
                if kind == Kind::Switch {
                    out.flags.push((flag, None));
                    continue;
                }
                let attached = cluster.get(at + flag.len_utf8()..).unwrap_or("");
                if !attached.is_empty() {
                    out.flags.push((flag, Some(attached.to_string())));
                    break;
                }
                match args.get(i) {
                    Some(Arg::Word(next)) => {
                        out.flags.push((flag, Some(next.clone())));
                        i += 1;
                    }
                    Some(Arg::Block(_)) => {
                        return Err(format!("-{flag} argument must be a string"));
                    }
                    // tmux 3.3a treats every value as optional when the flag is the last word
                    // (`split-window -t` acts on the current pane): kept for compatibility.
                    None => out.flags.push((flag, None)),
                }
                break;
            }
        }
        for a in args.iter().skip(i) {
            out.values.push(match a {
                Arg::Word(w) => Value::Word(w.clone()),
                Arg::Block(b) => Value::Block(b.clone()),
            });
        }
        if out.values.len() < spec.lower {
            return Err(format!("too few arguments (need at least {})", spec.lower));
        }
        if let Some(upper) = spec.upper {
            if out.values.len() > upper {
                return Err(format!("too many arguments (need at most {upper})"));
            }
        }
        Ok(out)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Switch,
    Value,
}

/// What the template says of `flag`.
fn flag_kind(template: &str, flag: char) -> Option<Kind> {
    let mut it = template.chars().peekable();
    while let Some(c) = it.next() {
        if c == ':' {
            continue;
        }
        let colons = {
            let mut n = 0;
            while it.peek() == Some(&':') {
                it.next();
                n += 1;
            }
            n
        };
        if c == flag {
            return Some(if colons == 0 {
                Kind::Switch
            } else {
                Kind::Value
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Arg> {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| Arg::Word(w.to_string()))
            .collect()
    }

    const NEW_SESSION: Spec = Spec {
        template: "Ac:dDe:EF:f:n:Ps:t:x:Xy:",
        lower: 0,
        upper: None,
        json: false,
    };

    #[test]
    fn attached_values_clusters_and_repeats_parse_as_tmux() {
        let a = Args::parse(&words("-P -F#{session_id} -sfoo -d"), &NEW_SESSION).unwrap();
        assert!(a.has('P') && a.has('d'));
        assert_eq!(a.get('F'), Some("#{session_id}"));
        assert_eq!(a.get('s'), Some("foo"));
        let a = Args::parse(&words("-dPs foo"), &NEW_SESSION).unwrap();
        assert!(a.has('d') && a.has('P'));
        assert_eq!(a.get('s'), Some("foo"));
        // A flag given twice: the last value wins (libtmux passes -t twice).
        let a = Args::parse(&words("-t a -t b"), &NEW_SESSION).unwrap();
        assert_eq!(a.get('t'), Some("b"));
        assert_eq!(a.all('t'), ["a", "b"]);
        let a = Args::parse(&words("-e A=1 -eB=2 -- -x y"), &NEW_SESSION).unwrap();
        assert_eq!(a.all('e'), ["A=1", "B=2"]);
        assert_eq!(a.rest(0), ["-x", "y"]);
    }

    #[test]
    fn flags_end_at_the_first_word_and_values_may_start_with_a_dash() {
        let a = Args::parse(&words("-d echo -x"), &NEW_SESSION).unwrap();
        assert!(a.has('d'));
        assert_eq!(a.rest(0), ["echo", "-x"]);
        let spec = Spec {
            template: "E:S:t:",
            lower: 0,
            upper: Some(0),
            json: false,
        };
        let a = Args::parse(&words("-S -10 -E -"), &spec).unwrap();
        assert_eq!((a.get('S'), a.get('E')), (Some("-10"), Some("-")));
        let a = Args::parse(&words("-"), &NEW_SESSION).unwrap();
        assert_eq!(a.rest(0), ["-"]);
    }

    #[test]
    fn errors_are_tmux_texts() {
        let spec = Spec {
            template: "bc:de:fF:hIl:p:Pt:vZ",
            lower: 0,
            upper: None,
            json: false,
        };
        assert_eq!(
            Args::parse(&words("-Q"), &spec).unwrap_err(),
            "unknown flag -Q"
        );
        assert_eq!(
            Args::parse(&words("-dQ"), &spec).unwrap_err(),
            "unknown flag -Q"
        );
        // tmux 3.3a: a value flag given last without its value counts as not given a value.
        let a = Args::parse(&words("-d -t"), &spec).unwrap();
        assert!(a.has('t') && a.get('t').is_none());
        assert_eq!(
            Args::parse(&words("-€"), &spec).unwrap_err(),
            "invalid flag -€"
        );
        let two = Spec {
            template: "t:",
            lower: 1,
            upper: Some(1),
            json: false,
        };
        assert_eq!(
            Args::parse(&words(""), &two).unwrap_err(),
            "too few arguments (need at least 1)"
        );
        assert_eq!(
            Args::parse(&words("a b"), &two).unwrap_err(),
            "too many arguments (need at most 1)"
        );
    }

    #[test]
    fn optional_values_and_json() {
        let spec = Spec {
            template: "l::F:",
            lower: 0,
            upper: Some(1),
            json: true,
        };
        let a = Args::parse(&words("-l"), &spec).unwrap();
        assert!(a.has('l') && a.get('l').is_none());
        let a = Args::parse(&words("--json -F x"), &spec).unwrap();
        assert!(a.json);
        let no_json = Spec {
            json: false,
            ..spec
        };
        assert_eq!(
            Args::parse(&words("--json"), &no_json).unwrap_err(),
            "invalid flag --"
        );
    }
}
