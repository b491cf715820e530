//! A pane's IO thread tells clients what its output changed: its screen only, or (a new title) what
//! status lines show too.

use super::lend_tests::until;
use super::*;

#[test]
fn output_redraws_the_panes_and_a_new_title_the_status_lines_too() {
    // The test writes the "program's" output into the slave itself; a sleeping child stands for the
    // pane's process, and a running runtime reads the pane while it is quiet (see `pane_lend.rs`).
    let mut rig = super::lend_tests::Rig::open(40, 5, false, false);
    let super::lend_tests::Rig { pane, slave, .. } = &mut rig;
    let redraws = redraw_signal().subscribe();
    let mut write = |bytes: &[u8]| {
        use std::io::Write;
        slave.write_all(bytes).unwrap();
    };
    let shows = |text: &str| {
        lock(&pane.screen).is_some_and(|s| {
            let (_, rows) = s.emu.size();
            (0..rows).any(|r| {
                let mut cells = Vec::new();
                s.emu.render_row(r, &mut cells);
                cells.iter().map(|c| c.c).collect::<String>().contains(text)
            })
        })
    };

    // Plain output: clients are told to redraw, their status lines are not.
    let (status, told) = (status_generation(), *redraws.borrow());
    write(b"plain text");
    until("plain output shown", || shows("plain text"));
    until("clients told", || *redraws.borrow() != told);
    assert_eq!(
        status_generation(),
        status,
        "plain output redraws status lines"
    );

    // A title set by the program: status lines too (#{pane_title}).
    let told = *redraws.borrow();
    write(b"\x1b]2;new title\x07more");
    until("output after the title shown", || shows("more"));
    until("clients told", || *redraws.borrow() != told);
    assert_ne!(
        status_generation(),
        status,
        "a new title left status lines as they were"
    );
    assert_eq!(lock(&pane.screen).unwrap().emu.title(), Some("new title"));

    // The same title again changes nothing the status lines show.
    let (status, told) = (status_generation(), *redraws.borrow());
    write(b"\x1b]2;new title\x07again");
    until("output shown", || shows("again"));
    until("clients told", || *redraws.borrow() != told);
    assert_eq!(
        status_generation(),
        status,
        "an unchanged title redraws status lines"
    );

    // Anything else that redraws (the model, a mode) redraws status lines.
    signal_redraw();
    assert_ne!(status_generation(), status);
}

fn logging_screen() -> Screen {
    new_screen(PaneStart {
        cols: 20,
        rows: 5,
        history_limit: 100,
        log_output: true,
        wal: None,
        offset: 1000,
        preload: None,
        tap: None,
    })
}

/// What the flush logs of a pane's output: `take_unlogged_from` hands over the same bytes, offset
/// and `fresh` flag as taking everything and cutting its tail as `Store::log_output_after` does
/// (the flush gives them to `Store::log_output_tail`: the records are the same), and leaves the
/// pane its buffer for the next chunks.
#[test]
fn the_logged_tail_is_what_logging_everything_would_write() {
    let text: Vec<u8> = (0..300)
        .flat_map(|i| format!("line {i} {}\r\n", "x".repeat(i % 30)).into_bytes())
        .chain(*b"unfinished")
        .collect();
    for keep in [0, 1, 5, 299, 300, 301, 1000] {
        for trimmed in [false, true] {
            let (mut a, mut b) = (logging_screen(), logging_screen());
            for part in text.chunks(333) {
                a.inject(part);
                b.inject(part);
            }
            if trimmed {
                // Output that waited for room in the WAL and lost its start.
                a.trim_unlogged(250, usize::MAX);
                b.trim_unlogged(250, usize::MAX);
            }
            let (offset, all, dropped) = a.take_unlogged().unwrap();
            let skip = ccmux_persist::store::tail_start(&all, keep);
            let want = (
                offset + skip as u64,
                all[skip..].to_vec(),
                skip > 0 || dropped,
            );
            assert_eq!(
                b.take_unlogged_from(b.unlogged_tail_start(keep)),
                Some(want),
                "keep {keep}, trimmed {trimmed}"
            );
            assert!(b
                .unlogged
                .as_ref()
                .is_some_and(|u| u.is_empty() && u.capacity() > 0));
            assert_eq!(
                b.take_unlogged_from(b.unlogged_tail_start(keep)),
                None,
                "nothing new"
            );
            // The next output continues at the pane's offset.
            b.inject(b"more\r\n");
            if keep > 0 {
                let (at, data, fresh) = b.take_unlogged_from(b.unlogged_tail_start(keep)).unwrap();
                assert_eq!(
                    (at, data.as_slice(), fresh),
                    (b.offset - 6, &b"more\r\n"[..], false)
                );
                // Idle, the emptied buffer is given back.
                b.shrink_unlogged();
                assert_eq!(b.unlogged.as_ref().map(Vec::capacity), Some(0));
            }
        }
    }
}

