//! Decoding a terminal's input (tty-keys.c).

use crate::keys::{decode, Event, Key, KeyCode, KeyEvent, Mods, Mouse};

/// The events of complete input, keys by name.
fn names(input: &[u8]) -> Vec<String> {
    let (events, used) = decode(input, true);
    assert_eq!(used, input.len(), "{input:?}");
    events
        .into_iter()
        .map(|e| match e {
            Event::Key(k) => k.key.to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn raw_input_parses_to_keys() {
    assert_eq!(names(b"\x02c"), ["C-b", "c"]);
    assert_eq!(names(b"\x1b[A\x1bOB\x1b[1;5D"), ["Up", "Down", "C-Left"]);
    assert_eq!(
        names(b"\x1b[5~\x1b[6~\r\x7f"),
        ["PPage", "NPage", "Enter", "BSpace"]
    );
    assert_eq!(names(b"\x1bx\x1b"), ["M-x", "Escape"]);
    assert_eq!(names("é%".as_bytes()), ["é", "%"]);
    assert_eq!(
        decode(b"\x1b[<64;3;4M", false).0,
        [Event::Mouse(Mouse {
            button: 64,
            x: 2,
            y: 3,
            release: false
        })]
    );
    assert_eq!(decode(b"\x1b[I", false).0, [Event::Focus(true)]);
    assert_eq!(decode(b"\x1b[O", false).0, [Event::Focus(false)]);
}

#[test]
fn keys_by_sequence() {
    let table: &[(&[u8], &str)] = &[
        (b"\t", "Tab"),
        (b"\n", "C-j"),
        (b"\x00", "C-Space"),
        (b"\x08", "C-h"),
        (b"\x1c", "C-\\"),
        (b"\x1f", "C-_"),
        (b"\x1b[Z", "BTab"),
        (b"\x1b[H", "Home"),
        (b"\x1b[F", "End"),
        (b"\x1bOH", "Home"),
        (b"\x1b[1~", "Home"),
        (b"\x1b[4~", "End"),
        (b"\x1b[7~", "Home"),
        (b"\x1b[2~", "IC"),
        (b"\x1b[3;5~", "C-DC"),
        (b"\x1b[5;3~", "M-PPage"),
        (b"\x1bOP", "F1"),
        (b"\x1bOS", "F4"),
        (b"\x1b[1;2P", "S-F1"),
        (b"\x1bO5Q", "C-F2"),
        (b"\x1bO1;3R", "M-F3"),
        (b"\x1b[11~", "F1"),
        (b"\x1b[15~", "F5"),
        (b"\x1b[24;8~", "C-M-S-F12"),
        (b"\x1b[1;9A", "M-Up"),
        (b"\x1b[1;6C", "C-S-Right"),
        (b"\x1b[11^", "C-F1"),
        (b"\x1b[5$", "S-PPage"),
        (b"\x1b[3@", "C-S-DC"),
        (b"\x1b[a", "S-Up"),
        (b"\x1bOd", "C-Left"),
        (b"\x1bOq", "KP1"),
        (b"\x1bOM", "KPEnter"),
        (b"\x1bOo", "KP/"),
        (b"\x1bO[", "Escape"),
        (b"\x1b\x1b[A", "M-Up"),
        (b"\x1b\x1bOA", "M-Up"),
        (b"\x1b\x1b[5~", "M-PPage"),
        (b"\x1b\x1b", "M-Escape"),
        (b"\x1b\x01", "M-C-a"),
        (b"\x1b\x7f", "M-BSpace"),
        (b"\x1b\r", "M-Enter"),
        ("\x1bé".as_bytes(), "M-é"),
        (b"\x1b[97;5u", "C-a"),
        (b"\x1b[97;3u", "M-a"),
        (b"\x1b[65;5u", "C-a"),
        (b"\x1b[49;5u", "C-1"),
        (b"\x1b[13;5u", "C-Enter"),
        (b"\x1b[127;3u", "M-BSpace"),
        (b"\x1b[27;5;105~", "Tab"),
        (b"\x1b[27;2;97~", "S-a"),
        (b"\x1b[8364;1u", "€"),
    ];
    for (input, want) in table {
        assert_eq!(names(input), [*want], "{input:?}");
    }
}

#[test]
fn escape_combinations_follow_tmux() {
    // Escape before an xterm Meta key is Escape, then the key.
    assert_eq!(names(b"\x1b\x1b[1;3D"), ["Escape", "M-Left"]);
    // With no more input, `\e[` is M-[ and what follows is typed keys.
    assert_eq!(names(b"\x1b["), ["M-["]);
    assert_eq!(names(b"\x1b[1;5"), ["M-[", "1", ";", "5"]);
    assert_eq!(names(b"\x1bO"), ["M-O"]);
    assert_eq!(names(b"\x1b\x1b\x1bx"), ["M-Escape", "M-x"]);
    // Escape then a mouse event or a paste: Escape on its own.
    assert_eq!(
        decode(b"\x1b\x1b[<0;1;1M", true).0[1],
        Event::Mouse(Mouse {
            button: 0,
            x: 0,
            y: 0,
            release: false
        })
    );
    assert_eq!(
        names(b"\x1b\x1b[200~hi\x1b[201~"),
        ["Escape", "Paste([104, 105])"]
    );
    // Meta from an Escape is remembered for the pane; xterm Meta is not.
    let meta_escape = |input: &[u8]| match &decode(input, true).0[..] {
        [Event::Key(k)] => k.meta_escape,
        other => panic!("{other:?}"),
    };
    assert!(meta_escape(b"\x1b\x1b[A"));
    assert!(!meta_escape(b"\x1b[1;3A"));
    assert!(!meta_escape(b"\x1b\x1b[H"));
}

#[test]
fn partial_sequences_wait() {
    for partial in [
        &b"\x1b"[..],
        b"\x1b[",
        b"\x1b[1",
        b"\x1b[1;",
        b"\x1b[1;5",
        b"\x1bO",
        b"\x1bO1;",
        b"\x1b[<0;1",
        b"\x1b[<0;1;1",
        b"\x1b[M ",
        b"\x1b[20",
        b"\x1b[200~abc",
        b"\x1b[200~abc\x1b[201",
        b"\xc3",
        b"\xe2\x82",
        b"\x1b\xc3",
        b"\x1b\x1b",
        b"\x1b\x1b[",
    ] {
        let (events, used) = decode(partial, false);
        assert!(events.is_empty(), "{partial:?}: {events:?}");
        assert_eq!(used, 0, "{partial:?}");
    }
    // Complete events before a partial one are returned.
    let (events, used) = decode(b"ab\x1b[1;", false);
    assert_eq!(events.len(), 2);
    assert_eq!(used, 2);
    // An unfinished paste waits even when input has stopped.
    assert_eq!(
        decode(b"x\x1b[200~ab", true),
        (vec![key_event('x', b"x")], 1)
    );
}

#[test]
fn sequences_may_span_reads() {
    let mut pending = Vec::new();
    let mut events = Vec::new();
    for chunk in [
        &b"\x1b[200~ab"[..],
        b"c\x1b[201~x\x1b",
        b"[1;",
        b"5A\xe2\x82",
        b"\xac",
    ] {
        pending.extend_from_slice(chunk);
        let (got, used) = decode(&pending, false);
        pending.drain(..used);
        events.extend(got);
    }
    assert!(pending.is_empty());
    assert_eq!(
        events,
        [
            Event::Paste(b"abc".to_vec()),
            key_event('x', b"x"),
            Event::Key(KeyEvent::new(
                Key::new(KeyCode::Up, Mods::CTRL),
                b"\x1b[1;5A"
            )),
            key_event('€', "€".as_bytes()),
        ]
    );
}

fn key_event(c: char, raw: &[u8]) -> Event {
    Event::Key(KeyEvent::new(Key::char(c), raw))
}

#[test]
fn mouse_sequences() {
    let mouse = |input: &[u8]| decode(input, false).0;
    let m = |button, x, y, release| {
        vec![Event::Mouse(Mouse {
            button,
            x,
            y,
            release,
        })]
    };
    assert_eq!(mouse(b"\x1b[<0;10;5M"), m(0, 9, 4, false));
    assert_eq!(mouse(b"\x1b[<0;10;5m"), m(0, 9, 4, true));
    assert_eq!(mouse(b"\x1b[<32;1;1M"), m(32, 0, 0, false));
    // A wheel release is dropped.
    assert_eq!(mouse(b"\x1b[<65;1;1m"), vec![]);
    // Huge coordinates saturate.
    assert_eq!(
        mouse(b"\x1b[<0;99999999999;70000M"),
        m(0, u16::MAX, 65535, false)
    );
    // X10: button + 32, column + 33, row + 33.
    assert_eq!(mouse(b"\x1b[M !!"), m(0, 0, 0, false));
    assert_eq!(mouse(b"\x1b[M#\x2a\x25"), m(3, 9, 4, true));
    assert_eq!(mouse(b"\x1b[M`!!"), m(64, 0, 0, false));
    // Zero coordinates are not mouse events.
    assert_eq!(names(b"\x1b[<0;0;1M")[0], "M-[");
}

#[test]
fn garbage_passes_through() {
    assert_eq!(
        decode(b"\x1b[99z", false).0,
        [Event::Other(b"\x1b[99z".to_vec())]
    );
    assert_eq!(
        decode(b"\x1bOz", false).0,
        [Event::Other(b"\x1bOz".to_vec())]
    );
    assert_eq!(decode(b"\xff", false).0, [Event::Other(b"\xff".to_vec())]);
    assert_eq!(decode(b"\x80a", false).0[0], Event::Other(b"\x80".to_vec()));
    // An invalid UTF-8 sequence is one byte of garbage; what follows is read again.
    assert_eq!(names(b"\xc3A"), ["Other([195])", "A"]);
    assert_eq!(names(b"\xe2\x82"), ["Other([226])", "Other([130])"]);
    assert_eq!(names(b"\x1b\xff"), ["Other([27, 255])"]);
    // A stray paste end is dropped.
    assert_eq!(names(b"\x1b[201~a"), ["a"]);
}
