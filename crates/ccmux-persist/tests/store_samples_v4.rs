//! Committed samples of the model-level formats, version 4 (the version written now): a record of
//! every `Change` variant (v3's, `PaneForeground` and `OptionItemSet`) and a snapshot of the model they build, with
//! what runs in a pane. A change that cannot read them fails here. Regenerate only while v4 is the
//! version written, and only on purpose:
//! `cargo test -p ccmux-persist --test store_samples_v4 -- --ignored generate`.

mod common;

use ccmux_model::{Change, Model, PaneId};
use ccmux_persist::envelope;
use ccmux_persist::store::record::{self, RecordV4};
use ccmux_persist::store::snapshot::{self, SnapshotV4};
use ccmux_persist::store::{PaneSnapshot, Record, Snapshot};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/samples/store-v4")
}

fn every_change() -> Vec<Change> {
    let mut all = common::every_change_v2();
    all.extend(common::every_change_v3());
    all.extend(common::every_change_v4());
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
    assert_eq!(record::RECORD_VERSION, 4, "only the version written now");
    std::fs::create_dir_all(dir()).unwrap();
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(dir().join(name), bytes).unwrap();
    write(
        "record-every-change.bin",
        record::encode(&Record::Changes(every_change())).unwrap(),
    );
    write("snapshot.bin", snapshot::encode(&snap()).unwrap());
}

#[test]
fn the_v4_model_is_consistent() {
    let m = final_model();
    assert!(m.check().is_empty(), "{:?}", m.check());
    // The sample reaches what v4 added: a pane with a program in its foreground, one without.
    assert_eq!(
        m.panes[&PaneId(3)]
            .foreground
            .as_ref()
            .map(|f| f.argv.clone()),
        Some(vec!["tail".to_string(), "-f".into(), "log".into()])
    );
    assert_eq!(m.panes[&PaneId(0)].foreground, None);
    let formats = m
        .options
        .session
        .get("status-format")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(
        formats.get(&3).map(String::as_str),
        Some("#[align=centre]third line")
    );
    assert!(!formats.contains_key(&0));
}

#[test]
fn every_change_variant_has_a_committed_v4_sample() {
    let read = |name: &str| std::fs::read(dir().join(name)).unwrap();
    let bytes = read("record-every-change.bin");
    assert_eq!(
        record::decode(&bytes).unwrap(),
        Record::Changes(every_change())
    );
    let frozen: RecordV4 = envelope::decode(&bytes, record::KIND_RECORD, 4).unwrap();
    let RecordV4::Changes(changes) = &frozen else {
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
    assert_eq!(variants.len(), 34, "every v4 variant: {variants:?}");
    assert_eq!(
        envelope::encode(record::KIND_RECORD, 4, &frozen).unwrap(),
        bytes
    );
    let bytes = read("snapshot.bin");
    let frozen: SnapshotV4 = envelope::decode(&bytes, snapshot::KIND_SNAPSHOT, 4).unwrap();
    assert_eq!(
        envelope::encode(snapshot::KIND_SNAPSHOT, 4, &frozen).unwrap(),
        bytes
    );
    let decoded = snapshot::decode(&bytes).unwrap();
    assert!(
        decoded.model.check().is_empty(),
        "{:?}",
        decoded.model.check()
    );
    assert_eq!(decoded, snap());
    // While v4 is the version written, today's model encodes to the same bytes.
    if record::RECORD_VERSION == 4 {
        assert_eq!(snapshot::encode(&snap()).unwrap(), bytes);
        assert_eq!(
            record::encode(&Record::Changes(every_change())).unwrap(),
            read("record-every-change.bin")
        );
    }
}

/// v4 repeats every v3 variant with v3's bytes: each v3 change, encoded as a v3 record, decodes as a
/// v4 record to the same change.
#[test]
fn v4_repeats_v3_variants_byte_for_byte() {
    let v3 = std::fs::read(
        dir()
            .parent()
            .unwrap()
            .join("store-v3/record-every-change.bin"),
    )
    .unwrap();
    let payload_v3: ccmux_persist::store::record::RecordV3 =
        envelope::decode(&v3, record::KIND_RECORD, 3).unwrap();
    let bytes = postcard::to_stdvec(&payload_v3).unwrap();
    let as_v4: RecordV4 = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(
        Record::try_from(as_v4).unwrap(),
        record::decode(&v3).unwrap()
    );
}
