//! Committed samples of the model-level formats (WAL record payloads, checkpoint snapshot, scrollback
//! file), version 1. A change that cannot read them fails here. Regenerate only on purpose:
//! `cargo test -p ccmux-persist --test store_samples -- --ignored generate`.

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
        }],
    }
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
#[ignore = "writes the committed samples; run on purpose only"]
fn generate() {
    std::fs::create_dir_all(dir()).unwrap();
    std::fs::write(
        dir().join("record-changes.bin"),
        record::encode(&Record::Changes(changes())).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir().join("record-output.bin"),
        record::encode(&output()).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir().join("snapshot.bin"),
        snapshot::encode(&snap()).unwrap(),
    )
    .unwrap();
    scrollback::write(&dir(), "sample.scr", &lines()).unwrap();
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
    // Encoding today gives the same bytes: the format did not drift silently.
    assert_eq!(
        record::encode(&Record::Changes(changes())).unwrap(),
        read("record-changes.bin")
    );
    assert_eq!(snapshot::encode(&snap()).unwrap(), read("snapshot.bin"));
}
