//! The keeper under stress: it reaps every pane process and knows how each ended, it serves only its
//! own server, a broken link heals, and running out of file descriptors neither spins the server nor
//! makes it give up a live keeper.

mod common;
use common::{kill9, pid_alive, Ccmux};
use std::time::Duration;

/// The process exists, running or a zombie nobody reaped.
fn exists(pid: i32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// tmux's regress/kill-session-process-exit.sh, run against ccmux: a killed session's processes are
/// gone (reaped, not left as zombies of the keeper).
#[test]
fn tmux_regress_kill_session_process_exit() {
    let t = Ccmux::new();
    let script = std::path::Path::new("/work/ref/tmux-3.3a/regress/kill-session-process-exit.sh");
    let text = match std::fs::read_to_string(script) {
        Ok(text) => text,
        // The script's steps, as in tmux 3.3a's regress directory.
        Err(_) => "TMUX=\"$TEST_TMUX -Ltest\"\n$TMUX kill-server 2>/dev/null\n\
                   $TMUX -f/dev/null new -d 'sleep 1000' || exit 1\n\
                   P=$($TMUX display -pt0:0.0 '#{pane_pid}')\n$TMUX -f/dev/null new -d || exit 1\n\
                   sleep 1\n$TMUX kill-session -t0:\nsleep 1\nkill -0 $P 2>/dev/null && exit 1\n\
                   $TMUX kill-server 2>/dev/null\nexit 0\n"
            .to_string(),
    };
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(&text)
        .envs(t.command().get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("TEST_TMUX", env!("CARGO_BIN_EXE_ccmux"))
        .env_remove("TMUX")
        .current_dir(t.root.path())
        .status()
        .unwrap();
    assert!(status.success(), "the regress script failed: {status}");
}

#[test]
fn an_ended_pane_process_is_reaped_and_its_status_known() {
    let t = Ccmux::new();
    t.session("r");
    t.ok(&["split-window", "-d", "-t", "r", "sleep 1000"]);
    let pid: i32 = t
        .ok(&["display", "-p", "-t", "r:0.1", "#{pane_pid}"])
        .trim()
        .parse()
        .unwrap();
    t.ok(&["kill-pane", "-t", "r:0.1"]);
    t.wait_until("the pane process to be reaped", || !exists(pid));
    // A process that ends by itself: reaped too (no zombie under the keeper).
    t.ok(&["split-window", "-d", "-t", "r", "sleep 0.2; exit 3"]);
    let pid: i32 = t
        .ok(&["display", "-p", "-t", "r:0.1", "#{pane_pid}"])
        .trim()
        .parse()
        .unwrap();
    t.wait_until("the exited process to be reaped", || !exists(pid));
    // The server hears of the end after the keeper reaped it: the log line may come a moment later.
    let log = || std::fs::read_to_string(t.state_dir().join("server.log")).unwrap();
    let logged = |log: &str| {
        log.lines()
            .any(|l| l.contains("pane process ended") && l.contains("status=Some(3)"))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !logged(&log()) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let log = log();
    assert!(logged(&log), "the exit status came from the keeper:\n{log}");
}

/// A keeper message frame, as the keeper's wire format: u32 length, postcard payload.
fn frame(payload: &[u8]) -> Vec<u8> {
    let mut f = (payload.len() as u32).to_le_bytes().to_vec();
    f.extend_from_slice(payload);
    f
}

#[test]
fn the_keeper_serves_only_its_server() {
    use std::io::{Read, Write};
    let t = Ccmux::new();
    t.session("k");
    let keeper = t.keeper_pid();
    // A stray process of the same user connects to the keeper and says hello (ToKeeper::Hello {
    // version: 2}): it is refused, and the server's link stays.
    let mut stray =
        std::os::unix::net::UnixStream::connect(t.socket_dir().join("default.keeper")).unwrap();
    // The keeper may refuse and close before the hello is written: the answer is there to read.
    let _ = stray.write_all(&frame(&[0, 2]));
    stray
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut len = [0u8; 4];
    stray.read_exact(&mut len).unwrap();
    let mut body = vec![0u8; u32::from_le_bytes(len) as usize];
    stray.read_exact(&mut body).unwrap();
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("another server is connected"), "{text}");
    // The server still creates panes through the keeper.
    for _ in 0..3 {
        t.ok(&["new-window", "-d", "-t", "k"]);
    }
    assert_eq!(t.ok(&["lsw", "-t", "k"]).lines().count(), 4);
    assert_eq!(t.keeper_pid(), keeper);
}

#[test]
fn a_broken_keeper_link_heals() {
    let t = Ccmux::new();
    // Answers the server waits for more than 400 ms count as a broken link.
    let run = |args: &[&str]| {
        t.command()
            .env("CCMUX_KEEPER_TIMEOUT_MS", "400")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["new", "-d", "-s", "b"]).status.success());
    let keeper = t.keeper_pid();
    let stop = |sig: &str| {
        std::process::Command::new("kill")
            .args([sig, &keeper.to_string()])
            .status()
            .unwrap()
    };
    stop("-STOP");
    let r = t.run(&["new-window", "-d", "-t", "b"]);
    assert_eq!(r.status, 1, "no answer from a stopped keeper: {}", r.stderr);
    assert!(r.stderr.contains("create pane failed"), "{}", r.stderr);
    stop("-CONT");
    // The server connects again to the same keeper; panes are made through it again.
    t.wait_until("the link to heal", || {
        t.run(&["new-window", "-d", "-t", "b"]).status == 0
    });
    assert_eq!(t.keeper_pid(), keeper, "the live keeper was kept");
    assert!(pid_alive(keeper));
    // The window the server gave up on is not left running in the keeper: every pane of the model
    // has its process, and no other process is the keeper's child.
    std::thread::sleep(Duration::from_millis(500));
    let panes = t.ok(&["lsp", "-a", "-F", "#{pane_pid}"]);
    let children: Vec<String> =
        std::fs::read_to_string(format!("/proc/{keeper}/task/{keeper}/children"))
            .unwrap_or_default()
            .split_whitespace()
            .map(String::from)
            .collect();
    for c in &children {
        assert!(
            panes.lines().any(|p| p == c),
            "keeper child {c} is no pane: {panes}"
        );
    }
}

#[test]
fn out_of_file_descriptors_the_server_backs_off_and_keeps_its_keeper() {
    let t = Ccmux::new();
    // A server started with few file descriptors.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 48; exec {} new -d -s f",
            env!("CARGO_BIN_EXE_ccmux")
        ))
        .envs(t.command().get_envs().filter_map(|(k, v)| Some((k, v?))))
        .current_dir(t.root.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keeper = t.keeper_pid();
    let log_size = || {
        std::fs::metadata(t.state_dir().join("server.log"))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    let before = log_size();
    // Idle connections until the server has no descriptor left, for 3 s.
    let mut held = Vec::new();
    for _ in 0..100 {
        if let Ok(s) = std::os::unix::net::UnixStream::connect(t.socket()) {
            held.push(s);
        }
    }
    std::thread::sleep(Duration::from_secs(3));
    let grown = log_size() - before;
    assert!(grown < 20_000, "the log grew {grown} bytes in 3 s");
    drop(held);
    // Served again, with the same keeper (not declared dead, its socket not deleted).
    t.wait_until("the server to answer", || t.run(&["ls"]).status == 0);
    assert_eq!(t.keeper_pid(), keeper);
    assert!(t.socket_dir().join("default.keeper").exists());
}

/// A new pane's process starts off the state lock: while the keeper is slow to answer (stopped here),
/// the pane's creation waits and every other client is served; once it answers, the creation ends
/// with the process it started (`-P` prints its pid).
#[test]
fn other_clients_are_served_while_a_pane_process_starts() {
    let t = Ccmux::new();
    let with_timeout = |c: &mut std::process::Command| {
        c.env("CCMUX_KEEPER_TIMEOUT_MS", "8000");
    };
    let mut first = t.command();
    with_timeout(&mut first);
    assert!(first
        .args(["new", "-d", "-s", "a"])
        .status()
        .unwrap()
        .success());
    let keeper = t.keeper_pid();
    let signal = |sig: &str| {
        std::process::Command::new("kill")
            .args([sig, &keeper.to_string()])
            .status()
            .unwrap()
    };
    signal("-STOP");
    let slow = t
        .command()
        .args(["new-window", "-d", "-t", "a", "-P", "-F", "#{pane_pid}"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let ls = t.run(&["list-sessions", "-F", "#{session_name}"]);
    let waited = started.elapsed();
    signal("-CONT");
    assert_eq!(ls.status, 0, "{}", ls.stderr);
    assert_eq!(ls.stdout, "a\n");
    assert!(
        waited < Duration::from_secs(4),
        "list-sessions waited {waited:?} for the keeper (the state lock was held)"
    );
    let out = slow.wait_with_output().unwrap();
    assert!(out.status.success());
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(pid.parse::<i32>().is_ok_and(pid_alive), "pid {pid:?}");
    let panes = t.ok(&["list-panes", "-a", "-F", "#{pane_pid}"]);
    assert!(panes.lines().any(|p| p == pid), "{panes} lacks {pid}");
}

/// The keeper dies and the server, noticing, starts another; the server dies before the new keeper
/// holds the panes. The next server finds that keeper alive but without the panes: they are not known
/// to have ended, so they start again (as after a reboot), never closed with their sessions.
#[test]
fn panes_a_new_keeper_never_held_start_again() {
    let t = Ccmux::new();
    // The server that sees its keeper die waits 2 s before handing the new one its panes (a seam).
    t.ok_env(
        ("CCMUX_TEST_ADOPT_DELAY_MS", "2000"),
        &["new", "-d", "-s", "k"],
    );
    t.wait_for("k", "$");
    t.ok(&["splitw", "-t", "k"]);
    t.ok(&["neww", "-t", "k"]);
    t.wait_for("k:1", "$");
    t.ok(&["persistence", "checkpoint"]);
    let server = t.server_pid().unwrap();
    let keeper = t.keeper_pid();
    kill9(keeper);
    // A new keeper runs (its pid answers), and the server dies before handing it the panes.
    let started = std::time::Instant::now();
    let new_keeper = loop {
        let pid = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
            .find(|p| {
                *p != keeper
                    && std::fs::read_to_string(format!("/proc/{p}/stat"))
                        .is_ok_and(|s| s.split_whitespace().nth(3) == Some(&server.to_string()))
                    && std::fs::read(format!("/proc/{p}/cmdline"))
                        .is_ok_and(|c| c.windows(6).any(|w| w == b"keeper"))
            });
        if let Some(pid) = pid {
            break pid;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "no new keeper");
        std::thread::sleep(Duration::from_millis(10));
    };
    kill9(server);
    assert!(
        pid_alive(new_keeper),
        "the new keeper lives on, without the panes"
    );
    let ls = t.ok(&["ls", "-F", "#{session_name} #{session_windows}"]);
    assert_eq!(ls, "k 2\n", "the session and its windows are kept");
    assert_eq!(t.ok(&["lsp", "-t", "k:0"]).lines().count(), 2);
    t.wait_for("k:1", "$");
}

/// A keeper that dies is reaped by the server that started it: once a new keeper holds the panes,
/// the old one's pid is gone, not left as the server's zombie (`ps` would show it `<defunct>`).
#[test]
fn a_dead_keeper_is_reaped_by_its_server() {
    let t = Ccmux::new();
    t.session("k");
    let server = t.server_pid().unwrap();
    let keeper = t.keeper_pid();
    let parent = std::fs::read_to_string(format!("/proc/{keeper}/stat")).unwrap();
    assert_eq!(
        parent.rsplit(')').next().unwrap().split_whitespace().nth(1),
        Some(server.to_string().as_str()),
        "the server started the keeper: {parent}"
    );
    kill9(keeper);
    let started = std::time::Instant::now();
    while t.keeper_pid() == keeper {
        assert!(started.elapsed() < Duration::from_secs(10), "no new keeper");
        std::thread::sleep(Duration::from_millis(20));
    }
    while exists(keeper) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the dead keeper {keeper} is still the server's zombie"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    t.ok(&["send", "-t", "k", "echo still''here", "Enter"]);
    t.wait_for("k", "stillhere");
}
