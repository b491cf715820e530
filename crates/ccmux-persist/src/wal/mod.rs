//! Segmented write-ahead log with CRC-32C per record, torn-tail truncation and
//! group commit on a dedicated writer thread. See `FORMAT.md` for the layout.

mod failpoint;
mod reader;
mod recovery;
mod segment;
mod writer;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

pub use failpoint::{FailFs, FailPoints, EIO, ENOSPC};
pub(crate) use reader::for_each_at_from_on;
pub use reader::{
    for_each_from, for_each_from_on, read_from, read_from_on, segment_holding, segment_holding_on,
    Cut, DroppedBytes, Record, RecoveryReport, SegmentSummary, SetAside, Unreadable,
};
pub use recovery::OnRecord;
pub use segment::{
    encode_header, encode_header_v1, encode_record, framed_len, parse_segment_name, record_crc,
    segment_file_name, Corruption, RecordAt, MAX_RECORD_SIZE, RECORD_HEADER_LEN,
    SEGMENT_HEADER_LEN, SEGMENT_HEADER_LEN_V1, SEGMENT_MAGIC, WAL_FORMAT_VERSION,
};

use crate::error::{Error, Result};
use crate::fs::{Fs, StdFs};
use crate::Lsn;
use writer::Cmd;

/// Default segment roll size.
pub const DEFAULT_SEGMENT_SIZE: u64 = 16 << 20;
/// Default bound on how long a `Lazy` record stays written but not fsynced.
pub const DEFAULT_FLUSH_INTERVAL: Duration = Duration::from_millis(100);
/// Commands that may wait for the writer before `append` blocks (back-pressure).
pub const QUEUE_CAPACITY: usize = 4096;

/// How durable an append must be before its ticket resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Resolve only after an fdatasync covering the record succeeded.
    Sync,
    /// Resolve once the record is written to the OS; it becomes durable with
    /// the next sync, at most `flush_interval` later.
    Lazy,
}

/// WAL configuration.
#[derive(Debug, Clone)]
pub struct WalOptions {
    /// Roll to a new segment when the next record would pass this size.
    pub segment_size: u64,
    /// Upper bound between writing a `Lazy` record and its fdatasync.
    pub flush_interval: Duration,
    /// `fallocate` each new segment to `segment_size` (cheaper fdatasync).
    pub preallocate: bool,
    /// The first LSN the log may hand out. **Set it to the loaded
    /// checkpoint's LSN + 1**: if the WAL ends before that (lost or reset
    /// WAL directory), the covered segments are deleted and a new segment
    /// starts there, so new records are never numbered below the checkpoint.
    /// Segments wholly below it are not validated at open.
    pub min_next_lsn: Lsn,
    /// Fault injection for tests: the WAL's file writes and fsyncs go through a [`FailFs`] around
    /// `fs`.
    pub failpoints: Option<Arc<FailPoints>>,
    /// The filesystem (real files by default; a [`crate::fs::SimFs`] in power-loss tests).
    pub fs: Arc<dyn Fs>,
}

impl Default for WalOptions {
    fn default() -> Self {
        WalOptions {
            segment_size: DEFAULT_SEGMENT_SIZE,
            flush_interval: DEFAULT_FLUSH_INTERVAL,
            preallocate: true,
            min_next_lsn: 1,
            failpoints: None,
            fs: Arc::new(StdFs),
        }
    }
}

/// One segment of the live log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentInfo {
    pub first_lsn: Lsn,
    /// Header plus records (excluding preallocated zero space).
    pub bytes: u64,
    /// The file's size on disk (preallocated space included).
    pub disk_bytes: u64,
}

