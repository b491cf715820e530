//! What an attached client does at a command's request: switch-client's -n/-p/-l and window targets,
//! wait-for from bindings. Driven in a real terminal (an outer tmux runs `ccmux attach`).

mod common;

use common::outer::Outer;
use common::Ccmux;

fn shown(cc: &Ccmux) -> String {
    cc.ok(&["list-clients", "-F", "#{client_session}"])
        .trim()
        .to_string()
}

#[test]
fn switch_client_next_previous_last_and_window_targets() {
    let cc = Ccmux::new();
    for s in ["b", "a", "c"] {
        cc.session(s);
    }
    let o = Outer::new("switch");
    o.start(&cc, "o", 80, 24, "attach -t a");
    o.wait_for("o", "[a] 0:sh*");
    // tmux's default line, and the client's process.
    let line = cc.ok(&["list-clients"]);
    assert!(
        line.starts_with("/dev/pts/")
            && line.ends_with(": a [80x24 xterm-256color] (attached,focused,UTF-8)\n"),
        "{line}"
    );
    let pid = cc.ok(&["list-clients", "-F", "#{client_pid}"]);
    assert!(pid.trim().parse::<u32>().is_ok(), "{pid}");
    // Sessions in name order, wrapping round: a -> b -> c -> a, and back.
    cc.ok(&["switch-client", "-n"]);
    o.wait_for("o", "[b] ");
    cc.ok(&["switch-client", "-n"]);
    o.wait_for("o", "[c] ");
    cc.ok(&["switch-client", "-n"]);
    o.wait_for("o", "[a] ");
    cc.ok(&["switch-client", "-p"]);
    o.wait_for("o", "[c] ");
    assert_eq!(shown(&cc), "c");
    // -l goes back to the session shown before, and again.
    cc.ok(&["switch-client", "-l"]);
    o.wait_for("o", "[a] ");
    cc.ok(&["switch-client", "-l"]);
    o.wait_for("o", "[c] ");
    // A window target makes that window current in its session.
    cc.ok(&["new-window", "-d", "-t", "b:4", "-n", "four"]);
    cc.ok(&["switch-client", "-t", "b:4"]);
    o.wait_for("o", "4:four*");
    assert_eq!(shown(&cc), "b");
    // The last session gone: tmux's error.
    cc.ok(&["kill-session", "-t", "c"]);
    let r = cc.run(&["switch-client", "-l"]);
    assert_eq!(
        (r.status, r.stderr.as_str()),
        (1, "can't find last session\n")
    );
    // -r toggles the client read-only (clients_attach.rs tests what that means).
    cc.ok(&["switch-client", "-r"]);
    let ro = cc.ok(&["list-clients", "-F", "#{client_readonly}"]);
    assert_eq!(ro, "1\n");
}

fn process_state(pid: &str) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The state follows the command name in parentheses.
    stat.rsplit(')')
        .next()
        .and_then(|rest| rest.trim_start().chars().next())
        .unwrap_or('?')
}

#[test]
fn suspend_client_stops_the_client_and_it_comes_back_drawn() {
    let cc = Ccmux::new();
    cc.session("s");
    cc.ok(&["send-keys", "-t", "s", "echo MARK-ONE", "Enter"]);
    // The client runs from an interactive shell with job control, as a user's does (a stop signal
    // to a process without one is discarded: its process group is orphaned).
    let o = Outer::new("suspend");
    o.tmux(&[
        "new-session",
        "-d",
        "-s",
        "o",
        "-x",
        "80",
        "-y",
        "24",
        "env PS1='$ ' ENV= sh -i",
    ]);
    o.tmux(&["set", "-g", "status", "off"]);
    o.keys(
        "o",
        &[&common::outer::client_command(&cc, "attach -t s"), "Enter"],
    );
    o.wait_for("o", "MARK-ONE");
    let pid = cc.ok(&["list-clients", "-F", "#{client_pid}"]);
    let pid = pid.trim().to_string();
    cc.ok(&["suspend-client"]);
    cc.wait_until("the client stops", || process_state(&pid) == 'T');
    // It gave the terminal back: the alternate screen is gone.
    o.wait("o", "the main screen", |s| !s.contains("[s] 0:"));
    // `fg` continues it: it takes the terminal again and is drawn whole.
    o.keys("o", &["fg", "Enter"]);
    o.wait_for("o", "MARK-ONE");
    o.wait_for("o", "[s] 0:");
    // refresh-client redraws; its panning flags are refused, not ignored.
    cc.ok(&["refresh-client", "-S"]);
    let r = cc.run(&["refresh-client", "-L"]);
    assert_eq!(r.status, 1);
}

#[test]
fn lock_session_runs_lock_command_in_the_clients_terminal() {
    let cc = Ccmux::new();
    cc.session("l");
    cc.ok(&["send-keys", "-t", "l", "echo MARK-TWO", "Enter"]);
    let o = Outer::new("lock");
    o.start(&cc, "o", 80, 24, "attach -t l");
    o.wait_for("o", "MARK-TWO");
    let gate = cc.path("unlock");
    let cmd = format!(
        "echo LOCKED-NOW; read line; echo \"lock read $line\"; while [ ! -e {} ]; do sleep 0.05; done",
        gate.display()
    );
    cc.ok(&["set", "-g", "lock-command", &cmd]);
    cc.ok(&["lock-session", "-t", "l"]);
    o.wait_for("o", "LOCKED-NOW");
    // Keys go to the lock program, not to the pane behind it.
    o.keys("o", &["secret", "Enter"]);
    o.wait_for("o", "lock read secret");
    std::fs::write(&gate, "").unwrap();
    o.wait_for("o", "MARK-TWO");
    o.wait_for("o", "[l] 0:");
    assert!(!cc.capture("l").contains("secret"), "the pane got the keys");
    // lock-server and lock-client reach the same clients.
    let r = cc.run(&["lock-client", "-t", "nosuch"]);
    assert_eq!(
        (r.status, r.stderr.as_str()),
        (1, "can't find client: nosuch\n")
    );
}
