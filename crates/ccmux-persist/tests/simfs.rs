//! The simulated filesystem keeps exactly what POSIX promises across a power cut.

use std::io;
use std::path::Path;

use ccmux_persist::fs::{read_file, Crash, Fs, OpenMode, SimFs};

/// A power cut that happens to keep every operation.
const ALL: Crash = Crash::Prefix {
    ops: usize::MAX,
    torn: 0,
};

fn p(s: &str) -> &Path {
    Path::new(s)
}

fn content(fs: &SimFs, path: &str) -> Option<Vec<u8>> {
    match read_file(fs, p(path)) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => panic!("read {path}: {e}"),
    }
}

/// `/d` made durable, then `/d/f` created, written and fsynced (its entry not yet durable).
fn dir_and_synced_file() -> SimFs {
    let fs = SimFs::new();
    fs.create_dir(p("/d"), 0o700).unwrap();
    fs.sync_dir(p("/")).unwrap();
    let f = fs.open(p("/d/f"), OpenMode::Truncate(0o600)).unwrap();
    f.write_all_at(b"hello", 0).unwrap();
    f.sync_all().unwrap();
    fs
}

#[test]
fn unsynced_writes_are_lost_and_synced_ones_kept() {
    let fs = dir_and_synced_file();
    fs.sync_dir(p("/d")).unwrap();
    let f = fs.open(p("/d/f"), OpenMode::Write).unwrap();
    f.write_all_at(b" world", 5).unwrap();
    assert_eq!(content(&fs, "/d/f").unwrap(), b"hello world");
    assert_eq!(content(&fs.crash(Crash::Strict), "/d/f").unwrap(), b"hello");
    assert_eq!(content(&fs.crash(ALL), "/d/f").unwrap(), b"hello world");
    f.sync_data().unwrap();
    assert_eq!(
        content(&fs.crash(Crash::Strict), "/d/f").unwrap(),
        b"hello world"
    );
}

#[test]
fn a_new_entry_needs_its_directory_synced() {
    let fs = dir_and_synced_file();
    assert_eq!(
        content(&fs.crash(Crash::Strict), "/d/f"),
        None,
        "fsync of the file is not enough"
    );
    assert_eq!(content(&fs.crash(ALL), "/d/f").unwrap(), b"hello");
    fs.sync_dir(p("/d")).unwrap();
    assert_eq!(content(&fs.crash(Crash::Strict), "/d/f").unwrap(), b"hello");
}

#[test]
fn a_new_directory_needs_its_parent_synced() {
    let fs = SimFs::new();
    fs.create_dir(p("/a"), 0o777).unwrap();
    fs.create_dir(p("/a/b"), 0o700).unwrap();
    fs.sync_dir(p("/a")).unwrap();
    let f = fs.open(p("/a/b/f"), OpenMode::Truncate(0o600)).unwrap();
    f.write_all_at(b"x", 0).unwrap();
    f.sync_all().unwrap();
    fs.sync_dir(p("/a/b")).unwrap();
    let after = fs.crash(Crash::Strict);
    assert!(after.metadata(p("/a")).is_err(), "/ was never synced");
    assert_eq!(content(&after, "/a/b/f"), None);
    fs.sync_dir(p("/")).unwrap();
    assert_eq!(content(&fs.crash(Crash::Strict), "/a/b/f").unwrap(), b"x");
}

#[test]
fn renames_and_removals_are_undone_without_a_directory_sync() {
    let fs = dir_and_synced_file();
    fs.sync_dir(p("/d")).unwrap();
    fs.rename(p("/d/f"), p("/d/g")).unwrap();
    let after = fs.crash(Crash::Strict);
    assert_eq!(content(&after, "/d/f").unwrap(), b"hello");
    assert_eq!(content(&after, "/d/g"), None);
    fs.sync_dir(p("/d")).unwrap();
    fs.remove_file(p("/d/g")).unwrap();
    assert_eq!(content(&fs, "/d/g"), None);
    assert_eq!(content(&fs.crash(Crash::Strict), "/d/g").unwrap(), b"hello");
    fs.sync_dir(p("/d")).unwrap();
    assert_eq!(content(&fs.crash(Crash::Strict), "/d/g"), None);
    assert_eq!(fs.crash(ALL).read_dir(p("/d")).unwrap().len(), 0);
}

#[test]
fn a_rename_over_a_file_replaces_it_atomically() {
    let fs = dir_and_synced_file();
    let t = fs.open(p("/d/f.tmp"), OpenMode::Truncate(0o600)).unwrap();
    t.write_all_at(b"new", 0).unwrap();
    t.sync_all().unwrap();
    fs.sync_dir(p("/d")).unwrap();
    fs.rename(p("/d/f.tmp"), p("/d/f")).unwrap();
    assert_eq!(content(&fs.crash(Crash::Strict), "/d/f").unwrap(), b"hello");
    fs.sync_dir(p("/d")).unwrap();
    let after = fs.crash(Crash::Strict);
    assert_eq!(content(&after, "/d/f").unwrap(), b"new");
    assert_eq!(content(&after, "/d/f.tmp"), None);
}

