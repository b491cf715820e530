//! The model-aware store: changes and output logged, checkpointed with scrollback, recovered.

use ccmux_model::{Change, Model, PaneId, PaneSpec, SessionId, SplitDir, WindowId};
use ccmux_persist::store::{recover, PaneCapture, SavedLine, Store};
use std::time::Duration;

fn session(id: u32, name: &str, window: u32, pane: u32) -> Change {
    Change::SessionCreated {
        id: SessionId(id),
        name: name.into(),
        created: 1,
        cols: 80,
        rows: 24,
        window: WindowId(window),
        window_name: "sh".into(),
        pane: PaneId(pane),
        spec: PaneSpec {
            shell: "/bin/sh".into(),
            cwd: "/".into(),
            ..PaneSpec::default()
        },
    }
}

fn split(target: u32, pane: u32) -> Change {
    Change::PaneSplit {
        target: PaneId(target),
        pane: PaneId(pane),
        dir: SplitDir::LeftRight,
        size: None,
        before: false,
        spec: PaneSpec::default(),
        select: true,
    }
}

fn line(s: &str) -> SavedLine {
    SavedLine {
        text: s.into(),
        wrapped: false,
    }
}

#[test]
fn changes_output_checkpoint_and_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = Model::default();
    {
        let (store, rec) = Store::open(dir.path(), Duration::from_millis(10)).unwrap();
        assert!(rec.model.sessions.is_empty() && rec.problems.is_empty());
        let c = vec![session(0, "work", 0, 0)];
        model.apply(&c[0]).unwrap();
        store.log_changes(&c).wait().unwrap();
        store.log_output(PaneId(0), 0, b"hello ", 100);
        // Checkpoint at the barrier: the pane had shown 6 bytes, kept as a line.
        let lsn = store.barrier().unwrap();
        let capture = PaneCapture {
            pane: PaneId(0),
            output_offset: 6,
            lines: Some(vec![line("hello")]),
            term: None,
        };
        store
            .write_checkpoint(lsn, model.clone(), vec![capture])
            .unwrap();
        // After the checkpoint: a split, output overlapping the checkpoint's offset, and new output.
        let c = vec![split(0, 1)];
        model.apply(&c[0]).unwrap();
        store.log_changes(&c).wait().unwrap();
        store.log_output(PaneId(0), 3, b"lo world", 100);
        store.log_output(PaneId(1), 0, b"second", 100);
        // A flood: only its last two lines are logged, and they replace what came before.
        store.log_output(PaneId(2), 0, b"old\n", 100);
        store.log_output(PaneId(2), 4, b"1\n2\n3\n4\n", 2);
        store.barrier().unwrap();
        assert!(store.status().records_since_checkpoint >= 3);
    }
    let rec = recover(dir.path()).unwrap();
    assert!(rec.problems.is_empty(), "{:?}", rec.problems);
    assert_eq!(rec.model, model);
    let p0 = &rec.panes[&PaneId(0)];
    assert_eq!(p0.lines, vec![line("hello")]);
    assert_eq!(
        p0.output, b"world",
        "bytes the checkpoint covered are not replayed twice"
    );
    assert_eq!(p0.offset, 11);
    assert_eq!(rec.panes[&PaneId(1)].output, b"second");
    assert!(
        !rec.panes.contains_key(&PaneId(2)),
        "pane 2 is not in the model"
    );
    // Reopening continues the LSNs and keeps the state.
    let (store, rec2) = Store::open(dir.path(), Duration::from_millis(10)).unwrap();
    assert_eq!(rec2.model, model);
    assert!(store.last_lsn() >= rec.last_lsn);
}

#[test]
fn failed_change_record_is_reported_not_half_applied() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (store, _) = Store::open(dir.path(), Duration::from_millis(10)).unwrap();
        store.log_changes(&[session(0, "a", 0, 0)]).wait().unwrap();
        // The second change of this record names a pane that does not exist.
        store
            .log_changes(&[
                Change::SessionRenamed {
                    id: SessionId(0),
                    name: "b".into(),
                },
                split(7, 8),
            ])
            .wait()
            .unwrap();
    }
    let rec = recover(dir.path()).unwrap();
    assert_eq!(
        rec.model.sessions[&SessionId(0)].name,
        "a",
        "the whole record was rolled back"
    );
    assert_eq!(rec.problems.len(), 1, "{:?}", rec.problems);
    assert!(rec.problems[0].contains("not applied"));
}

#[test]
fn damaged_scrollback_is_reported_and_wipe_forgets_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = Model::default();
    model.apply(&session(0, "a", 0, 0)).unwrap();
    {
        let (store, _) = Store::open(dir.path(), Duration::from_millis(10)).unwrap();
        store.log_changes(&[session(0, "a", 0, 0)]).wait().unwrap();
        let lsn = store.barrier().unwrap();
        let capture = PaneCapture {
            pane: PaneId(0),
            output_offset: 0,
            lines: Some(vec![line("x")]),
            term: None,
        };
        store
            .write_checkpoint(lsn, model.clone(), vec![capture])
            .unwrap();
    }
    let sb = std::fs::read_dir(dir.path().join("scrollback"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&sb).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&sb, bytes).unwrap();
    let rec = recover(dir.path()).unwrap();
    assert_eq!(
        rec.model, model,
        "the model survives a damaged scrollback file"
    );
    assert!(
        rec.problems.iter().any(|p| p.contains("checksum mismatch")),
        "{:?}",
        rec.problems
    );
    let (store, _) = Store::open(dir.path(), Duration::from_millis(10)).unwrap();
    store.wipe().unwrap();
    let rec = recover(dir.path()).unwrap();
    assert!(rec.model.sessions.is_empty() && rec.checkpoint.is_none());
}

