//! ccmux and tmux side by side, each attached in its own session of one outer tmux: the same keys to
//! both, their screens compared (tmux's regress style, through real terminals).

use super::outer::{client_command, Outer};
use super::{Ccmux, Tmux};
use std::time::{Duration, Instant};

pub struct Side {
    pub cc: Ccmux,
    pub tx: Tmux,
    pub o: Outer,
}

impl Side {
    /// Both servers with the same sessions made by `setup` (run on each), unattached. `None` (the
    /// caller says it skipped) without tmux.
    pub fn new(tag: &str, setup: &[&[&str]]) -> Option<Side> {
        let tx = Tmux::new()?;
        let cc = Ccmux::new();
        for s in setup {
            cc.ok(s);
            let r = tx.run(s);
            assert_eq!(r.status, 0, "tmux {s:?}: {}", r.stderr);
        }
        // Nothing on either screen that changes by itself (the time) or differs for no reason.
        for s in [
            &["set", "-g", "status-right", ""][..],
            &["set", "-s", "escape-time", "0"],
        ] {
            cc.run(s);
            tx.run(s);
        }
        Some(Side {
            cc,
            tx,
            o: Outer::new(tag),
        })
    }

    /// [`Side::new`], saying that the test skips when there is no tmux to compare with.
    pub fn or_skip(tag: &str, setup: &[&[&str]]) -> Option<Side> {
        let side = Side::new(tag, setup);
        if side.is_none() {
            eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        }
        side
    }

    /// Attaches both (`attach ARGS`) in an outer terminal `cols` x `rows`.
    pub fn attach(&self, cols: u16, rows: u16, args: &str) {
        self.o
            .start(&self.cc, "cc", cols, rows, &format!("attach {args}"));
        let cmd = format!(
            "env -u TMUX HOME={} SHELL=/bin/sh ENV= TERM=xterm-256color tmux -L {} -f /dev/null attach {args}; sleep 30",
            self.tx.home.path().display(),
            self.tx.socket,
        );
        self.o.tmux(&[
            "new-session",
            "-d",
            "-s",
            "tx",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
            &cmd,
        ]);
        self.o.wait("cc", "ccmux attached", |s| s.contains('['));
        self.o.wait("tx", "tmux attached", |s| s.contains('['));
    }

    /// The client command for ccmux (another client).
    pub fn cc_client(&self, args: &str) -> String {
        client_command(&self.cc, args)
    }

    /// Types the same keys (`send-keys` arguments) into both clients.
    /// A trailing Escape gets a pause after it, so the next key is not read with it as a Meta key.
    pub fn keys(&self, keys: &[&str]) {
        self.o.keys("cc", keys);
        self.o.keys("tx", keys);
        if keys.last() == Some(&"Escape") {
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Runs a command on both servers; both must succeed.
    pub fn both(&self, args: &[&str]) -> (String, String) {
        let r = self.tx.run(args);
        assert_eq!(r.status, 0, "tmux {args:?}: {}", r.stderr);
        (self.cc.ok(args), r.stdout)
    }

    pub fn screens(&self) -> (String, String) {
        (self.o.screen("cc"), self.o.screen("tx"))
    }

    /// Waits (up to 10 s) until both screens satisfy `f` and are the same; returns the screen.
    pub fn same_when(&self, what: &str, f: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (c, t) = self.screens();
            if c == t && f(&c) {
                return c;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("{what}: the screens differ\n--- ccmux\n{c}\n--- tmux\n{t}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until both screens show `needle` and are the same.
    pub fn same(&self, needle: &str) -> String {
        self.same_when(needle, |s| s.contains(needle))
    }

    /// The screens with `capture-pane -e` (colours and attributes), once both satisfy `f` and are
    /// the same. Default-foreground resets are left out: where a highlighted line's padding has
    /// the default foreground or not depends on how the terminal was told (spaces or an erase),
    /// which shows the same.
    pub fn same_styled(&self, what: &str, f: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let styled = |name: &str| {
            self.o
                .tmux(&["capture-pane", "-ep", "-t", name])
                .replace("\x1b[39m", "")
        };
        loop {
            let c = styled("cc");
            let t = styled("tx");
            if c == t && f(&c) {
                return c;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("{what}: the styled screens differ\n--- ccmux\n{c:?}\n--- tmux\n{t:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
