//! Behaviour tests of the public API.

use crate::{strip_sgr, CaptureOptions, Emulator, HistoryLine, LineBound};

fn plain(emu: &Emulator) -> String {
    emu.capture(&CaptureOptions::default())
}

fn capture(emu: &Emulator, start: Option<LineBound>, end: Option<LineBound>) -> String {
    emu.capture(&CaptureOptions {
        start,
        end,
        ..Default::default()
    })
}

fn history_texts(emu: &Emulator) -> Vec<String> {
    emu.history().map(|l| l.plain()).collect()
}

#[test]
fn plain_text_and_screen_capture() {
    let mut emu = Emulator::new(20, 4, 100);
    emu.advance(b"hello  \r\nworld");
    assert_eq!(plain(&emu), "hello\nworld\n\n\n");
    assert_eq!(emu.cursor(), (5, 1));
    assert_eq!(emu.size(), (20, 4));
    assert_eq!(emu.history_len(), 0);
    let screen = emu.screen_lines();
    assert_eq!(screen.len(), 4);
    assert_eq!(screen[0], HistoryLine::new("hello", false));
    assert_eq!(screen[3], HistoryLine::new("", false));
}

#[test]
fn lines_scroll_into_history() {
    let mut emu = Emulator::new(10, 3, 100);
    for i in 0..5 {
        emu.advance(format!("line{i}\r\n").as_bytes());
    }
    // Screen: line3, line4, empty (cursor).
    assert_eq!(history_texts(&emu), ["line0", "line1", "line2"]);
    assert_eq!(plain(&emu), "line3\nline4\n\n");
    assert!(emu.history().all(|l| !l.wrapped));
    assert!(emu.history_bytes() >= 15);
}

#[test]
fn history_cap_respected() {
    let mut emu = Emulator::new(10, 2, 5);
    for i in 0..50 {
        emu.advance(format!("l{i}\r\n").as_bytes());
    }
    assert_eq!(emu.history_len(), 5);
    assert_eq!(history_texts(&emu), ["l44", "l45", "l46", "l47", "l48"]);
    emu.set_history_limit(2);
    assert_eq!(history_texts(&emu), ["l47", "l48"]);
    emu.set_history_limit(0);
    emu.advance(b"x\r\ny\r\nz\r\n");
    assert_eq!(emu.history_len(), 0);
}

#[test]
fn capture_ranges() {
    let mut emu = Emulator::new(10, 2, 100);
    emu.advance(b"a\r\nb\r\nc\r\nd\r\ne");
    // History a b c, screen d e.
    use LineBound::*;
    assert_eq!(capture(&emu, Some(Edge), None), "a\nb\nc\nd\ne\n");
    assert_eq!(capture(&emu, Some(Line(-1)), None), "c\nd\ne\n");
    assert_eq!(capture(&emu, Some(Line(-2)), Some(Line(-1))), "b\nc\n");
    assert_eq!(
        capture(&emu, Some(Line(-100)), Some(Line(0))),
        "a\nb\nc\nd\n"
    );
    assert_eq!(capture(&emu, Some(Line(1)), Some(Edge)), "e\n");
    assert_eq!(capture(&emu, Some(Line(5)), Some(Line(50))), "e\n");
    assert_eq!(capture(&emu, Some(Line(1)), Some(Line(0))), "");
    assert_eq!(capture(&emu, None, Some(Line(-1))), "");
}

#[test]
fn join_wrapped_lines() {
    let mut emu = Emulator::new(10, 3, 100);
    // 25 characters wrap over three rows; "ab  " keeps its inner spaces when joined.
    emu.advance(b"0123456789abcdefghij01234\r\nend\r\nmore\r\n");
    let joined = emu.capture(&CaptureOptions {
        start: Some(LineBound::Edge),
        join: true,
        ..Default::default()
    });
    assert_eq!(joined, "0123456789abcdefghij01234\nend\nmore\n\n");
    let split = capture(&emu, Some(LineBound::Edge), None);
    assert_eq!(split, "0123456789\nabcdefghij\n01234\nend\nmore\n\n");
    let wrapped: Vec<bool> = emu.history().map(|l| l.wrapped).collect();
    assert_eq!(wrapped, [true, true, false]);

    // Spaces at a wrap point survive joining.
    let mut emu = Emulator::new(6, 3, 100);
    emu.advance(b"abcd  ef  \r\n");
    let opts = CaptureOptions {
        join: true,
        ..Default::default()
    };
    assert_eq!(emu.capture(&opts), "abcd  ef\n\n");
    assert_eq!(plain(&emu), "abcd\nef\n\n");
}

