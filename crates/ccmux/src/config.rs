//! The config file: `$XDG_CONFIG_HOME/ccmux/config.toml`, or `-f FILE`.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Keep pane processes in a keeper process so they survive a server crash or upgrade.
    pub keep_processes: bool,
    pub persistence: PersistenceConfig,
    /// The keys below are tmux options under older ccmux names; each, when present, is applied to the
    /// matching option when a server first starts (before the tmux-syntax config files).
    /// `default-shell`.
    pub default_shell: Option<String>,
    /// `history-limit`.
    pub history_limit: Option<usize>,
    /// `default-terminal`.
    pub default_terminal: Option<String>,
    /// `default-size` (with `default_height`).
    pub default_width: Option<u16>,
    pub default_height: Option<u16>,
    /// `base-index`.
    pub base_index: Option<u32>,
    /// `prefix` (and `send-prefix` bound to it instead of `C-b`).
    pub prefix: Option<String>,
    /// `mouse`.
    pub mouse: Option<bool>,
    /// Extra or replaced key bindings after the prefix: key name -> command (empty unbinds).
    pub bindings: std::collections::BTreeMap<String, String>,
    /// What comes back after a reboot: rules for the programs panes ran.
    pub restore: crate::restore_rules::RestoreConfig,
}

/// The `[persistence]` table, with the plan's keys.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PersistenceConfig {
    pub enabled: bool,
    pub directory: Option<PathBuf>,
    pub checkpoint_interval_secs: u64,
    pub wal_flush_interval_ms: u64,
    pub max_wal_size_mb: u64,
    pub scrollback_persistence: bool,
    pub scrollback_max_lines: usize,
    /// How long the state a kill-server ended is kept for `persistence restore --last` (0: not kept).
    pub keep_last_hours: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keep_processes: true,
            persistence: PersistenceConfig::default(),
            default_shell: None,
            history_limit: None,
            default_terminal: None,
            default_width: None,
            default_height: None,
            base_index: None,
            prefix: None,
            mouse: None,
            bindings: Default::default(),
            restore: Default::default(),
        }
    }
}

impl Default for PersistenceConfig {
    fn default() -> Self {
        PersistenceConfig {
            enabled: true,
            directory: None,
            checkpoint_interval_secs: 300,
            wal_flush_interval_ms: 100,
            max_wal_size_mb: 100,
            scrollback_persistence: true,
            scrollback_max_lines: 10_000,
            keep_last_hours: 24,
        }
    }
}

impl Config {
    /// Loads `path` if given (it must exist), else the default file if it exists, else the defaults.
    pub fn load(path: Option<&Path>) -> Result<(Config, Option<PathBuf>)> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => match crate::paths::default_config_file() {
                Some(p) => (p, false),
                None => return Ok((Config::default(), None)),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok((Config::default(), None))
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let config = Self::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok((config, Some(path)))
    }

