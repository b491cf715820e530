//! The images of [`super::SimFs`] and the operations that change them.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub(super) type Ino = u64;

/// A directory entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    File(Ino),
    Dir,
}

/// A whole filesystem: directories by path (the root `/` always exists) and file contents by inode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Image {
    pub dirs: BTreeMap<PathBuf, BTreeMap<OsString, Entry>>,
    pub files: BTreeMap<Ino, Vec<u8>>,
}

impl Default for Image {
    fn default() -> Self {
        Image {
            dirs: BTreeMap::from([(PathBuf::from("/"), BTreeMap::new())]),
            files: BTreeMap::new(),
        }
    }
}

impl Image {
    /// Drop what is no longer reachable from `/` (a directory whose entry did not survive, with
    /// everything below it; files no entry names).
    pub fn collect_garbage(&mut self) {
        let mut reachable = BTreeSet::new();
        let mut files = BTreeSet::new();
        let mut todo = vec![PathBuf::from("/")];
        while let Some(dir) = todo.pop() {
            let Some(entries) = self.dirs.get(&dir) else {
                continue;
            };
            for (name, e) in entries {
                match e {
                    Entry::Dir => todo.push(dir.join(name)),
                    Entry::File(ino) => {
                        files.insert(*ino);
                    }
                }
            }
            reachable.insert(dir);
        }
        self.dirs.retain(|d, _| reachable.contains(d));
        self.files.retain(|ino, _| files.contains(ino));
    }
}

/// One change to an image. The live image gets it at once; the durable image at the fsync that covers
/// it (of the file for contents, of the directory for entries), or at a crash that keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Op {
    Write {
        ino: Ino,
        offset: u64,
        data: Vec<u8>,
    },
    SetLen {
        ino: Ino,
        len: u64,
    },
    /// Grow to at least `len` bytes (fallocate).
    Allocate {
        ino: Ino,
        len: u64,
    },
    Link {
        dir: PathBuf,
        name: OsString,
        entry: Entry,
    },
    Unlink {
        dir: PathBuf,
        name: OsString,
    },
    Rename {
        dir: PathBuf,
        from: OsString,
        to: OsString,
    },
}

impl Op {
    /// The file whose contents this changes.
    pub fn file(&self) -> Option<Ino> {
        match self {
            Op::Write { ino, .. } | Op::SetLen { ino, .. } | Op::Allocate { ino, .. } => Some(*ino),
            _ => None,
        }
    }

    /// The directory whose entries this changes.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Op::Link { dir, .. } | Op::Unlink { dir, .. } | Op::Rename { dir, .. } => Some(dir),
            _ => None,
        }
    }

    /// The first `keep` bytes of a write (a torn write); `None` for anything else.
    pub fn torn(&self, keep: usize) -> Option<Op> {
        match self {
            Op::Write { ino, offset, data } if keep > 0 => Some(Op::Write {
                ino: *ino,
                offset: *offset,
                data: data[..keep.min(data.len())].to_vec(),
            }),
            _ => None,
        }
    }

    /// Applies the operation. Never fails: a crash image may replay it where its directory is gone,
    /// and then it does nothing.
    pub fn apply(&self, img: &mut Image) {
        match self {
            Op::Write { ino, offset, data } => {
                let f = img.files.entry(*ino).or_default();
                let start = usize::try_from(*offset).unwrap_or(usize::MAX);
                let end = start.saturating_add(data.len());
                if f.len() < end {
                    f.resize(end, 0);
                }
                f[start..end].copy_from_slice(data);
            }
            Op::SetLen { ino, len } => {
                let len = usize::try_from(*len).unwrap_or(usize::MAX);
                img.files.entry(*ino).or_default().resize(len, 0);
            }
            Op::Allocate { ino, len } => {
                let len = usize::try_from(*len).unwrap_or(usize::MAX);
                let f = img.files.entry(*ino).or_default();
                if f.len() < len {
                    f.resize(len, 0);
                }
            }
            Op::Link { dir, name, entry } => {
                if *entry == Entry::Dir {
                    img.dirs.entry(dir.join(name)).or_default();
                }
                if let Entry::File(ino) = entry {
                    img.files.entry(*ino).or_default();
                }
                if let Some(d) = img.dirs.get_mut(dir) {
                    d.insert(name.clone(), *entry);
                }
            }
            Op::Unlink { dir, name } => {
                if let Some(d) = img.dirs.get_mut(dir) {
                    d.remove(name);
                }
            }
            Op::Rename { dir, from, to } => {
                if let Some(d) = img.dirs.get_mut(dir) {
                    if let Some(e) = d.remove(from) {
                        d.insert(to.clone(), e);
                    }
                }
            }
        }
    }
}
