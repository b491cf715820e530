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
const WAL_V2: &str = "wal-v2";
const CKPT_V2: &str = "checkpoints-v2";
const CKPT_LSN: u64 = 3;
/// The newest WAL segment named by the v2 checkpoint sample.
const CKPT_WAL_SEGMENT: u64 = 1;

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
    checkpoint::write_after_segment_on(
        &ccmux_persist::fs::StdFs,
        t.path().join("ckpt"),
        CKPT_LSN,
        CKPT_WAL_SEGMENT,
        &checkpoint_payload(),
    )
    .expect("checkpoint");

    for (src, dst) in [("wal", WAL_V2), ("ckpt", CKPT_V2)] {
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

#[test]
fn wal_v2_sample_decodes() {
    let dir = samples().join(WAL_V2);
    let seg = dir.join("00000000000000000001.wal");
    let bytes = fs::read(&seg).expect("sample present");
    // The layout itself, independent of the reader code: v2 declares the length it was created
    // with (preallocated), and the header is 32 bytes.
    assert_eq!(bytes.len(), 4096);
    assert_eq!(&bytes[0..8], b"CCMUXWAL");
    assert_eq!(&bytes[8..12], &2u32.to_le_bytes());
    assert_eq!(&bytes[12..20], &1u64.to_le_bytes());
    assert_eq!(&bytes[20..28], &4096u64.to_le_bytes());
    assert_eq!(&bytes[28..32], &crc32c::crc32c(&bytes[0..28]).to_le_bytes());
    assert_eq!(&bytes[32..36], &5u32.to_le_bytes());
    assert_eq!(&bytes[36..40], &wal::record_crc(1, b"hello").to_le_bytes());
    assert_eq!(&bytes[40..48], &1u64.to_le_bytes());
    assert_eq!(&bytes[48..53], b"hello");

    let (recs, rep) = wal::read_from(&dir, 1).expect("read");
    assert!(rep.is_clean(), "{rep}");
    let expected: Vec<_> = wal_records()
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i as u64 + 1, r))
        .collect();
    assert_eq!(recs, expected);

    // Cut exactly after the second record: nothing looks torn, but the segment is shorter than
    // it declares, and the report says records may be lost.
    let t = tempfile::tempdir().expect("tempdir");
    let second_end = 32 + 16 + 5 + 16 + 5;
    fs::write(
        t.path().join("00000000000000000001.wal"),
        &bytes[..second_end],
    )
    .expect("write");
    let (recs, rep) = wal::read_from(t.path(), 1).expect("read");
    assert_eq!(recs.len(), 2);
    let cut = rep.cut.as_ref().expect("the cut is reported");
    assert_eq!(
        (cut.len, cut.declared, cut.last_lsn),
        (second_end as u64, 4096, Some(2))
    );
    assert!(rep.lost_records(), "{rep}");
}

#[test]
fn checkpoint_v2_sample_decodes() {
    let dir = samples().join(CKPT_V2);
    let path = dir.join(checkpoint::file_name(CKPT_LSN));
    let bytes = fs::read(&path).expect("sample present");
    assert_eq!(&bytes[0..8], b"CCMUXCKP");
    assert_eq!(&bytes[8..12], &2u32.to_le_bytes());
    assert_eq!(&bytes[12..20], &CKPT_LSN.to_le_bytes());
    assert_eq!(&bytes[28..36], &CKPT_WAL_SEGMENT.to_le_bytes());
    assert_eq!(
        &bytes[36..44],
        &(checkpoint_payload().len() as u64).to_le_bytes()
    );
    assert_eq!(bytes.len(), 48 + checkpoint_payload().len());

    let out = checkpoint::load_newest(&dir).expect("load");
    assert!(out.skipped.is_empty());
    let l = out.loaded.expect("loaded");
    assert_eq!(
        (l.lsn, l.wal_segment, &l.payload),
        (CKPT_LSN, CKPT_WAL_SEGMENT, &checkpoint_payload())
    );
    assert!(l.unix_ms > 1_600_000_000_000);
}

/// A version 1 checkpoint says nothing about the WAL after it (`wal_segment` 0), and loads next to
/// (and below) a version 2 one.
#[test]
fn checkpoint_v1_and_v2_load_together() {
    let t = tempfile::tempdir().expect("tempdir");
    fs::copy(
        samples()
            .join(CKPT_V1)
            .join(checkpoint::file_name(CKPT_LSN)),
        t.path().join(checkpoint::file_name(CKPT_LSN)),
    )
    .expect("copy");
    let out = checkpoint::load_newest(t.path()).expect("load");
    let l = out.loaded.expect("v1 loaded");
    assert_eq!((l.lsn, l.wal_segment), (CKPT_LSN, 0));
    checkpoint::write_after_segment_on(&ccmux_persist::fs::StdFs, t.path(), CKPT_LSN + 1, 7, b"x")
        .expect("write");
    let out = checkpoint::load_newest(t.path()).expect("load");
    let l = out.loaded.expect("v2 loaded");
    assert_eq!(
        (l.lsn, l.wal_segment, l.payload.as_slice()),
        (CKPT_LSN + 1, 7, &b"x"[..])
    );
}

/// The newer-version rule holds for the new versions: a segment or checkpoint of version 3 is
/// refused, naming it, and nothing is touched.
#[test]
fn version_3_is_refused() {
    let t = tempfile::tempdir().expect("tempdir");
    let seg = t.path().join("00000000000000000001.wal");
    let mut bytes = fs::read(samples().join(WAL_V2).join("00000000000000000001.wal")).expect("wal");
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    fs::write(&seg, &bytes).expect("write");
    match Wal::open(t.path(), WalOptions::default()) {
        Err(ccmux_persist::Error::FutureVersion {
            path,
            found: 3,
            supported: 2,
        }) => assert_eq!(path, seg),
        other => panic!("expected FutureVersion, got {other:?}"),
    }
    assert_eq!(fs::read(&seg).expect("still there"), bytes);

    let c = tempfile::tempdir().expect("tempdir");
    let ckpt = c.path().join(checkpoint::file_name(CKPT_LSN));
    let mut bytes = fs::read(
        samples()
            .join(CKPT_V2)
            .join(checkpoint::file_name(CKPT_LSN)),
    )
    .expect("ckpt");
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    fs::write(&ckpt, &bytes).expect("write");
    match checkpoint::load_newest(c.path()) {
        Err(ccmux_persist::Error::FutureVersion {
            path,
            found: 3,
            supported: 2,
        }) => assert_eq!(path, ckpt),
        other => panic!("expected FutureVersion, got {other:?}"),
    }
    assert_eq!(fs::read(&ckpt).expect("still there"), bytes);
}