/// Snapshot of the writer's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalStatus {
    /// `Some(reason)` once a write or fsync failed; appends are refused until
    /// [`Wal::restart_segment`].
    pub degraded: Option<String>,
    /// LSN the next append will get.
    pub next_lsn: Lsn,
    /// Highest LSN handed to the OS (0: none since open).
    pub written_lsn: Lsn,
    /// Highest LSN known durable (0: none).
    pub durable_lsn: Lsn,
    /// Records appended since open.
    pub records: u64,
    /// Record bytes (framing included) appended since open. Monotonic:
    /// remember it at a checkpoint and subtract later for an exact
    /// "bytes since checkpoint".
    pub appended_bytes: u64,
    /// fdatasync calls on segments since open.
    pub syncs: u64,
    pub last_fsync_latency: Option<Duration>,
    pub max_fsync_latency: Option<Duration>,
    /// Segments of the live log, oldest first (the last one is active).
    pub segments: Vec<SegmentInfo>,
    /// Record bytes (framing included) handed to `append` that the writer has not taken yet.
    pub queued_bytes: u64,
    /// Record bytes the writer took and refused (degraded) since open.
    pub refused_bytes: u64,
}

impl WalStatus {
    /// Bytes of data (headers and records) across all segments of the log.
    pub fn total_bytes(&self) -> u64 {
        self.segments.iter().map(|s| s.bytes).sum()
    }

    /// Bytes the log's segment files take on disk (preallocated space included).
    pub fn disk_bytes(&self) -> u64 {
        self.segments.iter().map(|s| s.disk_bytes).sum()
    }

    /// Bytes of the segments holding any record with LSN > `lsn`. Segment
    /// granular: an upper bound by at most one segment.
    pub fn bytes_since(&self, lsn: Lsn) -> u64 {
        let last_assigned = self.next_lsn.saturating_sub(1);
        let mut total = 0;
        for (i, s) in self.segments.iter().enumerate() {
            let last_in_seg = match self.segments.get(i + 1) {
                Some(next) => next.first_lsn.saturating_sub(1),
                None => last_assigned,
            };
            if last_in_seg > lsn {
                total += s.bytes;
            }
        }
        total
    }
}

/// Resolves to the record's LSN once the requested durability is reached,
/// or to an error (`Degraded`, `Closed`, `RecordTooLarge`, `EmptyRecord`).
/// Await it, or call [`AppendTicket::wait`] outside an async runtime.
#[derive(Debug)]
pub struct AppendTicket {
    rx: oneshot::Receiver<Result<Lsn>>,
}

impl AppendTicket {
    fn ready(r: Result<Lsn>) -> Self {
        let (tx, rx) = oneshot::channel();
        let _ = tx.send(r);
        AppendTicket { rx }
    }

    /// Block the current thread until resolved. Panics (tokio) if called
    /// from within an async execution context: `.await` the ticket there.
    pub fn wait(self) -> Result<Lsn> {
        self.rx.blocking_recv().unwrap_or(Err(Error::Closed))
    }

    /// Non-blocking check: `None` while still pending.
    pub fn try_get(&mut self) -> Option<Result<Lsn>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(oneshot::error::TryRecvError::Empty) => None,
            Err(oneshot::error::TryRecvError::Closed) => Some(Err(Error::Closed)),
        }
    }
}

impl Future for AppendTicket {
    type Output = Result<Lsn>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.rx)
            .poll(cx)
            .map(|r| r.unwrap_or(Err(Error::Closed)))
    }
}

/// Handle to an open WAL; owns the writer thread. Dropping it flushes,
/// fsyncs and joins the writer ([`Wal::close`] reports the final result).
pub struct Wal {
    dir: PathBuf,
    tx: SyncSender<Cmd>,
    shared: Arc<Mutex<WalStatus>>,
    health_hook: writer::HealthHook,
    thread: Option<JoinHandle<()>>,
    /// Record bytes (framing included) sent to the writer since open.
    sent: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Wal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wal")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Wal {
    /// Open (creating if needed, mode 0700) the WAL in `dir`: validate every
    /// segment, cut a torn tail, set aside segments after mid-log damage, and
    /// start the writer thread. `FutureVersion` if any segment is newer.
    pub fn open(dir: impl AsRef<Path>, options: WalOptions) -> Result<(Wal, RecoveryReport)> {
        let dir = dir.as_ref().to_path_buf();
        Self::check_options(&options)?;
        let fs: Arc<dyn Fs> = match &options.failpoints {
            Some(fp) => Arc::new(FailFs::new(Arc::clone(&options.fs), Arc::clone(fp))),
            None => Arc::clone(&options.fs),
        };
        crate::fsutil::ensure_private_dir(&*fs, &dir)?;
        let (writer, report) = writer::Writer::open(fs, &dir, options, &mut |_, _, _| Ok(()))?;
        Self::start(dir, writer, report)
    }

