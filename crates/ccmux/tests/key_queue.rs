//! Keys wait behind the commands earlier keys started, as tmux's (server_client_handle_key queues a
//! key on the client's command queue; a prompt's and an overlay's keys are handled at once). Typed in
//! one burst into a real terminal, side by side with tmux 3.3a.

mod common;

use common::outer::{client_command, Outer};
use common::{Ccmux, Tmux};

fn servers() -> Option<(Ccmux, Tmux)> {
    let Some(tx) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return None;
    };
    Some((Ccmux::new(), tx))
}

fn on_both(cc: &Ccmux, tx: &Tmux, args: &[&str]) {
    cc.ok(args);
    let r = tx.run(args);
    assert_eq!(r.status, 0, "tmux {args:?}: {}", r.stderr);
}

/// A ccmux client (outer session `cc`) and a tmux client (`tx`) attached to session `a`.
fn attach_both(o: &Outer, cc: &Ccmux, tx: &Tmux) {
    let tmux_client = format!(
        "env -u TMUX HOME={} SHELL=/bin/sh tmux -L {} attach -t a; sleep 30",
        tx.home.path().display(),
        tx.socket
    );
    let cc_client = format!("{}; sleep 30", client_command(cc, "attach -t a"));
    for (name, cmd) in [("cc", &cc_client), ("tx", &tmux_client)] {
        o.tmux(&["new-session", "-d", "-s", name, "-x", "80", "-y", "24", cmd]);
    }
    o.wait_for("cc", "[a]");
    o.wait_for("tx", "[a]");
}

/// Waits until both panes `target` show `needle`; returns (ccmux's, tmux's) captures.
fn both_show(cc: &Ccmux, tx: &Tmux, target: &str, needle: &str) -> (String, String) {
    let start = std::time::Instant::now();
    loop {
        let a = cc.capture(target);
        let b = tx.run(&["capture-pane", "-p", "-t", target]).stdout;
        if a.contains(needle) && b.contains(needle) {
            // Whatever else is coming has come.
            std::thread::sleep(std::time::Duration::from_millis(300));
            return (
                cc.capture(target),
                tx.run(&["capture-pane", "-p", "-t", target]).stdout,
            );
        }
        assert!(
            start.elapsed().as_secs() < 10,
            "no {needle:?}: ccmux {a:?}, tmux {b:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_key_typed_while_a_bound_command_waits_comes_after_it_as_in_tmux() {
    let Some((cc, tx)) = servers() else { return };
    let both = |args: &[&str]| on_both(&cc, &tx, args);
    both(&["new", "-d", "-s", "a", "-n", "w", "cat"]);
    both(&["set", "-g", "status-left", "[a]"]);
    both(&[
        "bind",
        "-n",
        "F5",
        "run-shell 'sleep 0.5' ; send-keys -t a first-",
    ]);
    let o = Outer::new("key-queue-wait");
    attach_both(&o, &cc, &tx);
    // One burst: F5 and x reach each client in one write.
    for name in ["cc", "tx"] {
        o.keys(name, &["F5", "x", "Enter"]);
    }
    let (a, b) = both_show(&cc, &tx, "a", "first-x");
    assert_eq!(a, b, "ccmux's pane (left) differs from tmux's");
}

/// What `buffers.rs` types, with the keys after the search's Enter in one burst: they wait for the
/// search (a queued `send -X search-backward`), so the selection starts where it went. (Not compared
/// with tmux: tmux 3.3a, typed the same burst by the same outer terminal, copied nothing.)
#[test]
fn keys_after_a_copy_mode_search_act_where_it_went() {
    if Tmux::new().is_none() {
        eprintln!("SKIPPED: tmux is not installed; the terminal is an outer tmux");
        return;
    }
    let cc = Ccmux::new();
    cc.ok(&["new", "-d", "-s", "a", "-n", "w"]);
    cc.ok(&["set", "-g", "status-left", "[a]"]);
    cc.ok(&["set", "-g", "mode-keys", "vi"]);
    cc.ok(&["send-keys", "-t", "a", "echo find-me-123", "Enter"]);
    cc.wait_for("a", "\nfind-me-123");
    let o = Outer::new("key-queue-search");
    o.start(&cc, "o", 80, 24, "attach -t a");
    o.wait_for("o", "[a]");
    for round in 0..5 {
        o.keys("o", &["C-b", "["]);
        o.wait_for("o", "[0/");
        o.keys("o", &["?"]);
        o.wait_for("o", "(search up)");
        o.keys("o", &["-l", "find-me"]);
        o.wait_for("o", "(search up) find-me");
        o.keys("o", &["Enter", "Space", "E", "Enter"]);
        o.wait("o", "copy mode left", |s| !s.contains("[0/"));
        let copied = cc.ok(&["show-buffer"]);
        assert_eq!(copied, "find-me-123", "round {round}");
        cc.ok(&["delete-buffer"]);
    }
}
