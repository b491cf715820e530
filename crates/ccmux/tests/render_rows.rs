//! Echoes drawn from the changed pane rows only (`attach/client/fast.rs`): side by side with tmux, a
//! split window with the status line on top, wide characters, typing in one pane and then the other.
//! The server is a debug build, which checks every such frame against the whole screen built again
//! (a difference is a panic in `server.log`).

mod common;
use common::side::Side;

#[test]
fn echoes_in_split_panes_under_a_top_status_line_match_tmux() {
    let Some(side) = Side::new(
        "rows",
        &[
            &[
                "new-session",
                "-d",
                "-s",
                "r",
                "-x",
                "60",
                "-y",
                "12",
                "-n",
                "w",
                "cat",
            ],
            &["set", "-g", "status-position", "top"],
            &["set", "-g", "automatic-rename", "off"],
            &["splitw", "-h", "-t", "r", "cat"],
        ],
    ) else {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    };
    side.attach(60, 12, "-t r");
    // `cat` in both panes: what is typed is echoed by the terminal and printed again on Enter, and
    // nothing else changes (no process starts, so the status line stays as it is).
    // The right pane is active: type there, then in the left one, a key at a time.
    for k in ["右", "-", "漢", "字", "-", "4", "2"] {
        side.keys(&[k]);
        side.same_when(k, |s| s.contains(k));
    }
    side.keys(&["Enter"]);
    side.same_when("printed again", |s| s.matches("右-漢字-42").count() == 2);
    side.keys(&["C-b", "o"]);
    for k in ["l", "e", "f", "t", "-", "字"] {
        side.keys(&[k]);
        side.same_when(k, |s| s.contains(k));
    }
    side.keys(&["Enter"]);
    let screen = side.same_when("printed again", |s| s.matches("left-字").count() == 2);
    assert!(screen.contains("右-漢字-42"), "{screen}");
    // A frame that differed from the whole one would have panicked in the server (and the client,
    // reconnecting, could have hidden it on screen).
    let log = std::fs::read_to_string(side.cc.state_dir().join("server.log")).unwrap_or_default();
    assert!(!log.contains("panic"), "{log}");
}

/// Keys are looked up with what was in force for the previous key until the model changes
/// (`attach/client/key_cache.rs`): a binding, a prefix and an unbinding made while the client is
/// attached take effect on the next key, as in tmux.
#[test]
fn bindings_and_prefix_changed_while_attached_apply_to_the_next_key_as_tmux() {
    let Some(side) = Side::new(
        "keycache",
        &[
            &[
                "new-session",
                "-d",
                "-s",
                "k",
                "-x",
                "60",
                "-y",
                "12",
                "-n",
                "w",
                "cat",
            ],
            &["set", "-g", "automatic-rename", "off"],
        ],
    ) else {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    };
    side.attach(60, 12, "-t k");
    // Typed once before each change, so that what the server kept from it would be stale.
    side.keys(&["x"]);
    side.same_when("x typed", |s| s.contains('x'));
    side.both(&["bind-key", "-n", "x", "send-keys", "Y"]);
    side.keys(&["x"]);
    side.same_when("x bound to Y", |s| s.contains("xY"));
    side.both(&["unbind-key", "-n", "x"]);
    side.keys(&["x"]);
    side.same_when("x unbound", |s| s.contains("xYx"));
    side.keys(&["C-a"]);
    side.both(&["set", "-g", "prefix", "C-a"]);
    side.keys(&["Enter"]);
    side.keys(&["C-a", "c"]);
    side.same_when("a window made with the new prefix", |s| {
        s.contains("0:w- 1:")
    });
    let log = std::fs::read_to_string(side.cc.state_dir().join("server.log")).unwrap_or_default();
    assert!(!log.contains("panic"), "{log}");
}
