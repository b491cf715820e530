//! One file that cannot be read does not block everything: a directory in place of an unused
//! checkpoint, or a dangling symlink in place of a WAL segment, is skipped and reported (never
//! deleted or chmod-ed); the server starts and `persistence inspect` works. Records that are gone
//! (the segments after the newest checkpoint deleted, the WAL cut exactly on a record boundary) are
//! reported instead of silently dropped.

mod common;
use common::{kill9, Ccmux};
use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    v.sort();
    v
}

/// A server with window `one` (then a checkpoint), `two` (then another), `three` and `four` (after
/// them), killed.
fn crashed() -> Ccmux {
    let t = Ccmux::new();
    t.session("u");
    t.ok(&["rename-window", "-t", "u:0", "one"]);
    t.ok(&["persistence", "checkpoint"]);
    t.ok(&["neww", "-d", "-t", "u:", "-n", "two"]);
    t.ok(&["persistence", "checkpoint"]);
    t.ok(&["neww", "-d", "-t", "u:", "-n", "three"]);
    t.ok(&["neww", "-d", "-t", "u:", "-n", "four"]);
    kill9(t.server_pid().unwrap());
    t
}

fn windows(t: &Ccmux) -> String {
    t.ok(&["lsw", "-t", "u", "-F", "#{window_name}"])
}

#[test]
fn a_directory_in_place_of_an_unused_checkpoint_is_skipped() {
    let t = crashed();
    let ckpts = t.state_dir().join("checkpoints");
    let all = files(&ckpts, ".ccp");
    assert!(all.len() >= 2, "{all:?}");
    let old = &all[0];
    std::fs::remove_file(old).unwrap();
    std::fs::create_dir(old).unwrap();
    let inspect = t.run(&["persistence", "inspect"]);
    assert_eq!(inspect.status, 0, "{}", inspect.stderr);
    let name = old.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        inspect.stdout.contains(&name) && inspect.stdout.contains("not needed"),
        "{}",
        inspect.stdout
    );
    assert_eq!(windows(&t), "one\ntwo\nthree\nfour\n");
    let status = t.ok(&["persistence", "status"]);
    assert!(status.contains(&name), "{status}");
    // Checkpoints (and their retention) leave it alone.
    for _ in 0..4 {
        t.ok(&["persistence", "checkpoint"]);
    }
    assert!(old.is_dir(), "the directory was removed");
}

#[test]
fn a_dangling_symlink_in_place_of_a_segment_is_skipped_and_the_loss_reported() {
    let t = crashed();
    let wal = t.state_dir().join("wal");
    let seg = files(&wal, ".wal").pop().unwrap();
    std::fs::remove_file(&seg).unwrap();
    std::os::unix::fs::symlink(t.path("nowhere"), &seg).unwrap();
    let inspect = t.run(&["persistence", "inspect"]);
    assert_eq!(inspect.status, 0, "{}", inspect.stderr);
    assert!(
        inspect.stdout.contains("cannot be read") && inspect.stdout.contains("lost"),
        "{}",
        inspect.stdout
    );
    let r = t.run(&["lsw", "-t", "u", "-F", "#{window_name}"]);
    assert_eq!(r.status, 0, "the server starts: {}", r.stderr);
    assert_eq!(r.stdout, "one\ntwo\n", "what the checkpoint holds");
    let status = t.ok(&["persistence", "status"]);
    assert!(status.contains("cannot be read"), "{status}");
    // Kept (moved aside so that no new segment takes its name), never deleted.
    let links: Vec<_> = std::fs::read_dir(&wal)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
        })
        .collect();
    assert_eq!(links.len(), 1, "the symlink is kept");
}

#[test]
fn deleted_segments_after_the_newest_checkpoint_are_reported() {
    let t = crashed();
    for seg in files(&t.state_dir().join("wal"), ".wal") {
        std::fs::remove_file(seg).unwrap();
    }
    let inspect = t.ok(&["persistence", "inspect"]);
    assert!(inspect.contains("is missing"), "{inspect}");
    assert_eq!(windows(&t), "one\ntwo\n");
    let status = t.ok(&["persistence", "status"]);
    assert!(
        status.contains("recovery:") && status.contains("is missing"),
        "{status}"
    );
}

/// The offset just past the last-but-one record of a segment (a record boundary).
fn before_last_record(seg: &Path) -> u64 {
    let bytes = std::fs::read(seg).unwrap();
    let mut at = ccmux_persist::wal::SEGMENT_HEADER_LEN;
    let mut ends = vec![at];
    while at + 16 <= bytes.len() {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        if len == 0 {
            break;
        }
        at += 16 + len;
        ends.push(at);
    }
    assert!(ends.len() >= 3, "two records at least");
    ends[ends.len() - 2] as u64
}

#[test]
fn a_wal_cut_on_a_record_boundary_is_reported() {
    let t = crashed();
    let seg = files(&t.state_dir().join("wal"), ".wal").pop().unwrap();
    let f = std::fs::OpenOptions::new().write(true).open(&seg).unwrap();
    f.set_len(before_last_record(&seg)).unwrap();
    drop(f);
    let inspect = t.ok(&["persistence", "inspect"]);
    assert!(inspect.contains("was cut"), "{inspect}");
    let status = t.ok(&["persistence", "status"]);
    assert!(
        status.contains("recovery:") && status.contains("was cut"),
        "{status}"
    );
}
