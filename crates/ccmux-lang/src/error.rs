//! Parse errors.

use std::fmt;

/// A parse error, with tmux's message text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    /// The file being parsed, if any.
    pub file: Option<String>,
    /// The line the parser was on when it found the error.
    pub line: u32,
    /// tmux's message, such as `syntax error` or `invalid environment variable`.
    pub message: String,
}

impl fmt::Display for ParseError {
    /// `file:line: message` as tmux prints it, or only the message when there is no file (tmux
    /// shows no line number for command strings).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}:{}: {}", file, self.line, self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_as_tmux() {
        let mut e = ParseError {
            file: Some("/home/me/.tmux.conf".into()),
            line: 12,
            message: "syntax error".into(),
        };
        assert_eq!(e.to_string(), "/home/me/.tmux.conf:12: syntax error");
        e.file = None;
        assert_eq!(e.to_string(), "syntax error");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(boxed.to_string(), "syntax error");
    }
}
