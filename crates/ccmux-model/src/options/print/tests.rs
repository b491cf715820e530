use super::*;
use crate::options::find;

/// `tmux set -g status-left VALUE; tmux show -g status-left` (tmux 3.3a, UTF-8 locale): the
/// quoted part of the output.
const QUOTING: &[(&str, &str)] = &[
    ("a b", "\"a b\""),
    ("it's", "\"it's\""),
    ("say \"hi\"", "\"say \\\"hi\\\"\""),
    ("#", "\\#"),
    ("x", "x"),
    ("~foo", "\\~foo"),
    ("~", "\\~"),
    ("a~b", "a~b"),
    ("$HOME", "\"\\$HOME\""),
    ("${HOME}", "\"\\${HOME}\""),
    ("$1", "\"$1\""),
    ("a$", "\"a$\""),
    ("$", "\\$"),
    ("tab\there", "tab\\there"),
    ("back\\slash", "back\\\\slash"),
    ("é ü", "\"é ü\""),
    ("{}", "\"{}\""),
    ("%", "\\%"),
    ("a;b", "\"a;b\""),
    ("a'b\"c", "\"a'b\\\"c\""),
    ("'", "\\'"),
    ("\"", "\\\""),
    (" ", "\" \""),
    ("  lead", "\"  lead\""),
    ("trail ", "\"trail \""),
    ("a\\\"b", "'a\\\\\"b'"),
    ("it's \"x\"", "\"it's \\\"x\\\"\""),
    ("nl\nx", "nl\\nx"),
    ("cr\rx\u{1}y\u{7f}z", "cr\\rx\\001y\\177z"),
    ("a b\u{1}y", "\"a b\\001y\""),
    ("\\$x", "\"\\\\\\$x\""),
    ("a\u{85}b", "a\\302\\205b"),
    ("a\u{200b}b", "a\u{200b}b"),
    ("é", "é"),
    ("", "''"),
];

#[test]
fn escapes_like_show_options() {
    for (value, want) in QUOTING {
        assert_eq!(escape(value), *want, "{value:?}");
    }
}

#[test]
fn nul_is_escaped_without_panicking() {
    assert_eq!(escape("a\0b"), "a\\0b");
    assert_eq!(escape("a\u{0}1"), "a\\0001");
}

#[test]
fn show_one_option() {
    let def = find("status-left");
    let v = OptionValue::String("[#{session_name}] ".into());
    assert_eq!(
        show_option(def, "status-left", &v, None, false, false),
        ["status-left \"[#{session_name}] \""]
    );
    assert_eq!(
        show_option(def, "status-left", &v, None, true, false),
        ["status-left* \"[#{session_name}] \""]
    );
    // A non-array shown with an index prints its whole value under the indexed name.
    assert_eq!(
        show_option(def, "status-left", &v, Some(0), false, false),
        ["status-left[0] \"[#{session_name}] \""]
    );
    assert_eq!(
        show_option(def, "status-left", &v, None, false, true),
        ["[#{session_name}] "]
    );

    let env = find("update-environment").unwrap();
    let arr = env.default_value();
    assert_eq!(
        show_option(Some(env), env.name, arr, Some(7), false, false),
        ["update-environment[7] XAUTHORITY"]
    );
    assert_eq!(
        show_option(Some(env), env.name, arr, Some(70), false, false),
        ["update-environment[70] ''"]
    );
    assert_eq!(
        show_option(Some(env), env.name, arr, None, true, false)[0],
        "update-environment[0]* DISPLAY"
    );
    let empty = OptionValue::Array(Default::default());
    let colours = find("pane-colours");
    assert_eq!(
        show_option(colours, "pane-colours", &empty, None, true, false),
        ["pane-colours"]
    );
    assert!(show_option(colours, "pane-colours", &empty, None, false, true).is_empty());

    let user = OptionValue::String("a b".into());
    assert_eq!(
        show_option(None, "@foo", &user, None, false, false),
        ["@foo \"a b\""]
    );
    // Hooks print their commands unquoted.
    let hook = find("after-new-window");
    let cmds = OptionValue::Array([(0, "display-message hi".to_string())].into());
    assert_eq!(
        show_option(hook, "after-new-window", &cmds, None, false, false),
        ["after-new-window[0] display-message hi"]
    );
}

#[test]
fn show_inherited_and_user_options() {
    let mut session = Options::new();
    session.set("@b", OptionValue::String("2".into()));
    session.set("@a", OptionValue::String("x y".into()));
    session.set("mouse", OptionValue::Flag(true));
    let global = Options::with_defaults(Scope::Session);
    let plain = show_options(&session, &[&global], Scope::Session, ShowFlags::default());
    assert_eq!(plain, ["@a \"x y\"", "@b 2", "mouse on"]);

    let all = ShowFlags {
        inherited: true,
        ..ShowFlags::default()
    };
    let lines = show_options(&session, &[&global], Scope::Session, all);
    assert_eq!(lines[0], "@a \"x y\"");
    assert!(lines.contains(&"mouse on".to_string()));
    assert!(lines.contains(&"activity-action* other".to_string()));
    assert!(lines.contains(&"update-environment[0]* DISPLAY".to_string()));

    let hooks = ShowFlags {
        hooks_only: true,
        ..ShowFlags::default()
    };
    let lines = show_options(&global, &[], Scope::Session, hooks);
    assert_eq!(lines.first().map(String::as_str), Some("after-bind-key"));
    assert_eq!(
        lines.len(),
        54,
        "tmux -f /dev/null start \\; show-hooks -g | wc -l"
    );
}
