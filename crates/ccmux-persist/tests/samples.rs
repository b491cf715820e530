//! Committed sample files of each on-disk format version. A change that can
//! no longer read them fails here. Regenerate on purpose only (when adding a
//! new version, add new sample files and keep the old ones):
//! `cargo test -p ccmux-persist --test samples -- --ignored generate_samples`

use std::fs;
use std::path::{Path, PathBuf};

use ccmux_persist::checkpoint;
use ccmux_persist::envelope;
use ccmux_persist::wal::{self, Durability, Wal, WalOptions};
use serde::{Deserialize, Serialize};

const WAL_V1: &str = "wal-v1";
const CKPT_V1: &str = "checkpoints-v1";
const CKPT_LSN: u64 = 3;

/// Frozen: the type inside the sample envelope records.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct SampleV1 {
    name: String,
    panes: Vec<u32>,
    alive: bool,
}

const SAMPLE_KIND: u16 = 0x5a01;

fn sample_value() -> SampleV1 {
    SampleV1 {
        name: "main".into(),
        panes: vec![1, 2, 300],
        alive: true,
    }
}

fn wal_records() -> Vec<Vec<u8>> {
    vec![
        b"hello".to_vec(),
        vec![0, 1, 0, 2, 0],
        envelope::encode(SAMPLE_KIND, 1, &sample_value()).expect("encode"),
    ]
}

fn checkpoint_payload() -> Vec<u8> {
    envelope::encode(SAMPLE_KIND, 1, &sample_value()).expect("encode")
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples")
}

#[test]
#[ignore = "rewrites the committed sample files; run on purpose"]
fn generate_samples() {
    let t = tempfile::tempdir().expect("tempdir");
    let o = WalOptions {
        segment_size: 4096,
        preallocate: true,
        ..WalOptions::default()
    };
    let (w, _) = Wal::open(t.path().join("wal"), o).expect("open");
    for r in wal_records() {
        w.append_blocking(r, Durability::Sync).expect("append");
    }
    w.close().expect("close");
    checkpoint::write(t.path().join("ckpt"), CKPT_LSN, &checkpoint_payload()).expect("checkpoint");

    for (src, dst) in [("wal", WAL_V1), ("ckpt", CKPT_V1)] {
        let dst = samples().join(dst);
        let _ = fs::remove_dir_all(&dst);
        fs::create_dir_all(&dst).expect("mkdir");
        for e in fs::read_dir(t.path().join(src)).expect("readdir") {
            let p = e.expect("entry").path();
            fs::copy(&p, dst.join(p.file_name().expect("name"))).expect("copy");
        }
    }
}

#[test]
fn wal_v1_sample_decodes() {
    let dir = samples().join(WAL_V1);
    let seg = dir.join("00000000000000000001.wal");
    let bytes = fs::read(&seg).expect("sample present");
    // The layout itself, independent of the reader code.
    assert_eq!(&bytes[0..8], b"CCMUXWAL");
    assert_eq!(&bytes[8..12], &1u32.to_le_bytes());
    assert_eq!(&bytes[12..20], &1u64.to_le_bytes());
    assert_eq!(&bytes[24..28], &5u32.to_le_bytes());
    assert_eq!(&bytes[28..32], &wal::record_crc(1, b"hello").to_le_bytes());
    assert_eq!(&bytes[32..40], &1u64.to_le_bytes());
    assert_eq!(&bytes[40..45], b"hello");

    let (recs, rep) = wal::read_from(&dir, 1).expect("read");
    assert!(rep.is_clean(), "{rep}");
    let expected: Vec<_> = wal_records()
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i as u64 + 1, r))
        .collect();
    assert_eq!(recs, expected);
    let v: SampleV1 = envelope::decode(&recs[2].1, SAMPLE_KIND, 1).expect("envelope");
    assert_eq!(v, sample_value());

    // An old segment can be appended to.
    let t = tempfile::tempdir().expect("tempdir");
    fs::copy(&seg, t.path().join("00000000000000000001.wal")).expect("copy");
    let (w, rep) = Wal::open(t.path(), WalOptions::default()).expect("open");
    assert!(rep.is_clean(), "{rep}");
    assert_eq!(
        w.append_blocking(b"new".to_vec(), Durability::Sync)
            .expect("append"),
        4
    );
    w.close().expect("close");
    assert_eq!(
        wal::read_from(t.path(), 4).expect("read").0,
        vec![(4, b"new".to_vec())]
    );
}

#[test]
fn checkpoint_v1_sample_decodes() {
    let dir = samples().join(CKPT_V1);
    let path = dir.join(checkpoint::file_name(CKPT_LSN));
    let bytes = fs::read(&path).expect("sample present");
    assert_eq!(&bytes[0..8], b"CCMUXCKP");
    assert_eq!(&bytes[8..12], &1u32.to_le_bytes());
    assert_eq!(&bytes[12..20], &CKPT_LSN.to_le_bytes());
    assert_eq!(
        &bytes[28..36],
        &(checkpoint_payload().len() as u64).to_le_bytes()
    );

    let out = checkpoint::load_newest(&dir).expect("load");
    assert!(out.skipped.is_empty());
    let l = out.loaded.expect("loaded");
    assert_eq!((l.lsn, &l.payload), (CKPT_LSN, &checkpoint_payload()));
    assert!(l.unix_ms > 1_600_000_000_000);
    let v: SampleV1 = envelope::decode(&l.payload, SAMPLE_KIND, 1).expect("envelope");
    assert_eq!(v, sample_value());
}
