//! The model-aware store the server uses: WAL records of changes and pane output, checkpoints with
//! scrollback files, recovery, status. Depends on the model only.

mod logged;
pub mod record;
mod recover;
pub mod scrollback;
pub mod snapshot;
pub mod v1;
pub mod v2;
pub mod v3;
pub mod v4;

pub use logged::LoggedOutput;
pub use record::Record;
pub use recover::{recover, recover_on, CheckpointUsed, PaneHistory, Recovered, MAX_REPLAY_BYTES};
pub use scrollback::SavedLine;
pub use snapshot::{PaneSnapshot, Snapshot};

use crate::checkpoint::{self, CheckpointInfo};
use crate::fs::{Fs, StdFs};
use crate::wal::{AppendTicket, Durability, FailPoints, Wal, WalOptions, WalStatus};
use crate::{fsutil, Lsn, Result, StateDir};
use ccmux_model::{Change, Model, PaneId};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Largest output chunk in one WAL record.
const OUTPUT_CHUNK: usize = 1 << 20;

/// Where the last `keep_lines` lines of `data` start (0 when it holds fewer): what
/// [`Store::log_output`] logs of a flood.
pub fn tail_start(data: &[u8], keep_lines: usize) -> usize {
    // The newline before the last `keep_lines` ones; memrchr reads a flood's tail a word at a time
    // (the flush looks at every pane's unlogged output twice per interval).
    memchr::memrchr_iter(b'\n', data)
        .nth(keep_lines)
        .map_or(0, |i| i + 1)
}

/// A pane's state captured for a checkpoint.
pub struct PaneCapture {
    pub pane: PaneId,
    pub output_offset: u64,
    /// `None` when scrollback persistence is off.
    pub lines: Option<Vec<SavedLine>>,
    /// The pane's encoded terminal state as of `output_offset` (`None`: not captured).
    pub term: Option<Vec<u8>>,
}

/// Where the last checkpoint left the WAL.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mark {
    pub lsn: Lsn,
    pub appended_bytes: u64,
    pub records: u64,
}

/// How the checkpoints written by this store went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckpointHealth {
    /// Checkpoints written since open.
    pub written: u64,
    /// When the last one was written (Unix ms).
    pub last_ok_ms: Option<u64>,
    /// Attempts that failed since the last one that worked.
    pub failures_in_a_row: u64,
    /// Why the last attempt failed, and when (Unix ms); cleared by a success.
    pub last_error: Option<(u64, String)>,
}

/// What `ccmux persistence status` shows.
#[derive(Debug)]
pub struct StoreStatus {
    pub root: PathBuf,
    pub checkpoints: Vec<CheckpointInfo>,
    pub wal: WalStatus,
    pub bytes_since_checkpoint: u64,
    pub records_since_checkpoint: u64,
    pub checkpoint_health: CheckpointHealth,
}

/// How [`Store::open_opts`] opens a store.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Upper bound between logging output and its fdatasync.
    pub flush_interval: Duration,
    /// WAL segment roll size.
    pub segment_size: u64,
    /// `fallocate` each new segment.
    pub preallocate: bool,
    /// Fault injection into the WAL's writes and fsyncs (tests).
    pub failpoints: Option<Arc<FailPoints>>,
    /// Where the files are (real files unless a test simulates the disk).
    pub fs: Arc<dyn Fs>,
    /// Leave the panes' logged output in the WAL's files ([`PaneHistory::logged`]) instead of
    /// copying it into memory while recovering: whoever replays a pane loads it then.
    pub output_later: bool,
}

impl StoreOptions {
    /// Real files and the WAL's defaults.
    pub fn new(flush_interval: Duration) -> Self {
        let wal = WalOptions::default();
        StoreOptions {
            flush_interval,
            segment_size: wal.segment_size,
            preallocate: wal.preallocate,
            failpoints: None,
            fs: Arc::new(StdFs),
            output_later: false,
        }
    }
}

