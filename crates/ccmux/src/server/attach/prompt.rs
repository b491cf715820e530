//! Prompts on the status line: the `:` command prompt, `command-prompt` templates, and y/n
//! confirmations.

use ccmux_model::keys::{Key, KeyCode};

/// How a command prompt takes its input (command-prompt's `-1`, `-N`, `-i`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputKind {
    /// Edited until Enter.
    #[default]
    Line,
    /// `-1`: one key is the whole input.
    Single,
    /// `-N`: digits only; any other key ends the input and is then handled as usual.
    Numeric,
    /// `-i`: the template runs at each change, the input after a prefix: `=` (first), `+` (C-s,
    /// again down) or `-` (C-r, again up).
    Incremental,
}

pub enum PromptKind {
    /// Run the input through `template` (`%%` replaced by the input; no template: the input itself).
    Command {
        template: Option<String>,
        input: InputKind,
        /// What `-I` gave an incremental prompt: the input C-r or C-s bring back when empty.
        last: String,
    },
    /// Run `command` when the answer is `y`.
    Confirm { command: String },
}

pub struct Prompt {
    pub label: String,
    pub input: String,
    /// Cursor position in characters.
    pub pos: usize,
    pub kind: PromptKind,
}

pub enum PromptOutcome {
    Stay,
    Cancel,
    /// Run this command line.
    Run(String),
    /// Run this command line and stay (an incremental prompt).
    Update(String),
    /// Run this command line, then handle the key as if there were no prompt (a numeric prompt).
    RunAndKey(String),
}

impl Prompt {
    pub fn command(
        label: &str,
        initial: &str,
        template: Option<String>,
        input: InputKind,
    ) -> Prompt {
        let (text, last) = if input == InputKind::Incremental {
            (String::new(), initial.to_string())
        } else {
            (initial.to_string(), String::new())
        };
        Prompt {
            label: label.to_string(),
            pos: text.chars().count(),
            input: text,
            kind: PromptKind::Command {
                template,
                input,
                last,
            },
        }
    }

    /// The command an incremental prompt runs when it opens.
    pub fn incremental_start(&self) -> Option<String> {
        match &self.kind {
            PromptKind::Command {
                input: InputKind::Incremental,
                ..
            } => Some(self.fill("=")),
            _ => None,
        }
    }

    /// The template with `%%` (and `%1`) replaced by `text` (quoted for the single quotes around it).
    fn fill(&self, text: &str) -> String {
        let PromptKind::Command { template, .. } = &self.kind else {
            return text.to_string();
        };
        match template {
            Some(t) => {
                let quoted = text.replace('\'', "'\\''");
                t.replace("%%", &quoted).replace("%1", &quoted)
            }
            None => text.to_string(),
        }
    }

    fn input_kind(&self) -> InputKind {
        match &self.kind {
            PromptKind::Command { input, .. } => *input,
            PromptKind::Confirm { .. } => InputKind::Line,
        }
    }

    pub fn confirm(label: &str, command: String) -> Prompt {
        Prompt {
            label: label.to_string(),
            input: String::new(),
            pos: 0,
            kind: PromptKind::Confirm { command },
        }
    }

    /// The status line text and the cursor column.
    pub fn line(&self) -> (String, usize) {
        let before: String = self.input.chars().take(self.pos).collect();
        (
            format!("{}{}", self.label, self.input),
            super::status::width(&self.label) + super::status::width(&before),
        )
    }

    fn byte(&self, pos: usize) -> usize {
        self.input
            .char_indices()
            .nth(pos)
            .map_or(self.input.len(), |(i, _)| i)
    }

