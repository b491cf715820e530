//! Key names. The canonical names are tmux 3.3a's `list-keys -T ky` output (quoting removed) after
//! `bind -T ky -- NAME display x` for each name; the unknown ones are those `bind` refused.

use crate::keys::{Key, KeyCode, Keypad, Mods, MouseAction, MouseKey, MouseLocation};

/// (name as bound, name as `list-keys` shows it).
const CANONICAL: &[(&str, &str)] = &[
    ("a", "a"),
    ("A", "A"),
    ("C-a", "C-a"),
    ("C-A", "C-a"),
    ("c-a", "C-a"),
    ("^a", "C-a"),
    ("^A", "C-a"),
    ("^^", "C-^"),
    ("^", "^"),
    ("C-Space", "C-Space"),
    ("C-@", "C-Space"),
    ("C-[", "Escape"),
    ("C-\\", "C-\\"),
    ("C-]", "C-]"),
    ("C-^", "C-^"),
    ("C-_", "C-_"),
    ("C-?", "C-?"),
    ("\x7f", "C-?"),
    ("C-i", "Tab"),
    ("C-m", "Enter"),
    ("C-h", "C-h"),
    ("C-1", "C-1"),
    ("C-2", "C-2"),
    ("C-8", "C-8"),
    ("C-!", "C-!"),
    ("C-`", "C-`"),
    ("C-/", "C-/"),
    ("C--", "C--"),
    ("C-#", "C-#"),
    ("C-'", "C-'"),
    ("C-(", "C-("),
    ("C-<", "C-<"),
    ("C-Enter", "C-Enter"),
    ("C-Tab", "C-Tab"),
    ("C-Escape", "C-Escape"),
    ("C-BSpace", "C-BSpace"),
    ("C-BTab", "C-BTab"),
    ("S-a", "S-a"),
    ("S-C-a", "S-C-a"),
    ("S-Space", "S-Space"),
    ("S-Enter", "S-Enter"),
    ("S-Escape", "S-Escape"),
    ("M-a", "M-a"),
    ("M-A", "M-A"),
    ("M-Space", "M-Space"),
    ("M-Tab", "M-Tab"),
    ("M-BSpace", "M-BSpace"),
    ("C-M-a", "M-C-a"),
    ("M-C-a", "M-C-a"),
    ("m-c-a", "M-C-a"),
    ("^M-a", "M-C-a"),
    ("^C-a", "C-a"),
    ("c-S-m-x", "M-S-C-x"),
    ("C-M-@", "M-C-@"),
    ("M-C-[", "M-Escape"),
    ("C-M-^", "M-C-^"),
    ("C-S-M-Up", "C-M-S-Up"),
    ("S-M-C-Up", "C-M-S-Up"),
    ("C-S-Left", "C-S-Left"),
    ("M-Up", "M-Up"),
    ("C-M-Left", "C-M-Left"),
    ("S-F5", "S-F5"),
    ("F1", "F1"),
    ("f1", "F1"),
    ("F12", "F12"),
    ("up", "Up"),
    ("UP", "Up"),
    ("Home", "Home"),
    ("End", "End"),
    ("IC", "IC"),
    ("Insert", "IC"),
    ("DC", "DC"),
    ("Delete", "DC"),
    ("PPage", "PPage"),
    ("PageUp", "PPage"),
    ("PgUp", "PPage"),
    ("NPage", "NPage"),
    ("PageDown", "NPage"),
    ("PgDn", "NPage"),
    ("pgdn", "NPage"),
    ("BSpace", "BSpace"),
    ("BTab", "BTab"),
    ("Enter", "Enter"),
    ("Escape", "Escape"),
    ("Space", "Space"),
    ("Tab", "Tab"),
    ("KP/", "KP/"),
    ("KP*", "KP*"),
    ("KP-", "KP-"),
    ("KP+", "KP+"),
    ("KP.", "KP."),
    ("KP0", "KP0"),
    ("KP9", "KP9"),
    ("kp1", "KP1"),
    ("M-KP1", "M-KP1"),
    ("KPEnter", "KPEnter"),
    ("kpenter", "KPEnter"),
    ("MouseDown1Pane", "MouseDown1Pane"),
    ("mousedown1pane", "MouseDown1Pane"),
    ("WheelUpPane", "WheelUpPane"),
    ("wheelUPpane", "WheelUpPane"),
    ("WheelDownStatus", "WheelDownStatus"),
    ("MouseDrag1Border", "MouseDrag1Border"),
    ("MouseDragEnd3Pane", "MouseDragEnd3Pane"),
    ("DoubleClick1Pane", "DoubleClick1Pane"),
    ("TripleClick2StatusLeft", "TripleClick2StatusLeft"),
    ("SecondClick1Pane", "SecondClick1Pane"),
    ("MouseUp11StatusDefault", "MouseUp11StatusDefault"),
    ("M-MouseDown1Pane", "M-MouseDown1Pane"),
    ("C-WheelUpPane", "C-WheelUpPane"),
    ("S-WheelUpPane", "S-WheelUpPane"),
    ("C-M-S-MouseDrag1Pane", "C-M-S-MouseDrag1Pane"),
    ("Any", "Any"),
    ("any", "Any"),
    ("User0", "User0"),
    ("User999", "User999"),
    ("User5x", "User5"),
    ("User 5", "User5"),
    ("M-User3", "M-User3"),
    ("é", "é"),
    ("C-é", "C-é"),
    ("M-€", "M-€"),
    ("0x0", "C-Space"),
    ("0x-0", "C-Space"),
    ("0x1", "C-a"),
    ("0x9", "Tab"),
    ("0xd", "Enter"),
    ("0x1b", "Escape"),
    ("0x41", "A"),
    ("0x61", "a"),
    ("0x41zz", "A"),
    ("0x+41", "A"),
    ("0x 41", "A"),
    ("0xe9", "é"),
    ("0x20ac", "€"),
    ("-", "-"),
    ("M--", "M--"),
    ("C--", "C--"),
    ("#", "#"),
    ("~", "~"),
    ("\"", "\""),
    ("'", "'"),
    ("\\", "\\"),
    ("$", "$"),
    ("%", "%"),
];

