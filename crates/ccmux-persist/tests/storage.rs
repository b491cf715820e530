//! Checkpoints, envelopes and the state directory lock.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use ccmux_persist::checkpoint::{self, CheckpointDamage, CheckpointState, CHECKPOINT_HEADER_LEN};
use ccmux_persist::envelope::{self, Envelope};
use ccmux_persist::{EnvelopeError, Error, StateDir};
use serde::{Deserialize, Serialize};

fn mode(p: &Path) -> u32 {
    fs::metadata(p).expect("stat").permissions().mode() & 0o777
}

fn body(lsn: u64) -> Vec<u8> {
    format!("state at {lsn}").into_bytes()
}

#[test]
fn checkpoint_round_trip() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path().join("checkpoints");
    assert_eq!(
        checkpoint::load_newest(&dir).expect("load"),
        Default::default()
    );
    let w = checkpoint::write(&dir, 42, &body(42)).expect("write");
    assert_eq!(w.path, dir.join("ckpt-00000000000000000042.ccp"));
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&w.path), 0o600);
    let out = checkpoint::load_newest(&dir).expect("load");
    assert!(out.skipped.is_empty());
    let l = out.loaded.expect("loaded");
    assert_eq!((l.lsn, l.payload, l.path), (42, body(42), w.path));
    assert!(l.unix_ms > 1_600_000_000_000);
    // Empty payloads and LSN 0 (nothing logged yet) are fine.
    checkpoint::write(&dir, 0, &[]).expect("write");
    let list = checkpoint::list(&dir).expect("list");
    assert_eq!(list.iter().map(|c| c.lsn).collect::<Vec<_>>(), vec![42, 0]);
    assert!(list.iter().all(|c| c.is_valid()));
    assert_eq!(list[1].size, CHECKPOINT_HEADER_LEN as u64);
}

#[test]
fn checkpoint_keeps_newest_three_and_removes_stray_temp_files() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path();
    fs::write(dir.join("ckpt-00000000000000000007.ccp.tmp"), b"half").expect("write");
    fs::write(dir.join("unrelated.txt"), b"keep me").expect("write");
    let mut last = None;
    for lsn in [10, 20, 30, 40, 50] {
        last = Some(checkpoint::write(dir, lsn, &body(lsn)).expect("write"));
    }
    let last = last.expect("written");
    assert_eq!(last.oldest_kept_lsn, 30);
    let lsns: Vec<_> = checkpoint::list(dir)
        .expect("list")
        .iter()
        .map(|c| c.lsn)
        .collect();
    assert_eq!(lsns, vec![50, 40, 30]);
    assert!(!dir.join("ckpt-00000000000000000007.ccp.tmp").exists());
    assert!(dir.join("unrelated.txt").exists());
    // Writing an older LSN never deletes the file just written.
    let w = checkpoint::write(dir, 5, &body(5)).expect("write");
    assert!(w.path.exists());
}

#[test]
fn damaged_newest_checkpoint_falls_back_and_reports() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path();
    checkpoint::write(dir, 10, &body(10)).expect("write");
    let newest = checkpoint::write(dir, 20, &body(20)).expect("write").path;
    let original = fs::read(&newest).expect("read");
    // Every byte flipped (version bytes excepted: see the future-version test).
    for pos in (0..original.len()).filter(|p| !(8..12).contains(p)) {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut bytes = original.clone();
            bytes[pos] ^= mask;
            fs::write(&newest, &bytes).expect("write");
            let out = checkpoint::load_newest(dir).expect("load");
            let ctx = format!("flip {mask:#x} at {pos}");
            assert_eq!(out.loaded.as_ref().map(|l| l.lsn), Some(10), "{ctx}");
            assert_eq!(out.skipped.len(), 1, "{ctx}");
            assert_eq!(out.skipped[0].lsn, 20, "{ctx}");
        }
    }
    // Truncated at every length.
    for len in 0..original.len() {
        fs::write(&newest, &original[..len]).expect("write");
        let out = checkpoint::load_newest(dir).expect("load");
        assert_eq!(out.loaded.map(|l| l.lsn), Some(10), "len {len}");
        assert!(matches!(
            out.skipped[0].reason,
            CheckpointDamage::Truncated { .. } | CheckpointDamage::LengthMismatch { .. }
        ));
    }
    // Trailing garbage is damage too.
    let mut longer = original.clone();
    longer.push(0);
    fs::write(&newest, &longer).expect("write");
    let out = checkpoint::load_newest(dir).expect("load");
    assert_eq!(
        out.skipped[0].reason,
        CheckpointDamage::LengthMismatch {
            declared: body(20).len() as u64,
            actual: body(20).len() as u64 + 1
        }
    );
    let list = checkpoint::list(dir).expect("list");
    assert!(matches!(list[0].state, CheckpointState::Damaged(_)));
    assert!(list[1].is_valid());
    // A file renamed to another LSN is rejected.
    fs::write(&newest, &original).expect("write");
    fs::rename(&newest, dir.join(checkpoint::file_name(25))).expect("rename");
    let out = checkpoint::load_newest(dir).expect("load");
    assert_eq!(
        out.skipped[0].reason,
        CheckpointDamage::LsnMismatch {
            name: 25,
            header: 20
        }
    );
    // Nothing valid at all.
    for c in checkpoint::list(dir).expect("list") {
        fs::write(&c.path, b"garbage").expect("write");
    }
    let out = checkpoint::load_newest(dir).expect("load");
    assert!(out.loaded.is_none());
    assert_eq!(out.skipped.len(), 2);
}

