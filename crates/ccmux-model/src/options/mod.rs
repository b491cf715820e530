//! tmux's options: the table of every option tmux 3.3a has ([`table`], [`find`]), typed values
//! parsed from a user's text exactly as `set-option` does ([`parse_value`], [`Options::set_option`]),
//! printed as `show-options` does ([`show_option`], [`show_options`]), colours and styles for
//! renderers ([`Colour`], [`Style`]), and per-scope storage with inheritance ([`Options`],
//! [`resolve`]).
//!
//! Errors carry tmux's own messages, so `set -g base-index -1` fails with
//! `value is too small: -1` here as in tmux.

pub(crate) mod cnum;
mod colour;
mod def;
mod glob;
/// `fnmatch(3)` with no flags (`update-environment` names).
pub use glob::fnmatch;
mod print;
mod store;
mod style;
mod table;
mod value;
mod x11_colours;

pub use colour::Colour;
pub use def::{
    canonical_name, find, match_option, table, DefaultValue, OptionDef, OptionKind, OptionName,
    Scope, ScopeSet,
};
pub use print::{escape, show_option, show_options, value_text, ShowFlags};
pub use store::{resolve, Options};
pub use style::{Align, Attrs, DefaultType, List, Range, Style, StyleError};
pub use value::{first_free, parse_array_item, parse_value, OptionValue};

/// Why `set-option` refused: each displays as tmux's message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    #[error("invalid option: {0}")]
    InvalidOption(String),
    #[error("ambiguous option: {0}")]
    AmbiguousOption(String),
    #[error("not an array: {0}")]
    NotAnArray(String),
    #[error("empty value")]
    EmptyValue,
    /// `value is invalid: V`, `value is too small: V`, `value is too large: V`.
    #[error("value is {0}: {1}")]
    ValueIs(&'static str, String),
    /// A flag given something other than on/off/yes/no/1/0.
    #[error("bad value: {0}")]
    BadValue(String),
    /// A choice given a word not in its list.
    #[error("unknown value: {0}")]
    UnknownValue(String),
    #[error("bad colour: {0}")]
    BadColour(String),
    #[error("bad key: {0}")]
    BadKey(String),
    #[error("invalid style: {0}")]
    InvalidStyle(String),
    #[error("not a suitable shell: {0}")]
    NotSuitableShell(String),
}

#[cfg(test)]
mod tests;
