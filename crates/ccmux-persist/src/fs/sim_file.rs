//! An open file of [`SimFs`].

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::sim::SimFs;
use super::sim_image::{Ino, Op};
use super::FsFile;

#[derive(Debug)]
pub(super) struct SimFile {
    fs: SimFs,
    ino: Ino,
    /// As opened (for the trace).
    path: PathBuf,
    locked: AtomicBool,
}

impl SimFile {
    pub(super) fn new(fs: SimFs, ino: Ino, path: &Path) -> SimFile {
        SimFile {
            fs,
            ino,
            path: path.to_path_buf(),
            locked: AtomicBool::new(false),
        }
    }

    fn change(&self, what: &str, op: Op) -> io::Result<()> {
        let mut s = self.fs.lock();
        s.mutate(|| format!("{what} {}", self.path.display()))?;
        s.record(op);
        Ok(())
    }

    fn sync(&self, what: &str) -> io::Result<()> {
        let mut s = self.fs.lock();
        s.mutate(|| format!("{what} {}", self.path.display()))?;
        let data = s.live.files.get(&self.ino).cloned().unwrap_or_default();
        s.durable.files.insert(self.ino, data);
        s.pending.retain(|op| op.file() != Some(self.ino));
        Ok(())
    }
}

impl FsFile for SimFile {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        let s = self.fs.lock();
        s.powered()?;
        let data = s.live.files.get(&self.ino).map_or(&[][..], |f| f);
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(data.len());
        let n = buf.len().min(data.len() - start);
        buf[..n].copy_from_slice(&data[start..start + n]);
        Ok(n)
    }

    fn write_all_at(&self, buf: &[u8], offset: u64) -> io::Result<()> {
        let what = format!("write {}+{} of", offset, buf.len());
        self.change(
            &what,
            Op::Write {
                ino: self.ino,
                offset,
                data: buf.to_vec(),
            },
        )
    }

    fn len(&self) -> io::Result<u64> {
        let s = self.fs.lock();
        s.powered()?;
        Ok(s.live.files.get(&self.ino).map_or(0, |f| f.len() as u64))
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        let what = format!("set_len {len} of");
        self.change(&what, Op::SetLen { ino: self.ino, len })
    }

    fn sync_data(&self) -> io::Result<()> {
        self.sync("fdatasync")
    }

    fn sync_all(&self) -> io::Result<()> {
        self.sync("fsync")
    }

    fn allocate(&self, len: u64) -> io::Result<()> {
        let what = format!("fallocate {len} of");
        self.change(&what, Op::Allocate { ino: self.ino, len })
    }

    fn try_lock(&self) -> io::Result<bool> {
        let mut s = self.fs.lock();
        s.powered()?;
        if self.locked.load(Ordering::SeqCst) {
            return Ok(true);
        }
        if !s.locks.insert(self.ino) {
            return Ok(false);
        }
        self.locked.store(true, Ordering::SeqCst);
        Ok(true)
    }
}

impl Drop for SimFile {
    fn drop(&mut self) {
        if self.locked.load(Ordering::SeqCst) {
            self.fs.lock().locks.remove(&self.ino);
        }
    }
}
