//! The single writer thread: assigns LSNs, batches writes, group-commits
//! fsyncs, rolls segments, and turns degraded on the first IO failure.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::reader::{list_segments, scan, RecoveryReport, SegmentFile};
use super::recovery::{recover, OnRecord, Seg};
use super::segment::{
    check_not_future, encode_header, encode_record, framed_len, segment_file_name,
    SEGMENT_HEADER_LEN,
};
use super::{Durability, SegmentInfo, WalOptions, WalStatus};
use crate::error::{Error, IoContext, Result};
use crate::fs::{Fs, FsFile, OpenMode};
use crate::fsutil::{sync_dir, FILE_MODE};
use crate::Lsn;

/// Commands processed in one batch before writing and syncing.
const MAX_BATCH_CMDS: usize = 4096;
/// Buffered bytes that force a write in the middle of a batch.
const FLUSH_THRESHOLD: usize = 1 << 20;
/// Written bytes that end a batch (bounds the latency of its Sync appends).
const MAX_BATCH_BYTES: u64 = 32 << 20;

type Ack = oneshot::Sender<Result<Lsn>>;

pub(crate) enum Cmd {
    Append {
        payload: Vec<u8>,
        durability: Durability,
        ack: Ack,
    },
    Sync {
        ack: SyncSender<Result<Lsn>>,
    },
    TruncateBefore {
        lsn: Lsn,
        ack: SyncSender<Result<Vec<PathBuf>>>,
    },
    Restart {
        covered: Lsn,
        ack: SyncSender<Result<Lsn>>,
    },
    Shutdown {
        ack: Option<SyncSender<Result<()>>>,
    },
}

struct Active {
    file: Box<dyn FsFile>,
    first_lsn: Lsn,
    path: PathBuf,
    /// Bytes before the first record (a reused v1 segment's header is shorter).
    header_len: u64,
    /// Header plus records written to the file.
    written: u64,
    /// File size (>= written when preallocated).
    allocated: u64,
}

impl Active {
    fn seg(&self) -> Seg {
        Seg {
            first_lsn: self.first_lsn,
            path: self.path.clone(),
            len: self.written,
            on_disk: self.allocated.max(self.written),
            validated: true,
        }
    }
}

pub(crate) struct Writer {
    /// Failure injection included (`opts.failpoints`).
    fs: Arc<dyn Fs>,
    dir: PathBuf,
    opts: WalOptions,
    /// Segments before the active one, oldest first.
    closed: Vec<Seg>,
    active: Option<Active>,
    next_lsn: Lsn,
    written_lsn: Lsn,
    durable_lsn: Lsn,
    degraded: Option<String>,
    buf: Vec<u8>,
    buf_last_lsn: Lsn,
    /// Resolved once written.
    lazy_acks: Vec<(Lsn, Ack)>,
    /// Resolved once fsynced.
    sync_acks: Vec<(Lsn, Ack)>,
    /// Written but not yet fsynced since.
    dirty_since: Option<Instant>,
    records: u64,
    appended_bytes: u64,
    refused_bytes: u64,
    syncs: u64,
    last_lat: Option<Duration>,
    max_lat: Option<Duration>,
    shared: Arc<Mutex<WalStatus>>,
    /// Called whenever the WAL turns degraded or healthy (see [`Wal::on_health_change`]).
    health_hook: HealthHook,
    /// The directory could not be recovered at open (no space to set a torn tail aside, a
    /// directory we cannot write): nothing was appended, the writer is degraded, and `restart`
    /// recovers the directory first.
    unopened: bool,
}

