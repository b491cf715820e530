//! Copy mode as tmux 3.3a's: the same copy commands (`send-keys -X`) on the same pane contents give
//! the same cursor, selection, search and scroll state (`#{copy_cursor_x}`...) and the same buffers
//! on ccmux and on tmux; typed keys go through the `copy-mode` and `copy-mode-vi` tables (defaults and
//! user bindings) on a real attached client, which draws what tmux draws.

mod common;

use common::outer::Outer;
use common::{Ccmux, Tmux};
use std::time::{Duration, Instant};

const TEXT: &str = "first line of text
  indented foo.bar(baz) qux
hello world hello again
path/to/some_file.rs:42: error here
(nested [brackets {here}] ok)

after blank line
UPPER lower MiXeD
one two three four five six seven eight nine ten eleven twelve
last line
";

/// Everything copy mode shows as variables.
const STATE: &str = "mode=#{pane_in_mode}:#{pane_mode} cursor=#{copy_cursor_x},#{copy_cursor_y} \
    oy=#{scroll_position} sel=#{selection_present}:#{selection_start_x},#{selection_start_y}-\
    #{selection_end_x},#{selection_end_y}:#{selection_active} rect=#{rectangle_toggle} \
    search=#{search_present}:#{search_match}: word=#{copy_cursor_word}: line=#{copy_cursor_line}:";

/// A tmux and a ccmux server, each with a 40x8 session showing TEXT, in copy mode.
struct Pair {
    tmux: Tmux,
    cc: Ccmux,
    _dir: tempfile::TempDir,
}

impl Pair {
    fn new(mode_keys: &str) -> Option<Pair> {
        Pair::with_text(mode_keys, TEXT, "last line")
    }

    /// The same with `text` in the panes, shown once `last` is.
    fn with_text(mode_keys: &str, text: &str, last: &str) -> Option<Pair> {
        let Some(tmux) = Tmux::new() else {
            eprintln!("SKIPPED: tmux is not installed; nothing compared");
            return None;
        };
        let cc = Ccmux::new();
        let dir = tempfile::Builder::new()
            .prefix("ccmux-copy")
            .tempdir()
            .unwrap();
        let file = dir.path().join("text");
        std::fs::write(&file, text).unwrap();
        let cmd = format!("cat {}; exec sleep 1000", file.display());
        let args = ["new-session", "-d", "-s", "c", "-x", "40", "-y", "8", &cmd];
        assert_eq!(tmux.run(&args).status, 0);
        cc.ok(&args);
        for r in [
            tmux.run(&["set", "-g", "mode-keys", mode_keys]),
            cc.run(&["set", "-g", "mode-keys", mode_keys]),
        ] {
            assert_eq!(r.status, 0, "{}", r.stderr);
        }
        cc.wait_for("c", last);
        let start = Instant::now();
        while !tmux.run(&["capture-pane", "-p"]).stdout.contains(last) {
            assert!(start.elapsed() < Duration::from_secs(10), "tmux pane");
            std::thread::sleep(Duration::from_millis(20));
        }
        let p = Pair {
            tmux,
            cc,
            _dir: dir,
        };
        p.both(&["copy-mode"]);
        Some(p)
    }

    /// Runs a command line on both; they must agree on its output and status. Returns the output.
    fn both(&self, args: &[&str]) -> String {
        let t = self.tmux.run(args);
        let c = self.cc.run(args);
        assert_eq!(
            (t.status, &t.stdout, &t.stderr),
            (c.status, &c.stdout, &c.stderr),
            "{args:?}: tmux (left) and ccmux (right) differ"
        );
        c.stdout
    }

    /// The copy mode state and the newest buffer, as both servers have them.
    fn state(&self) -> String {
        let state = self.both(&["display-message", "-p", STATE]);
        let buffers = self.both(&["list-buffers", "-F", "#{buffer_name}=#{buffer_sample}"]);
        format!("{}{}", state, buffers.lines().next().unwrap_or(""))
    }