    pub fn key(&mut self, key: Key) -> PromptOutcome {
        if let PromptKind::Confirm { command } = &self.kind {
            return match key.code {
                KeyCode::Char('y' | 'Y') => PromptOutcome::Run(command.clone()),
                _ => PromptOutcome::Cancel,
            };
        }
        let kind = self.input_kind();
        if kind == InputKind::Numeric {
            return match key.printable() {
                Some(c @ '0'..='9') => {
                    self.input.push(c);
                    self.pos = self.input.chars().count();
                    PromptOutcome::Stay
                }
                _ => PromptOutcome::RunAndKey(self.fill(&self.input.clone())),
            };
        }
        // Keys by tmux name (`C-a`), or by code whatever the modifiers.
        let name = key.to_string();
        let before = self.input.clone();
        match (key.code, name.as_str()) {
            (KeyCode::ENTER, _) | (_, "C-j") => {
                if kind == InputKind::Incremental {
                    return PromptOutcome::Cancel;
                }
                let line = self.fill(&self.input.clone());
                if line.trim().is_empty() {
                    return PromptOutcome::Cancel;
                }
                return PromptOutcome::Run(line);
            }
            (_, "C-r" | "C-s") if kind == InputKind::Incremental => {
                let prefix = if self.input.is_empty() {
                    if let PromptKind::Command { last, .. } = &self.kind {
                        self.input = last.clone();
                        self.pos = self.input.chars().count();
                    }
                    '='
                } else if name == "C-r" {
                    '-'
                } else {
                    '+'
                };
                return PromptOutcome::Update(self.fill(&format!("{prefix}{}", self.input)));
            }
            (KeyCode::ESCAPE, _) | (_, "C-c" | "C-g") => return PromptOutcome::Cancel,
            (KeyCode::BSpace, _) | (_, "C-h") if self.pos > 0 => {
                self.pos -= 1;
                let b = self.byte(self.pos);
                self.input.remove(b);
            }
            (KeyCode::DC, _) | (_, "C-d") if self.pos < self.input.chars().count() => {
                let b = self.byte(self.pos);
                self.input.remove(b);
            }
            (KeyCode::Left, _) | (_, "C-b") => self.pos = self.pos.saturating_sub(1),
            (KeyCode::Right, _) | (_, "C-f") => {
                self.pos = (self.pos + 1).min(self.input.chars().count())
            }
            (KeyCode::Home, _) | (_, "C-a") => self.pos = 0,
            (KeyCode::End, _) | (_, "C-e") => self.pos = self.input.chars().count(),
            (_, "C-u") => {
                let b = self.byte(self.pos);
                self.input.drain(..b);
                self.pos = 0;
            }
            (_, "C-k") => {
                let b = self.byte(self.pos);
                self.input.truncate(b);
            }
            (KeyCode::Char(c), _) if key.printable() == Some(c) => {
                let b = self.byte(self.pos);
                self.input.insert(b, c);
                self.pos += 1;
                if kind == InputKind::Single {
                    return if self.input.chars().count() == 1 {
                        PromptOutcome::Run(self.fill(&self.input.clone()))
                    } else {
                        PromptOutcome::Cancel
                    };
                }
            }
            _ => {}
        }
        if kind == InputKind::Incremental && self.input != before {
            return PromptOutcome::Update(self.fill(&format!("={}", self.input)));
        }
        PromptOutcome::Stay
    }

    /// Pasted text goes into the input.
    pub fn paste(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.key(Key::char(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_and_fills_the_template() {
        let mut p = Prompt::command(
            "(rename-window) ",
            "bash",
            Some("rename-window -- '%%'".into()),
            InputKind::Line,
        );
        for _ in 0..4 {
            p.key(Key::new(KeyCode::BSpace, ccmux_model::keys::Mods::NONE));
        }
        for c in "it's".chars() {
            p.key(Key::char(c));
        }
        p.key(Key::new(KeyCode::Left, ccmux_model::keys::Mods::NONE));
        p.key(Key::char('x'));
        assert_eq!(p.line(), ("(rename-window) it'xs".to_string(), 20));
        match p.key(Key::char('\r')) {
            PromptOutcome::Run(line) => assert_eq!(line, "rename-window -- 'it'\\''xs'"),
            _ => panic!(),
        }
        let mut c = Prompt::confirm("kill-pane 0? (y/n)", "kill-pane".into());
        assert!(matches!(c.key(Key::char('n')), PromptOutcome::Cancel));
        assert!(matches!(c.key(Key::char('y')), PromptOutcome::Run(_)));
    }
}
