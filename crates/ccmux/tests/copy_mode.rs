//! Copy mode as tmux 3.3a's: the same copy commands (`send-keys -X`) on the same pane contents give
//! the same cursor, selection, search and scroll state (`#{copy_cursor_x}`...) and the same buffers
//! on ccmux and on tmux.

mod common;

use common::copy::{same_file, Pair};
use std::time::{Duration, Instant};

const MOTIONS: &[&str] = &[
    "cursor-up",
    "history-top",
    "next-word",
    "next-word",
    "next-word-end",
    "cursor-down",
    "next-space",
    "previous-word",
    "previous-space",
    "end-of-line",
    "next-word-end",
    "back-to-indentation",
    "start-of-line",
    "jump-forward o",
    "jump-again",
    "jump-reverse",
    "jump-to-forward b",
    "jump-to-backward i",
    "jump-backward f",
    "cursor-down",
    "cursor-down",
    "cursor-down",
    "cursor-right",
    "next-matching-bracket",
    "next-matching-bracket",
    "previous-matching-bracket",
    "next-paragraph",
    "previous-paragraph",
    "next-space-end",
    "bottom-line",
    "middle-line",
    "top-line",
    "page-down",
    "page-up",
    "halfpage-down",
    "halfpage-up",
    "scroll-up",
    "scroll-down",
    "history-bottom",
    "cursor-up",
    "cursor-up",
    "cursor-up",
    "set-mark",
    "history-top",
    "jump-to-mark",
    "jump-to-mark",
    "goto-line 2",
    "goto-line x",
    "toggle-position",
];

#[test]
fn vi_motions_match_tmux() {
    let Some(p) = Pair::new("vi") else { return };
    p.steps(MOTIONS);
}

#[test]
fn emacs_motions_match_tmux() {
    let Some(p) = Pair::new("emacs") else { return };
    p.steps(MOTIONS);
}

const SELECTIONS: &[&str] = &[
    "history-top",
    "next-word",
    "begin-selection",
    "next-word-end",
    "copy-selection",
    "cursor-down",
    "begin-selection",
    "cursor-down",
    "cursor-down",
    "other-end",
    "copy-selection",
    "rectangle-toggle",
    "begin-selection",
    "cursor-down",
    "cursor-right",
    "cursor-right",
    "cursor-right",
    "copy-selection",
    "rectangle-off",
    "select-word",
    "copy-selection named",
    "select-line",
    "cursor-down",
    "copy-selection-no-clear",
    "clear-selection",
    "copy-line",
    "copy-end-of-line",
    "begin-selection",
    "next-word",
    "append-selection",
    "begin-selection",
    "stop-selection",
    "cursor-down",
    "copy-selection",
    "rectangle-on",
    "select-line",
    "cursor-up",
    "copy-pipe-no-clear",
    "cancel",
];

#[test]
fn vi_selections_and_copies_match_tmux() {
    let Some(p) = Pair::new("vi") else { return };
    p.steps(SELECTIONS);
    // Repeat counts: -N moves as many times, select-line takes that many lines.
    p.both(&["copy-mode"]);
    p.both(&["send-keys", "-X", "history-top"]);
    p.both(&["send-keys", "-N", "3", "-X", "cursor-down"]);
    p.both(&["send-keys", "-N", "2", "-X", "select-line"]);
    p.both(&["send-keys", "-N", "2", "-X", "next-word"]);
    p.steps(&["copy-selection-and-cancel"]);
    assert!(p.state().contains("mode=0:"), "{}", p.state());
}

#[test]
fn emacs_selections_and_copies_match_tmux() {
    let Some(p) = Pair::new("emacs") else { return };
    p.steps(SELECTIONS);
    p.both(&["copy-mode"]);
    p.steps(&["history-top", "cursor-down", "copy-end-of-line-and-cancel"]);
    let buffer = p.both(&["show-buffer"]);
    assert_eq!(buffer, "  indented foo.bar(baz) qux");
}

const SEARCHES: &[&str] = &[
    "search-backward hello",
    "search-again",
    "search-again",
    "search-reverse",
    "search-forward line",
    "search-again",
    "search-again",
    "search-reverse",
    "search-forward-text o.b",
    "search-backward \"[a-z]+_file\"",
    "search-again",
    "search-forward \"t[wh]\"",
    "search-again",
    "search-again",
    "search-backward UPPER",
    "search-backward upper",
    "search-forward MiXeD",
    "copy-selection",
    "history-top",
    "search-forward zzz",
    "search-backward-incremental =he",
    "search-backward-incremental =hel",
    "search-backward-incremental -hel",
    "search-forward-incremental +hel",
    "search-forward-incremental =",
    "search-forward-incremental =two",
    "cursor-down",
    "search-backward-text e.",
    "copy-pipe-and-cancel",
];

