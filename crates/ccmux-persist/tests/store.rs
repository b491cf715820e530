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
