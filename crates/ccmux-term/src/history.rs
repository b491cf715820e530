//! Compact scrollback: each line's text with embedded SGR instead of alacritty's 24-byte cells.
//!
//! The texts live back to back in chunks (strings of up to [`CHUNK`] bytes) rather than in a
//! `String` each: a line scrolled in is a copy onto the newest chunk and a 12-byte entry, a line
//! dropped is an entry popped, and a chunk is freed once its last line is dropped. With a string
//! per line, a flood paid an allocation for each line scrolled in and a free for each line dropped
//! (the free touching the cold header of a line written 10,000 lines earlier), and every line
//! carried 24 bytes of `String` and its block's header and rounding besides its text.

use std::collections::VecDeque;
use std::mem::size_of;

/// One scrollback line in compact form (owned: what goes in and what is saved).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryLine {
    /// The line's text with its attributes as embedded SGR sequences (ESC [ ... m), trailing blanks
    /// trimmed (kept on wrapped lines, where they are part of the logical line), ending with a
    /// reset if any attribute was set. Independent of the emulator crate: this is also what the
    /// persistence layer stores as scrollback.
    pub text: String,
    /// The line continued onto the next one (soft wrap).
    pub wrapped: bool,
}

impl HistoryLine {
    /// A line from its parts.
    pub fn new(text: impl Into<String>, wrapped: bool) -> Self {
        Self {
            text: text.into(),
            wrapped,
        }
    }

    /// The line's text without any escape sequence.
    pub fn plain(&self) -> String {
        self.as_ref().plain()
    }

    /// The line borrowed, as the history hands its lines out.
    pub fn as_ref(&self) -> LineRef<'_> {
        LineRef {
            text: &self.text,
            wrapped: self.wrapped,
        }
    }
}

/// A history line, borrowed from the history (see [`HistoryLine`] for what its parts hold).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineRef<'a> {
    pub text: &'a str,
    pub wrapped: bool,
}

impl LineRef<'_> {
    /// The line's text without any escape sequence.
    pub fn plain(&self) -> String {
        crate::sgr::strip_sgr(self.text)
    }

    /// An owned copy.
    pub fn to_owned(&self) -> HistoryLine {
        HistoryLine::new(self.text, self.wrapped)
    }
}

/// A chunk is closed (a new one started) once the next line would take it past this many bytes. A
/// chunk grows as a `String` does, doubling, so a short history holds a small one.
const CHUNK: usize = 64 << 10;

/// The longest text a line keeps (longer ones, which no terminal row produces, are cut at a
/// character boundary): lengths are stored in 31 bits.
const MAX_LINE: usize = (1 << 31) - 1;

/// Where a line's text is.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The chunk's number (chunks are numbered as they are started; wraps around).
    chunk: u32,
    /// Its first byte in the chunk.
    start: u32,
    /// Its length, and in the top bit whether it wraps.
    len: u32,
}

const WRAPPED: u32 = 1 << 31;

/// Bounded FIFO of lines, oldest first, with a running byte count.
#[derive(Debug, Default)]
pub(crate) struct History {
    lines: VecDeque<Entry>,
    /// Oldest first; the front one is numbered `first_chunk`. Every chunk holds at least one line.
    chunks: VecDeque<String>,
    first_chunk: u32,
    limit: usize,
    /// Sum of the chunks' capacities.
    text_bytes: usize,
}

