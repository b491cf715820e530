//! A pane's output as recovery found it in the WAL, possibly left in the log's files until the pane
//! replays it: re-adopting 100 panes then answers before their 62 MB are copied into memory (issue
//! 12). Every record was validated (length, CRC, LSN) by the recovery pass; loading reads each one
//! again through the segment file it was found in (open: a later rename or unlink of the segment
//! does not matter) and checks its CRC again, so bytes that changed since are never replayed.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use crate::fs::FsFile;
use crate::wal::{record_crc, RecordAt};
use crate::Lsn;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// Output bytes in order: some in memory, some still in the WAL's segment files.
#[derive(Clone, Debug, Default)]
pub struct LoggedOutput {
    pieces: Vec<Piece>,
    len: usize,
}

#[derive(Clone, Debug)]
enum Piece {
    Bytes(Vec<u8>),
    /// Bytes `data` of the payload of record `lsn`, `payload_len` bytes at `offset` in `file`.
    Logged {
        file: Arc<dyn FsFile>,
        path: PathBuf,
        lsn: Lsn,
        crc: u32,
        offset: u64,
        payload_len: usize,
        data: Range<usize>,
    },
}

impl Piece {
    fn len(&self) -> usize {
        match self {
            Piece::Bytes(b) => b.len(),
            Piece::Logged { data, .. } => data.len(),
        }
    }
}

impl From<Vec<u8>> for LoggedOutput {
    fn from(bytes: Vec<u8>) -> Self {
        let len = bytes.len();
        let pieces = if bytes.is_empty() {
            Vec::new()
        } else {
            vec![Piece::Bytes(bytes)]
        };
        LoggedOutput { pieces, len }
    }
}

impl LoggedOutput {
    /// Bytes held, in memory or not.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether every byte is in memory already (loading reads nothing).
    pub fn in_memory(&self) -> bool {
        self.pieces.iter().all(|p| matches!(p, Piece::Bytes(_)))
    }

    pub(crate) fn clear(&mut self) {
        self.pieces.clear();
        self.len = 0;
    }

    /// Appends bytes, copied.
    pub(crate) fn push_bytes(&mut self, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some(Piece::Bytes(b)) => b.extend_from_slice(data),
            _ => self.pieces.push(Piece::Bytes(data.to_vec())),
        }
        self.len += data.len();
    }

    /// Appends bytes `data` of the payload of record `lsn` found at `at` (`payload_len` long),
    /// leaving them in the file.
    pub(crate) fn push_logged(
        &mut self,
        at: &RecordAt<'_>,
        lsn: Lsn,
        payload_len: usize,
        data: Range<usize>,
    ) {
        debug_assert!(data.start <= data.end && data.end <= payload_len);
        if data.is_empty() {
            return;
        }
        self.len += data.len();
        self.pieces.push(Piece::Logged {
            file: Arc::clone(at.file),
            path: at.path.to_path_buf(),
            lsn,
            crc: at.crc,
            offset: at.offset,
            payload_len,
            data,
        });
    }

    /// Drops the first `n` bytes.
    pub(crate) fn drop_front(&mut self, mut n: usize) {
        n = n.min(self.len);
        self.len -= n;
        let mut whole = 0;
        for piece in &mut self.pieces {
            let len = piece.len();
            if n >= len {
                n -= len;
                whole += 1;
                continue;
            }
            match piece {
                Piece::Bytes(b) => {
                    b.drain(..n);
                }
                Piece::Logged { data, .. } => data.start += n,
            }
            break;
        }
        self.pieces.drain(..whole);
    }

    /// The bytes, read from the files where needed: a record that cannot be read whole, or whose
    /// CRC no longer matches (the file changed since recovery validated it), is an error naming it.
    pub fn load(self) -> Result<Vec<u8>, String> {
        let mut pieces = self.pieces;
        if let [Piece::Bytes(b)] = pieces.as_mut_slice() {
            // Moved, not copied.
            return Ok(std::mem::take(b));
        }
        let mut out = Vec::with_capacity(self.len);
        let mut payload = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Bytes(b) => out.extend_from_slice(&b),
                Piece::Logged {
                    file,
                    path,
                    lsn,
                    crc,
                    offset,
                    payload_len,
                    data,
                } => {
                    payload.resize(payload_len, 0);
                    read_exact_at(&*file, &mut payload, offset).map_err(|e| {
                        format!("WAL record {lsn} in {} unreadable: {e}", path.display())
                    })?;
                    if record_crc(lsn, &payload) != crc {
                        return Err(format!(
                            "WAL record {lsn} in {} changed since it was read (checksum mismatch)",
                            path.display()
                        ));
                    }
                    let bytes = payload.get(data).ok_or_else(|| {
                        format!("WAL record {lsn} in {}: bad output range", path.display())
                    })?;
                    out.extend_from_slice(bytes);
                }
            }
        }
        Ok(out)
    }
}

fn read_exact_at(file: &dyn FsFile, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match file.read_at(buf, offset) {
            Ok(0) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the file ends early",
                ))
            }
            Ok(n) => {
                buf = buf.get_mut(n..).unwrap_or_default();
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::{Fs, OpenMode, StdFs};

    /// Bytes in memory and in a file, in order; the front dropped across pieces (the replay cap).
    #[test]
    fn pieces_load_in_order_after_the_front_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seg");
        let payload = b"..0123456789".to_vec();
        let mut file_bytes = vec![0u8; 10];
        file_bytes.extend_from_slice(&payload);
        std::fs::write(&path, &file_bytes).unwrap();
        let file: Arc<dyn FsFile> = StdFs.open(&path, OpenMode::Read).unwrap().into();
        let at = RecordAt {
            file: &file,
            path: &path,
            offset: 10,
            crc: record_crc(5, &payload),
        };
        let mut out = LoggedOutput::default();
        out.push_bytes(b"ab");
        out.push_logged(&at, 5, payload.len(), 2..payload.len());
        out.push_bytes(b"yz");
        assert_eq!(out.len(), 14);
        assert!(!out.in_memory());
        assert_eq!(out.clone().load().unwrap(), b"ab0123456789yz");
        out.drop_front(5);
        assert_eq!(out.len(), 9);
        assert_eq!(out.clone().load().unwrap(), b"3456789yz");
        out.drop_front(7);
        assert_eq!(out.clone().load().unwrap(), b"yz");
        assert!(out.in_memory());
        // A record whose CRC does not match what the pass read is refused.
        let mut bad = LoggedOutput::default();
        let wrong = RecordAt {
            crc: at.crc ^ 1,
            ..at
        };
        bad.push_logged(&wrong, 5, payload.len(), 2..payload.len());
        assert!(bad.load().unwrap_err().contains("checksum mismatch"));
        // One that the file no longer holds whole (cut short) is refused too.
        let mut short = LoggedOutput::default();
        short.push_logged(&at, 5, payload.len() + 4, 2..payload.len());
        assert!(short.load().unwrap_err().contains("unreadable"));
    }
}
