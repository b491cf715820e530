//! `set-option` sequences; expected results are tmux 3.3a's (`show` output after the same commands).

use super::*;
use crate::options::{show_option, value_text, Colour};

fn show(options: &Options, name: &str) -> Vec<String> {
    let def = crate::options::find(name);
    match options.get(name) {
        Some(v) => show_option(def, def.map_or(name, |d| d.name), v, None, false, false),
        None => Vec::new(),
    }
}

fn session_globals() -> Options {
    Options::with_defaults(Scope::Session)
}

#[test]
fn global_arrays() {
    let mut g = session_globals();
    g.set_option("update-environment[1]", Some("FOO"), false, &[])
        .unwrap();
    g.set_option("update-environment", Some("BAR"), true, &[])
        .unwrap();
    let lines = show(&g, "update-environment");
    assert_eq!(lines[1], "update-environment[1] FOO");
    assert_eq!(lines[8], "update-environment[8] BAR");

    g.set_option("update-environment", Some("A B,C"), false, &[])
        .unwrap();
    assert_eq!(
        show(&g, "update-environment"),
        [
            "update-environment[0] A",
            "update-environment[1] B",
            "update-environment[2] C"
        ]
    );
    g.set_option("update-environment", Some(""), false, &[])
        .unwrap();
    assert_eq!(show(&g, "update-environment"), ["update-environment"]);

    g.set_option("update-environment[3]", Some("X"), false, &[])
        .unwrap();
    g.set_option("update-environment", Some("Y Z"), true, &[])
        .unwrap();
    assert_eq!(
        show(&g, "update-environment"),
        [
            "update-environment[0] Y",
            "update-environment[1] Z",
            "update-environment[3] X"
        ]
    );
    g.unset_option("update-environment[1]", true).unwrap();
    assert_eq!(
        show(&g, "update-environment"),
        ["update-environment[0] Y", "update-environment[3] X"]
    );
    g.unset_option("update-environment", true).unwrap();
    assert_eq!(show(&g, "update-environment").len(), 8);

    g.set_option("update-environment[1]", Some("A"), false, &[])
        .unwrap();
    g.set_option("update-environment[1]", Some("B"), true, &[])
        .unwrap();
    assert_eq!(g.array_get("update-environment", 1), Some("AB"));
    g.set_option("status-format[5]", Some("hello"), false, &[])
        .unwrap();
    assert_eq!(show(&g, "status-format")[2], "status-format[5] hello");
}

#[test]
fn array_errors() {
    let mut g = session_globals();
    let err = |r: Result<(), OptionError>| r.unwrap_err().to_string();
    assert_eq!(
        err(g.set_option("status-left[0]", Some("x"), false, &[])),
        "not an array: status-left[0]"
    );
    assert_eq!(
        err(g.set_option("update-environment[x]", Some("y"), false, &[])),
        "ambiguous option: update-environment[x]"
    );
    assert_eq!(
        err(g.set_option("update-environment[2]", None, false, &[])),
        "empty value"
    );
    assert_eq!(
        err(g.set_option("@foo[1]", Some("x"), false, &[])),
        "not an array: @foo[1]"
    );
    assert_eq!(
        err(g.unset_option("status-left[0]", true)),
        "not an array: status-left[0]"
    );
    assert_eq!(
        err(g.unset_option("nosuch", true)),
        "invalid option: nosuch"
    );

    let mut w = Options::with_defaults(Scope::Window);
    w.set_option("pane-colors[3]", Some("red"), false, &[])
        .unwrap();
    assert_eq!(show(&w, "pane-colours"), ["pane-colours[3] red"]);
    assert_eq!(
        err(w.set_option("pane-colours[3]", Some("foo"), false, &[])),
        "bad colour: foo"
    );
    w.set_option("pane-colours", Some("#ff0000"), true, &[])
        .unwrap();
    assert_eq!(
        show(&w, "pane-colours"),
        ["pane-colours[0] #ff0000", "pane-colours[3] red"]
    );
}

