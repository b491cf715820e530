//! Copy mode side by side with tmux: a [`Pair`] of servers showing the same text in the same copy
//! mode, driven by the same `send-keys -X` steps; [`Screens`]: both attached in an outer terminal.

use super::outer::Outer;
use super::{Ccmux, Tmux};
use std::time::{Duration, Instant};

pub const TEXT: &str = "first line of text
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
pub const STATE: &str =
    "mode=#{pane_in_mode}:#{pane_mode} cursor=#{copy_cursor_x},#{copy_cursor_y} \
    oy=#{scroll_position} sel=#{selection_present}:#{selection_start_x},#{selection_start_y}-\
    #{selection_end_x},#{selection_end_y}:#{selection_active} rect=#{rectangle_toggle} \
    search=#{search_present}:#{search_match}: word=#{copy_cursor_word}: line=#{copy_cursor_line}:";

/// A tmux and a ccmux server, each with a 40x8 session showing TEXT, in copy mode.
pub struct Pair {
    pub tmux: Tmux,
    pub cc: Ccmux,
    _dir: tempfile::TempDir,
}

impl Pair {
    pub fn new(mode_keys: &str) -> Option<Pair> {
        Pair::with_text(mode_keys, TEXT, "last line")
    }

    /// The same with `text` in the panes, shown once `last` is.
    pub fn with_text(mode_keys: &str, text: &str, last: &str) -> Option<Pair> {
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
    pub fn both(&self, args: &[&str]) -> String {
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
    pub fn state(&self) -> String {
        let state = self.both(&["display-message", "-p", STATE]);
        let buffers = self.both(&["list-buffers", "-F", "#{buffer_name}=#{buffer_sample}"]);
        format!("{}{}", state, buffers.lines().next().unwrap_or(""))
    }

    /// Runs `send-keys -X` steps on both; after each, the state must be the same.
    pub fn steps(&self, steps: &[&str]) {
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
pub fn cells(screen: &str) -> Vec<Vec<(char, String)>> {
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
pub fn split(step: &str) -> Vec<String> {
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

/// An outer terminal with ccmux attached in window `cc` and tmux attached in window `tm`, both to a
/// 50x10 session showing TEXT without a status line.
pub struct Screens {
    pub outer: Outer,
    pub pair: Pair,
}

impl Screens {
    pub fn new(mode_keys: &str) -> Option<Screens> {
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
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.outer.keys("cc:0", &[k]);
            self.outer.keys("cc:tm", &[k]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Waits until both clients draw the same cells (characters, colours and attributes); returns
    /// ccmux's screen.
    pub fn same(&self, what: &str) -> String {
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

/// Waits until `read` gives the same non-empty text for tmux and ccmux; returns it.
pub fn same_file(what: &str, read: impl Fn(&str) -> String) -> String {
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

impl Screens {
    /// Sends mouse events (SGR, 1-based) to both clients, each to both before the next.
    pub fn mouse(&self, events: &[(u16, u16, u16, char)]) {
        for (b, x, y, end) in events {
            let ev = format!("\x1b[<{b};{x};{y}{end}");
            self.outer.keys("cc:0", &["-l", &ev]);
            self.outer.keys("cc:tm", &["-l", &ev]);
        }
    }

    /// Sends mouse events to both clients at once, each client all of them in one write (clicks
    /// counted within 300 ms stay counted on a loaded machine).
    pub fn clicks(&self, events: &[(u16, u16, u16, char)]) {
        let all: String = events
            .iter()
            .map(|(b, x, y, end)| format!("\x1b[<{b};{x};{y}{end}"))
            .collect();
        self.outer.keys("cc:0", &["-l", &all]);
        self.outer.keys("cc:tm", &["-l", &all]);
    }

    /// Waits until both servers hold the same newest buffer, other than `old`; returns it.
    pub fn copied(&self, what: &str, old: &str) -> String {
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
