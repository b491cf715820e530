//! The table against real tmux 3.3a output.
//!
//! The files in `testdata/` were captured from tmux 3.3a with a clean environment, so that the
//! start-up overrides of `default-shell` and `editor` do not apply:
//! `env -i PATH=/usr/bin:/bin HOME=/root SHELL=/bin/sh TERM=xterm LANG=C.UTF-8 \
//!  tmux -L op -f /dev/null start \; show -s` (and `show -gH`, `show -gwH`).

use super::*;

fn global_show(scope: Scope) -> Vec<String> {
    let flags = ShowFlags {
        hooks: true,
        ..ShowFlags::default()
    };
    show_options(&Options::with_defaults(scope), &[], scope, flags)
}

fn assert_lines(got: Vec<String>, want: &str) {
    let want: Vec<&str> = want.lines().collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "line {}", i + 1);
    }
    assert_eq!(got.len(), want.len());
}

#[test]
fn server_defaults_match_tmux() {
    // `show -s` has no -H: the server scope has no hooks anyway.
    assert_lines(
        global_show(Scope::Server),
        include_str!("testdata/show-s.txt"),
    );
}

#[test]
fn session_defaults_and_hooks_match_tmux() {
    assert_lines(
        global_show(Scope::Session),
        include_str!("testdata/show-gH.txt"),
    );
}

#[test]
fn window_defaults_and_hooks_match_tmux() {
    assert_lines(
        global_show(Scope::Window),
        include_str!("testdata/show-gwH.txt"),
    );
}

#[test]
fn defaults_resolve_without_any_options() {
    assert_eq!(
        resolve(&[], "prefix"),
        Some(&OptionValue::Key("C-b".into()))
    );
    assert_eq!(
        resolve(&[], "history-limit"),
        Some(&OptionValue::Number(2000))
    );
    assert_eq!(
        resolve(&[], "cursor-colour"),
        Some(&OptionValue::Colour(Colour::None))
    );
    assert_eq!(resolve(&[], "@unset"), None);
    assert_eq!(resolve(&[], "no-such-option"), None);
}

#[test]
fn every_default_is_a_value_tmux_would_accept() {
    for def in table() {
        let value = def.default_value();
        match (def.kind, value) {
            (_, OptionValue::Array(_)) => assert!(def.array, "{}", def.name),
            (OptionKind::String, OptionValue::String(s)) => {
                if def.style {
                    assert!(s.contains("#{") || Style::parse(s).is_ok(), "{}", def.name);
                }
            }
            (OptionKind::Number { min, max }, OptionValue::Number(n)) => {
                assert!((min..=max).contains(n), "{}", def.name)
            }
            (OptionKind::Choice(choices), OptionValue::Choice(c)) => {
                assert!(choices.contains(&c.as_str()), "{}", def.name)
            }
            (OptionKind::Key, OptionValue::Key(_))
            | (OptionKind::Flag, OptionValue::Flag(_))
            | (OptionKind::Colour, OptionValue::Colour(_)) => {}
            (kind, value) => panic!("{}: {kind:?} with default {value:?}", def.name),
        }
    }
}

#[test]
fn nothing_panics_on_odd_input() {
    let inputs = [
        "",
        " ",
        "é",
        "[",
        "]",
        "[é]",
        "é[0]",
        "@",
        "@é[1]",
        "#{",
        "fg=é",
        "range=window|é",
        "C-é",
        "^é",
        "é-x",
        "0x",
        "0xé",
        "grey",
        "gray1é",
        "#ééé",
        "\u{0}",
        "\u{85}",
        "a,é b",
        "colouré",
        "99999999999999999999999",
        "-",
        "--",
        "x[99999999999999999999]",
    ];
    for text in inputs {
        let _ = match_option(text);
        let _ = Colour::parse(text);
        let _ = Style::parse(text);
        let _ = escape(text);
        let mut options = Options::new();
        let _ = options.set_option(text, Some(text), true, &[]);
        for def in table() {
            let _ = parse_value(def, Some(text), None, true);
            let _ = parse_value(def, Some(text), Some(def.default_value()), false);
            let _ = parse_array_item(def, Some(text), Some(text), true);
            let _ = options.set_option(def.name, Some(text), false, &[]);
            let _ = options.set_option(&format!("{}[{text}]", def.name), Some(text), true, &[]);
        }
        let _ = show_options(&options, &[], Scope::Window, ShowFlags::default());
    }
}