#[test]
fn vi_searches_match_tmux() {
    let Some(p) = Pair::new("vi") else { return };
    p.steps(SEARCHES);
    // The pane remembers its last search for the next copy mode (`#{pane_search_string}`).
    p.both(&["copy-mode"]);
    p.steps(&["history-top", "search-again", "search-again"]);
    assert_eq!(p.both(&["display", "-p", "#{pane_search_string}"]), "e.\n");
}

#[test]
fn emacs_searches_match_tmux() {
    let Some(p) = Pair::new("emacs") else { return };
    p.steps(SEARCHES);
}

#[test]
fn copy_mode_flags_and_errors_match_tmux() {
    let Some(p) = Pair::new("vi") else { return };
    // Not in a mode: send-keys -X is an error.
    p.both(&["copy-mode", "-q"]);
    let r = p.cc.run(&["send-keys", "-X", "cursor-up"]);
    assert_eq!((r.status, r.stderr.as_str()), (1, "not in a mode\n"));
    p.both(&["send-keys", "-X", "cursor-up"]);
    // -u: a page up; unknown commands and wrong argument counts do nothing, as in tmux.
    p.both(&["copy-mode", "-u"]);
    p.steps(&[
        "bogus-command",
        "goto-line",
        "jump-forward a b",
        "cursor-up",
    ]);
    // -e: scrolling back to the bottom ends the mode.
    p.both(&["copy-mode", "-q"]);
    p.both(&["copy-mode", "-e"]);
    p.steps(&["scroll-up", "scroll-up", "scroll-down", "scroll-down"]);
    assert!(p.state().contains("mode=0:"));
    // Keys sent to a pane in a mode go through its key table.
    p.both(&["copy-mode"]);
    p.both(&["send-keys", "k", "k", "0", "w"]);
    p.steps(&["cursor-left"]);
    p.both(&["send-keys", "q"]);
    assert!(p.state().contains("mode=0:"));
}

#[test]
fn copy_pipe_feeds_the_command_like_tmux() {
    let Some(p) = Pair::new("vi") else { return };
    let dir = tempfile::Builder::new()
        .prefix("ccmux-pipe")
        .tempdir()
        .unwrap();
    let out = |who: &str| dir.path().join(who);
    p.both(&["send-keys", "-X", "history-top"]);
    p.both(&["send-keys", "-X", "select-line"]);
    let t = format!("cat > {}", out("tmux").display());
    let c = format!("cat > {}", out("ccmux").display());
    assert_eq!(
        p.tmux
            .run(&["send-keys", "-X", "copy-pipe-and-cancel", &t, "piped"])
            .status,
        0
    );
    assert_eq!(
        p.cc.run(&["send-keys", "-X", "copy-pipe-and-cancel", &c, "piped"])
            .status,
        0
    );
    let start = Instant::now();
    let read = |who: &str| std::fs::read_to_string(out(who)).unwrap_or_default();
    while read("tmux").is_empty() || read("ccmux").is_empty() {
        assert!(start.elapsed() < Duration::from_secs(10), "the pipes ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(read("ccmux"), "first line of text\n");
    assert_eq!(read("tmux"), read("ccmux"));
    // The buffer is named from the prefix, as tmux's.
    assert_eq!(
        p.both(&["list-buffers", "-F", "#{buffer_name}"])
            .lines()
            .next(),
        Some("piped0")
    );
    // copy-command is used when no command is given.
    let t = format!("cat > {}", out("tmux2").display());
    let c = format!("cat > {}", out("ccmux2").display());
    p.tmux.run(&["set", "-s", "copy-command", &t]);
    p.cc.ok(&["set", "-s", "copy-command", &c]);
    p.both(&["copy-mode"]);
    p.both(&["send-keys", "-X", "history-top"]);
    p.both(&["send-keys", "-X", "copy-pipe-line-and-cancel"]);
    let start = Instant::now();
    while read("tmux2").is_empty() || read("ccmux2").is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "copy-command ran"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(read("tmux2"), read("ccmux2"));
}

#[test]
fn cancelling_and_piping_variants_match_tmux() {
    let Some(p) = Pair::new("vi") else { return };
    // The -and-cancel motions leave the mode only at the bottom.
    p.steps(&[
        "cursor-up",
        "cursor-down-and-cancel",
        "cursor-down-and-cancel",
    ]);
    for motion in [
        "scroll-down-and-cancel",
        "page-down-and-cancel",
        "halfpage-down-and-cancel",
    ] {
        p.both(&["copy-mode"]);
        p.steps(&["history-top", "scroll-down", motion, motion, motion]);
        p.both(&["copy-mode", "-q"]);
    }
    p.both(&["copy-mode"]);
    p.steps(&[
        "history-top",
        "copy-line-and-cancel",
        "copy-mode-is-not-a-command",
    ]);
    p.both(&["copy-mode"]);
    p.steps(&[
        "history-top",
        "begin-selection",
        "next-word-end",
        "copy-selection",
        "cursor-down",
        "begin-selection",
        "end-of-line",
        "append-selection-and-cancel",
    ]);
    assert_eq!(p.both(&["show-buffer"]), "firstdented foo.bar(baz) qux\n");
    // pipe* runs the command on the selection and copies nothing; copy-pipe* copies too.
    let dir = tempfile::Builder::new()
        .prefix("ccmux-pipes")
        .tempdir()
        .unwrap();
    let file = |who: &str, n: usize| dir.path().join(format!("{who}{n}"));
    let read =
        |n: usize| move |who: &str| std::fs::read_to_string(file(who, n)).unwrap_or_default();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["select-line"], "pipe-no-clear", "first line of text\n"),
        (&["select-line"], "pipe", "first line of text\n"),
        (
            &["cursor-down", "next-word", "select-word"],
            "pipe-and-cancel",
            "indented",
        ),
        (&["next-word"], "copy-pipe-end-of-line", "line of text\n"),
        (
            &["cursor-down"],
            "copy-pipe-line",
            "  indented foo.bar(baz) qux\n",
        ),
        (&["begin-selection", "next-word"], "copy-pipe", "first l"),
        (
            &["next-word"],
            "copy-pipe-end-of-line-and-cancel",
            "line of text\n",
        ),
    ];
    for (n, (before, command, expected)) in cases.iter().enumerate() {
        p.both(&["copy-mode"]);
        p.steps(&["history-top", "start-of-line"]);
        p.steps(before);
        let run = |who: &str, args: &[&str]| {
            if who == "tmux" {
                p.tmux.run(args)
            } else {
                p.cc.run(args)
            }
        };
        for who in ["tmux", "ccmux"] {
            let cmd = format!("cat > {}", file(who, n).display());
            let r = run(who, &["send-keys", "-X", command, &cmd]);
            assert_eq!(r.status, 0, "{command} on {who}: {}", r.stderr);
        }
        assert_eq!(&same_file(command, read(n)), expected, "{command}");
        p.steps(&["cursor-right"]);
        p.both(&["copy-mode", "-q"]);
    }
}