/// Names `bind-key` refuses with "unknown key".
const UNKNOWN: &[&str] = &[
    "",
    "C-{",
    "C-~",
    "C-|",
    "C-\"",
    "C-$",
    "C-%",
    "C-&",
    "C-*",
    "C-}",
    "F13",
    "F0",
    "f01",
    "F01",
    "MouseMovePane",
    "FocusIn",
    "PasteStart",
    "Mouse",
    "C-None",
    "User1000",
    "user3",
    "€x",
    "ab",
    "0xzz",
    "0x",
    "0x110000",
    "0xd800",
    "0X41",
    "C-0x41",
    "M-0x41",
    "S-0x41",
    "--",
    "C-",
    "M-",
    "X-a",
    "\\177",
    "C-^A",
    "M-^[",
    "MouseDown4Pane",
    "MouseDown01Pane",
    "MouseDown12Pane",
    "MouseDown1",
];

#[test]
fn canonical_names_match_tmux() {
    for (name, want) in CANONICAL {
        let key = Key::parse(name).unwrap_or_else(|| panic!("{name:?} should parse"));
        assert_eq!(key.to_string(), *want, "{name:?}");
    }
}

#[test]
fn unknown_names_are_refused() {
    for name in UNKNOWN {
        assert_eq!(Key::parse(name), None, "{name:?}");
        assert!(name.parse::<Key>().is_err());
    }
    // `None` is a key (`set -g prefix None`) that `bind-key` refuses and `send-keys` types out.
    assert_eq!(Key::parse("none").map(|k| k.code), Some(KeyCode::NoKey));
    assert_eq!(Key::parse("None").unwrap().to_string(), "None");
}

