//! Snapshots: an emulator saved with `state`, encoded, decoded and rebuilt with `from_state` is
//! indistinguishable from the original, now and after any further output.

use crate::{
    decode_state, encode_state, state_size, CaptureOptions, Emulator, LineBound, StateError,
};

/// Everything observable about an emulator.
pub(crate) fn observe(emu: &Emulator) -> String {
    let all = emu.capture(&CaptureOptions {
        start: Some(LineBound::Edge),
        escapes: true,
        ..Default::default()
    });
    let mut rows = Vec::new();
    for row in 0..emu.size().1 {
        emu.render_row(row, &mut rows);
    }
    format!(
        "{all}\ncursor {:?} {:?}\nmodes {:?}\nalt {}\ntitle {:?}\nsize {:?}\ncells {rows:?}",
        emu.cursor(),
        emu.render_cursor(),
        emu.modes(),
        emu.alternate_screen(),
        emu.title(),
        emu.size(),
    )
}

fn assert_same(a: &Emulator, b: &Emulator) {
    assert_eq!(observe(a), observe(b));
    assert_eq!(a.state(), b.state());
    assert_eq!(
        a.history().collect::<Vec<_>>(),
        b.history().collect::<Vec<_>>()
    );
}

/// Save, encode, decode and rebuild `emu` (with its history), checking each step.
fn restore(emu: &Emulator) -> Emulator {
    let state = emu.state();
    let bytes = encode_state(&state);
    let decoded = decode_state(&bytes).expect("decode");
    assert_eq!(decoded, state);
    let mut restored = Emulator::from_state(&decoded, emu.history_limit()).expect("restore");
    restored.push_history(emu.history().map(|l| l.to_owned()));
    assert_eq!(restored.state(), state);
    assert_same(emu, &restored);
    restored
}

/// Feed the same bytes to both, which must stay identical (replies included).
pub(crate) fn feed(a: &mut Emulator, b: &mut Emulator, bytes: &[u8]) {
    a.advance(bytes);
    b.advance(bytes);
    assert_eq!(
        observe(a),
        observe(b),
        "after {:?}",
        String::from_utf8_lossy(bytes)
    );
    assert_eq!(a.take_replies(), b.take_replies(), "after {bytes:?}");
    assert_eq!(a.take_bell(), b.take_bell());
    assert_same(a, b);
}

/// Output exercising every mode and piece of state, ending on the alternate screen.
const EVERY_MODE: &str = concat!(
    "\x1b]2;first\x07\x1b[22t\x1b]2;second\x07",
    "\x1b]4;1;rgb:12/34/56\x07\x1b]10;rgb:aa/bb/cc\x07\x1b]11;#102030\x07\x1b]12;rgb:ff/00/00\x07",
    "\x1b[?1h\x1b=\x1b[?2004h\x1b[?1002h\x1b[?1006h\x1b[?1004h\x1b[20h\x1b[?1007l\x1b[5 q",
    "\x1b[3g\x1b[5G\x1bH\x1b[13G\x1bH\x1b[1G",
    "plain \x1b[1;4:3;38;2;10;20;30;48;5;200;58;5;9mfancy\x1b[0m \x1b]8;id=x;http://a/\x07link\x1b]8;;\x07\r\n",
    "\x1b)0\x0elqqk\x0f\x1b(0x\x1b(B\r\n",
    "\x1b[3;8r\x1b[?6h\x1b[2;3H\x1b[7mSAVED\x1b7\x1b[27m",
    "\x1b[?7l\x1b[4h\x1b[1;31m",
    "\x1b[?1049h\x1b[2;2Halt screen\x1b[4;4H\x1b7\x1b[1;1Hx\x1b[3b",
);

