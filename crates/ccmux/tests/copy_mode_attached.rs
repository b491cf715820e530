//! Copy mode on a real attached client, side by side with tmux's: typed keys go through the
//! `copy-mode` and `copy-mode-vi` tables (defaults and user bindings), the mouse through tmux's
//! default mouse bindings, and both clients draw the same cells.

mod common;

use common::copy::Screens;
use std::time::{Duration, Instant};

#[test]
fn vi_keys_draw_what_tmux_draws() {
    let Some(s) = Screens::new("vi") else { return };
    s.keys(&["C-b", "["]);
    let screen = s.same("entering copy mode");
    assert!(
        screen.contains("[0/4]"),
        "the position indicator:\n{screen}"
    );
    s.keys(&["g", "w", "Space", "e"]);
    let screen = s.same("a selection");
    assert!(screen.contains("\x1b[30m\x1b[43m"), "mode-style:\n{screen}");
    s.keys(&["j", "o", "v"]);
    s.same("other-end and a rectangle");
    s.keys(&["Escape", "/", "h", "e", "l", "l", "o", "Enter"]);
    let screen = s.same("a search");
    assert!(screen.contains("(2 results)"), "{screen}");
    s.keys(&["n", "N", "3", "k", "f", "x", "t", "o", "V", "Enter"]);
    s.same("a repeat count, jumps, select-line and a copy");
    assert_eq!(s.pair.both(&["show-buffer"]), "first line of text\n");
    s.keys(&["C-b", "PPage"]);
    s.same("copy-mode -u");
    s.keys(&["q"]);
    s.same("leaving");
}

#[test]
fn emacs_keys_draw_what_tmux_draws() {
    let Some(s) = Screens::new("emacs") else {
        return;
    };
    s.keys(&["C-b", "["]);
    s.same("entering copy mode");
    s.keys(&["M-<", "M-f", "C-Space", "M-f", "M-f"]);
    s.same("a selection");
    s.keys(&["M-w"]);
    s.same("copied");
    assert_eq!(s.pair.both(&["show-buffer"]), " line of");
    s.keys(&["C-b", "[", "C-r", "h", "e"]);
    s.same("an incremental search");
    s.keys(&["C-r", "Enter", "C-s", "C-s"]);
    s.same("searching again");
    s.keys(&["C-g", "q"]);
    s.same("leaving");
}

