//! Sessions and windows through the real CLI.

mod common;
use common::{pid_alive, Ccmux};

#[test]
fn new_session_lists_and_has_session() {
    let t = Ccmux::new();
    t.session("work");
    let ls = t.ok(&["list-sessions"]);
    assert!(ls.starts_with("work: 1 windows (created "), "{ls}");
    assert_eq!(t.run(&["has-session", "-t", "work"]).status, 0);
    let missing = t.run(&["has", "-t", "nope"]);
    assert_eq!(missing.status, 1);
    assert_eq!(missing.stderr.trim(), "can't find session: nope");
    let dup = t.run(&["new", "-d", "-s", "work"]);
    assert_eq!(dup.status, 1);
    assert!(
        dup.stderr.contains("duplicate session: work"),
        "{}",
        dup.stderr
    );
    t.ok(&["rename-session", "-t", "work", "play"]);
    assert_eq!(
        t.ok(&[
            "ls",
            "-F",
            "#{session_name} #{session_id} #{session_windows}"
        ]),
        "play $0 1\n"
    );
}

#[test]
fn windows_create_select_rename_kill_and_ids_are_not_reused() {
    let t = Ccmux::new();
    t.session("s");
    t.ok(&["new-window", "-t", "s:", "-n", "logs"]);
    t.ok(&["neww", "-d", "-t", "s:5", "-n", "five"]);
    let lsw = t.ok(&[
        "lsw",
        "-t",
        "s",
        "-F",
        "#{window_index} #{window_id} #{window_name} #{window_active}",
    ]);
    assert_eq!(lsw, "0 @0 sh 0\n1 @1 logs 1\n5 @2 five 0\n");
    let taken = t.run(&["neww", "-t", "s:5"]);
    assert_eq!(
        (taken.status, taken.stderr.trim()),
        (1, "create window failed: index 5 in use")
    );
    t.ok(&["selectw", "-t", "s:five"]);
    assert_eq!(
        t.ok(&["display", "-p", "-t", "s:", "#{window_index}"]),
        "5\n"
    );
    t.ok(&["selectw", "-t", "s:", "-l"]);
    assert_eq!(
        t.ok(&["display", "-p", "-t", "s:", "#{window_name}"]),
        "logs\n"
    );
    t.ok(&["rename-window", "-t", "s:1", "build"]);
    t.ok(&["killw", "-t", "s:build"]);
    assert_eq!(
        t.ok(&["new-window", "-d", "-t", "s:", "-P", "-F", "#{window_id}"]),
        "@3\n"
    );
    let ids = t.ok(&["lsw", "-t", "s", "-F", "#{window_index}:#{window_id}"]);
    assert_eq!(
        ids, "0:@0\n1:@3\n5:@2\n",
        "the freed index is reused, the id is not"
    );
    let bad = t.run(&["killw", "-t", "s:9"]);
    assert_eq!((bad.status, bad.stderr.trim()), (1, "can't find window: 9"));
}

#[test]
fn pane_exit_closes_pane_window_session_and_server() {
    let t = Ccmux::new();
    t.ok(&["new", "-d", "-s", "a", "sleep 300"]);
    t.ok(&["splitw", "-t", "a", "sleep 0.3"]);
    t.ok(&["neww", "-d", "-t", "a", "sleep 300"]);
    assert_eq!(t.ok(&["lsp", "-t", "a:0", "-F", "#{pane_id}"]), "%0\n%1\n");
    t.wait_until("the short pane to close", || {
        t.run(&["lsp", "-t", "a:0", "-F", "#{pane_id}"]).stdout == "%0\n"
    });
    let pid = t
        .ok(&["display", "-p", "-t", "a:1", "#{pane_pid}"])
        .trim()
        .parse::<i32>()
        .unwrap();
    assert!(pid_alive(pid));
    t.ok(&["kill-window", "-t", "a:1"]);
    t.wait_until("the killed pane's process to end", || !pid_alive(pid));
    t.ok(&["kill-pane", "-t", "a:0.0"]);
    t.wait_until("the server to exit when empty", || !t.socket().exists());
    let r = t.run(&["ls"]);
    assert_eq!(r.status, 1);
    assert!(
        r.stderr.starts_with("no server running on "),
        "{}",
        r.stderr
    );
}

#[test]
fn kill_session_and_kill_server_end_processes() {
    let t = Ccmux::new();
    t.ok(&["new", "-d", "-s", "a", "sleep 300"]);
    t.ok(&["new", "-d", "-s", "b", "sleep 300"]);
    let pa = t
        .ok(&["display", "-p", "-t", "a", "#{pane_pid}"])
        .trim()
        .parse::<i32>()
        .unwrap();
    let pb = t
        .ok(&["display", "-p", "-t", "b", "#{pane_pid}"])
        .trim()
        .parse::<i32>()
        .unwrap();
    t.ok(&["kill-session", "-t", "a"]);
    t.wait_until("session a's process to end", || !pid_alive(pa));
    assert!(pid_alive(pb));
    assert_eq!(t.ok(&["ls", "-F", "#{session_name}"]), "b\n");
    t.ok(&["kill-server"]);
    t.wait_until("session b's process to end", || !pid_alive(pb));
    t.wait_until("the socket to go", || !t.socket().exists());
}

/// `-P` without `-F` prints tmux's default templates.
#[test]
fn print_info_defaults_match_tmux() {
    let Some(tmux) = common::Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    };
    let t = Ccmux::new();
    let lines = [
        vec!["new-session", "-d", "-P", "-s", "p"],
        vec!["new-window", "-d", "-P", "-t", "p"],
        vec!["split-window", "-d", "-P", "-t", "p:1"],
        vec!["break-pane", "-d", "-P", "-s", "p:1.1"],
    ];
    for args in lines {
        let (c, m) = (t.run(&args), tmux.run(&args));
        assert_eq!((c.status, &c.stdout), (m.status, &m.stdout), "{args:?}");
    }
}