#[test]
fn session_scope_appends_to_its_own_value_but_toggles_the_inherited_one() {
    let mut g = session_globals();
    g.set_option("mouse", Some("on"), false, &[]).unwrap();
    g.set_option("status-position", Some("top"), false, &[])
        .unwrap();
    let mut s = Options::new();
    // `set -a status-left foo` on a session with no status-left of its own.
    s.set_option("status-left", Some("foo"), true, &[&g])
        .unwrap();
    assert_eq!(show(&s, "status-left"), ["status-left foo"]);
    // `set mouse` with the global mouse on.
    s.set_option("mouse", None, false, &[&g]).unwrap();
    assert_eq!(show(&s, "mouse"), ["mouse off"]);
    s.set_option("status-position", None, false, &[&g]).unwrap();
    assert_eq!(show(&s, "status-position"), ["status-position bottom"]);
    // An indexed set makes an array of its own, hiding the inherited items.
    s.set_option("update-environment[9]", Some("X"), false, &[&g])
        .unwrap();
    assert_eq!(show(&s, "update-environment"), ["update-environment[9] X"]);
    s.set_option("update-environment", Some("Y"), true, &[&g])
        .unwrap();
    assert_eq!(
        show(&s, "update-environment"),
        ["update-environment[0] Y", "update-environment[9] X"]
    );

    // Unsetting in a session brings the inherited value back.
    s.unset_option("mouse", false).unwrap();
    assert_eq!(s.get("mouse"), None);
    assert_eq!(resolve(&[&s, &g], "mouse"), Some(&OptionValue::Flag(true)));
    // Unsetting a global resets it to the default.
    g.unset_option("mouse", true).unwrap();
    assert_eq!(show(&g, "mouse"), ["mouse off"]);
}

#[test]
fn user_options() {
    let mut g = session_globals();
    assert_eq!(
        g.set_option("@foo", None, false, &[]).unwrap_err(),
        OptionError::EmptyValue
    );
    g.set_option("@foo", Some("a b"), false, &[]).unwrap();
    g.set_option("@foo", Some("x"), true, &[]).unwrap();
    assert_eq!(show(&g, "@foo"), ["@foo \"a bx\""]);
    g.set_option("@new", Some("x"), true, &[]).unwrap();
    assert_eq!(show(&g, "@new"), ["@new x"]);
    g.unset_option("@foo", true).unwrap();
    assert_eq!(g.get("@foo"), None);
    assert_eq!(resolve(&[&g], "@new").map(value_text).as_deref(), Some("x"));
}

#[test]
fn names_are_matched_and_stored_canonically() {
    let mut g = Options::with_defaults(Scope::Window);
    g.set_option("clock-mode-color", Some("red"), false, &[])
        .unwrap();
    assert_eq!(
        g.get("clock-mode-colour"),
        Some(&OptionValue::Colour(Colour::Ansi(1)))
    );
    assert_eq!(g.get("clock-mode-color"), g.get("clock-mode-colour"));
    let mut s = session_globals();
    s.set_option("base-i", Some("3"), false, &[]).unwrap();
    assert_eq!(s.get("base-index"), Some(&OptionValue::Number(3)));
    assert_eq!(
        s.set_option("status-le", Some("x"), false, &[])
            .unwrap_err()
            .to_string(),
        "ambiguous option: status-le"
    );
}

#[test]
fn failed_sets_change_nothing() {
    let mut g = session_globals();
    let before = g.clone();
    for (name, value) in [
        ("status-style", "fg=foo"),
        ("base-index", "-1"),
        ("mouse", "2"),
        ("update-environment[1]", "x y"),
    ] {
        let _ = g.set_option(name, Some(value), true, &[]);
        if !name.contains('[') {
            assert_eq!(g.get(name), before.get(name), "{name}");
        }
    }
}

#[test]
fn resolution_walks_the_chain() {
    let mut global = Options::with_defaults(Scope::Window);
    let mut window = Options::new();
    let mut pane = Options::new();
    global
        .set_option("remain-on-exit", Some("on"), false, &[])
        .unwrap();
    assert_eq!(
        resolve(&[&pane, &window, &global], "remain-on-exit")
            .map(value_text)
            .as_deref(),
        Some("on")
    );
    window
        .set_option("remain-on-exit", Some("failed"), false, &[&global])
        .unwrap();
    assert_eq!(
        resolve(&[&pane, &window, &global], "remain-on-exit")
            .map(value_text)
            .as_deref(),
        Some("failed")
    );
    pane.set_option("remain-on-exit", Some("off"), false, &[&window, &global])
        .unwrap();
    assert_eq!(
        resolve(&[&pane, &window, &global], "remain-on-exit")
            .map(value_text)
            .as_deref(),
        Some("off")
    );
    // Nothing set anywhere: the table default.
    assert_eq!(
        resolve(&[&pane, &window], "wrap-search"),
        Some(&OptionValue::Flag(true))
    );
}

#[test]
fn storage_primitives() {
    let mut o = Options::new();
    o.array_set("update-environment", 4, "A".into());
    assert_eq!(o.array_get("update-environment", 4), Some("A"));
    assert_eq!(o.array_unset("update-environment", 4), Some("A".into()));
    assert_eq!(o.array_get("update-environment", 4), None);
    o.set("mouse", OptionValue::Flag(true));
    o.array_set("mouse", 0, "x".into());
    assert_eq!(o.array_get("mouse", 0), Some("x"));
    assert_eq!(o.array_unset("nothing", 0), None);
    assert_eq!(o.unset("mouse").map(|v| v.as_array().is_some()), Some(true));
    assert_eq!(o.iter().count(), 1);
}