#[test]
fn refresh_from_pane_shows_what_the_pane_printed_since() {
    let Some(p) = Pair::new("vi") else { return };
    for (who, tty) in [
        ("tmux", p.tmux.run(&["display", "-p", "#{pane_tty}"]).stdout),
        ("ccmux", p.cc.ok(&["display", "-p", "#{pane_tty}"])),
    ] {
        let tty = tty.trim();
        assert!(tty.starts_with("/dev/"), "{who}: pane_tty {tty:?}");
        std::fs::write(tty, "printed meanwhile\r\n").unwrap();
    }
    // Each server's pane shows it in its own time: wait for both, then compare.
    let start = Instant::now();
    let shown = |run: &dyn Fn(&[&str]) -> common::Run| {
        run(&["capture-pane", "-p"])
            .stdout
            .contains("printed meanwhile")
    };
    while !shown(&|a| p.cc.run(a)) || !shown(&|a| p.tmux.run(a)) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the panes printed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    p.both(&["capture-pane", "-p"]);
    // Copy mode shows what the pane had when it started, until refresh-from-pane.
    p.steps(&[
        "search-backward meanwhile",
        "history-bottom",
        "refresh-from-pane",
        "search-backward meanwhile",
        "select-line",
        "copy-selection-and-cancel",
    ]);
    assert_eq!(p.both(&["show-buffer"]), "printed meanwhile\n");
}