#[test]
fn spellings_are_the_same_key() {
    let same = |a: &str, b: &str| assert_eq!(Key::parse(a), Key::parse(b), "{a} {b}");
    same("C-b", "^B");
    same("C-i", "Tab");
    same("C-m", "Enter");
    same("C-[", "Escape");
    same("PageUp", "PPage");
    same("C-M-S-Up", "S-C-M-Up");
    assert_eq!(Key::parse("C-b"), Some(Key::char('\x02')));
    assert_eq!(Key::ctrl('b'), Key::char('\x02'));
    assert_eq!(Key::ctrl('1'), Key::new(KeyCode::Char('1'), Mods::CTRL));
    assert_eq!(Key::parse("M-Up"), Some(Key::new(KeyCode::Up, Mods::META)));
    assert_eq!(Key::parse("x").unwrap().printable(), Some('x'));
    assert_eq!(Key::parse("C-x").unwrap().printable(), None);
}

/// Every named key, with every set of modifiers in every order, prints a name that parses back to
/// the same key.
#[test]
fn names_round_trip() {
    let mut bases: Vec<String> = [
        "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12", "IC", "Insert",
        "DC", "Delete", "Home", "End", "NPage", "PageDown", "PgDn", "PPage", "PageUp", "PgUp",
        "Tab", "BTab", "Space", "BSpace", "Enter", "Escape", "Up", "Down", "Left", "Right", "Any",
        "User0", "User42", "é", "€", "ß", "\u{80}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    bases.extend(
        Keypad::ALL
            .iter()
            .map(|kp| Key::new(KeyCode::Keypad(*kp), Mods::NONE).to_string()),
    );
    bases.extend(all_mouse_keys().map(|m| m.to_string()));
    bases.extend((b' '..=b'~').map(|c| char::from(c).to_string()));
    let orders: &[&[&str]] = &[
        &[],
        &["C-"],
        &["M-"],
        &["S-"],
        &["C-", "M-"],
        &["M-", "C-"],
        &["C-", "S-"],
        &["S-", "M-"],
        &["C-", "M-", "S-"],
        &["S-", "M-", "C-"],
        &["^"],
        &["^", "M-"],
    ];
    let mut checked = 0;
    for base in &bases {
        for order in orders {
            let name = format!("{}{base}", order.concat());
            let Some(key) = Key::parse(&name) else {
                // Only `Any` with modifiers and Ctrl on a character without a control character
                // (`C-{`) are refused.
                let ctrl = order.iter().any(|m| *m == "C-" || *m == "^");
                assert!(base == "Any" || (ctrl && base.len() == 1), "{name:?}");
                continue;
            };
            let printed = key.to_string();
            assert_eq!(
                Key::parse(&printed),
                Some(key),
                "{name:?} printed {printed:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 5000, "{checked}");
}

fn all_mouse_keys() -> impl Iterator<Item = MouseKey> {
    let locations = [
        MouseLocation::Pane,
        MouseLocation::Status,
        MouseLocation::StatusLeft,
        MouseLocation::StatusRight,
        MouseLocation::StatusDefault,
        MouseLocation::Border,
    ];
    let mut actions = vec![MouseAction::WheelUp, MouseAction::WheelDown];
    for b in [1, 2, 3, 6, 7, 8, 9, 10, 11] {
        actions.extend([
            MouseAction::Down(b),
            MouseAction::Up(b),
            MouseAction::Drag(b),
            MouseAction::DragEnd(b),
            MouseAction::SecondClick(b),
            MouseAction::DoubleClick(b),
            MouseAction::TripleClick(b),
        ]);
    }
    actions
        .into_iter()
        .flat_map(move |action| locations.map(|location| MouseKey { action, location }))
}

#[test]
fn every_control_character_has_a_name() {
    for c in (0u8..=0x7f).map(char::from) {
        let key = Key::char(c);
        let printed = key.to_string();
        assert_eq!(Key::parse(&printed), Some(key), "{c:?} printed {printed:?}");
    }
    assert_eq!(Key::char('\x1c').to_string(), "C-\\");
    assert_eq!(Key::char('\x1f').to_string(), "C-_");
}