#[test]
fn colours_round_trip() {
    let mut emu = Emulator::new(40, 3, 100);
    let input = "\x1b[1;31mred\x1b[0m \x1b[38;5;208mo\x1b[48;2;1;2;3mx\x1b[0m \x1b[94;42mb\x1b[0m \
                 \x1b[3;4;7;9mi\x1b[0m";
    emu.advance(input.as_bytes());
    let esc = emu.capture(&CaptureOptions {
        escapes: true,
        end: Some(LineBound::Line(0)),
        ..Default::default()
    });
    assert_eq!(
        esc,
        "\x1b[1;31mred\x1b[0m \x1b[38;5;208mo\x1b[48;2;1;2;3mx\x1b[0m \x1b[94;42mb\x1b[0m \
         \x1b[3;4;7;9mi\x1b[0m\n"
    );
    assert_eq!(plain(&emu).lines().next(), Some("red ox b i"));

    // Feeding the encoded line to a fresh emulator gives the same encoding.
    let mut again = Emulator::new(40, 3, 100);
    again.advance(esc.trim_end().as_bytes());
    assert_eq!(again.screen_lines()[0], emu.screen_lines()[0]);

    // And it survives scrolling into history unchanged.
    emu.advance(b"\r\n\r\n\r\n");
    let first = emu.history().next().unwrap();
    assert_eq!(first.text, esc.trim_end());
    assert_eq!(strip_sgr(first.text), "red ox b i");
    let hist = emu.capture(&CaptureOptions {
        start: Some(LineBound::Edge),
        end: Some(LineBound::Line(-1)),
        escapes: true,
        ..Default::default()
    });
    assert_eq!(hist, esc);
}

#[test]
fn coloured_blanks_are_kept_and_plain_blanks_trimmed() {
    let mut emu = Emulator::new(10, 2, 10);
    emu.advance(b"a\x1b[41m  \x1b[0m   ");
    let line = &emu.screen_lines()[0];
    assert_eq!(line.text, "a\x1b[41m  \x1b[0m");
    assert_eq!(plain(&emu), "a\n\n");
}

#[test]
fn wide_and_combining_chars() {
    let mut emu = Emulator::new(10, 3, 100);
    emu.advance("日本語\r\ne\u{301}te\u{301}\r\n".as_bytes());
    assert_eq!(plain(&emu), "日本語\ne\u{301}te\u{301}\n\n");
    assert_eq!(emu.cursor(), (0, 2));

    // A wide char that does not fit at the end of a row goes to the next one, without the
    // leading spacer in the text.
    let mut emu = Emulator::new(5, 3, 100);
    emu.advance("abcd日x".as_bytes());
    assert_eq!(plain(&emu), "abcd\n日x\n\n");
    let joined = emu.capture(&CaptureOptions {
        join: true,
        ..Default::default()
    });
    assert_eq!(joined, "abcd日x\n\n");

    emu.advance(b"\r\n\r\n\r\n");
    assert_eq!(history_texts(&emu), ["abcd", "日x"]);
}

