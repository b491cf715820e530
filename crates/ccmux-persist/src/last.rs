//! The last state of a server ended by `kill-server`, set aside before the state directory is wiped,
//! so that a `kill-server` typed by mistake can be undone (`ccmux persistence restore --last`).
//!
//! Layout: `<state dir>/last/{wal,checkpoints,scrollback}/` (copies of the live directories' files,
//! each fsynced) and `last/saved` (the Unix time it was set aside, as decimal text). It is written as
//! `last.tmp/` and renamed into place, so a crash leaves either the old `last/` or the new one, plus at
//! most a `last.tmp/` that the next set-aside removes. One is kept; it is dropped after a configurable
//! age. Real files only (the simulated filesystem of the tests has no directory removal).

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

const DIRS: [&str; 3] = ["wal", "checkpoints", "scrollback"];

fn last_dir(root: &Path) -> PathBuf {
    root.join("last")
}

fn sync_dir(path: &Path) -> std::io::Result<()> {
    fs::File::open(path)?.sync_all()
}

/// Removes a directory tree this module made (`last/` or `last.tmp/`): regular files and
/// directories only; anything else (a symlink put there) is left, and so is its directory.
fn remove_ours(path: &Path) -> std::io::Result<()> {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            remove_ours(&entry.path())?;
        } else if kind.is_file() {
            fs::remove_file(entry.path())?;
        }
    }
    fs::remove_dir(path)
}

fn private_dir(path: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new().mode(0o700).create(path)
}

/// Copies the live state (every regular file of `wal/`, `checkpoints/`, `scrollback/`) to `last/`,
/// replacing an older one. Called with the WAL closed and a checkpoint just written.
pub fn set_aside(root: &Path, saved_at: u64) -> std::io::Result<()> {
    let tmp = root.join("last.tmp");
    remove_ours(&tmp)?;
    private_dir(&tmp)?;
    for sub in DIRS {
        let from = root.join(sub);
        let to = tmp.join(sub);
        private_dir(&to)?;
        let Ok(entries) = fs::read_dir(&from) else {
            continue;
        };
        for entry in entries {
            let entry = entry?;
            if !entry.file_type()?.is_file() {
                continue;
            }
            let target = to.join(entry.file_name());
            fs::copy(entry.path(), &target)?;
            fs::File::open(&target)?.sync_all()?;
        }
        sync_dir(&to)?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(tmp.join("saved"))?;
    f.write_all(saved_at.to_string().as_bytes())?;
    f.sync_all()?;
    sync_dir(&tmp)?;
    let last = last_dir(root);
    remove_ours(&last)?;
    fs::rename(&tmp, &last)?;
    sync_dir(root)?;
    Ok(())
}

/// When the set-aside state was saved (Unix seconds), if there is one.
pub fn saved_at(root: &Path) -> Option<u64> {
    fs::read_to_string(last_dir(root).join("saved"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Drops the set-aside state when it is older than `max_age_secs`; true when it did.
pub fn drop_if_older(root: &Path, now: u64, max_age_secs: u64) -> std::io::Result<bool> {
    match saved_at(root) {
        Some(at) if now.saturating_sub(at) > max_age_secs => {
            remove_ours(&last_dir(root))?;
            sync_dir(root)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Makes the set-aside state the live one. The caller has checked that no server runs and that the
/// live state holds nothing (an empty model, nothing unreadable): its files are removed first.
pub fn bring_back(root: &Path) -> std::io::Result<()> {
    let last = last_dir(root);
    if saved_at(root).is_none() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no state set aside by a kill-server",
        ));
    }
    for sub in DIRS {
        let live = root.join(sub);
        remove_ours(&live)?;
        fs::rename(last.join(sub), &live)?;
    }
    sync_dir(root)?;
    remove_ours(&last)?;
    sync_dir(root)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        for (sub, name) in [
            ("wal", "00000000000000000001.wal"),
            ("checkpoints", "ckpt-00000000000000000009.ccp"),
            ("scrollback", "00000000000000000009-0.scr"),
        ] {
            std::fs::create_dir(t.path().join(sub)).unwrap();
            std::fs::write(t.path().join(sub).join(name), sub).unwrap();
        }
        t
    }

    #[test]
    fn set_aside_then_brought_back_over_an_empty_state() {
        let t = state();
        let root = t.path();
        set_aside(root, 1_000).unwrap();
        assert_eq!(saved_at(root), Some(1_000));
        // The live state is wiped (as kill-server does), then the kept one comes back.
        for sub in DIRS {
            remove_ours(&root.join(sub)).unwrap();
            std::fs::create_dir(root.join(sub)).unwrap();
        }
        bring_back(root).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("wal/00000000000000000001.wal")).unwrap(),
            "wal"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("scrollback/00000000000000000009-0.scr")).unwrap(),
            "scrollback"
        );
        assert!(!root.join("last").exists());
        assert_eq!(saved_at(root), None);
        assert!(bring_back(root).is_err(), "nothing kept any more");
    }

    #[test]
    fn a_newer_set_aside_replaces_the_older_and_expiry_drops_it() {
        let t = state();
        let root = t.path();
        set_aside(root, 1_000).unwrap();
        std::fs::write(root.join("wal/00000000000000000002.wal"), "newer").unwrap();
        set_aside(root, 2_000).unwrap();
        assert_eq!(saved_at(root), Some(2_000));
        assert!(root.join("last/wal/00000000000000000002.wal").exists());
        assert!(!root.join("last.tmp").exists());
        assert!(
            !drop_if_older(root, 2_000 + 3600, 3600).unwrap(),
            "not older yet"
        );
        assert!(drop_if_older(root, 2_000 + 3601, 3600).unwrap());
        assert!(!root.join("last").exists());
        // The live state is untouched by either.
        assert!(root.join("wal/00000000000000000001.wal").exists());
    }

    #[test]
    fn a_symlink_put_in_the_kept_state_is_never_followed() {
        let t = state();
        let root = t.path();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("precious"), "x").unwrap();
        set_aside(root, 1).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("last/wal/link")).unwrap();
        assert!(
            drop_if_older(root, 10, 1).is_err(),
            "the directory with a symlink stays"
        );
        assert!(outside.path().join("precious").exists());
    }
}
