//! Fault injection for segment writes and fsyncs: [`FailFs`], one implementation of the
//! filesystem seam, wrapping another.
//!
//! Always compiled (two relaxed atomic loads per write), so that the server's
//! own tests can exercise the degraded path too. Production code never sets
//! any of these.

use std::ffi::OsString;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::Arc;

use crate::fs::{Fs, FsFile, Metadata, OpenMode};

/// `ENOSPC` of this platform.
pub const ENOSPC: i32 = rustix::io::Errno::NOSPC.raw_os_error();
/// `EIO` of this platform.
pub const EIO: i32 = rustix::io::Errno::IO.raw_os_error();

const UNLIMITED: u64 = u64::MAX;

/// Injectable failures for the WAL writer's segment file IO.
#[derive(Debug)]
pub struct FailPoints {
    write_errno: AtomicI32,
    write_budget: AtomicU64,
    sync_errno: AtomicI32,
    sync_delay_ms: AtomicU64,
    write_delay_ms: AtomicU64,
    checkpoint_errno: AtomicI32,
}

impl Default for FailPoints {
    fn default() -> Self {
        FailPoints {
            write_errno: AtomicI32::new(0),
            write_budget: AtomicU64::new(UNLIMITED),
            sync_errno: AtomicI32::new(0),
            sync_delay_ms: AtomicU64::new(0),
            write_delay_ms: AtomicU64::new(0),
            checkpoint_errno: AtomicI32::new(0),
        }
    }
}

impl FailPoints {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Every following segment write fails with `errno` (nothing written).
    pub fn fail_writes(&self, errno: i32) {
        self.write_budget.store(0, Ordering::SeqCst);
        self.write_errno.store(errno, Ordering::SeqCst);
    }

    /// Allow `bytes` more bytes to be written, then fail with `errno`; the
    /// write that crosses the limit is partial (a torn write on disk).
    pub fn fail_writes_after(&self, bytes: u64, errno: i32) {
        self.write_budget.store(bytes, Ordering::SeqCst);
        self.write_errno.store(errno, Ordering::SeqCst);
    }

    /// Every following fdatasync/fsync of a segment fails with `errno`.
    pub fn fail_syncs(&self, errno: i32) {
        self.sync_errno.store(errno, Ordering::SeqCst);
    }

    /// Every following fsync first sleeps `ms` (a slow disk: widens the window between a change being
    /// applied and being durable).
    pub fn delay_syncs(&self, ms: u64) {
        self.sync_delay_ms.store(ms, Ordering::SeqCst);
    }

    /// Every following segment write first sleeps `ms`.
    pub fn delay_writes(&self, ms: u64) {
        self.write_delay_ms.store(ms, Ordering::SeqCst);
    }

    /// Every following creation of a checkpoint or scrollback file fails with `errno` (e.g. EACCES:
    /// a `checkpoints/` directory that cannot be written).
    pub fn fail_checkpoints(&self, errno: i32) {
        self.checkpoint_errno.store(errno, Ordering::SeqCst);
    }

    /// Fault injection from a spec such as `sync_delay_ms=300,sync_errno=28,write_errno=5` (the
    /// server reads `CCMUX_FAILPOINTS`; only tests set it). Unknown keys are an error.
    pub fn from_spec(spec: &str) -> Result<Arc<Self>, String> {
        let fp = Self::new();
        for item in spec.split(',').filter(|i| !i.is_empty()) {
            let (key, value) = item
                .split_once('=')
                .ok_or_else(|| format!("bad failpoint {item:?} (want key=value)"))?;
            let n: u64 = value
                .parse()
                .map_err(|_| format!("bad failpoint value {item:?}"))?;
            match key {
                "sync_delay_ms" => fp.delay_syncs(n),
                "write_delay_ms" => fp.delay_writes(n),
                "sync_errno" => fp.fail_syncs(n as i32),
                "write_errno" => fp.fail_writes(n as i32),
                "checkpoint_errno" => fp.fail_checkpoints(n as i32),
                _ => return Err(format!("unknown failpoint {key:?}")),
            }
        }
        Ok(fp)
    }

