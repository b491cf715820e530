//! The character source under the lexer: bytes with tmux's line continuation (`yylex_getc`).
//!
//! tmux works on bytes and so does this: a multi-byte UTF-8 character passes through unchanged,
//! and nothing here can split one (no string is ever sliced).

/// A byte, or `None` at the end of the input (C's `EOF`).
pub(crate) type Ch = Option<u8>;

pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    off: usize,
    /// Backslashes read but not handed out yet.
    escapes: u32,
    /// The current line number, advanced by line continuations and by the lexer.
    pub(crate) line: u32,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str, first_line: u32) -> Self {
        Reader {
            buf: text.as_bytes(),
            off: 0,
            escapes: 0,
            line: first_line,
        }
    }

    fn getc1(&mut self) -> Ch {
        let ch = self.buf.get(self.off).copied();
        if ch.is_some() {
            self.off += 1;
        }
        ch
    }

    /// Puts back the byte just read (tmux's buffer `yylex_ungetc`: steps back one byte).
    pub(crate) fn ungetc(&mut self, ch: Ch) {
        if ch.is_some() && self.off > 0 {
            self.off -= 1;
        }
    }

    /// The next byte. An odd run of backslashes before a newline loses one backslash and the
    /// newline (line continuation, everywhere: in words, quotes and comments).
    pub(crate) fn getc(&mut self) -> Ch {
        if self.escapes != 0 {
            self.escapes -= 1;
            return Some(b'\\');
        }
        loop {
            let ch = self.getc1();
            if ch == Some(b'\\') {
                self.escapes += 1;
                continue;
            }
            if ch == Some(b'\n') && self.escapes % 2 == 1 {
                self.line = self.line.saturating_add(1);
                self.escapes -= 1;
                continue;
            }
            if self.escapes != 0 {
                self.ungetc(ch);
                self.escapes -= 1;
                return Some(b'\\');
            }
            return ch;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> (Vec<u8>, u32) {
        let mut r = Reader::new(text, 1);
        let mut out = Vec::new();
        while let Some(c) = r.getc() {
            out.push(c);
        }
        (out, r.line)
    }

    #[test]
    fn continuation_removes_odd_backslash_and_newline() {
        assert_eq!(all("a\\\nb"), (b"ab".to_vec(), 2));
        assert_eq!(all("a\\\\\nb"), (b"a\\\\\nb".to_vec(), 1));
        assert_eq!(all("a\\\\\\\nb"), (b"a\\\\b".to_vec(), 2));
        assert_eq!(all("a\\"), (b"a\\".to_vec(), 1));
        assert_eq!(all("\\x\\"), (b"\\x\\".to_vec(), 1));
    }
}
