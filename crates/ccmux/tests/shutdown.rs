//! A machine shutdown: SIGTERM reaches the server, the keeper and every pane process at once (what
//! systemd does). Panes that die in the shutdown are not recorded as closed: the next start has every
//! session and window as it was.

mod common;
use common::{pid_alive, Ccmux};

fn term_all(pids: &[i32]) {
    for pid in pids {
        let _ = rustix::process::kill_process(
            rustix::process::Pid::from_raw(*pid).unwrap(),
            rustix::process::Signal::TERM,
        );
    }
}

#[test]
fn sigterm_to_everything_at_once_loses_no_window() {
    for round in 0..5 {
        let t = Ccmux::new();
        t.session("s");
        for _ in 0..3 {
            t.ok(&["neww", "-d", "-t", "s:", "sleep 1000"]);
        }
        t.ok(&["splitw", "-d", "-t", "s:1", "sleep 1000"]);
        let before = t.ok(&["lsw", "-t", "s", "-F", "#{window_index} #{window_panes}"]);
        let mut pids: Vec<i32> = t
            .ok(&["lsp", "-a", "-F", "#{pane_pid}"])
            .lines()
            .map(|l| l.parse().unwrap())
            .collect();
        let server = t.server_pid().unwrap();
        let keeper: i32 = t
            .ok(&["display", "-p", "#{keeper_pid}"])
            .trim()
            .parse()
            .unwrap();
        // Panes first (a pane dying a moment before the server hears its own signal is the case).
        pids.push(keeper);
        pids.push(server);
        term_all(&pids);
        t.wait_until("the server to exit", || !pid_alive(server));
        let after = t.ok(&["lsw", "-t", "s", "-F", "#{window_index} #{window_panes}"]);
        assert_eq!(after, before, "round {round}: windows lost in a shutdown");
    }
}
