//! The command line before the command: global flags parsed as tmux's main does (getopt with
//! `2c:CDdf:lL:NqS:T:uUvV`), then the command words.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use std::ffi::OsString;
use std::path::PathBuf;

/// The global flags and the command words after them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cli {
    /// `-L socket-name`.
    pub socket_name: Option<String>,
    /// `-S socket-path`.
    pub socket_path: Option<PathBuf>,
    /// `-f file`, in order (may be given more than once).
    pub configs: Vec<PathBuf>,
    /// `-V`.
    pub version: bool,
    /// `-h` / `--help`.
    pub help: bool,
    /// `-c shell-command`.
    pub shell_command: Option<String>,
    /// `-C` given once (control mode) or twice (`-CC`: control mode on a terminal, in a DCS wrapper,
    /// without echo).
    pub control: u8,
    /// The command words (`new -d \; splitw`), possibly empty.
    pub words: Vec<String>,
}

const USAGE: &str = "usage: ccmux [-2CDlNuVv] [-c shell-command] [-f file] [-L socket-name]\n             [-S socket-path] [-T features] [command [flags]]";

impl Cli {
    /// The `config.toml`-format file given with `-f` (one ending in `.toml`), if any.
    pub fn config(&self) -> Option<&std::path::Path> {
        self.configs
            .iter()
            .find(|p| is_toml(p))
            .map(PathBuf::as_path)
    }

    /// Parses the process arguments (without the program name). Arguments that are not UTF-8 are a
    /// clear error, never a panic.
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, String> {
        let mut words = Vec::new();
        for (i, a) in args.into_iter().enumerate() {
            match a.into_string() {
                Ok(s) => words.push(s),
                Err(bad) => {
                    return Err(format!(
                        "argument {} is not valid UTF-8: {}",
                        i + 1,
                        bad.to_string_lossy()
                    ))
                }
            }
        }
        let mut cli = Cli::default();
        let mut i = 0;
        while let Some(word) = words.get(i) {
            if word == "--help" {
                cli.help = true;
                i += 1;
                continue;
            }
            let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) else {
                break;
            };
            i += 1;
            if cluster == "-" {
                break;
            }
            for (at, flag) in cluster.char_indices() {
                let takes_value = matches!(flag, 'c' | 'f' | 'L' | 'S' | 'T');
                if !takes_value {
                    match flag {
                        'V' => cli.version = true,
                        'h' => cli.help = true,
                        // Accepted for compatibility, with nothing to do: 256 colours and UTF-8 are
                        // always on, there is no login-shell distinction yet.
                        '2' | 'u' | 'U' | 'l' | 'N' | 'q' | 'v' | 'd' => {}
                        'C' => cli.control = cli.control.saturating_add(1).min(2),
                        'D' => {
                            return Err(
                                "-D (server in the foreground) is not available in ccmux".into()
                            )
                        }
                        other => return Err(format!("unknown option -- {other}\n{USAGE}")),
                    }
                    continue;
                }
                let attached = cluster.get(at + flag.len_utf8()..).unwrap_or("");
                let value = if !attached.is_empty() {
                    attached.to_string()
                } else if let Some(v) = words.get(i) {
                    i += 1;
                    v.clone()
                } else {
                    return Err(format!("option requires an argument -- {flag}\n{USAGE}"));
                };
                match flag {
                    'c' => cli.shell_command = Some(value),
                    'f' => cli.configs.push(PathBuf::from(value)),
                    'L' => {
                        crate::paths::check_socket_name(&value).map_err(|e| e.to_string())?;
                        cli.socket_name = Some(value)
                    }
                    'S' => cli.socket_path = Some(PathBuf::from(value)),
                    _ => {} // -T features: terminal features are detected, not configured.
                }
                break;
            }
        }
        cli.words = words.split_off(i.min(words.len()));
        Ok(cli)
    }
}

/// Whether this process was invoked as `tmux` (a `tmux` symlink to ccmux, as tmux tooling and plugin
/// scripts call it): it then answers `-V` as tmux 3.3a and finds its server through `$TMUX`.
pub fn invoked_as_tmux() -> bool {
    std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .and_then(|p| p.file_name().map(|n| n == "tmux"))
        .unwrap_or(false)
}

/// The version line `-V` prints: tmux's when invoked as `tmux` (tools compare it), else ccmux's own.
pub fn version_line() -> String {
    if invoked_as_tmux() {
        "tmux 3.3a".to_string()
    } else {
        format!("ccmux {}", env!("CARGO_PKG_VERSION"))
    }
}

/// Whether a `-f` file is a `config.toml`-format file (else it is tmux syntax).
pub fn is_toml(p: &std::path::Path) -> bool {
    p.extension().is_some_and(|e| e == "toml")
}

/// What `ccmux -h` prints: the global usage, then every command from the registry.
pub fn help() -> String {
    let mut out = format!("{USAGE}\n\ncommands:\n");
    for e in crate::cmd::commands() {
        if matches!(e.run, crate::cmd::Run::Missing) {
            continue;
        }
        let alias = e.alias.map(|a| format!(" ({a})")).unwrap_or_default();
        out.push_str(&format!(
            "  {}{alias} {}\n      {}\n",
            e.name, e.usage, e.about
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Cli, String> {
        Cli::parse(s.split(' ').filter(|w| !w.is_empty()).map(OsString::from))
    }

    #[test]
    fn global_flags_then_words() {
        let c = parse("-L x -f a.conf -fb.conf new -d").unwrap();
        assert_eq!(c.socket_name.as_deref(), Some("x"));
        assert_eq!(
            c.configs,
            [PathBuf::from("a.conf"), PathBuf::from("b.conf")]
        );
        assert_eq!(c.words, ["new", "-d"]);
        let c = parse("-Lx -2u ls -F #{pid}").unwrap();
        assert_eq!(c.socket_name.as_deref(), Some("x"));
        assert_eq!(c.words, ["ls", "-F", "#{pid}"]);
        assert!(parse("-V").unwrap().version);
        assert!(parse("").unwrap().words.is_empty());
        assert!(parse("-L").unwrap_err().contains("requires an argument"));
        assert!(parse("-Z ls").unwrap_err().contains("unknown option -- Z"));
    }

    #[test]
    fn control_flags_count() {
        assert_eq!(parse("ls").unwrap().control, 0);
        assert_eq!(parse("-C").unwrap().control, 1);
        let c = parse("-CC -L x attach").unwrap();
        assert_eq!(
            (c.control, c.words.clone()),
            (2, vec!["attach".to_string()])
        );
        assert_eq!(parse("-C -C").unwrap().control, 2);
        assert_eq!(parse("-CCC").unwrap().control, 2);
    }

    #[test]
    fn non_utf8_arguments_are_an_error_not_a_panic() {
        use std::os::unix::ffi::OsStringExt;
        let bad = OsString::from_vec(b"a\xffb".to_vec());
        let e = Cli::parse([OsString::from("send"), bad]).unwrap_err();
        assert!(e.contains("argument 2 is not valid UTF-8"), "{e}");
    }
}