    /// [`Wal::open`], but when the directory cannot be recovered or appended to for an IO reason
    /// (a full disk: no room to set a torn tail aside or to create a segment; a directory we cannot
    /// write), a WAL that is degraded from the start instead of an error. It has modified nothing
    /// beyond what the failed attempt did; appends fail with `Degraded`; `status().next_lsn` is
    /// past every readable record; [`Wal::restart_segment`] (after a checkpoint covering
    /// `next_lsn - 1`) first does the recovery the open could not, then heals as usual. A newer
    /// format version is still an error.
    pub fn open_or_degraded(
        dir: impl AsRef<Path>,
        options: WalOptions,
    ) -> Result<(Wal, RecoveryReport)> {
        Self::open_or_degraded_replaying(dir, options, &mut |_, _, _| Ok(()))
            .map(|(wal, report, _)| (wal, report))
    }

    /// [`Wal::open_or_degraded`] that hands every valid record from `min_next_lsn` on, in order, to
    /// `on_record` (with where it is) while it validates the log: a recovering caller replays the log in the same
    /// pass instead of reading it twice. An error from `on_record` fails the open before anything
    /// was modified. The `bool` is true when `on_record` saw every record exactly once; false when
    /// the WAL opened degraded (the records may have gone to `on_record` partly, or not at all:
    /// the caller must read them again, e.g. with [`for_each_from_on`]).
    pub fn open_or_degraded_replaying(
        dir: impl AsRef<Path>,
        options: WalOptions,
        on_record: OnRecord<'_>,
    ) -> Result<(Wal, RecoveryReport, bool)> {
        let dir = dir.as_ref().to_path_buf();
        Self::check_options(&options)?;
        let fs: Arc<dyn Fs> = match &options.failpoints {
            Some(fp) => Arc::new(FailFs::new(Arc::clone(&options.fs), Arc::clone(fp))),
            None => Arc::clone(&options.fs),
        };
        if let Err(e) = crate::fsutil::ensure_private_dir(&*fs, &dir) {
            tracing::warn!(error = %e, "cannot create the WAL directory");
        }
        let (writer, report, replayed) =
            writer::Writer::open_or_degraded(fs, &dir, options, on_record)?;
        Self::start(dir, writer, report).map(|(wal, report)| (wal, report, replayed))
    }

    fn check_options(options: &WalOptions) -> Result<()> {
        if options.segment_size < (SEGMENT_HEADER_LEN + RECORD_HEADER_LEN + 1) as u64 {
            return Err(Error::InvalidOptions(format!(
                "segment_size {} is too small",
                options.segment_size
            )));
        }
        if options.min_next_lsn == 0 {
            return Err(Error::InvalidOptions("min_next_lsn must be >= 1".into()));
        }
        Ok(())
    }

