//! Idle panes: after 2 s without output (and on every resize) a pane's emulator is rebuilt from its
//! own state into screens of its exact size and its read buffer is given back. Nothing a user can
//! see changes: the screens, the cursor, the history, and what the pane prints next.

mod common;
use common::Ccmux;
use std::time::Duration;

/// Everything capture-pane and formats show of a pane: history and screen with attributes, the
/// cursor, the alternate screen flag.
fn look(t: &Ccmux, target: &str) -> String {
    let all = t.ok(&["capture-pane", "-p", "-e", "-S", "-", "-t", target]);
    let state = t.ok(&[
        "display",
        "-p",
        "-t",
        target,
        "#{cursor_x},#{cursor_y} #{alternate_on} #{history_size}",
    ]);
    format!("{all}--\n{state}")
}

/// Longer than the idle time after which a pane is compacted.
fn idle() {
    std::thread::sleep(Duration::from_millis(2600));
}

#[test]
fn an_idle_pane_keeps_both_screens_and_its_history_and_prints_on() {
    let t = Ccmux::new();
    t.ok(&["new-session", "-d", "-s", "s", "-x", "60", "-y", "12"]);
    t.wait_for("s", "$");
    t.ok(&[
        "send-keys",
        "-t",
        "s",
        "for i in $(seq 1 100); do echo line$i; done; printf '\\033[1;31mred\\033[0m\\n'",
        "Enter",
    ]);
    t.wait_for("s", "red");
    // A program on the alternate screen, waiting for a line, then back to the shell's screen.
    t.ok(&[
        "send-keys",
        "-t",
        "s",
        "printf '\\033[?1049h\\033[3;5H\\033[4malt screen\\033[0m'; read x; printf '\\033[?1049l'",
        "Enter",
    ]);
    // The alternate screen's line (at column 5), not the typed command's echo, which says it too.
    t.wait_for("s", "\n    alt screen");
    let before = look(&t, "s");
    idle();
    assert_eq!(look(&t, "s"), before, "an idle pane changed");

    // Resized while idle (a split, then a layout): the same as a pane that was never idle.
    t.ok(&["split-window", "-d", "-t", "s", "-h"]);
    t.ok(&["select-layout", "-t", "s", "even-horizontal"]);
    idle();
    let resized = look(&t, "s.0");
    assert!(resized.contains("\n    \u{1b}[4malt screen"), "{resized}");

    // The program ends: the shell's screen comes back, its history scrolls back to line 1.
    t.ok(&["send-keys", "-t", "s.0", "Enter"]);
    t.ok(&["send-keys", "-t", "s.0", "echo after-idle", "Enter"]);
    let all = t.wait_for_args(
        &["capture-pane", "-p", "-S", "-", "-t", "s.0"],
        "\nafter-idle",
    );
    for i in [1, 2, 50, 99, 100] {
        assert!(all.contains(&format!("line{i}\n")), "line{i} lost:\n{all}");
    }
    // (The command line shows the text too, escaped.)
    assert!(!all.contains("\n    alt screen"), "{all}");
    let red = t.ok(&["capture-pane", "-p", "-e", "-S", "-", "-t", "s.0"]);
    assert!(
        red.contains("\x1b[1m\x1b[31mred") || red.contains("\x1b[1;31mred"),
        "{red}"
    );
}

/// Context switches of every thread of `pid` (voluntary and involuntary), by thread.
fn switches(pid: i32) -> std::collections::HashMap<String, u64> {
    let mut by_thread = std::collections::HashMap::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return by_thread;
    };
    for task in tasks.flatten() {
        let Ok(status) = std::fs::read_to_string(task.path().join("status")) else {
            continue;
        };
        let n = status
            .lines()
            .filter(|l| l.contains("ctxt_switches"))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .sum();
        by_thread.insert(task.file_name().to_string_lossy().into_owned(), n);
    }
    by_thread
}

/// Wake-ups of the threads of `pid` between two samples (threads that ended are left out).
fn woken(before: &std::collections::HashMap<String, u64>, pid: i32) -> u64 {
    switches(pid)
        .iter()
        .map(|(tid, n)| n - before.get(tid).copied().unwrap_or(0).min(*n))
        .sum()
}

/// As tmux: with nothing happening, neither the server nor the keeper wakes up (no timers: the
/// keeper watch, checkpoints, WAL health and output flushing wait for events).
#[test]
fn an_idle_server_and_keeper_do_not_wake_up() {
    let t = Ccmux::new();
    t.session("s");
    for _ in 0..3 {
        t.ok(&["split-window", "-d", "-t", "s"]);
    }
    t.ok(&["new-window", "-d", "-t", "s:"]);
    let server = t.server_pid().expect("server pid");
    let keeper: i32 = t
        .ok(&["display", "-p", "#{keeper_pid}"])
        .trim()
        .parse()
        .expect("keeper pid");
    // Settled: the shells printed their prompts, the panes were frozen 2 s later, and 2 s after
    // that the server let go of the code the freezing ran (`code_pages.rs`).
    std::thread::sleep(Duration::from_secs(5));
    let (s0, k0) = (switches(server), switches(keeper));
    std::thread::sleep(Duration::from_secs(5));
    let (s, k) = (woken(&s0, server), woken(&k0, keeper));
    // One wake-up of slack: a runtime thread may end after its idle time.
    assert!(s <= 1, "the server woke {s} times in 5 s");
    assert_eq!(k, 0, "the keeper woke up");
}

/// Resident KiB of the ccmux binary's code mapping (`r-xp`) in process `pid`.
fn code_kib(pid: u32) -> u64 {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap();
    let mut in_code = false;
    for line in smaps.lines() {
        let mut f = line.split_whitespace();
        let first = f.next().unwrap_or("");
        if first.contains('-') && !first.ends_with(':') {
            in_code = f.next() == Some("r-xp") && line.contains("ccmux");
        } else if in_code && first == "Rss:" {
            return f.next().unwrap().parse().unwrap();
        }
    }
    panic!("no code mapping in /proc/{pid}/smaps")
}

