//! A pane's PTY is read by its IO thread during floods and by the server's runtime thread while the
//! pane is quiet or interactive (`server/pane_lend.rs`). Output that crosses those hand-overs must
//! arrive whole and in order, on the screen and in what survives a server `kill -9` (the output
//! ring); the program's queries are answered; a process ending while the runtime reads ends the
//! pane as before.

mod common;
use common::{kill9, never_settle, numbered, Ccmux};
use std::time::Duration;

/// Bursts of more than the runtime keeps (handed to the thread), quiet moments (handed back),
/// single lines (echo-sized, read by the runtime), then at once a kill -9: with the WAL flushed
/// only every 10 s, and another pane printing all the time (so output never settles, which would
/// log it at once), what follows the checkpoint comes back from the output ring alone.
#[test]
fn output_crossing_hand_overs_arrives_in_order_and_survives_kill9() {
    let t =
        Ccmux::with_config("history_limit = 50000\n[persistence]\nwal_flush_interval_ms = 10000\n");
    t.ok(&["new-session", "-d", "-s", "h", "-x", "80", "-y", "24"]);
    t.wait_for("h", "$");
    t.ok(&["persistence", "checkpoint"]);
    never_settle(&t, "h:1");
    let script = "seq 1 4000 | sed 's/^/n=/'; sleep 0.2; \
                  for i in $(seq 4001 4010); do echo n=$i; sleep 0.03; done; \
                  seq 4011 9000 | sed 's/^/n=/'; sleep 0.2; echo n=9001; sleep 0.05; \
                  seq 9002 12000 | sed 's/^/n=/'; sleep 0.2; echo n=$((12000 + 1))";
    t.ok(&["send", "-t", "h", script, "Enter"]);
    t.wait_for("h", "n=12001");
    let before = numbered(&t.ok(&["capturep", "-p", "-t", "h", "-S", "-"]), "n=");
    assert_eq!(before, (1..=12001).collect::<Vec<_>>(), "before the kill");
    kill9(t.server_pid().unwrap());
    std::thread::sleep(Duration::from_millis(100));
    let after = numbered(&t.ok(&["capturep", "-p", "-t", "h", "-S", "-"]), "n=");
    assert_eq!(after, before, "after the kill");
    let status = t.ok(&["persistence", "status"]);
    assert!(!status.contains("recovery:"), "nothing lost: {status}");
}

/// Device attributes asked while the pane is quiet (read by the runtime): the answer reaches the
/// program through its terminal.
#[test]
fn a_quiet_panes_program_gets_its_answers() {
    let t = Ccmux::new();
    t.session("q");
    std::thread::sleep(Duration::from_millis(100));
    t.ok(&[
        "send",
        "-t",
        "q",
        "stty -echo -icanon min 1; printf '\\033[c'; head -c 3 | od -An -c | tr -d ' '; stty sane; echo do''ne",
        "Enter",
    ]);
    let shown = t.wait_for("q", "done");
    assert!(shown.contains("033[?"), "no answer read: {shown}");
}

/// A process that ends a moment after its last output (read by the runtime) leaves a dead pane
/// with its exit status (remain-on-exit), or closes its window.
#[test]
fn a_process_ending_while_the_runtime_reads_ends_the_pane_as_before() {
    let t = Ccmux::new();
    t.session("e");
    t.ok(&["setw", "-g", "remain-on-exit", "on"]);
    t.ok(&[
        "neww",
        "-d",
        "-t",
        "e:1",
        "printf first; sleep 0.3; printf last; sleep 1; exit 7",
    ]);
    t.wait_until("the pane is dead", || {
        t.ok(&["lsp", "-t", "e:1", "-F", "#{pane_dead} #{pane_dead_status}"])
            .trim()
            == "1 7"
    });
    // The dead line scrolls the screen up one row (as tmux's): the output is in the history.
    let shown = t.wait_for_args(&["capturep", "-p", "-t", "e:1", "-S", "-"], "Pane is dead");
    assert!(shown.contains("firstlast"), "{shown}");
    // Without remain-on-exit the window goes.
    t.ok(&["setw", "-g", "remain-on-exit", "off"]);
    t.ok(&["neww", "-d", "-t", "e:2", "printf x; sleep 0.3; exit 0"]);
    t.wait_until("the window closed", || {
        !t.ok(&["lsw", "-t", "e", "-F", "#{window_index}"])
            .lines()
            .any(|l| l == "2")
    });
    // The session goes on: its first pane still echoes.
    t.ok(&["send", "-t", "e:0", "echo still-here", "Enter"]);
    t.wait_for("e:0", "still-here");
}
