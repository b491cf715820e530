//! Prompts on the status line: the `:` command prompt, `command-prompt` templates, and y/n
//! confirmations.

use super::keys::{Code, Key, CTRL};

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
                Code::Char('y') | Code::Char('Y') => PromptOutcome::Run(command.clone()),
                _ => PromptOutcome::Cancel,
            };
        }
        match (key.code, key.mods) {
            (Code::Enter, _) => {
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
            (Code::Escape, _) | (Code::Char('c'), CTRL) | (Code::Char('g'), CTRL) => {
                return PromptOutcome::Cancel
            }
            (Code::BSpace, _) | (Code::Char('h'), CTRL) if self.pos > 0 => {
                self.pos -= 1;
                let b = self.byte(self.pos);
                self.input.remove(b);
            }
            (Code::DC, _) | (Code::Char('d'), CTRL) if self.pos < self.input.chars().count() => {
                let b = self.byte(self.pos);
                self.input.remove(b);
            }
            (Code::Left, _) | (Code::Char('b'), CTRL) => self.pos = self.pos.saturating_sub(1),
            (Code::Right, _) | (Code::Char('f'), CTRL) => {
                self.pos = (self.pos + 1).min(self.input.chars().count())
            }
            (Code::Home, _) | (Code::Char('a'), CTRL) => self.pos = 0,
            (Code::End, _) | (Code::Char('e'), CTRL) => self.pos = self.input.chars().count(),
            (Code::Char('u'), CTRL) => {
                let b = self.byte(self.pos);
                self.input.drain(..b);
                self.pos = 0;
            }
            (Code::Char('k'), CTRL) => {
                let b = self.byte(self.pos);
                self.input.truncate(b);
            }
            (Code::Char(c), 0) => {
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
            self.key(Key::ch(c));
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
            p.key(Key::new(Code::BSpace, 0));
        }
        for c in "it's".chars() {
            p.key(Key::ch(c));
        }
        p.key(Key::new(Code::Left, 0));
        p.key(Key::ch('x'));
        assert_eq!(p.line(), ("(rename-window) it'xs".to_string(), 20));
        match p.key(Key::new(Code::Enter, 0)) {
            PromptOutcome::Run(line) => assert_eq!(line, "rename-window -- 'it'\\''xs'"),
            _ => panic!(),
        }
        let mut c = Prompt::confirm("kill-pane 0? (y/n)", "kill-pane".into());
        assert!(matches!(c.key(Key::ch('n')), PromptOutcome::Cancel));
        assert!(matches!(c.key(Key::ch('y')), PromptOutcome::Run(_)));
    }
}