/// What follows a restore: every feature used again.
const AFTERWARDS: &[&str] = &[
    "\x1b8after restore",
    "\ttab\ttab\x0elqk\x0fascii",
    "\x1b[10;1H\n\n\n\n\n\n\n\nscrolled in region\x1bM\x1bM",
    "a very long line that does not wrap because autowrap is off .......",
    "\x1b[?7h then it does wrap at the end of the line for sure ...........",
    "\x1b[2b\x1b[23t\x1b]4;1;?\x07\x1b]10;?\x07\x1b]11;?\x07\x1b[?1002$p\x1b[4$p\x1b[6n",
    "\x1b[?1049l\x1b8back on main",
    "\x1b[r\x1b[?6l\x1b[30;1H\r\nmore\r\nlines\r\nscroll\r\ninto\r\nhistory\r\n",
    "\x1b[?1049h\x1b8alt again\x1b[?1049l",
    "\x1bcreset",
];

fn check_afterwards(mut emu: Emulator) {
    let mut restored = restore(&emu);
    for bytes in AFTERWARDS {
        feed(&mut emu, &mut restored, bytes.as_bytes());
    }
}

#[test]
fn every_mode_on_the_alternate_screen() {
    let mut emu = Emulator::new(30, 12, 100);
    emu.advance(b"old line\r\n");
    emu.advance(EVERY_MODE.as_bytes());
    let state = emu.state();
    assert!(state.alternate_screen());
    assert_eq!(state.title(), Some("second"));
    let modes = emu.modes();
    assert!(modes.app_cursor && modes.app_keypad && modes.bracketed_paste && modes.mouse_drag);
    assert!(modes.sgr_mouse && modes.focus_events && modes.alt_screen);
    check_afterwards(emu);
}

#[test]
fn every_mode_back_on_the_primary_screen() {
    // The alternate screen's saved cursor outlives it: DECRC on entering again finds it.
    let mut emu = Emulator::new(30, 12, 100);
    emu.advance(EVERY_MODE.as_bytes());
    emu.advance(b"\x1b[?1049l");
    assert!(!emu.state().alternate_screen());
    check_afterwards(emu);
}

#[test]
fn vim_like_session() {
    let mut emu = Emulator::new(40, 10, 100);
    emu.advance(b"$ ls\r\nfile1  file2\r\n$ vim file1\r\n");
    let shell = emu.capture(&CaptureOptions::default());
    emu.advance(b"\x1b[?1049h\x1b[22;0;0t\x1b[?1h\x1b=\x1b[H\x1b[2J");
    for row in 1..9 {
        emu.advance(format!("\x1b[{row};1H\x1b[34m~\x1b[0m").as_bytes());
    }
    emu.advance(b"\x1b[1;1Hhello world\x1b[10;1H\x1b[7m\"file1\" 1L, 12B\x1b[0m");
    emu.advance(b"\x1b[1;9r\x1b[5;10H\x1b[?25l\x1b[2 q\x1b[?25h");
    let mut restored = restore(&emu);
    assert!(restored.alternate_screen());
    // Scroll the region, insert lines, type, then quit.
    for bytes in [
        "\x1b[1;1H\x1bM\x1b[1;1Hnew top",
        "\x1b[9;1H\n\x1b[3;1H\x1b[2L\x1b[3;1Hinserted",
        "\x1b[4h typed\x1b[4l",
    ] {
        feed(&mut emu, &mut restored, bytes.as_bytes());
    }
    let history = restored.history_len();
    feed(
        &mut emu,
        &mut restored,
        b"\x1b[r\x1b[?1l\x1b>\x1b[?1049l\x1b[23;0;0t",
    );
    assert!(!restored.alternate_screen());
    assert_eq!(restored.capture(&CaptureOptions::default()), shell);
    assert_eq!(
        restored.history_len(),
        history,
        "vim's redraws stay out of history"
    );
    feed(&mut emu, &mut restored, b"$ ");
}

