//! A pane's raw output kept for control clients (tmux's window_pane_offset and control blocks): the
//! bytes from `start` to `end` of the pane's output, with when each read arrived. The pane's IO thread
//! appends under the screen lock and never waits for anyone; each control client reads from its own
//! offset. What every reader has read is dropped; a reader that falls more than [`TAP_MAX`] behind
//! loses the oldest bytes and finds out ([`Chunk::lost`]), so a slow client never holds a pane back.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The most output a pane keeps for a lagging control client.
pub const TAP_MAX: usize = 8 * 1024 * 1024;

/// Output kept while no control client reads the pane yet (a new pane's first output, read a moment
/// later by the clients that see it appear).
const IDLE_KEEP: usize = 64 * 1024;

static SEQ: AtomicU64 = AtomicU64::new(1);

/// A server-wide sequence number: pane reads, notifications and command replies are ordered by it.
pub fn next_seq() -> u64 {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

/// One read from the PTY.
#[derive(Clone, Copy, Debug)]
struct Read {
    /// Offset of its first byte.
    at: u64,
    seq: u64,
    time: Instant,
}

#[derive(Debug)]
pub struct Tap {
    data: VecDeque<u8>,
    /// Offset of `data[0]`.
    start: u64,
    reads: VecDeque<Read>,
    /// Where each control client has read up to.
    readers: HashMap<u32, u64>,
    /// When the tap began (a sequence number): a pane that appeared after a client came is read by
    /// it from its start, one that was there before from where it was when the client first saw it.
    pub born: u64,
}

/// What a reader gets.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Chunk {
    pub bytes: Vec<u8>,
    /// The offset just past `bytes` (where the reader is now).
    pub next: u64,
    /// Bytes between the reader's offset and the first kept byte were dropped.
    pub lost: bool,
}

impl Tap {
    /// A tap starting at output offset `end` (nothing kept yet).
    pub fn new(end: u64, born: u64) -> Tap {
        Tap {
            data: VecDeque::new(),
            start: end,
            reads: VecDeque::new(),
            readers: HashMap::new(),
            born,
        }
    }

    pub fn start(&self) -> u64 {
        self.start
    }

    pub fn end(&self) -> u64 {
        self.start + self.data.len() as u64
    }

    /// Appends one read of the pane's output.
    pub fn push(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        self.reads.push_back(Read {
            at: self.end(),
            seq: next_seq(),
            time: Instant::now(),
        });
        self.data.extend(bytes);
        self.trim();
    }

    /// Records where `reader` has read to (and drops what every reader has read).
    pub fn set_reader(&mut self, reader: u32, at: u64) {
        self.readers.insert(reader, at.min(self.end()));
        self.trim();
    }

    pub fn remove_reader(&mut self, reader: u32) {
        self.readers.remove(&reader);
        self.trim();
    }

    fn trim(&mut self) {
        let end = self.end();
        let wanted = match self.readers.values().min() {
            Some(&m) => m,
            None => end.saturating_sub(IDLE_KEEP as u64),
        };
        let keep_from = wanted.max(end.saturating_sub(TAP_MAX as u64));
        if keep_from <= self.start {
            return;
        }
        let drop = (keep_from - self.start) as usize;
        self.data.drain(..drop.min(self.data.len()));
        self.start = keep_from;
        // The read holding `start` stays (it dates the first kept byte).
        while self.reads.len() > 1 && self.reads.get(1).is_some_and(|r| r.at <= self.start) {
            self.reads.pop_front();
        }
    }

    /// When the byte at `at` arrived (none: nothing kept from there).
    pub fn time_of(&self, at: u64) -> Option<Instant> {
        if at < self.start || at >= self.end() {
            return None;
        }
        self.reads.iter().rev().find(|r| r.at <= at).map(|r| r.time)
    }

    /// Up to `max` bytes from `from`, only of reads numbered below `before` (output that came before
    /// a notification is written before it).
    pub fn read(&self, from: u64, before: u64, max: usize) -> Chunk {
        let lost = from < self.start;
        let from = from.max(self.start);
        // The first read at or after a sequence number of `before` or later bounds what is given.
        let limit = self
            .reads
            .iter()
            .find(|r| r.seq >= before)
            .map_or(self.end(), |r| r.at.max(self.start));
        let to = limit.min(from.saturating_add(max as u64));
        if to <= from {
            return Chunk {
                bytes: Vec::new(),
                next: from,
                lost,
            };
        }
        let a = (from - self.start) as usize;
        let b = (to - self.start) as usize;
        Chunk {
            bytes: self.data.range(a..b).copied().collect(),
            next: to,
            lost,
        }
    }

    /// The sequence number of the read holding the byte at `at` (none: not kept).
    #[cfg(test)]
    pub fn seq_of(&self, at: u64) -> Option<u64> {
        if at < self.start || at >= self.end() {
            return None;
        }
        self.reads.iter().rev().find(|r| r.at <= at).map(|r| r.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_get_what_came_after_them_and_trim_what_all_have() {
        let mut t = Tap::new(100, 0);
        t.set_reader(1, 100);
        t.push(b"hello ");
        t.push(b"world");
        let c = t.read(100, u64::MAX, 1 << 20);
        assert_eq!(
            (c.bytes.as_slice(), c.next, c.lost),
            (&b"hello world"[..], 111, false)
        );
        t.set_reader(1, 106);
        assert_eq!(t.start(), 106);
        assert_eq!(t.read(106, u64::MAX, 3).bytes, b"wor");
    }

    #[test]
    fn a_read_stops_before_a_later_sequence_number() {
        let mut t = Tap::new(0, 0);
        t.set_reader(1, 0);
        t.push(b"one");
        let mark = next_seq();
        t.push(b"two");
        assert_eq!(t.read(0, mark, 100).bytes, b"one");
        assert_eq!(t.read(3, mark, 100).bytes, b"");
        assert_eq!(t.read(0, u64::MAX, 100).bytes, b"onetwo");
        assert!(t.seq_of(0).unwrap() < mark && t.seq_of(3).unwrap() > mark);
    }

    #[test]
    fn a_lagging_reader_loses_the_oldest_bytes_and_is_told() {
        let mut t = Tap::new(0, 0);
        t.set_reader(1, 0);
        let block = vec![b'x'; 1024 * 1024];
        for _ in 0..(TAP_MAX / block.len() + 2) {
            t.push(&block);
        }
        assert!(t.end() - t.start() <= TAP_MAX as u64);
        let c = t.read(0, u64::MAX, 10);
        assert!(c.lost);
        assert_eq!(c.next, t.start() + 10);
        assert!(t.time_of(t.start()).is_some());
    }

    #[test]
    fn without_readers_only_a_little_is_kept() {
        let mut t = Tap::new(0, 0);
        t.push(&vec![b'y'; 200 * 1024]);
        assert_eq!(t.end() - t.start(), IDLE_KEEP as u64);
        t.remove_reader(9);
        assert_eq!(t.end(), 200 * 1024);
    }
}
