//! Segment file format: header, record framing, streaming validation.
//!
//! ```text
//! header v2 : magic "CCMUXWAL" | version u32 LE = 2 | first_lsn u64 LE | declared_len u64 LE
//!             | crc32c u32 LE (of the 28 bytes before)
//! header v1 : magic "CCMUXWAL" | version u32 LE = 1 | first_lsn u64 LE | crc32c u32 LE (of the 20 bytes before)
//! record    : len u32 LE | crc32c u32 LE (of lsn bytes + payload) | lsn u64 LE | payload[len]
//! ```
//! A record whose `len` field is zero marks the end of the data (preallocated,
//! zero-filled space follows). A v2 segment declares the length it was created with
//! (preallocated): a last segment shorter than that was cut.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use crate::fsutil::{le_u32, le_u64};
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, IoContext};
use crate::fs::{FileReader, Fs, FsFile, OpenMode};
use crate::fsutil::{last_nonzero_end, read_up_to};
use crate::Lsn;

/// Magic bytes at the start of every segment.
pub const SEGMENT_MAGIC: [u8; 8] = *b"CCMUXWAL";
/// Format version written in new segments; the newest one this build reads.
pub const WAL_FORMAT_VERSION: u32 = 2;
/// Size of the segment header of the version written now (v2), in bytes.
pub const SEGMENT_HEADER_LEN: usize = 32;
/// Size of a version 1 segment header (still read, and appended to).
pub const SEGMENT_HEADER_LEN_V1: usize = 24;
/// Size of a record header (len, crc, lsn) in bytes.
pub const RECORD_HEADER_LEN: usize = 16;
/// Largest payload accepted by `append` (and by the reader).
pub const MAX_RECORD_SIZE: usize = 16 << 20;
/// Extension of segment files.
pub const SEGMENT_EXT: &str = "wal";

/// Why bytes of a segment were not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corruption {
    /// The file is shorter than a segment header.
    TornHeader { len: u64 },
    /// The file does not start with `CCMUXWAL`.
    BadMagic,
    /// Version field 0 (never written by any ccmux).
    UnsupportedVersion(u32),
    /// The header checksum does not match.
    HeaderChecksum,
    /// The LSN in the header differs from the one in the file name.
    HeaderLsnMismatch { name: Lsn, header: Lsn },
    /// A record header or payload runs past the end of the file.
    TruncatedRecord { lsn: Lsn },
    /// A record length above [`MAX_RECORD_SIZE`].
    RecordTooLarge { lsn: Lsn, len: u64 },
    /// The record checksum does not match.
    Checksum { lsn: Lsn },
    /// The record carries an unexpected LSN.
    LsnMismatch { expected: Lsn, found: Lsn },
    /// Non-zero bytes after the end-of-data marker.
    GarbageAfterEnd,
    /// The next segment does not start right after this one.
    Gap { expected: Lsn, found: Lsn },
    /// The segment comes after a damaged or missing one, so it cannot be trusted.
    FollowsDamage { at_lsn: Lsn },
    /// The segment comes after one that cannot be read at all.
    FollowsUnreadable { path: std::path::PathBuf },
}

impl std::fmt::Display for Corruption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Corruption::TornHeader { len } => write!(f, "torn segment header ({len} bytes)"),
            Corruption::BadMagic => write!(f, "bad segment magic"),
            Corruption::UnsupportedVersion(v) => write!(f, "unsupported format version {v}"),
            Corruption::HeaderChecksum => write!(f, "segment header checksum mismatch"),
            Corruption::HeaderLsnMismatch { name, header } => {
                write!(f, "header LSN {header} differs from file name LSN {name}")
            }
            Corruption::TruncatedRecord { lsn } => write!(f, "record {lsn} is truncated"),
            Corruption::RecordTooLarge { lsn, len } => {
                write!(f, "record {lsn} claims {len} bytes (over the maximum)")
            }
            Corruption::Checksum { lsn } => write!(f, "record {lsn}: checksum mismatch"),
            Corruption::LsnMismatch { expected, found } => {
                write!(f, "expected LSN {expected}, found {found}")
            }
            Corruption::GarbageAfterEnd => write!(f, "non-zero bytes after the end marker"),
            Corruption::Gap { expected, found } => {
                write!(f, "next segment starts at LSN {found}, expected {expected}")
            }
            Corruption::FollowsDamage { at_lsn } => {
                write!(f, "follows damaged or missing WAL data at LSN {at_lsn}")
            }
            Corruption::FollowsUnreadable { path } => {
                write!(f, "follows the unreadable {}", path.display())
            }
        }
    }
}

