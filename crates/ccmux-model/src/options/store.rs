//! One scope's option values, the `set-option` operation on them, and looking a value up through
//! the scopes a pane, window or session inherits from.

use super::def::{canonical_name, match_option, table, OptionKind, OptionName, Scope};
use super::value::{parse_array_item, parse_value, OptionValue};
use super::OptionError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The options set in one scope: the server, a session, a window, a pane, or the global session or
/// window options. Names are stored in their current spelling; user options start with `@`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    values: BTreeMap<String, OptionValue>,
}

impl Options {
    /// No options set: what a new session, window or pane starts with.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every option of `scope` at its default: what tmux's server, global session (`set -g`) and
    /// global window (`set -gw`) options start as. `Scope::Window` includes the options panes may
    /// also set; `Scope::Pane` gives only those.
    pub fn with_defaults(scope: Scope) -> Self {
        let values = table()
            .iter()
            .filter(|def| def.scopes.contains(scope))
            .map(|def| (def.name.to_string(), def.default_value().clone()))
            .collect();
        Options { values }
    }

    /// The value set in this scope (not inherited).
    pub fn get(&self, name: &str) -> Option<&OptionValue> {
        self.values.get(canonical_name(name))
    }

    /// [`Options::get`] of a name already in its current spelling ([`canonical_name`]).
    pub fn get_canonical(&self, name: &str) -> Option<&OptionValue> {
        self.values.get(name)
    }

    /// Sets a value as is; [`Options::set_option`] is the checked way from user text.
    pub fn set(&mut self, name: &str, value: OptionValue) {
        self.values.insert(canonical_name(name).to_string(), value);
    }

    /// Removes the value set in this scope, so the option is inherited again.
    pub fn unset(&mut self, name: &str) -> Option<OptionValue> {
        self.values.remove(canonical_name(name))
    }

    /// One item of an array option set in this scope.
    pub fn array_get(&self, name: &str, index: u32) -> Option<&str> {
        self.get(name)?.as_array()?.get(&index).map(String::as_str)
    }

    /// Sets one item of an array option in this scope. If the option is not set here (or is not an
    /// array) it becomes an array holding just this item, as in tmux: items are not merged with
    /// inherited ones.
    pub fn array_set(&mut self, name: &str, index: u32, item: String) {
        let value = self
            .values
            .entry(canonical_name(name).to_string())
            .or_insert_with(|| OptionValue::Array(BTreeMap::new()));
        if !matches!(value, OptionValue::Array(_)) {
            *value = OptionValue::Array(BTreeMap::new());
        }
        if let OptionValue::Array(items) = value {
            items.insert(index, item);
        }
    }

    /// Removes one item of an array option set in this scope.
    pub fn array_unset(&mut self, name: &str, index: u32) -> Option<String> {
        match self.values.get_mut(canonical_name(name))? {
            OptionValue::Array(items) => items.remove(&index),
            _ => None,
        }
    }

    /// The values set in this scope, by name (user options first, as `@` sorts before letters).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &OptionValue)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// `set-option [-a] NAME [VALUE]` in this scope: `NAME` as the user typed it (a prefix, an old
    /// spelling, `name[N]`, `@user`), checked and parsed exactly as tmux does, with tmux's error
    /// messages. `parents` are the scopes this one inherits from, nearest first, used when a flag
    /// or choice given no value toggles.
    ///
    /// The caller picks this scope from the option's [`OptionDef::scopes`](super::OptionDef) and the
    /// command's flags, and handles `-o`, `-q`, `-F`, `-u` (see [`Options::unset_option`]).
    pub fn set_option(
        &mut self,
        input: &str,
        value: Option<&str>,
        append: bool,
        parents: &[&Options],
    ) -> Result<(), OptionError> {
        let (option, index) = match_option(input)?;
        let def = match option {
            OptionName::User(name) => {
                if index.is_some() {
                    return Err(OptionError::NotAnArray(input.to_string()));
                }
                let value = value.ok_or(OptionError::EmptyValue)?;
                let new = match (append, self.get(&name)) {
                    (true, Some(OptionValue::String(old))) => format!("{old}{value}"),
                    _ => value.to_string(),
                };
                self.set(&name, OptionValue::String(new));
                return Ok(());
            }
            OptionName::Table(def) => def,
        };
        match index {
            Some(_) if !def.array => Err(OptionError::NotAnArray(input.to_string())),
            Some(i) => {
                let item = parse_array_item(def, value, self.array_get(def.name, i), append)?;
                self.array_set(def.name, i, item);
                Ok(())
            }
            None => {
                let local = self.get(def.name);
                let in_force = local.or_else(|| resolve(parents, def.name));
                // tmux appends to this scope's own value only, but toggles the value in force.
                let old = match def.kind {
                    OptionKind::Flag | OptionKind::Choice(_) => in_force,
                    _ => local,
                };
                let new = parse_value(def, value, old, append)?;
                self.set(def.name, new);
                Ok(())
            }
        }
    }

    /// `set-option -u NAME` in this scope: forgets the value (or one array item with `name[N]`), so
    /// it is inherited again. `global` is for the server and global session/window options, which
    /// tmux resets to the default instead, as they have nothing to inherit from.
    pub fn unset_option(&mut self, input: &str, global: bool) -> Result<(), OptionError> {
        let (option, index) = match_option(input)?;
        if index.is_some() && !option.def().is_some_and(|d| d.array) {
            return Err(OptionError::NotAnArray(input.to_string()));
        }
        let name = option.name();
        if self.get(name).is_none() {
            return Ok(());
        }
        match (index, option.def()) {
            (Some(i), _) => {
                self.array_unset(name, i);
            }
            (None, Some(def)) if global => self.set(name, def.default_value().clone()),
            (None, _) => {
                self.unset(name);
            }
        }
        Ok(())
    }
}

/// The value in force for option `name`, looked up through `chain`, nearest scope first, then the
/// table default. For a pane the chain is `[pane, window, global window]`; for a window
/// `[window, global window]`; for a session `[session, global session]`; for the server
/// `[server]`. `None` for an unknown name or a user option set nowhere in the chain.
pub fn resolve<'a>(chain: &[&'a Options], name: &str) -> Option<&'a OptionValue> {
    chain
        .iter()
        .find_map(|options| options.get(name))
        .or_else(|| super::find(name).map(|def| def.default_value()))
}

#[cfg(test)]
mod tests;
