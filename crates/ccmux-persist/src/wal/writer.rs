//! The single writer thread: assigns LSNs, batches writes, group-commits
//! fsyncs, rolls segments, and turns degraded on the first IO failure.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::reader::{list_segments, RecoveryReport, SegmentFile};
use super::recovery::{recover, Seg};
use super::segment::{
    encode_header, encode_record, framed_len, segment_file_name, SEGMENT_HEADER_LEN,
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
    syncs: u64,
    last_lat: Option<Duration>,
    max_lat: Option<Duration>,
    shared: Arc<Mutex<WalStatus>>,
}

impl Writer {
    pub(crate) fn open(
        fs: Arc<dyn Fs>,
        dir: &Path,
        opts: WalOptions,
    ) -> Result<(Writer, RecoveryReport)> {
        let rec = recover(&*fs, dir, opts.min_next_lsn)?;
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

        let mut w = Writer {
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
            syncs: 0,
            last_lat: None,
            max_lat: None,
            shared: Arc::new(Mutex::new(WalStatus::default())),
        };
        let reuse = segs.last().is_some_and(|s| s.validated);
        let active = if reuse {
            let s = segs.pop().ok_or(Error::Closed)?;
            let active = w.reopen_segment(s)?;
            // A process killed between creating a segment and fsyncing the directory leaves an
            // entry only the page cache knows: records acknowledged in it would vanish with it.
            sync_dir(&*w.fs, dir)?;
            active
        } else {
            w.create_segment(next_lsn)?
        };
        w.closed = segs;
        w.active = Some(active);
        w.publish();
        Ok((w, report))
    }

    pub(crate) fn shared(&self) -> Arc<Mutex<WalStatus>> {
        Arc::clone(&self.shared)
    }

    fn reopen_segment(&self, s: Seg) -> Result<Active> {
        let file = self
            .fs
            .open(&s.path, OpenMode::Write)
            .ctx("open segment", &s.path)?;
        let len = file.len().ctx("stat segment", &s.path)?;
        let allocated = self.preallocate(&*file, &s.path, len);
        // What recovery read may only have been in the page cache.
        file.sync_all().ctx("fsync segment", &s.path)?;
        Ok(Active {
            file,
            first_lsn: s.first_lsn,
            path: s.path,
            written: s.len,
            allocated,
        })
    }

    fn create_segment(&self, first_lsn: Lsn) -> Result<Active> {
        let path = self.dir.join(segment_file_name(first_lsn));
        let file = self
            .fs
            .open(&path, OpenMode::Truncate(FILE_MODE))
            .ctx("create segment", &path)?;
        file.write_all_at(&encode_header(first_lsn), 0)
            .ctx("write segment header", &path)?;
        let allocated = self.preallocate(&*file, &path, SEGMENT_HEADER_LEN as u64);
        file.sync_all().ctx("fsync segment", &path)?;
        sync_dir(&*self.fs, &self.dir)?;
        Ok(Active {
            file,
            first_lsn,
            path,
            written: SEGMENT_HEADER_LEN as u64,
            allocated,
        })
    }

    /// Best effort: a filesystem without fallocate just grows the file.
    fn preallocate(&self, file: &dyn FsFile, path: &Path, len: u64) -> u64 {
        let want = self.opts.segment_size;
        if !self.opts.preallocate || len >= want {
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
        if let Some(r) = &self.degraded {
            let _ = ack.send(Err(Error::Degraded(r.clone())));
            return;
        }
        let framed = framed_len(payload.len());
        if self.must_roll(framed) {
            self.roll();
        }
        if self.active.is_none() {
            let r = self
                .degraded
                .clone()
                .unwrap_or_else(|| "no active segment".into());
            let _ = ack.send(Err(Error::Degraded(r)));
            return;
        }
        let lsn = self.next_lsn;
        let Some(after) = lsn.checked_add(1) else {
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
        used > SEGMENT_HEADER_LEN as u64 && used + framed > self.opts.segment_size
    }

    /// Make the active segment durable, trim its preallocation, start the next.
    fn roll(&mut self) {
        self.sync_now();
        if self.degraded.is_some() {
            return;
        }
        let Some(a) = self.active.take() else {
            return;
        };
        if a.allocated > a.written {
            let trimmed = a.file.set_len(a.written).and_then(|()| a.file.sync_all());
            if let Err(e) = trimmed {
                // The records are durable; zero fill after them is legal.
                tracing::warn!(path = %a.path.display(), error = %e, "could not trim a full segment");
            }
        }
        self.closed.push(a.seg());
        match self.create_segment(self.next_lsn) {
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
        if self.degraded.is_none() {
            self.sync_now();
        }
        let start = self.next_lsn.max(covered.saturating_add(1));
        if let Some(a) = self.active.take() {
            self.closed.push(a.seg());
        }
        let new = match self.create_segment(start) {
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
        for f in on_disk.into_iter().filter(|f| f.first_lsn != start) {
            if let Err(e) = self.fs.remove_file(&f.path) {
                if e.kind() != io::ErrorKind::NotFound {
                    tracing::warn!(path = %f.path.display(), error = %e, "could not delete an old segment");
                    keep.push(Seg {
                        first_lsn: f.first_lsn,
                        path: f.path,
                        len: 0,
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
            })
            .chain(self.active.as_ref().map(|a| SegmentInfo {
                first_lsn: a.first_lsn,
                bytes: a.written,
            }))
            .collect();
        let mut st = self.shared.lock().unwrap_or_else(|e| e.into_inner());
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
        };
    }
}
