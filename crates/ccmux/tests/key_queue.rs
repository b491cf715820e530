//! Keys wait behind the commands earlier keys started, as tmux's (server_client_handle_key queues a
//! key on the client's command queue; a prompt's and an overlay's keys are handled at once). Typed in
//! one burst into a real terminal, side by side with tmux 3.3a.

mod common;

use common::outer::Outer;
use common::side::Side;
use common::{Ccmux, Tmux};

#[test]
fn a_key_typed_while_a_bound_command_waits_comes_after_it_as_in_tmux() {
    let Some(side) = Side::new(
        "key-queue-wait",
        &[
            &["new", "-d", "-s", "a", "-n", "w", "cat"],
            &[
                "bind",
                "-n",
                "F5",
                "run-shell 'sleep 0.5' ; send-keys -t a first-",
            ],
        ],
    ) else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    side.attach(80, 24, "-t a");
    // One burst: F5 and x reach each client in one write.
    side.keys(&["F5", "x", "Enter"]);
    side.same("first-x");
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
