//! The state directory and its exclusive lock.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rustix::fs::{flock, FlockOperation};

use crate::error::{Error, IoContext, Result};
use crate::fsutil::{ensure_private_dir, private_file_options};

/// Name of the lock file inside the state directory.
pub const LOCK_FILE: &str = "lock";
pub const WAL_DIR: &str = "wal";
pub const CHECKPOINTS_DIR: &str = "checkpoints";
pub const SCROLLBACK_DIR: &str = "scrollback";

/// An opened, exclusively locked state directory:
///
/// ```text
/// <root>/            0700
///   lock             0600, flock(LOCK_EX|LOCK_NB) held while this value lives
///   wal/             0700
///   checkpoints/     0700
///   scrollback/      0700
/// ```
#[derive(Debug)]
pub struct StateDir {
    root: PathBuf,
    /// Holds the flock; released when dropped (closed).
    _lock: File,
}

impl StateDir {
    /// Create the tree (mode 0700) and take the lock. A second opener, in
    /// this process or another, gets [`Error::Locked`].
    pub fn open(path: impl AsRef<Path>) -> Result<StateDir> {
        let root = path.as_ref().to_path_buf();
        ensure_private_dir(&root)?;
        let lock_path = root.join(LOCK_FILE);
        let mut lock = private_file_options()
            .read(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .ctx("open lock file", &lock_path)?;
        match flock(&lock, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(e) if e == rustix::io::Errno::WOULDBLOCK || e == rustix::io::Errno::AGAIN => {
                return Err(Error::Locked {
                    path: root,
                    holder: read_pid(&mut lock),
                });
            }
            Err(e) => return Err(Error::io("flock", &lock_path, e.into())),
        }
        // Record our pid for the error message of the next would-be opener.
        lock.set_len(0).ctx("truncate lock file", &lock_path)?;
        lock.seek(SeekFrom::Start(0))
            .ctx("seek lock file", &lock_path)?;
        writeln!(lock, "{}", std::process::id()).ctx("write lock file", &lock_path)?;
        for sub in [WAL_DIR, CHECKPOINTS_DIR, SCROLLBACK_DIR] {
            ensure_private_dir(&root.join(sub))?;
        }
        Ok(StateDir { root, _lock: lock })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn lock_path(&self) -> PathBuf {
        self.root.join(LOCK_FILE)
    }

    pub fn wal_dir(&self) -> PathBuf {
        self.root.join(WAL_DIR)
    }

    pub fn checkpoints_dir(&self) -> PathBuf {
        self.root.join(CHECKPOINTS_DIR)
    }

    pub fn scrollback_dir(&self) -> PathBuf {
        self.root.join(SCROLLBACK_DIR)
    }
}

fn read_pid(f: &mut File) -> Option<u32> {
    let mut s = String::new();
    f.seek(SeekFrom::Start(0)).ok()?;
    Read::by_ref(f).take(32).read_to_string(&mut s).ok()?;
    s.trim().parse().ok()
}
