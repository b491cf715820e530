//! [`SimFs`]: an in-memory filesystem that knows what a power cut keeps.
//!
//! It holds a *live* image (what reads see) and a *durable* image (what survives a power cut), and
//! moves changes from one to the other only as POSIX promises:
//!
//! - file contents (writes, `set_len`, `allocate`, truncation at open) at `sync_data`/`sync_all` of
//!   that file: data and size;
//! - directory entries (creations, renames, removals) at [`Fs::sync_dir`] of that directory. A new
//!   file's entry is not durable before that, even if the file was fsynced; a rename or removal may
//!   be undone by a crash.
//!
//! Every operation not yet durable is kept in order, so that a power cut ([`SimFs::crash`]) can keep
//! none of them ([`Crash::Strict`]) or a prefix of them with a torn last write ([`Crash::Prefix`]).
//! A process crash ([`Crash::Process`]) keeps the live image and what is still not durable.
//! [`SimFs::cut_power_at`] makes the n-th mutating operation and everything after it fail with `EIO`,
//! leaving the images as they were just before it.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::sim_file::SimFile;
use super::sim_image::{Entry, Image, Ino, Op};
use super::{Fs, FsFile, Metadata, OpenMode};

/// What [`SimFs::crash`] simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crash {
    /// A power cut that keeps nothing that was not made durable (the strictest reading of POSIX).
    Strict,
    /// A power cut that keeps the first `ops` operations not yet durable, in the order they were
    /// made, then the first `torn` bytes of the next one if it is a write (`usize::MAX` ops: all).
    Prefix { ops: usize, torn: usize },
    /// A process crash (`kill -9`): the page cache survives, so reads see everything written, but
    /// what was not durable still is not: a later power cut can lose it.
    Process,
}

#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) live: Image,
    pub(super) durable: Image,
    /// Operations applied to `live` and not yet to `durable`, oldest first.
    pub(super) pending: Vec<Op>,
    next_ino: Ino,
    file_modes: BTreeMap<Ino, u32>,
    dir_modes: BTreeMap<PathBuf, u32>,
    pub(super) locks: BTreeSet<Ino>,
    /// Mutating operations made so far.
    ops: u64,
    /// Power fails at this mutating operation (counting from 0).
    cut_at: Option<u64>,
    /// The operation power failed at.
    cut_op: Option<String>,
    trace: Vec<String>,
}

fn eio() -> io::Error {
    io::Error::from_raw_os_error(rustix::io::Errno::IO.raw_os_error())
}

fn errno(e: rustix::io::Errno) -> io::Error {
    io::Error::from_raw_os_error(e.raw_os_error())
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("{}: no such file", path.display()),
    )
}

impl State {
    pub(super) fn powered(&self) -> io::Result<()> {
        match self.cut_op {
            Some(_) => Err(eio()),
            None => Ok(()),
        }
    }

    /// Counts one mutating operation; fails (and cuts power) when it is the one power fails at.
    pub(super) fn mutate(&mut self, what: impl FnOnce() -> String) -> io::Result<()> {
        self.powered()?;
        if self.cut_at == Some(self.ops) {
            self.cut_op = Some(format!("#{} {}", self.ops, what()));
            return Err(eio());
        }
        self.trace.push(format!("#{} {}", self.ops, what()));
        self.ops += 1;
        Ok(())
    }

    pub(super) fn record(&mut self, op: Op) {
        op.apply(&mut self.live);
        self.pending.push(op);
    }

    fn lookup(&self, path: &Path) -> Option<Entry> {
        if path == Path::new("/") {
            return Some(Entry::Dir);
        }
        let (dir, name) = (path.parent()?, path.file_name()?);
        self.live.dirs.get(dir)?.get(name).copied()
    }

    fn parent_dir(&self, path: &Path) -> io::Result<(PathBuf, OsString)> {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "no file name"));
        };
        match self.lookup(dir) {
            Some(Entry::Dir) => Ok((dir.to_path_buf(), name.to_os_string())),
            Some(Entry::File(_)) => Err(errno(rustix::io::Errno::NOTDIR)),
            None => Err(not_found(dir)),
        }
    }

    fn file(&self, path: &Path) -> io::Result<Ino> {
        match self.lookup(path) {
            Some(Entry::File(ino)) => Ok(ino),
            Some(Entry::Dir) => Err(errno(rustix::io::Errno::ISDIR)),
            None => Err(not_found(path)),
        }
    }

    fn create(&mut self, path: &Path, mode: u32) -> io::Result<Ino> {
        let (dir, name) = self.parent_dir(path)?;
        self.mutate(|| format!("create {}", path.display()))?;
        let ino = self.next_ino;
        self.next_ino += 1;
        self.durable.files.insert(ino, Vec::new());
        self.file_modes.insert(ino, mode);
        self.record(Op::Link {
            dir,
            name,
            entry: Entry::File(ino),
        });
        Ok(ino)
    }
}

