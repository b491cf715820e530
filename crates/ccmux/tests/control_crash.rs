//! Control mode where ccmux goes beyond tmux: a control client outlives a server crash (it
//! reconnects, keeps its session, size, flags and subscriptions, and tells its peer), and a client
//! that stops reading stalls neither the pane nor the server, and loses nothing it can still be sent.

mod common;

use common::control::{check_guards, pane_output, unescape, Control};
use common::{kill9, pid_alive, Ccmux};
use std::time::{Duration, Instant};

fn start(cc: &Ccmux) -> Control {
    let c = Control::ccmux(cc, &["-C", "new-session", "-x", "80", "-y", "24"]);
    c.wait("%session-changed", |l| l.starts_with("%session-changed"));
    c.wait("the first prompt", |l| l.starts_with("%output %0"));
    c
}

/// The value a `display -p` line printed (the line after its `%begin`).
fn value(lines: &[String]) -> String {
    let at = lines
        .iter()
        .position(|l| l.starts_with("%begin"))
        .expect("a block");
    lines[at + 1].clone()
}

#[test]
fn a_control_client_survives_a_server_crash_and_tells_its_peer() {
    let cc = Ccmux::new();
    let mut c = start(&cc);
    c.cmd("refresh-client -C 100x30");
    c.cmd("refresh-client -f pause-after=5,no-output");
    c.cmd("refresh-client -f '!no-output'");
    c.cmd("refresh-client -B 'sess::#{session_name}'");
    c.wait("the subscription", |l| {
        l.starts_with("%subscription-changed sess $0 - - - : 0")
    });
    let pane_pid = value(&c.cmd("display -p '#{pane_pid}'"));
    let server = cc.server_pid().expect("a server");
    // A command in flight when the server dies: its reply never comes.
    let before = c.lines().len();
    c.send("run-shell 'sleep 30'");
    std::thread::sleep(Duration::from_millis(300));
    kill9(server);
    // The peer is told the command was lost, then that the sessions changed and which session it
    // is in; it is not sent %exit.
    let lost = c.wait("the lost command's %error", |l| l.starts_with("%error"));
    assert!(lost > before);
    assert!(
        c.lines()[lost - 1].contains("server exited unexpectedly"),
        "{}",
        c.lines().join("\n")
    );
    let back = c
        .wait_from(lost, 20, |l| l == "%sessions-changed")
        .unwrap_or_else(|| panic!("no %sessions-changed:\n{}", c.lines().join("\n")));
    c.wait_from(back, 10, |l| l == "%session-changed $0 0")
        .expect("%session-changed after the crash");
    let new_server = cc.server_pid().expect("a server again");
    assert_ne!(new_server, server);
    assert!(!c.lines().iter().any(|l| l.starts_with("%exit")));
    // The same pane process (held by the keeper), the same size, flags and subscription.
    assert_eq!(value(&c.cmd("display -p '#{pane_pid}'")), pane_pid);
    let flags = value(&c.cmd(
        "display -p '#{client_width}x#{window_height} #{client_control_mode} #{client_flags}'",
    ));
    assert_eq!(
        flags,
        "100x30 1 attached,focused,control-mode,pause-after=5,UTF-8",
        "{}",
        c.lines().join("\n")
    );
    let from = c.lines().len();
    c.cmd("rename-session again");
    c.wait_from(from, 5, |l| {
        l == "%subscription-changed sess $0 - - - : again"
    })
    .unwrap_or_else(|| panic!("no subscription after the crash:\n{}", c.lines().join("\n")));
    // Pane output flows again (as %extended-output: pause-after is on).
    c.cmd("send-keys 'echo af''ter-crash' Enter");
    c.wait("output after the crash", |l| {
        l.starts_with("%extended-output %0 ") && l.contains("after-crash\\015\\012")
    });
    // An upgrade in place (server-restart) likewise.
    let restart = c.lines().len();
    cc.ok(&["server-restart"]);
    c.wait_from(restart, 20, |l| l == "%session-changed $0 again")
        .unwrap_or_else(|| {
            panic!(
                "no %session-changed after server-restart:\n{}",
                c.lines().join("\n")
            )
        });
    assert_eq!(value(&c.cmd("display -p '#{pane_pid}'")), pane_pid);
    c.send("");
    let (status, lines) = c.finish();
    assert_eq!(lines.last().map(String::as_str), Some("%exit"));
    // Before and after the crash the framing holds (numbers start again with the new server; the
    // lost command's block, made by the client, has number 0).
    assert!(lines[lost - 2].starts_with("%begin ") && lines[lost - 2].ends_with(" 0 1"));
    check_guards(&lines[..lost - 2]);
    let (_, t, _, _) = common::control::guard(&lines[lost - 2]).unwrap();
    assert_eq!(
        common::control::guard(&lines[lost]),
        Some(("%error", t, 0, 1))
    );
    check_guards(&lines[back..restart]);
    check_guards(&lines[restart..]);
    // The new server saw no command fail: the client exits with 0.
    assert_eq!(status, 0);
}