#[test]
fn a_prefix_crash_keeps_operations_in_order_and_tears_the_next_write() {
    let fs = dir_and_synced_file();
    fs.sync_dir(p("/d")).unwrap();
    let f = fs.open(p("/d/f"), OpenMode::Write).unwrap();
    f.write_all_at(b"-one", 5).unwrap();
    f.write_all_at(b"-two", 9).unwrap();
    f.set_len(11).unwrap();
    assert_eq!(fs.pending_ops(), 3);
    let keep = |ops, torn| content(&fs.crash(Crash::Prefix { ops, torn }), "/d/f").unwrap();
    assert_eq!(keep(0, 0), b"hello");
    assert_eq!(keep(0, 2), b"hello-o");
    assert_eq!(keep(1, 0), b"hello-one");
    assert_eq!(keep(1, 3), b"hello-one-tw");
    assert_eq!(keep(2, 0), b"hello-one-two");
    assert_eq!(keep(3, 0), b"hello-one-t");
    assert_eq!(keep(9, 0), b"hello-one-t");
}

#[test]
fn fallocate_and_truncation_are_file_contents() {
    let fs = dir_and_synced_file();
    fs.sync_dir(p("/d")).unwrap();
    let f = fs.open(p("/d/f"), OpenMode::Truncate(0o600)).unwrap();
    assert_eq!(f.len().unwrap(), 0);
    f.allocate(8).unwrap();
    assert_eq!(content(&fs.crash(Crash::Strict), "/d/f").unwrap(), b"hello");
    f.sync_data().unwrap();
    assert_eq!(
        content(&fs.crash(Crash::Strict), "/d/f").unwrap(),
        vec![0; 8]
    );
}

#[test]
fn power_cut_fails_that_operation_and_everything_after() {
    let fs = dir_and_synced_file();
    let before = fs.ops();
    fs.cut_power_at(Some(before + 1));
    let f = fs.open(p("/d/f"), OpenMode::Write).unwrap();
    f.write_all_at(b"!", 5).unwrap();
    let err = f.sync_data().unwrap_err();
    assert_eq!(
        err.raw_os_error(),
        Some(rustix::io::Errno::IO.raw_os_error())
    );
    assert!(fs.power_cut().unwrap().contains("fdatasync /d/f"));
    assert!(f.read_at(&mut [0; 4], 0).is_err(), "reads fail too");
    assert!(fs.sync_dir(p("/d")).is_err());
    assert_eq!(fs.ops(), before + 1);
    let after = fs.crash(ALL);
    assert_eq!(
        content(&after, "/d/f").unwrap(),
        b"hello!",
        "only what ran before the cut"
    );
    assert_eq!(content(&fs.crash(Crash::Strict), "/d/f"), None);
    assert_eq!(after.ops(), 0);
    assert!(after.power_cut().is_none());
}

#[test]
fn errors_are_those_of_a_real_filesystem() {
    let fs = dir_and_synced_file();
    let kind = |r: io::Result<()>| r.unwrap_err().kind();
    assert_eq!(
        kind(fs.open(p("/d/nope"), OpenMode::Read).map(drop)),
        io::ErrorKind::NotFound
    );
    assert_eq!(
        kind(fs.open(p("/d/f"), OpenMode::CreateNew(0o600)).map(drop)),
        io::ErrorKind::AlreadyExists
    );
    assert_eq!(
        kind(fs.create_dir(p("/d"), 0o700)),
        io::ErrorKind::AlreadyExists
    );
    assert_eq!(kind(fs.remove_file(p("/d/nope"))), io::ErrorKind::NotFound);
    assert_eq!(
        kind(fs.create_dir(p("/x/y"), 0o700)),
        io::ErrorKind::NotFound
    );
    assert_eq!(
        kind(fs.read_dir(p("/x")).map(drop)),
        io::ErrorKind::NotFound
    );
    assert_eq!(
        kind(fs.open(p("relative"), OpenMode::Read).map(drop)),
        io::ErrorKind::InvalidInput
    );
    let m = fs.metadata(p("/d/f")).unwrap();
    assert_eq!((m.is_dir, m.len, m.mode), (false, 5, 0o600));
    fs.set_mode(p("/d"), 0o711).unwrap();
    assert_eq!(fs.metadata(p("/d")).unwrap().mode, 0o711);
}

#[test]
fn one_lock_holder_at_a_time() {
    let fs = dir_and_synced_file();
    let a = fs
        .open(p("/d/f"), OpenMode::ReadWriteCreate(0o600))
        .unwrap();
    let b = fs
        .open(p("/d/f"), OpenMode::ReadWriteCreate(0o600))
        .unwrap();
    assert!(a.try_lock().unwrap());
    assert!(!b.try_lock().unwrap());
    drop(a);
    assert!(b.try_lock().unwrap());
}

#[test]
fn a_process_crash_keeps_the_page_cache_but_not_its_durability() {
    let fs = dir_and_synced_file();
    let f = fs.open(p("/d/f"), OpenMode::Write).unwrap();
    f.write_all_at(b"!", 5).unwrap();
    let killed = fs.crash(Crash::Process);
    assert_eq!(content(&killed, "/d/f").unwrap(), b"hello!");
    assert_eq!(killed.pending_ops(), fs.pending_ops());
    assert_eq!(
        content(&killed.crash(Crash::Strict), "/d/f"),
        None,
        "the entry never was durable"
    );
    // The next process makes it durable: then a power cut keeps it.
    killed
        .open(p("/d/f"), OpenMode::Write)
        .unwrap()
        .sync_all()
        .unwrap();
    killed.sync_dir(p("/d")).unwrap();
    assert_eq!(
        content(&killed.crash(Crash::Strict), "/d/f").unwrap(),
        b"hello!"
    );
}