    /// Parses config text; the error names the line and the key.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text.get(..s.start).unwrap_or(text).matches('\n').count() + 1);
            let msg = e.message().trim().to_string();
            match line {
                Some(l) => format!("line {l}: {msg}"),
                None => msg,
            }
        })?;
        if config.persistence.max_wal_size_mb == 0 {
            // Every output would wait for room that never comes.
            return Err("persistence.max_wal_size_mb: must be at least 1".into());
        }
        if let Some(prefix) = &config.prefix {
            if ccmux_model::keys::Key::parse(prefix).is_none() {
                return Err(format!("prefix: unknown key {prefix:?}"));
            }
        }
        for key in config.bindings.keys() {
            if ccmux_model::keys::Key::parse(key).is_none() {
                return Err(format!("bindings: unknown key {key:?}"));
            }
        }
        if config.history_limit.is_some_and(|h| h > i32::MAX as usize) {
            return Err(format!("history_limit: at most {} lines", i32::MAX));
        }
        for rule in &config.restore.rules {
            rule.check()?;
        }
        Ok(config)
    }

    /// The option commands (tmux syntax) the older ccmux keys stand for.
    pub fn as_commands(&self) -> Vec<String> {
        let q = ccmux_lang::quote_word;
        let mut out = Vec::new();
        if let Some(v) = &self.default_shell {
            out.push(format!("set -g default-shell {}", q(v)));
        }
        if let Some(v) = self.history_limit {
            out.push(format!("set -g history-limit {v}"));
        }
        if let Some(v) = &self.default_terminal {
            out.push(format!("set -s default-terminal {}", q(v)));
        }
        if self.default_width.is_some() || self.default_height.is_some() {
            let (w, h) = (
                self.default_width.unwrap_or(80),
                self.default_height.unwrap_or(24),
            );
            out.push(format!("set -g default-size {w}x{h}"));
        }
        if let Some(v) = self.base_index {
            out.push(format!("set -g base-index {v}"));
        }
        if let Some(v) = &self.prefix {
            out.push(format!("set -g prefix {}", q(v)));
            if v != "C-b" {
                out.push("unbind C-b".into());
                out.push(format!("bind {} send-prefix", q(v)));
            }
        }
        if let Some(v) = self.mouse {
            out.push(format!("set -g mouse {}", if v { "on" } else { "off" }));
        }
        for (key, command) in &self.bindings {
            if command.trim().is_empty() {
                out.push(format!("unbind {}", q(key)));
            } else {
                out.push(format!("bind {} {}", q(key), command));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_defaults() {
        let c = Config::parse("history_limit = 500\n[persistence]\nenabled = false\n").unwrap();
        assert_eq!(c.history_limit, Some(500));
        assert!(!c.persistence.enabled);
        assert_eq!(c.persistence.wal_flush_interval_ms, 100);
        assert_eq!(c.default_terminal, None);
        assert_eq!(c.as_commands(), ["set -g history-limit 500"]);
    }

    #[test]
    fn prefix_and_bindings() {
        let c =
            Config::parse("prefix = \"C-a\"\n[bindings]\n\"|\" = \"split-window -h\"\n").unwrap();
        assert_eq!(c.prefix.as_deref(), Some("C-a"));
        assert_eq!(c.bindings["|"], "split-window -h");
        assert_eq!(
            c.as_commands(),
            [
                "set -g prefix C-a",
                "unbind C-b",
                "bind C-a send-prefix",
                "bind | split-window -h"
            ]
        );
        let e = Config::parse("prefix = \"C-Foo\"\n").unwrap_err();
        assert!(e.contains("prefix"), "{e}");
        let e = Config::parse("[bindings]\n\"Nope\" = \"kill-server\"\n").unwrap_err();
        assert!(e.contains("Nope"), "{e}"); // Key names are tmux's: these are refused, not a panic.
        for bad in ["€x", "C-€x", "M-", "é-"] {
            let e = Config::parse(&format!("prefix = \"{bad}\"\n")).unwrap_err();
            assert!(e.contains("prefix"), "{e}");
        }
        for good in ["C-M-Left", "^A", "M-é", "F12", "None"] {
            Config::parse(&format!("prefix = \"{good}\"\n")).unwrap();
        }
    }

    #[test]
    fn errors_name_line_and_key() {
        let e = Config::parse("history_limit = 5\n\nhistory_limt = 7\n").unwrap_err();
        assert!(e.starts_with("line 3:"), "{e}");
        assert!(e.contains("history_limt"), "{e}");
        let e = Config::parse("[persistence]\nenabled = \"yes\"\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = Config::parse("[persistence]\nmax_wal_size_mb = 0\n").unwrap_err();
        assert!(e.contains("max_wal_size_mb"), "{e}");
        // A span after multi-byte text: no slicing panic.
        let e = Config::parse("# €€€\nhistory_limt = 7\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
    }

    #[test]
    fn readme_example_config_is_valid() {
        let readme = include_str!("../../../README.md");
        let start = readme.find("```toml\n").expect("a toml block in README.md") + 8;
        let end = start + readme[start..].find("```").expect("closed");
        let config = Config::parse(&readme[start..end]).unwrap();
        assert_eq!(
            config.bindings.get("|").map(String::as_str),
            Some("split-window -h")
        );
        assert_eq!(config.restore.rules[0].name, "devserver");
        assert_eq!(config.persistence.keep_last_hours, 24);
    }
}
