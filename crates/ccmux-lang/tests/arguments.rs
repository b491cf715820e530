//! Command-line arguments (`tmux cmd args...`), split by the shell already. Expected values are
//! tmux 3.3a's: e.g. `tmux -L lp bind y 'display a;' display 'b\;' \; set -g @z 'q;' ';' set -g
//! @w 'r\;'` then `list-keys` and `show -g`.

mod common;

use ccmux_lang::parse_arguments;
use common::{cmd, strip};

fn split(args: &[&str]) -> Vec<ccmux_lang::ParsedCommand> {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    strip(&parse_arguments(&args))
}

#[test]
fn semicolons_split_commands() {
    assert_eq!(
        split(&[
            "bind",
            "y",
            "display a;",
            "display",
            "b\\;",
            ";",
            "set",
            "-g",
            "@z",
            "q;",
            ";",
            "set",
            "-g",
            "@w",
            "r\\;"
        ]),
        [
            cmd("bind", &["y", "display a"]),
            cmd("display", &["b;"]),
            cmd("set", &["-g", "@z", "q"]),
            cmd("set", &["-g", "@w", "r;"]),
        ]
    );
}

#[test]
fn only_a_trailing_semicolon_counts() {
    assert_eq!(
        split(&["set", "@a", "x;y", ";x"]),
        [cmd("set", &["@a", "x;y", ";x"])]
    );
    // `\\;` keeps one backslash before the literal `;`.
    assert_eq!(
        split(&["set", "@a", "a\\\\;"]),
        [cmd("set", &["@a", "a\\;"])]
    );
    assert_eq!(split(&["set", "@a", "\\;"]), [cmd("set", &["@a", ";"])]);
}

#[test]
fn nothing_else_is_special() {
    assert_eq!(
        split(&["set", "@a", "$HOME", "~", "'q'", "\"", "#x", ""]),
        [cmd("set", &["@a", "$HOME", "~", "'q'", "\"", "#x", ""])]
    );
    // tmux 3.3a makes no blocks from arguments: `tmux bind x { display a }` fails with
    // "unknown command: {" when bind-key parses its arguments.
    assert_eq!(
        split(&["bind", "x", "{", "display", "a", "}"]),
        [cmd("bind", &["x", "{", "display", "a", "}"])]
    );
    assert_eq!(split(&["{", "a"]), [cmd("{", &["a"])]);
}

#[test]
fn empty_commands_vanish() {
    assert_eq!(split(&[]), []);
    assert_eq!(split(&[";", ";"]), []);
    assert_eq!(split(&["a;", ";", "b"]), [cmd("a", &[]), cmd("b", &[])]);
}