#[test]
fn one_huge_advance_loses_no_line() {
    let mut emu = Emulator::new(80, 24, 10_000);
    let mut input = String::new();
    for i in 0..5000 {
        input.push_str(&format!("{i}\r\n"));
    }
    emu.advance(input.as_bytes());
    // 5000 LFs from the top row: 4977 lines scrolled off.
    assert_eq!(emu.history_len(), 5000 - 23);
    let hist = history_texts(&emu);
    for (i, text) in hist.iter().enumerate() {
        assert_eq!(*text, i.to_string());
    }

    // Also with bare newlines, and with wrapping instead of newlines.
    let mut emu = Emulator::new(80, 24, 10_000);
    emu.advance(&[b'\n'; 5000]);
    assert_eq!(emu.history_len(), 5000 - 23);
    let mut emu = Emulator::new(10, 5, 10_000);
    emu.advance(&[b'x'; 30_000]);
    assert_eq!(emu.history_len(), 3000 - 5);
    assert!(emu.history().all(|l| l.wrapped && l.text == "xxxxxxxxxx"));

    // CSI S scrolls a whole screen per sequence.
    let mut emu = Emulator::new(10, 50, 100_000);
    emu.advance(b"top");
    emu.advance("\x1b[50S".repeat(100).as_bytes());
    assert_eq!(emu.history_len(), 50 * 100);
    assert_eq!(emu.history().next().unwrap().text, "top");
}

#[test]
fn alternate_screen_does_not_push_history() {
    let mut emu = Emulator::new(10, 3, 100);
    emu.advance(b"main\r\n");
    emu.advance(b"\x1b[?1049h");
    assert!(emu.alternate_screen());
    assert!(emu.modes().alt_screen);
    for i in 0..20 {
        emu.advance(format!("alt{i}\r\n").as_bytes());
    }
    assert_eq!(emu.history_len(), 0);
    emu.advance(b"\x1b[?1049l");
    assert!(!emu.alternate_screen());
    assert_eq!(emu.history_len(), 0);
    assert_eq!(plain(&emu), "main\n\n\n");
}

#[test]
fn replies_to_queries() {
    let mut emu = Emulator::new(10, 3, 100);
    emu.advance(b"\x1b[c");
    assert_eq!(emu.take_replies(), b"\x1b[?6c");
    assert!(emu.take_replies().is_empty());
    emu.advance(b"ab\x1b[6n");
    assert_eq!(emu.take_replies(), b"\x1b[1;3R");
    // Replies pile up to a bound when nobody collects them.
    emu.advance("\x1b[c".repeat(5000).as_bytes());
    assert_eq!(emu.take_replies().len(), 1024 * 5);
    emu.advance(b"\x1b]11;?\x07\x1b[18t");
    let reply = String::from_utf8(emu.take_replies()).unwrap();
    assert_eq!(reply, "\x1b]11;rgb:0000/0000/0000\x07\x1b[8;3;10t");
}

#[test]
fn title_and_bell() {
    let mut emu = Emulator::new(10, 3, 100);
    assert_eq!(emu.title(), None);
    emu.advance(b"\x1b]2;my title\x07");
    assert_eq!(emu.title(), Some("my title"));
    emu.advance(b"\x1b]0;other\x1b\\");
    assert_eq!(emu.title(), Some("other"));
    assert!(!emu.take_bell());
    emu.advance(b"\x07");
    assert!(emu.take_bell());
    assert!(!emu.take_bell());
}

#[test]
fn resize_keeps_content() {
    let mut emu = Emulator::new(20, 5, 100);
    emu.advance(b"one\r\ntwo\r\nthree\r\nfour");
    emu.resize(30, 8);
    assert_eq!(emu.size(), (30, 8));
    assert_eq!(plain(&emu), "one\ntwo\nthree\nfour\n\n\n\n\n");
    // Shrinking the height pushes the top lines into history.
    emu.resize(30, 2);
    assert_eq!(history_texts(&emu), ["one", "two"]);
    assert_eq!(plain(&emu), "three\nfour\n");
    // Narrowing reflows; nothing is lost.
    emu.resize(3, 2);
    let all = capture(&emu, Some(LineBound::Edge), None);
    let joined = emu.capture(&CaptureOptions {
        start: Some(LineBound::Edge),
        join: true,
        ..Default::default()
    });
    assert!(all.contains("thr\nee\n"), "{all:?}");
    assert_eq!(joined, "one\ntwo\nthree\nfour\n");
    assert_eq!(emu.size(), (3, 2));
    emu.resize(0, 0);
    assert_eq!(emu.size(), (2, 1));
}

