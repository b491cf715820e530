//! The config file: `$XDG_CONFIG_HOME/ccmux/config.toml`, or `-f FILE`.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The shell a pane runs; default `$SHELL`, else `/bin/sh`.
    pub default_shell: Option<String>,
    /// Lines of scrollback kept per pane.
    pub history_limit: usize,
    /// `TERM` inside panes.
    pub default_terminal: String,
    /// Size of a session created without a client (`-x`/`-y` override).
    pub default_width: u16,
    pub default_height: u16,
    /// The first window index.
    pub base_index: u32,
    /// Keep pane processes in a keeper process so they survive a server crash or upgrade.
    pub keep_processes: bool,
    /// The prefix key of attached clients (tmux key name).
    pub prefix: String,
    /// Mouse support in attached clients: click selects a pane, wheel scrolls, borders drag.
    pub mouse: bool,
    /// Extra or replaced key bindings after the prefix: key name -> ccmux command (empty unbinds).
    pub bindings: std::collections::BTreeMap<String, String>,
    pub persistence: PersistenceConfig,
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_shell: None,
            history_limit: 10_000,
            default_terminal: "xterm-256color".into(),
            default_width: 80,
            default_height: 24,
            base_index: 0,
            keep_processes: true,
            prefix: "C-b".into(),
            mouse: true,
            bindings: Default::default(),
            persistence: PersistenceConfig::default(),
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
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let msg = e.message().trim().to_string();
            match line {
                Some(l) => format!("line {l}: {msg}"),
                None => msg,
            }
        })?;
        if ccmux_model::keys::Key::parse(&config.prefix).is_none() {
            return Err(format!("prefix: unknown key {:?}", config.prefix));
        }
        for key in config.bindings.keys() {
            if ccmux_model::keys::Key::parse(key).is_none() {
                return Err(format!("bindings: unknown key {key:?}"));
            }
        }
        if config.history_limit > 10_000_000 {
            return Err("history_limit: at most 10000000 lines".into());
        }
        Ok(config)
    }

    pub fn shell(&self) -> String {
        self.default_shell
            .clone()
            .or_else(|| std::env::var("SHELL").ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "/bin/sh".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_defaults() {
        let c = Config::parse("history_limit = 500\n[persistence]\nenabled = false\n").unwrap();
        assert_eq!(c.history_limit, 500);
        assert!(!c.persistence.enabled);
        assert_eq!(c.persistence.wal_flush_interval_ms, 100);
        assert_eq!(c.default_terminal, "xterm-256color");
    }

    #[test]
    fn prefix_and_bindings() {
        let c =
            Config::parse("prefix = \"C-a\"\n[bindings]\n\"|\" = \"split-window -h\"\n").unwrap();
        assert_eq!(c.prefix, "C-a");
        assert_eq!(c.bindings["|"], "split-window -h");
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
    }
}