#[test]
fn less_like_session() {
    let mut emu = Emulator::new(30, 6, 100);
    emu.advance(b"$ less log\r\n");
    emu.advance(b"\x1b[?1049h\x1b[?1h\x1b=\r");
    for i in 0..5 {
        emu.advance(format!("log line {i}\r\n").as_bytes());
    }
    emu.advance(b"\x1b[7m(END)\x1b[27m");
    let mut restored = restore(&emu);
    for i in 5..12 {
        let bytes = format!("\r\x1b[K\x1b[30;1Hlog line {i}\r\n\x1b[7m:\x1b[27m");
        feed(&mut emu, &mut restored, bytes.as_bytes());
    }
    feed(
        &mut emu,
        &mut restored,
        b"\r\x1b[K\x1b[?1l\x1b>\x1b[?1049l$ ",
    );
    assert_eq!(restored.history_len(), 0);
    assert_eq!(
        restored.capture(&CaptureOptions::default()),
        "$ less log\n$\n\n\n\n\n"
    );
}

#[test]
fn wide_and_combining_characters() {
    let mut emu = Emulator::new(9, 4, 100);
    emu.advance("日本語 e\u{301}\r\n\x1b[32m中\u{301}文\x1b[0mab\r\nabcdefgh日x".as_bytes());
    emu.advance("\x1b[4;1H\x1b[44m日本\x1b[0m日本".as_bytes());
    let mut restored = restore(&emu);
    // Overwrite half of a wide character, add combining marks, scroll into history.
    feed(&mut emu, &mut restored, b"\x1b[1;2Hx\x1b[2;3H\xcc\x81");
    feed(
        &mut emu,
        &mut restored,
        "\x1b[4;9H語\r\n\r\n\r\n".as_bytes(),
    );
}

#[test]
fn prompt_keeps_its_trailing_blank() {
    let mut emu = Emulator::new(20, 5, 100);
    emu.advance(b"$ ls\r\nfile\r\n$ ");
    assert_eq!(emu.cursor(), (2, 2));
    let mut restored = restore(&emu);
    assert_eq!(restored.cursor(), (2, 2));
    feed(&mut emu, &mut restored, b"echo hi");
    assert_eq!(
        restored.capture(&CaptureOptions::default()).lines().nth(2),
        Some("$ echo hi")
    );
}

#[test]
fn pending_wrap_and_blank_cursor_line() {
    // The cursor past the last column (next character wraps) and on a blank line.
    let mut emu = Emulator::new(5, 3, 10);
    emu.advance(b"abcde");
    let mut restored = restore(&emu);
    feed(&mut emu, &mut restored, b"f\r\n\r\n\x1b[3;4H");
    let mut restored = restore(&emu);
    feed(&mut emu, &mut restored, b"x");
}

#[test]
fn resize_on_the_alternate_screen() {
    let mut emu = Emulator::new(12, 6, 100);
    emu.advance(b"one two three four five six seven\r\nlast\x1b7\x1b[2;2H");
    emu.advance(b"\x1b[?1049hALT");
    emu.resize(7, 4);
    let mut restored = restore(&emu);
    feed(&mut emu, &mut restored, b"more");
    emu.resize(15, 8);
    restored.resize(15, 8);
    assert_same(&emu, &restored);
    let mut restored = restore(&emu);
    feed(
        &mut emu,
        &mut restored,
        b"\x1b[?1049lback\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n",
    );
}