#[test]
fn future_version_checkpoint_is_refused_and_untouched() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path();
    for lsn in [10, 20, 30] {
        checkpoint::write(dir, lsn, &body(lsn)).expect("write");
    }
    let old = dir.join(checkpoint::file_name(10));
    let mut bytes = fs::read(&old).expect("read");
    bytes[8..12].copy_from_slice(&7u32.to_le_bytes());
    fs::write(&old, &bytes).expect("write");
    match checkpoint::load_newest(dir) {
        Err(e @ Error::FutureVersion { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("ckpt-00000000000000000010.ccp") && msg.contains("version 7"),
                "{msg}"
            );
        }
        other => panic!("expected FutureVersion, got {other:?}"),
    }
    // Retention never deletes it, and it cannot be overwritten.
    checkpoint::write(dir, 40, &body(40)).expect("write");
    checkpoint::write(dir, 50, &body(50)).expect("write");
    assert_eq!(fs::read(&old).expect("read"), bytes);
    assert!(matches!(
        checkpoint::write(dir, 10, b"x"),
        Err(Error::FutureVersion { .. })
    ));
    assert_eq!(fs::read(&old).expect("read"), bytes);
    let list = checkpoint::list(dir).expect("list");
    assert_eq!(
        list.last().map(|c| c.state.clone()),
        Some(CheckpointState::FutureVersion(7))
    );
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct V1 {
    name: String,
    n: u32,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct V2 {
    name: String,
    n: u32,
    flag: bool,
}

#[test]
fn envelope_versions_and_errors() {
    let bytes = envelope::encode(
        3,
        1,
        &V1 {
            name: "a".into(),
            n: 9,
        },
    )
    .expect("encode");
    assert_eq!(&bytes[..4], &[3, 0, 1, 0]);
    let v1: V1 = envelope::decode(&bytes, 3, 1).expect("decode");
    assert_eq!(
        v1,
        V1 {
            name: "a".into(),
            n: 9
        }
    );
    // Migration on read.
    let env = Envelope::parse(&bytes)
        .expect("parse")
        .expect_kind(3)
        .expect("kind");
    let v2 = match env.version {
        1 => {
            let v: V1 = env.decode().expect("v1");
            V2 {
                name: v.name,
                n: v.n,
                flag: false,
            }
        }
        _ => env.decode().expect("v2"),
    };
    assert_eq!(v2.n, 9);
    assert!(matches!(
        envelope::decode::<V1>(&bytes, 4, 1),
        Err(Error::Envelope(EnvelopeError::KindMismatch {
            expected: 4,
            found: 3
        }))
    ));
    assert!(matches!(
        envelope::decode::<V1>(&bytes, 3, 2),
        Err(Error::Envelope(EnvelopeError::VersionMismatch {
            found: 1,
            ..
        }))
    ));
    assert!(matches!(
        envelope::decode::<V1>(&bytes[..3], 3, 1),
        Err(Error::Envelope(EnvelopeError::Truncated(3)))
    ));
    // The wrong type for the bytes: an error, never a panic.
    let v2bytes = envelope::encode(
        3,
        2,
        &V2 {
            name: "b".into(),
            n: 1,
            flag: true,
        },
    )
    .expect("encode");
    assert!(matches!(
        Envelope::parse(&v2bytes).expect("parse").decode::<V1>(),
        Err(Error::Envelope(EnvelopeError::TrailingBytes(1)))
    ));
    assert!(Envelope::parse(&bytes)
        .expect("parse")
        .decode::<V2>()
        .is_err());
    for len in 4..bytes.len() {
        assert!(envelope::decode::<V1>(&bytes[..len], 3, 1).is_err());
    }
}

#[test]
fn state_dir_layout_and_lock() {
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path().join("state");
    let sd = StateDir::open(&root).expect("open");
    for d in [
        root.clone(),
        sd.wal_dir(),
        sd.checkpoints_dir(),
        sd.scrollback_dir(),
    ] {
        assert!(d.is_dir(), "{}", d.display());
        assert_eq!(mode(&d), 0o700, "{}", d.display());
    }
    assert_eq!(mode(&sd.lock_path()), 0o600);
    match StateDir::open(&root) {
        Err(
            e @ Error::Locked {
                holder: Some(pid), ..
            },
        ) => {
            assert_eq!(pid, std::process::id());
            let msg = e.to_string();
            assert!(
                msg.contains("in use by another ccmux server") && msg.contains("state"),
                "{msg}"
            );
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    drop(sd);
    let again = StateDir::open(&root).expect("reopen after release");
    assert_eq!(again.root(), root.as_path());
}

#[test]
fn state_dir_tightens_existing_permissions() {
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path().join("state");
    fs::create_dir_all(root.join("wal")).expect("mkdir");
    fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).expect("chmod");
    fs::set_permissions(root.join("wal"), fs::Permissions::from_mode(0o777)).expect("chmod");
    let sd = StateDir::open(&root).expect("open");
    assert_eq!(mode(&root), 0o700);
    assert_eq!(mode(&sd.wal_dir()), 0o700);
}