    /// Remove every injected failure.
    pub fn clear(&self) {
        self.write_errno.store(0, Ordering::SeqCst);
        self.write_budget.store(UNLIMITED, Ordering::SeqCst);
        self.sync_errno.store(0, Ordering::SeqCst);
        self.sync_delay_ms.store(0, Ordering::SeqCst);
        self.write_delay_ms.store(0, Ordering::SeqCst);
        self.checkpoint_errno.store(0, Ordering::SeqCst);
    }
}

/// An [`Fs`] that injects the failures and delays of a [`FailPoints`] into the file writes and
/// fsyncs made through it (the WAL wraps its filesystem in one when `WalOptions::failpoints` is set).
/// Everything else passes through to the inner filesystem unchanged.
#[derive(Debug)]
pub struct FailFs {
    inner: Arc<dyn Fs>,
    fp: Arc<FailPoints>,
    /// The store's own files (checkpoints, scrollback): only `checkpoint_errno` applies, to the
    /// creation of a file.
    checkpoints: bool,
}

impl FailFs {
    /// The WAL's filesystem: injected write and fsync failures and delays.
    pub fn new(inner: Arc<dyn Fs>, fp: Arc<FailPoints>) -> Self {
        FailFs {
            inner,
            fp,
            checkpoints: false,
        }
    }

    /// The store's filesystem for checkpoints and scrollback files: creating a file fails with
    /// `checkpoint_errno` when it is set; nothing else is changed.
    pub fn for_checkpoints(inner: Arc<dyn Fs>, fp: Arc<FailPoints>) -> Self {
        FailFs {
            inner,
            fp,
            checkpoints: true,
        }
    }
}

impl Fs for FailFs {
    fn open(&self, path: &Path, how: OpenMode) -> io::Result<Box<dyn FsFile>> {
        if self.checkpoints {
            let errno = self.fp.checkpoint_errno.load(Ordering::SeqCst);
            if errno != 0 && matches!(how, OpenMode::Truncate(_) | OpenMode::CreateNew(_)) {
                return Err(io::Error::from_raw_os_error(errno));
            }
            return self.inner.open(path, how);
        }
        let inner = self.inner.open(path, how)?;
        Ok(Box::new(FailFile {
            inner,
            fp: Arc::clone(&self.fp),
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
        self.inner.sync_dir(path)
    }
}

#[derive(Debug)]
struct FailFile {
    inner: Box<dyn FsFile>,
    fp: Arc<FailPoints>,
}

impl FailFile {
    fn before_sync(&self) -> io::Result<()> {
        let fp = &self.fp;
        let delay = fp.sync_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            std::thread::sleep(std::time::Duration::from_millis(delay));
        }
        let errno = fp.sync_errno.load(Ordering::SeqCst);
        if errno != 0 {
            return Err(io::Error::from_raw_os_error(errno));
        }
        Ok(())
    }
}

impl FsFile for FailFile {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        self.inner.read_at(buf, offset)
    }

    /// `pwrite` the whole buffer, honouring injected failures: past the byte budget only the part
    /// within it is written (a torn write), then the error.
    fn write_all_at(&self, buf: &[u8], offset: u64) -> io::Result<()> {
        let fp = &self.fp;
        let delay = fp.write_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            std::thread::sleep(std::time::Duration::from_millis(delay));
        }
        let errno = fp.write_errno.load(Ordering::SeqCst);
        if errno != 0 {
            let budget = fp.write_budget.load(Ordering::SeqCst);
            if (buf.len() as u64) > budget {
                let part = budget as usize;
                self.inner.write_all_at(&buf[..part], offset)?;
                fp.write_budget.store(0, Ordering::SeqCst);
                return Err(io::Error::from_raw_os_error(errno));
            }
            fp.write_budget
                .store(budget - buf.len() as u64, Ordering::SeqCst);
        }
        self.inner.write_all_at(buf, offset)
    }

    fn len(&self) -> io::Result<u64> {
        self.inner.len()
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        self.inner.set_len(len)
    }

    fn sync_data(&self) -> io::Result<()> {
        self.before_sync()?;
        self.inner.sync_data()
    }

    fn sync_all(&self) -> io::Result<()> {
        self.before_sync()?;
        self.inner.sync_all()
    }

    fn allocate(&self, len: u64) -> io::Result<()> {
        self.inner.allocate(len)
    }

    fn try_lock(&self) -> io::Result<bool> {
        self.inner.try_lock()
    }
}
