//! Crash recovery for the writer: apply what the scan found (cut torn tails,
//! keep dropped bytes aside, rename segments after mid-log damage).

use std::path::{Path, PathBuf};

use super::reader::{scan, RecoveryReport};
use crate::error::{Error, IoContext, Result};
use crate::fs::{Fs, OpenMode};
use crate::fsutil::{aside_name, copy_range, sync_dir};
use crate::Lsn;

/// A usable segment left on disk after recovery.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    pub first_lsn: Lsn,
    pub path: PathBuf,
    /// Header plus valid records (file length for covered segments).
    pub len: u64,
    /// Checked by this recovery (covered segments are not): only a
    /// validated segment may be appended to.
    pub validated: bool,
}

pub(crate) struct Recovered {
    pub report: RecoveryReport,
    /// Usable segments in LSN order (covered ones included); the last one
    /// becomes the active segment.
    pub segments: Vec<Seg>,
    pub next_lsn: Lsn,
}

/// Validate `dir` from `from_lsn` on and repair it so that appending can
/// continue: afterwards every listed segment is a clean prefix.
pub(crate) fn recover(fs: &dyn Fs, dir: &Path, from_lsn: Lsn) -> Result<Recovered> {
    let scan = scan::<Error, _>(fs, dir, from_lsn, |_, _| Ok(()))?;
    let mut report = scan.report(fs);
    let unusable = scan.first_unusable();

    // 1. Segments after damage: keep them, under another name.
    for (k, f) in scan.files.iter().enumerate().skip(unusable) {
        let to = aside_name(fs, &f.path, "");
        fs.rename(&f.path, &to).ctx("rename aside", &f.path)?;
        if let Some(s) = report.set_aside.get_mut(k - unusable) {
            s.renamed_to = Some(to);
        }
    }
    if unusable < scan.files.len() {
        sync_dir(fs, dir)?;
    }

    let mut segments: Vec<Seg> = scan.files[..scan.start]
        .iter()
        .map(|f| Seg {
            first_lsn: f.first_lsn,
            path: f.path.clone(),
            len: fs.metadata(&f.path).map(|m| m.len).unwrap_or(0),
            validated: false,
        })
        .collect();

    // 2. The damaged segment (only the last parsed one can be): save the
    //    dropped bytes, then cut it to its valid prefix (or remove it when
    //    not even the header is usable).
    for (i, p) in scan.parsed.iter().enumerate() {
        let path = &scan.files[scan.start + i].path;
        if let Some(prob) = &p.problem {
            if prob.nonzero_end > prob.offset {
                let to = aside_name(fs, path, &format!(".tail-{}", prob.offset));
                copy_range(fs, path, prob.offset, prob.nonzero_end, &to)?;
                sync_dir(fs, dir)?;
                if let Some(d) = report.dropped.iter_mut().find(|d| &d.segment == path) {
                    d.saved_to = Some(to);
                }
            }
            if p.valid_len == 0 {
                fs.remove_file(path).ctx("remove", path)?;
                sync_dir(fs, dir)?;
                continue;
            }
            let f = fs.open(path, OpenMode::Write).ctx("open segment", path)?;
            f.set_len(p.valid_len).ctx("truncate segment", path)?;
            f.sync_all().ctx("fsync segment", path)?;
        }
        segments.push(Seg {
            first_lsn: p.first_lsn,
            path: path.clone(),
            len: p.valid_len,
            validated: true,
        });
    }

    log_report(&report);
    let next_lsn = report.next_lsn;
    Ok(Recovered {
        report,
        segments,
        next_lsn,
    })
}

fn log_report(report: &RecoveryReport) {
    if report.mid_log_corruption() {
        tracing::error!(%report, "WAL recovery found corruption in the middle of the log; later data was set aside");
    } else if !report.is_clean() {
        tracing::warn!(%report, "WAL recovery cut a torn tail");
    } else {
        tracing::info!(%report, "WAL recovered");
    }
    if let Some(m) = &report.missing {
        tracing::error!(
            from = m.start,
            to = m.end,
            "WAL records missing before the first segment"
        );
    }
}
