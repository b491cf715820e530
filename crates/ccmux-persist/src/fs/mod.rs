//! The filesystem seam: every file operation of this crate goes through [`Fs`].
//!
//! - [`StdFs`]: real files (what the server uses; the default everywhere).
//! - [`crate::wal::FailFs`]: injected write/fsync failures and delays around another `Fs`.
//! - [`SimFs`]: an in-memory filesystem with a *live* and a *durable* image, for power-loss tests.
//!
//! The trait holds exactly the calls the crate makes, so that a simulation can decide what a power
//! cut keeps: file contents become durable at `sync_data`/`sync_all` of that file, directory entries
//! (creations, renames, removals) at [`Fs::sync_dir`] of their directory.

mod sim;
mod sim_file;
mod sim_image;
mod std_fs;

use std::ffi::OsString;
use std::fmt;
use std::io;
use std::path::Path;

pub use sim::{Crash, SimFs};
pub use std_fs::StdFs;

/// How [`Fs::open`] opens a file. The `u32` is the permission mode of a file it creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Read an existing file.
    Read,
    /// Write to an existing file, keeping its content.
    Write,
    /// Write; create the file (with the mode) or truncate it to 0 bytes.
    Truncate(u32),
    /// Write; create the file (with the mode), failing with `AlreadyExists` if it exists.
    CreateNew(u32),
    /// Read and write; create the file (with the mode) if missing, keeping its content.
    ReadWriteCreate(u32),
}

/// What [`Fs::metadata`] tells about a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metadata {
    pub is_dir: bool,
    /// File length in bytes (0 for a directory).
    pub len: u64,
    /// Permission bits (`& 0o7777`).
    pub mode: u32,
}

/// The file operations of this crate. Paths are absolute or relative to the process's directory,
/// exactly as the caller built them.
pub trait Fs: Send + Sync + fmt::Debug {
    fn open(&self, path: &Path, how: OpenMode) -> io::Result<Box<dyn FsFile>>;
    fn metadata(&self, path: &Path) -> io::Result<Metadata>;
    /// chmod.
    fn set_mode(&self, path: &Path, mode: u32) -> io::Result<()>;
    /// Create one directory (its parent must exist); `AlreadyExists` if it does.
    fn create_dir(&self, path: &Path, mode: u32) -> io::Result<()>;
    /// Names of the entries of a directory, in no particular order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<OsString>>;
    /// Rename within one directory, replacing `to` if it exists.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// fsync the directory: its entries created, renamed or removed so far become durable.
    fn sync_dir(&self, path: &Path) -> io::Result<()>;
}

/// An open file. Positionless: every read and write names its offset.
#[allow(clippy::len_without_is_empty)] // a fallible file size, as `std::fs::Metadata::len`
pub trait FsFile: Send + Sync + fmt::Debug {
    /// `pread`: bytes read (0 at or past the end).
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize>;
    /// `pwrite` of the whole buffer.
    fn write_all_at(&self, buf: &[u8], offset: u64) -> io::Result<()>;
    fn len(&self) -> io::Result<u64>;
    /// `ftruncate`.
    fn set_len(&self, len: u64) -> io::Result<()>;
    /// `fdatasync`: the data and the size become durable.
    fn sync_data(&self) -> io::Result<()>;
    /// `fsync`.
    fn sync_all(&self) -> io::Result<()>;
    /// `fallocate(0, len)`: grow the file to at least `len` bytes of zeros. Callers treat a failure
    /// as "not supported here".
    fn allocate(&self, len: u64) -> io::Result<()>;
    /// `flock(LOCK_EX | LOCK_NB)`: `false` when another open file holds the lock. Released when this
    /// file is dropped.
    fn try_lock(&self) -> io::Result<bool>;
}

/// [`io::Read`] over an [`FsFile`] from an offset on (for `BufReader` and friends).
pub struct FileReader<'a> {
    file: &'a dyn FsFile,
    pos: u64,
}

impl<'a> FileReader<'a> {
    pub fn new(file: &'a dyn FsFile, pos: u64) -> Self {
        FileReader { file, pos }
    }
}

impl io::Read for FileReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// The whole content of a file.
pub fn read_file(fs: &dyn Fs, path: &Path) -> io::Result<Vec<u8>> {
    let f = fs.open(path, OpenMode::Read)?;
    // Sized by the file: one zeroed allocation (fresh pages, not written twice) read into at once,
    // instead of a buffer grown by doubling (each step copied and zeroed again). Recovery reads a
    // hundred scrollback files this way.
    let len = usize::try_from(f.len()?).unwrap_or(0);
    let mut out = vec![0u8; len];
    let mut got = 0;
    while got < len {
        match f.read_at(out.get_mut(got..).unwrap_or_default(), got as u64) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    out.truncate(got);
    // A file that grew meanwhile: the rest too, as before.
    if got == len {
        io::Read::read_to_end(&mut FileReader::new(&*f, got as u64), &mut out)?;
    }
    Ok(out)
}

/// Whether `path` exists (as a file or directory).
pub fn exists(fs: &dyn Fs, path: &Path) -> bool {
    fs.metadata(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_file_reads_every_byte_on_both_filesystems() {
        let dir = tempfile::tempdir().unwrap();
        let sim = SimFs::new();
        sim.create_dir(Path::new("/d"), 0o700).unwrap();
        for (fs, root) in [
            (&StdFs as &dyn Fs, dir.path().to_path_buf()),
            (&sim as &dyn Fs, Path::new("/d").to_path_buf()),
        ] {
            for len in [0usize, 1, 4095, 4096, 300_001] {
                let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
                let path = root.join(format!("f{len}"));
                let f = fs.open(&path, OpenMode::Truncate(0o600)).unwrap();
                f.write_all_at(&bytes, 0).unwrap();
                assert_eq!(read_file(fs, &path).unwrap(), bytes, "{fs:?} {len}");
            }
            assert!(read_file(fs, &root.join("missing")).is_err());
        }
    }
}
