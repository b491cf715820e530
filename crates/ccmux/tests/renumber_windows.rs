//! `renumber-windows on`: a session's windows are renumbered when one of them closes (killed, its
//! last pane killed or exited), not when one is unlinked or moved away, the same command lines run on
//! tmux 3.3a and ccmux and their window lists compared.

mod common;

use common::{Ccmux, Tmux};
use std::time::{Duration, Instant};

const LIST: [&str; 4] = ["list-windows", "-t", "a", "-F"];

fn windows(run: impl Fn(&[&str]) -> String) -> String {
    run(&[
        LIST[0],
        LIST[1],
        LIST[2],
        LIST[3],
        "#{window_index}:#{window_name}",
    ])
}

#[test]
fn windows_are_renumbered_as_tmux_renumbers_them() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    let cc = Ccmux::new();
    let both = |args: &[&str]| {
        let t = tmux.run(args);
        assert_eq!(t.status, 0, "tmux {args:?}: {}", t.stderr);
        cc.ok(args);
    };
    both(&["new", "-d", "-s", "a", "-n", "w0"]);
    both(&["new", "-d", "-s", "b", "-n", "b0"]);
    for n in ["w1", "w2", "w3", "w4", "w5"] {
        both(&["new-window", "-d", "-t", "a:", "-n", n]);
    }
    both(&["set", "-g", "renumber-windows", "on"]);
    let same = |what: &str| {
        let c = windows(|a| cc.ok(a));
        let t = windows(|a| tmux.run(a).stdout);
        assert_eq!(c, t, "{what}");
        c
    };
    both(&["kill-window", "-t", "a:1"]);
    assert_eq!(same("kill-window"), "0:w0\n1:w2\n2:w3\n3:w4\n4:w5\n");
    both(&["kill-pane", "-t", "a:1"]);
    same("kill-pane of a window's last pane");
    both(&["link-window", "-s", "a:2", "-t", "b:5"]);
    // Unlinking renumbers nothing (tmux's server_unlink_window).
    both(&["unlink-window", "-t", "a:2"]);
    assert_eq!(same("unlink-window"), "0:w0\n1:w3\n3:w5\n");
    // Nor does moving one away without -r.
    both(&["move-window", "-s", "a:0", "-t", "b:7"]);
    assert_eq!(same("move-window to another session"), "1:w3\n3:w5\n");
    // A window whose last pane's process exits.
    both(&["respawn-pane", "-k", "-t", "a:1", "sleep 0.3"]);
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        let c = windows(|a| cc.ok(a));
        let t = windows(|a| tmux.run(a).stdout);
        if c == t && c.lines().count() == 1 {
            assert!(c.starts_with("0:"), "{c}");
            break;
        }
        assert!(
            Instant::now() < end,
            "after an exit: ccmux {c:?}, tmux {t:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
