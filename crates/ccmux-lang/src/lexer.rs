//! Splits the input into tokens (tmux's `yylex`).

mod word;

use crate::reader::{Ch, Reader};
use crate::ParseEnv;

/// The message tmux gives when it has nothing more precise.
pub(crate) const SYNTAX_ERROR: &str = "syntax error";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    Newline,
    Semicolon,
    Open,
    Close,
    Hidden,
    If,
    Else,
    Elif,
    Endif,
    /// A `#{...}` format right after a `%` keyword, unquoted.
    Format(String),
    Word(String),
    /// A word of the form `NAME=value` (after expansion).
    Equals(String),
    /// The end of the input, after the final newline.
    End,
}

/// A lexer error: the line it happened on and tmux's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) line: u32,
    pub(crate) message: String,
}

pub(crate) type LexResult<T> = Result<T, Failure>;

pub(crate) struct Lexer<'a> {
    pub(crate) r: Reader<'a>,
    /// The last token was a newline: the line number goes up before the next one.
    eol: bool,
    /// The end was reached and the closing newline handed out.
    eof: bool,
    /// The last token was a `%` keyword, so `#{` opens a format rather than a comment.
    condition: bool,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str, first_line: u32) -> Self {
        Lexer {
            r: Reader::new(text, first_line),
            eol: false,
            eof: false,
            condition: false,
        }
    }

    pub(crate) fn line(&self) -> u32 {
        self.r.line
    }

    pub(crate) fn fail<T>(&self, message: &str) -> LexResult<T> {
        Err(Failure {
            line: self.r.line,
            message: message.to_string(),
        })
    }

    fn next_line(&mut self) {
        self.r.line = self.r.line.saturating_add(1);
    }

    pub(crate) fn next_token(&mut self, env: &dyn ParseEnv) -> LexResult<Token> {
        if self.eol {
            self.next_line();
        }
        self.eol = false;
        let condition = std::mem::replace(&mut self.condition, false);

        loop {
            let Some(ch) = self.r.getc() else {
                // Every input ends with a newline, so the grammar needs no special end.
                if self.eof {
                    return Ok(Token::End);
                }
                self.eof = true;
                return Ok(Token::Newline);
            };
            match ch {
                b' ' | b'\t' => continue,
                b'\n' => {
                    self.eol = true;
                    return Ok(Token::Newline);
                }
                b';' => return Ok(Token::Semicolon),
                b'{' => return Ok(Token::Open),
                b'}' => return Ok(Token::Close),
                b'#' => {
                    let mut next = self.r.getc();
                    if condition && next == Some(b'{') {
                        return self.format().map(Token::Format);
                    }
                    // A comment, up to the end of the line.
                    while next != Some(b'\n') && next.is_some() {
                        next = self.r.getc();
                    }
                    if next.is_some() {
                        self.next_line();
                        return Ok(Token::Newline);
                    }
                }
                b'%' => return self.keyword(),
                _ => {
                    let word = self.word(Some(ch), env)?;
                    return Ok(if is_assignment(&word) {
                        Token::Equals(word)
                    } else {
                        Token::Word(word)
                    });
                }
            }
        }
    }

    /// A word starting with `%`: a plain word if it is all `%` and digits (`%1` is a pane),
    /// otherwise one of the keywords.
    fn keyword(&mut self) -> LexResult<Token> {
        let mut word = vec![b'%'];
        let mut ch = self.r.getc();
        while let Some(c) = ch {
            if matches!(c, b' ' | b'\t' | b'\n' | 0) {
                break;
            }
            word.push(c);
            ch = self.r.getc();
        }
        self.r.ungetc(ch);

        if word.iter().all(|&c| c == b'%' || c.is_ascii_digit()) {
            return Ok(Token::Word(String::from_utf8_lossy(&word).into_owned()));
        }
        self.condition = true;
        match word.as_slice() {
            b"%hidden" => Ok(Token::Hidden),
            b"%if" => Ok(Token::If),
            b"%else" => Ok(Token::Else),
            b"%elif" => Ok(Token::Elif),
            b"%endif" => Ok(Token::Endif),
            _ => self.fail(SYNTAX_ERROR),
        }
    }

    /// An unquoted `#{...}` format after a `%` keyword, up to its matching `}` on the same line.
    fn format(&mut self) -> LexResult<String> {
        let mut buf = b"#{".to_vec();
        let mut brackets = 1u32;
        loop {
            let mut ch = self.format_char()?;
            if ch == b'#' {
                ch = self.format_char()?;
                if ch == b'{' {
                    brackets += 1;
                }
                buf.push(b'#');
            } else if ch == b'}' && brackets != 0 {
                brackets -= 1;
                if brackets == 0 {
                    buf.push(ch);
                    break;
                }
            }
            buf.push(ch);
        }
        Ok(bytes_to_string(buf))
    }

    fn format_char(&mut self) -> LexResult<u8> {
        match self.r.getc() {
            None | Some(b'\n') => self.fail(SYNTAX_ERROR),
            Some(c) => Ok(c),
        }
    }

    pub(crate) fn getc(&mut self) -> Ch {
        self.r.getc()
    }

    pub(crate) fn ungetc(&mut self, ch: Ch) {
        self.r.ungetc(ch)
    }
}

/// tmux's `yylex_is_var`: a byte that can be part of a variable name.
pub(crate) fn is_var_char(ch: u8, first: bool) -> bool {
    if ch == b'=' || (first && ch.is_ascii_digit()) {
        return false;
    }
    ch.is_ascii_alphanumeric() || ch == b'_'
}

/// Whether a word is `NAME=value`: a name (letters, digits and `_`, not starting with a digit)
/// then `=`. tmux checks the word after quotes and expansions, so `"A=1"` counts too.
fn is_assignment(word: &str) -> bool {
    let bytes = word.as_bytes();
    let Some(eq) = bytes.iter().position(|&c| c == b'=') else {
        return false;
    };
    match bytes.split_first() {
        Some((&first, _)) if is_var_char(first, true) => {}
        _ => return false,
    }
    bytes
        .iter()
        .take(eq)
        .skip(1)
        .all(|&c| is_var_char(c, false))
}

/// Turns the bytes of a word into a string as tmux would see it: a C string stops at the first NUL
/// (from `\000` or `\u0000`), and bytes that are not UTF-8 (from octal escapes) become U+FFFD.
pub(crate) fn bytes_to_string(mut buf: Vec<u8>) -> String {
    if let Some(nul) = buf.iter().position(|&c| c == 0) {
        buf.truncate(nul);
    }
    match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments() {
        assert!(is_assignment("A=1"));
        assert!(is_assignment("_a9=x=y"));
        assert!(is_assignment("A="));
        assert!(!is_assignment("=1"));
        assert!(!is_assignment("1A=1"));
        assert!(!is_assignment("A-B=1"));
        assert!(!is_assignment("AB"));
        assert!(!is_assignment("é=1"));
    }

    #[test]
    fn nul_ends_a_word() {
        assert_eq!(bytes_to_string(b"a\0b".to_vec()), "a");
        assert_eq!(bytes_to_string(vec![b'a', 0xff]), "a\u{fffd}");
        assert_eq!(bytes_to_string(vec![0xc3, 0xa9]), "é");
    }
}