impl Writer {
    /// [`Writer::open`], or, when recovering the directory fails for an IO reason, a degraded
    /// writer that has touched nothing more: the caller serves the state it read (read-only) and
    /// heals with a checkpoint and `restart` once the disk allows.
    pub(crate) fn open_or_degraded(
        fs: Arc<dyn Fs>,
        dir: &Path,
        opts: WalOptions,
        on_record: OnRecord<'_>,
    ) -> Result<(Writer, RecoveryReport, bool)> {
        let e = match Self::open(Arc::clone(&fs), dir, opts.clone(), on_record) {
            Ok((w, report)) => return Ok((w, report, true)),
            Err(e @ Error::Io { .. }) => e,
            Err(e) => return Err(e),
        };
        let scanned = scan::<Error, _>(&*fs, dir, opts.min_next_lsn, |_, _, _| Ok(()))?;
        let report = scanned.report(&*fs);
        // Every readable segment up to where the log stops (its damage is dealt with at restart),
        // but one whose header is unusable (recovery will remove it).
        let closed = scanned
            .files
            .iter()
            .enumerate()
            .take(scanned.first_unusable())
            .filter(|(i, _)| {
                i.checked_sub(scanned.start)
                    .and_then(|k| scanned.parsed.get(k))
                    .is_none_or(|p| p.valid_len > 0)
            })
            .map(|(_, f)| {
                let len = fs.metadata(&f.path).map(|m| m.len).unwrap_or(0);
                Seg {
                    first_lsn: f.first_lsn,
                    path: f.path.clone(),
                    len,
                    on_disk: len,
                    validated: false,
                }
            })
            .collect();
        let next_lsn = report.next_lsn.max(opts.min_next_lsn);
        let reason = format!("the WAL could not be opened: {e}");
        tracing::error!(%reason, next_lsn, "WAL degraded from the start");
        let mut w = Writer::new(fs, dir, opts, next_lsn);
        w.closed = closed;
        w.degraded = Some(reason);
        w.unopened = true;
        w.publish();
        // The records went to `on_record` (if at all) in an attempt that failed: not all, or not once.
        Ok((w, report, false))
    }

    fn new(fs: Arc<dyn Fs>, dir: &Path, opts: WalOptions, next_lsn: Lsn) -> Writer {
        Writer {
            fs,
            dir: dir.to_path_buf(),
            opts,
            closed: Vec::new(),
            active: None,
            next_lsn,
            written_lsn: next_lsn - 1,
            durable_lsn: next_lsn - 1,
            degraded: None,
            buf: Vec::new(),
            buf_last_lsn: 0,
            lazy_acks: Vec::new(),
            sync_acks: Vec::new(),
            dirty_since: None,
            records: 0,
            appended_bytes: 0,
            refused_bytes: 0,
            syncs: 0,
            last_lat: None,
            max_lat: None,
            shared: Arc::new(Mutex::new(WalStatus::default())),
            health_hook: HealthHook::default(),
            unopened: false,
        }
    }

    pub(crate) fn open(
        fs: Arc<dyn Fs>,
        dir: &Path,
        opts: WalOptions,
        on_record: OnRecord<'_>,
    ) -> Result<(Writer, RecoveryReport)> {
        let (w, report) = Self::open_state(fs, dir, opts, on_record)?;
        let mut w = Writer::new(w.fs, dir, w.opts, w.next_lsn).with(w.closed, w.active);
        w.publish();
        Ok((w, report))
    }

    fn with(mut self, closed: Vec<Seg>, active: Option<Active>) -> Writer {
        self.closed = closed;
        self.active = active;
        self
    }

    /// Recovers the directory and finds (or creates) the segment to append to.
    fn open_state(
        fs: Arc<dyn Fs>,
        dir: &Path,
        opts: WalOptions,
        on_record: OnRecord<'_>,
    ) -> Result<(Opened, RecoveryReport)> {
        remove_stray_temp_files(&*fs, dir);
        let rec = recover(&*fs, dir, opts.min_next_lsn, on_record)?;
        let mut report = rec.report;
        let mut segs = rec.segments;
        let mut next_lsn = rec.next_lsn;
        if next_lsn < opts.min_next_lsn {
            // The log ends before the caller's checkpoint: everything in it
            // is covered. Remove it so that the new segment does not leave
            // a gap behind an older one.
            for s in segs.drain(..) {
                match fs.remove_file(&s.path) {
                    Ok(()) => report.deleted_covered.push(s.path),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io("remove covered segment", &s.path, e)),
                }
            }
            sync_dir(&*fs, dir)?;
            tracing::warn!(
                wal_next = next_lsn,
                min_next_lsn = opts.min_next_lsn,
                "WAL ends before the checkpoint; starting a new segment after it"
            );
            next_lsn = opts.min_next_lsn;
        }