/// `00000000000000000001.wal`
pub fn segment_file_name(first_lsn: Lsn) -> String {
    format!("{first_lsn:020}.{SEGMENT_EXT}")
}

/// Inverse of [`segment_file_name`]; `None` for anything else (LSN 0 included).
pub fn parse_segment_name(name: &str) -> Option<Lsn> {
    let digits = name.strip_suffix(".wal")?;
    if digits.len() != 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&l| l > 0)
}

/// Encode a segment header of the current version: a segment starting at `first_lsn`, created
/// `declared_len` bytes long (preallocated; 0: not preallocated, its length follows its data).
pub fn encode_header(first_lsn: Lsn, declared_len: u64) -> [u8; SEGMENT_HEADER_LEN] {
    let mut h = [0u8; SEGMENT_HEADER_LEN];
    h[0..8].copy_from_slice(&SEGMENT_MAGIC);
    h[8..12].copy_from_slice(&WAL_FORMAT_VERSION.to_le_bytes());
    h[12..20].copy_from_slice(&first_lsn.to_le_bytes());
    h[20..28].copy_from_slice(&declared_len.to_le_bytes());
    let crc = crc32c::crc32c(&h[0..28]);
    h[28..32].copy_from_slice(&crc.to_le_bytes());
    h
}

/// Encode a version 1 segment header (as written before v2; for tests and samples).
pub fn encode_header_v1(first_lsn: Lsn) -> [u8; SEGMENT_HEADER_LEN_V1] {
    let mut h = [0u8; SEGMENT_HEADER_LEN_V1];
    h[0..8].copy_from_slice(&SEGMENT_MAGIC);
    h[8..12].copy_from_slice(&1u32.to_le_bytes());
    h[12..20].copy_from_slice(&first_lsn.to_le_bytes());
    let crc = crc32c::crc32c(&h[0..20]);
    h[20..24].copy_from_slice(&crc.to_le_bytes());
    h
}

/// What a valid segment header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    pub version: u32,
    /// Bytes before the first record.
    pub len: u64,
    /// v2: the length the segment was created with (0: not preallocated). v1: 0.
    pub declared_len: u64,
}

pub(crate) enum HeaderCheck {
    Ok(Header),
    Future(u32),
    Bad(Corruption),
}

/// Header length of a segment of `version` (a known, non-zero one).
fn header_len(version: u32) -> usize {
    if version == 1 {
        SEGMENT_HEADER_LEN_V1
    } else {
        SEGMENT_HEADER_LEN
    }
}

