//! File-system helpers over the [`Fs`] seam: private modes, directory fsync, set-aside names.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::{IoContext, Result};
use crate::fs::{exists, Fs, OpenMode};

/// Mode of every directory we create.
pub const DIR_MODE: u32 = 0o700;
/// Mode of every file we create.
pub const FILE_MODE: u32 = 0o600;

/// Create `path` (and missing parents) as a directory; the leaf gets mode
/// 0700 and an existing leaf is tightened to 0700. Every directory created
/// is made durable (its parent fsynced), ancestors included: otherwise a
/// power cut could take the whole tree, and every record in it, away.
pub fn ensure_private_dir(fs: &dyn Fs, path: &Path) -> Result<()> {
    match fs.metadata(path) {
        Ok(meta) if meta.is_dir => {
            if meta.mode & 0o777 != DIR_MODE {
                fs.set_mode(path, DIR_MODE).ctx("chmod 0700", path)?;
            }
            Ok(())
        }
        Ok(_) => Err(not_a_dir(path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                create_dir_all(fs, parent)?;
            }
            create_durable_dir(fs, path, DIR_MODE)?;
            // The umask may have removed bits we want to be exact about.
            fs.set_mode(path, DIR_MODE).ctx("chmod 0700", path)
        }
        Err(e) => Err(crate::Error::io("stat", path, e)),
    }
}

fn not_a_dir(path: &Path) -> crate::Error {
    crate::Error::io(
        "create directory",
        path,
        io::Error::new(
            io::ErrorKind::AlreadyExists,
            "exists and is not a directory",
        ),
    )
}

/// `mkdir -p` with the default mode (0777 less the umask), as `std::fs::create_dir_all`, but each
/// directory it creates is made durable.
fn create_dir_all(fs: &dyn Fs, path: &Path) -> Result<()> {
    match fs.metadata(path) {
        Ok(m) if m.is_dir => return Ok(()),
        Ok(_) => return Err(not_a_dir(path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(crate::Error::io("stat", path, e)),
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir_all(fs, parent)?;
    }
    create_durable_dir(fs, path, 0o777)
}

/// mkdir (an existing directory is fine), then fsync the parent so that the new entry survives a
/// power cut.
fn create_durable_dir(fs: &dyn Fs, path: &Path, mode: u32) -> Result<()> {
    match fs.create_dir(path, mode) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(crate::Error::io("create directory", path, e)),
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sync_dir(fs, parent)
}

/// fsync a directory so that entries created, renamed or removed in it are durable.
pub fn sync_dir(fs: &dyn Fs, path: &Path) -> Result<()> {
    fs.sync_dir(path).ctx("fsync directory", path)
}

/// Best effort: fsync every directory above `path`, so that one created by an earlier process that
/// was killed before making it durable is durable now. An ancestor we cannot open (no read
/// permission) is skipped: we did not create it.
pub fn sync_ancestors(fs: &dyn Fs, path: &Path) {
    for dir in path.ancestors().skip(1) {
        if dir.as_os_str().is_empty() {
            break;
        }
        if let Err(e) = fs.sync_dir(dir) {
            tracing::debug!(dir = %dir.display(), error = %e, "could not fsync an ancestor directory");
        }
    }
}

/// A name next to `path` ending in `.corrupt` that does not exist yet.
pub fn aside_name(fs: &dyn Fs, path: &Path, infix: &str) -> PathBuf {
    let base = path.as_os_str().to_string_lossy().into_owned();
    let mut candidate = PathBuf::from(format!("{base}{infix}.corrupt"));
    let mut n = 1u32;
    while exists(fs, &candidate) {
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
    let mut buf = vec![0u8; 256 * 1024];
    let mut pos = start;
    let mut end = start;
    loop {
        let n = read_up_to(r, &mut buf)?;
        if n == 0 {
            return Ok(end);
        }
        if let Some(i) = last_nonzero(buf.get(..n).unwrap_or_default()) {
            end = pos + i as u64 + 1;
        }
        pos += n as u64;
    }
}

/// The index of the last non-zero byte of `buf`. Blocks of 64 bytes are or-ed together (which the
/// compiler vectorises) and only the last non-zero block is searched byte by byte: a preallocated
/// segment's zero tail (megabytes, read at every start) costs a memory scan, not a byte loop.
fn last_nonzero(buf: &[u8]) -> Option<usize> {
    let block = buf
        .chunks(64)
        .rposition(|c| c.iter().fold(0u8, |acc, &b| acc | b) != 0)?;
    let from = block * 64;
    let i = buf.get(from..)?.iter().rposition(|&b| b != 0)?;
    Some(from + i)
}

/// Copy bytes `[start, end)` of `src` into a new private file `dst`, fsynced. On failure (a full
/// disk) the partial copy is removed again: the bytes are still in `src`, which is left as it was.
pub fn copy_range(fs: &dyn Fs, src: &Path, start: u64, end: u64, dst: &Path) -> Result<()> {
    let from = fs.open(src, OpenMode::Read).ctx("open", src)?;
    let to = fs
        .open(dst, OpenMode::CreateNew(FILE_MODE))
        .ctx("create", dst)?;
    let copied = copy_into(&*from, src, start, end, &*to, dst);
    if copied.is_err() {
        drop(to);
        if let Err(e) = fs.remove_file(dst) {
            tracing::warn!(path = %dst.display(), error = %e, "could not remove a partial copy");
        }
    }
    copied
}

fn copy_into(
    from: &dyn crate::fs::FsFile,
    src: &Path,
    start: u64,
    end: u64,
    to: &dyn crate::fs::FsFile,
    dst: &Path,
) -> Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut pos = start;
    while pos < end {
        let want = buf
            .len()
            .min(usize::try_from(end - pos).unwrap_or(usize::MAX));
        let chunk = buf.get_mut(..want).unwrap_or_default();
        let n = from.read_at(chunk, pos).ctx("read", src)?;
        let Some(read) = chunk.get(..n).filter(|r| !r.is_empty()) else {
            break;
        };
        to.write_all_at(read, pos - start).ctx("copy to", dst)?;
        pos += n as u64;
    }
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
    fs: &dyn Fs,
    dir: &Path,
    parse: impl Fn(&str) -> Option<crate::Lsn>,
) -> Result<Vec<(crate::Lsn, std::path::PathBuf)>> {
    let names = match fs.read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(crate::Error::io("read directory", dir, e)),
    };
    let mut out = Vec::new();
    for name in names {
        if let Some(lsn) = name.to_str().and_then(&parse) {
            out.push((lsn, dir.join(name)));
        }
    }
    out.sort_by_key(|f| f.0);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_nonzero_end_finds_the_last_nonzero_byte_anywhere() {
        assert_eq!(last_nonzero(&[]), None);
        assert_eq!(last_nonzero(&[0; 1000]), None);
        for len in [1usize, 63, 64, 65, 200, 300_000, 600_000] {
            for at in [0, len / 2, len.saturating_sub(64), len - 1] {
                let mut v = vec![0u8; len];
                v[at] = 7;
                assert_eq!(last_nonzero(&v), Some(at), "len {len} at {at}");
                let end = last_nonzero_end(&mut io::Cursor::new(&v), 10).unwrap();
                assert_eq!(end, 10 + at as u64 + 1, "len {len} at {at}");
                v[0] = 1;
                assert_eq!(last_nonzero(&v), Some(at), "len {len} at {at}");
            }
        }
        assert_eq!(
            last_nonzero_end(&mut io::Cursor::new(vec![0u8; 70_000]), 5).unwrap(),
            5
        );
    }
}
