//! Compact scrollback: one `String` with embedded SGR per line instead of alacritty's 24-byte
//! cells.

use std::collections::VecDeque;
use std::mem::size_of;

/// One scrollback line in compact form.
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
        crate::sgr::strip_sgr(&self.text)
    }
}

/// Bounded FIFO of [`HistoryLine`]s, oldest first, with a running byte count.
#[derive(Debug, Default)]
pub(crate) struct History {
    lines: VecDeque<HistoryLine>,
    limit: usize,
    /// Sum of `text.capacity()` over `lines`.
    text_bytes: usize,
}

impl History {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            lines: VecDeque::new(),
            limit,
            text_bytes: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    pub(crate) fn get(&self, index: usize) -> Option<&HistoryLine> {
        self.lines.get(index)
    }

    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &HistoryLine> + ExactSizeIterator {
        self.lines.iter()
    }

    /// Append the newest line, dropping the oldest one when full.
    #[inline]
    pub(crate) fn push(&mut self, line: HistoryLine) {
        if self.limit == 0 {
            return;
        }
        while self.lines.len() >= self.limit {
            self.pop_front();
        }
        // Grow by doubling but never beyond the limit: the deque's slots are part of the cost.
        if self.lines.len() == self.lines.capacity() {
            let want = self.lines.len().max(64).min(self.limit - self.lines.len());
            self.lines.reserve_exact(want);
        }
        self.text_bytes += line.text.capacity();
        self.lines.push_back(line);
    }

    fn pop_front(&mut self) {
        if let Some(old) = self.lines.pop_front() {
            self.text_bytes -= old.text.capacity();
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
        self.lines = VecDeque::new();
        self.text_bytes = 0;
    }

    /// Approximate heap bytes: deque slots plus string buffers (allocator overhead excluded).
    pub(crate) fn bytes(&self) -> usize {
        self.lines.capacity() * size_of::<HistoryLine>() + self.text_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_and_bytes() {
        let mut h = History::new(3);
        for i in 0..10 {
            h.push(HistoryLine::new(format!("line{i}"), false));
        }
        assert_eq!(h.len(), 3);
        let texts: Vec<_> = h.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["line7", "line8", "line9"]);
        assert!(h.bytes() >= 15);
        assert!(h.lines.capacity() <= 64);
        h.set_limit(1);
        assert_eq!(h.iter().next().unwrap().text, "line9");
        h.set_limit(0);
        h.push(HistoryLine::new("x", false));
        assert_eq!(h.len(), 0);
        assert_eq!(h.text_bytes, 0);
    }
}
