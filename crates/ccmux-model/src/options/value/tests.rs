//! Expected values and messages are tmux 3.3a's: `tmux set -g NAME VALUE` then `tmux show -gv NAME`.

use super::*;
use crate::options::{find, value_text};

/// `set -g NAME TEXT` on top of the default, printed as `show -gv NAME`, or tmux's error message.
fn set(name: &str, text: Option<&str>) -> Result<String, String> {
    let def = find(name).unwrap();
    parse_value(def, text, Some(def.default_value()), false)
        .map(|v| value_text(&v))
        .map_err(|e| e.to_string())
}

fn ok(s: &str) -> Result<String, String> {
    Ok(s.to_string())
}

fn err(s: &str) -> Result<String, String> {
    Err(s.to_string())
}

#[test]
fn numbers() {
    assert_eq!(set("base-index", Some("-1")), err("value is too small: -1"));
    assert_eq!(set("base-index", Some("abc")), err("value is invalid: abc"));
    assert_eq!(
        set("base-index", Some("99999999999")),
        err("value is too large: 99999999999")
    );
    assert_eq!(set("base-index", Some("")), err("value is invalid: "));
    assert_eq!(set("base-index", Some(" 5")), ok("5"));
    assert_eq!(set("base-index", Some("+6")), ok("6"));
    assert_eq!(set("base-index", Some("7 ")), err("value is invalid: 7 "));
    assert_eq!(
        set("base-index", Some("0x10")),
        err("value is invalid: 0x10")
    );
    assert_eq!(set("base-index", Some("2147483647")), ok("2147483647"));
    assert_eq!(
        set("base-index", Some("2147483648")),
        err("value is too large: 2147483648")
    );
    assert_eq!(
        set("repeat-time", Some("32768")),
        err("value is too large: 32768")
    );
    assert_eq!(set("buffer-limit", Some("0")), err("value is too small: 0"));
    assert_eq!(set("base-index", None), err("empty value"));
}

#[test]
fn flags_toggle_without_a_value() {
    assert_eq!(set("mouse", None), ok("on"));
    assert_eq!(set("mouse", Some("")), ok("on"));
    assert_eq!(set("exit-empty", None), ok("off"));
    for on in ["YES", "1", "On", "on"] {
        assert_eq!(set("mouse", Some(on)), ok("on"));
    }
    for off in ["Off", "no", "0"] {
        assert_eq!(set("exit-empty", Some(off)), ok("off"));
    }
    assert_eq!(set("mouse", Some("2")), err("bad value: 2"));
    let def = find("mouse").unwrap();
    let on = OptionValue::Flag(true);
    assert_eq!(
        parse_value(def, None, Some(&on), false),
        Ok(OptionValue::Flag(false))
    );
}

#[test]
fn choices() {
    // With no value, choices toggle between their first two words, whatever they mean.
    assert_eq!(set("status", None), ok("off"));
    assert_eq!(set("status-position", None), ok("top"));
    assert_eq!(set("bell-action", None), ok("none"));
    let def = find("status").unwrap();
    let three = OptionValue::Choice("3".into());
    assert_eq!(
        parse_value(def, None, Some(&three), false),
        Ok(three.clone())
    );
    assert_eq!(set("bell-action", Some("foo")), err("unknown value: foo"));
    assert_eq!(set("mode-keys", Some("VI")), err("unknown value: VI"));
    assert_eq!(set("mode-keys", Some("")), err("unknown value: "));
    assert_eq!(
        set("status-justify", Some("absolute-centre")),
        ok("absolute-centre")
    );
}

