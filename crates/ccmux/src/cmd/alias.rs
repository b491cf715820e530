//! `command-alias` (tmux's cmd_parse_expand_alias): a command whose name is exactly an alias's is
//! replaced by the alias's commands, its own arguments added to the last of them (`split-pane -h` is
//! `split-window -h`). The commands an alias gives are not looked up as aliases again. Aliases come
//! before the command table, as in tmux, and are never abbreviated.
//!
//! The server option is read into a snapshot ([`refresh`], on each change of it and once the
//! server has its model): the commands are resolved where no server is at hand (blocks of
//! `if-shell`, a bound key's commands), and every server process has one set of options.

use ccmux_lang::ParsedCommand;
use ccmux_model::{Model, OptionScope};
use std::borrow::Cow;
use std::sync::RwLock;

/// The aliases, name and commands; `None` until the server first reads them: the option's
/// defaults.
static ALIASES: RwLock<Option<Vec<(String, String)>>> = RwLock::new(None);

/// Reads the aliases from the server option `command-alias` of `model`.
pub fn refresh(model: &Model) {
    let aliases = parse(model.option(OptionScope::Server, "command-alias"));
    *ALIASES.write().unwrap_or_else(|e| e.into_inner()) = Some(aliases);
}

/// `name=value` entries of an array option (one without `=` aliases nothing).
fn parse(value: Option<&ccmux_model::OptionValue>) -> Vec<(String, String)> {
    let Some(list) = value.and_then(|v| v.as_array()) else {
        return Vec::new();
    };
    list.values()
        .filter_map(|entry| {
            let (name, commands) = entry.split_once('=')?;
            Some((name.to_string(), commands.to_string()))
        })
        .collect()
}

/// The commands `name` is an alias for, if it is one.
fn lookup(name: &str) -> Option<String> {
    static DEFAULTS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let guard = ALIASES.read().unwrap_or_else(|e| e.into_inner());
    // The table's default text alone: building every option's default would cost each command
    // line client a noticeable part of its start.
    let list = guard.as_deref().unwrap_or_else(|| {
        DEFAULTS.get_or_init(|| {
            let def = ccmux_model::options::find("command-alias");
            let text = match def.map(|d| (d.default, d.separator)) {
                Some((ccmux_model::options::DefaultValue::Str(s), Some(sep))) => s.split(sep),
                _ => "".split(","),
            };
            text.filter_map(|entry| {
                let (name, commands) = entry.split_once('=')?;
                Some((name.to_string(), commands.to_string()))
            })
            .collect()
        })
    });
    list.iter().find(|(n, _)| n == name).map(|(_, c)| c.clone())
}

/// `cmds` with aliases replaced by their commands (borrowed when none is an alias); an alias whose
/// commands do not parse is an error.
pub fn expand(cmds: &[ParsedCommand]) -> Result<Cow<'_, [ParsedCommand]>, String> {
    if !cmds.iter().any(|c| lookup(&c.name).is_some()) {
        return Ok(Cow::Borrowed(cmds));
    }
    let mut out = Vec::with_capacity(cmds.len());
    for cmd in cmds {
        let Some(text) = lookup(&cmd.name) else {
            out.push(cmd.clone());
            continue;
        };
        let mut env = super::text::NoEnv;
        let mut expanded =
            ccmux_lang::parse(&text, &Default::default(), &mut env).map_err(|e| e.to_string())?;
        if let Some(last) = expanded.last_mut() {
            last.args.extend(cmd.args.iter().cloned());
        }
        for mut c in expanded {
            c.line = cmd.line;
            out.push(c);
        }
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_aliases_read_from_the_table_text_are_the_options_defaults() {
        let defaults = ccmux_model::Options::with_defaults(ccmux_model::options::Scope::Server);
        let from_options = parse(defaults.get("command-alias"));
        assert_eq!(from_options.len(), 6, "{from_options:?}");
        for (name, commands) in &from_options {
            assert_eq!(lookup(name).as_deref(), Some(commands.as_str()), "{name}");
        }
        assert_eq!(lookup("split-window"), None);
    }
}