/// Validate the (possibly short) header bytes read from a file named `name_lsn`.
/// The version is checked before the checksum: a newer format may lay the
/// header out differently, and such a file must never be "repaired".
pub(crate) fn check_header(h: &[u8], name_lsn: Lsn) -> HeaderCheck {
    if h.get(..8).is_some_and(|magic| magic != SEGMENT_MAGIC) {
        return HeaderCheck::Bad(Corruption::BadMagic);
    }
    if h.len() < 12 {
        return HeaderCheck::Bad(Corruption::TornHeader {
            len: h.len() as u64,
        });
    }
    let version = le_u32(h, 8);
    if version > WAL_FORMAT_VERSION {
        return HeaderCheck::Future(version);
    }
    if version == 0 {
        return HeaderCheck::Bad(Corruption::UnsupportedVersion(version));
    }
    let len = header_len(version);
    if h.len() < len {
        return HeaderCheck::Bad(Corruption::TornHeader {
            len: h.len() as u64,
        });
    }
    let crc_at = len - 4;
    if crc32c::crc32c(h.get(..crc_at).unwrap_or_default()) != le_u32(h, crc_at) {
        return HeaderCheck::Bad(Corruption::HeaderChecksum);
    }
    let header_lsn = le_u64(h, 12);
    if header_lsn != name_lsn {
        return HeaderCheck::Bad(Corruption::HeaderLsnMismatch {
            name: name_lsn,
            header: header_lsn,
        });
    }
    let declared_len = if version >= 2 { le_u64(h, 20) } else { 0 };
    HeaderCheck::Ok(Header {
        version,
        len: len as u64,
        declared_len,
    })
}

/// Reads a segment's header: the version part first, then as many bytes as that version's header
/// has (so that the reader is left at the first record).
fn read_header(r: &mut impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let mut h = vec![0u8; 12];
    let n = read_up_to(r, &mut h)?;
    h.truncate(n);
    if n == 12 {
        let version = le_u32(&h, 8);
        if (1..=WAL_FORMAT_VERSION).contains(&version) {
            let mut rest = vec![0u8; header_len(version) - 12];
            let m = read_up_to(r, &mut rest)?;
            h.extend_from_slice(rest.get(..m).unwrap_or_default());
        }
    }
    Ok(h)
}

/// CRC-32C over the LSN bytes and the payload.
pub fn record_crc(lsn: Lsn, payload: &[u8]) -> u32 {
    let c = crc32c::crc32c(&lsn.to_le_bytes());
    crc32c::crc32c_append(c, payload)
}

/// Append the framed record to `buf`.
pub fn encode_record(buf: &mut Vec<u8>, lsn: Lsn, payload: &[u8]) {
    debug_assert!(!payload.is_empty() && payload.len() <= MAX_RECORD_SIZE);
    buf.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    buf.extend_from_slice(&record_crc(lsn, payload).to_le_bytes());
    buf.extend_from_slice(&lsn.to_le_bytes());
    buf.extend_from_slice(payload);
}

/// Bytes a record of `payload_len` occupies on disk.
pub fn framed_len(payload_len: usize) -> u64 {
    (RECORD_HEADER_LEN + payload_len) as u64
}

/// Where a segment stops being valid.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    /// First byte not kept.
    pub offset: u64,
    /// Just past the last non-zero byte of the file (>= offset).
    pub nonzero_end: u64,
    pub reason: Corruption,
}

/// Result of validating one segment file.
#[derive(Debug, Clone)]
pub(crate) struct ParsedSegment {
    pub first_lsn: Lsn,
    pub file_len: u64,
    /// Header plus complete valid records; 0 when the header is unusable.
    pub valid_len: u64,
    pub records: u64,
    pub last_lsn: Option<Lsn>,
    pub problem: Option<Problem>,
    /// The header, when it is valid.
    pub header: Option<Header>,
    /// The data ended at a zero length field (the end marker of a preallocated segment), not at
    /// the end of the file.
    pub end_marker: bool,
}

impl ParsedSegment {
    /// A v2 segment shorter than the length it declares, whose data runs to the end of the file:
    /// cut (a crash never shortens one; a roll trims one only once its successor is durable).
    pub fn cut(&self) -> Option<u64> {
        let declared = self.header?.declared_len;
        (declared > 0 && self.file_len < declared && !self.end_marker).then_some(declared)
    }

    /// The LSN the record after this segment's last one must carry.
    pub fn next_lsn(&self) -> Lsn {
        match self.last_lsn {
            Some(l) => l.saturating_add(1),
            None => self.first_lsn,
        }
    }
}