/// A screen restored from a saved terminal state still encoded: decoded by the pane's thread before
/// the replay (`load_logged`), or by whoever locks the screen first; either way the screens, the
/// cursor and the modes are as saved, with the logged output replayed after. A state that does not
/// decode leaves a blank screen (its error reported), never a panic.
#[test]
fn an_encoded_saved_state_restores_the_same_screen_by_either_path() {
    let mut saved = Emulator::new(30, 6, 100);
    saved.advance(b"\x1b[31mred\x1b[0m line\r\nsecond\r\n\x1b[?1049h\x1b[3;5Halternate\x1b[?1h");
    let bytes = ccmux_term::encode_state(&saved.state());
    saved.advance(b" + after");
    let restored = |state: SavedState| {
        new_screen(PaneStart {
            cols: 30,
            rows: 6,
            history_limit: 100,
            log_output: false,
            wal: None,
            offset: 0,
            preload: Some(Preload {
                state: Some(state),
                history: Vec::new(),
                history_later: None,
                bytes: Vec::new(),
                logged: b" + after".to_vec().into(),
                tail: Vec::new(),
            }),
            tap: None,
        })
    };
    let look = |emu: &Emulator| {
        (
            emu.capture(&ccmux_term::CaptureOptions::default()),
            emu.cursor(),
            emu.alternate_screen(),
            encode_state_of(emu),
        )
    };
    let want = look(&saved);
    // Decoded on the pane's thread first, then replayed.
    let screen = Mutex::new(restored(SavedState::Encoded(bytes.clone())));
    load_logged(&screen);
    assert!(matches!(
        screen.lock().unwrap().pending.as_ref().unwrap().state,
        Some(SavedState::Decoded(_))
    ));
    assert_eq!(look(&lock(&screen).unwrap().emu), want);
    // Locked first: decoded there.
    let screen = Mutex::new(restored(SavedState::Encoded(bytes.clone())));
    assert_eq!(look(&lock(&screen).unwrap().emu), want);
    // Cut short after a good head: a blank screen of the pane's size, the output still replayed,
    // and the failure reported (`persistence status` lists it).
    let cut = bytes[..bytes.len() - 4].to_vec();
    let screen = Mutex::new(restored(SavedState::Encoded(cut)));
    load_logged(&screen);
    let guard = lock(&screen).unwrap();
    assert!(
        (crate::server::late_recovery_notes().iter())
            .any(|n| n.starts_with("terminal state not restored")),
        "{:?}",
        crate::server::late_recovery_notes()
    );
    assert!(!guard.emu.alternate_screen());
    assert_eq!(
        guard
            .emu
            .capture(&ccmux_term::CaptureOptions::default())
            .trim(),
        "+ after"
    );
}

fn encode_state_of(emu: &Emulator) -> Vec<u8> {
    ccmux_term::encode_state(&emu.state())
}

/// An idle pane's emulator is frozen (`ccmux_term::Emulator::freeze`): what every pane is asked
/// (modes, cursor, size) leaves it frozen; reading its cells thaws it with the same content; it is
/// frozen again once idle; output on a frozen one shows as on any other; input thaws it before its
/// echo comes. Read by the runtime
/// (lent) and by the pane's thread alone.
#[test]
fn an_idle_pane_is_frozen_and_thawed_by_what_reads_its_cells() {
    for runtime in [true, false] {
        let mut rig = super::lend_tests::Rig::open_on(30, 4, false, true, runtime);
        let super::lend_tests::Rig { pane, slave, .. } = &mut rig;
        let mut write = |bytes: &[u8]| {
            use std::io::Write;
            slave.write_all(bytes).unwrap();
        };
        let frozen = || lock_cold(&pane.screen).is_some_and(|s| s.emu.is_frozen());
        let text = || {
            let s = lock(&pane.screen).unwrap();
            let mut all = String::new();
            for r in 0..s.emu.size().1 {
                let mut cells = Vec::new();
                s.emu.render_row(r, &mut cells);
                all.extend(cells.iter().map(|c| c.c));
                all.push('|');
            }
            all
        };
        write(b"\x1b[?1hfirst line\r\n\x1b[1;31msecond");
        until("output shown", || text().contains("second"));
        until("frozen when idle", frozen);
        // Asked of every pane (formats, keys): answered frozen.
        {
            let s = lock_cold(&pane.screen).unwrap();
            assert!(
                s.emu.modes().app_cursor && s.emu.cursor() == (6, 1),
                "{runtime}"
            );
            assert_eq!(s.emu.size(), (30, 4));
        }
        assert!(frozen(), "asking for modes thawed it (runtime: {runtime})");
        // Its cells: thawed, the same.
        let seen = text();
        assert!(
            seen.starts_with("first line") && seen.contains("|second"),
            "{seen}"
        );
        assert!(!frozen());
        until("frozen again after the thaw", frozen);
        // Output while frozen.
        write(b" third");
        until("output after the freeze shown", || {
            text().contains("|second third")
        });
        until("frozen again after output", frozen);
        // Input thaws it at once (its echo will need the cells), and it freezes again when idle.
        pane.write(b"typed".to_vec());
        assert!(!frozen(), "input left it frozen (runtime: {runtime})");
        until("frozen again after input", frozen);
    }
}