pub struct Store {
    fs: Arc<dyn Fs>,
    dir: StateDir,
    wal: Wal,
    mark: Mutex<Mark>,
    /// One checkpoint at a time (two would share temp file names).
    writing: Mutex<()>,
    health: Mutex<CheckpointHealth>,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Store {
    /// Locks the state directory, recovers what it holds, and opens the WAL for appending.
    pub fn open(root: &Path, flush_interval: Duration) -> Result<(Store, Recovered)> {
        Self::open_with(root, flush_interval, None)
    }

    /// [`Store::open`] with fault injection (tests).
    pub fn open_with(
        root: &Path,
        flush_interval: Duration,
        failpoints: Option<Arc<FailPoints>>,
    ) -> Result<(Store, Recovered)> {
        Self::open_opts(
            root,
            StoreOptions {
                failpoints,
                ..StoreOptions::new(flush_interval)
            },
        )
    }

    /// [`Store::open`] with every option (another filesystem, segment size, fault injection).
    ///
    /// Reading the state never needs free space: when the WAL cannot be recovered or appended to
    /// for an IO reason (a full disk has no room to set a torn tail aside or to create a segment),
    /// the store opens *degraded* ([`Store::degraded`]) with the state read, and a checkpoint
    /// ([`Store::write_checkpoint`]) heals it once the disk allows.
    pub fn open_opts(root: &Path, opts: StoreOptions) -> Result<(Store, Recovered)> {
        let wal_fs = Arc::clone(&opts.fs);
        let fs: Arc<dyn Fs> = match &opts.failpoints {
            Some(fp) => Arc::new(crate::wal::FailFs::for_checkpoints(
                Arc::clone(&opts.fs),
                Arc::clone(fp),
            )),
            None => opts.fs,
        };
        let dir = StateDir::open_on(&*fs, root)?;
        // One pass over the log: the writer validates (and repairs) it and hands each record to the
        // replay as it goes.
        let (mut recovered, mut covered, (wal, replayed)) =
            recover::recover_with(&*fs, root, opts.output_later, |from, replay| {
                // What recovery started from must be durable before anything is built on it: a
                // process killed in `wipe` may have renamed the empty checkpoint in (or unlinked
                // it) without the directory fsync, and a power cut undoing that would bring back
                // the wiped sessions (or an empty checkpoint covering the LSNs acknowledged since).
                if crate::fs::exists(&*fs, &dir.checkpoints_dir()) {
                    fsutil::sync_dir(&*fs, &dir.checkpoints_dir())?;
                }
                let had_log = fs.metadata(&dir.wal_dir()).is_ok_and(|m| m.is_dir);
                let options = WalOptions {
                    flush_interval: opts.flush_interval,
                    segment_size: opts.segment_size,
                    preallocate: opts.preallocate,
                    min_next_lsn: from,
                    failpoints: opts.failpoints.clone(),
                    fs: Arc::clone(&wal_fs),
                };
                let (wal, report, replayed) =
                    Wal::open_or_degraded_replaying(dir.wal_dir(), options, replay)?;
                Ok((had_log.then_some(report), (wal, replayed)))
            })?;
        if !replayed {
            // The WAL opened degraded: its records may have been replayed partly, or not at all.
            // Read the state again, read-only, as it is on disk now.
            (recovered, covered) = recover::recover_covering(&*fs, root)?;
        }
        let status = wal.status();
        let mark = Mark {
            lsn: covered,
            appended_bytes: status.appended_bytes,
            records: status.records,
        };
        Ok((
            Store {
                fs,
                dir,
                wal,
                mark: Mutex::new(mark),
                writing: Mutex::new(()),
                health: Mutex::new(CheckpointHealth::default()),
            },
            recovered,
        ))
    }

    pub fn root(&self) -> &Path {
        self.dir.root()
    }

    /// Logs one command's changes; the ticket resolves once they are durable.
    pub fn log_changes(&self, changes: &[Change]) -> AppendTicket {
        let payload = record::encode_changes(changes);
        self.append(payload, Durability::Sync)
    }

    /// Logs pane output; durable within the WAL's flush interval. When `data` holds more than
    /// `keep_lines` lines, only its last `keep_lines` lines are logged (marked `fresh`): a flood's earlier
    /// lines could never be restored past the scrollback cap anyway.
    pub fn log_output(&self, pane: PaneId, offset: u64, data: &[u8], keep_lines: usize) {
        self.log_output_after(pane, offset, data, keep_lines, false);
    }

    /// [`Store::log_output`]; `dropped` says that output before `offset` was dropped unlogged (the
    /// record is then `fresh` in any case).
    pub fn log_output_after(
        &self,
        pane: PaneId,
        offset: u64,
        data: &[u8],
        keep_lines: usize,
        dropped: bool,
    ) {
        let skip = tail_start(data, keep_lines);
        self.log_output_tail(
            pane,
            offset + skip as u64,
            &data[skip..],
            skip > 0 || dropped,
        );
    }

    /// Logs pane output already cut to what a replay needs (the server cuts its panes' tails as it
    /// takes them, `tail_start` included): `fresh` says that output before `offset` is not logged.
    pub fn log_output_tail(&self, pane: PaneId, offset: u64, data: &[u8], fresh: bool) {
        let mut at = offset;
        let mut fresh = fresh;
        for chunk in data.chunks(OUTPUT_CHUNK) {
            let payload = record::encode_output(pane, at, fresh, chunk);
            drop(self.append(payload, Durability::Lazy));
            at += chunk.len() as u64;
            fresh = false;
        }
    }

    fn append(&self, payload: Result<Vec<u8>>, durability: Durability) -> AppendTicket {
        match payload {
            Ok(p) => self.wal.append(p, durability),
            // An encoding failure is reported through the ticket like any other failure.
            Err(_) => self.wal.append(Vec::new(), durability),
        }
    }

    /// Every record queued so far is written and durable; returns the last one's LSN. (The server takes
    /// a checkpoint's LSN with [`Store::last_lsn`] under its state lock, then waits here without it.)
    pub fn barrier(&self) -> Result<Lsn> {
        self.wal.sync()
    }

    /// Asks the WAL to make what it holds durable now, without waiting ([`Wal::sync_soon`]).
    pub fn sync_soon(&self) {
        self.wal.sync_soon()
    }

    /// The LSN of the last record handed out (also when degraded).
    pub fn last_lsn(&self) -> Lsn {
        self.wal.status().next_lsn.saturating_sub(1)
    }

    /// Writes a checkpoint covering LSNs `..= lsn`: scrollback files, then the checkpoint (each durable
    /// before the next step), then deletes what the kept checkpoints no longer need: every WAL segment
    /// holding only records the newest checkpoint covers (an older checkpoint is complete on its own,
    /// and a fallback to it restores its state), scrollback files no kept checkpoint names. When the
    /// WAL is degraded, a new segment then starts after `lsn` (which must cover every LSN handed out).
    /// Blocking: run it off the async runtime. The outcome shows in [`Store::status`].
    pub fn write_checkpoint(&self, lsn: Lsn, model: Model, panes: Vec<PaneCapture>) -> Result<()> {
        let _one_at_a_time = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let result = self.write_checkpoint_locked(lsn, model, panes);
        let mut h = self.health.lock().unwrap_or_else(|e| e.into_inner());
        match &result {
            Ok(()) => {
                h.written += 1;
                h.last_ok_ms = Some(now_ms());
                h.failures_in_a_row = 0;
                h.last_error = None;
            }
            Err(e) => {
                h.failures_in_a_row += 1;
                h.last_error = Some((now_ms(), e.to_string()));
            }
        }
        result
    }

    /// Records a checkpoint that failed before it reached [`Store::write_checkpoint`].
    pub fn checkpoint_failed(&self, why: &str) {
        let mut h = self.health.lock().unwrap_or_else(|e| e.into_inner());
        h.failures_in_a_row += 1;
        h.last_error = Some((now_ms(), why.to_string()));
    }

    fn write_checkpoint_locked(
        &self,
        lsn: Lsn,
        model: Model,
        panes: Vec<PaneCapture>,
    ) -> Result<()> {
        // The newest segment now: it holds, or comes before the one that holds, the records after
        // `lsn`; recovery reports it if it goes missing.
        let wal_segment = self.wal.status().segments.last().map_or(0, |s| s.first_lsn);
        let sb_dir = self.dir.scrollback_dir();
        let mut snap = Snapshot {
            model,
            panes: Vec::with_capacity(panes.len()),
        };
        for p in panes {
            let scrollback = match p.lines {
                Some(lines) => {
                    let name = scrollback::file_name(lsn, p.pane);
                    scrollback::write_on(&*self.fs, &sb_dir, &name, &lines)?;
                    Some(name)
                }
                None => None,
            };
            snap.panes.push(PaneSnapshot {
                pane: p.pane,
                output_offset: p.output_offset,
                scrollback,
                term: p.term,
            });
        }
        fsutil::sync_dir(&*self.fs, &sb_dir)?;
        let written = checkpoint::write_after_segment_on(
            &*self.fs,
            self.dir.checkpoints_dir(),
            lsn,
            wal_segment,
            &snapshot::encode(&snap)?,
        )?;
        let status = self.wal.status();
        *self.mark.lock().unwrap_or_else(|e| e.into_inner()) = Mark {
            lsn,
            appended_bytes: status.appended_bytes,
            records: status.records,
        };
        if status.degraded.is_some() {
            self.wal.restart_segment(lsn)?;
        } else {
            self.wal.truncate_before(lsn + 1)?;
        }
        self.remove_scrollback_before(written.oldest_kept_lsn);
        Ok(())
    }

    fn remove_scrollback_before(&self, lsn: Lsn) {
        let dir = self.dir.scrollback_dir();
        let Ok(names) = self.fs.read_dir(&dir) else {
            return;
        };
        for name in names {
            let name = name.to_string_lossy().into_owned();
            let stale =
                name.ends_with(".tmp") || scrollback::lsn_of(&name).is_some_and(|l| l < lsn);
            // Only files: a directory or a dangling symlink is not ours to delete.
            let file = self.fs.metadata(&dir.join(&name)).is_ok_and(|m| !m.is_dir);
            if stale && file {
                let _ = self.fs.remove_file(&dir.join(name));
            }
        }
        let _ = fsutil::sync_dir(&*self.fs, &dir);
    }

    /// Bytes logged since the last checkpoint.
    pub fn bytes_since_checkpoint(&self) -> u64 {
        let mark = *self.mark.lock().unwrap_or_else(|e| e.into_inner());
        self.wal
            .status()
            .appended_bytes
            .saturating_sub(mark.appended_bytes)
    }

    pub fn degraded(&self) -> Option<String> {
        self.wal.status().degraded
    }

    /// Calls `hook` each time the WAL turns degraded or healthy (see `Wal::on_health_change`).
    pub fn on_health_change(&self, hook: impl Fn() + Send + 'static) {
        self.wal.on_health_change(hook);
    }

    pub fn status(&self) -> StoreStatus {
        let mark = *self.mark.lock().unwrap_or_else(|e| e.into_inner());
        let wal = self.wal.status();
        StoreStatus {
            root: self.dir.root().to_path_buf(),
            checkpoints: checkpoint::list_on(&*self.fs, self.dir.checkpoints_dir())
                .unwrap_or_default(),
            bytes_since_checkpoint: wal.appended_bytes.saturating_sub(mark.appended_bytes),
            records_since_checkpoint: wal.records.saturating_sub(mark.records),
            wal,
            checkpoint_health: self
                .health
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        }
    }

    /// Bytes the WAL's segment files take on disk now (preallocation included).
    pub fn wal_disk_bytes(&self) -> u64 {
        self.wal.status().disk_bytes()
    }

    /// An upper bound of what the WAL's segment files will take once every record handed to it so
    /// far is written: [`Store::wal_disk_bytes`] plus the records still queued for the writer.
    pub fn wal_disk_bytes_soon(&self) -> u64 {
        let st = self.wal.status();
        st.disk_bytes() + st.queued_bytes
    }

    /// Nothing is left to recover (the last session ended, or kill-server): closes the WAL and deletes
    /// every checkpoint, segment and scrollback file, so no later start recovers old sessions.
    ///
    /// Crash-atomic: first an empty checkpoint covering every LSN handed out is made durable (one
    /// rename), so that a crash at any later point recovers nothing (a fresh start) rather than an old
    /// checkpoint without the WAL after it; that checkpoint is deleted last.
    pub fn wipe(self) -> Result<()> {
        let Store { fs, dir, wal, .. } = self;
        let last = wal.status().next_lsn.saturating_sub(1);
        wal.close()?;
        let empty = snapshot::encode(&Snapshot::default())?;
        let marker = checkpoint::write_on(&*fs, dir.checkpoints_dir(), last, &empty)?.path;
        let mut all_gone = true;
        for sub in [dir.wal_dir(), dir.scrollback_dir(), dir.checkpoints_dir()] {
            let names = fs.read_dir(&sub).unwrap_or_else(|e| {
                tracing::warn!(dir = %sub.display(), error = %e, "could not list saved files");
                all_gone = false;
                Vec::new()
            });
            for path in names.into_iter().map(|n| sub.join(n)) {
                if path == marker {
                    continue;
                }
                if !fs.metadata(&path).is_ok_and(|m| !m.is_dir) {
                    // A directory or a dangling symlink: never ours to delete.
                    tracing::warn!(path = %path.display(), "left alone: not a file");
                    all_gone = false;
                    continue;
                }
                if fs.remove_file(&path).is_err() {
                    tracing::warn!(path = %path.display(), "could not delete a saved file");
                    all_gone = false;
                }
            }
            fsutil::sync_dir(&*fs, &sub)?;
        }
        // Only once nothing older can take its place as the newest checkpoint.
        if all_gone {
            let _ = fs.remove_file(&marker);
            fsutil::sync_dir(&*fs, &dir.checkpoints_dir())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tail_start_keeps_the_last_lines() {
        assert_eq!(super::tail_start(b"a\nb\nc\n", 5), 0);
        assert_eq!(super::tail_start(b"a\nb\nc\n", 2), 2);
        assert_eq!(
            super::tail_start(b"a\nb\nc", 1),
            2,
            "the unfinished line comes along"
        );
        assert_eq!(super::tail_start(b"", 1), 0);
        assert_eq!(super::tail_start(b"a\nb\n", 0), 4, "no line kept");
    }

    #[test]
    fn tail_start_agrees_with_counting_bytes() {
        // The byte-at-a-time count it replaced, on lines of every length around the word sizes.
        fn counted(data: &[u8], keep_lines: usize) -> usize {
            let mut newlines = 0;
            for (i, b) in data.iter().enumerate().rev() {
                if *b == b'\n' {
                    newlines += 1;
                    if newlines > keep_lines {
                        return i + 1;
                    }
                }
            }
            0
        }
        let mut data = Vec::new();
        for n in 0..200usize {
            data.extend(std::iter::repeat_n(b'x', n % 67));
            data.push(b'\n');
        }
        data.extend_from_slice(b"unfinished");
        for keep in [0, 1, 2, 63, 64, 65, 199, 200, 201, 1000] {
            for cut in [0, 1, 7, 64, 65, 1000, data.len()] {
                let part = &data[..cut.min(data.len())];
                assert_eq!(
                    super::tail_start(part, keep),
                    counted(part, keep),
                    "keep {keep}, cut {cut}"
                );
            }
        }
    }
}
