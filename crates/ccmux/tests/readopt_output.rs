//! Re-adoption after a server `kill -9` (issue 12): a pane's output logged since the checkpoint is
//! left in the WAL's files while the new server recovers, and read when the pane replays (by its IO
//! thread, or by whoever needs the screen first). Every line must come back, in order.

mod common;
use common::{kill9, numbered, Ccmux};

#[test]
fn readopted_panes_replay_the_output_logged_after_the_checkpoint() {
    let t = Ccmux::new();
    t.session("r");
    t.ok(&["splitw", "-t", "r"]);
    t.wait_for("r:0.1", "$");
    t.ok(&["send", "-t", "r:0.0", "seq 1 1500 | sed 's/^/a=/'", "Enter"]);
    t.wait_for("r:0.0", "a=1500");
    t.ok(&["persistence", "checkpoint"]);
    // After the checkpoint: several WAL records per pane.
    t.ok(&[
        "send",
        "-t",
        "r:0.0",
        "seq 1501 3000 | sed 's/^/a=/'",
        "Enter",
    ]);
    t.ok(&["send", "-t", "r:0.1", "seq 1 1800 | sed 's/^/b=/'", "Enter"]);
    t.wait_for("r:0.0", "a=3000");
    t.wait_for("r:0.1", "b=1800");
    std::thread::sleep(std::time::Duration::from_millis(300)); // the output reaches the WAL
    kill9(t.server_pid().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(200));
    // The first command after the kill needs the screens at once (before the panes' threads).
    let a = t.ok(&["capturep", "-p", "-t", "r:0.0", "-S", "-"]);
    let b = t.ok(&["capturep", "-p", "-t", "r:0.1", "-S", "-"]);
    for (capture, prefix, last) in [(&a, "a=", 3000), (&b, "b=", 1800)] {
        let n = numbered(capture, prefix);
        assert_eq!(n.last(), Some(&last), "{prefix}: {n:?}");
        assert!(n.len() >= 1500, "{prefix}: a long history ({})", n.len());
        assert!(
            n.windows(2).all(|w| w[1] == w[0] + 1),
            "{prefix}: gaps in {n:?}"
        );
    }
    let status = t.ok(&["persistence", "status"]);
    assert!(
        !status.contains("recovery:"),
        "nothing went wrong: {status}"
    );
}