#[test]
fn colours_and_keys() {
    assert_eq!(set("status-bg", Some("foo")), err("bad colour: foo"));
    assert_eq!(set("status-bg", Some("")), err("bad colour: "));
    assert_eq!(set("status-bg", Some("none")), err("bad colour: none"));
    assert_eq!(set("status-bg", Some("Colour5")), ok("colour5"));
    assert_eq!(set("status-bg", Some("1")), ok("red"));
    assert_eq!(set("cursor-colour", Some("#FF00aa")), ok("#ff00aa"));
    assert_eq!(set("prefix", Some("^a")), ok("C-a"));
    assert_eq!(set("prefix2", Some("C-a")), ok("C-a"));
    assert_eq!(set("backspace", Some("C-h")), ok("C-h"));
    assert_eq!(set("prefix", Some("foo")), err("bad key: foo"));
    assert_eq!(set("prefix", Some("")), err("bad key: "));
    assert_eq!(set("prefix", None), err("empty value"));
}

#[test]
fn strings_patterns_shells_and_styles() {
    assert_eq!(set("status-left", None), err("empty value"));
    assert_eq!(set("status-left", Some("")), ok(""));
    assert_eq!(set("default-size", Some("10")), err("value is invalid: 10"));
    assert_eq!(
        set("default-size", Some("1abcx")),
        err("value is invalid: 1abcx")
    );
    assert_eq!(set("default-size", Some("")), err("value is invalid: "));
    assert_eq!(set("default-size", Some("10x5y")), ok("10x5y"));
    assert_eq!(
        set("default-shell", Some("foo")),
        err("not a suitable shell: foo")
    );
    assert_eq!(
        set("default-shell", Some("")),
        err("not a suitable shell: ")
    );
    assert_eq!(
        set("status-style", Some("fg=foo")),
        err("invalid style: fg=foo")
    );
    assert_eq!(
        set("status-style", Some("us=red")),
        err("invalid style: us=red")
    );
    assert_eq!(set("status-style", Some("fg=red bold")), ok("fg=red bold"));
    // Styles with formats are not checked: they can only be parsed once expanded.
    assert_eq!(
        set("status-style", Some("#{?x,fg=red,fg=foo}")),
        ok("#{?x,fg=red,fg=foo}")
    );
}

#[test]
fn append() {
    let append = |name: &str, old: &OptionValue, text: &str| {
        parse_value(find(name).unwrap(), Some(text), Some(old), true)
            .map(|v| value_text(&v))
            .map_err(|e| e.to_string())
    };
    let s = |t: &str| OptionValue::String(t.into());
    assert_eq!(
        append("status-left", &s("[#{session_name}] "), "foo"),
        ok("[#{session_name}] foo")
    );
    assert_eq!(
        append("status-style", &s("bg=green,fg=black"), "bold"),
        ok("bg=green,fg=black,bold")
    );
    assert_eq!(
        append("status-style", &s("bg=green,fg=black"), ""),
        ok("bg=green,fg=black,")
    );
    assert_eq!(append("status-style", &s(""), "fg=red"), ok(",fg=red"));
    assert_eq!(
        append("status-style", &s(",fg=red"), "fg=foo"),
        err("invalid style: ,fg=red,fg=foo")
    );
    assert_eq!(
        append("default-shell", &s("/bin/sh"), "/bin/sh"),
        ok("/bin/sh/bin/sh")
    );
    // Other types ignore -a.
    assert_eq!(append("base-index", &OptionValue::Number(3), "5"), ok("5"));
    assert_eq!(
        append("status-bg", &OptionValue::Colour(Colour::Default), "red"),
        ok("red")
    );
    // With nothing set in this scope there is nothing to append to.
    let def = find("status-left").unwrap();
    assert_eq!(parse_value(def, Some("foo"), None, true), Ok(s("foo")));
}

fn items(v: &[(u32, &str)]) -> OptionValue {
    OptionValue::Array(v.iter().map(|&(i, s)| (i, s.to_string())).collect())
}

