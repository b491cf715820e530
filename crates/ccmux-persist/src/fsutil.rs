//! File-system helpers: private modes, directory fsync, set-aside names.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::{IoContext, Result};

/// Mode of every directory we create.
pub const DIR_MODE: u32 = 0o700;
/// Mode of every file we create.
pub const FILE_MODE: u32 = 0o600;

/// Create `path` (and missing parents) as a directory; the leaf gets mode
/// 0700 and an existing leaf is tightened to 0700.
pub fn ensure_private_dir(path: &Path) -> Result<()> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            if meta.permissions().mode() & 0o777 != DIR_MODE {
                fs::set_permissions(path, fs::Permissions::from_mode(DIR_MODE))
                    .ctx("chmod 0700", path)?;
            }
            Ok(())
        }
        Ok(_) => Err(crate::Error::io(
            "create directory",
            path,
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                "exists and is not a directory",
            ),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                if !parent.as_os_str().is_empty() {
                    fs::create_dir_all(parent).ctx("create directory", parent)?;
                }
            }
            match DirBuilder::new().mode(DIR_MODE).create(path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(crate::Error::io("create directory", path, e)),
            }
            // The umask may have removed bits we want to be exact about.
            fs::set_permissions(path, fs::Permissions::from_mode(DIR_MODE))
                .ctx("chmod 0700", path)?;
            if let Some(parent) = path.parent() {
                if !parent.as_os_str().is_empty() {
                    sync_dir(parent)?;
                }
            }
            Ok(())
        }
        Err(e) => Err(crate::Error::io("stat", path, e)),
    }
}

/// Options for a new private (0600) file opened for writing.
pub fn private_file_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).mode(FILE_MODE);
    o
}

/// fsync a directory so that entries created, renamed or removed in it are durable.
pub fn sync_dir(path: &Path) -> Result<()> {
    let dir = File::open(path).ctx("open directory", path)?;
    dir.sync_all().ctx("fsync directory", path)
}

/// A name next to `path` ending in `.corrupt` that does not exist yet.
pub fn aside_name(path: &Path, infix: &str) -> PathBuf {
    let base = path.as_os_str().to_string_lossy().into_owned();
    let mut candidate = PathBuf::from(format!("{base}{infix}.corrupt"));
    let mut n = 1u32;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}{infix}.corrupt.{n}"));
        n += 1;
    }
    candidate
}

/// Read into `buf` until it is full or EOF; returns the number of bytes read.
pub fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        let Some(rest) = buf.get_mut(done..) else {
            break;
        };
        match r.read(rest) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Consume the rest of `r`, returning the offset just past the last non-zero
/// byte (relative to `start`, i.e. `start` if everything is zero).
pub fn last_nonzero_end(r: &mut impl Read, start: u64) -> io::Result<u64> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut pos = start;
    let mut end = start;
    loop {
        let n = read_up_to(r, &mut buf)?;
        if n == 0 {
            return Ok(end);
        }
        if let Some(i) = buf.iter().take(n).rposition(|&b| b != 0) {
            end = pos + i as u64 + 1;
        }
        pos += n as u64;
    }
}

/// Copy bytes `[start, end)` of `src` into a new private file `dst`, fsynced.
pub fn copy_range(src: &Path, start: u64, end: u64, dst: &Path) -> Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    let mut from = File::open(src).ctx("open", src)?;
    from.seek(SeekFrom::Start(start)).ctx("seek", src)?;
    let mut to = private_file_options()
        .create_new(true)
        .open(dst)
        .ctx("create", dst)?;
    let mut limited = from.take(end.saturating_sub(start));
    io::copy(&mut limited, &mut to).ctx("copy to", dst)?;
    to.flush().ctx("write", dst)?;
    to.sync_all().ctx("fsync", dst)
}

/// The `N` bytes of `b` at offset `at`; bytes past the end of `b` read as zero (callers check the
/// length first: this only keeps a wrong offset from panicking).
fn field<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    let mut a = [0u8; N];
    for (to, from) in a.iter_mut().zip(b.iter().skip(at)) {
        *to = *from;
    }
    a
}

/// A little-endian u32 at offset `at` of `b`.
pub(crate) fn le_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(field(b, at))
}

/// A little-endian u64 at offset `at` of `b`.
pub(crate) fn le_u64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(field(b, at))
}

/// The files of `dir` whose names `parse` turns into an LSN, oldest (lowest LSN) first. A missing
/// directory is empty.
pub(crate) fn lsn_files(
    dir: &Path,
    parse: impl Fn(&str) -> Option<crate::Lsn>,
) -> Result<Vec<(crate::Lsn, std::path::PathBuf)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(crate::Error::io("read directory", dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| crate::Error::io("read directory", dir, e))?;
        if let Some(lsn) = entry.file_name().to_str().and_then(&parse) {
            out.push((lsn, entry.path()));
        }
    }
    out.sort_by_key(|f| f.0);
    Ok(out)
}
