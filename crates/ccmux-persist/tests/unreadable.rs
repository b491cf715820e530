//! One file that cannot be read (a directory or a dangling symlink named like a checkpoint or a WAL
//! segment) never blocks recovery or inspection: it is skipped and reported, never deleted, never
//! modified; and records that are gone (segments deleted after the newest checkpoint, the WAL cut
//! exactly on a record boundary) are reported, not silently dropped.

mod common;
use ccmux_model::Model;
use ccmux_persist::checkpoint::{self, CheckpointDamage, CheckpointState};
use ccmux_persist::store::{recover, Store};
use ccmux_persist::wal::{self, segment_file_name, Durability, Wal, WalOptions};
use common::created;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A store with sessions `a` (then a checkpoint), `b` and `c` after it; returns the model.
fn populate(root: &Path) -> Model {
    let mut model = Model::default();
    let (store, _) = Store::open(root, Duration::from_millis(10)).unwrap();
    let c = [created(0, "a")];
    model.apply(&c[0]).unwrap();
    store.log_changes(&c).wait().unwrap();
    let lsn = store.barrier().unwrap();
    store.write_checkpoint(lsn, model.clone(), vec![]).unwrap();
    for (id, name) in [(1, "b"), (2, "c")] {
        let c = [created(id, name)];
        model.apply(&c[0]).unwrap();
        store.log_changes(&c).wait().unwrap();
    }
    model
}

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

#[test]
fn a_directory_and_a_dangling_symlink_in_place_of_old_checkpoints_are_skipped_and_kept() {
    let t = tempfile::tempdir().unwrap();
    let model = populate(t.path());
    {
        // A newer checkpoint, so that two older names are free.
        let (store, rec) = Store::open(t.path(), Duration::from_millis(10)).unwrap();
        let lsn = store.barrier().unwrap();
        assert_eq!(lsn, 3);
        store.write_checkpoint(lsn, rec.model, vec![]).unwrap();
    }
    let ckpts = t.path().join("checkpoints");
    let dir_ckpt = ckpts.join(checkpoint::file_name(0));
    std::fs::create_dir(&dir_ckpt).unwrap();
    let link = ckpts.join(checkpoint::file_name(2));
    symlink(t.path().join("nowhere"), &link).unwrap();

    // Read-only recovery (what `persistence inspect` runs) works and says what it skipped.
    let r = recover(t.path()).unwrap();
    assert_eq!(names(&r.model), names(&model));
    assert!(!r.incomplete, "nothing needed was lost: {:?}", r.problems);
    for p in [&dir_ckpt, &link] {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            r.problems
                .iter()
                .any(|m| m.contains(&name) && m.contains("not needed")),
            "{name} reported: {:?}",
            r.problems
        );
    }
    let listed = checkpoint::list(&ckpts).unwrap();
    assert!(listed.iter().any(|c| c.path == dir_ckpt
        && matches!(
            &c.state,
            CheckpointState::Damaged(CheckpointDamage::Unreadable(_))
        )));

    // The server's open recovers too, and checkpoints (retention) leave both alone.
    let (store, rec) = Store::open(t.path(), Duration::from_millis(10)).unwrap();
    assert_eq!(names(&rec.model), names(&model));
    assert!(store.degraded().is_none());
    for _ in 0..4 {
        let lsn = store.barrier().unwrap();
        store
            .write_checkpoint(lsn, rec.model.clone(), vec![])
            .unwrap();
    }
    drop(store);
    assert!(dir_ckpt.is_dir(), "the directory was removed");
    assert!(
        link.symlink_metadata().is_ok(),
        "the dangling symlink was removed"
    );
}

