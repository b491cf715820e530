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
    let r = cc.run(&["switch-client", "-r"]);
    assert_eq!(r.status, 1, "read-only clients are not claimed");
}
