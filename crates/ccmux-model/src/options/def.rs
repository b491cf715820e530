//! What an option is: tmux's `struct options_table_entry`, and finding one by the name a user typed.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::colour::Colour;
use super::table::TABLE;
use super::OptionError;
use serde::{Deserialize, Serialize};

/// Where an option's value lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    Server,
    Session,
    Window,
    Pane,
}

/// The scopes an option may be set in (tmux's `OPTIONS_TABLE_*` bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScopeSet(u8);

impl ScopeSet {
    pub const SERVER: ScopeSet = ScopeSet(1);
    pub const SESSION: ScopeSet = ScopeSet(2);
    pub const WINDOW: ScopeSet = ScopeSet(4);
    /// A window option that may also be set on single panes (`set -p`), which then win over the window's.
    pub const WINDOW_PANE: ScopeSet = ScopeSet(4 | 8);

    pub fn contains(self, scope: Scope) -> bool {
        let bit = match scope {
            Scope::Server => 1,
            Scope::Session => 2,
            Scope::Window => 4,
            Scope::Pane => 8,
        };
        self.0 & bit != 0
    }
}

/// An option's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    String,
    /// A whole number in `min..=max`.
    Number {
        min: i64,
        max: i64,
    },
    /// A key name, like `prefix`.
    Key,
    Colour,
    /// `on`/`off`.
    Flag,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    /// tmux commands (only hooks have this type, and they are arrays).
    Command,
}

/// An option's built-in default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultValue {
    /// A string, or for an array option the text split into items by its separators.
    Str(&'static str),
    Num(i64),
    Flag(bool),
    /// The name of the chosen choice.
    Choice(&'static str),
    Colour(Colour),
    /// A key name, as printed.
    Key(&'static str),
    /// An array's items, one per index from 0.
    List(&'static [&'static str]),
}

/// One row of the options table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionDef {
    pub name: &'static str,
    pub kind: OptionKind,
    pub scopes: ScopeSet,
    pub default: DefaultValue,
    /// An array option: values are indexed items (`name[N]`).
    pub array: bool,
    /// tmux's separator. For arrays it splits a value into items (`None`: space or comma; `""`: the
    /// whole value is one item); for strings `set -a` puts it between the old and added text.
    pub separator: Option<&'static str>,
    /// The value is a style, checked when set.
    pub style: bool,
    /// The option is a hook (an array of commands run on an event).
    pub hook: bool,
    /// A glob (`fnmatch`) a string value must match.
    pub pattern: Option<&'static str>,
    /// The unit of a number, for documentation.
    pub unit: Option<&'static str>,
    /// tmux's one-line description.
    pub text: &'static str,
}

/// Old spellings tmux still accepts, and the option each means.
const OTHER_NAMES: [(&str, &str); 5] = [
    ("display-panes-color", "display-panes-colour"),
    ("display-panes-active-color", "display-panes-active-colour"),
    ("clock-mode-color", "clock-mode-colour"),
    ("cursor-color", "cursor-colour"),
    ("pane-colors", "pane-colours"),
];

/// Every option tmux 3.3a has, hooks included, in tmux's order (the order `show-options` lists them).
pub fn table() -> &'static [OptionDef] {
    &TABLE
}

/// The current spelling of an option name (`clock-mode-color` is `clock-mode-colour`).
pub fn canonical_name(name: &str) -> &str {
    OTHER_NAMES
        .iter()
        .find(|(old, _)| *old == name)
        .map_or(name, |(_, new)| new)
}

/// The option with exactly this name (or an old spelling of it); no prefix matching.
pub fn find(name: &str) -> Option<&'static OptionDef> {
    // Looked up for every option a key, a frame or a format reads: by hash, not along the table.
    static BY_NAME: std::sync::OnceLock<
        std::collections::HashMap<&'static str, &'static OptionDef>,
    > = std::sync::OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| TABLE.iter().map(|d| (d.name, d)).collect());
    by_name.get(canonical_name(name)).copied()
}

/// The option a user's `set-option`/`show-options` argument names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionName {
    Table(&'static OptionDef),
    /// A user option, `@name`.
    User(String),
}

impl OptionName {
    pub fn name(&self) -> &str {
        match self {
            OptionName::Table(def) => def.name,
            OptionName::User(name) => name,
        }
    }

    pub fn def(&self) -> Option<&'static OptionDef> {
        match self {
            OptionName::Table(def) => Some(def),
            OptionName::User(_) => None,
        }
    }
}