#[test]
fn blank_and_typical_sizes() {
    let emu = Emulator::new(200, 50, 1000);
    let blank = encode_state(&emu.state()).len();
    assert!(blank < 64, "blank screen: {blank} bytes");

    // A shell session: prompts, commands, coloured `ls` output.
    let mut emu = Emulator::new(200, 50, 1000);
    for i in 0..12 {
        emu.advance(
            format!("\x1b[1;32muser@host\x1b[0m:\x1b[1;34m~/src\x1b[0m$ ls -l dir{i}\r\n")
                .as_bytes(),
        );
        emu.advance(b"total 12\r\n");
        emu.advance(b"-rw-r--r-- 1 user user  1234 Jan  1 12:00 \x1b[0mREADME.md\r\n");
        emu.advance(b"drwxr-xr-x 2 user user  4096 Jan  1 12:00 \x1b[1;34msrc\x1b[0m\r\n");
    }
    emu.advance(b"\x1b[1;32muser@host\x1b[0m:\x1b[1;34m~/src\x1b[0m$ ");
    let text: usize = emu.screen_lines().iter().map(|l| l.text.len()).sum();
    let size = encode_state(&emu.state()).len();
    eprintln!("200x50 shell screen: {size} bytes ({text} bytes of screen text)");
    assert!(
        size < text + 400,
        "{size} bytes for {text} bytes of screen text"
    );

    // A full-screen program: every cell written, with colours.
    let mut emu = Emulator::new(200, 50, 1000);
    emu.advance(b"\x1b[?1049h");
    for row in 1..=50 {
        emu.advance(
            format!(
                "\x1b[{row};1H\x1b[48;5;{}m{:<200}",
                row % 8,
                format!("row {row}")
            )
            .as_bytes(),
        );
    }
    let size = encode_state(&emu.state()).len();
    eprintln!("200x50 full coloured screen: {size} bytes, blank: {blank} bytes");
    assert!(size < 2000, "full coloured screen: {size} bytes");
}

#[test]
fn decoding_errors() {
    let mut emu = Emulator::new(10, 3, 10);
    emu.advance("x\x1b[31my日\u{301}\x1b]8;;u\x07z\x1b[?1049hq".as_bytes());
    let bytes = encode_state(&emu.state());
    // Every truncation fails cleanly.
    for len in 0..bytes.len() {
        assert!(decode_state(&bytes[..len]).is_err(), "length {len}");
    }
    let mut newer = bytes.clone();
    newer[0] = 2;
    assert_eq!(decode_state(&newer), Err(StateError::NewerVersion(2)));
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(decode_state(&longer).is_err());
    assert!(decode_state(&[]).is_err());
    assert!(StateError::Truncated.to_string().contains("truncated"));
}

#[test]
fn state_size_checks_what_decoding_checks_first() {
    let mut emu = Emulator::new(57, 13, 10);
    emu.advance(b"some text\r\n\x1b[?1049hmore");
    let bytes = encode_state(&emu.state());
    assert_eq!(state_size(&bytes), Ok((57, 13)));
    let decoded = decode_state(&bytes).unwrap();
    assert_eq!((decoded.cols, decoded.rows), (57, 13));
    // A newer version is told as decoding tells it; an unknown one, or no size, is refused.
    let mut newer = bytes.clone();
    newer[0] = 2;
    assert_eq!(state_size(&newer), Err(StateError::NewerVersion(2)));
    let mut older = bytes.clone();
    older[0] = 0;
    assert!(state_size(&older).is_err() && decode_state(&older).is_err());
    for len in 0..3 {
        assert!(state_size(&bytes[..len]).is_err(), "length {len}");
    }
    // The screens are not read: what only a full decode finds is left to it.
    let mut cut = bytes.clone();
    cut.truncate(bytes.len() - 1);
    assert_eq!(state_size(&cut), Ok((57, 13)));
    assert!(decode_state(&cut).is_err());
}