#[test]
fn clear_history_sequence() {
    let mut emu = Emulator::new(10, 2, 100);
    emu.advance(b"a\r\nb\r\nc\r\nd");
    assert_eq!(emu.history_len(), 2);
    emu.advance(b"\x1b[H\x1b[2J\x1b[3J");
    assert_eq!(emu.history_len(), 0);
    assert_eq!(plain(&emu), "\n\n");
    // RIS keeps the history.
    emu.advance(b"x\r\ny\r\nz");
    assert_eq!(emu.history_len(), 1);
    emu.advance(b"\x1bc");
    assert_eq!(history_texts(&emu), ["x"]);
}

#[test]
fn push_history_restores_scrollback() {
    let mut emu = Emulator::new(10, 2, 3);
    emu.push_history((0..5).map(|i| HistoryLine::new(format!("\x1b[1mold{i}\x1b[0m"), false)));
    assert_eq!(history_texts(&emu), ["old2", "old3", "old4"]);
    emu.advance(b"new\r\n\r\n");
    assert_eq!(history_texts(&emu), ["old3", "old4", "new"]);
    let out = capture(&emu, Some(LineBound::Edge), Some(LineBound::Line(-1)));
    assert_eq!(out, "old3\nold4\nnew\n");
}

#[test]
fn history_line_is_serde() {
    // The persistence layer serializes history lines; the derives must exist.
    fn assert_serde<T: serde::Serialize + for<'de> serde::Deserialize<'de>>() {}
    assert_serde::<HistoryLine>();
}

/// Feed `rounds` chunks of pseudo-random bytes mixed with escape-sequence fragments, with
/// resizes and captures in between.
fn fuzz(rounds: usize, seed: u64) {
    // xorshift: deterministic pseudo-random input.
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pieces: &[&[u8]] = &[
        b"\x1b[",
        b"\x1b]",
        b"\x1bP",
        b"\x1b\\",
        b";",
        b"999999",
        b"m",
        b"S",
        b"J",
        b"L",
        b"M",
        b"@",
        b"\x1b[?1049h",
        b"\x1b[?1049l",
        b"\x1b[?47h",
        b"\x1b[?2026h",
        b"\x1b[?7l",
        b"\x1b[?7h",
        b"\x1b[4h",
        b"\x1b[?6h",
        b"\x1b#8",
        b"\x1b]52;c;?\x07",
        b"\x1b]4;1;?\x07",
        b"\x1b[38;2;1;2;3m",
        b"\x1b[48;5;200m",
        "日本".as_bytes(),
        "e\u{301}".as_bytes(),
        "\u{200d}".as_bytes(),
        b"\r\n",
        b"\n\n\n\n",
        b"\x1b[3J",
        b"\x1b[2J",
        b"\x1bc",
        b"\x1b[5;1r",
        b"\x1b[2;3r",
        b"\x1b[r",
        b"\x1bD",
        b"\x1bE",
        b"\x1bM",
        b"\t",
        b"\x08",
    ];
    let mut emu = Emulator::new(7, 4, 50);
    for round in 0..rounds {
        let mut buf = Vec::new();
        for _ in 0..(next() % 64) {
            let r = next();
            if r % 3 == 0 {
                buf.extend_from_slice(pieces[(r >> 8) as usize % pieces.len()]);
            } else {
                buf.push((r >> 16) as u8);
            }
        }
        emu.advance(&buf);
        if round % 97 == 0 {
            let (c, r) = ((next() % 12) as u16, (next() % 9) as u16);
            emu.resize(c, r);
        }
        if round % 1013 == 0 {
            emu.compact();
        }
        let _ = emu.take_replies();
        let _ = emu.screen_lines();
        let _ = emu.capture(&CaptureOptions {
            start: Some(LineBound::Edge),
            escapes: round % 2 == 0,
            join: round % 3 == 0,
            ..Default::default()
        });
        let _ = emu.cursor();
        assert!(emu.history_len() <= 50);
    }
}

#[test]
fn arbitrary_bytes_do_not_panic() {
    fuzz(3000, 0x2545_f491_4f6c_dd1d);
}