/// Commands a script would run on session `s`, each its own code (a pane split off among them).
fn script_commands(t: &Ccmux) {
    for args in [
        &["list-keys"][..],
        &["show-options", "-g"],
        &["list-commands"],
        &["list-windows", "-a"],
        &["split-window", "-d", "-t", "s"],
        &["select-layout", "-t", "s", "tiled"],
    ] {
        t.ok(args);
    }
}

/// The code a server's start ran (config, the first commands) leaves its RSS two seconds after it
/// started (`code_pages.rs`); the server goes on serving, its code mapped back on use.
#[test]
fn a_settled_server_lets_go_of_the_code_its_start_ran() {
    let t = Ccmux::new();
    let started = std::time::Instant::now();
    t.ok(&["new-session", "-d", "-s", "s", "-x", "60", "-y", "12"]);
    let pid: u32 = t.ok(&["display", "-p", "#{pid}"]).trim().parse().unwrap();
    script_commands(&t);
    let at_start = code_kib(pid);
    let keeper: u32 = t
        .ok(&["display", "-p", "#{keeper_pid}"])
        .trim()
        .parse()
        .unwrap();
    let keeper_at_start = code_kib(keeper);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "too slow to measure before the release: {:?}",
        started.elapsed()
    );
    // Past the release and past the panes' idle freezing
    // (the panes are frozen 2 s after their prompts, and the code that ran goes 2 s after that).
    std::thread::sleep(Duration::from_secs(6).saturating_sub(started.elapsed()));
    let settled = code_kib(pid);
    assert!(
        settled * 2 < at_start,
        "code resident: {at_start} KiB after the first commands, {settled} KiB settled"
    );
    // The keeper let go of the spawning code its requests ran.
    let keeper_settled = code_kib(keeper);
    assert!(
        keeper_settled * 2 < keeper_at_start,
        "keeper code resident: {keeper_at_start} KiB after the first panes, {keeper_settled} KiB settled"
    );
    t.wait_for("s", "$");
    t.ok(&["send-keys", "-t", "s", "echo still-here", "Enter"]);
    t.wait_for("s", "still-here");

    // Later commands' code goes too, once they have been quiet for as long.
    for args in [
        &["list-keys"][..],
        &["show-options", "-g"],
        &["new-window", "-d", "-t", "s:"],
        &["select-layout", "-t", "s", "even-vertical"],
    ] {
        t.ok(args);
    }
    let busy = code_kib(pid);
    let at = std::time::Instant::now();
    // The new window's shell prints its prompt, its pane is frozen 2 s later, the code goes 2 s
    // after that.
    std::thread::sleep(Duration::from_millis(5500));
    let quiet = code_kib(pid);
    assert!(
        quiet * 2 < busy,
        "code resident: {busy} KiB after later commands, {quiet} KiB {:?} later",
        at.elapsed()
    );
    t.ok(&["send-keys", "-t", "s", "echo still-here-too", "Enter"]);
    t.wait_for("s", "still-here-too");
}

/// A pane printing on and on (a log, a build) does not hold the release back: only input does (a
/// user typing keeps the echo's code). The code its commands ran leaves the RSS; its output's
/// code comes back as it runs.
#[test]
fn a_printing_pane_does_not_keep_the_code_commands_ran() {
    let t = Ccmux::new();
    t.ok(&[
        "new-session",
        "-d",
        "-s",
        "s",
        "-x",
        "60",
        "-y",
        "12",
        "i=0; while :; do i=$((i+1)); echo line $i; sleep 0.01; done",
    ]);
    let pid: u32 = t.ok(&["display", "-p", "#{pid}"]).trim().parse().unwrap();
    t.wait_for("s", "line");
    script_commands(&t);
    let busy = code_kib(pid);
    let at = std::time::Instant::now();
    // Two seconds after the last command (the split pane's prompt freezes 2 s after it is
    // printed, and that code goes 2 s later).
    std::thread::sleep(Duration::from_millis(5500));
    let printing = code_kib(pid);
    assert!(
        printing * 100 < busy * 85,
        "code resident: {busy} KiB after the commands, {printing} KiB {:?} later, the pane printing",
        at.elapsed()
    );
    // It still prints.
    let before = t.ok(&["capture-pane", "-p", "-t", "s.0"]);
    std::thread::sleep(Duration::from_millis(200));
    assert_ne!(t.ok(&["capture-pane", "-p", "-t", "s.0"]), before);
}

/// An idle server's resident code stays down once settled: nothing maps code back while nothing
/// happens. (tokio's blocking-pool thread, which the start used, ended 10 s later with its default
/// keep-alive, and its teardown mapped code back that stayed: 1.0 to 1.2-1.5 MiB at 10-11 s.)
#[test]
fn an_idle_servers_code_stays_released() {
    let t = Ccmux::new();
    let started = std::time::Instant::now();
    t.ok(&["new-session", "-d", "-s", "s", "-x", "60", "-y", "12"]);
    let pid: u32 = t.ok(&["display", "-p", "#{pid}"]).trim().parse().unwrap();
    std::thread::sleep(Duration::from_secs(7).saturating_sub(started.elapsed()));
    let settled = code_kib(pid);
    for at in [12, 14] {
        std::thread::sleep(Duration::from_secs(at).saturating_sub(started.elapsed()));
        let now = code_kib(pid);
        assert!(
            now <= settled + 64,
            "code resident: {settled} KiB at 7 s, {now} KiB at {at} s"
        );
    }
}