/// xorshift: deterministic pseudo-random numbers.
pub(crate) fn rng(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed | 1;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

#[test]
fn damaged_state_never_panics() {
    let mut emu = Emulator::new(12, 4, 10);
    emu.advance(EVERY_MODE.as_bytes());
    let alt = encode_state(&emu.state());
    emu.advance(b"\x1b[?1049l");
    let primary = encode_state(&emu.state());
    let mut next = rng(0x1234_5678_9abc_def1);
    for round in 0..4000 {
        let mut bytes = if round % 2 == 0 {
            alt.clone()
        } else {
            primary.clone()
        };
        // Change a few bytes, or use noise.
        if round % 10 == 0 {
            bytes = (0..next() % 200).map(|_| next() as u8).collect();
        } else {
            for _ in 0..1 + next() % 4 {
                let i = (next() as usize) % bytes.len();
                bytes[i] = next() as u8;
            }
        }
        if let Ok(state) = decode_state(&bytes) {
            if let Ok(mut emu) = Emulator::from_state(&state, 10) {
                emu.advance(b"text\x1b[?1049l\x1b8\r\n\x1b[5b\ttab\x1b[?1049h\x1b[5;5H\x1bM\x1b[L");
                emu.resize(5, 3);
                let _ = emu.state();
                let _ = observe(&emu);
            }
        }
    }
}

/// Random output from a vocabulary covering every piece of state.
pub(crate) fn random_output(next: &mut impl FnMut() -> u64) -> Vec<u8> {
    const PIECES: &[&str] = &[
        "\x1b[",
        "\x1b]",
        ";",
        "1",
        "5",
        "m",
        "H",
        "r",
        "J",
        "K",
        "L",
        "M",
        "P",
        "@",
        "X",
        "b",
        "\x1b[?1049h",
        "\x1b[?1049l",
        "\x1b7",
        "\x1b8",
        "\x1b[s",
        "\x1b[u",
        "\x1b[?6h",
        "\x1b[?6l",
        "\x1b[?7h",
        "\x1b[?7l",
        "\x1b[4h",
        "\x1b[4l",
        "\x1b[20h",
        "\x1b[20l",
        "\x1b[?1h",
        "\x1b[?1000h",
        "\x1b[?1003h",
        "\x1b[?1006h",
        "\x1b[?2004h",
        "\x1b[?25l",
        "\x1b[?25h",
        "\x1b[?3h",
        "\x1b[3 q",
        "\x1b=",
        "\x1b>",
        "\x1b(0",
        "\x1b)0",
        "\x1b(B",
        "\x0e",
        "\x0f",
        "\x1bH",
        "\x1b[g",
        "\x1b[3g",
        "\t",
        "\x1b[2Z",
        "\x1b[3;6r",
        "\x1b[2;9r",
        "\x1b[r",
        "\x1bD",
        "\x1bM",
        "\x1bE",
        "\x1b#8",
        "\x1b]2;t\x07",
        "\x1b[22t",
        "\x1b[23t",
        "\x1b]4;3;rgb:1/2/3\x07",
        "\x1b]104;3\x07",
        "\x1b]11;#abcdef\x07",
        "\x1b]8;id=k;http://x\x07",
        "\x1b]8;;\x07",
        "\x1b[38;2;1;2;3m",
        "\x1b[48;5;200m",
        "\x1b[1;3;4:3;7;9m",
        "\x1b[58;5;2m",
        "\x1b[0m",
        "日本",
        "e\u{301}",
        "\u{200d}",
        "\r\n",
        "\n\n\n",
        "\x08",
        "\x1bc",
        "\x1b[2J",
        "\x1b[3J",
        "lqk",
        "hello ",
        "\x1b[5;3H",
        "\x1b[1;20H",
        "\x1b[10C",
    ];
    let mut buf = Vec::new();
    for _ in 0..(next() % 40) {
        let r = next();
        if r.is_multiple_of(4) {
            buf.push((r >> 16) as u8);
        } else {
            buf.extend_from_slice(PIECES[(r >> 8) as usize % PIECES.len()].as_bytes());
        }
    }
    buf
}

fn random_round_trips(seed: u64, rounds: usize) {
    let mut next = rng(seed);
    let mut emu = Emulator::new(11, 6, 30);
    for round in 0..rounds {
        emu.advance(&random_output(&mut next));
        if round % 7 == 3 {
            emu.resize(4 + (next() % 12) as u16, 2 + (next() % 8) as u16);
        }
        // Checkpoints are taken between sequences: CAN ends any unfinished one.
        emu.advance(b"\x18");
        // Events, not state: the server takes them as they come.
        let _ = emu.take_replies();
        let _ = emu.take_bell();
        let mut restored = restore(&emu);
        for _ in 0..3 {
            let bytes = random_output(&mut next);
            feed(&mut emu, &mut restored, &bytes);
        }
    }
}

#[test]
fn random_output_round_trips() {
    random_round_trips(0x2545_f491_4f6c_dd1d, 300);
}

/// Longer run: `cargo test -p ccmux-term --release -- --ignored random_output_long`.
#[test]
#[ignore]
fn random_output_long() {
    for seed in 1..=20u64 {
        random_round_trips(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15), 2000);
    }
}