#[test]
fn a_control_client_without_a_server_to_come_back_to_says_so() {
    let cc = Ccmux::new();
    let c = start(&cc);
    let server = cc.server_pid().expect("a server");
    // The saved state goes while the server is stopped (it writes nothing meanwhile), then the
    // server dies: there is nothing to recover.
    let pid = rustix::process::Pid::from_raw(server).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::STOP).unwrap();
    std::fs::remove_dir_all(cc.state_dir()).unwrap();
    kill9(server);
    let (status, lines) = c.finish();
    assert_eq!(
        lines.last().map(String::as_str),
        Some("%exit server exited unexpectedly"),
        "{}",
        lines.join("\n")
    );
    assert_eq!(status, 1);
    // A server again, so the keeper still holding the pane is told to end it when the test ends.
    cc.ok(&["start-server"]);
}

#[test]
fn a_client_that_stops_reading_stalls_nothing_and_loses_nothing() {
    let cc = Ccmux::new();
    cc.ok(&["new-session", "-d", "-s", "s", "-x", "80", "-y", "24"]);
    cc.wait_for("s", "$");
    let mut slow = Control::spawn_gated(
        common::control::ccmux_command(&cc, &["-C", "attach", "-t", "s"]),
        false,
    );
    let fast = Control::ccmux(&cc, &["-C", "attach", "-t", "s"]);
    fast.wait("%session-changed", |l| l.starts_with("%session-changed"));
    std::thread::sleep(Duration::from_millis(300));
    let lines = 200_000;
    cc.ok(&[
        "send-keys",
        "-t",
        "s",
        &format!("seq 1 {lines}; echo flo''od-done"),
        "Enter",
    ]);
    // The pane runs to its end and the server answers while the slow client reads nothing.
    cc.wait_for("s", "flood-done");
    let t = Instant::now();
    cc.ok(&["list-clients"]);
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    fast.wait("the end on the reading client", |l| {
        l.starts_with("%output") && l.contains("flood-done")
    });
    // Once it reads again it gets every byte, in order.
    slow.open();
    slow.wait("the end on the slow client", |l| {
        l.starts_with("%output") && l.contains("flood-done")
    });
    slow.send("");
    let (_, got) = slow.finish();
    check_guards(&got);
    let text = String::from_utf8_lossy(&unescape(&pane_output(&got, "%0"))).into_owned();
    let numbers: Vec<&str> = text
        .split("\r\n")
        .filter(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let want: Vec<String> = (1..=lines).map(|n| n.to_string()).collect();
    assert_eq!(numbers.len(), want.len(), "lines lost on the slow client");
    assert!(numbers.iter().zip(&want).all(|(a, b)| a == b));
    assert!(pid_alive(cc.server_pid().unwrap()));
}

#[test]
fn a_client_too_far_behind_is_told_to_leave_or_paused() {
    let cc = Ccmux::new();
    cc.ok(&["new-session", "-d", "-s", "s", "-x", "80", "-y", "24"]);
    cc.wait_for("s", "$");
    // One client without pause-after, one with: neither reads while 12 MB go by (more than the
    // 8 MiB a pane keeps for a lagging client).
    let gone = Control::spawn_gated(
        common::control::ccmux_command(&cc, &["-C", "attach", "-t", "s"]),
        false,
    );
    let mut paused = Control::spawn_gated(
        common::control::ccmux_command(&cc, &["-C", "attach", "-t", "s"]),
        false,
    );
    paused.send("refresh-client -f pause-after=100");
    cc.wait_until("both clients attached", || {
        cc.ok(&["list-clients", "-F", "#{client_flags}"])
            .contains("pause-after=100")
    });
    cc.ok(&[
        "send-keys",
        "-t",
        "s",
        "yes abcdefghijklmnopqrstuvwxyz | head -c 12000000; echo flo''od-done",
        "Enter",
    ]);
    cc.wait_for("s", "flood-done");
    gone.open();
    let exit = gone.wait("%exit", |l| l.starts_with("%exit"));
    assert_eq!(gone.lines()[exit], "%exit too far behind");
    paused.open();
    paused.wait("%pause", |l| l == "%pause %0");
    paused.cmd("refresh-client -A '%0:continue'");
    paused.wait("%continue", |l| l == "%continue %0");
    paused.cmd("send-keys -t s 'echo af''ter' Enter");
    paused.wait("output after %continue", |l| {
        l.starts_with("%extended-output %0") && l.contains("after\\015\\012")
    });
    paused.send("");
    let (_, lines) = paused.finish();
    check_guards(&lines);
    let (status, _) = gone.finish();
    assert_eq!(status, 0);
    assert!(pid_alive(cc.server_pid().unwrap()));
}