#[test]
fn an_unreadable_newest_checkpoint_falls_back_and_is_reported() {
    let t = tempfile::tempdir().unwrap();
    let model = populate(t.path());
    let ckpts = t.path().join("checkpoints");
    std::fs::create_dir(ckpts.join(checkpoint::file_name(999))).unwrap();
    let r = recover(t.path()).unwrap();
    assert_eq!(names(&r.model), names(&model), "the WAL still has it all");
    assert!(r.incomplete, "a newer checkpoint was skipped");
    assert!(
        r.problems.iter().any(|p| p.contains("cannot be read")),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_directory_in_place_of_a_covered_segment_is_skipped() {
    let t = tempfile::tempdir().unwrap();
    let w = t.path().join("wal");
    let o = WalOptions {
        segment_size: 200,
        ..WalOptions::default()
    };
    let (wal, _) = Wal::open(&w, o.clone()).unwrap();
    for i in 1..=20u8 {
        wal.append_blocking(vec![i; 40], Durability::Sync).unwrap();
    }
    drop(wal);
    let segs = files(&w);
    assert!(segs.len() >= 4);
    // Replace the first (covered from LSN 15 on) by a directory, and add a dangling symlink named
    // like a segment before everything.
    std::fs::remove_file(&segs[0]).unwrap();
    std::fs::create_dir(&segs[0]).unwrap();
    let (records, rep) = wal::read_from(&w, 15).unwrap();
    assert_eq!(records.first().map(|r| r.0), Some(15));
    assert_eq!(records.last().map(|r| r.0), Some(20));
    assert_eq!(rep.unreadable.len(), 1, "{rep}");
    assert!(!rep.unreadable[0].in_range && !rep.lost_records(), "{rep}");
    // From LSN 1 it is needed: the records in it are lost, and reported so.
    let (records, rep) = wal::read_from(&w, 1).unwrap();
    assert!(records.first().is_none_or(|r| r.0 > 1));
    assert!(rep.unreadable[0].in_range && rep.lost_records(), "{rep}");
    // Opening for appending from 15 leaves it alone.
    let (wal, rep) = Wal::open(
        &w,
        WalOptions {
            min_next_lsn: 15,
            ..o
        },
    )
    .unwrap();
    assert_eq!(rep.unreadable.len(), 1);
    assert_eq!(
        wal.append_blocking(b"x".to_vec(), Durability::Sync)
            .unwrap(),
        21
    );
    wal.truncate_before(21).unwrap();
    wal.restart_segment(21).unwrap();
    drop(wal);
    assert!(segs[0].is_dir(), "the directory was removed");
}

/// A dangling symlink in place of the segment the replay needs: recovery reports the loss, the
/// writer moves it aside (renamed, not deleted) so that no new segment takes its name, and appends.
#[test]
fn a_dangling_symlink_in_place_of_a_needed_segment_is_reported_and_moved_aside() {
    let t = tempfile::tempdir().unwrap();
    let model = populate(t.path());
    let w = t.path().join("wal");
    let last = files(&w).into_iter().last().unwrap();
    std::fs::remove_file(&last).unwrap();
    symlink(t.path().join("gone"), &last).unwrap();
    let r = recover(t.path()).unwrap();
    assert!(r.incomplete);
    assert!(
        r.problems.iter().any(|p| p.contains("cannot be read")),
        "{:?}",
        r.problems
    );
    assert!(names(&r.model).len() < names(&model).len());
    let (store, _) = Store::open(t.path(), Duration::from_millis(10)).unwrap();
    store.log_changes(&[created(7, "z")]).wait().unwrap();
    drop(store);
    let aside: Vec<_> = files(&w)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".corrupt"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", files(&w));
    assert!(aside[0]
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(recover(t.path())
        .unwrap()
        .model
        .sessions
        .values()
        .any(|s| s.name == "z"));
}

/// The checkpoint names the segment after it: deleting every segment after the newest
/// checkpoint is reported (before v2 it silently dropped the records).
#[test]
fn deleted_segments_after_the_checkpoint_are_reported() {
    let t = tempfile::tempdir().unwrap();
    populate(t.path());
    for f in files(&t.path().join("wal")) {
        std::fs::remove_file(f).unwrap();
    }
    let r = recover(t.path()).unwrap();
    assert_eq!(names(&r.model), vec!["a"]);
    assert!(r.incomplete);
    assert!(
        r.problems
            .iter()
            .any(|p| p.contains("is missing") && p.contains(&segment_file_name(1))),
        "{:?}",
        r.problems
    );
}

/// Cutting the active (preallocated) segment exactly after a record: nothing looks torn, but the
/// segment is shorter than it was created, and the loss is reported.
#[test]
fn a_wal_cut_on_a_record_boundary_is_reported() {
    let t = tempfile::tempdir().unwrap();
    populate(t.path());
    let seg = files(&t.path().join("wal")).into_iter().last().unwrap();
    let (records, _) = wal::read_from(t.path().join("wal"), 1).unwrap();
    let keep = records.len() - 1;
    let end = wal::SEGMENT_HEADER_LEN
        + records[..keep]
            .iter()
            .map(|r| wal::RECORD_HEADER_LEN + r.1.len())
            .sum::<usize>();
    let f = std::fs::OpenOptions::new().write(true).open(&seg).unwrap();
    f.set_len(end as u64).unwrap();
    drop(f);
    let r = recover(t.path()).unwrap();
    assert_eq!(names(&r.model), vec!["a", "b"]);
    assert!(r.incomplete);
    assert!(
        r.problems.iter().any(|p| p.contains("was cut")),
        "{:?}",
        r.problems
    );
    // The server's open reports it once and the segment gets its length back: no repeated alarm.
    drop(Store::open(t.path(), Duration::from_millis(10)).unwrap());
    let again = recover(t.path()).unwrap();
    assert!(!again.incomplete, "{:?}", again.problems);
}
