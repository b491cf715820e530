//! The server uses the attached client's terminal itself (protocol 7, as tmux's server does): it
//! draws frames on it and reads the keys from it, so neither waits for the client process. Without
//! the terminal (a client that gives none, a version 6 server) both go over the socket.

mod common;

use common::outer::{client_command, Outer};
use common::Ccmux;
use std::time::Duration;

fn signal(pid: &str, sig: &str) {
    let status = std::process::Command::new("kill")
        .args([sig, pid])
        .status()
        .unwrap();
    assert!(status.success(), "kill {sig} {pid}");
}

fn client_pid(cc: &Ccmux) -> String {
    let pid = cc.ok(&["list-clients", "-F", "#{client_pid}"]);
    assert_eq!(pid.lines().count(), 1, "one client: {pid}");
    pid.trim().to_string()
}

/// Starts an outer session `name` running the client with `vars` set.
fn start_with(o: &Outer, cc: &Ccmux, name: &str, vars: &str, args: &str) {
    let cmd = format!("{vars} {}; sleep 30", client_command(cc, args));
    o.tmux(&[
        "new-session",
        "-d",
        "-s",
        name,
        "-x",
        "80",
        "-y",
        "24",
        &cmd,
    ]);
    o.tmux(&["set", "-g", "status", "off"]);
}

#[test]
fn the_server_draws_on_and_reads_the_clients_terminal_itself() {
    let cc = Ccmux::new();
    cc.session("t");
    let o = Outer::new("ttyfd");
    o.start(&cc, "o", 80, 24, "attach -t t");
    o.wait_for("o", "[t]");
    let pid = client_pid(&cc);
    // With the client process stopped, what is typed in its terminal still reaches the pane and
    // the pane's output is still drawn there.
    signal(&pid, "-STOP");
    o.keys("o", &["echo typed-while-$((6*7))-stopped", "Enter"]);
    let s = o.wait_for("o", "typed-while-42-stopped");
    signal(&pid, "-CONT");
    assert!(s.contains("$ echo typed-while-$((6*7))-stopped"), "{s}");
    // Detaching still gives the terminal back with the client's message.
    o.keys("o", &["C-b", "d"]);
    o.wait_for("o", "[detached (from session t)]");
    assert_eq!(cc.ok(&["list-clients"]), "");
}

/// A client without a terminal to give (the seam stands for one whose `/proc` is missing) gets its
/// frames and sends its keys over the socket: nothing reaches the pane while it is stopped.
#[test]
fn without_the_terminal_frames_and_keys_go_over_the_socket() {
    let cc = Ccmux::new();
    cc.session("s");
    let o = Outer::new("nottyfd");
    start_with(&o, &cc, "o", "CCMUX_TEST_NO_TTY_FD=1", "attach -t s");
    o.wait_for("o", "[s]");
    let pid = client_pid(&cc);
    signal(&pid, "-STOP");
    o.keys("o", &["echo via-$((6*7))-socket", "Enter"]);
    std::thread::sleep(Duration::from_millis(500));
    let stopped = o.screen("o");
    let captured = cc.capture("s");
    signal(&pid, "-CONT");
    assert!(!stopped.contains("via-42-socket"), "{stopped}");
    assert!(!captured.contains("via-"), "{captured}");
    o.wait_for("o", "via-42-socket");
    o.keys("o", &["C-b", "d"]);
    o.wait_for("o", "[detached (from session s)]");
}

/// A newly installed client attaching to the version 6 server it replaces: frames and keys go over
/// the socket, as that server knows no other way.
#[test]
fn a_client_attaches_to_a_version_6_server() {
    let cc = Ccmux::new();
    cc.ok_env(
        ("CCMUX_TEST_SERVER_PROTOCOL", "6"),
        &["new", "-d", "-s", "old"],
    );
    cc.wait_for("old", "$");
    let o = Outer::new("v6");
    o.start(&cc, "o", 80, 24, "attach -t old");
    o.wait_for("o", "[old]");
    o.keys("o", &["echo on-$((6*7))-v6", "Enter"]);
    o.wait_for("o", "on-42-v6");
    o.keys("o", &["C-b", "d"]);
    o.wait_for("o", "[detached (from session old)]");
}

/// Context switches (voluntary and involuntary: wake-ups) of every thread of process `pid`.
fn wake_ups(pid: &str) -> u64 {
    let mut n = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .flatten()
    {
        let Ok(status) = std::fs::read_to_string(task.path().join("status")) else {
            continue;
        };
        n += status
            .lines()
            .filter(|l| l.contains("ctxt_switches"))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .sum::<u64>();
    }
    n
}

/// As tmux's client, an attached client with nothing to do sleeps: no timer (its input thread
/// polled every 100 ms), whether the server reads its terminal or the keys go over the socket.
#[test]
fn an_idle_attached_client_does_not_wake_up() {
    for (name, vars) in [("tty", ""), ("socket", "CCMUX_TEST_NO_TTY_FD=1")] {
        let cc = Ccmux::new();
        cc.session("s");
        cc.ok(&["set", "-g", "status", "off"]);
        let o = Outer::new(&format!("idle-{name}"));
        start_with(&o, &cc, "o", vars, "attach -t s");
        o.wait_for("o", "$");
        let pid = client_pid(&cc);
        std::thread::sleep(Duration::from_millis(500));
        let before = wake_ups(&pid);
        std::thread::sleep(Duration::from_secs(3));
        let woken = wake_ups(&pid) - before;
        assert!(
            woken <= 2,
            "{name}: the idle client woke {woken} times in 3 s"
        );
        // It still reads keys and draws.
        o.keys("o", &["echo still-$((6*7))", "Enter"]);
        o.wait_for("o", "still-42");
        o.keys("o", &["C-b", "d"]);
        o.wait_for("o", "[detached (from session s)]");
    }
}
