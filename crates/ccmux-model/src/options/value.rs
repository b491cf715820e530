//! Option values, and turning a user's `set-option` text into one exactly as tmux does.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::cnum::strtonum;
use super::colour::Colour;
use super::def::{DefaultValue, OptionDef, OptionKind};
use super::style::Style;
use super::OptionError;
use crate::keys::Key;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// The value of one option in one scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OptionValue {
    /// A string option (styles and formats included) or a user option (`@name`).
    String(String),
    Number(i64),
    Flag(bool),
    /// The chosen word of a choice option.
    Choice(String),
    Colour(Colour),
    /// A key, spelt as tmux prints it (`C-b`, `None`).
    Key(String),
    /// Command text (hooks keep theirs in an array).
    Command(String),
    /// An array option's items by index. The items of a colour array (`pane-colours`) are colour
    /// names as tmux prints them; those of a hook are command text.
    Array(BTreeMap<u32, String>),
}

impl OptionValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            OptionValue::String(s)
            | OptionValue::Choice(s)
            | OptionValue::Key(s)
            | OptionValue::Command(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<i64> {
        match self {
            OptionValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_flag(&self) -> Option<bool> {
        match self {
            OptionValue::Flag(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_colour(&self) -> Option<Colour> {
        match self {
            OptionValue::Colour(c) => Some(*c),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&BTreeMap<u32, String>> {
        match self {
            OptionValue::Array(items) => Some(items),
            _ => None,
        }
    }
}

impl OptionDef {
    /// This option's built-in default, as a value.
    pub fn default_value(&self) -> &'static OptionValue {
        static DEFAULTS: OnceLock<HashMap<&'static str, OptionValue>> = OnceLock::new();
        let defaults = DEFAULTS.get_or_init(|| {
            super::table()
                .iter()
                .map(|def| (def.name, def.build_default()))
                .collect()
        });
        // Every table row has an entry; a hand-made definition falls back to an empty string.
        static EMPTY: OptionValue = OptionValue::String(String::new());
        defaults.get(self.name).unwrap_or(&EMPTY)
    }

    fn build_default(&self) -> OptionValue {
        match self.default {
            DefaultValue::List(items) => {
                OptionValue::Array((0u32..).zip(items.iter().map(|s| s.to_string())).collect())
            }
            DefaultValue::Str(s) if self.array => {
                OptionValue::Array(assign(self, BTreeMap::new(), s).unwrap_or_default())
            }
            DefaultValue::Str(s) => OptionValue::String(s.to_string()),
            DefaultValue::Num(n) => OptionValue::Number(n),
            DefaultValue::Flag(b) => OptionValue::Flag(b),
            DefaultValue::Choice(c) => OptionValue::Choice(c.to_string()),
            DefaultValue::Colour(c) => OptionValue::Colour(c),
            DefaultValue::Key(k) => OptionValue::Key(k.to_string()),
        }
    }
}

/// Parses `set-option`'s value for an option without an index, as tmux's `options_from_string` and
/// `options_array_assign` do.
///
/// `text` is `None` when no value was given: flags then toggle, choices toggle between their first
/// two words (`set -g bell-action` turns `any` into `none`; a later word is left alone), and every
/// other type is an `empty value` error.
///
/// `old` is the value being changed. With `append` (`set -a`) a string gets the new text after it
/// (with a comma between for styles), and an array gets the new items at its next free indexes;
/// tmux appends only to a value set in the same scope, so pass that scope's own value. For toggling
/// pass the value in force (`None` means the default). `set -a` on other types just sets.
///
/// Checks tmux makes that need the outside world are left to the caller: whether `default-shell`
/// is executable (its `not a suitable shell: VALUE`), and whether hook commands parse.
pub fn parse_value(
    def: &OptionDef,
    text: Option<&str>,
    old: Option<&OptionValue>,
    append: bool,
) -> Result<OptionValue, OptionError> {
    let toggled = || old.unwrap_or(def.default_value());
    if def.array {
        let text = text.ok_or(OptionError::EmptyValue)?;
        let start = match (append, old) {
            (true, Some(OptionValue::Array(items))) => items.clone(),
            _ => BTreeMap::new(),
        };
        return assign(def, start, text).map(OptionValue::Array);
    }
    match def.kind {
        OptionKind::Flag => {
            let flag = match text {
                None | Some("") => !toggled().as_flag().unwrap_or(false),
                Some(t)
                    if t == "1"
                        || t.eq_ignore_ascii_case("on")
                        || t.eq_ignore_ascii_case("yes") =>
                {
                    true
                }
                Some(t)
                    if t == "0"
                        || t.eq_ignore_ascii_case("off")
                        || t.eq_ignore_ascii_case("no") =>
                {
                    false
                }
                Some(t) => return Err(OptionError::BadValue(t.to_string())),
            };
            Ok(OptionValue::Flag(flag))
        }
        OptionKind::Choice(choices) => {
            let index = match text {
                None => {
                    let current = toggled().as_str().unwrap_or("");
                    let i = choices.iter().position(|c| *c == current).unwrap_or(0);
                    if i < 2 {
                        1 - i
                    } else {
                        i
                    }
                }
                Some(t) => choices
                    .iter()
                    .position(|c| *c == t)
                    .ok_or_else(|| OptionError::UnknownValue(t.to_string()))?,
            };
            Ok(OptionValue::Choice(
                choices.get(index).unwrap_or(&"").to_string(),
            ))
        }
        _ => parse_given(def, text.ok_or(OptionError::EmptyValue)?, old, append),
    }
}

/// A value given for a type that cannot toggle.
fn parse_given(
    def: &OptionDef,
    text: &str,
    old: Option<&OptionValue>,
    append: bool,
) -> Result<OptionValue, OptionError> {
    match def.kind {
        OptionKind::Number { min, max } => strtonum(text, min, max)
            .map(OptionValue::Number)
            .map_err(|e| OptionError::ValueIs(e.as_str(), text.to_string())),
        OptionKind::Key => Key::parse(text)
            .map(|k| OptionValue::Key(k.name()))
            .ok_or_else(|| OptionError::BadKey(text.to_string())),
        OptionKind::Colour => Colour::parse(text)
            .map(OptionValue::Colour)
            .ok_or_else(|| OptionError::BadColour(text.to_string())),
        OptionKind::Command => Ok(OptionValue::Command(text.to_string())),
        _ => {
            let new = match (append, old) {
                (true, Some(OptionValue::String(old))) => {
                    format!("{old}{}{text}", def.separator.unwrap_or(""))
                }
                _ => text.to_string(),
            };
            check_string(def, &new)?;
            Ok(OptionValue::String(new))
        }
    }
}

/// tmux's `options_from_string_check`, less the shell's executability.
fn check_string(def: &OptionDef, value: &str) -> Result<(), OptionError> {
    if def.name == "default-shell" && !value.starts_with('/') {
        return Err(OptionError::NotSuitableShell(value.to_string()));
    }
    if def.pattern.is_some_and(|p| !super::glob::fnmatch(p, value)) {
        return Err(OptionError::ValueIs("invalid", value.to_string()));
    }
    if def.style && !value.contains("#{") && Style::parse(value).is_err() {
        return Err(OptionError::InvalidStyle(value.to_string()));
    }
    Ok(())
}

/// Parses `set-option name[N] value`: one item of an array option. `old` is the item's current
/// text, which `append` adds to (without a separator, as tmux).
pub fn parse_array_item(
    def: &OptionDef,
    text: Option<&str>,
    old: Option<&str>,
    append: bool,
) -> Result<String, OptionError> {
    let text = text.ok_or(OptionError::EmptyValue)?;
    match def.kind {
        OptionKind::Colour => Colour::parse(text)
            .map(|c| c.to_string())
            .ok_or_else(|| OptionError::BadColour(text.to_string())),
        OptionKind::String => Ok(match (append, old) {
            (true, Some(old)) => format!("{old}{text}"),
            _ => text.to_string(),
        }),
        _ => Ok(text.to_string()),
    }
}

/// The lowest index an array has no item at (tmux's options_array_assign looks from 0 up): `None`
/// when every index is taken. Arrays are usually dense, so that is checked first.
pub fn first_free(items: &BTreeMap<u32, String>) -> Option<u32> {
    let len = u32::try_from(items.len()).ok()?;
    match items.last_key_value() {
        None => Some(0),
        Some((last, _)) if *last == len - 1 => Some(len),
        Some(_) => (0..u32::MAX)
            .zip(items.keys())
            .find(|(i, k)| i != *k)
            .map(|(i, _)| i),
    }
}

/// tmux's `options_array_assign`: splits `text` at the option's separators and puts each non-empty
/// piece at the next free index of `items`. Fails whole on the first bad item (tmux keeps the items
/// it had added before it).
fn assign(
    def: &OptionDef,
    mut items: BTreeMap<u32, String>,
    text: &str,
) -> Result<BTreeMap<u32, String>, OptionError> {
    let separators = def.separator.unwrap_or(" ,");
    let pieces: Vec<&str> = if separators.is_empty() {
        vec![text]
    } else {
        text.split(|c| separators.contains(c)).collect()
    };
    for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
        let Some(free) = first_free(&items) else {
            break;
        };
        let item = parse_array_item(def, Some(piece), None, false)?;
        items.insert(free, item);
    }
    Ok(items)
}

#[cfg(test)]
mod tests;
