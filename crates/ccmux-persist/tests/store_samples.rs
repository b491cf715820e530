//! Committed samples of the model-level formats (WAL record payloads, checkpoint snapshot, scrollback
//! file), version 1, written by the build that wrote v1. A change that cannot read them fails here. They
//! are never regenerated (v1 is no longer written); the current version's samples and generator are in
//! `store_samples_v2.rs`.

use ccmux_model::{Change, Model, PaneId, PaneSpec, SessionId, WindowId};
use ccmux_persist::store::{
    record, scrollback, snapshot, PaneSnapshot, Record, SavedLine, Snapshot,
};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/samples/store-v1")
}

fn changes() -> Vec<Change> {
    vec![Change::SessionCreated {
        id: SessionId(0),
        name: "sample".into(),
        created: 1_795_600_000,
        cols: 80,
        rows: 24,
        window: WindowId(0),
        window_name: "sh".into(),
        pane: PaneId(0),
        spec: PaneSpec {
            command: vec!["make".into(), "test".into()],
            shell: "/bin/sh".into(),
            env: vec![("FOO".into(), "bar".into())],
            cwd: "/tmp".into(),
        },
    }]
}

fn output() -> Record {
    Record::Output {
        pane: PaneId(0),
        offset: 42,
        fresh: true,
        data: b"hello\r\n\x1b[31mred\x1b[0m".to_vec(),
    }
}

fn model() -> Model {
    let mut m = Model::default();
    for c in changes() {
        m.apply(&c).unwrap();
    }
    m
}

fn snap() -> Snapshot {
    Snapshot {
        model: model(),
        panes: vec![PaneSnapshot {
            pane: PaneId(0),
            output_offset: 42,
            scrollback: Some("x.scr".into()),
            term: None,
        }],
    }
}

fn spec(cwd: &str) -> PaneSpec {
    PaneSpec {
        command: Vec::new(),
        shell: "/bin/sh".into(),
        env: Vec::new(),
        cwd: cwd.into(),
    }
}

/// Every `Change` variant, in an order that applies: one record of them all, and the model they make
/// (nested left|right and top/bottom splits, a zoomed window, a resized pane) as a snapshot.
fn every_change() -> Vec<Change> {
    use ccmux_model::{Axis, SplitDir};
    let (s, w, p) = (SessionId, WindowId, PaneId);
    vec![
        Change::SessionCreated {
            id: s(0),
            name: "alpha".into(),
            created: 1_795_600_000,
            cols: 100,
            rows: 30,
            window: w(0),
            window_name: "sh".into(),
            pane: p(0),
            spec: spec("/tmp"),
        },
        Change::PaneSplit {
            target: p(0),
            pane: p(1),
            dir: SplitDir::LeftRight,
            size: Some(40),
            before: false,
            spec: spec("/tmp"),
            select: true,
        },
        Change::PaneSplit {
            target: p(1),
            pane: p(2),
            dir: SplitDir::TopBottom,
            size: None,
            before: true,
            spec: spec("/var"),
            select: false,
        },
        Change::PaneResized {
            id: p(2),
            axis: Axis::Y,
            size: 10,
        },
        Change::PaneSelected { id: p(0) },
        Change::PaneCwd {
            id: p(1),
            cwd: "/srv".into(),
        },
        Change::WindowCreated {
            id: w(1),
            session: s(0),
            index: 3,
            name: "logs".into(),
            pane: p(3),
            spec: spec("/var/log"),
            select: true,
        },
        Change::WindowRenamed {
            id: w(1),
            name: "tail".into(),
        },
        Change::WindowZoomed {
            id: w(0),
            zoomed: true,
        },
        Change::WindowSelected { id: w(0) },
        Change::SessionRenamed {
            id: s(0),
            name: "beta".into(),
        },
        Change::SessionResized {
            id: s(0),
            cols: 120,
            rows: 40,
        },
        Change::SessionCreated {
            id: s(1),
            name: "gone".into(),
            created: 1_795_600_100,
            cols: 80,
            rows: 24,
            window: w(2),
            window_name: "sh".into(),
            pane: p(4),
            spec: spec("/"),
        },
        Change::WindowCreated {
            id: w(3),
            session: s(1),
            index: 1,
            name: "x".into(),
            pane: p(5),
            spec: spec("/"),
            select: false,
        },
        Change::WindowClosed { id: w(3) },
        Change::SessionClosed { id: s(1) },
        Change::PaneSplit {
            target: p(3),
            pane: p(6),
            dir: SplitDir::TopBottom,
            size: Some(5),
            before: false,
            spec: spec("/"),
            select: false,
        },
        Change::PaneClosed { id: p(6) },
    ]
}

