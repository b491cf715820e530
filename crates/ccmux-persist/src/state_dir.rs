//! The state directory and its exclusive lock.

use std::path::{Path, PathBuf};

use crate::error::{Error, IoContext, Result};
use crate::fs::{Fs, FsFile, OpenMode, StdFs};
use crate::fsutil::{ensure_private_dir, sync_ancestors, sync_dir, FILE_MODE};

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
    _lock: Box<dyn FsFile>,
}

impl StateDir {
    /// Create the tree (mode 0700) and take the lock. A second opener, in
    /// this process or another, gets [`Error::Locked`].
    pub fn open(path: impl AsRef<Path>) -> Result<StateDir> {
        Self::open_on(&StdFs, path)
    }

    /// [`StateDir::open`] on another filesystem.
    pub fn open_on(fs: &dyn Fs, path: impl AsRef<Path>) -> Result<StateDir> {
        let root = path.as_ref().to_path_buf();
        ensure_private_dir(fs, &root)?;
        let lock_path = root.join(LOCK_FILE);
        let lock = fs
            .open(&lock_path, OpenMode::ReadWriteCreate(FILE_MODE))
            .ctx("open lock file", &lock_path)?;
        if !lock.try_lock().ctx("flock", &lock_path)? {
            return Err(Error::Locked {
                path: root,
                holder: read_pid(&*lock),
            });
        }
        // Record our pid for the error message of the next would-be opener (best effort: on a full
        // disk the lock is what matters, and reading the state must not need free space).
        let pid = format!("{}\n", std::process::id());
        if let Err(e) = lock
            .set_len(0)
            .and_then(|()| lock.write_all_at(pid.as_bytes(), 0))
        {
            tracing::warn!(path = %lock_path.display(), error = %e, "could not write the pid to the lock file");
        }
        for sub in [WAL_DIR, CHECKPOINTS_DIR, SCROLLBACK_DIR] {
            // A missing one that cannot be created (no space) reads as empty; writing into it fails
            // later, loudly (the WAL starts degraded, checkpoints fail and are retried).
            if let Err(e) = ensure_private_dir(fs, &root.join(sub)) {
                tracing::warn!(error = %e, "state directory incomplete");
            }
        }
        // The tree may have been created by a process killed before it fsynced the directories
        // holding it: make it durable before anything acknowledged is stored in it.
        sync_dir(fs, &root)?;
        sync_ancestors(fs, &root);
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

fn read_pid(f: &dyn FsFile) -> Option<u32> {
    let mut buf = [0u8; 32];
    let n = f.read_at(&mut buf, 0).ok()?;
    std::str::from_utf8(&buf[..n]).ok()?.trim().parse().ok()
}
