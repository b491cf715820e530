//! A pane's output ring (`server/ring.rs`, shared memory the keeper holds) keeps what the WAL may not
//! have yet. Once a pane is idle and all it printed is durable in the WAL, the ring lets go of its
//! pages: a pane that printed a lot once does not keep 256 KiB resident for the rest of its life. Until
//! then it keeps them, and a server killed meanwhile gets the output back from it.

mod common;
use common::{kill9, never_settle, numbered, Ccmux};
use std::os::unix::fs::MetadataExt;
use std::time::{Duration, Instant};

/// Bytes of memory the server's output rings hold (their memfds' allocated blocks).
fn ring_bytes(server: i32) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(format!("/proc/{server}/fd"))
        .unwrap()
        .flatten()
    {
        let is_ring = std::fs::read_link(entry.path())
            .is_ok_and(|target| target.to_string_lossy().contains("ccmux-output"));
        if is_ring {
            if let Ok(meta) = std::fs::metadata(entry.path()) {
                total += meta.blocks() * 512;
            }
        }
    }
    total
}

/// A pane prints 1.5 MB and goes quiet: its ring fills (256 KiB), then, once the output is in the WAL
/// and the pane has been idle for its compaction, holds one page. A `kill -9` after that loses
/// nothing: the next server finds the output in the WAL.
#[test]
fn an_idle_panes_ring_lets_go_once_the_wal_has_its_output() {
    let t = Ccmux::new();
    t.ok(&["new-session", "-d", "-s", "r", "-x", "80", "-y", "24"]);
    t.wait_for("r", "$");
    let server = t.server_pid().unwrap();
    t.ok(&["send", "-t", "r", "seq 1 200000 | sed 's/^/n=/'", "Enter"]);
    t.wait_for("r", "n=200000");
    let full = ring_bytes(server);
    assert!(
        full >= 256 << 10,
        "the ring holds {full} bytes after 1.5 MB"
    );
    let start = Instant::now();
    loop {
        let now = ring_bytes(server);
        if now <= 8 << 10 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the idle pane's ring still holds {now} bytes"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    kill9(server);
    std::thread::sleep(Duration::from_millis(100));
    let after = numbered(&t.ok(&["capturep", "-p", "-t", "r"]), "n=");
    assert_eq!(after.last(), Some(&200000), "after the kill: {after:?}");
    let status = t.ok(&["persistence", "status"]);
    assert!(!status.contains("recovery:"), "nothing lost: {status}");
}

/// While the WAL does not have a pane's output (a flush interval of a minute, and another pane
/// printing all the time, so output never settles), the idle pane's ring keeps it, and a server
/// killed then gets it back from there.
#[test]
fn a_ring_keeps_what_the_wal_does_not_have_yet() {
    let t = Ccmux::with_config("[persistence]\nwal_flush_interval_ms = 60000\n");
    t.ok(&["new-session", "-d", "-s", "r", "-x", "80", "-y", "24"]);
    t.wait_for("r", "$");
    t.ok(&["persistence", "checkpoint"]);
    never_settle(&t, "r:1");
    let server = t.server_pid().unwrap();
    t.ok(&["send", "-t", "r:0", "seq 1 60000 | sed 's/^/n=/'", "Enter"]);
    t.wait_for("r:0", "n=60000");
    let full = ring_bytes(server);
    // Idle for longer than the compaction's two seconds.
    std::thread::sleep(Duration::from_secs(4));
    let later = ring_bytes(server);
    assert!(
        later >= full.min(256 << 10),
        "the ring let go of output the WAL does not have: {full} -> {later} bytes"
    );
    kill9(server);
    std::thread::sleep(Duration::from_millis(100));
    let after = numbered(&t.ok(&["capturep", "-p", "-t", "r:0"]), "n=");
    assert_eq!(after.last(), Some(&60000), "after the kill: {after:?}");
}