        let mut w = Opened {
            fs,
            opts,
            closed: Vec::new(),
            active: None,
            next_lsn,
        };
        let reuse = segs.last().is_some_and(|s| s.validated);
        let active = if reuse {
            let s = segs.pop().ok_or(Error::Closed)?;
            let active = reopen_segment(&*w.fs, &w.opts, s)?;
            // A process killed between creating a segment and fsyncing the directory leaves an
            // entry only the page cache knows: records acknowledged in it would vanish with it.
            sync_dir(&*w.fs, dir)?;
            active
        } else {
            create_segment(&*w.fs, dir, &w.opts, next_lsn)?
        };
        w.closed = segs;
        w.active = Some(active);
        Ok((w, report))
    }

    pub(crate) fn shared(&self) -> Arc<Mutex<WalStatus>> {
        Arc::clone(&self.shared)
    }

    pub(crate) fn health_hook(&self) -> HealthHook {
        self.health_hook.clone()
    }

    pub(crate) fn run(mut self, rx: Receiver<Cmd>) {
        let mut shutdown_ack = None;
        let mut stop = false;
        while !stop {
            let first = match self.deadline() {
                None => match rx.recv() {
                    Ok(c) => Some(c),
                    Err(_) => {
                        stop = true;
                        None
                    }
                },
                Some(d) => match rx.recv_timeout(d.saturating_duration_since(Instant::now())) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => {
                        stop = true;
                        None
                    }
                },
            };
            let mut need_sync = false;
            let mut waiters = Vec::new();
            let mut next = first;
            let mut n = 0;
            let batch_start = self.appended_bytes;
            while let Some(cmd) = next.take() {
                match cmd {
                    Cmd::Append {
                        payload,
                        durability,
                        ack,
                    } => self.on_append(payload, durability, ack, &mut need_sync),
                    Cmd::Sync { ack } => {
                        need_sync = true;
                        waiters.push(ack);
                    }
                    Cmd::TruncateBefore { lsn, ack } => {
                        let r = self.truncate_before(lsn);
                        self.publish();
                        let _ = ack.send(r);
                    }
                    Cmd::Restart { covered, ack } => {
                        let r = self.restart(covered);
                        self.publish();
                        let _ = ack.send(r);
                    }
                    Cmd::Shutdown { ack } => {
                        shutdown_ack = ack;
                        stop = true;
                    }
                }
                n += 1;
                if stop
                    || n >= MAX_BATCH_CMDS
                    || self.appended_bytes - batch_start >= MAX_BATCH_BYTES
                {
                    break;
                }
                next = rx.try_recv().ok();
            }
            self.flush();
            let lazy_due = self.deadline().is_some_and(|d| Instant::now() >= d);
            if need_sync || lazy_due || stop {
                self.sync_now();
            }
            self.publish();
            for w in waiters {
                let _ = w.send(self.sync_result());
            }
        }
        if let Some(ack) = shutdown_ack {
            let _ = ack.send(self.sync_result().map(|_| ()));
        }
    }

    /// When lazily written data must be fsynced.
    fn deadline(&self) -> Option<Instant> {
        self.dirty_since.map(|t| t + self.opts.flush_interval)
    }

    fn sync_result(&self) -> Result<Lsn> {
        match &self.degraded {
            Some(r) => Err(Error::Degraded(r.clone())),
            None => Ok(self.durable_lsn),
        }
    }

    fn on_append(
        &mut self,
        payload: Vec<u8>,
        durability: Durability,
        ack: Ack,
        need_sync: &mut bool,
    ) {
        let framed = framed_len(payload.len());
        if let Some(r) = &self.degraded {
            self.refused_bytes += framed;
            let _ = ack.send(Err(Error::Degraded(r.clone())));
            return;
        }
        if self.must_roll(framed) {
            self.roll();
        }
        if self.active.is_none() {
            self.refused_bytes += framed;
            let r = self
                .degraded
                .clone()
                .unwrap_or_else(|| "no active segment".into());
            let _ = ack.send(Err(Error::Degraded(r)));
            return;
        }
        let lsn = self.next_lsn;
        let Some(after) = lsn.checked_add(1) else {
            self.refused_bytes += framed;
            let _ = ack.send(Err(Error::Degraded("LSN space exhausted".into())));
            return;
        };
        encode_record(&mut self.buf, lsn, &payload);
        self.next_lsn = after;
        self.buf_last_lsn = lsn;
        self.records += 1;
        self.appended_bytes += framed;
        match durability {
            Durability::Sync => {
                self.sync_acks.push((lsn, ack));
                *need_sync = true;
            }
            Durability::Lazy => self.lazy_acks.push((lsn, ack)),
        }
        if self.buf.len() >= FLUSH_THRESHOLD {
            self.flush();
        }
    }

    fn must_roll(&self, framed: u64) -> bool {
        let Some(a) = &self.active else {
            return false;
        };
        let used = a.written + self.buf.len() as u64;
        used > a.header_len && used + framed > self.opts.segment_size
    }

    /// Make the active segment durable, start the next, then trim the old one's preallocation
    /// (only once the new one is durable: a trimmed segment without a successor would look cut).
    fn roll(&mut self) {
        self.sync_now();
        if self.degraded.is_some() {
            return;
        }
        let Some(a) = self.active.take() else {
            return;
        };
        let new = create_segment(&*self.fs, &self.dir, &self.opts, self.next_lsn);
        let mut seg = a.seg();
        if a.allocated > a.written && new.is_ok() {
            match a.file.set_len(a.written).and_then(|()| a.file.sync_all()) {
                Ok(()) => seg.on_disk = a.written,
                // The records are durable; zero fill after them is legal.
                Err(e) => {
                    tracing::warn!(path = %a.path.display(), error = %e, "could not trim a full segment")
                }
            }
        }
        self.closed.push(seg);
        match new {
            Ok(n) => self.active = Some(n),
            Err(e) => self.degrade(format!("rolling to a new segment: {e}")),
        }
    }

    /// Write the buffered records; resolves `Lazy` tickets.
    fn flush(&mut self) {
        if self.buf.is_empty() || self.degraded.is_some() {
            return;
        }
        let Some(a) = &mut self.active else {
            self.degrade("no active segment".into());
            return;
        };
        match a.file.write_all_at(&self.buf, a.written) {
            Ok(()) => {
                a.written += self.buf.len() as u64;
                a.allocated = a.allocated.max(a.written);
                self.buf.clear();
                self.written_lsn = self.buf_last_lsn;
                self.dirty_since.get_or_insert_with(Instant::now);
                self.publish();
                for (lsn, ack) in self.lazy_acks.drain(..) {
                    let _ = ack.send(Ok(lsn));
                }
            }
            Err(e) => {
                let reason = format!("write {}: {e}", a.path.display());
                self.degrade(reason);
            }
        }
    }

    /// Write and fdatasync everything pending; resolves `Sync` tickets.
    fn sync_now(&mut self) {
        self.flush();
        if self.degraded.is_some() || (self.dirty_since.is_none() && self.sync_acks.is_empty()) {
            return;
        }
        let Some(a) = &self.active else {
            self.degrade("no active segment".into());
            return;
        };
        let t = Instant::now();
        match a.file.sync_data() {
            Ok(()) => {
                let lat = t.elapsed();
                self.last_lat = Some(lat);
                self.max_lat = Some(self.max_lat.map_or(lat, |m| m.max(lat)));
                self.syncs += 1;
                self.durable_lsn = self.written_lsn;
                self.dirty_since = None;
                self.publish();
                for (lsn, ack) in self.sync_acks.drain(..) {
                    let _ = ack.send(Ok(lsn));
                }
            }
            Err(e) => {
                let reason = format!("fdatasync {}: {e}", a.path.display());
                self.degrade(reason);
            }
        }
    }

    /// Stop trusting anything not yet fsynced: fail every pending ticket and
    /// refuse appends until `restart`. The file is never fsynced again (after
    /// a failed fsync the kernel may have dropped the dirty pages).
    fn degrade(&mut self, reason: String) {
        if self.degraded.is_none() {
            tracing::error!(%reason, durable_lsn = self.durable_lsn, "WAL degraded");
            self.degraded = Some(reason);
        }
        let r = self.degraded.clone().unwrap_or_default();
        self.buf.clear();
        let failed: Vec<_> = self
            .lazy_acks
            .drain(..)
            .chain(self.sync_acks.drain(..))
            .collect();
        self.dirty_since = None;
        if let Some(a) = self.active.take() {
            self.closed.push(a.seg());
        }
        self.publish();
        for (_, ack) in failed {
            let _ = ack.send(Err(Error::Degraded(r.clone())));
        }
    }

    fn truncate_before(&mut self, lsn: Lsn) -> Result<Vec<PathBuf>> {
        let mut removed = Vec::new();
        let mut result = Ok(());
        while !self.closed.is_empty() {
            let successor = self
                .closed
                .get(1)
                .map(|s| s.first_lsn)
                .or(self.active.as_ref().map(|a| a.first_lsn));
            if successor.is_none_or(|f| f > lsn) {
                break;
            }
            let s = self.closed.remove(0);
            match self.fs.remove_file(&s.path) {
                Ok(()) => removed.push(s.path),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    result = Err(Error::io("remove segment", &s.path, e));
                    self.closed.insert(0, s);
                    break;
                }
            }
        }
        if !removed.is_empty() {
            sync_dir(&*self.fs, &self.dir)?;
        }
        result.map(|()| removed)
    }

    fn restart(&mut self, covered: Lsn) -> Result<Lsn> {
        let last_assigned = self.next_lsn - 1;
        if covered < last_assigned {
            return Err(Error::CheckpointBehind {
                checkpoint: covered,
                last_assigned,
            });
        }
        if self.unopened {
            // First the recovery the open could not do (a torn tail set aside and cut, damaged
            // segments renamed): nothing found on disk is dropped unseen.
            let opts = WalOptions {
                min_next_lsn: self.opts.min_next_lsn.max(covered.saturating_add(1)),
                ..self.opts.clone()
            };
            let (w, report) = match Self::open_state(
                Arc::clone(&self.fs),
                &self.dir,
                opts,
                &mut |_, _, _| Ok(()),
            ) {
                Ok(w) => w,
                Err(e) => {
                    tracing::warn!(error = %e, "the WAL still cannot be opened");
                    return Err(e);
                }
            };
            tracing::info!(%report, "WAL directory recovered after a degraded start");
            self.unopened = false;
            self.closed = w.closed;
            self.active = w.active;
            self.next_lsn = self.next_lsn.max(w.next_lsn);
        }
        if self.degraded.is_none() {
            self.sync_now();
        }
        let start = self.next_lsn.max(covered.saturating_add(1));
        if let Some(a) = self.active.take() {
            self.closed.push(a.seg());
        }
        let new = match create_segment(&*self.fs, &self.dir, &self.opts, start) {
            Ok(n) => n,
            Err(e) => {
                self.degrade(format!("restarting the WAL: {e}"));
                return Err(e);
            }
        };
        // Everything before `start` is covered by the caller's checkpoint.
        // The new segment is durable first, so a crash here leaves covered
        // segments that the next open skips (min_next_lsn) and can delete.
        let mut keep = Vec::new();
        let on_disk = match list_segments(&*self.fs, &self.dir) {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(error = %e, "could not list the WAL directory after restart");
                self.closed
                    .iter()
                    .map(|s| SegmentFile {
                        path: s.path.clone(),
                        first_lsn: s.first_lsn,
                    })
                    .collect()
            }
        };
        let old = on_disk
            .into_iter()
            .filter(|f| f.first_lsn != start && readable_segment(&*self.fs, f));
        for f in old {
            if let Err(e) = self.fs.remove_file(&f.path) {
                if e.kind() != io::ErrorKind::NotFound {
                    tracing::warn!(path = %f.path.display(), error = %e, "could not delete an old segment");
                    let len = self.fs.metadata(&f.path).map_or(0, |m| m.len);
                    keep.push(Seg {
                        first_lsn: f.first_lsn,
                        path: f.path,
                        len,
                        on_disk: len,
                        validated: false,
                    });
                }
            }
        }
        if let Err(e) = sync_dir(&*self.fs, &self.dir) {
            tracing::warn!(error = %e, "fsync of the WAL directory failed after restart");
        }
        self.closed = keep;
        self.active = Some(new);
        self.next_lsn = start;
        self.written_lsn = start - 1;
        self.durable_lsn = start - 1;
        self.dirty_since = None;
        if let Some(r) = self.degraded.take() {
            tracing::info!(previous = %r, start, "WAL restarted after degradation");
        }
        Ok(start)
    }

    fn publish(&mut self) {
        let segments = self
            .closed
            .iter()
            .map(|s| SegmentInfo {
                first_lsn: s.first_lsn,
                bytes: s.len,
                disk_bytes: s.on_disk,
            })
            .chain(self.active.as_ref().map(|a| SegmentInfo {
                first_lsn: a.first_lsn,
                bytes: a.written,
                disk_bytes: a.allocated.max(a.written),
            }))
            .collect();
        let mut st = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        let was_degraded = st.degraded.is_some();
        *st = WalStatus {
            degraded: self.degraded.clone(),
            next_lsn: self.next_lsn,
            written_lsn: self.written_lsn,
            durable_lsn: self.durable_lsn,
            records: self.records,
            appended_bytes: self.appended_bytes,
            syncs: self.syncs,
            last_fsync_latency: self.last_lat,
            max_fsync_latency: self.max_lat,
            segments,
            queued_bytes: 0,
            refused_bytes: self.refused_bytes,
        };
        drop(st);
        if was_degraded != self.degraded.is_some() {
            self.health_hook.call();
        }
    }
}

