//! Crash-atomic commands: an acknowledged command is all there after a crash, an unacknowledged one is
//! all there or not at all. Pane processes a command ends are ended only once its change is durable.

mod common;
use common::{kill9, pid_alive, Ccmux};
use std::time::Duration;

fn pids(t: &Ccmux, target: &str) -> Vec<i32> {
    t.ok(&["lsp", "-t", target, "-F", "#{pane_pid}"])
        .lines()
        .map(|l| l.parse().unwrap())
        .collect()
}

/// A session whose first window has three panes, and a second window, on a server whose WAL writes
/// take `delay_ms` (fault injection: a slow disk; a write not yet made is lost by kill -9, a write made
/// but not yet fsynced is not, since the page cache survives).
fn three_panes(delay_ms: u64) -> Ccmux {
    let t = Ccmux::new();
    let spec = format!("write_delay_ms={delay_ms}");
    t.ok_env(
        ("CCMUX_FAILPOINTS", &spec),
        &["new-session", "-d", "-s", "a"],
    );
    t.ok(&["splitw", "-t", "a:0", "sleep 1000"]);
    t.ok(&["splitw", "-t", "a:0", "sleep 1000"]);
    t.ok(&["neww", "-d", "-t", "a"]);
    t
}

#[test]
fn a_command_not_yet_durable_ends_no_process_and_a_crash_keeps_all_of_it() {
    let t = three_panes(600);
    let before = pids(&t, "a:0");
    assert_eq!(before.len(), 3);
    let server = t.server_pid().unwrap();
    // kill-window is applied in memory at once; its WAL record's write takes 600 ms.
    let mut kill = t
        .command()
        .args(["kill-window", "-t", "a:0"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(250));
    for pid in &before {
        assert!(
            pid_alive(*pid),
            "pane process {pid} ended before the change was durable"
        );
    }
    kill9(server);
    let _ = kill.wait();
    // The change never became durable: the whole window is there, with its three processes.
    assert_eq!(pids(&t, "a:0"), before);
}

#[test]
fn an_acknowledged_command_is_all_there_after_a_crash() {
    let t = three_panes(0);
    let before = pids(&t, "a:0");
    t.ok(&["kill-window", "-t", "a:0"]);
    for pid in &before {
        t.wait_until("the killed window's processes to end", || !pid_alive(*pid));
    }
    kill9(t.server_pid().unwrap());
    let windows = t.ok(&["lsw", "-t", "a", "-F", "#{window_index}"]);
    assert_eq!(windows, "1\n", "the killed window stays killed");
}

/// kill -9 at random moments while kill-window runs: never a window with only some of its panes.
#[test]
fn kill_window_interrupted_at_random_moments_is_all_or_nothing() {
    for round in 0..12u64 {
        let t = three_panes(0);
        let before = pids(&t, "a:0");
        let server = t.server_pid().unwrap();
        let mut kill = t
            .command()
            .args(["kill-window", "-t", "a:0"])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis((round * 7) % 20));
        kill9(server);
        let _ = kill.wait();
        let windows = t.ok(&["lsw", "-t", "a", "-F", "#{window_index}"]);
        if windows.starts_with("0\n") {
            assert_eq!(pids(&t, "a:0"), before, "round {round}: a partial window");
        } else {
            assert_eq!(windows, "1\n", "round {round}");
            for pid in &before {
                t.wait_until("the processes to end", || !pid_alive(*pid));
            }
        }
    }
}

/// The pid of the process whose command line is exactly `cmdline` (arguments joined by spaces).
fn pid_of(cmdline: &str) -> Option<i32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: i32 = e.file_name().to_str()?.parse().ok()?;
        let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        let line = String::from_utf8_lossy(&raw).replace('\0', " ");
        (line.trim_end() == cmdline).then_some(pid)
    })
}

/// The processes whose parent is `parent`.
fn children_of(parent: i32) -> Vec<i32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| {
            let pid: i32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let ppid: i32 = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            (ppid == parent).then_some(pid)
        })
        .collect()
}

/// A new pane's process is forked while the pane's creation is being made durable (the reply waits for
/// both), held before its `exec` until the command is done. A crash before the creation is durable
/// leaves no pane, and the recovered server ends the process the keeper started for it.
#[test]
fn a_new_pane_not_yet_durable_is_gone_after_a_crash_with_its_process() {
    let t = three_panes(800);
    let server = t.server_pid().unwrap();
    let keeper = t.keeper_pid();
    let before = children_of(keeper);
    // A command line no other test runs: this test's own process.
    let marker = format!("sleep {}", 7_000_000 + std::process::id());
    let mut neww = t
        .command()
        .args(["new-window", "-d", "-t", "a:7", &marker])
        .spawn()
        .unwrap();
    let mut pid = None;
    t.wait_until("the new pane's process to be forked", || {
        pid = children_of(keeper)
            .into_iter()
            .find(|p| !before.contains(p));
        pid.is_some()
    });
    let pid = pid.unwrap();
    assert!(
        neww.try_wait().unwrap().is_none(),
        "new-window answered before its change was durable"
    );
    assert_eq!(
        pid_of(&marker),
        None,
        "the program ran before its command was done"
    );
    kill9(server);
    let _ = neww.wait();
    let windows = t.ok(&["lsw", "-t", "a", "-F", "#{window_index}"]);
    assert_eq!(
        windows, "0\n1\n",
        "the window whose creation was not durable is gone"
    );
    t.wait_until("the process of the lost pane to end", || !pid_alive(pid));
}
