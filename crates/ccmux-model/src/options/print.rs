//! Printing values as `show-options` does, quoting included.

use super::def::{table, OptionDef, OptionKind, Scope};
use super::store::{resolve, Options};
use super::value::OptionValue;

/// Which `show-options` flags apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShowFlags {
    /// `-A`: also list options inherited from the parents, marked with `*`.
    pub inherited: bool,
    /// `-H`: include hooks.
    pub hooks: bool,
    /// `show-hooks`: only hooks, and no user options.
    pub hooks_only: bool,
    /// `-v`: values only, without names.
    pub values_only: bool,
}

/// A value as text, unquoted: what `show-options -v` prints. An array has no text of its own
/// (its items are printed one per line), so it gives the empty string, as in tmux.
pub fn value_text(value: &OptionValue) -> String {
    match value {
        OptionValue::String(s)
        | OptionValue::Choice(s)
        | OptionValue::Key(s)
        | OptionValue::Command(s) => s.clone(),
        OptionValue::Number(n) => n.to_string(),
        OptionValue::Flag(b) => if *b { "on" } else { "off" }.to_string(),
        OptionValue::Colour(c) => c.to_string(),
        OptionValue::Array(_) => String::new(),
    }
}

/// The lines `show-options [-A] [-v] NAME` (or `NAME[INDEX]`) prints for one option: one per
/// array item, or just the name for an empty array. `def` is `None` for a user option. Strings
/// (and string array items) are quoted as tmux quotes command arguments; other types are not.
/// `inherited` (a value shown by `-A` from a parent scope) marks the name with `*`.
pub fn show_option(
    def: Option<&OptionDef>,
    name: &str,
    value: &OptionValue,
    index: Option<u32>,
    inherited: bool,
    values_only: bool,
) -> Vec<String> {
    let mut lines = Vec::new();
    push_lines(&mut lines, def, name, value, index, inherited, values_only);
    lines
}

fn push_lines(
    out: &mut Vec<String>,
    def: Option<&OptionDef>,
    name: &str,
    value: &OptionValue,
    index: Option<u32>,
    inherited: bool,
    values_only: bool,
) {
    let text = match (value, index) {
        (OptionValue::Array(items), None) => {
            if items.is_empty() && !values_only {
                out.push(name.to_string());
            }
            for &i in items.keys() {
                push_lines(out, def, name, value, Some(i), inherited, values_only);
            }
            return;
        }
        (OptionValue::Array(items), Some(i)) => items.get(&i).cloned().unwrap_or_default(),
        (value, _) => value_text(value),
    };
    if values_only {
        out.push(text);
        return;
    }
    let is_string = def.is_none_or(|d| d.kind == OptionKind::String);
    let text = if is_string { escape(&text) } else { text };
    let star = if inherited { "*" } else { "" };
    match index {
        Some(i) => out.push(format!("{name}[{i}]{star} {text}")),
        None => out.push(format!("{name}{star} {text}")),
    }
}

/// `show-options` with no option name: the user options set in `options` (by name), then every
/// option of `scope` in table order, with hooks as `flags` says. With `-A` an option not set in
/// `options` is shown from the first of `parents` that has it, or else its default.
pub fn show_options(
    options: &Options,
    parents: &[&Options],
    scope: Scope,
    flags: ShowFlags,
) -> Vec<String> {
    let mut out = Vec::new();
    if !flags.hooks_only {
        for (name, value) in options.iter().filter(|(n, _)| n.starts_with('@')) {
            push_lines(&mut out, None, name, value, None, false, flags.values_only);
        }
    }
    for def in table() {
        let skip_hook = if flags.hooks_only {
            !def.hook
        } else {
            def.hook && !flags.hooks
        };
        if !def.scopes.contains(scope) || skip_hook {
            continue;
        }
        let (value, inherited) = match options.get(def.name) {
            Some(v) => (v, false),
            None if flags.inherited => (
                resolve(parents, def.name).unwrap_or(def.default_value()),
                true,
            ),
            None => continue,
        };
        match value {
            OptionValue::Array(items) if items.is_empty() => {
                if !flags.values_only {
                    out.push(format!("{}{}", def.name, if inherited { "*" } else { "" }));
                }
            }
            _ => push_lines(
                &mut out,
                Some(def),
                def.name,
                value,
                None,
                inherited,
                flags.values_only,
            ),
        }
    }
    out
}

/// Quotes a string as tmux's `args_escape` does for `show-options`: `''` when empty; double quotes
/// when it has any of ` #';${}%` (with `"`, `\`, `$VAR` and `${` escaped inside), else single quotes
/// when it has a `"`; a lone special character gets a backslash instead (`\#`); a leading `~` is
/// escaped; tabs, newlines and other control characters become C escapes or octal.
pub fn escape(s: &str) -> String {
    if s.is_empty() {
        return "''".to_string();
    }
    let quote = if s.contains([' ', '#', '\'', ';', '$', '{', '}', '%']) {
        Some('"')
    } else if s.contains('"') {
        Some('\'')
    } else {
        None
    };
    if s.len() == 1 && s != " " && (quote.is_some() || s == "~") {
        return format!("\\{s}");
    }
    let mut body = vis(s, quote == Some('"'));
    if body.starts_with('~') {
        body.insert(0, '\\');
    }
    match quote {
        Some(q) => format!("{q}{body}{q}"),
        None => body,
    }
}

/// tmux's `utf8_strvis` with `VIS_OCTAL|VIS_CSTYLE|VIS_TAB|VIS_NL` (and `VIS_DQ` inside double
/// quotes). Printable characters are kept, including non-ASCII ones, except the C1 controls
/// (U+0080-U+009F) which tmux's C library does not print. (tmux also escapes code points its C
/// library considers unassigned; that depends on the library's Unicode version and is not copied.)
fn vis(s: &str, double_quoted: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '$' if next.is_some_and(|n| n.is_ascii_alphabetic() || n == '_' || n == '{') => {
                out.push_str("\\$")
            }
            '\\' => out.push_str("\\\\"),
            '"' if double_quoted => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{7}' => out.push_str("\\a"),
            '\u{b}' => out.push_str("\\v"),
            '\t' => out.push_str("\\t"),
            '\u{c}' => out.push_str("\\f"),
            '\0' if next.is_some_and(|n| ('0'..='7').contains(&n)) => out.push_str("\\000"),
            '\0' => out.push_str("\\0"),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c if !c.is_ascii() && !('\u{80}'..='\u{9f}').contains(&c) => out.push(c),
            c => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:03o}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