    /// Runs `send-keys -X` steps on both; after each, the state must be the same.
    fn steps(&self, steps: &[&str]) {
        for step in steps {
            let words = split(step);
            let mut args = vec!["send-keys", "-X"];
            args.extend(words.iter().map(String::as_str));
            let t = self.tmux.run(&args);
            let c = self.cc.run(&args);
            assert_eq!(
                (t.status, &t.stderr),
                (c.status, &c.stderr),
                "{step}: exit status and errors"
            );
            let t = self.tmux.run(&["display-message", "-p", STATE]).stdout;
            let c = self.cc.run(&["display-message", "-p", STATE]).stdout;
            assert_eq!(t, c, "after `{step}`: tmux (left), ccmux (right)");
            let t = self
                .tmux
                .run(&["list-buffers", "-F", "#{buffer_name}=#{buffer_sample}"]);
            let c = self
                .cc
                .run(&["list-buffers", "-F", "#{buffer_name}=#{buffer_sample}"]);
            assert_eq!(t.stdout, c.stdout, "buffers after `{step}`");
        }
    }
}

/// A `capture-pane -e` screen as rows of (character, SGR state) cells, trailing blank cells dropped:
/// two terminals that show the same thing compare equal whatever escape sequences drew it.
fn cells(screen: &str) -> Vec<Vec<(char, String)>> {
    let mut fg = String::new();
    let mut bg = String::new();
    let mut attrs = std::collections::BTreeSet::new();
    let mut rows = Vec::new();
    for line in screen.lines() {
        let mut row = Vec::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\x1b' {
                row.push((c, format!("{fg}/{bg}/{attrs:?}")));
                continue;
            }
            chars.next();
            let mut params = String::new();
            for p in chars.by_ref() {
                if p == 'm' {
                    break;
                }
                params.push(p);
            }
            let mut ps = params.split(';').peekable();
            while let Some(p) = ps.next() {
                match p {
                    "" | "0" => {
                        fg.clear();
                        bg.clear();
                        attrs.clear();
                    }
                    "39" => fg.clear(),
                    "49" => bg.clear(),
                    "38" | "48" => {
                        let kind = ps.next().unwrap_or("");
                        let n = if kind == "5" { 1 } else { 3 };
                        let v: Vec<&str> = ps.by_ref().take(n).collect();
                        let c = format!("{kind}:{}", v.join(":"));
                        if p == "38" {
                            fg = c;
                        } else {
                            bg = c;
                        }
                    }
                    p if p.len() == 2 && (p.starts_with('3') || p.starts_with('9')) => {
                        fg = p.into()
                    }
                    p if p.starts_with('4') && p.len() == 2 || p.starts_with("10") => bg = p.into(),
                    p if p.starts_with('2') && p.len() == 2 => {
                        attrs.remove(&p[1..]);
                    }
                    p => {
                        attrs.insert(p.to_string());
                    }
                }
            }
        }
        while row.last().is_some_and(|(c, st)| *c == ' ' && st == "//{}") {
            row.pop();
        }
        rows.push(row);
    }
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    rows
}

/// Splits a step into words; a word in double quotes may hold spaces.
fn split(step: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = step.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').unwrap();
            out.push(r[..end].to_string());
            rest = r[end + 1..].trim_start();
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
    out
}

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

/// An outer terminal with ccmux attached in window `cc` and tmux attached in window `tm`, both to a
/// 50x10 session showing TEXT without a status line.
struct Screens {
    outer: Outer,
    pair: Pair,
}