/// Read only the version-relevant header prefix; `Err(FutureVersion)` if the
/// file was written by a newer format.
pub(crate) fn check_not_future(fs: &dyn Fs, path: &Path, name_lsn: Lsn) -> crate::Result<()> {
    let f = fs.open(path, OpenMode::Read).ctx("open segment", path)?;
    let h = read_header(&mut FileReader::new(&*f, 0)).ctx("read segment", path)?;
    if let HeaderCheck::Future(found) = check_header(&h, name_lsn) {
        return Err(Error::FutureVersion {
            path: path.to_path_buf(),
            found,
            supported: WAL_FORMAT_VERSION,
        });
    }
    Ok(())
}

/// Where a valid record's payload is: its segment (the open file, which stays readable after a rename
/// or an unlink), the payload's offset in it, and the record's CRC (over its LSN and payload).
#[derive(Clone, Copy, Debug)]
pub struct RecordAt<'a> {
    pub file: &'a Arc<dyn FsFile>,
    pub path: &'a Path,
    pub offset: u64,
    pub crc: u32,
}

/// Validate a segment, streaming; `on_record` sees every valid record in order, with where it is.
/// Never modifies the file.
pub(crate) fn parse_segment<E, F>(
    fs: &dyn Fs,
    path: &Path,
    name_lsn: Lsn,
    mut on_record: F,
) -> std::result::Result<ParsedSegment, E>
where
    E: From<Error>,
    F: FnMut(Lsn, &[u8], &RecordAt<'_>) -> std::result::Result<(), E>,
{
    let file: Arc<dyn FsFile> = fs
        .open(path, OpenMode::Read)
        .ctx("open segment", path)?
        .into();
    let file_len = file.len().ctx("stat segment", path)?;
    let mut r = BufReader::with_capacity(256 * 1024, FileReader::new(&*file, 0));
    let problem = |offset, reason| problem_at(&*file, path, offset, reason);
    let mut seg = ParsedSegment {
        first_lsn: name_lsn,
        file_len,
        valid_len: 0,
        records: 0,
        last_lsn: None,
        problem: None,
        header: None,
        end_marker: false,
    };

    let h = read_header(&mut r).ctx("read segment", path)?;
    let header = match check_header(&h, name_lsn) {
        HeaderCheck::Ok(header) => header,
        HeaderCheck::Future(found) => {
            return Err(Error::FutureVersion {
                path: path.to_path_buf(),
                found,
                supported: WAL_FORMAT_VERSION,
            }
            .into())
        }
        HeaderCheck::Bad(reason) => {
            seg.problem = Some(problem(0, reason)?);
            return Ok(seg);
        }
    };
    seg.header = Some(header);

    let mut pos = header.len;
    seg.valid_len = pos;
    let mut expected = name_lsn;
    let mut payload = Vec::new();
    loop {
        let mut rh = [0u8; RECORD_HEADER_LEN];
        let n = read_up_to(&mut r, &mut rh).ctx("read segment", path)?;
        if n == 0 {
            break;
        }
        let len = le_u32(&rh, 0) as u64;
        if len == 0 {
            seg.end_marker = true;
            // End marker: everything from here on must be zero.
            let p = problem(pos, Corruption::GarbageAfterEnd)?;
            if p.nonzero_end > pos {
                seg.problem = Some(p);
            }
            break;
        }
        if n < RECORD_HEADER_LEN {
            seg.problem = Some(problem(pos, Corruption::TruncatedRecord { lsn: expected })?);
            break;
        }
        if len > MAX_RECORD_SIZE as u64 {
            seg.problem = Some(problem(
                pos,
                Corruption::RecordTooLarge { lsn: expected, len },
            )?);
            break;
        }
        let crc = le_u32(&rh, 4);
        let lsn = le_u64(&rh, 8);
        payload.resize(len as usize, 0);
        let m = read_up_to(&mut r, &mut payload).ctx("read segment", path)?;
        if (m as u64) < len {
            seg.problem = Some(problem(pos, Corruption::TruncatedRecord { lsn: expected })?);
            break;
        }
        if record_crc(lsn, &payload) != crc {
            seg.problem = Some(problem(pos, Corruption::Checksum { lsn: expected })?);
            break;
        }
        if lsn != expected {
            seg.problem = Some(problem(
                pos,
                Corruption::LsnMismatch {
                    expected,
                    found: lsn,
                },
            )?);
            break;
        }
        let at = RecordAt {
            file: &file,
            path,
            offset: pos + RECORD_HEADER_LEN as u64,
            crc,
        };
        on_record(lsn, &payload, &at)?;
        pos += RECORD_HEADER_LEN as u64 + len;
        seg.valid_len = pos;
        seg.records += 1;
        seg.last_lsn = Some(lsn);
        expected = lsn.saturating_add(1);
    }
    Ok(seg)
}

fn problem_at(
    file: &dyn FsFile,
    path: &Path,
    offset: u64,
    reason: Corruption,
) -> crate::Result<Problem> {
    let nonzero_end =
        last_nonzero_end(&mut FileReader::new(file, offset), offset).ctx("read segment", path)?;
    Ok(Problem {
        offset,
        nonzero_end,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_reject_others() {
        assert_eq!(segment_file_name(1), "00000000000000000001.wal");
        assert_eq!(
            parse_segment_name(&segment_file_name(u64::MAX)),
            Some(u64::MAX)
        );
        for bad in [
            "00000000000000000000.wal",
            "0000000000000000001.wal",
            "00000000000000000001.wal.corrupt",
            "00000000000000000001.wal.tail-24.corrupt",
            "99999999999999999999.wal",
            "0000000000000000000a.wal",
            "+0000000000000000001.wal",
        ] {
            assert_eq!(parse_segment_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn header_checks() {
        let h = encode_header(7, 4096);
        assert!(matches!(
            check_header(&h, 7),
            HeaderCheck::Ok(Header {
                version: 2,
                len: 32,
                declared_len: 4096
            })
        ));
        let v1 = encode_header_v1(7);
        assert!(matches!(
            check_header(&v1, 7),
            HeaderCheck::Ok(Header {
                version: 1,
                len: 24,
                declared_len: 0
            })
        ));
        assert!(matches!(
            check_header(&h[..24], 7),
            HeaderCheck::Bad(Corruption::TornHeader { len: 24 })
        ));
        assert!(matches!(
            check_header(&h, 8),
            HeaderCheck::Bad(Corruption::HeaderLsnMismatch { name: 8, header: 7 })
        ));
        assert!(matches!(
            check_header(&h[..10], 7),
            HeaderCheck::Bad(Corruption::TornHeader { len: 10 })
        ));
        let mut future = h;
        future[8] = 3;
        // Newer versions are recognised before (and regardless of) the checksum.
        assert!(matches!(
            check_header(&future[..12], 7),
            HeaderCheck::Future(3)
        ));
        let mut zero = h;
        zero[8] = 0;
        assert!(matches!(
            check_header(&zero, 7),
            HeaderCheck::Bad(Corruption::UnsupportedVersion(0))
        ));
    }

    #[test]
    fn record_framing() {
        let mut buf = Vec::new();
        encode_record(&mut buf, 3, b"abc");
        assert_eq!(buf.len() as u64, framed_len(3));
        assert_eq!(&buf[0..4], &3u32.to_le_bytes());
        assert_eq!(&buf[4..8], &record_crc(3, b"abc").to_le_bytes());
        assert_eq!(&buf[8..16], &3u64.to_le_bytes());
        assert_eq!(&buf[16..], b"abc");
        assert_ne!(record_crc(3, b"abc"), record_crc(4, b"abc"));
    }
}
