//! Rebuilding the state from disk, read-only: the newest valid checkpoint, then every WAL record after it.
//! Used by the server at start and by `ccmux persistence inspect` (which never modifies a file).

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::{record, scrollback, snapshot, LoggedOutput, SavedLine};
use crate::fs::{Fs, StdFs};
use crate::wal::RecordAt;
use crate::{checkpoint, wal, Lsn, Result};
use ccmux_model::{Model, PaneId};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Output kept per pane for replay; older bytes beyond this are dropped (the scrollback cap makes them
/// invisible anyway).
pub const MAX_REPLAY_BYTES: usize = 8 << 20;

/// What recovery rebuilt.
#[derive(Debug, Default)]
pub struct Recovered {
    pub model: Model,
    /// Each live pane's saved lines and the output it produced after them.
    pub panes: BTreeMap<PaneId, PaneHistory>,
    pub checkpoint: Option<CheckpointUsed>,
    /// The last WAL record replayed (or the checkpoint's LSN).
    pub last_lsn: Lsn,
    pub records_replayed: u64,
    /// Everything that did not hold: damaged files, dropped bytes, changes that failed, repairs.
    pub problems: Vec<String>,
    /// Some saved state could not be read or applied (not just a torn tail cut or a repair made): the
    /// server must then keep every file and every kept process, whatever happens next.
    pub incomplete: bool,
    /// When the state was last written (Unix ms): the newest of the checkpoint's time and the WAL's
    /// last write.
    pub saved_at_ms: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct CheckpointUsed {
    pub lsn: Lsn,
    pub unix_ms: u64,
    pub path: PathBuf,
}

#[derive(Debug, Default, Clone)]
pub struct PaneHistory {
    /// Lines saved by the checkpoint (history then screen, oldest first).
    pub lines: Vec<SavedLine>,
    /// Raw output after those lines.
    pub output: Vec<u8>,
    /// With [`super::StoreOptions::output_later`]: the raw output after those lines, in place of
    /// `output` (which is then empty), left in the WAL's files until [`LoggedOutput::load`].
    pub logged: LoggedOutput,
    /// Total output bytes of the pane that are accounted for.
    pub offset: u64,
    /// With [`super::StoreOptions::output_later`]: the saved lines, read and checked but not yet
    /// decoded (`lines` is then empty).
    pub lines_later: Option<scrollback::SavedLinesLater>,
    /// The pane's terminal state at the checkpoint (`ccmux_term::encode_state`), when it was saved:
    /// `lines` then hold only its history, the screens are in the state.
    pub term: Option<Vec<u8>>,
}

/// Reads the state under `root` (with `checkpoints/`, `wal/`, `scrollback/`) without changing anything.
///
/// A file (or a payload in it) written by a newer ccmux is `Err(Error::FutureVersion)` naming it: the
/// caller must refuse to start rather than recover around it. Anything else that cannot be read is
/// reported in `problems` and sets `incomplete`.
pub fn recover(root: &Path) -> Result<Recovered> {
    recover_on(&StdFs, root)
}

/// [`recover`] on another filesystem.
pub fn recover_on(fs: &dyn Fs, root: &Path) -> Result<Recovered> {
    recover_covering(fs, root).map(|(r, _)| r)
}

/// [`recover_on`], and the LSN the checkpoint it started from covers (0: none). An empty checkpoint
/// (a wipe that did not finish) is reported as none, since there is nothing to restore, but the WAL
/// records it covers are skipped all the same and new ones must come after it.
pub(crate) fn recover_covering(fs: &dyn Fs, root: &Path) -> Result<(Recovered, Lsn)> {
    let wal_dir = root.join("wal");
    let (r, covered, ()) = recover_with(fs, root, false, |from, replay| {
        if !fs.metadata(&wal_dir).is_ok_and(|m| m.is_dir) {
            return Ok((None, ()));
        }
        let report = wal::for_each_at_from_on(fs, &wal_dir, from, |lsn, payload, at| {
            replay(lsn, payload, at)
        })?;
        Ok((Some(report), ()))
    })?;
    Ok((r, covered))
}

/// Recovery with the WAL read by `wal_pass`: the newest valid checkpoint, then every WAL record after
/// it. `wal_pass` is called with the first LSN to replay and the function to hand each record to, in
/// order; it returns the log's report (`None`: there is no log) and anything else it made (the store
/// opens its writer there, so that the log is read once: validated and replayed in one pass). The scrollback files are read on another thread while the WAL is replayed (those whose header
/// says a newer version first, before `wal_pass` runs, so that such a file stops everything before the
/// log is touched). With `output_later`, the panes' output stays in the WAL's files
/// ([`PaneHistory::logged`]) instead of being copied into `output`.
pub(crate) fn recover_with<T, F>(
    fs: &dyn Fs,
    root: &Path,
    output_later: bool,
    wal_pass: F,
) -> Result<(Recovered, Lsn, T)>
where
    F: FnOnce(
        Lsn,
        &mut dyn FnMut(Lsn, &[u8], &RecordAt<'_>) -> Result<()>,
    ) -> Result<(Option<wal::RecoveryReport>, T)>,
{
    let mut r = Recovered::default();
    let mut empty = false;
    let mut scrollback_files: Vec<(PaneId, PathBuf)> = Vec::new();
    let outcome = checkpoint::load_newest_on(fs, root.join("checkpoints"))?;
    for skipped in &outcome.skipped {
        r.lost(format!(
            "checkpoint {} skipped: {}",
            skipped.path.display(),
            skipped.reason
        ));
    }
    for u in &outcome.unreadable_unused {
        // Older than the one loaded: nothing is lost, but it is reported (and left alone).
        r.problems.push(format!(
            "checkpoint {} skipped (not needed): {}",
            u.path.display(),
            u.reason
        ));
    }
    let wal_segment = outcome.loaded.as_ref().map_or(0, |l| l.wal_segment);
    if let Some(loaded) = outcome.loaded {
        match snapshot::decode(&loaded.payload) {
            Ok(snap) if snap.is_empty() => {
                tracing::info!(path = %loaded.path.display(), "empty checkpoint: nothing to restore");
                empty = true;
            }
            Ok(snap) => {
                r.model = snap.model;
                for p in snap.panes {
                    if let Some(name) = &p.scrollback {
                        scrollback_files.push((p.pane, root.join("scrollback").join(name)));
                    }
                    r.panes.insert(
                        p.pane,
                        PaneHistory {
                            offset: p.output_offset,
                            term: p.term,
                            ..PaneHistory::default()
                        },
                    );
                }
            }
            Err(e) if e.is_future_version() => return Err(e.in_file(&loaded.path)),
            Err(e) => r.lost(format!(
                "checkpoint {} cannot be decoded ({e}); starting from the WAL alone",
                loaded.path.display()
            )),
        }
        r.last_lsn = loaded.lsn;
        r.checkpoint = (!empty).then_some(CheckpointUsed {
            lsn: loaded.lsn,
            unix_ms: loaded.unix_ms,
            path: loaded.path,
        });
    }
    // A scrollback file of a newer version stops recovery before anything else is read or touched.
    let mut early = BTreeMap::new();
    for (pane, path) in &scrollback_files {
        if scrollback::may_be_future_on(fs, path) {
            match scrollback::read_on(fs, path) {
                Err(e) if e.is_future_version() => return Err(e),
                read => {
                    early.insert(*pane, read);
                }
            }
        }
    }
    scrollback_files.retain(|(pane, _)| !early.contains_key(pane));
    let covered = r.last_lsn;
    let from = r.last_lsn + 1;
    let wal_dir = root.join("wal");
    // Before the WAL pass, which may create a segment (a new file's time is not a save).
    let wal_written_ms = last_write_ms(&wal_dir);
    // Saved lines that a `fresh` record (or the replay cap) dropped while the files were being read.
    let mut dropped = BTreeSet::new();
    // With `output_later`, the lines are checked now and decoded by whoever replays the pane.
    let read = |path: &Path| match output_later {
        true => scrollback::read_later_on(fs, path).map(Lines::Later),
        false => scrollback::read_on(fs, path).map(Lines::Now),
    };
    let (pass, scrollback) = std::thread::scope(|s| {
        let reader = std::thread::Builder::new()
            .name("ccmux-scrollback".into())
            .spawn_scoped(s, || {
                scrollback_files
                    .iter()
                    .map(|(pane, path)| (*pane, read(path)))
                    .collect::<Vec<_>>()
            });
        let pass = wal_pass(from, &mut |lsn, payload, at| {
            replay(
                &mut r,
                &mut dropped,
                lsn,
                payload,
                output_later.then_some(at),
            )
        })
        .map_err(|e: crate::Error| {
            match wal::segment_holding_on(fs, &wal_dir, r.last_lsn + 1) {
                Some(segment) if e.is_future_version() => e.in_file(&segment),
                _ => e,
            }
        });
        let scrollback = match reader {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: read them here.
            Err(_) => scrollback_files
                .iter()
                .map(|(pane, path)| (*pane, read(path)))
                .collect(),
        };
        (pass, scrollback)
    });
    let (report, made) = pass?;
    let early = early.into_iter().map(|(p, read)| (p, read.map(Lines::Now)));
    for (pane, read) in early.chain(scrollback) {
        match read {
            Ok(lines) => {
                if let Some(h) = r.panes.get_mut(&pane).filter(|_| !dropped.contains(&pane)) {
                    match lines {
                        Lines::Now(lines) => h.lines = lines,
                        Lines::Later(later) => h.lines_later = Some(later),
                    }
                }
            }
            Err(e) if e.is_future_version() => return Err(e),
            Err(e) => r.lost(format!("scrollback lost: {e}")),
        }
    }
    let mut newest_segment = None;
    if let Some(report) = report {
        if report.lost_records() {
            r.lost(format!("WAL: {report}"));
        } else if !report.is_clean() {
            r.problems.push(format!("WAL: {report}"));
        }
        newest_segment = report.segments.iter().map(|s| s.first_lsn).max();
    }
    // The checkpoint names the newest segment there was when it was written: the log cannot end
    // before it (segments are only ever deleted once a newer one exists).
    if wal_segment > 0 && !empty && newest_segment.is_none_or(|n| n < wal_segment) {
        r.lost(format!(
            "WAL segment {} (and any after it), which followed checkpoint {}, is missing: \
             changes made after LSN {} may be lost",
            wal::segment_file_name(wal_segment),
            covered,
            covered
        ));
    }
    r.saved_at_ms = r
        .checkpoint
        .as_ref()
        .map(|c| c.unix_ms)
        .into_iter()
        .chain(wal_written_ms)
        .max();
    let live: Vec<PaneId> = r.model.panes.keys().copied().collect();
    r.panes.retain(|p, _| live.contains(p));
    if !output_later {
        for h in r.panes.values_mut() {
            // Everything is in memory (`replay` left nothing in the files): moved, not copied.
            match std::mem::take(&mut h.logged).load() {
                Ok(bytes) => h.output = bytes,
                Err(e) => r.problems.push(e),
            }
        }
    }
    for p in live {
        r.panes.entry(p).or_default();
    }
    r.problems.extend(r.model.repair());
    Ok((r, covered, made))
}

/// A scrollback file's lines, decoded or only checked (`output_later`).
enum Lines {
    Now(Vec<SavedLine>),
    Later(scrollback::SavedLinesLater),
}

/// The newest modification time of a file in `dir` (Unix ms).
fn last_write_ms(dir: &Path) -> Option<u64> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok()?.metadata().ok()?.modified().ok())
        .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as u64)
        .max()
}