impl History {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            limit,
            ..Self::default()
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    pub(crate) fn get(&self, index: usize) -> Option<LineRef<'_>> {
        let e = self.lines.get(index)?;
        let chunk = self
            .chunks
            .get(e.chunk.wrapping_sub(self.first_chunk) as usize)?;
        let (start, len) = (e.start as usize, (e.len & !WRAPPED) as usize);
        Some(LineRef {
            text: chunk.get(start..start + len).unwrap_or_default(),
            wrapped: e.len & WRAPPED != 0,
        })
    }

    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = LineRef<'_>> + ExactSizeIterator {
        // Every index below `len` has its line.
        (0..self.len()).map(|i| {
            self.get(i).unwrap_or(LineRef {
                text: "",
                wrapped: false,
            })
        })
    }

    /// Append the newest line, dropping the oldest one when full.
    #[inline]
    pub(crate) fn push(&mut self, line: HistoryLine) {
        self.push_str(&line.text, line.wrapped);
    }

    /// Append the newest line (a copy of `text`), dropping the oldest one when full.
    #[inline]
    pub(crate) fn push_str(&mut self, text: &str, wrapped: bool) {
        if self.limit == 0 {
            return;
        }
        while self.lines.len() >= self.limit {
            self.pop_front();
        }
        let text = cut(text);
        // Grow by doubling but never beyond the limit: the deque's slots are part of the cost.
        if self.lines.len() == self.lines.capacity() {
            let want = self.lines.len().max(64).min(self.limit - self.lines.len());
            self.lines.reserve_exact(want);
        }
        let fits = self
            .chunks
            .back()
            .is_some_and(|c| c.len() + text.len() <= CHUNK.max(c.capacity()));
        if !fits {
            // A full chunk came before: this one will fill too (a flood), so no doubling.
            let room = if self.chunks.is_empty() {
                0
            } else {
                CHUNK.max(text.len())
            };
            let chunk = String::with_capacity(room);
            self.text_bytes += chunk.capacity();
            self.chunks.push_back(chunk);
        }
        let number = self.first_chunk.wrapping_add(self.chunks.len() as u32 - 1);
        let Some(chunk) = self.chunks.back_mut() else {
            return;
        };
        let before = chunk.capacity();
        let start = chunk.len();
        chunk.push_str(text);
        self.text_bytes += chunk.capacity() - before;
        self.lines.push_back(Entry {
            chunk: number,
            start: start as u32,
            len: text.len() as u32 | if wrapped { WRAPPED } else { 0 },
        });
    }

    fn pop_front(&mut self) {
        let Some(old) = self.lines.pop_front() else {
            return;
        };
        // The chunk goes with its last line.
        let next = self.lines.front().map(|e| e.chunk);
        if next != Some(old.chunk) {
            if let Some(chunk) = self.chunks.pop_front() {
                self.text_bytes -= chunk.capacity();
            }
            self.first_chunk = self.first_chunk.wrapping_add(1);
        }
    }

    pub(crate) fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
        while self.lines.len() > limit {
            self.pop_front();
        }
        if self.lines.capacity() > limit.max(64) {
            self.lines.shrink_to(limit.max(self.lines.len()));
        }
    }

    pub(crate) fn clear(&mut self) {
        let limit = self.limit;
        *self = Self::new(limit);
    }

    /// Gives back the newest chunk's spare room (for a pane gone idle).
    pub(crate) fn shrink(&mut self) {
        if let Some(chunk) = self.chunks.back_mut() {
            let before = chunk.capacity();
            chunk.shrink_to_fit();
            self.text_bytes -= before - chunk.capacity();
        }
    }

    /// Approximate heap bytes: the entries' slots plus the chunks (allocator overhead excluded).
    pub(crate) fn bytes(&self) -> usize {
        self.lines.capacity() * size_of::<Entry>()
            + self.chunks.capacity() * size_of::<String>()
            + self.text_bytes
    }
}

