//! An outer tmux driving the interactive client in a real terminal: a private tmux runs `ccmux attach`
//! in one of its panes, `tmux send-keys` types, `tmux capture-pane -p` reads what the client drew.

use super::Ccmux;
use std::process::Command;
use std::time::{Duration, Instant};

/// An outer tmux on its own socket, killed on drop.
pub struct Outer {
    socket: String,
}

impl Outer {
    pub fn new(tag: &str) -> Outer {
        let socket = format!("ccmux-attach-{}-{tag}", std::process::id());
        Outer { socket }
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("-f")
            .arg("/dev/null")
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts an outer session `name` of `cols` x `rows` running `ccmux ARGS` (then a pause, so the
    /// client's last words stay on screen).
    pub fn start(&self, cc: &Ccmux, name: &str, cols: u16, rows: u16, args: &str) {
        let cmd = format!("{}; sleep 30", client_command(cc, args));
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
            &cmd,
        ]);
        self.tmux(&["set", "-g", "status", "off"]);
    }

    pub fn respawn(&self, cc: &Ccmux, name: &str, args: &str) {
        let cmd = format!("{}; sleep 30", client_command(cc, args));
        self.tmux(&["respawn-pane", "-k", "-t", name, &cmd]);
    }

    pub fn screen(&self, name: &str) -> String {
        self.tmux(&["capture-pane", "-p", "-t", name])
    }

    pub fn keys(&self, name: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", name];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Waits (up to 10 s) until the screen satisfies `f`; returns it.
    pub fn wait(&self, name: &str, what: &str, f: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(name);
            if f(&s) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!(
                    "timed out waiting for {what}; screen:\n{s}\n{}",
                    self.processes(name)
                );
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// The processes in `name`'s pane and where each is blocked (for a timeout's message).
    pub fn processes(&self, name: &str) -> String {
        let pid = self.tmux(&[
            "display-message",
            "-p",
            "-t",
            name,
            "#{pane_pid} #{pane_dead}",
        ]);
        let mut out = format!("outer pane {name}: pid, dead = {}", pid.trim());
        if let Some(pid) = pid.split_whitespace().next() {
            let ps = Command::new("ps")
                .args([
                    "-o",
                    "pid,stat,wchan:32,etime,args",
                    "--ppid",
                    pid,
                    "-p",
                    pid,
                ])
                .output();
            if let Ok(ps) = ps {
                out.push('\n');
                out.push_str(&String::from_utf8_lossy(&ps.stdout));
            }
        }
        out
    }

    pub fn wait_for(&self, name: &str, needle: &str) -> String {
        self.wait(name, needle, |s| s.contains(needle))
    }
}

impl Drop for Outer {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// A shell command running the ccmux binary with the test's private environment.
pub fn client_command(cc: &Ccmux, args: &str) -> String {
    format!(
        "env -u TMUX -u CCMUX -u CCMUX_PANE CCMUX_TMPDIR={} XDG_STATE_HOME={} XDG_CONFIG_HOME={} HOME={} SHELL=/bin/sh ENV= TERM=xterm-256color {} {args}",
        cc.path("run").display(),
        cc.path("state").display(),
        cc.path("config").display(),
        cc.path("home").display(),
        env!("CARGO_BIN_EXE_ccmux"),
    )
}

/// The status line: the last row holding a `[session]` mark.
pub fn status_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| l.contains('['))
        .unwrap_or("")
        .to_string()
}
