//! `set-titles`: the client's terminal title is `set-titles-string` (strftime, the client's session,
//! window and pane), written when it changes, ccmux and tmux 3.3a side by side (the outer tmux shows
//! each client's title as its pane's title).

mod common;

use common::side::Side;
use std::time::{Duration, Instant};

/// The titles the outer tmux has for the ccmux and the tmux client, once they agree and `f` holds
/// (up to 10 s).
fn titles_when(side: &Side, what: &str, f: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let c = side.o.tmux(&["display", "-p", "-t", "cc", "#{pane_title}"]);
        let t = side.o.tmux(&["display", "-p", "-t", "tx", "#{pane_title}"]);
        if c == t && f(&c) {
            return c;
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!("{what}: the titles differ: ccmux {c:?}, tmux {t:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_terminal_title_follows_set_titles_string_as_in_tmux() {
    let Some(side) = Side::or_skip(
        "titles",
        &[&["new", "-d", "-s", "a", "-x", "80", "-y", "24"]],
    ) else {
        return;
    };
    side.cc.wait_for("a", "$");
    side.both(&[
        "set",
        "-g",
        "set-titles-string",
        "T:#S:#I:#W:%%:#{client_termname}",
    ]);
    // Off (the default): no title is written.
    side.attach(80, 24, "-t a");
    std::thread::sleep(Duration::from_millis(500));
    let before = side.o.tmux(&["display", "-p", "-t", "cc", "#{pane_title}"]);
    assert!(
        !before.starts_with("T:"),
        "a title with set-titles off: {before:?}"
    );
    side.both(&["set", "-g", "set-titles", "on"]);
    titles_when(&side, "set-titles on", |t| {
        t == "T:a:0:sh:%:xterm-256color\n"
    });
    // It follows the window and the session.
    side.both(&["rename-window", "-t", "a:0", "ed"]);
    titles_when(&side, "a window renamed", |t| t.starts_with("T:a:0:ed:"));
    side.both(&["rename-session", "-t", "a", "b"]);
    titles_when(&side, "the session renamed", |t| t.starts_with("T:b:0:ed:"));
    side.both(&["new-window", "-t", "b:1", "-n", "two"]);
    titles_when(&side, "a new current window", |t| {
        t.starts_with("T:b:1:two:")
    });
}
