//! Committed samples of the model-level formats, version 2 (no longer written; generated while it
//! was): a record of every v2 `Change` variant, a snapshot with options in every scope, hooks, key
//! tables, environments, titles and nested tmux layouts. A change that cannot read them fails here.

mod common;

use ccmux_model::{Model, PaneId};
use ccmux_persist::envelope;
use ccmux_persist::store::record::{self, RecordV2};
use ccmux_persist::store::snapshot::{self, SnapshotV2};
use ccmux_persist::store::{PaneSnapshot, Record, Snapshot};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/samples/store-v2")
}

fn final_model() -> Model {
    let mut m = common::base();
    for c in common::every_change_v2() {
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
            term: None,
        }],
    }
}

#[test]
fn every_change_variant_has_a_committed_v2_sample() {
    let read = |name: &str| std::fs::read(dir().join(name)).unwrap();
    let bytes = read("record-every-change.bin");
    assert_eq!(
        record::decode(&bytes).unwrap(),
        Record::Changes(common::every_change_v2())
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
}
