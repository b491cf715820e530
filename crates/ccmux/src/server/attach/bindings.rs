//! The prefix key table: tmux's default bindings, then the config file's `[bindings]`.

use crate::config::Config;
use ccmux_model::keys::Key;
use std::collections::BTreeMap;

/// tmux's defaults (those ccmux has commands for).
const DEFAULTS: &[(&str, &str)] = &[
    ("C-b", "send-prefix"),
    ("c", "new-window"),
    ("n", "next-window"),
    ("p", "previous-window"),
    ("l", "last-window"),
    ("0", "select-window -t :0"),
    ("1", "select-window -t :1"),
    ("2", "select-window -t :2"),
    ("3", "select-window -t :3"),
    ("4", "select-window -t :4"),
    ("5", "select-window -t :5"),
    ("6", "select-window -t :6"),
    ("7", "select-window -t :7"),
    ("8", "select-window -t :8"),
    ("9", "select-window -t :9"),
    (
        ",",
        "command-prompt -I '#W' -p (rename-window) \"rename-window -- '%%'\"",
    ),
    (
        "$",
        "command-prompt -I '#S' -p (rename-session) \"rename-session -- '%%'\"",
    ),
    ("%", "split-window -h"),
    ("\"", "split-window -v"),
    ("o", "select-pane -t :.+"),
    (";", "select-pane -l"),
    ("Up", "select-pane -U"),
    ("Down", "select-pane -D"),
    ("Left", "select-pane -L"),
    ("Right", "select-pane -R"),
    ("C-Up", "resize-pane -U"),
    ("C-Down", "resize-pane -D"),
    ("C-Left", "resize-pane -L"),
    ("C-Right", "resize-pane -R"),
    ("M-Up", "resize-pane -U 5"),
    ("M-Down", "resize-pane -D 5"),
    ("M-Left", "resize-pane -L 5"),
    ("M-Right", "resize-pane -R 5"),
    ("x", "confirm-before -p \"kill-pane #P? (y/n)\" kill-pane"),
    (
        "&",
        "confirm-before -p \"kill-window #W? (y/n)\" kill-window",
    ),
    ("z", "resize-pane -Z"),
    ("d", "detach-client"),
    ("[", "copy-mode"),
    ("PPage", "copy-mode -u"),
    ("]", "paste-buffer"),
    (":", "command-prompt"),
    ("?", "list-keys"),
    ("s", "choose-session"),
    ("t", "clock-mode"),
];

pub struct Bindings {
    pub prefix: Key,
    pub table: BTreeMap<Key, String>,
}

impl Bindings {
    pub fn from_config(config: &Config) -> Bindings {
        let prefix = Key::parse(&config.prefix).unwrap_or(Key::parse("C-b").expect("C-b"));
        let mut table = BTreeMap::new();
        for (k, cmd) in DEFAULTS {
            if matches!(*cmd, "choose-session" | "clock-mode") {
                continue; // not built yet
            }
            let key = Key::parse(k).expect("default binding key");
            table.insert(key, cmd.to_string());
        }
        // The default prefix's own binding follows the prefix.
        if prefix != Key::parse("C-b").expect("C-b") {
            table.remove(&Key::parse("C-b").expect("C-b"));
            table.insert(prefix, "send-prefix".into());
        }
        for (k, cmd) in &config.bindings {
            if let Some(key) = Key::parse(k) {
                if cmd.trim().is_empty() {
                    table.remove(&key);
                } else {
                    table.insert(key, cmd.clone());
                }
            }
        }
        Bindings { prefix, table }
    }

    /// `list-keys` output: one `bind-key KEY COMMAND` line per binding.
    pub fn list(&self) -> Vec<String> {
        self.table
            .iter()
            .map(|(k, cmd)| format!("bind-key -T prefix {:<8} {cmd}", k.to_string()))
            .collect()
    }
}

/// Splits a command line into words: `'...'` and `"..."` quote, backslash escapes, `;` is a word.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err("unterminated quote".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => cur.extend(chars.next()),
                        Some(c) => cur.push(c),
                        None => return Err("unterminated quote".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_config_overrides() {
        let mut config = Config {
            prefix: "C-a".into(),
            ..Default::default()
        };
        config.bindings.insert("|".into(), "split-window -h".into());
        config.bindings.insert("c".into(), String::new());
        let b = Bindings::from_config(&config);
        assert_eq!(b.prefix, Key::parse("C-a").unwrap());
        assert_eq!(b.table[&Key::char('|')], "split-window -h");
        assert_eq!(b.table[&Key::parse("C-a").unwrap()], "send-prefix");
        assert!(!b.table.contains_key(&Key::char('c')));
        assert!(!b.table.contains_key(&Key::parse("C-b").unwrap()));
        assert_eq!(b.table[&Key::char('%')], "split-window -h");
        assert!(b.list().iter().any(|l| l.contains("resize-pane -Z")));
    }

    #[test]
    fn words_split_like_tmux() {
        assert_eq!(
            split_words("rename-window -- 'a b' \"c\\\"d\" e\\ f").unwrap(),
            ["rename-window", "--", "a b", "c\"d", "e f"]
        );
        assert_eq!(split_words("  ").unwrap(), Vec::<String>::new());
        assert!(split_words("'open").is_err());
        assert_eq!(split_words("x ''").unwrap(), ["x", ""]);
    }
}