/// `compact` (the terminal rebuilt from its own state) changes nothing observable: fed the same
/// bytes one at a time, so that most compactions cut an escape sequence or a UTF-8 character in
/// the middle, with replies and the bell not collected yet, a compacted emulator stays identical
/// to one never compacted, on both screens.
#[test]
fn compacting_between_any_two_bytes_changes_nothing() {
    between_any_two_bytes(Emulator::compact);
}

/// Feeds every mode, the sequences after it, a wide character, a query and a bell one byte at a
/// time to two emulators, doing `step` to the second after each byte, and compares them then
/// (with [`feed`], which advances both by nothing: replies included).
pub(crate) fn between_any_two_bytes(mut step: impl FnMut(&mut Emulator)) {
    let mut plain = Emulator::new(12, 5, 20);
    let mut other = Emulator::new(12, 5, 20);
    let all: Vec<u8> = std::iter::once(EVERY_MODE)
        .chain(AFTERWARDS.iter().copied())
        .chain(["\u{e9}\u{4e2d}\x1b[6n\x07tail"])
        .flat_map(|s| s.bytes())
        .collect();
    for byte in all {
        plain.advance(&[byte]);
        other.advance(&[byte]);
        step(&mut other);
        feed(&mut plain, &mut other, b"");
    }
}

/// Random output, resizes (which leave alacritty spare rows and wide rows) and compactions.
/// Screens of one row are left out: there an emulator never compacted can show a reused spare
/// row's old cells after a line scrolls (seen with this seed), where the compacted one shows
/// the blank row a fresh terminal has.
#[test]
fn random_output_with_compactions() {
    let mut next = rng(0x0bad_cafe_f00d_1234);
    let mut plain = Emulator::new(11, 6, 30);
    let mut compacted = Emulator::new(11, 6, 30);
    for round in 0..400 {
        let bytes = random_output(&mut next);
        plain.advance(&bytes);
        compacted.advance(&bytes);
        if round % 5 == 2 {
            let (cols, rows) = (2 + (next() % 14) as u16, 2 + (next() % 8) as u16);
            plain.resize(cols, rows);
            compacted.resize(cols, rows);
        }
        if !next().is_multiple_of(3) {
            compacted.compact();
        }
        feed(&mut plain, &mut compacted, b"");
    }
}

/// A flood rebuilds alacritty's terminal once with a ring of spare rows (`Emulator::ring`, for
/// the CPU caches): nothing observable changes, whatever the output (both screens, scroll
/// regions, wide characters, colours), with resizes and compactions (which drop the ring) in
/// between, compared with an emulator that never builds it.
/// A program printing a line at a time never gets the ring (its spare rows are memory only a flood
/// gains from); the same lines in a flood's reads do.
#[test]
fn only_a_flood_gets_the_ring() {
    let mut slow = Emulator::new(66, 11, 1000);
    let mut flood = Emulator::new(66, 11, 1000);
    let lines: Vec<String> = (0..2000).map(|i| format!("line {i}\r\n")).collect();
    for line in &lines {
        slow.advance(line.as_bytes());
    }
    assert!(!slow.ringed(), "a line a read");
    for chunk in lines.concat().as_bytes().chunks(4096) {
        flood.advance(chunk);
    }
    assert!(flood.ringed(), "4 KiB reads");
    assert_eq!(observe(&slow), observe(&flood), "both hold the same");
}