/// `text`, cut to at most [`MAX_LINE`] bytes at a character boundary.
fn cut(text: &str) -> &str {
    if text.len() <= MAX_LINE {
        return text;
    }
    let mut end = MAX_LINE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(h: &History) -> Vec<&str> {
        h.iter().map(|l| l.text).collect()
    }

    #[test]
    fn cap_and_bytes() {
        let mut h = History::new(3);
        for i in 0..10 {
            h.push(HistoryLine::new(format!("line{i}"), false));
        }
        assert_eq!(h.len(), 3);
        assert_eq!(texts(&h), ["line7", "line8", "line9"]);
        assert!(h.bytes() >= 15);
        assert!(h.lines.capacity() <= 64);
        h.set_limit(1);
        assert_eq!(h.iter().next().unwrap().text, "line9");
        h.set_limit(0);
        h.push(HistoryLine::new("x", false));
        assert_eq!(h.len(), 0);
        assert_eq!(h.text_bytes, 0);
        assert!(h.chunks.is_empty());
    }

    #[test]
    fn lines_keep_their_text_and_wrap_across_chunks_and_both_ways() {
        // Lines of varied lengths (multi-byte characters and empty ones included) through many
        // chunks: every kept line reads back as it went in, from either end and by index.
        let mut h = History::new(5000);
        let line = |i: usize| {
            let body = "é—x".repeat(i % 97);
            (format!("{i}:{body}"), i.is_multiple_of(3))
        };
        for i in 0..20_000 {
            let (text, wrapped) = line(i);
            h.push_str(if i.is_multiple_of(11) { "" } else { &text }, wrapped);
        }
        assert_eq!(h.len(), 5000);
        assert!(h.chunks.len() > 1, "several chunks: {}", h.chunks.len());
        let want: Vec<(String, bool)> = (15_000..20_000)
            .map(|i| {
                let (text, wrapped) = line(i);
                (
                    if i.is_multiple_of(11) {
                        String::new()
                    } else {
                        text
                    },
                    wrapped,
                )
            })
            .collect();
        let got: Vec<(String, bool)> = h.iter().map(|l| (l.text.into(), l.wrapped)).collect();
        assert_eq!(got, want);
        let back: Vec<(String, bool)> =
            h.iter().rev().map(|l| (l.text.into(), l.wrapped)).collect();
        assert!(back.iter().eq(want.iter().rev()));
        assert_eq!(h.get(1234).map(|l| l.to_owned()), {
            let (t, w) = &want[1234];
            Some(HistoryLine::new(t.as_str(), *w))
        });
        assert_eq!(h.get(5000), None);
        // The chunks held are about what the lines need: the dropped lines' chunks were freed.
        let text: usize = want.iter().map(|(t, _)| t.len()).sum();
        assert!(
            h.text_bytes <= text + 2 * CHUNK,
            "{} bytes of chunks for {text} of text",
            h.text_bytes
        );
        assert_eq!(
            h.text_bytes,
            h.chunks.iter().map(String::capacity).sum::<usize>()
        );
    }

    #[test]
    fn a_short_history_holds_a_small_chunk_and_shrink_gives_back_its_room() {
        let mut h = History::new(10_000);
        for i in 0..20 {
            h.push_str(&format!("$ command {i}"), false);
        }
        assert_eq!(h.chunks.len(), 1);
        assert!(h.text_bytes <= 512, "{}", h.text_bytes);
        h.shrink();
        let text: usize = h.iter().map(|l| l.text.len()).sum();
        assert_eq!(h.text_bytes, text);
        assert_eq!(h.chunks[0].capacity(), text);
        // A line after the shrink still goes on (a new chunk or the same one grown).
        h.push_str("after", true);
        assert_eq!(
            h.iter().last(),
            Some(LineRef {
                text: "after",
                wrapped: true
            })
        );
    }

    #[test]
    fn a_line_longer_than_a_chunk_gets_one_of_its_own() {
        let mut h = History::new(4);
        let long = "y".repeat(CHUNK + 10);
        h.push_str("a", false);
        h.push_str(&long, false);
        h.push_str("b", false);
        assert_eq!(texts(&h), ["a", long.as_str(), "b"]);
        h.set_limit(1);
        assert_eq!(texts(&h), ["b"]);
        assert_eq!(h.chunks.len(), 1);
    }

    #[test]
    fn clear_keeps_the_limit() {
        let mut h = History::new(2);
        h.push_str("a", false);
        h.clear();
        assert_eq!(h.len(), 0);
        h.push_str("b", false);
        h.push_str("c", false);
        h.push_str("d", false);
        assert_eq!(texts(&h), ["c", "d"]);
    }
}