#[test]
fn user_bindings_and_the_mouse_on_an_attached_client() {
    let Some(s) = Screens::new("vi") else { return };
    let dir = tempfile::Builder::new()
        .prefix("ccmux-bind")
        .tempdir()
        .unwrap();
    let file = dir.path().join("yanked");
    let cc = &s.pair.cc;
    cc.ok(&[
        "bind",
        "-T",
        "copy-mode-vi",
        "v",
        "send",
        "-X",
        "begin-selection",
    ]);
    let pipe = format!("cat > {}", file.display());
    cc.ok(&[
        "bind",
        "-T",
        "copy-mode-vi",
        "y",
        "send",
        "-X",
        "copy-pipe-and-cancel",
        &pipe,
    ]);
    s.outer.keys("cc:0", &["C-b", "[", "g", "w", "v", "e", "y"]);
    let start = Instant::now();
    while std::fs::read_to_string(&file).unwrap_or_default() != "line" {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "y piped the selection"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(cc.ok(&["display", "-p", "#{pane_in_mode}"]), "0\n");
    // The mouse: dragging selects (copy-mode -M), releasing copies (MouseDragEnd1Pane); the wheel
    // scrolls in copy mode.
    cc.ok(&["set", "-g", "mouse", "on"]);
    cc.ok(&["delete-buffer"]);
    std::thread::sleep(Duration::from_millis(300));
    for ev in ["\x1b[<0;3;3M", "\x1b[<32;6;3M", "\x1b[<32;12;3M"] {
        s.outer.keys("cc:0", &["-l", ev]);
    }
    cc.wait_until("a drag selects", || {
        cc.ok(&["display", "-p", "#{pane_in_mode}#{selection_present}"]) == "11\n"
    });
    s.outer.keys("cc:0", &["-l", "\x1b[<0;12;3m"]);
    cc.wait_until("the release copies", || {
        cc.run(&["show-buffer"]).stdout == "ter blank "
    });
    assert_eq!(cc.ok(&["display", "-p", "#{pane_in_mode}"]), "0\n");
    s.outer.keys("cc:0", &["-l", "\x1b[<64;10;5M"]);
    cc.wait_until("the wheel enters copy mode", || {
        cc.ok(&["display", "-p", "#{pane_in_mode}"]) == "1\n"
    });
    s.outer.keys("cc:0", &["-l", "\x1b[<64;10;5M"]);
    cc.wait_until("the wheel scrolls up", || {
        cc.ok(&["display", "-p", "#{scroll_position}"]) == "4\n"
    });
    s.outer.keys("cc:0", &["-l", "\x1b[<65;10;5M"]);
    cc.wait_until("scrolled to the bottom, copy-mode -e ends", || {
        cc.ok(&["display", "-p", "#{pane_in_mode}"]) == "0\n"
    });
}

#[test]
fn mouse_selects_like_tmux() {
    let Some(s) = Screens::new("vi") else { return };
    s.pair.both(&["set", "-g", "mouse", "on"]);
    std::thread::sleep(Duration::from_millis(200));
    // A drag selects (root MouseDrag1Pane: copy-mode -M), across two lines.
    s.mouse(&[(0, 3, 3, 'M'), (32, 6, 3, 'M'), (32, 5, 4, 'M')]);
    let screen = s.same("dragging");
    assert!(
        screen.contains("\x1b[30m\x1b[43m"),
        "a selection:\n{screen}"
    );
    assert_eq!(
        s.pair
            .both(&["display", "-p", "#{pane_in_mode}#{selection_present}"]),
        "11\n"
    );
    // Releasing copies and leaves (MouseDragEnd1Pane: copy-pipe-and-cancel).
    s.mouse(&[(0, 5, 4, 'm')]);
    assert_eq!(s.copied("the drag", ""), "ter blank line\nUPPER");
    s.same("the drag copied");
    assert_eq!(s.pair.both(&["display", "-p", "#{pane_in_mode}"]), "0\n");
    // Clicks are counted for 300 ms from the first: let the drag's click go.
    std::thread::sleep(Duration::from_millis(400));
    // A double click selects a word and copies it when no third click comes (DoubleClick1Pane,
    // root table: copy-mode -H, select-word, run -d0.3, copy-pipe-and-cancel).
    s.clicks(&[
        (0, 9, 4, 'M'),
        (0, 9, 4, 'm'),
        (0, 9, 4, 'M'),
        (0, 9, 4, 'm'),
    ]);
    assert_eq!(s.copied("a double click", "ter blank line\nUPPER"), "lower");
    s.same("the word copied");
    // A triple click takes the line.
    std::thread::sleep(Duration::from_millis(400));
    s.clicks(&[
        (0, 2, 7, 'M'),
        (0, 2, 7, 'm'),
        (0, 2, 7, 'M'),
        (0, 2, 7, 'm'),
        (0, 2, 7, 'M'),
        (0, 2, 7, 'm'),
    ]);
    assert_eq!(s.copied("a triple click", "lower"), "last line\n");
    s.same("the line copied");
    // The same in copy mode, through the copy-mode-vi table.
    s.keys(&["C-b", "["]);
    s.same("copy mode");
    std::thread::sleep(Duration::from_millis(400));
    s.clicks(&[
        (0, 3, 1, 'M'),
        (0, 3, 1, 'm'),
        (0, 3, 1, 'M'),
        (0, 3, 1, 'm'),
    ]);
    assert_eq!(
        s.copied("a double click in copy mode", "last line\n"),
        "nested"
    );
    s.same("copy mode left");
    // The wheel enters copy mode and scrolls (copy-mode -e, then send -N5 -X scroll-up).
    s.mouse(&[(64, 10, 5, 'M'), (64, 10, 5, 'M')]);
    s.same("the wheel scrolled");
    assert_eq!(
        s.pair
            .both(&["display", "-p", "#{pane_in_mode} #{scroll_position}"]),
        "1 4\n"
    );
    s.mouse(&[(65, 10, 5, 'M')]);
    s.same("scrolled back down");
    assert_eq!(s.pair.both(&["display", "-p", "#{pane_in_mode}"]), "0\n");
}

#[test]
fn command_output_shows_in_view_mode_like_tmux() {
    let Some(s) = Screens::new("vi") else { return };
    s.pair
        .both(&["bind", "-n", "F5", "run-shell", "seq 1 20; echo done"]);
    s.keys(&["F5"]);
    // The output from its first line: the view is scrolled up over the rest.
    let screen = s.same("run-shell output in view mode");
    assert!(screen.contains("[13/13]"), "{screen}");
    assert_eq!(
        s.pair
            .both(&["display", "-p", "#{pane_in_mode} #{pane_mode}"]),
        "1 view-mode\n"
    );
    s.keys(&["k", "k", "g", "j", "C-b", "F5"]);
    s.same("moving in view mode");
    s.keys(&["q"]);
    s.same("view mode left");
    assert_eq!(s.pair.both(&["display", "-p", "#{pane_in_mode}"]), "0\n");
}

#[test]
fn a_drag_held_at_the_top_scrolls_like_tmux() {
    let Some(s) = Screens::new("vi") else { return };
    s.pair.both(&["set", "-g", "mouse", "on"]);
    std::thread::sleep(Duration::from_millis(200));
    s.mouse(&[(0, 8, 6, 'M'), (32, 7, 5, 'M'), (32, 6, 1, 'M')]);
    // Held on the top row, the view goes on scrolling up to the top of the history.
    let start = Instant::now();
    loop {
        let shown = "#{pane_in_mode} #{scroll_position} #{selection_present}";
        let t = s.pair.tmux.run(&["display", "-p", shown]).stdout;
        let c = s.pair.cc.ok(&["display", "-p", shown]);
        if t == "1 4 1\n" && c == t {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "scrolled to the top: tmux {t:?}, ccmux {c:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    s.same("scrolled while dragging");
    s.mouse(&[(0, 6, 1, 'm')]);
    let copied = s.copied("the drag", "");
    assert!(
        copied.starts_with(" line of text\n")
            && copied.ends_with("\none two three four five six seven eight nine ten"),
        "{copied:?}"
    );
}
