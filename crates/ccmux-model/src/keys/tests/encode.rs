//! Encoding, checked against what tmux 3.3a wrote into a pane running `stty raw; cat > file` for
//! `send-keys -t pane NAME` (then `send-keys -H ff` as a separator), in a pane in normal mode and in
//! one after `printf '\e[?1h\e='` (application cursor keys and keypad).

use crate::keys::{send_keys, send_keys_arg, Key, KeyCode, KeyEvent, Mods, PaneModes, SendMode};

const NORMAL: PaneModes = PaneModes {
    app_cursor: false,
    app_keypad: false,
};
const APP: PaneModes = PaneModes {
    app_cursor: true,
    app_keypad: true,
};

/// (argument, bytes in normal mode, bytes in application mode if different).
type Case = (&'static str, &'static [u8], Option<&'static [u8]>);

#[rustfmt::skip]
const TMUX: &[Case] = &[
    ("a", b"a", None),
    ("A", b"A", None),
    ("C-a", b"\x01", None),
    ("C-A", b"\x01", None),
    ("^a", b"\x01", None),
    ("C-z", b"\x1a", None),
    ("C-Space", b"\x00", None),
    ("C-@", b"\x00", None),
    ("C-[", b"\x1b", None),
    ("C-\\", b"\x1c", None),
    ("C-]", b"\x1d", None),
    ("C-^", b"\x1e", None),
    ("C-_", b"\x1f", None),
    ("C-?", b"\x7f", None),
    ("C-i", b"\x09", None),
    ("C-h", b"\x08", None),
    ("C-1", b"", None),
    ("C-2", b"\x00", None),
    ("C-3", b"", None),
    ("C-6", b"\x1e", None),
    ("C-8", b"", None),
    ("C-/", b"\x1f", None),
    ("C--", b"\x1f", None),
    ("C-!", b"", None),
    ("C-`", b"", None),
    ("C-Enter", b"", None),
    ("C-Tab", b"", None),
    ("C-Escape", b"", None),
    ("C-BSpace", b"", None),
    ("S-a", b"S-a", None),
    ("S-A", b"S-A", None),
    ("S-Tab", b"S-Tab", None),
    ("S-Enter", b"S-Enter", None),
    ("S-Space", b"S-Space", None),
    ("M-a", b"\x1ba", None),
    ("M-A", b"\x1bA", None),
    ("M-Space", b"\x1b ", None),
    ("M-Enter", b"\x1b\x0d", None),
    ("M-Escape", b"\x1b\x1b", None),
    ("M-Tab", b"\x1b\x09", None),
    ("M-BSpace", b"\x1b\x7f", None),
    ("M-BTab", b"\x1b\x1b[Z", None),
    ("S-BTab", b"S-BTab", None),
    ("C-BTab", b"", None),
    ("C-M-a", b"\x1b\x01", None),
    ("M-C-a", b"\x1b\x01", None),
    ("C-S-a", b"C-S-a", None),
    ("Enter", b"\x0d", None),
    ("Tab", b"\x09", None),
    ("BTab", b"\x1b[Z", None),
    ("Escape", b"\x1b", None),
    ("Space", b" ", None),
    ("BSpace", b"\x7f", None),
    ("Up", b"\x1b[A", Some(b"\x1bOA")),
    ("Down", b"\x1b[B", Some(b"\x1bOB")),
    ("Left", b"\x1b[D", Some(b"\x1bOD")),
    ("Right", b"\x1b[C", Some(b"\x1bOC")),
    ("Home", b"\x1b[1~", None),
    ("End", b"\x1b[4~", None),
    ("IC", b"\x1b[2~", None),
    ("DC", b"\x1b[3~", None),
    ("PPage", b"\x1b[5~", None),
    ("NPage", b"\x1b[6~", None),
    ("F1", b"\x1bOP", None),
    ("F2", b"\x1bOQ", None),
    ("F3", b"\x1bOR", None),
    ("F4", b"\x1bOS", None),
    ("F5", b"\x1b[15~", None),
    ("F6", b"\x1b[17~", None),
    ("F7", b"\x1b[18~", None),
    ("F8", b"\x1b[19~", None),
    ("F9", b"\x1b[20~", None),
    ("F10", b"\x1b[21~", None),
    ("F11", b"\x1b[23~", None),
    ("F12", b"\x1b[24~", None),
    ("S-Up", b"\x1b[1;2A", None),
    ("M-Up", b"\x1b[1;3A", None),
    ("C-Up", b"\x1b[1;5A", None),
    ("C-S-Up", b"\x1b[1;6A", None),
    ("C-M-Up", b"\x1b[1;7A", None),
    ("S-M-Up", b"\x1b[1;4A", None),
    ("C-S-M-Up", b"\x1b[1;8A", None),
    ("C-Down", b"\x1b[1;5B", None),
    ("C-Left", b"\x1b[1;5D", None),
    ("C-Right", b"\x1b[1;5C", None),
    ("S-Home", b"\x1b[1;2H", None),
    ("M-Home", b"\x1b[1;3H", None),
    ("C-Home", b"\x1b[1;5H", None),
    ("C-End", b"\x1b[1;5F", None),
    ("C-IC", b"\x1b[2;5~", None),
    ("C-DC", b"\x1b[3;5~", None),
    ("M-DC", b"\x1b[3;3~", None),
    ("C-PPage", b"\x1b[5;5~", None),
    ("S-NPage", b"\x1b[6;2~", None),
    ("S-F1", b"\x1b[1;2P", None),
    ("C-F1", b"\x1b[1;5P", None),
    ("M-F1", b"\x1b[1;3P", None),
    ("C-M-F4", b"\x1b[1;7S", None),
    ("S-F5", b"\x1b[15;2~", None),
    ("C-F5", b"\x1b[15;5~", None),
    ("M-F5", b"\x1b[15;3~", None),
    ("C-F12", b"\x1b[24;5~", None),
    ("KP0", b"0", Some(b"\x1bOp")),
    ("KP1", b"1", Some(b"\x1bOq")),
    ("KP2", b"2", Some(b"\x1bOr")),
    ("KP3", b"3", Some(b"\x1bOs")),
    ("KP4", b"4", Some(b"\x1bOt")),
    ("KP5", b"5", Some(b"\x1bOu")),
    ("KP6", b"6", Some(b"\x1bOv")),
    ("KP7", b"7", Some(b"\x1bOw")),
    ("KP8", b"8", Some(b"\x1bOx")),
    ("KP9", b"9", Some(b"\x1bOy")),
    ("KP/", b"/", Some(b"\x1bOo")),
    ("KP*", b"*", Some(b"\x1bOj")),
    ("KP-", b"-", Some(b"\x1bOm")),
    ("KP+", b"+", Some(b"\x1bOk")),
    ("KP.", b".", Some(b"\x1bOn")),
    ("KPEnter", b"\x0a", Some(b"\x1bOM")),
    ("C-KP1", b"", None),
    ("M-KP1", b"\x1b1", Some(b"\x1b\x1bOq")),
    ("S-KP1", b"S-KP1", None),
    ("M-KPEnter", b"\x1b\x0a", Some(b"\x1b\x1bOM")),
    ("é", b"\xc3\xa9", None),
    ("€", b"\xe2\x82\xac", None),
    ("C-é", b"\xc3\xa9", None),
    ("M-é", b"\x1b\xc3\xa9", None),
    ("S-é", b"\xc3\xa9", None),
    ("0x41", b"A", None),
    ("0x1", b"\x01", None),
    ("0x7f", b"\x7f", None),
    ("0xe9", b"\xc3\xa9", None),
    ("Any", b"Any", None),
    ("None", b"None", None),
    ("User0", b"", None),
    ("MouseDown1Pane", b"MouseDown1Pane", None),
    ("WheelUpPane", b"WheelUpPane", None),
    ("hello", b"hello", None),
    ("C-", b"C-", None),
    ("M-", b"M-", None),
    ("ab", b"ab", None),
    ("€x", b"\xe2\x82\xacx", None),
    ("-", b"-", None),
    ("--", b"--", None),
];

#[test]
fn send_keys_matches_tmux() {
    for (arg, normal, app) in TMUX {
        let got = send_keys_arg(arg, SendMode::Keys, NORMAL);
        assert_eq!(
            got,
            *normal,
            "{arg:?} normal: {:?}",
            String::from_utf8_lossy(&got)
        );
        let got = send_keys_arg(arg, SendMode::Keys, APP);
        assert_eq!(
            got,
            app.unwrap_or(normal),
            "{arg:?} app: {:?}",
            String::from_utf8_lossy(&got)
        );
    }
}

#[test]
fn cursor_and_keypad_modes_are_separate() {
    let cursor_only = PaneModes {
        app_cursor: true,
        app_keypad: false,
    };
    assert_eq!(send_keys_arg("Up", SendMode::Keys, cursor_only), b"\x1bOA");
    assert_eq!(send_keys_arg("KP1", SendMode::Keys, cursor_only), b"1");
    let keypad_only = PaneModes {
        app_cursor: false,
        app_keypad: true,
    };
    assert_eq!(send_keys_arg("Up", SendMode::Keys, keypad_only), b"\x1b[A");
    assert_eq!(send_keys_arg("KP1", SendMode::Keys, keypad_only), b"\x1bOq");
}

#[test]
fn literal_hex_and_repeat() {
    assert_eq!(send_keys_arg("Enter", SendMode::Literal, NORMAL), b"Enter");
    assert_eq!(send_keys_arg("C-c", SendMode::Literal, NORMAL), b"C-c");
    // -H: strtol(s, 16) of one byte, the whole argument.
    for (arg, want) in [
        ("41", &b"A"[..]),
        ("0x41", b"A"),
        ("ff", b"\xff"),
        ("0", b"\0"),
        (" 1b", b"\x1b"),
        ("100", b""),
        ("-1", b""),
        ("", b""),
        ("41 ", b""),
        ("zz", b""),
        ("0x", b""),
        ("€", b""),
    ] {
        assert_eq!(
            send_keys_arg(arg, SendMode::Hex, NORMAL),
            want,
            "-H {arg:?}"
        );
    }
    assert_eq!(
        send_keys(&["a", "Enter"], SendMode::Keys, 3, NORMAL),
        b"a\ra\ra\r"
    );
    assert_eq!(send_keys(&["C-Up"], SendMode::Keys, 1, APP), b"\x1b[1;5A");
    assert!(send_keys(&["x"], SendMode::Keys, 0, NORMAL).is_empty());
    assert!(
        send_keys(&["x"], SendMode::Keys, u32::MAX, NORMAL).len() <= super::super::encode::MAX_SEND
    );
}

#[test]
fn encode_tells_missing_from_empty() {
    let enc = |n: &str| Key::parse(n).unwrap().encode(NORMAL);
    assert_eq!(enc("S-a"), None);
    assert_eq!(enc("Any"), None);
    assert_eq!(enc("None"), None);
    assert_eq!(enc("MouseDown1Pane"), None);
    assert_eq!(enc("C-1"), Some(vec![]));
    assert_eq!(enc("C-Enter"), Some(vec![]));
    assert_eq!(enc("M-Up"), Some(b"\x1b[1;3A".to_vec()));
}

#[test]
fn typed_keys_keep_escape_meta() {
    let up_meta = Key::new(KeyCode::Up, Mods::META);
    // `\e\e[A`: Escape, then Up, in the pane's cursor mode.
    let typed = KeyEvent {
        key: up_meta,
        raw: b"\x1b\x1b[A".to_vec(),
        meta_escape: true,
    };
    assert_eq!(typed.encode(NORMAL), b"\x1b\x1b[A");
    assert_eq!(typed.encode(APP), b"\x1b\x1bOA");
    // `\e[1;3A`: the xterm M-Up.
    let xterm = KeyEvent::new(up_meta, b"\x1b[1;3A");
    assert_eq!(xterm.encode(APP), b"\x1b[1;3A");
    // A key tmux has no sequence for passes through as typed.
    let shift_a = KeyEvent::new(Key::new(KeyCode::Char('a'), Mods::SHIFT), b"\x1b[97;2u");
    assert_eq!(shift_a.encode(NORMAL), b"\x1b[97;2u");
    // Home typed as xterm's `\e[H` reaches the pane as tmux sends Home.
    assert_eq!(
        KeyEvent::new(Key::new(KeyCode::Home, Mods::NONE), b"\x1b[H").encode(NORMAL),
        b"\x1b[1~"
    );
}

/// The cases of the binary's former `keys.rs` and `attach/keys.rs`, unchanged.
#[test]
fn former_binary_cases_hold() {
    let keys = |n: &str, m| send_keys_arg(n, SendMode::Keys, m);
    assert_eq!(keys("Enter", NORMAL), b"\r");
    assert_eq!(keys("C-c", NORMAL), [3]);
    assert_eq!(keys("C-A", NORMAL), [1]);
    assert_eq!(keys("C-z", NORMAL), [26]);
    assert_eq!(keys("C-b", NORMAL), [2]);
    assert_eq!(keys("M-x", NORMAL), b"\x1bx");
    assert_eq!(keys("M-Enter", NORMAL), b"\x1b\r");
    assert_eq!(keys("Up", NORMAL), b"\x1b[A");
    assert_eq!(keys("Up", APP), b"\x1bOA");
    assert_eq!(keys("C-Up", APP), b"\x1b[1;5A");
    assert_eq!(keys("F5", NORMAL), b"\x1b[15~");
    assert_eq!(keys("F12", NORMAL), b"\x1b[24~");
    assert_eq!(keys("BSpace", NORMAL), [0x7f]);
    assert_eq!(keys("hello", NORMAL), b"hello");
    assert_eq!(keys("C-", NORMAL), b"C-");
}
