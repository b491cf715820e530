//! The tmux command language, parsed as tmux 3.3a parses it (`cmd-parse.y`).
//!
//! * [`parse`] reads configuration files, command strings and `{ }` blocks: words, quotes, escapes,
//!   `~` and `$NAME` expansion, `;` and newline separators, comments, line continuation, `NAME=value`
//!   and `%hidden NAME=value` assignments and `%if`/`%elif`/`%else`/`%endif` conditions.
//! * [`parse_arguments`] splits arguments that the shell already split (the tmux command line) into
//!   commands at `;`.
//! * [`quote_word`] and [`print_commands`] print commands back as `list-keys` and `show-hooks` do.
//!
//! The parser knows no command names: the first word of each command is its name and the rest are
//! its arguments, to be resolved later. It does no IO; the environment, home directories and `%if`
//! formats come from the caller through [`ParseEnv`].
//!
//! tmux's quirks are kept, because configuration files written for tmux rely on what tmux does,
//! not on its manual: an unterminated quote takes the rest of the input without an error, quoted
//! strings span lines, `#` starts a comment only at the start of a word, an empty `%if` branch is
//! a syntax error, and so on (the tests list them, each checked with tmux 3.3a). Where this
//! differs from tmux:
//!
//! * Words are Rust strings: bytes that are not UTF-8 (made by octal escapes such as `\377`, or
//!   `\U` beyond U+10FFFF) become U+FFFD.
//! * Blocks and conditions nest at most 200 deep ("yacc stack overflow"); tmux allows about 2000
//!   blocks or 5000 `%if`s, and its server crashes on far fewer nested blocks than that.
//! * [`quote_word`] double-quotes the few words tmux prints in a form that does not parse back.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

mod arguments;
mod command;
mod error;
mod lexer;
mod parser;
mod print;
mod reader;

pub use arguments::parse_arguments;
pub use command::{Arg, ParsedCommand};
pub use error::ParseError;
pub use parser::parse;
pub use print::{print_commands, print_commands_with, quote_word, PrintStyle};

/// What the parser needs from the outside world.
pub trait ParseEnv {
    /// The value of a variable in the global environment, for `$NAME` and `${NAME}` (and `HOME`
    /// for a bare `~`). `None` when it is unset.
    fn get_env(&self, name: &str) -> Option<String>;
    /// Sets a global environment variable: a `NAME=value` line, or `%hidden NAME=value`.
    fn set_env(&mut self, name: &str, value: &str, hidden: bool);
    /// The home directory of `user` (`~user`), or with `None` of the current user from the password
    /// database (`~` when `HOME` is unset or empty). `None` if there is no such user: a parse error.
    fn home_dir(&self, user: Option<&str>) -> Option<String>;
    /// Whether a `%if`/`%elif` format is true: the caller expands it and applies [`format_true`].
    fn condition(&mut self, format: &str) -> bool;
}

/// How to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    /// The file name put in front of error messages (`file:line: message`); `None` for a command
    /// string, whose errors are the bare message.
    pub file: Option<String>,
    /// The number of the first line (tmux counts configuration files from 1).
    pub first_line: u32,
    /// Parse without setting environment variables (`source-file -n`).
    pub parse_only: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            file: None,
            first_line: 1,
            parse_only: false,
        }
    }
}

impl ParseOptions {
    /// Options for a file called `name`, counted from line 1.
    pub fn file(name: impl Into<String>) -> Self {
        ParseOptions {
            file: Some(name.into()),
            ..ParseOptions::default()
        }
    }
}

/// tmux's `format_true`: an expanded format is true unless it is empty or `0`.
pub fn format_true(expanded: &str) -> bool {
    !expanded.is_empty() && expanded != "0"
}
