//! Committed samples of the model-level formats, version 3 (the version written now): a record of
//! every `Change` variant (v2's and the new ones: session groups, links, window moves and swaps,
//! panes broken out, moved, swapped, dead and respawned) and a snapshot of the model they build, with
//! a pane's terminal state. A change that cannot read them fails here. Regenerate only while v3 is
//! the version written, and only on purpose:
//! `cargo test -p ccmux-persist --test store_samples_v3 -- --ignored generate`.

mod common;

use ccmux_model::{Change, Model, PaneId};
use ccmux_persist::envelope;
use ccmux_persist::store::record::{self, RecordV3};
use ccmux_persist::store::snapshot::{self, SnapshotV3};
use ccmux_persist::store::{PaneSnapshot, Record, Snapshot};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/samples/store-v3")
}

fn every_change() -> Vec<Change> {
    let mut all = common::every_change_v2();
    all.extend(common::every_change_v3());
    all
}

fn final_model() -> Model {
    let mut m = common::base();
    for c in every_change() {
        m.apply(&c).unwrap();
    }
    m
}

fn snap() -> Snapshot {
    Snapshot {
        model: final_model(),
        panes: vec![
            PaneSnapshot {
                pane: PaneId(0),
                output_offset: 99,
                scrollback: Some("00000000000000000009-0.scr".into()),
                term: Some(b"opaque terminal state \x00\xff".to_vec()),
            },
            PaneSnapshot {
                pane: PaneId(1),
                output_offset: 0,
                scrollback: None,
                term: None,
            },
        ],
    }
}

#[test]
#[ignore = "writes the committed samples; run on purpose only"]
fn generate() {
    assert_eq!(record::RECORD_VERSION, 3, "only the version written now");
    std::fs::create_dir_all(dir()).unwrap();
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(dir().join(name), bytes).unwrap();
    write(
        "record-every-change.bin",
        record::encode(&Record::Changes(every_change())).unwrap(),
    );
    write("snapshot.bin", snapshot::encode(&snap()).unwrap());
}

#[test]
fn the_v3_model_is_consistent() {
    let m = final_model();
    assert!(m.check().is_empty(), "{:?}", m.check());
    // The sample reaches what v3 added: a group, a window linked in two sessions, a dead pane.
    assert!(m.sessions.values().any(|s| s.group.is_some()));
    assert!(m
        .windows
        .keys()
        .any(|w| m.sessions_of_window(*w).len() >= 2));
    assert!(m.panes.values().any(|p| p.dead.is_some()));
}

#[test]
fn every_change_variant_has_a_committed_v3_sample() {
    let read = |name: &str| std::fs::read(dir().join(name)).unwrap();
    let bytes = read("record-every-change.bin");
    assert_eq!(
        record::decode(&bytes).unwrap(),
        Record::Changes(every_change())
    );
    let frozen: RecordV3 = envelope::decode(&bytes, record::KIND_RECORD, 3).unwrap();
    let RecordV3::Changes(changes) = &frozen else {
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
    assert_eq!(variants.len(), 32, "every v3 variant: {variants:?}");
    assert_eq!(
        envelope::encode(record::KIND_RECORD, 3, &frozen).unwrap(),
        bytes
    );
    let bytes = read("snapshot.bin");
    let frozen: SnapshotV3 = envelope::decode(&bytes, snapshot::KIND_SNAPSHOT, 3).unwrap();
    assert_eq!(
        envelope::encode(snapshot::KIND_SNAPSHOT, 3, &frozen).unwrap(),
        bytes
    );
    let decoded = snapshot::decode(&bytes).unwrap();
    assert!(
        decoded.model.check().is_empty(),
        "{:?}",
        decoded.model.check()
    );
    assert_eq!(decoded, snap());
    // While v3 is the version written, today's model encodes to the same bytes.
    if record::RECORD_VERSION == 3 {
        assert_eq!(snapshot::encode(&snap()).unwrap(), bytes);
        assert_eq!(
            record::encode(&Record::Changes(every_change())).unwrap(),
            read("record-every-change.bin")
        );
    }
}