fn every_change_model() -> Model {
    let mut m = Model::default();
    for c in every_change() {
        m.apply(&c).unwrap();
    }
    m
}

fn lines() -> Vec<SavedLine> {
    vec![
        SavedLine {
            text: "plain".into(),
            wrapped: false,
        },
        SavedLine {
            text: "\x1b[1;32mgreen\x1b[0m".into(),
            wrapped: true,
        },
    ]
}

#[test]
fn every_change_variant_has_a_committed_v1_sample() {
    use ccmux_persist::envelope;
    use ccmux_persist::store::record::RecordV1;
    use ccmux_persist::store::snapshot::SnapshotV1;
    let read = |name: &str| std::fs::read(dir().join(name)).unwrap();
    let bytes = read("record-every-change.bin");
    assert_eq!(
        record::decode(&bytes).unwrap(),
        Record::Changes(every_change())
    );
    // The frozen v1 types read and write these bytes exactly.
    let frozen: RecordV1 = envelope::decode(&bytes, record::KIND_RECORD, 1).unwrap();
    let RecordV1::Changes(changes) = &frozen else {
        panic!("a changes record")
    };
    let variants: std::collections::BTreeSet<String> = changes
        .iter()
        .map(|c| {
            format!("{c:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(variants.len(), 14, "every v1 variant: {variants:?}");
    assert_eq!(
        envelope::encode(record::KIND_RECORD, 1, &frozen).unwrap(),
        bytes
    );
    let bytes = read("snapshot-splits.bin");
    let frozen: SnapshotV1 = envelope::decode(&bytes, snapshot::KIND_SNAPSHOT, 1).unwrap();
    assert_eq!(
        envelope::encode(snapshot::KIND_SNAPSHOT, 1, &frozen).unwrap(),
        bytes
    );
    let snap = snapshot::decode(&bytes).unwrap();
    let m = &snap.model;
    assert!(m.check().is_empty(), "{:?}", m.check());
    let beta = m.session_by_name("beta").unwrap();
    assert_eq!((beta.cols, beta.rows), (120, 40));
    assert_eq!(beta.windows.len(), 2);
    let w0 = &m.windows[&WindowId(0)];
    assert!(w0.zoomed);
    assert_eq!(w0.layout.panes(), [PaneId(0), PaneId(2), PaneId(1)]);
    assert_eq!(m.windows[&WindowId(1)].name, "tail");
    assert_eq!(m.panes[&PaneId(1)].cwd, "/srv");
    assert_eq!(m.next.pane, 7);
    // While v1 is the version written, today's model encodes to the same bytes.
    if record::RECORD_VERSION == 1 {
        assert_eq!(snap.model, every_change_model());
        assert_eq!(
            record::encode(&Record::Changes(every_change())).unwrap(),
            read("record-every-change.bin")
        );
    }
}

#[test]
fn committed_v1_samples_decode() {
    let read = |name: &str| std::fs::read(dir().join(name)).unwrap();
    assert_eq!(
        record::decode(&read("record-changes.bin")).unwrap(),
        Record::Changes(changes())
    );
    assert_eq!(
        record::decode(&read("record-output.bin")).unwrap(),
        output()
    );
    assert_eq!(snapshot::decode(&read("snapshot.bin")).unwrap(), snap());
    assert_eq!(
        scrollback::read(&dir().join("sample.scr")).unwrap(),
        lines()
    );
    // While v1 is the version written, encoding today gives the same bytes.
    if record::RECORD_VERSION != 1 {
        return;
    }
    assert_eq!(
        record::encode(&Record::Changes(changes())).unwrap(),
        read("record-changes.bin")
    );
    assert_eq!(snapshot::encode(&snap()).unwrap(), read("snapshot.bin"));
}
