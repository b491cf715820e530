//! One word: quotes, escapes, `~` and `$` expansion (tmux's `yylex_token` and helpers).

use super::{bytes_to_string, is_var_char, LexResult, Lexer, SYNTAX_ERROR};
use crate::reader::Ch;
use crate::ParseEnv;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    None,
    Double,
    Single,
}

/// tmux's buffers for a variable or user name are 1024 bytes.
const NAME_MAX: usize = 1022;

impl Lexer<'_> {
    /// A word starting with `first`. It ends at an unquoted space, tab, newline, `;` or `}`, or at
    /// the end of the input (an unterminated quote is not an error: the word takes the rest).
    pub(super) fn word(&mut self, first: Ch, env: &dyn ParseEnv) -> LexResult<String> {
        let mut buf = Vec::new();
        let mut state = State::None;
        // Which state the last character was added in: `~` expands only as the first character
        // added in the current quoting state.
        let mut last = State::Start;
        let mut ch = first;

        while let Some(c) = ch {
            if state == State::None && matches!(c, b'\n' | b' ' | b'\t' | b';' | b'}') {
                break;
            }

            if c == b'\n' {
                // A newline inside quotes stays, but spaces and a comment after it are removed.
                buf.push(b'\n');
                ch = self.getc();
                while matches!(ch, Some(b' ' | b'\t')) {
                    ch = self.getc();
                }
                if ch != Some(b'#') {
                    continue;
                }
                ch = self.getc();
                if matches!(ch, Some(b',' | b'#' | b'{' | b'}' | b':' | 0)) {
                    self.ungetc(ch);
                    ch = Some(b'#');
                } else {
                    // As tmux: the character after `#` is dropped unlooked-at, even a newline.
                    loop {
                        ch = self.getc();
                        if ch == Some(b'\n') || ch.is_none() {
                            break;
                        }
                    }
                }
                continue;
            }

            if state != State::Single && matches!(c, b'\\' | b'~' | b'$') {
                let expanded = match c {
                    b'\\' => self.escape(&mut buf)?,
                    b'~' if last != state => self.tilde(&mut buf, env)?,
                    b'$' => self.variable(&mut buf, env)?,
                    _ => false,
                };
                if expanded {
                    last = state;
                    ch = self.getc();
                    continue;
                }
            }

            match (c, state) {
                (b'\'', State::None) => state = State::Single,
                (b'\'', State::Single) => state = State::None,
                (b'"', State::None) => state = State::Double,
                (b'"', State::Double) => state = State::None,
                _ => {
                    buf.push(c);
                    last = state;
                }
            }
            ch = self.getc();
        }
        self.ungetc(ch);
        Ok(bytes_to_string(buf))
    }

    /// After a backslash: `\a \b \e \f \n \r \s \t \v`, `\ooo` octal, `\uXXXX` and `\UXXXXXXXX`;
    /// any other character stands for itself. Returns `true` when something was added.
    fn escape(&mut self, buf: &mut Vec<u8>) -> LexResult<bool> {
        let Some(ch) = self.getc() else {
            return self.fail(SYNTAX_ERROR);
        };
        let (kind, digits) = match ch {
            b'4'..=b'7' => return self.fail("invalid octal escape"),
            b'0'..=b'3' => return self.octal(ch, buf),
            b'u' => ('u', 4),
            b'U' => ('U', 8),
            _ => {
                buf.push(match ch {
                    b'a' => 0x07,
                    b'b' => 0x08,
                    b'e' => 0x1b,
                    b'f' => 0x0c,
                    b's' => b' ',
                    b'v' => 0x0b,
                    b'r' => b'\r',
                    b'n' => b'\n',
                    b't' => b'\t',
                    other => other,
                });
                return Ok(true);
            }
        };

        let mut value: u32 = 0;
        for _ in 0..digits {
            let Some(c) = self.getc().filter(|&c| c != b'\n') else {
                return self.fail(SYNTAX_ERROR);
            };
            let Some(d) = char::from(c).to_digit(16) else {
                return self.fail(&format!("invalid \\{kind} argument"));
            };
            value = value << 4 | d;
        }
        // tmux converts with wctomb in a UTF-8 locale: surrogates and values past 0x7fffffff are
        // refused; values past U+10FFFF give bytes that are not UTF-8 (U+FFFD here).
        match value {
            0xd800..=0xdfff | 0x8000_0000.. => self.fail(&format!("invalid \\{kind} argument")),
            _ => {
                let c = char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER);
                let mut tmp = [0u8; 4];
                buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                Ok(true)
            }
        }
    }

    /// `\ooo`: exactly three octal digits, the first 0 to 3.
    fn octal(&mut self, first: u8, buf: &mut Vec<u8>) -> LexResult<bool> {
        let o2 = self.getc();
        if let Some(o2 @ b'0'..=b'7') = o2 {
            let o3 = self.getc();
            if let Some(o3 @ b'0'..=b'7') = o3 {
                buf.push((first - b'0') * 64 + (o2 - b'0') * 8 + (o3 - b'0'));
                return Ok(true);
            }
        }
        self.fail("invalid octal escape")
    }

    /// After `$`: `NAME` or `${NAME}` from the global environment (nothing if unset). A `$` not
    /// followed by a name is kept.
    fn variable(&mut self, buf: &mut Vec<u8>, env: &dyn ParseEnv) -> LexResult<bool> {
        let Some(ch) = self.getc() else {
            return self.fail(SYNTAX_ERROR);
        };
        let brackets = ch == b'{';
        let mut name = Vec::new();
        if !brackets {
            if !is_var_char(ch, true) {
                buf.push(b'$');
                self.ungetc(Some(ch));
                return Ok(true);
            }
            name.push(ch);
        }
        loop {
            let ch = self.getc();
            if brackets && ch == Some(b'}') {
                break;
            }
            let Some(c) = ch.filter(|&c| is_var_char(c, false)) else {
                if !brackets {
                    self.ungetc(ch);
                    break;
                }
                return self.fail("invalid environment variable");
            };
            if name.len() == NAME_MAX {
                return self.fail("environment variable is too long");
            }
            name.push(c);
        }
        // The name holds only ASCII letters, digits and `_`.
        let name = String::from_utf8_lossy(&name);
        if let Some(value) = env.get_env(&name) {
            buf.extend_from_slice(value.as_bytes());
        }
        Ok(true)
    }

    /// After a leading `~`: the home directory of the current user (`HOME`, else the password
    /// database) or of the named user, up to `/`, a space, tab, newline or quote. An unknown user
    /// is a syntax error.
    fn tilde(&mut self, buf: &mut Vec<u8>, env: &dyn ParseEnv) -> LexResult<bool> {
        let mut name = Vec::new();
        loop {
            let ch = self.getc();
            let Some(c) = ch.filter(|c| !b"/ \t\n\"'\0".contains(c)) else {
                self.ungetc(ch);
                break;
            };
            if name.len() == NAME_MAX {
                return self.fail("user name is too long");
            }
            name.push(c);
        }
        let home = if name.is_empty() {
            env.get_env("HOME")
                .filter(|h| !h.is_empty())
                .or_else(|| env.home_dir(None))
        } else {
            env.home_dir(Some(&bytes_to_string(name)))
        };
        match home {
            Some(home) => {
                buf.extend_from_slice(home.as_bytes());
                Ok(true)
            }
            None => self.fail(SYNTAX_ERROR),
        }
    }
}
