//! Runs the real `ccmux` binary on a private socket with private XDG directories (tmux's regress style).
#![allow(dead_code)]

pub mod control;
pub mod copy;
pub mod outer;
pub mod side;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub struct Ccmux {
    pub root: tempfile::TempDir,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ccmux {
    pub fn new() -> Ccmux {
        let root = tempfile::Builder::new()
            .prefix("ccmux-test")
            .tempdir()
            .unwrap();
        for d in ["run", "state", "config", "home"] {
            std::fs::create_dir_all(root.path().join(d)).unwrap();
        }
        // Panes run a login shell: give it a known prompt.
        std::fs::write(root.path().join("home/.profile"), "PS1='$ '\nexport PS1\n").unwrap();
        Ccmux { root }
    }

    /// An instance whose default config file holds `text`.
    pub fn with_config(text: &str) -> Ccmux {
        let t = Ccmux::new();
        let file = t.path("config/ccmux/config.toml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
        t
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.root.path().join(p)
    }

    pub fn socket(&self) -> PathBuf {
        self.socket_dir().join("default")
    }

    /// The socket directory ccmux makes under `$CCMUX_TMPDIR`, as tmux's `tmux-UID`.
    pub fn socket_dir(&self) -> PathBuf {
        self.path(&format!("run/ccmux-{}", rustix::process::getuid().as_raw()))
    }

    pub fn state_dir(&self) -> PathBuf {
        self.path("state/ccmux/default")
    }

    /// A command with this instance's private environment.
    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ccmux"));
        c.env("CCMUX_TMPDIR", self.path("run"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("HOME", self.path("home"))
            .env("SHELL", "/bin/sh")
            .env("PS1", "$ ")
            .env("ENV", "")
            .env_remove("CCMUX")
            .env_remove("CCMUX_PANE")
            .current_dir(self.root.path());
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = self.command().args(args).output().unwrap();
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.status, 0, "ccmux {args:?} failed: {}", r.stderr);
        r.stdout
    }

    /// [`Ccmux::ok`] with one more environment variable (a test seam such as `CCMUX_FAILPOINTS`), for
    /// the server the command starts.
    pub fn ok_env(&self, (key, value): (&str, &str), args: &[&str]) -> String {
        let out = self.command().env(key, value).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "ccmux {args:?} with {key}={value} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The pid of the server's keeper.
    pub fn keeper_pid(&self) -> i32 {
        self.ok(&["display", "-p", "#{keeper_pid}"])
            .trim()
            .parse()
            .expect("a keeper")
    }

    pub fn capture(&self, target: &str) -> String {
        self.ok(&["capture-pane", "-p", "-t", target])
    }

    /// Waits (up to 10 s) until the pane shows `needle`; returns the capture.
    pub fn wait_for(&self, target: &str, needle: &str) -> String {
        self.wait_for_args(&["capture-pane", "-p", "-t", target], needle)
    }

    pub fn wait_for_args(&self, args: &[&str], needle: &str) -> String {
        let start = Instant::now();
        loop {
            let r = self.run(args);
            if r.stdout.contains(needle) {
                return r.stdout;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!(
                    "timed out waiting for {needle:?} from {args:?}; last output:\n{}{}",
                    r.stdout, r.stderr
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits (up to 10 s) until `f` holds.
    pub fn wait_until(&self, what: &str, mut f: impl FnMut() -> bool) {
        let start = Instant::now();
        while !f() {
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts a detached session running the shell and waits for its prompt.
    pub fn session(&self, name: &str) {
        self.ok(&["new-session", "-d", "-s", name]);
        self.wait_for(name, "$");
    }

    pub fn server_pid(&self) -> Option<i32> {
        let r = self.run(&["display-message", "-p", "#{pid}"]);
        r.stdout.trim().parse().ok()
    }
}

impl Drop for Ccmux {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // A failed test: what the server said, for a failure seen only on CI.
            let log =
                std::fs::read_to_string(self.state_dir().join("server.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- ccmux server.log (last {} lines) ---", tail.len());
            for l in tail.iter().rev() {
                eprintln!("{l}");
            }
        }
        let _ = self.command().arg("kill-server").output();
    }
}

/// SIGKILL, then wait until the process is gone.
pub fn kill9(pid: i32) {
    let _ = rustix::process::kill_process(
        rustix::process::Pid::from_raw(pid).unwrap(),
        rustix::process::Signal::KILL,
    );
    let start = Instant::now();
    while pid_alive(pid) && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Opens window `target` on a program that prints a dot every half millisecond: the server's
/// output never settles, so pane output reaches the WAL only at the flush interval's pace.
pub fn never_settle(t: &Ccmux, target: &str) {
    t.ok(&[
        "neww",
        "-d",
        "-t",
        target,
        "perl -e '$|=1; while (1) { print q(.); select(undef, undef, undef, 0.0005) }'",
    ]);
}

/// The numbers of a capture's lines that start with `prefix` (`n=12`), in order.
pub fn numbered(capture: &str, prefix: &str) -> Vec<u32> {
    capture
        .lines()
        .filter_map(|l| l.strip_prefix(prefix)?.trim().parse().ok())
        .collect()
}

pub fn pid_alive(pid: i32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| s.contains(") Z "))
            .unwrap_or(true)
}

/// The real tmux on a private socket with no config, for side-by-side comparisons. `None` when tmux
/// is not installed (the caller must say that it skipped).
pub struct Tmux {
    pub socket: String,
    pub home: tempfile::TempDir,
}

impl Tmux {
    pub fn new() -> Option<Tmux> {
        Command::new("tmux").arg("-V").output().ok()?;
        let home = tempfile::Builder::new()
            .prefix("tmux-test")
            .tempdir()
            .ok()?;
        std::fs::write(home.path().join(".profile"), "PS1='$ '\nexport PS1\n").ok()?;
        let socket = format!("ccmux-cmp-{}-{}", std::process::id(), unique());
        Some(Tmux { socket, home })
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("-f")
            .arg("/dev/null")
            .args(args)
            .env("HOME", self.home.path())
            .env("SHELL", "/bin/sh")
            .env("PS1", "$ ")
            .env("ENV", "")
            .env_remove("TMUX")
            .current_dir(self.home.path())
            .output()
            .unwrap();
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}