/// What to call when the WAL's health changes: set by the owner, called by the writer thread.
#[derive(Clone, Default)]
pub(crate) struct HealthHook(Arc<Mutex<Option<Hook>>>);

type Hook = Box<dyn Fn() + Send>;

impl HealthHook {
    pub(crate) fn set(&self, hook: Hook) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(hook);
    }

    fn call(&self) {
        if let Some(hook) = self.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            hook();
        }
    }
}

/// What [`Writer::open_state`] found: the segments to keep and the one to append to.
struct Opened {
    fs: Arc<dyn Fs>,
    opts: WalOptions,
    closed: Vec<Seg>,
    active: Option<Active>,
    next_lsn: Lsn,
}

/// Suffix of a segment being created (renamed to its name once its header and length are durable).
const TEMP_SUFFIX: &str = ".tmp";

/// Removes `<segment>.tmp` files a crash left behind (never named like a segment, never read).
fn remove_stray_temp_files(fs: &dyn Fs, dir: &Path) {
    let Ok(names) = fs.read_dir(dir) else {
        return;
    };
    let mut removed = false;
    for name in names {
        let Some(name) = name.to_str() else { continue };
        let stray = name
            .strip_suffix(TEMP_SUFFIX)
            .is_some_and(|n| super::segment::parse_segment_name(n).is_some());
        let path = dir.join(name);
        if stray && fs.metadata(&path).is_ok_and(|m| !m.is_dir) && fs.remove_file(&path).is_ok() {
            removed = true;
        }
    }
    if removed {
        let _ = sync_dir(fs, dir);
    }
}