#[test]
fn modes_take_no_synchronized_keys_and_end_like_tmux() {
    let Some(p) = Pair::new("vi") else { return };
    p.both(&["copy-mode", "-q"]);
    p.both(&["set-hook", "-g", "pane-mode-changed", "set -ga @modes x"]);
    p.both(&["split-window", "-h", "-t", "c", "cat"]);
    p.both(&["set", "-w", "-t", "c", "synchronize-panes", "on"]);
    p.both(&["copy-mode", "-t", "c.0"]);
    p.both(&["send-keys", "-t", "c.1", "typed", "Enter"]);
    let start = Instant::now();
    while p
        .both(&["capture-pane", "-p", "-t", "c.1"])
        .matches("typed")
        .count()
        < 2
    {
        assert!(start.elapsed() < Duration::from_secs(10), "cat echoed");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    // The pane in copy mode got nothing.
    let left = p.both(&["capture-pane", "-p", "-t", "c.0"]);
    assert!(!left.contains("typed"), "{left}");
    // clear-history and respawn-pane end the mode (with the hook, as any end of a mode).
    let shown = "#{pane_in_mode} #{history_size} #{@modes}";
    p.both(&["clear-history", "-t", "c.0"]);
    assert_eq!(p.both(&["display", "-p", "-t", "c.0", shown]), "0 0 xx\n");
    p.both(&["copy-mode", "-t", "c.1"]);
    p.both(&["respawn-pane", "-k", "-t", "c.1", "cat"]);
    assert_eq!(p.both(&["display", "-p", "-t", "c.1", shown]), "0 0 xxxx\n");
    p.both(&["copy-mode", "-t", "c.1"]);
    p.both(&["copy-mode", "-q", "-t", "c.1"]);
    assert_eq!(p.both(&["show", "-gv", "@modes"]), "xxxxxx\n");
}

#[test]
fn copy_mode_follows_a_resize_like_tmux() {
    let Some(p) = Pair::new("vi") else { return };
    p.steps(&[
        "history-top",
        "cursor-down",
        "next-word",
        "begin-selection",
        "next-word-end",
    ]);
    for (x, y) in [("25", "6"), ("13", "10"), ("60", "8"), ("40", "8")] {
        p.both(&["resize-window", "-t", "c", "-x", x, "-y", y]);
        std::thread::sleep(Duration::from_millis(100));
        p.steps(&["cursor-down", "cursor-up"]);
    }
    p.steps(&[
        "search-backward foo",
        "select-line",
        "copy-selection-and-cancel",
    ]);
}

#[test]
fn wide_characters_and_separators_match_tmux() {
    let text = "漢字かな mixed 漢字 text\ncafe\u{301} na\u{ef}ve — dash\n\
        tab\there, comma,separated;words\nend of wide\n";
    for keys in ["vi", "emacs"] {
        let Some(p) = Pair::with_text(keys, text, "end of wide") else {
            return;
        };
        p.steps(&[
            "history-top",
            "top-line",
            "start-of-line",
            "cursor-right",
            "cursor-right",
            "select-word",
            "copy-selection",
            "next-word",
            "next-word",
            "cursor-right",
            "begin-selection",
            "end-of-line",
            "copy-selection",
            "cursor-down",
            "start-of-line",
            "next-word-end",
            "next-word-end",
            "previous-word",
            "jump-forward —",
            "select-line",
            "copy-selection",
            "search-forward ,",
            "search-again",
            "select-word",
            "copy-selection",
        ]);
        p.both(&["set", "-g", "word-separators", ",;"]);
        p.steps(&[
            "cursor-left",
            "previous-word",
            "next-word",
            "next-word-end",
            "select-word",
            "copy-selection",
            "cursor-up",
            "search-backward 字",
            "search-again",
            "begin-selection",
            "search-forward-text e\u{301}",
            "copy-selection-and-cancel",
        ]);
    }
}

#[test]
fn source_panes_formats_and_wrap_search_match_tmux() {
    let Some(p) = Pair::new("emacs") else { return };
    p.both(&["copy-mode", "-q"]);
    p.both(&[
        "split-window",
        "-v",
        "-t",
        "c",
        "printf 'other pane text\\n'; exec sleep 1000",
    ]);
    // Each server's pane prints in its own time: wait for both, then compare.
    let start = Instant::now();
    let printed = |run: &dyn Fn(&[&str]) -> common::Run| {
        run(&["capture-pane", "-p", "-t", "c.1"])
            .stdout
            .contains("other pane")
    };
    while !printed(&|a| p.cc.run(a)) || !printed(&|a| p.tmux.run(a)) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the pane printed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    p.both(&["capture-pane", "-p", "-t", "c.1"]);
    // -s: copy mode on one pane over another's contents.
    p.both(&["copy-mode", "-s", "c.1", "-t", "c.0"]);
    p.both(&["select-pane", "-t", "c.0"]);
    p.steps(&["history-top", "select-line", "copy-selection-and-cancel"]);
    assert_eq!(p.both(&["show-buffer"]), "other pane text");
    // -F: the search text is a format.
    p.both(&["select-pane", "-t", "c.0"]);
    p.both(&["copy-mode"]);
    p.both(&["set", "-g", "@word", "bracket"]);
    p.both(&["send-keys", "-F", "-X", "search-backward", "#{@word}s"]);
    let found = p.both(&["display", "-p", "#{search_present}:#{search_match}"]);
    assert_eq!(found, "1:brackets\n");
    p.steps(&["cursor-right"]);
    // wrap-search off: the search stops at the end.
    p.both(&["set", "-g", "wrap-search", "off"]);
    p.steps(&[
        "history-bottom",
        "search-forward first",
        "search-backward first",
        "search-again",
        "search-reverse",
    ]);
}
