//! Prompts on the status line: the `:` command prompt, `command-prompt` templates, and y/n
//! confirmations.

use ccmux_model::keys::{Key, KeyCode};

pub enum PromptKind {
    /// Run the input through `template` (`%%` replaced by the input; no template: the input itself).
    Command { template: Option<String> },
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
}

impl Prompt {
    pub fn command(label: &str, initial: &str, template: Option<String>) -> Prompt {
        Prompt {
            label: label.to_string(),
            input: initial.to_string(),
            pos: initial.chars().count(),
            kind: PromptKind::Command { template },
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
        // Keys by tmux name (`C-a`), or by code whatever the modifiers.
        let name = key.to_string();
        match (key.code, name.as_str()) {
            (KeyCode::ENTER, _) | (_, "C-j") => {
                let PromptKind::Command { template } = &self.kind else {
                    return PromptOutcome::Cancel;
                };
                let line = match template {
                    Some(t) => t.replace("%%", &self.input.replace('\'', "'\\''")),
                    None => self.input.clone(),
                };
                if line.trim().is_empty() {
                    return PromptOutcome::Cancel;
                }
                return PromptOutcome::Run(line);
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
            }
            _ => {}
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