/// Opens a recovered segment for appending. A v2 segment gets back the length it declares (a
/// recovery that cut it, or a roll that trimmed it, left it shorter), so that it never looks cut;
/// a v1 segment is preallocated as before (best effort).
fn reopen_segment(fs: &dyn Fs, opts: &WalOptions, s: Seg) -> Result<Active> {
    let file = fs
        .open(&s.path, OpenMode::Write)
        .ctx("open segment", &s.path)?;
    let len = file.len().ctx("stat segment", &s.path)?;
    let mut h = Vec::new();
    {
        let reader = fs
            .open(&s.path, OpenMode::Read)
            .ctx("open segment", &s.path)?;
        let mut r = crate::fs::FileReader::new(&*reader, 0);
        let mut buf = [0u8; SEGMENT_HEADER_LEN];
        let n = crate::fsutil::read_up_to(&mut r, &mut buf).ctx("read segment", &s.path)?;
        h.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    let header = match super::segment::check_header(&h, s.first_lsn) {
        super::segment::HeaderCheck::Ok(header) => header,
        _ => {
            return Err(Error::Damaged {
                path: s.path,
                why: "segment header changed since recovery".into(),
            })
        }
    };
    let allocated = if header.declared_len > 0 {
        if len < header.declared_len {
            extend(&*file, &s.path, header.declared_len)?;
        }
        len.max(header.declared_len)
    } else {
        preallocate(&*file, opts, &s.path, len)
    };
    // What recovery read may only have been in the page cache.
    file.sync_all().ctx("fsync segment", &s.path)?;
    Ok(Active {
        file,
        first_lsn: s.first_lsn,
        path: s.path,
        header_len: header.len,
        written: s.len,
        allocated,
    })
}

/// Grows a file to `len` bytes of zeros: allocated if the filesystem can, else as a hole.
fn extend(file: &dyn FsFile, path: &Path, len: u64) -> Result<()> {
    if let Err(e) = file.allocate(len) {
        tracing::debug!(path = %path.display(), error = %e, "fallocate failed; extending the segment sparse");
        file.set_len(len).ctx("extend segment", path)?;
    }
    Ok(())
}

/// Creates the segment starting at `first_lsn`: written as `<name>.tmp` (header, then its full
/// declared length), fsynced, renamed, directory fsynced. So a segment is never seen shorter than
/// it declares unless something cut it.
fn create_segment(fs: &dyn Fs, dir: &Path, opts: &WalOptions, first_lsn: Lsn) -> Result<Active> {
    let path = dir.join(segment_file_name(first_lsn));
    let tmp = dir.join(format!("{}{TEMP_SUFFIX}", segment_file_name(first_lsn)));
    let file = fs
        .open(&tmp, OpenMode::Truncate(FILE_MODE))
        .ctx("create segment", &tmp)?;
    let declared = if opts.preallocate {
        opts.segment_size
    } else {
        0
    };
    file.write_all_at(&encode_header(first_lsn, declared), 0)
        .ctx("write segment header", &tmp)?;
    let header_len = SEGMENT_HEADER_LEN as u64;
    let allocated = if declared > header_len {
        extend(&*file, &tmp, declared)?;
        declared
    } else {
        header_len
    };
    file.sync_all().ctx("fsync segment", &tmp)?;
    fs.rename(&tmp, &path).ctx("rename segment", &tmp)?;
    sync_dir(fs, dir)?;
    Ok(Active {
        file,
        first_lsn,
        path,
        header_len,
        written: header_len,
        allocated,
    })
}

/// Best effort (v1 segments): a filesystem without fallocate just grows the file.
fn preallocate(file: &dyn FsFile, opts: &WalOptions, path: &Path, len: u64) -> u64 {
    let want = opts.segment_size;
    if !opts.preallocate || len >= want {
        return len;
    }
    match file.allocate(want) {
        Ok(()) => want,
        Err(e) => {
            tracing::debug!(path = %path.display(), error = %e, "segment preallocation failed");
            len
        }
    }
}

/// Whether a file named like a segment can be read (a directory or dangling symlink cannot): only
/// those are ever deleted.
fn readable_segment(fs: &dyn Fs, f: &SegmentFile) -> bool {
    check_not_future(fs, &f.path, f.first_lsn).is_ok()
}
