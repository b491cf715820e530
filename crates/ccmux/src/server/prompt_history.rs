//! The prompts' history (tmux's status_prompt_hlist): one list per prompt type, server-wide, at most
//! `prompt-history-limit` lines each, read from `history-file` when the server starts and written back
//! to it (off the state lock) whenever a line is added.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The prompt types, as `command-prompt -T` and `show-prompt-history -T` name them.
pub const TYPES: [&str; 4] = ["command", "search", "target", "window-target"];

/// A prompt type: an index into [`TYPES`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PromptType(pub usize);

impl PromptType {
    pub const COMMAND: PromptType = PromptType(0);
    pub const SEARCH: PromptType = PromptType(1);

    pub fn parse(name: &str) -> Option<PromptType> {
        TYPES.iter().position(|t| *t == name).map(PromptType)
    }

    pub fn name(self) -> &'static str {
        TYPES.get(self.0).copied().unwrap_or("invalid")
    }
}

#[derive(Default)]
pub struct PromptHistory {
    lists: [Vec<String>; 4],
    /// Bumped on every change; a save writes only if nothing newer was written before it.
    generation: u64,
}

/// The generation last written to the history file.
static WRITTEN: AtomicU64 = AtomicU64::new(0);
static WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl PromptHistory {
    pub fn list(&self, t: PromptType) -> &[String] {
        self.lists.get(t.0).map_or(&[], |l| l.as_slice())
    }

    /// Adds a line as tmux does: not twice in a row, the oldest dropped beyond `limit`.
    pub fn add(&mut self, t: PromptType, line: &str, limit: usize) {
        let Some(list) = self.lists.get_mut(t.0) else {
            return;
        };
        if list.last().is_none_or(|l| l != line) {
            list.push(line.to_string());
        }
        let excess = list.len().saturating_sub(limit);
        list.drain(..excess);
        self.generation += 1;
    }

    pub fn clear(&mut self, t: Option<PromptType>) {
        for (i, list) in self.lists.iter_mut().enumerate() {
            if t.is_none_or(|t| t.0 == i) {
                list.clear();
            }
        }
        self.generation += 1;
    }

    /// Lines of a history file (`type:line`; a line without a known type is a command).
    pub fn load(&mut self, text: &str, limit: usize) {
        for line in text.lines().filter(|l| !l.is_empty()) {
            match line.split_once(':') {
                Some((t, rest)) if PromptType::parse(t).is_some() => {
                    self.add(PromptType::parse(t).unwrap_or_default(), rest, limit)
                }
                _ => self.add(PromptType::COMMAND, line, limit),
            }
        }
    }

    /// The history file's text.
    fn text(&self) -> String {
        let mut out = String::new();
        for (i, list) in self.lists.iter().enumerate() {
            for line in list {
                out.push_str(PromptType(i).name());
                out.push(':');
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

    /// Writes the history to `path` on a blocking thread (nothing is held meanwhile).
    pub fn save(&self, path: Option<PathBuf>) {
        let Some(path) = path else {
            return;
        };
        let (text, generation) = (self.text(), self.generation);
        std::thread::spawn(move || {
            let _one = WRITER.lock().unwrap_or_else(|e| e.into_inner());
            if WRITTEN.load(Ordering::SeqCst) > generation {
                return;
            }
            if let Err(e) = std::fs::write(&path, text) {
                tracing::debug!("history file {}: {e}", path.display());
            }
            WRITTEN.store(generation, Ordering::SeqCst);
        });
    }
}

/// The history file (`history-file`: absolute, or `~/` for the home directory; empty: none).
pub fn file(option: &str) -> Option<PathBuf> {
    if option.starts_with('/') {
        return Some(PathBuf::from(option));
    }
    let rest = option.strip_prefix("~/")?;
    let home = std::env::var("HOME").ok()?;
    Some(Path::new(&home).join(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_as_tmux() {
        let mut h = PromptHistory::default();
        for l in ["a", "b", "b", "c"] {
            h.add(PromptType::COMMAND, l, 2);
        }
        assert_eq!(h.list(PromptType::COMMAND), ["b", "c"]);
        h.load("search:x\nold\ntarget:t:1\n", 10);
        assert_eq!(h.list(PromptType::SEARCH), ["x"]);
        assert_eq!(h.list(PromptType::COMMAND), ["b", "c", "old"]);
        assert_eq!(h.list(PromptType(2)), ["t:1"]);
        assert_eq!(h.text().lines().next(), Some("command:b"));
        h.clear(Some(PromptType::SEARCH));
        assert!(h.list(PromptType::SEARCH).is_empty());
        h.add(PromptType::COMMAND, "z", 0);
        assert!(h.list(PromptType::COMMAND).is_empty());
    }
}
