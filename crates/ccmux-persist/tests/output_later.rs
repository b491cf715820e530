//! `StoreOptions::output_later` (what the server opens its store with): the panes' logged output is
//! left in the WAL's files and read when a pane replays it. It must load exactly what the eager read
//! gives, also once a checkpoint deleted the segments; bytes changed on disk since the recovery pass
//! are refused, never replayed; damage in the log is still reported at open.

use ccmux_model::{Change, Model, PaneId, PaneSpec, SessionId, SplitDir, WindowId};
use ccmux_persist::store::{recover, PaneCapture, Store, StoreOptions};
use std::path::Path;
use std::time::Duration;

fn session() -> Change {
    Change::SessionCreated {
        id: SessionId(0),
        name: "work".into(),
        created: 1,
        cols: 80,
        rows: 24,
        window: WindowId(0),
        window_name: "sh".into(),
        pane: PaneId(0),
        spec: PaneSpec {
            shell: "/bin/sh".into(),
            cwd: "/".into(),
            ..PaneSpec::default()
        },
    }
}

fn split() -> Change {
    Change::PaneSplit {
        target: PaneId(0),
        pane: PaneId(1),
        dir: SplitDir::LeftRight,
        size: None,
        before: false,
        spec: PaneSpec::default(),
        select: true,
    }
}

/// Small segments: the output spans several, which the checkpoint then deletes.
fn options(later: bool) -> StoreOptions {
    StoreOptions {
        segment_size: 512,
        output_later: later,
        ..StoreOptions::new(Duration::from_millis(10))
    }
}

/// Two panes' output over several records and segments: overlapping records, a `fresh` one.
fn write_log(root: &Path) -> Model {
    let mut model = Model::default();
    let (store, _) = Store::open_opts(root, options(false)).unwrap();
    for c in [session(), split()] {
        model.apply(&c).unwrap();
        store.log_changes(&[c]).wait().unwrap();
    }
    let mut offset = 0;
    for i in 0..20 {
        let data = format!("line {i} of pane zero, UNIQUE-{i:02}\r\n");
        store.log_output(PaneId(0), offset, data.as_bytes(), 100);
        offset += data.len() as u64;
    }
    // Overlaps what the last record logged: only its new bytes count.
    store.log_output(PaneId(0), offset - 4, b"Z-\r\nnew tail", 100);
    store.log_output(PaneId(1), 0, b"old\r\n", 100);
    // A flood: only its last two lines are logged, replacing what came before.
    store.log_output(PaneId(1), 5, b"1\r\n2\r\n3\r\n4\r\n", 2);
    store.barrier().unwrap();
    model
}

#[test]
fn output_left_in_the_log_loads_as_the_eager_read_even_after_a_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let model = write_log(dir.path());
    let eager = recover(dir.path()).unwrap();
    assert!(eager.problems.is_empty(), "{:?}", eager.problems);
    let segments = std::fs::read_dir(dir.path().join("wal")).unwrap().count();
    assert!(
        segments > 2,
        "the output spans several segments ({segments})"
    );

    let (store, rec) = Store::open_opts(dir.path(), options(true)).unwrap();
    assert!(rec.problems.is_empty(), "{:?}", rec.problems);
    assert_eq!(rec.model, model);
    for (pane, h) in &rec.panes {
        let e = &eager.panes[pane];
        assert!(h.output.is_empty(), "pane {pane}: nothing copied at open");
        assert!(!h.logged.in_memory(), "pane {pane}: left in the log");
        assert_eq!((h.logged.len(), h.offset), (e.output.len(), e.offset));
    }
    // A checkpoint covering everything deletes the segments; the output still loads (the files
    // were opened by the recovery pass).
    let lsn = store.barrier().unwrap();
    let captures = rec
        .panes
        .iter()
        .map(|(pane, h)| PaneCapture {
            pane: *pane,
            output_offset: h.offset,
            lines: None,
            term: None,
        })
        .collect();
    store.write_checkpoint(lsn, model, captures).unwrap();
    assert!(std::fs::read_dir(dir.path().join("wal")).unwrap().count() < segments);
    for (pane, h) in rec.panes {
        let loaded = h.logged.load().unwrap();
        assert_eq!(loaded, eager.panes[&pane].output, "pane {pane}");
    }
    let zero = String::from_utf8(eager.panes[&PaneId(0)].output.clone()).unwrap();
    assert!(
        zero.starts_with("line 0 of") && zero.ends_with("UNIQUE-19\r\nnew tail"),
        "{zero}"
    );
    assert_eq!(eager.panes[&PaneId(1)].output, b"3\r\n4\r\n");
}

#[test]
fn a_record_changed_on_disk_after_the_recovery_pass_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_log(dir.path());
    let (_store, rec) = Store::open_opts(dir.path(), options(true)).unwrap();
    // Someone rewrites a byte of pane 0's output in its segment after the log was validated.
    let mut changed = false;
    for entry in std::fs::read_dir(dir.path().join("wal")).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        if let Some(at) = bytes.windows(9).position(|w| w == b"UNIQUE-07") {
            bytes[at + 7] = b'X';
            std::fs::write(&path, bytes).unwrap();
            changed = true;
        }
    }
    assert!(changed, "found the record to change");
    let err = rec.panes[&PaneId(0)].logged.clone().load().unwrap_err();
    assert!(err.contains("checksum mismatch"), "{err}");
    // The other pane's records were not touched.
    assert_eq!(
        rec.panes[&PaneId(1)].logged.clone().load().unwrap(),
        b"3\r\n4\r\n"
    );
}