/// The store reads the log once (the writer validates it and the replay takes each record as it
/// goes) and the scrollback files meanwhile: what it recovers is what the read-only recovery reads,
/// a `fresh` record still replacing saved lines read in parallel with it.
#[test]
fn one_pass_recovery_equals_the_read_only_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = Model::default();
    {
        let (store, _) = Store::open(dir.path(), Duration::from_millis(10)).unwrap();
        let c = vec![session(0, "work", 0, 0), split(0, 1), split(1, 2)];
        for change in &c {
            model.apply(change).unwrap();
        }
        store.log_changes(&c).wait().unwrap();
        let lsn = store.barrier().unwrap();
        let captures = (0..3)
            .map(|p| PaneCapture {
                pane: PaneId(p),
                output_offset: 10,
                lines: Some(vec![line(&format!("saved {p}")), line("more")]),
                term: None,
            })
            .collect();
        store
            .write_checkpoint(lsn, model.clone(), captures)
            .unwrap();
        store.log_output(PaneId(0), 10, b"after", 100);
        // Pane 1: a flood whose last line is kept, replacing its saved lines.
        store.log_output(PaneId(1), 10, b"a\nb\nc\n", 1);
        store
            .log_changes(&[Change::SessionRenamed {
                id: SessionId(0),
                name: "renamed".into(),
            }])
            .wait()
            .unwrap();
        model
            .apply(&Change::SessionRenamed {
                id: SessionId(0),
                name: "renamed".into(),
            })
            .unwrap();
        store.barrier().unwrap();
    }
    let read_only = recover(dir.path()).unwrap();
    let (_store, rec) = Store::open(dir.path(), Duration::from_millis(10)).unwrap();
    assert!(rec.problems.is_empty(), "{:?}", rec.problems);
    assert_eq!(rec.model, model);
    assert_eq!(rec.model, read_only.model);
    assert_eq!(rec.last_lsn, read_only.last_lsn);
    assert_eq!(rec.records_replayed, read_only.records_replayed);
    assert_eq!(rec.panes.len(), 3);
    for (pane, h) in &rec.panes {
        let r = &read_only.panes[pane];
        assert_eq!(
            (&h.lines, &h.output, h.offset),
            (&r.lines, &r.output, r.offset)
        );
    }
    assert_eq!(
        rec.panes[&PaneId(0)].lines,
        vec![line("saved 0"), line("more")]
    );
    assert_eq!(rec.panes[&PaneId(0)].output, b"after");
    assert!(
        rec.panes[&PaneId(1)].lines.is_empty(),
        "the fresh record replaced the saved lines"
    );
    assert_eq!(rec.panes[&PaneId(1)].output, b"c\n");
    assert_eq!(
        rec.panes[&PaneId(2)].lines,
        vec![line("saved 2"), line("more")]
    );
}

/// A scrollback file of a newer version stops the store before the WAL is touched: the torn tail
/// that the writer's recovery would cut (and copy aside) is still there, byte for byte.
#[test]
fn a_newer_scrollback_file_stops_recovery_before_the_wal_is_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = Model::default();
    model.apply(&session(0, "a", 0, 0)).unwrap();
    {
        let (store, _) = Store::open(dir.path(), Duration::from_millis(10)).unwrap();
        store.log_changes(&[session(0, "a", 0, 0)]).wait().unwrap();
        let lsn = store.barrier().unwrap();
        let capture = PaneCapture {
            pane: PaneId(0),
            output_offset: 0,
            lines: Some(vec![line("x")]),
            term: None,
        };
        store
            .write_checkpoint(lsn, model.clone(), vec![capture])
            .unwrap();
        store.log_output(PaneId(0), 0, b"later", 100);
        store.barrier().unwrap();
    }
    // A torn tail: garbage after the last record of the last segment.
    let mut segments: Vec<_> = std::fs::read_dir(dir.path().join("wal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    segments.sort();
    let last = segments.last().unwrap().clone();
    let mut seg = std::fs::read(&last).unwrap();
    let at = seg.len() - 100;
    seg[at..at + 4].copy_from_slice(b"junk");
    std::fs::write(&last, &seg).unwrap();
    // The scrollback file says version 2 (checksum made right, so it is not merely damaged).
    let sb = std::fs::read_dir(dir.path().join("scrollback"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&sb).unwrap();
    bytes[22..24].copy_from_slice(&2u16.to_le_bytes());
    let crc = crc32c::crc32c(&bytes[20..]);
    bytes[8..12].copy_from_slice(&crc.to_le_bytes());
    std::fs::write(&sb, &bytes).unwrap();
    match Store::open(dir.path(), Duration::from_millis(10)) {
        Err(e) => assert!(e.is_future_version(), "{e}"),
        Ok(_) => panic!("a newer scrollback file must stop the store"),
    }
    assert_eq!(
        std::fs::read(&last).unwrap(),
        seg,
        "the WAL was not touched"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path().join("wal"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), segments.len(), "{names:?}");
}