/// Resolves a user-typed option argument as `set-option` and `show-options` do (tmux's
/// `options_match`): an optional `[N]` index, an old spelling, or any unambiguous prefix of a name
/// (`base-i` is `base-index`; `status-le` is ambiguous). `@name` is a user option.
///
/// tmux reports a malformed index (`name[x]`, `name[-1]`, an empty name) as an *ambiguous* option,
/// because it prints an uninitialised flag there; this reproduces the message users see.
pub fn match_option(input: &str) -> Result<(OptionName, Option<u32>), OptionError> {
    let ambiguous = || OptionError::AmbiguousOption(input.to_string());
    let (name, index) = split_index(input).ok_or_else(ambiguous)?;
    if name.starts_with('@') {
        return Ok((OptionName::User(name.to_string()), index));
    }
    let name = canonical_name(name);
    let mut found = None;
    for def in TABLE.iter() {
        if def.name == name {
            found = Some(def);
            break;
        }
        if def.name.starts_with(name) {
            if found.is_some() {
                return Err(ambiguous());
            }
            found = Some(def);
        }
    }
    match found {
        Some(def) => Ok((OptionName::Table(def), index)),
        None => Err(OptionError::InvalidOption(input.to_string())),
    }
}

/// tmux's `options_parse`: `name` or `name[N]`; `None` if malformed.
fn split_index(input: &str) -> Option<(&str, Option<u32>)> {
    if input.is_empty() {
        return None;
    }
    let Some(open) = input.find('[') else {
        return Some((input, None));
    };
    let (name, bracketed) = input.split_at(open);
    let inner = bracketed.strip_prefix('[')?;
    let number = inner.strip_suffix(']')?;
    if number.contains(']') || !number.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // sscanf("[%d]"): the leading number, so `name[1x2]` is index 1.
    let index = super::cnum::scan_int(number)?;
    u32::try_from(index).ok().map(|i| (name, Some(i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(input: &str) -> Result<(String, Option<u32>), String> {
        match_option(input)
            .map(|(n, i)| (n.name().to_string(), i))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn matches_names_like_tmux() {
        let ok = |n: &str, i| Ok((n.to_string(), i));
        assert_eq!(matched("base-i"), ok("base-index", None));
        assert_eq!(matched("mous"), ok("mouse", None));
        assert_eq!(matched("status-left-l"), ok("status-left-length", None));
        assert_eq!(matched("status-left"), ok("status-left", None));
        assert_eq!(matched("clock-mode-color"), ok("clock-mode-colour", None));
        assert_eq!(matched("pane-colors[1]"), ok("pane-colours", Some(1)));
        assert_eq!(matched("after-new-w"), ok("after-new-window", None));
        assert_eq!(matched("@foo[1]"), ok("@foo", Some(1)));
        assert_eq!(
            matched("update-environment[ 2]"),
            ok("update-environment", Some(2))
        );
        assert_eq!(
            matched("update-environment[+2]"),
            ok("update-environment", Some(2))
        );
        assert_eq!(
            matched("update-environment[02]"),
            ok("update-environment", Some(2))
        );
        assert_eq!(
            matched("update-environment[99999999999]"),
            ok("update-environment", Some(1_215_752_191))
        );
        // Messages from tmux 3.3a's `set -g NAME x`.
        let err = |m: &str| Err(m.to_string());
        assert_eq!(matched("status-le"), err("ambiguous option: status-le"));
        assert_eq!(matched("nonexistent"), err("invalid option: nonexistent"));
        assert_eq!(matched(""), err("ambiguous option: "));
        assert_eq!(matched("[0]"), err("ambiguous option: [0]"));
        for bad in [
            "x[x]",
            "x[-1]",
            "x[2]x",
            "x[]",
            "x[4294967295]",
            "x[é]",
            "x[",
        ] {
            let input = bad.replace('x', "update-environment");
            assert_eq!(matched(&input), err(&format!("ambiguous option: {input}")));
        }
    }

    #[test]
    fn table_is_tmux_3_3a() {
        assert_eq!(table().len(), 116 + 65);
        assert_eq!(table().iter().filter(|d| d.hook).count(), 65);
        for def in table() {
            assert_eq!(find(def.name), Some(def));
            assert!(
                !def.text.is_empty() || def.hook,
                "{} has a description",
                def.name
            );
        }
        assert_eq!(find("cursor-color").map(|d| d.name), Some("cursor-colour"));
        assert_eq!(find("base-i"), None);
    }
}