impl Recovered {
    /// Records a problem that lost (or could not read) saved state.
    fn lost(&mut self, problem: String) {
        self.problems.push(problem);
        self.incomplete = true;
    }
}

/// Applies one WAL record. A record of a newer version stops the replay (the caller refuses to start).
/// A pane whose saved lines the record drops is added to `dropped` (its scrollback file may still be
/// being read).
///
/// A record's output bytes are copied into [`PaneHistory::logged`], or, given where the record is
/// (`at`), left in the file (only their place is kept).
fn replay(
    r: &mut Recovered,
    dropped: &mut BTreeSet<PaneId>,
    lsn: Lsn,
    payload: &[u8],
    at: Option<&RecordAt<'_>>,
) -> Result<()> {
    let rec = match record::decode_ref(payload) {
        Ok(rec) => rec,
        Err(e) if e.is_future_version() => return Err(e),
        Err(e) => {
            r.last_lsn = lsn;
            r.records_replayed += 1;
            r.lost(format!("WAL record {lsn} skipped: {e}"));
            return Ok(());
        }
    };
    r.last_lsn = lsn;
    r.records_replayed += 1;
    match rec {
        record::RecordRef::Changes(changes) => {
            let before = r.model.clone();
            for change in &changes {
                if let Err(e) = r.model.apply(change) {
                    r.lost(format!("WAL record {lsn} not applied ({e}): {change:?}"));
                    r.model = before;
                    return Ok(());
                }
            }
        }
        record::RecordRef::Output {
            pane,
            offset,
            fresh,
            data,
        } => {
            let Some(end) = offset.checked_add(data.len() as u64) else {
                r.lost(format!(
                    "WAL record {lsn} skipped: pane {pane} output at offset {offset} ends past 2^64"
                ));
                return Ok(());
            };
            let h = r.panes.entry(pane).or_default();
            if end <= h.offset {
                return Ok(()); // already covered by the checkpoint
            }
            if fresh && offset >= h.offset {
                h.lines.clear();
                dropped.insert(pane);
                h.logged.clear();
                h.offset = offset;
            }
            let gap = (offset > h.offset)
                .then(|| format!("pane {pane}: output bytes {}..{offset} missing", h.offset));
            let skip = (h.offset.saturating_sub(offset) as usize).min(data.len());
            // Where the bytes are in the payload, when they were borrowed from it.
            let start = (data.as_ptr() as usize).wrapping_sub(payload.as_ptr() as usize);
            let within = payload
                .get(start..start.saturating_add(data.len()))
                .is_some_and(|p| p.as_ptr() == data.as_ptr());
            match at {
                Some(at) if within => {
                    let range = start + skip..start + data.len();
                    h.logged.push_logged(at, lsn, payload.len(), range);
                }
                _ => h.logged.push_bytes(data.get(skip..).unwrap_or_default()),
            }
            h.offset = end;
            if h.logged.len() > MAX_REPLAY_BYTES {
                h.logged.drop_front(h.logged.len() - MAX_REPLAY_BYTES);
                h.lines.clear();
                dropped.insert(pane);
            }
            if let Some(gap) = gap {
                r.lost(gap);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (persist_state_dir): an output record whose offset plus length passes u64::MAX
    /// made recovery panic (overflow) instead of skipping it.
    #[test]
    fn output_past_the_largest_offset_is_skipped() {
        let mut r = Recovered::default();
        let payload = record::encode_output(PaneId(1), u64::MAX - 1, false, b"abc").unwrap();
        replay(&mut r, &mut BTreeSet::new(), 7, &payload, None).unwrap();
        assert!(r.incomplete, "{:?}", r.problems);
        assert_eq!(r.last_lsn, 7);
        assert!(r.panes.get(&PaneId(1)).is_none_or(|h| h.logged.is_empty()));
        let fine = record::encode_output(PaneId(1), u64::MAX - 3, false, b"abc").unwrap();
        replay(&mut r, &mut BTreeSet::new(), 8, &fine, None).unwrap();
        assert_eq!(r.panes[&PaneId(1)].offset, u64::MAX);
    }
}
