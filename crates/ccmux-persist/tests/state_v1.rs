//! The migration path: a state directory written by the first format (WAL v1 segments, checkpoint v1,
//! Record/Snapshot/scrollback v1 payloads, committed under `tests/samples/state-v1/`, made by the real
//! binary) is read by this build, whatever version it writes now.

use ccmux_model::{Axis, Rect};
use ccmux_persist::store::recover;
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/samples/state-v1")
}

/// A private copy: recovery must never run on the committed files.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_committed_v1_state_directory_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&sample(), tmp.path());
    let r = recover(tmp.path()).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(!r.incomplete);
    assert_eq!(r.checkpoint.as_ref().map(|c| c.lsn), Some(11));
    assert!(
        r.records_replayed > 0,
        "records after the checkpoint replay"
    );
    let m = &r.model;
    assert!(m.check().is_empty(), "{:?}", m.check());
    let names: Vec<&str> = m.sessions.values().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["work", "other"]);
    let work = m.session_by_name("work").unwrap();
    assert_eq!((work.cols, work.rows), (100, 30));
    let windows: Vec<&str> = work
        .windows
        .values()
        .map(|w| m.windows[w].name.as_str())
        .collect();
    assert_eq!(windows, ["sh", "tail"], "the rename after the checkpoint");
    let first = work.windows[&0];
    let sizes: Vec<(u16, u16)> = m
        .window_geometry(first)
        .iter()
        .map(|(_, r): &(_, Rect)| (r.cols, r.rows))
        .collect();
    assert_eq!(
        sizes,
        [(59, 30), (40, 21), (40, 8)],
        "splits and the resize"
    );
    let _ = Axis::X;
    let pane0 = m.windows[&first].layout.panes()[0];
    let h = &r.panes[&pane0];
    let saved: String = h.lines.iter().map(|l| l.text.clone() + "\n").collect();
    assert!(saved.contains("from-v1-checkpoint"), "{saved}");
    let replayed = String::from_utf8_lossy(&h.output);
    assert!(replayed.contains("from-v1-wal"), "{replayed}");
}
