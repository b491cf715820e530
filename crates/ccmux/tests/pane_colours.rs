//! `window-style` and `window-active-style`: the default colours of the panes (the active one's
//! and the others'), ccmux and tmux 3.3a side by side through real terminals, colours compared.

mod common;

use common::side::Side;
use std::time::{Duration, Instant};

/// A captured screen (`capture-pane -ep`) as cells: each line's characters with the colours and
/// attributes in force (carried from line to line as the capture writes them), trailing spaces left
/// out. tmux draws a line's blank end with an erase and ccmux with spaces; the outer terminal keeps
/// only the spaces, so the blank ends are not compared, nor the foreground of a space.
fn cells(captured: &str) -> Vec<Vec<(char, String)>> {
    let (mut fg, mut bg, mut attrs) = (String::new(), String::new(), Vec::<String>::new());
    let mut out = Vec::new();
    for line in captured.lines() {
        let mut row = Vec::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\u{1b}' {
                // A space's foreground does not show (unless reversed).
                let shown = if c == ' ' && !attrs.iter().any(|a| a == "7") {
                    ""
                } else {
                    &fg
                };
                let pen = format!("{shown}/{bg}/{}", attrs.join(","));
                row.push((c, pen));
                continue;
            }
            chars.next(); // [
            let mut params = String::new();
            for p in chars.by_ref() {
                if p == 'm' {
                    break;
                }
                params.push(p);
            }
            let list: Vec<&str> = params.split(';').collect();
            let mut i = 0;
            while i < list.len() {
                let n: u32 = list[i].parse().unwrap_or(0);
                match n {
                    0 => (fg, bg, attrs) = (String::new(), String::new(), Vec::new()),
                    30..=37 | 90..=97 => fg = n.to_string(),
                    39 => fg.clear(),
                    40..=47 | 100..=107 => bg = n.to_string(),
                    49 => bg.clear(),
                    38 | 48 => {
                        let take = if list.get(i + 1) == Some(&"5") { 2 } else { 4 };
                        let v = list[i..(i + 1 + take).min(list.len())].join(";");
                        if n == 38 {
                            fg = v
                        } else {
                            bg = v
                        }
                        i += take;
                    }
                    _ => attrs.push(n.to_string()),
                }
                i += 1;
            }
        }
        while row.last().is_some_and(|(c, _)| *c == ' ') {
            row.pop();
        }
        out.push(row);
    }
    out
}

/// Waits (up to 10 s) until both screens, as [`cells`], are the same and `f` holds of ccmux's
/// capture.
fn same_cells(side: &Side, what: &str, f: impl Fn(&str) -> bool) {
    let start = Instant::now();
    loop {
        let c = side.o.tmux(&["capture-pane", "-ep", "-t", "cc"]);
        let t = side.o.tmux(&["capture-pane", "-ep", "-t", "tx"]);
        if cells(&c) == cells(&t) && f(&c) {
            return;
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!("{what}: the screens differ\n--- ccmux\n{c:?}\n--- tmux\n{t:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn panes_take_their_default_colours_from_the_window_styles_as_in_tmux() {
    let Some(side) = Side::or_skip(
        "panecolours",
        &[&["new", "-d", "-s", "a", "-x", "40", "-y", "10"]],
    ) else {
        return;
    };
    side.cc.wait_for("a", "$");
    side.both(&["split-window", "-h", "-t", "a"]);
    side.attach(40, 10, "-t a");
    same_cells(&side, "no styles", |s| s.contains('│'));
    side.both(&["set", "-g", "window-style", "fg=red,bg=blue"]);
    same_cells(&side, "window-style", |s| s.contains("\u{1b}[44m"));
    // The active pane: its own background, the other pane's foreground.
    side.both(&["set", "-g", "window-active-style", "bg=green"]);
    same_cells(&side, "window-active-style", |s| {
        s.contains("\u{1b}[42m") && s.contains("\u{1b}[44m")
    });
    // Text a program colours keeps its colours.
    side.keys(&["printf '\\033[33mYEL\\033[0m\\n'", "Enter"]);
    same_cells(&side, "coloured output", |s| s.contains("YEL"));
    side.both(&["select-pane", "-t", "a.0"]);
    same_cells(&side, "another active pane", |s| s.contains("YEL"));
}
