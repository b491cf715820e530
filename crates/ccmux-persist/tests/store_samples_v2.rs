//! Committed samples of the model-level formats, version 2 (the version written now): a record of
//! every `Change` variant, a snapshot with options in every scope, hooks, key tables, environments,
//! titles and nested tmux layouts. A change that cannot read them fails here. Regenerate only while v2
//! is the version written, and only on purpose:
//! `cargo test -p ccmux-persist --test store_samples_v2 -- --ignored generate`.

use ccmux_model::options::Colour;
use ccmux_model::{
    Axis, Binding, Change, EnvValue, Model, OptionScope, OptionValue, PaneId, PaneSpec, SessionId,
    SplitDir, WindowId,
};
use ccmux_persist::envelope;
use ccmux_persist::store::record::{self, RecordV2};
use ccmux_persist::store::snapshot::{self, SnapshotV2};
use ccmux_persist::store::{PaneSnapshot, Record, Snapshot};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/samples/store-v2")
}

fn spec(cwd: &str) -> PaneSpec {
    PaneSpec {
        command: vec!["vim".into(), "notes.md".into()],
        shell: "/bin/sh".into(),
        env: vec![("A".into(), "1".into())],
        cwd: cwd.into(),
    }
}

/// A model with a nested layout, options everywhere, bindings, environments and a title.
fn base() -> Model {
    let (s, w, p) = (SessionId, WindowId, PaneId);
    let mut m = Model::default();
    let changes = [
        Change::SessionCreated {
            id: s(0),
            name: "alpha".into(),
            created: 1_795_600_000,
            cols: 120,
            rows: 40,
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
            spec: spec("/srv"),
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
    ];
    for c in changes {
        m.apply(&c).unwrap();
    }
    m
}

/// Every `Change` variant of v2, in an order that applies on top of [`base`].
fn every_change() -> Vec<Change> {
    let (s, w, p) = (SessionId, WindowId, PaneId);
    let mut layout = base().windows[&w(0)].layout.clone();
    layout.swap(p(0), p(2)).unwrap();
    vec![
        Change::PaneResized {
            id: p(2),
            axis: Axis::Y,
            size: 10,
        },
        Change::PaneSelected { id: p(0) },
        Change::PaneCwd {
            id: p(1),
            cwd: "/home".into(),
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
            cols: 100,
            rows: 30,
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
        Change::WindowLayout { id: w(0), layout },
        Change::OptionSet {
            scope: OptionScope::GlobalSession,
            name: "status-style".into(),
            value: Some(OptionValue::String("fg=red,bold".into())),
        },
        Change::OptionSet {
            scope: OptionScope::Server,
            name: "escape-time".into(),
            value: Some(OptionValue::Number(10)),
        },
        Change::OptionSet {
            scope: OptionScope::GlobalWindow,
            name: "pane-base-index".into(),
            value: Some(OptionValue::Number(1)),
        },
        Change::OptionSet {
            scope: OptionScope::Session(s(0)),
            name: "mouse".into(),
            value: Some(OptionValue::Flag(true)),
        },
        Change::OptionSet {
            scope: OptionScope::Window(w(0)),
            name: "mode-keys".into(),
            value: Some(OptionValue::Choice("vi".into())),
        },
        Change::OptionSet {
            scope: OptionScope::Pane(p(0)),
            name: "@note".into(),
            value: Some(OptionValue::String("pane user option".into())),
        },
        Change::OptionSet {
            scope: OptionScope::Session(s(0)),
            name: "prefix".into(),
            value: Some(OptionValue::Key("C-a".into())),
        },
        Change::OptionSet {
            scope: OptionScope::GlobalWindow,
            name: "clock-mode-colour".into(),
            value: Some(OptionValue::Colour(Colour::Rgb(1, 2, 3))),
        },
        Change::OptionSet {
            scope: OptionScope::GlobalSession,
            name: "after-new-window".into(),
            value: Some(OptionValue::Array(
                [(0, "display hi".to_string())].into_iter().collect(),
            )),
        },
        Change::OptionSet {
            scope: OptionScope::Session(s(0)),
            name: "mouse".into(),
            value: None,
        },
        Change::KeyBound {
            table: "prefix".into(),
            key: "|".into(),
            binding: Some(Binding {
                command: "split-window -h -c \"#{pane_current_path}\"".into(),
                note: Some("split".into()),
                repeat: true,
            }),
        },
        Change::KeyBound {
            table: "copy-mode-vi".into(),
            key: "v".into(),
            binding: Some(Binding {
                command: "send-keys -X begin-selection".into(),
                note: None,
                repeat: false,
            }),
        },
        Change::KeyBound {
            table: "prefix".into(),
            key: "C-b".into(),
            binding: None,
        },
        Change::EnvSet {
            session: None,
            name: "EDITOR".into(),
            value: Some(EnvValue {
                value: Some("vim".into()),
                hidden: false,
            }),
        },
        Change::EnvSet {
            session: Some(s(0)),
            name: "SECRET".into(),
            value: Some(EnvValue {
                value: Some("x".into()),
                hidden: true,
            }),
        },
        Change::EnvSet {
            session: Some(s(0)),
            name: "DISPLAY".into(),
            value: Some(EnvValue {
                value: None,
                hidden: false,
            }),
        },
        Change::KeysInitialized,
        Change::PaneTitle {
            id: p(1),
            title: "build".into(),
        },
    ]
}

fn final_model() -> Model {
    let mut m = base();
    for c in every_change() {
        m.apply(&c).unwrap();
    }
    m
}

fn snap() -> Snapshot {
    Snapshot {
        model: final_model(),
        panes: vec![PaneSnapshot {
            pane: PaneId(0),
            output_offset: 99,
            scrollback: Some("00000000000000000009-0.scr".into()),
        }],
    }
}

#[test]
#[ignore = "writes the committed samples; run on purpose only"]
fn generate() {
    assert_eq!(record::RECORD_VERSION, 2, "only the version written now");
    std::fs::create_dir_all(dir()).unwrap();
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(dir().join(name), bytes).unwrap();
    write(
        "record-every-change.bin",
        record::encode(&Record::Changes(every_change())).unwrap(),
    );
    write("snapshot.bin", snapshot::encode(&snap()).unwrap());
}

#[test]
fn every_change_variant_has_a_committed_v2_sample() {
    let read = |name: &str| std::fs::read(dir().join(name)).unwrap();
    let bytes = read("record-every-change.bin");
    assert_eq!(
        record::decode(&bytes).unwrap(),
        Record::Changes(every_change())
    );
    let frozen: RecordV2 = envelope::decode(&bytes, record::KIND_RECORD, 2).unwrap();
    let RecordV2::Changes(changes) = &frozen else {
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
    assert_eq!(variants.len(), 20, "every v2 variant: {variants:?}");
    assert_eq!(
        envelope::encode(record::KIND_RECORD, 2, &frozen).unwrap(),
        bytes
    );
    let bytes = read("snapshot.bin");
    let frozen: SnapshotV2 = envelope::decode(&bytes, snapshot::KIND_SNAPSHOT, 2).unwrap();
    assert_eq!(
        envelope::encode(snapshot::KIND_SNAPSHOT, 2, &frozen).unwrap(),
        bytes
    );
    let decoded = snapshot::decode(&bytes).unwrap();
    assert!(
        decoded.model.check().is_empty(),
        "{:?}",
        decoded.model.check()
    );
    assert_eq!(decoded, snap());
    // While v2 is the version written, today's model encodes to the same bytes.
    if record::RECORD_VERSION == 2 {
        assert_eq!(snapshot::encode(&snap()).unwrap(), bytes);
        assert_eq!(
            record::encode(&Record::Changes(every_change())).unwrap(),
            read("record-every-change.bin")
        );
    }
}
