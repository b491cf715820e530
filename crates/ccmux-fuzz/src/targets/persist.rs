//! WAL record and checkpoint snapshot payloads (ccmux-persist's store/): decoding damaged bytes.

use super::model::model;
use crate::gen::{mutated_or_raw, pick};
use arbitrary::{Result, Unstructured};
use ccmux_model::PaneId;
use ccmux_persist::store::{record, snapshot, PaneSnapshot, Record, Snapshot};

/// Committed samples of every version ever written.
pub(crate) const RECORD_SAMPLES: &[&[u8]] = &[
    include_bytes!("../../../ccmux-persist/tests/samples/store-v1/record-changes.bin"),
    include_bytes!("../../../ccmux-persist/tests/samples/store-v1/record-every-change.bin"),
    include_bytes!("../../../ccmux-persist/tests/samples/store-v1/record-output.bin"),
    include_bytes!("../../../ccmux-persist/tests/samples/store-v2/record-every-change.bin"),
    include_bytes!("../../../ccmux-persist/tests/samples/store-v3/record-every-change.bin"),
];
pub(crate) const SNAPSHOT_SAMPLES: &[&[u8]] = &[
    include_bytes!("../../../ccmux-persist/tests/samples/store-v1/snapshot.bin"),
    include_bytes!("../../../ccmux-persist/tests/samples/store-v1/snapshot-splits.bin"),
    include_bytes!("../../../ccmux-persist/tests/samples/store-v2/snapshot.bin"),
    include_bytes!("../../../ccmux-persist/tests/samples/store-v3/snapshot.bin"),
];

/// The bytes of a plausible record: a sample, or the encoding of random changes or output.
pub(crate) fn record_bytes(u: &mut Unstructured) -> Result<Vec<u8>> {
    if u.ratio(1, 3)? {
        return Ok(pick(u, RECORD_SAMPLES)?.to_vec());
    }
    let rec = if u.arbitrary()? {
        Record::Changes(model(u, 12)?.1)
    } else {
        Record::Output {
            pane: PaneId(u.int_in_range(0..=4)?),
            offset: crate::gen::number(u)?,
            fresh: u.arbitrary()?,
            data: u.arbitrary()?,
        }
    };
    Ok(record::encode(&rec).expect("a record encodes"))
}

/// The bytes of a plausible snapshot: a sample, or the encoding of a random model.
pub(crate) fn snapshot_bytes(u: &mut Unstructured) -> Result<Vec<u8>> {
    if u.ratio(1, 3)? {
        return Ok(pick(u, SNAPSHOT_SAMPLES)?.to_vec());
    }
    let (m, _) = model(u, 16)?;
    let panes = m
        .panes
        .keys()
        .map(|p| {
            Ok(PaneSnapshot {
                pane: *p,
                output_offset: crate::gen::number(u)?,
                scrollback: u.arbitrary::<bool>()?.then(|| format!("{}.scr", p.0)),
                term: u.arbitrary::<bool>()?.then(|| b"state".to_vec()),
            })
        })
        .collect::<Result<_>>()?;
    Ok(snapshot::encode(&Snapshot { model: m, panes }).expect("a snapshot encodes"))
}

/// A damaged record decodes or fails without a panic; one that decodes encodes to bytes that decode to
/// it again, and its changes apply to a model or fail cleanly.
pub fn records(u: &mut Unstructured) -> Result<()> {
    let base = record_bytes(u)?;
    let bytes = mutated_or_raw(u, &base)?;
    let Ok(rec) = record::decode(&bytes) else {
        return Ok(());
    };
    let again = record::decode(&record::encode(&rec).expect("encode"));
    assert_eq!(again.as_ref().ok(), Some(&rec), "{bytes:?}");
    if let Record::Changes(changes) = rec {
        let (mut m, _) = model(u, 8)?;
        for c in &changes {
            let before = m.clone();
            if m.apply(c).is_err() {
                assert!(m == before, "{c:?} failed but changed the model");
            }
        }
        m.repair();
        let problems = m.check();
        assert!(
            problems.is_empty(),
            "repaired model still broken: {problems:?}"
        );
    }
    Ok(())
}

/// A damaged snapshot decodes or fails without a panic; one that decodes round-trips, and its model,
/// repaired as recovery repairs it, keeps the model's invariants and resolves targets.
pub fn snapshots(u: &mut Unstructured) -> Result<()> {
    let base = snapshot_bytes(u)?;
    let bytes = mutated_or_raw(u, &base)?;
    let Ok(snap) = snapshot::decode(&bytes) else {
        return Ok(());
    };
    let again = snapshot::decode(&snapshot::encode(&snap).expect("encode"));
    assert_eq!(again.as_ref().ok(), Some(&snap), "{bytes:?}");
    let mut m = snap.model;
    m.repair();
    let problems = m.check();
    assert!(
        problems.is_empty(),
        "repaired model still broken: {problems:?}"
    );
    let cur = ccmux_model::Current::default();
    for t in [
        None,
        Some("0"),
        Some(":1"),
        Some("%1"),
        Some("{last}"),
        Some(".+"),
    ] {
        let _ = m.find_pane(t, &cur);
        let _ = m.find_window_index(t, &cur);
    }
    Ok(())
}