#[test]
fn arrays() {
    let env = find("update-environment").unwrap();
    assert_eq!(
        parse_value(env, Some("A B,C"), None, false),
        Ok(items(&[(0, "A"), (1, "B"), (2, "C")]))
    );
    assert_eq!(parse_value(env, Some(""), None, false), Ok(items(&[])));
    assert_eq!(
        parse_value(env, None, None, false),
        Err(OptionError::EmptyValue)
    );
    // -a fills the first free indexes.
    let old = items(&[(3, "X")]);
    assert_eq!(
        parse_value(env, Some("Y Z"), Some(&old), true),
        Ok(items(&[(0, "Y"), (1, "Z"), (3, "X")]))
    );
    let old = env.default_value();
    let got = parse_value(env, Some("BAR"), Some(old), true).unwrap();
    assert_eq!(
        got.as_array().unwrap().get(&8).map(String::as_str),
        Some("BAR")
    );

    let alias = find("command-alias").unwrap();
    assert_eq!(
        parse_value(alias, Some("a=b,c=d"), None, false),
        Ok(items(&[(0, "a=b"), (1, "c=d")]))
    );
    assert_eq!(
        parse_value(alias, Some("a=b c=d"), None, false),
        Ok(items(&[(0, "a=b c=d")]))
    );
    let features = find("terminal-features").unwrap();
    assert_eq!(
        parse_value(features, Some("a,,b"), None, false),
        Ok(items(&[(0, "a"), (1, "b")]))
    );

    let colours = find("pane-colours").unwrap();
    assert_eq!(
        parse_value(colours, Some("red blue,3"), None, false),
        Ok(items(&[(0, "red"), (1, "blue"), (2, "yellow")]))
    );
    assert_eq!(
        parse_value(colours, Some("red foo blue"), None, false),
        Err(OptionError::BadColour("foo".into()))
    );

    // A hook's value is one command, however it is punctuated.
    let hook = find("after-new-window").unwrap();
    assert_eq!(
        parse_value(
            hook,
            Some("new-window -d ; select-window -t 1"),
            None,
            false
        ),
        Ok(items(&[(0, "new-window -d ; select-window -t 1")]))
    );
    assert_eq!(parse_value(hook, Some(""), None, false), Ok(items(&[])));
}

#[test]
fn array_items() {
    let env = find("update-environment").unwrap();
    assert_eq!(
        parse_array_item(env, Some("_SUFFIX"), Some("DISPLAY"), true),
        Ok("DISPLAY_SUFFIX".into())
    );
    assert_eq!(
        parse_array_item(env, Some("B"), Some("A"), false),
        Ok("B".into())
    );
    assert_eq!(
        parse_array_item(env, Some("NEW"), None, true),
        Ok("NEW".into())
    );
    assert_eq!(
        parse_array_item(env, None, None, false),
        Err(OptionError::EmptyValue)
    );
    let colours = find("pane-colours").unwrap();
    assert_eq!(
        parse_array_item(colours, Some("3"), Some("red"), true),
        Ok("yellow".into())
    );
    assert_eq!(
        parse_array_item(colours, Some("foo"), None, false),
        Err(OptionError::BadColour("foo".into()))
    );
}

#[test]
fn values_round_trip_through_serde_types() {
    // Options and values are stored in the model: they must be plain, comparable data.
    let v = items(&[(0, "a"), (7, "b")]);
    assert_eq!(v.clone(), v);
    assert_eq!(
        OptionValue::Colour(Colour::Rgb(1, 2, 3)).as_colour(),
        Some(Colour::Rgb(1, 2, 3))
    );
}

#[test]
fn first_free_is_the_lowest_index_without_an_item() {
    use super::first_free;
    let items = |keys: &[u32]| -> std::collections::BTreeMap<u32, String> {
        keys.iter().map(|k| (*k, k.to_string())).collect()
    };
    assert_eq!(first_free(&items(&[])), Some(0));
    assert_eq!(first_free(&items(&[0, 1, 2])), Some(3));
    assert_eq!(first_free(&items(&[1, 2])), Some(0));
    assert_eq!(first_free(&items(&[0, 1, 3, 4])), Some(2));
    assert_eq!(first_free(&items(&[0, 5])), Some(1));
    assert_eq!(first_free(&items(&[3])), Some(0));
}