#[test]
fn the_ring_of_spare_rows_changes_nothing() {
    let mut next = rng(0x005e_ed0f_5ca7_7e12);
    let mut ringed = Emulator::new(11, 6, 30);
    let mut plain = Emulator::new(11, 6, 30);
    plain.never_ring();
    let mut builds = 0;
    for round in 0..400 {
        let mut bytes = random_output(&mut next);
        if round % 3 == 0 {
            // Enough lines to scroll for the ring now and then.
            let lines = next() % 120;
            for i in 0..lines {
                bytes.extend_from_slice(format!("\x1b[3{}mline {i}\x1b[m\r\n", i % 8).as_bytes());
            }
        }
        let before = ringed.ringed();
        ringed.advance(&bytes);
        plain.advance(&bytes);
        if !before && ringed.ringed() {
            builds += 1;
        }
        if round % 11 == 5 {
            let (cols, rows) = (2 + (next() % 14) as u16, 2 + (next() % 8) as u16);
            ringed.resize(cols, rows);
            plain.resize(cols, rows);
            assert!(!ringed.ringed(), "a resize rebuilds without the ring");
        }
        if round % 13 == 7 {
            ringed.compact();
            plain.compact();
            assert!(!ringed.ringed(), "compacting drops the ring");
        }
        feed(&mut plain, &mut ringed, b"");
    }
    assert!(!plain.ringed());
    assert!(builds >= 10, "the ring was built {builds} times");
}

/// The same at the benchmark's size, output cut where a PTY read would cut it: the screen, the
/// history and what capture-pane prints are the same with and without the ring, and a line now
/// and then does not build it.
#[test]
fn a_flood_at_full_size_is_the_same_with_the_ring() {
    let mut ringed = Emulator::new(200, 50, 2000);
    let mut plain = Emulator::new(200, 50, 2000);
    plain.never_ring();
    ringed.advance(b"one line\r\n");
    assert!(!ringed.ringed(), "a line is no flood");
    let mut text = Vec::new();
    for i in 0..6000 {
        let line = match i % 4 {
            0 => format!(
                "\x1b[2m2026-11-25T21:{:02}Z\x1b[0m \x1b[1;3{}mINFO\x1b[0m message {i}\n",
                i % 60,
                i % 8
            ),
            1 => format!("{}fn let mut self match {i};\n", " ".repeat(i % 17)),
            2 => format!("-rw-r--r-- 1 user group {i:>9} Nov 25 wide \u{4e2d}\u{6587} e\u{301}\n"),
            _ => "x".repeat(i % 230) + "\n",
        };
        text.extend_from_slice(line.as_bytes());
    }
    for part in text.chunks(4095) {
        ringed.advance(part);
        plain.advance(part);
    }
    assert!(ringed.ringed());
    assert_eq!(ringed.history_len(), 2000);
    feed(&mut plain, &mut ringed, b"");
}

/// Printable ASCII written by `Sink::input_ascii` leaves every cell, row occupancy mark, cursor,
/// history line and snapshot exactly as alacritty's `Term::input` does: random output (charsets,
/// SO/SI, insert mode, wide characters overwritten, pending wraps, autowrap off, resizes) and
/// plain text, fed to an emulator that prints everything the slow way and to one that does not.
#[test]
fn printing_ascii_the_fast_way_changes_nothing() {
    let mut next = rng(0x0a5c_11fa_57c0_ffee);
    let mut fast = Emulator::new(11, 6, 30);
    let mut slow = Emulator::new(11, 6, 30);
    slow.slow_input();
    for round in 0..3000 {
        let mut bytes = random_output(&mut next);
        for _ in 0..(next() % 4) {
            let len = next() % 30;
            bytes.extend((0..len).map(|_| b' ' + (next() % 95) as u8));
        }
        feed(&mut fast, &mut slow, &bytes);
        assert_eq!(fast.row_marks(), slow.row_marks(), "round {round}");
        if round % 37 == 11 {
            let (cols, rows) = (2 + (next() % 14) as u16, 2 + (next() % 8) as u16);
            fast.resize(cols, rows);
            slow.resize(cols, rows);
        }
    }
}