/// Longer run: `CCMUX_FUZZ_ROUNDS=1000000 cargo test -p ccmux-term --release -- --ignored`.
#[test]
#[ignore]
fn arbitrary_bytes_long() {
    let rounds = std::env::var("CCMUX_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200_000);
    for seed in 1..=4 {
        fuzz(
            rounds / 4,
            (seed as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
    }
}

#[test]
fn emulator_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Emulator>();
}

#[test]
fn compact_keeps_content() {
    let mut emu = Emulator::new(20, 3, 100);
    emu.advance(b"a\r\nb\r\nc\r\nd");
    emu.compact();
    assert_eq!(history_texts(&emu), ["a"]);
    assert_eq!(plain(&emu), "b\nc\nd\n");
    emu.advance(b"\r\ne");
    assert_eq!(history_texts(&emu), ["a", "b"]);
}

#[test]
fn tall_screen_scrolls_lose_nothing() {
    let mut emu = Emulator::new(10, 1200, 100_000);
    emu.advance(b"x");
    emu.advance("\x1b[1200S".repeat(3).as_bytes());
    assert_eq!(emu.history_len(), 3600);
    assert_eq!(emu.history().next().unwrap().text, "x");
}

#[test]
fn resize_on_alternate_screen() {
    let mut emu = Emulator::new(10, 4, 100);
    emu.advance(b"1\r\n2\r\n3\r\n4");
    emu.advance(b"\x1b[?1049h");
    emu.resize(10, 2);
    emu.resize(4, 3);
    emu.advance(b"alt");
    emu.advance(b"\x1b[?1049l");
    emu.advance(b"");
    let all = capture(&emu, Some(LineBound::Edge), None);
    assert!(all.starts_with("1\n2\n"), "{all:?}");
    assert!(all.contains("4\n"), "{all:?}");
    assert!(!all.contains("alt"), "{all:?}");
    assert_eq!(emu.size(), (4, 3));
}

#[test]
fn tabs_erase_and_background_colour_erase() {
    let mut emu = Emulator::new(20, 3, 10);
    emu.advance(b"a\tb\r\n");
    assert_eq!(plain(&emu).lines().next(), Some("a       b"));
    // Erase to end of line with a background colour set: the blanks keep the colour.
    emu.advance(b"\x1b[44mx\x1b[K\x1b[0m\r\n");
    let line = &emu.screen_lines()[1];
    assert_eq!(line.text, format!("\x1b[44mx{}\x1b[0m", " ".repeat(19)));
    assert_eq!(plain(&emu).lines().nth(1), Some("x"));
    // Written then erased text is trimmed.
    emu.advance(b"gone\r\x1b[K");
    assert_eq!(emu.screen_lines()[2].text, "");
}

#[test]
fn wrapped_screen_lines_keep_spaces_for_joining() {
    let mut emu = Emulator::new(4, 3, 10);
    emu.advance(b"ab  cd");
    let lines = emu.screen_lines();
    assert_eq!(lines[0], HistoryLine::new("ab  ", true));
    assert_eq!(lines[1], HistoryLine::new("cd", false));
    let esc = emu.capture(&CaptureOptions {
        escapes: true,
        join: true,
        ..Default::default()
    });
    assert_eq!(esc, "ab  cd\n\n");
}

#[test]
fn history_lines_keep_far_content_and_drop_erased_tails() {
    let mut emu = Emulator::new(200, 2, 10);
    // Text far to the right after a gap, a long line cut short by EL, a coloured erase.
    emu.advance(b"a\x1b[150Gb\r\n");
    emu.advance(format!("{}\r\x1b[5C\x1b[K\r\n", "x".repeat(120)).as_bytes());
    emu.advance(b"\x1b[41m\x1b[K\x1b[0m\r\n\r\n");
    let lines: Vec<&str> = emu.history().map(|l| l.text).collect();
    assert_eq!(lines[0], format!("a{}b", " ".repeat(148)));
    assert_eq!(lines[1], "xxxxx");
    assert_eq!(lines[2], format!("\x1b[41m{}\x1b[0m", " ".repeat(200)));
    assert_eq!(lines.len(), 3);
}