impl Screens {
    fn new(mode_keys: &str) -> Option<Screens> {
        let pair = Pair::new(mode_keys)?;
        pair.both(&["copy-mode", "-q"]);
        // ccmux waits 10 ms for the rest of an escape sequence: so does tmux here.
        for r in [
            pair.tmux.run(&["set", "-g", "status", "off"]),
            pair.tmux.run(&["set", "-s", "escape-time", "10"]),
            pair.cc.run(&["set", "-g", "status", "off"]),
        ] {
            assert_eq!(r.status, 0);
        }
        let outer = Outer::new(&format!("copy{}", std::process::id() % 1000));
        outer.start(&pair.cc, "cc", 40, 8, "attach -t c");
        let tmux_attach = format!(
            "env -u TMUX HOME={} TERM=xterm-256color tmux -L {} -f /dev/null attach -t c; sleep 30",
            pair.tmux.home.path().display(),
            pair.tmux.socket
        );
        outer.tmux(&["new-window", "-d", "-t", "cc:", "-n", "tm", &tmux_attach]);
        outer.wait_for("cc:0", "last line");
        outer.wait_for("cc:tm", "last line");
        Some(Screens { outer, pair })
    }

    /// Types the same keys into both clients, one at a time (tmux reads an Escape and the key after
    /// it as one Meta key only when they come together, and apart from the keys around them).
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.outer.keys("cc:0", &[k]);
            self.outer.keys("cc:tm", &[k]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Waits until both clients draw the same cells (characters, colours and attributes); returns
    /// ccmux's screen.
    fn same(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let c = self.outer.tmux(&["capture-pane", "-p", "-e", "-t", "cc:0"]);
            let t = self
                .outer
                .tmux(&["capture-pane", "-p", "-e", "-t", "cc:tm"]);
            if cells(&c) == cells(&t) {
                return c;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let diff: Vec<String> = c
                    .lines()
                    .zip(t.lines())
                    .filter(|(a, b)| a != b)
                    .map(|(a, b)| format!("ccmux {a:?}\ntmux  {b:?}"))
                    .collect();
                panic!(
                    "{what}: ccmux drew\n{c}\ntmux drew\n{t}\n{}",
                    diff.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

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

/// Waits until `read` gives the same non-empty text for tmux and ccmux; returns it.
fn same_file(what: &str, read: impl Fn(&str) -> String) -> String {
    let start = Instant::now();
    loop {
        let (t, c) = (read("tmux"), read("ccmux"));
        if !t.is_empty() && t == c {
            return c;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{what}: tmux wrote {t:?}, ccmux {c:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
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
    let start = Instant::now();
    while !(p
        .both(&["capture-pane", "-p"])
        .contains("printed meanwhile"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the panes printed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
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

impl Screens {
    /// Sends mouse events (SGR, 1-based) to both clients, each to both before the next.
    fn mouse(&self, events: &[(u16, u16, u16, char)]) {
        for (b, x, y, end) in events {
            let ev = format!("\x1b[<{b};{x};{y}{end}");
            self.outer.keys("cc:0", &["-l", &ev]);
            self.outer.keys("cc:tm", &["-l", &ev]);
        }
    }

    /// Waits until both servers hold the same newest buffer, other than `old`; returns it.
    fn copied(&self, what: &str, old: &str) -> String {
        let start = Instant::now();
        loop {
            let t = self.pair.tmux.run(&["show-buffer"]).stdout;
            let c = self.pair.cc.run(&["show-buffer"]).stdout;
            if t != old && t == c {
                return c;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{what}: tmux copied {t:?}, ccmux {c:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
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
    s.mouse(&[
        (0, 9, 4, 'M'),
        (0, 9, 4, 'm'),
        (0, 9, 4, 'M'),
        (0, 9, 4, 'm'),
    ]);
    assert_eq!(s.copied("a double click", "ter blank line\nUPPER"), "lower");
    s.same("the word copied");
    // A triple click takes the line.
    std::thread::sleep(Duration::from_millis(400));
    s.mouse(&[
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
    s.mouse(&[
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
    let start = Instant::now();
    while !p
        .both(&["capture-pane", "-p", "-t", "c.1"])
        .contains("other pane")
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the pane printed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
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
