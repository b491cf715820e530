//! Pane processes survive a server crash and a server upgrade: the keeper holds them, the next server
//! re-adopts them.

mod common;
use common::{kill9, pid_alive, Ccmux};
use std::os::unix::fs::PermissionsExt;

fn pids(t: &Ccmux) -> String {
    t.ok(&["lsp", "-a", "-F", "#{pane_id} #{pane_pid}"])
}

#[test]
fn panes_keep_their_processes_across_server_sigkill() {
    let t = Ccmux::new();
    t.session("k");
    t.ok(&["splitw", "-t", "k"]);
    t.wait_for("k:0.1", "$");
    let before = pids(&t);
    let shell_pid = t
        .ok(&["display", "-p", "-t", "k:0.0", "#{pane_pid}"])
        .trim()
        .to_string();
    t.ok(&[
        "send",
        "-t",
        "k:0.0",
        "echo before-crash; sleep 1; echo while-down",
        "Enter",
    ]);
    t.wait_for("k:0.0", "\nbefore-crash");
    std::thread::sleep(std::time::Duration::from_millis(300)); // the output reaches the WAL
    kill9(t.server_pid().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // Any command brings a server back, which re-adopts the panes: same processes.
    assert_eq!(pids(&t), before);
    let screen = t.wait_for("k:0.0", "\nwhile-down");
    assert!(screen.contains("before-crash"), "{screen}");
    assert!(
        !screen.contains("[restored"),
        "a re-adopted pane is not a restored one: {screen}"
    );
    t.ok(&["send", "-t", "k:0.0", "echo pid=$$", "Enter"]);
    t.wait_for("k:0.0", &format!("pid={shell_pid}"));
}

#[test]
fn full_screen_programs_are_told_to_redraw() {
    let t = Ccmux::new();
    t.session("f");
    let file = t.path("lines.txt");
    std::fs::write(
        &file,
        (1..=200).map(|i| format!("line {i}\n")).collect::<String>(),
    )
    .unwrap();
    t.ok(&[
        "send",
        "-t",
        "f",
        &format!("less {}", file.display()),
        "Enter",
    ]);
    t.wait_for("f", "line 20");
    t.ok(&[
        "splitw",
        "-t",
        "f",
        "trap 'echo got-winch' WINCH; while :; do sleep 0.1; done",
    ]);
    kill9(t.server_pid().unwrap());
    t.ok(&["ls"]);
    // The shell loop saw the SIGWINCH of the one-row nudge.
    t.wait_for("f:0.1", "got-winch");
    // less is alive and in control of its screen: keys still work.
    // (A key that arrives while less handles the resize may be dropped by it: ask again until seen.)
    t.wait_until("less to jump to the end", || {
        t.ok(&["send", "-t", "f:0.0", "G"]);
        std::thread::sleep(std::time::Duration::from_millis(100));
        t.capture("f:0.0").contains("line 200")
    });
    t.ok(&["send", "-t", "f:0.0", "q"]);
    t.wait_until("less to quit", || {
        t.ok(&["display", "-p", "-t", "f:0.0", "#{pane_current_command}"])
            .trim()
            == "sh"
    });
}

#[test]
fn a_killed_keeper_is_replaced_and_nothing_is_lost() {
    let t = Ccmux::new();
    t.session("q");
    let before = pids(&t);
    let old = t.keeper_pid();
    kill9(old);
    t.wait_until("a new keeper", || {
        t.run(&["display", "-p", "#{keeper_pid}"])
            .stdout
            .trim()
            .parse::<i32>()
            .is_ok_and(|p| p != old && pid_alive(p))
    });
    assert_eq!(pids(&t), before);
    t.ok(&["send", "-t", "q", "echo still-alive", "Enter"]);
    t.wait_for("q", "\nstill-alive");
    // The new keeper holds the panes: a server crash now still keeps them.
    kill9(t.server_pid().unwrap());
    assert_eq!(pids(&t), before);
}

#[test]
fn server_and_keeper_both_killed_falls_back_to_respawn() {
    let t = Ccmux::new();
    t.session("b");
    t.ok(&["send", "-t", "b", "echo remembered", "Enter"]);
    t.wait_for("b", "\nremembered");
    std::thread::sleep(std::time::Duration::from_millis(300)); // output reaches the WAL
    let old_pane_pid = t.ok(&["display", "-p", "-t", "b", "#{pane_pid}"]);
    let keeper = t.keeper_pid();
    kill9(t.server_pid().unwrap());
    kill9(keeper);
    let screen = t.wait_for("b", "[restored: saved ");
    assert!(screen.contains("remembered"), "{screen}");
    assert_ne!(
        t.ok(&["display", "-p", "-t", "b", "#{pane_pid}"]),
        old_pane_pid
    );
}

/// After a reboot the shells are started in one go (the keeper's requests pipelined, more panes than
/// requests in flight): each pane gets its own new process, on its own terminal, with its own screen.
#[test]
fn a_reboot_starts_every_pane_again_on_its_own_terminal() {
    let t = Ccmux::new();
    t.session("m");
    for _ in 1..20 {
        t.ok(&["neww", "-d", "-t", "m"]);
    }
    for i in 0..20 {
        t.ok(&[
            "send",
            "-t",
            &format!("m:{i}"),
            &format!("echo was-{i}-here"),
            "Enter",
        ]);
    }
    for i in 0..20 {
        t.wait_for(&format!("m:{i}"), &format!("\nwas-{i}-here"));
    }
    std::thread::sleep(std::time::Duration::from_millis(300)); // output reaches the WAL
    let before = pids(&t);
    let keeper = t.keeper_pid();
    kill9(t.server_pid().unwrap());
    kill9(keeper);
    let after = pids(&t);
    let new_pids: std::collections::BTreeSet<&str> =
        after.lines().filter_map(|l| l.split(' ').nth(1)).collect();
    assert_eq!(new_pids.len(), 20, "{after}");
    for line in after.lines() {
        assert!(!before.lines().any(|b| b == line), "{line} in {before}");
    }
    for i in 0..20 {
        let target = format!("m:{i}");
        let screen = t.wait_for(&target, "[restored: saved ");
        assert!(screen.contains(&format!("was-{i}-here")), "{screen}");
        // The new shell's prompt, under the banner: typed before it, the line is echoed by the
        // terminal ahead of the prompt and its output follows the prompt on the same line.
        t.wait_for(&target, " ago]\n$");
        t.ok(&[
            "send",
            "-t",
            &target,
            &format!("echo now-{i}-here"),
            "Enter",
        ]);
    }
    for i in 0..20 {
        t.wait_for(&format!("m:{i}"), &format!("\nnow-{i}-here"));
    }
}

#[test]
fn server_restart_keeps_a_running_command_running() {
    let t = Ccmux::new();
    let script = "i=0; while :; do i=$((i+1)); echo tick-$i; sleep 0.05; done";
    t.ok(&["new", "-d", "-s", "r", script]);
    t.wait_for("r", "tick-5");
    let pane_pid = t.ok(&["display", "-p", "-t", "r", "#{pane_pid}"]);
    let server_pid = t.server_pid().unwrap();
    t.ok(&["server-restart"]);
    // The same server pid runs the binary from disk again; the command never noticed.
    t.wait_until("the restarted server to answer", || {
        t.server_pid() == Some(server_pid)
    });
    assert_eq!(t.ok(&["display", "-p", "-t", "r", "#{pane_pid}"]), pane_pid);
    let last = |t: &Ccmux| -> u32 {
        t.capture("r")
            .lines()
            .filter_map(|l| l.strip_prefix("tick-")?.parse().ok())
            .max()
            .unwrap_or(0)
    };
    let seen = last(&t);
    t.wait_until("ticks to continue", || last(&t) > seen + 5);
    assert!(
        !t.capture("r").contains("press Enter"),
        "the command was not restarted"
    );
}

#[test]
fn kill_server_ends_keeper_and_panes() {
    let t = Ccmux::new();
    t.session("z");
    let keeper = t.keeper_pid();
    let pane: i32 = t
        .ok(&["display", "-p", "-t", "z", "#{pane_pid}"])
        .trim()
        .parse()
        .unwrap();
    t.ok(&["kill-server"]);
    t.wait_until("the keeper and the pane to end", || {
        !pid_alive(keeper) && !pid_alive(pane)
    });
}

#[test]
fn a_keeper_of_another_version_is_a_clear_refusal() {
    use std::io::{Read, Write};
    let t = Ccmux::new();
    // A keeper that answers every hello with Failed("version 99"), as one of another version would.
    std::fs::create_dir_all(t.socket_dir()).unwrap();
    std::fs::set_permissions(t.socket_dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let listener =
        std::os::unix::net::UnixListener::bind(t.socket_dir().join("default.keeper")).unwrap();
    let fake = std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut len = [0u8; 4];
            let _ = s.read_exact(&mut len);
            let mut body = vec![0u8; u32::from_le_bytes(len) as usize];
            let _ = s.read_exact(&mut body);
            let why = b"keeper protocol version 99";
            let mut payload = vec![3u8, why.len() as u8]; // FromKeeper::Failed(String)
            payload.extend_from_slice(why);
            let mut frame = (payload.len() as u32).to_le_bytes().to_vec();
            frame.extend_from_slice(&payload);
            let _ = s.write_all(&frame);
        }
    });
    let r = t.run(&["new", "-d", "-s", "x"]);
    fake.join().unwrap();
    assert_eq!(r.status, 1);
    assert!(
        r.stderr.contains("does not accept this server"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("version 99"), "{}", r.stderr);
}