#[test]
fn damage_in_the_log_is_reported_at_open_as_by_the_eager_read() {
    let dir = tempfile::tempdir().unwrap();
    write_log(dir.path());
    // A byte of an early record's output flipped: mid-log damage.
    let mut first: Vec<_> = std::fs::read_dir(dir.path().join("wal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    first.sort();
    let damaged = first
        .iter()
        .find(|p| {
            std::fs::read(p)
                .unwrap()
                .windows(9)
                .any(|w| w == b"UNIQUE-02")
        })
        .unwrap()
        .clone();
    let mut bytes = std::fs::read(&damaged).unwrap();
    let at = bytes.windows(9).position(|w| w == b"UNIQUE-02").unwrap();
    bytes[at] ^= 0x20;
    std::fs::write(&damaged, bytes).unwrap();
    let eager = recover(dir.path()).unwrap();
    assert!(eager.incomplete, "{:?}", eager.problems);
    let (_store, rec) = Store::open_opts(dir.path(), options(true)).unwrap();
    assert!(rec.incomplete, "{:?}", rec.problems);
    assert!(
        rec.problems
            .iter()
            .any(|p| p.contains("WAL") && p.contains("checksum")),
        "{:?}",
        rec.problems
    );
    // What the valid prefix held loads, and nothing after the damage.
    let h = &rec.panes[&PaneId(0)];
    assert_eq!(h.logged.len(), eager.panes[&PaneId(0)].output.len());
    let loaded = String::from_utf8(h.logged.clone().load().unwrap()).unwrap();
    assert_eq!(loaded.as_bytes(), eager.panes[&PaneId(0)].output);
    assert!(!loaded.contains("UNIQUE-02"), "{loaded}");
}

/// The scrollback file of pane 0 in the checkpoint that `checkpoint_with_lines` wrote.
fn pane0_scrollback(root: &Path) -> std::path::PathBuf {
    std::fs::read_dir(root.join("scrollback"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-0.scr"))
        .unwrap()
}

/// A checkpoint with saved lines (one non-ASCII, so each line's UTF-8 is checked), for pane 0.
fn checkpoint_with_lines(root: &Path) -> Vec<ccmux_persist::store::SavedLine> {
    let model = write_log(root);
    let lines: Vec<_> = ["plain", "wrapped ", "caf\u{e9} \x1b[1mbold\x1b[0m"]
        .iter()
        .enumerate()
        .map(|(i, t)| ccmux_persist::store::SavedLine {
            text: t.to_string(),
            wrapped: i == 1,
        })
        .collect();
    let (store, rec) = Store::open_opts(root, options(false)).unwrap();
    let lsn = store.barrier().unwrap();
    let captures = rec
        .panes
        .iter()
        .map(|(pane, h)| PaneCapture {
            pane: *pane,
            output_offset: h.offset,
            lines: Some(if pane.0 == 0 {
                lines.clone()
            } else {
                Vec::new()
            }),
            term: None,
        })
        .collect();
    store.write_checkpoint(lsn, model, captures).unwrap();
    lines
}

#[test]
fn saved_lines_are_checked_at_open_and_decode_as_the_eager_read() {
    let dir = tempfile::tempdir().unwrap();
    let lines = checkpoint_with_lines(dir.path());
    assert_eq!(recover(dir.path()).unwrap().panes[&PaneId(0)].lines, lines);
    let (_store, rec) = Store::open_opts(dir.path(), options(true)).unwrap();
    assert!(rec.problems.is_empty(), "{:?}", rec.problems);
    let h = &rec.panes[&PaneId(0)];
    assert!(h.lines.is_empty(), "not decoded at open");
    assert_eq!(h.lines_later.as_ref().unwrap().decode().unwrap(), lines);
}

#[test]
fn a_scrollback_line_that_is_not_utf8_is_refused_at_open_even_with_a_good_checksum() {
    let dir = tempfile::tempdir().unwrap();
    checkpoint_with_lines(dir.path());
    let sb = pane0_scrollback(dir.path());
    // "plain" becomes "pl\xffin", and the file's checksum is made to match again: only the
    // check of each line's UTF-8 can refuse it.
    let mut bytes = std::fs::read(&sb).unwrap();
    let at = bytes.windows(5).position(|w| w == b"plain").unwrap();
    bytes[at + 2] = 0xff;
    let crc = crc32c::crc32c(&bytes[20..]);
    bytes[8..12].copy_from_slice(&crc.to_le_bytes());
    std::fs::write(&sb, bytes).unwrap();
    let (_store, rec) = Store::open_opts(dir.path(), options(true)).unwrap();
    assert!(rec.incomplete);
    assert!(
        rec.problems
            .iter()
            .any(|p| p.contains("scrollback lost") && p.contains("utf-8")),
        "{:?}",
        rec.problems
    );
    assert!(rec.panes[&PaneId(0)].lines_later.is_none());
}

#[test]
fn a_damaged_scrollback_file_is_still_reported_at_open() {
    let dir = tempfile::tempdir().unwrap();
    checkpoint_with_lines(dir.path());
    let sb = pane0_scrollback(dir.path());
    let mut bytes = std::fs::read(&sb).unwrap();
    let at = bytes.windows(5).position(|w| w == b"plain").unwrap();
    bytes[at] = b'P';
    std::fs::write(&sb, bytes).unwrap();
    let (_store, rec) = Store::open_opts(dir.path(), options(true)).unwrap();
    assert!(rec.incomplete);
    assert!(
        rec.problems
            .iter()
            .any(|p| p.contains("scrollback lost") && p.contains("checksum mismatch")),
        "{:?}",
        rec.problems
    );
    let h = &rec.panes[&PaneId(0)];
    assert!(h.lines.is_empty() && h.lines_later.is_none());
}
