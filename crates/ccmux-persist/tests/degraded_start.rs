//! Reading the state never needs free space: after a crash that left a torn tail while the disk is
//! full (setting the tail aside needs room), the store opens degraded with the state it read, and a
//! checkpoint heals it once there is room. Checkpoint failures show in the status.

mod common;
use ccmux_model::Model;
use ccmux_persist::store::{recover, Store, StoreOptions};
use ccmux_persist::wal::{FailPoints, ENOSPC};
use ccmux_persist::Error;
use common::created;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn names(model: &Model) -> Vec<String> {
    let mut v: Vec<String> = model.sessions.values().map(|s| s.name.clone()).collect();
    v.sort();
    v
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn open(
    root: &Path,
    fp: Option<std::sync::Arc<FailPoints>>,
) -> (Store, ccmux_persist::store::Recovered) {
    Store::open_opts(
        root,
        StoreOptions {
            failpoints: fp,
            ..StoreOptions::new(Duration::from_millis(10))
        },
    )
    .unwrap()
}

#[test]
fn a_full_disk_after_a_crash_starts_degraded_then_heals() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    let mut model = Model::default();
    {
        let (store, _) = open(root, None);
        for (id, name) in [(0, "a"), (1, "b")] {
            let c = [created(id, name)];
            model.apply(&c[0]).unwrap();
            store.log_changes(&c).wait().unwrap();
        }
    }
    // A crash left a torn record after the last one (inside the preallocated zeros).
    let seg = files(&root.join("wal")).pop().unwrap();
    let (records, _) = ccmux_persist::wal::read_from(root.join("wal"), 1).unwrap();
    let end = ccmux_persist::wal::SEGMENT_HEADER_LEN
        + records
            .iter()
            .map(|r| ccmux_persist::wal::RECORD_HEADER_LEN + r.1.len())
            .sum::<usize>();
    {
        use std::os::unix::fs::FileExt;
        let f = std::fs::OpenOptions::new().write(true).open(&seg).unwrap();
        f.write_all_at(&[0x55; 10], end as u64).unwrap();
    }
    let before = std::fs::read(&seg).unwrap();

    // The disk is full: no write can be made (the WAL, checkpoints).
    let fp = FailPoints::new();
    fp.fail_writes(ENOSPC);
    fp.fail_checkpoints(ENOSPC);
    let (store, rec) = open(root, Some(fp.clone()));
    assert_eq!(names(&rec.model), vec!["a", "b"], "the state was read");
    let why = store.degraded().expect("degraded from the start");
    assert!(why.contains("No space left"), "{why}");
    assert_eq!(std::fs::read(&seg).unwrap(), before, "nothing was changed");
    // A change is not saved, and says so.
    let c = [created(2, "c")];
    model.apply(&c[0]).unwrap();
    assert!(matches!(
        store.log_changes(&c).wait(),
        Err(Error::Degraded(_))
    ));
    // A checkpoint fails while the disk is full; the status shows it.
    let lsn = store.last_lsn();
    assert!(store.write_checkpoint(lsn, model.clone(), vec![]).is_err());
    let health = store.status().checkpoint_health;
    assert_eq!(health.failures_in_a_row, 1);
    assert!(health.last_error.unwrap().1.contains("No space left"));

    // Room again: the next checkpoint heals (the torn tail is set aside first), appends work.
    fp.clear();
    store.write_checkpoint(lsn, model.clone(), vec![]).unwrap();
    assert!(store.degraded().is_none());
    let health = store.status().checkpoint_health;
    assert_eq!((health.failures_in_a_row, health.written), (0, 1));
    let c = [created(3, "d")];
    model.apply(&c[0]).unwrap();
    store.log_changes(&c).wait().unwrap();
    drop(store);

    let aside: Vec<_> = files(&root.join("wal"))
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".tail-"))
        .collect();
    assert_eq!(aside.len(), 1, "the torn tail was kept aside");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), vec![0x55; 10]);
    let r = recover(root).unwrap();
    assert_eq!(names(&r.model), vec!["a", "b", "c", "d"]);
    assert!(!r.incomplete, "{:?}", r.problems);
}

/// Every checkpoint failing (here: EACCES creating its file) is counted and its reason kept; the
/// WAL stays healthy meanwhile.
#[test]
fn failing_checkpoints_show_in_the_status() {
    let t = tempfile::tempdir().unwrap();
    let fp = FailPoints::new();
    let (store, _) = open(t.path(), Some(fp.clone()));
    let mut model = Model::default();
    let c = [created(0, "a")];
    model.apply(&c[0]).unwrap();
    store.log_changes(&c).wait().unwrap();
    fp.fail_checkpoints(13);
    for n in 1..=3 {
        let lsn = store.barrier().unwrap();
        let e = store
            .write_checkpoint(lsn, model.clone(), vec![])
            .unwrap_err();
        assert!(e.to_string().contains("Permission denied"), "{e}");
        let st = store.status();
        assert_eq!(st.checkpoint_health.failures_in_a_row, n);
        assert!(st.checkpoints.is_empty());
        assert!(st.wal.degraded.is_none());
    }
    let mut f = std::io::sink();
    writeln!(f, "{:?}", store.status()).unwrap();
}
