//! A control-mode client (`-C`) driven over pipes, for ccmux and tmux alike: lines go to its
//! standard input, everything it writes is collected line by line; transcripts are normalised for
//! comparison (times and command numbers, which depend on the server's clock and history).

use super::{Ccmux, Tmux};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Lines read so far, and whether the reader may read (a closed gate makes a slow consumer).
#[derive(Default)]
struct Shared {
    lines: Mutex<Vec<String>>,
    changed: Condvar,
    gate: Mutex<bool>,
    gate_changed: Condvar,
}

pub struct Control {
    child: Child,
    stdin: Option<ChildStdin>,
    shared: Arc<Shared>,
}

/// A tmux config that keeps window names still (tmux renames windows after what runs in them;
/// ccmux has no automatic-rename), for both servers.
pub const QUIET_CONF: &str = "set -g automatic-rename off\n";

impl Control {
    /// Starts `cmd` (a `-C` client) reading its output at once.
    pub fn spawn(cmd: Command) -> Control {
        Self::spawn_gated(cmd, true)
    }

    /// Starts `cmd`; with `open` false its output is not read until [`Control::open`].
    pub fn spawn_gated(mut cmd: Command, open: bool) -> Control {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("control client starts");
        let stdout = child.stdout.take().expect("stdout");
        let shared = Arc::new(Shared::default());
        *shared.gate.lock().unwrap() = open;
        let s = shared.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(4096, stdout);
            loop {
                {
                    let mut g = s.gate.lock().unwrap();
                    while !*g {
                        g = s.gate_changed.wait(g).unwrap();
                    }
                }
                let mut line = Vec::new();
                match r.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        if line.last() == Some(&b'\n') {
                            line.pop();
                        }
                        s.lines
                            .lock()
                            .unwrap()
                            .push(String::from_utf8_lossy(&line).into_owned());
                        s.changed.notify_all();
                    }
                }
            }
        });
        Control {
            stdin: child.stdin.take(),
            child,
            shared,
        }
    }

    /// `ccmux -C ARGS` on the instance's server.
    pub fn ccmux(t: &Ccmux, args: &[&str]) -> Control {
        Self::spawn(ccmux_command(t, args))
    }

    /// `tmux -C ARGS` on a private tmux server with `conf` as its config file.
    pub fn tmux(t: &Tmux, conf: &std::path::Path, args: &[&str]) -> Control {
        Self::spawn(tmux_command(t, conf, args))
    }

    pub fn open(&self) {
        *self.shared.gate.lock().unwrap() = true;
        self.shared.gate_changed.notify_all();
    }

    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .expect("control client reads");
        stdin.flush().unwrap();
    }

    /// Closes standard input (end of input).
    pub fn close(&mut self) {
        self.stdin.take();
    }

    pub fn lines(&self) -> Vec<String> {
        self.shared.lines.lock().unwrap().clone()
    }

    /// Waits (up to `secs`) until a line satisfies `f` (looking from line `from`); its index.
    pub fn wait_from(&self, from: usize, secs: u64, f: impl Fn(&str) -> bool) -> Option<usize> {
        let end = Instant::now() + Duration::from_secs(secs);
        let mut lines = self.shared.lines.lock().unwrap();
        loop {
            if let Some(i) = lines.iter().skip(from).position(|l| f(l)) {
                return Some(from + i);
            }
            let now = Instant::now();
            if now >= end {
                return None;
            }
            lines = self
                .shared
                .changed
                .wait_timeout(lines, end - now)
                .unwrap()
                .0;
        }
    }

    /// Waits for a line satisfying `f`; panics with the transcript if none comes in 10 s.
    pub fn wait(&self, what: &str, f: impl Fn(&str) -> bool) -> usize {
        match self.wait_from(0, 10, f) {
            Some(i) => i,
            None => panic!("no {what} in:\n{}", self.lines().join("\n")),
        }
    }

    /// Waits until no line came for `quiet` (at most `max`).
    pub fn settle(&self, quiet: Duration, max: Duration) {
        let start = Instant::now();
        let mut n = self.lines().len();
        let mut since = Instant::now();
        while start.elapsed() < max {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.lines().len();
            if now != n {
                n = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return;
            }
        }
    }

    /// Sends a command line and waits for `blocks` reply blocks of a line (flags 1) to end, then
    /// for the notifications it raised (quiet for 150 ms); returns the lines that came.
    pub fn cmd_blocks(&mut self, line: &str, blocks: usize) -> Vec<String> {
        let from = self.lines().len();
        let ends = |ls: &[String]| {
            ls.iter()
                .skip(from)
                .filter(|l| is_guard(l, "%end") || is_guard(l, "%error"))
                .filter(|l| l.ends_with(" 1"))
                .count()
        };
        self.send(line);
        let end = Instant::now() + Duration::from_secs(10);
        while ends(&self.lines()) < blocks {
            if Instant::now() > end {
                panic!("no reply to {line:?} in:\n{}", self.lines().join("\n"));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        self.settle(Duration::from_millis(150), Duration::from_secs(2));
        self.lines().split_off(from)
    }

    pub fn cmd(&mut self, line: &str) -> Vec<String> {
        self.cmd_blocks(line, 1)
    }

    /// Waits (up to 15 s) for the client to exit; its status and every line it wrote.
    pub fn finish(mut self) -> (i32, Vec<String>) {
        self.close();
        let end = Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s.code().unwrap_or(-1);
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!("control client did not exit:\n{}", self.lines().join("\n"));
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        // The reader has the last lines once the pipe closes.
        std::thread::sleep(Duration::from_millis(50));
        (status, self.lines())
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Control {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn ccmux_command(t: &Ccmux, args: &[&str]) -> Command {
    let mut c = t.command();
    c.args(args);
    c
}

pub fn tmux_command(t: &Tmux, conf: &std::path::Path, args: &[&str]) -> Command {
    let mut c = Command::new("tmux");
    c.arg("-L")
        .arg(&t.socket)
        .arg("-f")
        .arg(conf)
        .args(args)
        .env("HOME", t.home.path())
        .env("SHELL", "/bin/sh")
        .env("PS1", "$ ")
        .env("ENV", "")
        .env("TERM", "xterm")
        .env_remove("TMUX")
        .current_dir(t.home.path());
    c
}

fn is_guard(line: &str, word: &str) -> bool {
    line.split(' ').next() == Some(word)
}

/// A guard line's parts: word, time, number, flags.
pub fn guard(line: &str) -> Option<(&str, u64, u64, u32)> {
    let mut it = line.split(' ');
    let word = it.next()?;
    if !matches!(word, "%begin" | "%end" | "%error") {
        return None;
    }
    let t = it.next()?.parse().ok()?;
    let n = it.next()?.parse().ok()?;
    let f = it.next()?.parse().ok()?;
    it.next().is_none().then_some((word, t, n, f))
}

/// Checks the framing as tmux's cmdq_guard makes it: every `%begin` is closed by an `%end` or
/// `%error` with the same time, number and flags before the next `%begin`, and numbers increase.
pub fn check_guards(lines: &[String]) {
    let mut open: Option<(u64, u64, u32)> = None;
    let mut last = 0;
    for l in lines {
        let Some((word, t, n, f)) = guard(l) else {
            continue;
        };
        match (word, open) {
            ("%begin", None) => {
                assert!(n > last, "numbers increase: {l} after {last}");
                last = n;
                open = Some((t, n, f));
            }
            ("%end" | "%error", Some(o)) => {
                assert_eq!(o, (t, n, f), "{l} closes its %begin");
                open = None;
            }
            _ => panic!("unbalanced guard {l} in:\n{}", lines.join("\n")),
        }
    }
    assert!(
        open.is_none(),
        "a block is left open in:\n{}",
        lines.join("\n")
    );
}

/// A transcript for comparison: guards without time and number, pane output left out (compared on
/// its own: how a pane's output is cut into lines depends on when it was read), client names
/// (`client-PID`) without the process id.
pub fn normalise(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| !l.starts_with("%output ") && !l.starts_with("%extended-output "))
        .map(|l| match guard(l) {
            Some((word, _, _, f)) => format!("{word} {f}"),
            None => without_pids(l),
        })
        .collect()
}

fn without_pids(l: &str) -> String {
    let mut out = String::new();
    let mut rest = l;
    while let Some(at) = rest.find("client-") {
        out.push_str(&rest[..at + 7]);
        rest = &rest[at + 7..];
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 {
            out.push_str("PID");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// A pane's output: every `%output` (or `%extended-output`) payload for `pane`, joined, still
/// escaped as sent.
pub fn pane_output(lines: &[String], pane: &str) -> String {
    let mut out = String::new();
    for l in lines {
        if let Some(rest) = l.strip_prefix(&format!("%output {pane} ")) {
            out.push_str(rest);
        } else if let Some(rest) = l.strip_prefix(&format!("%extended-output {pane} ")) {
            if let Some((_, data)) = rest.split_once(" : ") {
                out.push_str(data);
            }
        }
    }
    out
}

/// Undoes tmux's escaping (`\ooo`).
pub fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            out.push((b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Prints two normalised transcripts side by side and counts equal lines (for the report).
pub fn compare(name: &str, tmux: &[String], ccmux: &[String]) -> (usize, usize) {
    let n = tmux.len().max(ccmux.len());
    let mut equal = 0;
    eprintln!("== {name}: tmux | ccmux");
    for i in 0..n {
        let a = tmux.get(i).map_or("", String::as_str);
        let b = ccmux.get(i).map_or("", String::as_str);
        let mark = if a == b { "  " } else { "!=" };
        if a == b {
            equal += 1;
        }
        eprintln!("{mark} {a:<50} | {b}");
    }
    eprintln!("== {name}: {equal} of {n} lines equal");
    (equal, n)
}

/// Runs a `-CC` client on a new terminal: waits for its `%session-changed`, types each line (waiting
/// for its reply), then an empty line; every byte it wrote to the terminal.
pub fn run_on_pty(mut cmd: Command, lines: &[&str]) -> Vec<u8> {
    use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
    use std::io::Read;
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pty");
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut child = cmd
        .stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave)
        .spawn()
        .expect("client starts");
    let master = std::fs::File::from(master);
    let mut reader = master.try_clone().unwrap();
    let got = Arc::new(Mutex::new(Vec::new()));
    let g = got.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                return;
            }
            g.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let wait_for = |needle: &str, count: usize| {
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            let text = String::from_utf8_lossy(&got.lock().unwrap()).into_owned();
            if text.matches(needle).count() >= count {
                return;
            }
            assert!(Instant::now() < end, "no {needle:?} in {text:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    wait_for("%session-changed", 1);
    std::thread::sleep(Duration::from_millis(300));
    let mut w = master;
    for (i, l) in lines.iter().enumerate() {
        w.write_all(format!("{l}\n").as_bytes()).unwrap();
        wait_for("%end ", i + 2);
        std::thread::sleep(Duration::from_millis(300));
    }
    w.write_all(b"\n").unwrap();
    let end = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < end, "-CC client did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(100));
    let out = got.lock().unwrap().clone();
    out
}
