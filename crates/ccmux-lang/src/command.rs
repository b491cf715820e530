//! What the parser produces.

/// One argument of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A word, after quotes, escapes and expansions were processed.
    Word(String),
    /// A `{ ... }` block: a command list, already parsed (used by `bind-key`, `if-shell`, hooks).
    Block(Vec<ParsedCommand>),
}

impl Arg {
    /// The word, if this is one.
    pub fn as_word(&self) -> Option<&str> {
        match self {
            Arg::Word(w) => Some(w),
            Arg::Block(_) => None,
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Word(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Word(s)
    }
}

/// One command: its name (the first word, not yet resolved) and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCommand {
    pub name: String,
    pub args: Vec<Arg>,
    /// The line tmux's parser gives the command: the line where it ends (a newline inside quotes
    /// does not count as a line, and a command ended by a comment gets the next line's number).
    /// tmux starts a new command group (`;;` when printed) where this changes. Note that when tmux
    /// then builds a command holding a block, the line it records (and shows in errors and
    /// `source -v`) is that of the last command built inside the block.
    pub line: u32,
}

impl ParsedCommand {
    pub fn new(name: impl Into<String>, args: Vec<Arg>, line: u32) -> Self {
        ParsedCommand {
            name: name.into(),
            args,
            line,
        }
    }
}