    fn start(
        dir: PathBuf,
        writer: writer::Writer,
        report: RecoveryReport,
    ) -> Result<(Wal, RecoveryReport)> {
        let shared = writer.shared();
        let health_hook = writer.health_hook();
        let (tx, rx) = mpsc::sync_channel(QUEUE_CAPACITY);
        let thread = std::thread::Builder::new()
            .name("ccmux-wal-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(|e| Error::io("spawn WAL writer thread for", &dir, e))?;
        Ok((
            Wal {
                dir,
                tx,
                // Like `appended_bytes`, counted from open.
                sent: std::sync::atomic::AtomicU64::new(0),
                shared,
                health_hook,
                thread: Some(thread),
            },
            report,
        ))
    }

    /// Calls `hook` (from the writer thread, so it must be quick and never block) each time the WAL
    /// turns degraded or healthy again, so that nobody needs to poll [`status`](Self::status).
    /// Replaces the previous hook.
    pub fn on_health_change(&self, hook: impl Fn() + Send + 'static) {
        self.health_hook.set(Box::new(hook));
    }

    /// The WAL directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Queue `payload` (1 byte ..= [`MAX_RECORD_SIZE`]). LSNs are assigned in
    /// arrival order. Blocks only when [`QUEUE_CAPACITY`] commands are waiting.
    pub fn append(&self, payload: Vec<u8>, durability: Durability) -> AppendTicket {
        if payload.is_empty() {
            return AppendTicket::ready(Err(Error::EmptyRecord));
        }
        if payload.len() > MAX_RECORD_SIZE {
            return AppendTicket::ready(Err(Error::RecordTooLarge {
                size: payload.len(),
                max: MAX_RECORD_SIZE,
            }));
        }
        let (ack, rx) = oneshot::channel();
        self.sent.fetch_add(
            framed_len(payload.len()),
            std::sync::atomic::Ordering::Relaxed,
        );
        // On a send error the ack is dropped with the command: the ticket
        // then resolves to `Closed`.
        let _ = self.tx.send(Cmd::Append {
            payload,
            durability,
            ack,
        });
        AppendTicket { rx }
    }

    /// Append and block until the requested durability is reached.
    pub fn append_blocking(&self, payload: Vec<u8>, durability: Durability) -> Result<Lsn> {
        self.append(payload, durability).wait()
    }

    /// Make everything written so far durable; returns the durable LSN.
    pub fn sync(&self) -> Result<Lsn> {
        self.call(|ack| Cmd::Sync { ack })
    }

    /// Ask for everything written so far to be made durable now, without waiting for it (a `Lazy`
    /// record otherwise waits up to `flush_interval`). Blocks only when [`QUEUE_CAPACITY`] commands
    /// are waiting; a failure shows in [`status`](Self::status) as it would for any sync.
    pub fn sync_soon(&self) {
        let (ack, _no_one_waits) = mpsc::sync_channel(1);
        let _ = self.tx.send(Cmd::Sync { ack });
    }

    /// Delete segments whose records all have LSN < `lsn` (never the active
    /// one), then fsync the directory. Returns the deleted paths.
    pub fn truncate_before(&self, lsn: Lsn) -> Result<Vec<PathBuf>> {
        self.call(|ack| Cmd::TruncateBefore { lsn, ack })
    }

    /// Leave the degraded state (or just start afresh): the caller has
    /// durably written a checkpoint covering every LSN up to
    /// `checkpoint_lsn`, which must be >= every LSN handed out so far.
    /// A new segment starts at `max(next_lsn, checkpoint_lsn + 1)`, then all
    /// older segments are deleted. Returns the new segment's first LSN.
    pub fn restart_segment(&self, checkpoint_lsn: Lsn) -> Result<Lsn> {
        self.call(|ack| Cmd::Restart {
            covered: checkpoint_lsn,
            ack,
        })
    }

    /// Current counters and state.
    pub fn status(&self) -> WalStatus {
        let mut st = self
            .shared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let sent = self.sent.load(std::sync::atomic::Ordering::Relaxed);
        st.queued_bytes = sent.saturating_sub(st.appended_bytes + st.refused_bytes);
        st
    }

    /// See [`WalStatus::bytes_since`].
    pub fn bytes_since(&self, lsn: Lsn) -> u64 {
        self.status().bytes_since(lsn)
    }

    /// Flush, fsync and stop the writer, reporting whether the final sync worked.
    pub fn close(mut self) -> Result<()> {
        let r = self.call(|ack| Cmd::Shutdown { ack: Some(ack) });
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        r
    }

    fn call<T>(&self, make: impl FnOnce(SyncSender<Result<T>>) -> Cmd) -> Result<T> {
        let (ack, rx) = mpsc::sync_channel(1);
        self.tx.send(make(ack)).map_err(|_| Error::Closed)?;
        rx.recv().unwrap_or(Err(Error::Closed))
    }
}

impl Drop for Wal {
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            let _ = self.tx.send(Cmd::Shutdown { ack: None });
            let _ = t.join();
        }
    }
}