/// The simulated filesystem. Clones share one filesystem; [`SimFs::crash`] makes a new one.
#[derive(Clone, Default)]
pub struct SimFs {
    state: Arc<Mutex<State>>,
}

/// Short: the images can be large.
impl std::fmt::Debug for SimFs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.lock();
        f.debug_struct("SimFs")
            .field("ops", &s.ops)
            .field("pending", &s.pending.len())
            .field("power_cut", &s.cut_op)
            .finish_non_exhaustive()
    }
}

/// Absolute, without `.` or `..` (what the simulation can resolve).
fn normal(path: &Path) -> io::Result<PathBuf> {
    let ok = path.is_absolute()
        && path
            .components()
            .all(|c| matches!(c, Component::RootDir | Component::Normal(_)));
    if !ok {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("SimFs needs plain absolute paths: {}", path.display()),
        ));
    }
    Ok(path.components().collect())
}

impl SimFs {
    /// An empty filesystem: just `/`.
    pub fn new() -> SimFs {
        SimFs::default()
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Power fails at mutating operation `n` (counting from 0; `None`: never): it and every later
    /// operation, reads included, fail with `EIO` and change nothing.
    pub fn cut_power_at(&self, n: Option<u64>) {
        self.lock().cut_at = n;
    }

    /// Mutating operations made so far (writes, truncations, allocations, fsyncs, creations,
    /// renames, removals): the possible power-cut points.
    pub fn ops(&self) -> u64 {
        self.lock().ops
    }

    /// The operation power failed at, once it did.
    pub fn power_cut(&self) -> Option<String> {
        self.lock().cut_op.clone()
    }

    /// Every mutating operation made so far, described.
    pub fn trace(&self) -> Vec<String> {
        self.lock().trace.clone()
    }

    /// Operations made but not durable yet (what [`Crash::Prefix`] chooses from).
    pub fn pending_ops(&self) -> usize {
        self.lock().pending.len()
    }

    /// Whether both hold the same files and directories, durable or not, and the same unsynced
    /// operations (so that any crash of one is the same as of the other).
    pub fn same_contents(&self, other: &SimFs) -> bool {
        if Arc::ptr_eq(&self.state, &other.state) {
            return true;
        }
        let (a, b) = (self.lock(), other.lock());
        a.live == b.live
            && a.durable == b.durable
            && a.pending == b.pending
            && a.file_modes == b.file_modes
            && a.dir_modes == b.dir_modes
    }

    /// The filesystem as the next process finds it after a crash (a power cut: as the reboot finds
    /// it). Open files of this one are not carried over, nor locks.
    pub fn crash(&self, how: Crash) -> SimFs {
        let s = self.lock();
        let mut img = s.durable.clone();
        let keep = match how {
            Crash::Strict => 0,
            Crash::Prefix { ops, .. } => ops.min(s.pending.len()),
            Crash::Process => {
                let mut live = s.live.clone();
                live.collect_garbage();
                let state = State {
                    live,
                    durable: s.durable.clone(),
                    pending: s.pending.clone(),
                    next_ino: s.next_ino,
                    file_modes: s.file_modes.clone(),
                    dir_modes: s.dir_modes.clone(),
                    ..State::default()
                };
                return SimFs {
                    state: Arc::new(Mutex::new(state)),
                };
            }
        };
        for op in &s.pending[..keep] {
            op.apply(&mut img);
        }
        if let Crash::Prefix { torn, .. } = how {
            if let Some(op) = s.pending.get(keep).and_then(|op| op.torn(torn)) {
                op.apply(&mut img);
            }
        }
        img.collect_garbage();
        let state = State {
            live: img.clone(),
            durable: img,
            next_ino: s.next_ino,
            file_modes: s.file_modes.clone(),
            dir_modes: s.dir_modes.clone(),
            ..State::default()
        };
        SimFs {
            state: Arc::new(Mutex::new(state)),
        }
    }

    fn handle(&self, ino: Ino, path: &Path) -> Box<dyn FsFile> {
        Box::new(SimFile::new(self.clone(), ino, path))
    }
}

impl Fs for SimFs {
    fn open(&self, path: &Path, how: OpenMode) -> io::Result<Box<dyn FsFile>> {
        let path = normal(path)?;
        let mut s = self.lock();
        s.powered()?;
        s.parent_dir(&path)?;
        let existing = s.lookup(&path).map(|_| s.file(&path)).transpose()?;
        let ino = match (how, existing) {
            (OpenMode::Read | OpenMode::Write, None) => return Err(not_found(&path)),
            (OpenMode::CreateNew(_), Some(_)) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} exists", path.display()),
                ))
            }
            (OpenMode::Truncate(_), Some(ino)) => {
                s.mutate(|| format!("truncate {}", path.display()))?;
                s.record(Op::SetLen { ino, len: 0 });
                ino
            }
            (_, Some(ino)) => ino,
            (
                OpenMode::Truncate(mode)
                | OpenMode::CreateNew(mode)
                | OpenMode::ReadWriteCreate(mode),
                None,
            ) => s.create(&path, mode)?,
        };
        drop(s);
        Ok(self.handle(ino, &path))
    }

    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        let path = normal(path)?;
        let s = self.lock();
        s.powered()?;
        match s.lookup(&path) {
            Some(Entry::Dir) => Ok(Metadata {
                is_dir: true,
                len: 0,
                mode: s.dir_modes.get(&path).copied().unwrap_or(0o755),
            }),
            Some(Entry::File(ino)) => Ok(Metadata {
                is_dir: false,
                len: s.live.files.get(&ino).map_or(0, |f| f.len() as u64),
                mode: s.file_modes.get(&ino).copied().unwrap_or(0o644),
            }),
            None => Err(not_found(&path)),
        }
    }

    fn set_mode(&self, path: &Path, mode: u32) -> io::Result<()> {
        let path = normal(path)?;
        let mut s = self.lock();
        s.powered()?;
        match s.lookup(&path) {
            Some(Entry::Dir) => s.dir_modes.insert(path, mode),
            Some(Entry::File(ino)) => s.file_modes.insert(ino, mode),
            None => return Err(not_found(&path)),
        };
        Ok(())
    }

    fn create_dir(&self, path: &Path, mode: u32) -> io::Result<()> {
        let path = normal(path)?;
        let mut s = self.lock();
        s.powered()?;
        let (dir, name) = s.parent_dir(&path)?;
        if s.lookup(&path).is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists", path.display()),
            ));
        }
        s.mutate(|| format!("mkdir {}", path.display()))?;
        s.durable.dirs.entry(path.clone()).or_default();
        s.dir_modes.insert(path, mode);
        s.record(Op::Link {
            dir,
            name,
            entry: Entry::Dir,
        });
        Ok(())
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<OsString>> {
        let path = normal(path)?;
        let s = self.lock();
        s.powered()?;
        match s.lookup(&path) {
            Some(Entry::Dir) => Ok(s
                .live
                .dirs
                .get(&path)
                .map(|d| d.keys().cloned().collect())
                .unwrap_or_default()),
            Some(Entry::File(_)) => Err(errno(rustix::io::Errno::NOTDIR)),
            None => Err(not_found(&path)),
        }
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let (from, to) = (normal(from)?, normal(to)?);
        let mut s = self.lock();
        s.powered()?;
        let (dir, from_name) = s.parent_dir(&from)?;
        let (to_dir, to_name) = s.parent_dir(&to)?;
        if dir != to_dir {
            // Never done by this crate; a cross-directory rename needs both directories synced.
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "SimFs renames within one directory only",
            ));
        }
        s.file(&from)?;
        if s.lookup(&to) == Some(Entry::Dir) {
            return Err(errno(rustix::io::Errno::ISDIR));
        }
        s.mutate(|| format!("rename {} -> {}", from.display(), to.display()))?;
        s.record(Op::Rename {
            dir,
            from: from_name,
            to: to_name,
        });
        Ok(())
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        let path = normal(path)?;
        let mut s = self.lock();
        s.powered()?;
        let (dir, name) = s.parent_dir(&path)?;
        s.file(&path)?;
        s.mutate(|| format!("unlink {}", path.display()))?;
        s.record(Op::Unlink { dir, name });
        Ok(())
    }

    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        let path = normal(path)?;
        let mut s = self.lock();
        s.powered()?;
        if s.lookup(&path) != Some(Entry::Dir) {
            return Err(not_found(&path));
        }
        s.mutate(|| format!("fsync dir {}", path.display()))?;
        let entries = s.live.dirs.get(&path).cloned().unwrap_or_default();
        s.durable.dirs.insert(path.clone(), entries);
        s.pending.retain(|op| op.dir() != Some(path.as_path()));
        Ok(())
    }
}
