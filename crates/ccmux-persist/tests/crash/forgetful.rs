//! A filesystem that skips some syncs (as a bug in the store would): the crash tests must notice.

use ccmux_persist::fs::{Fs, FsFile, Metadata, OpenMode, SimFs};
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forget {
    /// fsync of the WAL directory (new segments, deletions).
    WalDir,
    /// fdatasync of WAL segments (group commit).
    SegmentData,
    /// fsync of a checkpoint's temp file before its rename.
    CheckpointFile,
}

#[derive(Debug)]
pub struct Forgetful {
    inner: SimFs,
    forget: Forget,
}

impl Forgetful {
    pub fn wrap(inner: SimFs, forget: Forget) -> Arc<dyn Fs> {
        Arc::new(Forgetful { inner, forget })
    }
}

impl Fs for Forgetful {
    fn open(&self, path: &Path, how: OpenMode) -> io::Result<Box<dyn FsFile>> {
        Ok(Box::new(ForgetfulFile {
            inner: self.inner.open(path, how)?,
            path: path.to_path_buf(),
            forget: self.forget,
        }))
    }

    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        self.inner.metadata(path)
    }

    fn set_mode(&self, path: &Path, mode: u32) -> io::Result<()> {
        self.inner.set_mode(path, mode)
    }

    fn create_dir(&self, path: &Path, mode: u32) -> io::Result<()> {
        self.inner.create_dir(path, mode)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<OsString>> {
        self.inner.read_dir(path)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.inner.rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        self.inner.remove_file(path)
    }

    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        if self.forget == Forget::WalDir && path.ends_with("wal") {
            return Ok(());
        }
        self.inner.sync_dir(path)
    }
}

#[derive(Debug)]
struct ForgetfulFile {
    inner: Box<dyn FsFile>,
    path: PathBuf,
    forget: Forget,
}

impl FsFile for ForgetfulFile {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        self.inner.read_at(buf, offset)
    }

    fn write_all_at(&self, buf: &[u8], offset: u64) -> io::Result<()> {
        self.inner.write_all_at(buf, offset)
    }

    fn len(&self) -> io::Result<u64> {
        self.inner.len()
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        self.inner.set_len(len)
    }

    fn sync_data(&self) -> io::Result<()> {
        if self.forget == Forget::SegmentData && self.path.extension() == Some("wal".as_ref()) {
            return Ok(());
        }
        self.inner.sync_data()
    }

    fn sync_all(&self) -> io::Result<()> {
        let name = self.path.to_string_lossy();
        if self.forget == Forget::CheckpointFile && name.ends_with(".ccp.tmp") {
            return Ok(());
        }
        self.inner.sync_all()
    }

    fn allocate(&self, len: u64) -> io::Result<()> {
        self.inner.allocate(len)
    }

    fn try_lock(&self) -> io::Result<bool> {
        self.inner.try_lock()
    }
}
