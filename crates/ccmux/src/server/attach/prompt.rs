//! The status line prompt's line editor (tmux's status_prompt_key): emacs or vi keys (`status-keys`),
//! the history of its type (Up/Down, C-p/C-n), C-w/C-y, word moves, and the prompt kinds: one key
//! (`-1`), a number (`-N`), a key name (`-k`), incremental (`-i`). What the answer does is the owner's
//! business (see `client/prompts.rs`): a key gives back an [`Input`] when the answer changed or ended.

use crate::server::prompt_history::PromptType;
use crate::server::state::Server;
use ccmux_model::keys::{Key, KeyCode};
use ccmux_model::{OptionScope, SessionId};

/// tmux's PROMPT_* flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `-1`: the first key typed is the answer.
    pub single: bool,
    /// `-N`: digits only; any other key answers (and is then handled as usual).
    pub numeric: bool,
    /// `-i`: every change is an answer, prefixed `=`, `+` or `-`.
    pub incremental: bool,
    /// `-k`: the next key's name is the answer.
    pub key: bool,
}

pub struct Prompt {
    pub label: String,
    input: Vec<char>,
    /// Cursor position in characters.
    pos: usize,
    pub flags: Flags,
    pub ptype: PromptType,
    /// vi's command mode (after Escape) rather than entry.
    command_mode: bool,
    /// How far up the history Up went (0: the line being typed).
    hindex: usize,
    /// What C-w cut, for C-y.
    saved: Option<Vec<char>>,
    /// `-i`: the initial input, brought back by C-r/C-s on an empty line.
    last: Option<String>,
}

/// What a key did to the prompt.
#[derive(Debug, PartialEq, Eq)]
pub enum Input {
    /// Nothing for the owner.
    Stay,
    /// The prompt is closed, nothing answered (a one-key prompt typed over).
    Close,
    /// An answer: `None` is a cancel; `done` false is an incremental change. `pass`: the key is
    /// then handled as if no prompt were open (`-N`).
    Answer {
        text: Option<String>,
        done: bool,
        pass: bool,
    },
}

impl Prompt {
    pub fn new(label: &str, input: &str, flags: Flags, ptype: PromptType) -> Prompt {
        let mut p = Prompt {
            label: label.to_string(),
            input: Vec::new(),
            pos: 0,
            flags,
            ptype,
            command_mode: false,
            hindex: 0,
            saved: None,
            last: None,
        };
        if flags.incremental {
            p.last = Some(input.to_string());
        } else {
            p.set_input(input);
        }
        p
    }

    /// A new label and input (the next prompt of several), as tmux's status_prompt_update.
    pub fn update(&mut self, label: &str, input: &str) {
        self.label = label.to_string();
        self.set_input(input);
        self.hindex = 0;
    }

    fn set_input(&mut self, input: &str) {
        self.input = input.chars().collect();
        self.pos = self.input.len();
    }

    pub fn text(&self) -> String {
        self.input.iter().collect()
    }

    /// In vi's command mode (drawn in `message-command-style`).
    pub fn command_mode(&self) -> bool {
        self.command_mode
    }

    /// The label, the input, and the cursor's column in the input (scrolled so the cursor shows in
    /// `width` columns after the label, as tmux's status_prompt_redraw).
    pub fn view(&self, width: usize) -> (String, usize) {
        let w = |c: &char| unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
        let before: usize = self.input.iter().take(self.pos).map(w).sum();
        let offset = if width > 0 && before >= width {
            before - width + 1
        } else {
            0
        };
        let mut skipped = 0;
        let mut shown = String::new();
        for c in &self.input {
            if skipped < offset {
                skipped += w(c);
                continue;
            }
            shown.push(*c);
        }
        (shown, before - skipped.min(before))
    }

    /// A key typed at the prompt.
    pub fn key(&mut self, srv: &mut Server, session: SessionId, key: Key) -> Input {
        if self.flags.key {
            return Input::Answer {
                text: Some(key.to_string()),
                done: true,
                pass: false,
            };
        }
        if self.flags.numeric {
            if let Some(c @ '0'..='9') = key.printable() {
                return self.append(c);
            }
            return Input::Answer {
                text: Some(self.text()),
                done: true,
                pass: true,
            };
        }
        let scope = OptionScope::Session(session);
        let op = if srv.model.option_text(scope, "status-keys") == "vi" {
            match self.vi(key) {
                Some(op) => op,
                None => return Input::Stay,
            }
        } else {
            emacs(key)
        };
        let separators = srv.model.option_text(scope, "word-separators");
        let len = self.input.len();
        let mut prefix = '=';
        match op {
            Op::Left => self.pos = self.pos.saturating_sub(1),
            Op::Right => self.pos = (self.pos + 1).min(len),
            Op::Home => self.pos = 0,
            Op::End => self.pos = len,
            Op::Complete => self.complete(),
            Op::BSpace => {
                if self.pos > 0 {
                    self.pos -= 1;
                    self.input.remove(self.pos);
                }
            }
            Op::Delete => {
                if self.pos < len {
                    self.input.remove(self.pos);
                }
            }
            Op::KillLine => {
                self.input.clear();
                self.pos = 0;
            }
            Op::KillEnd => self.input.truncate(self.pos),
            Op::CutWord => {
                let from = self.word_start(&separators);
                self.saved = Some(self.input.drain(from..self.pos).collect());
                self.pos = from;
            }
            Op::ForwardWord => self.forward_word(false, &separators),
            Op::EndWord(seps) => self.end_word(if seps { &separators } else { "" }),
            Op::ViForwardWord(seps) => self.forward_word(true, if seps { &separators } else { "" }),
            Op::BackwardWord(seps) => {
                self.pos = self.word_start(if seps { &separators } else { "" })
            }
            Op::Up => {
                let list = srv.prompt_history.list(self.ptype);
                if self.hindex >= list.len() {
                    return Input::Stay;
                }
                self.hindex += 1;
                let line = list[list.len() - self.hindex].clone();
                self.set_input(&line);
            }
            Op::Down => {
                let list = srv.prompt_history.list(self.ptype);
                let line = if list.is_empty() || self.hindex == 0 {
                    String::new()
                } else {
                    self.hindex -= 1;
                    match self.hindex {
                        0 => String::new(),
                        h => list[list.len() - h].clone(),
                    }
                };
                self.set_input(&line);
            }
            Op::Yank => {
                let text = match &self.saved {
                    Some(s) => s.clone(),
                    None => match srv.buffers.by_time().first() {
                        Some(b) => paste_chars(&b.data),
                        None => Vec::new(),
                    },
                };
                if text.is_empty() {
                    return Input::Stay;
                }
                let n = text.len();
                self.input.splice(self.pos..self.pos, text);
                self.pos += n;
            }
            Op::Transpose => {
                let idx = if self.pos < len {
                    self.pos + 1
                } else {
                    self.pos
                };
                if idx < 2 {
                    return Input::Stay;
                }
                self.input.swap(idx - 2, idx - 1);
                self.pos = idx;
            }
            Op::Enter => {
                let text = self.text();
                if !text.is_empty() {
                    let limit = srv
                        .model
                        .option_number(OptionScope::Server, "prompt-history-limit");
                    srv.prompt_history
                        .add(self.ptype, &text, limit.max(0) as usize);
                    let file = srv.model.option_text(OptionScope::Server, "history-file");
                    srv.prompt_history
                        .save(crate::server::prompt_history::file(&file));
                }
                return Input::Answer {
                    text: Some(text),
                    done: true,
                    pass: false,
                };
            }
            Op::Cancel => {
                return Input::Answer {
                    text: None,
                    done: true,
                    pass: false,
                }
            }
            Op::Search(forward) => {
                if !self.flags.incremental {
                    return Input::Stay;
                }
                if self.input.is_empty() {
                    let last = self.last.clone().unwrap_or_default();
                    self.set_input(&last);
                } else {
                    prefix = if forward { '+' } else { '-' };
                }
            }
            Op::Type(key) => return self.typed(key),
        }
        self.changed(prefix)
    }

    /// tmux's status_prompt_translate_key: vi keys as the emacs operations (`None`: dropped).
    fn vi(&mut self, key: Key) -> Option<Op> {
        let name = key.to_string();
        if !self.command_mode {
            return match name.as_str() {
                "Escape" => {
                    self.command_mode = true;
                    None
                }
                "C-a" | "C-c" | "C-e" | "C-g" | "C-h" | "Tab" | "C-k" | "C-n" | "C-p" | "C-t"
                | "C-u" | "C-w" | "C-y" | "C-j" | "Enter" | "C-Left" | "C-Right" | "BSpace"
                | "DC" | "Down" | "End" | "Home" | "Left" | "Right" | "Up" => Some(emacs(key)),
                _ => Some(Op::Type(key)),
            };
        }
        match name.as_str() {
            "A" | "I" | "C" | "s" | "a" => self.command_mode = false,
            "S" => {
                self.command_mode = false;
                return Some(Op::KillLine);
            }
            "i" | "Escape" => {
                self.command_mode = false;
                return None;
            }
            _ => {}
        }
        Some(match name.as_str() {
            "A" | "$" => Op::End,
            "I" | "0" | "^" => Op::Home,
            "C" | "D" => Op::KillEnd,
            "BSpace" => Op::Left,
            "X" => Op::BSpace,
            "b" => Op::BackwardWord(true),
            "B" => Op::BackwardWord(false),
            "d" => Op::KillLine,
            "e" => Op::EndWord(true),
            "E" => Op::EndWord(false),
            "w" => Op::ViForwardWord(true),
            "W" => Op::ViForwardWord(false),
            "p" => Op::Yank,
            "q" => Op::Cancel,
            "s" | "DC" | "x" => Op::Delete,
            "Down" | "j" => Op::Down,
            "Left" | "h" => Op::Left,
            "a" | "Right" | "l" => Op::Right,
            "Up" | "k" => Op::Up,
            "C-h" => Op::BSpace,
            "C-c" => Op::Cancel,
            "C-j" | "Enter" => Op::Enter,
            _ => return None,
        })
    }

    /// A key that types a character (others do nothing).
    fn typed(&mut self, key: Key) -> Input {
        match key.code {
            KeyCode::Char(c) if !c.is_control() && key.mods.is_empty() => self.append(c),
            _ => Input::Stay,
        }
    }

    fn append(&mut self, c: char) -> Input {
        self.input.insert(self.pos, c);
        self.pos += 1;
        if self.flags.single {
            if self.input.len() != 1 {
                return Input::Close;
            }
            return Input::Answer {
                text: Some(self.text()),
                done: true,
                pass: false,
            };
        }
        self.changed('=')
    }

    fn changed(&self, prefix: char) -> Input {
        if !self.flags.incremental {
            return Input::Stay;
        }
        Input::Answer {
            text: Some(format!("{prefix}{}", self.text())),
            done: false,
            pass: false,
        }
    }

    /// Pasted text goes into the input (control characters end it, as tmux's paste).
    pub fn paste(&mut self, text: &str) {
        let chars = paste_chars(text.as_bytes());
        let n = chars.len();
        self.input.splice(self.pos..self.pos, chars);
        self.pos += n;
    }

    fn is_space(&self, i: usize) -> bool {
        self.input.get(i) == Some(&' ')
    }

    fn in_list(&self, i: usize, separators: &str) -> bool {
        self.input
            .get(i)
            .is_some_and(|c| c.is_ascii() && separators.contains(*c))
    }

    /// Where C-w cuts from (the start of the word before the cursor).
    fn word_start(&self, separators: &str) -> usize {
        let mut idx = self.pos;
        while idx != 0 {
            idx -= 1;
            if !self.is_space(idx) {
                break;
            }
        }
        let sep = self.in_list(idx, separators);
        while idx != 0 {
            idx -= 1;
            if self.is_space(idx) || sep != self.in_list(idx, separators) {
                idx += 1;
                break;
            }
        }
        idx
    }

    fn forward_word(&mut self, vi: bool, separators: &str) {
        let size = self.input.len();
        let mut idx = self.pos;
        if !vi {
            while idx != size && self.is_space(idx) {
                idx += 1;
            }
        }
        if idx == size {
            self.pos = idx;
            return;
        }
        let sep = self.in_list(idx, separators) && !self.is_space(idx);
        loop {
            idx += 1;
            if self.is_space(idx) {
                if vi {
                    while idx != size && self.is_space(idx) {
                        idx += 1;
                    }
                }
                break;
            }
            if idx == size || sep != self.in_list(idx, separators) {
                break;
            }
        }
        self.pos = idx;
    }

    fn end_word(&mut self, separators: &str) {
        let size = self.input.len();
        let mut idx = self.pos;
        if idx == size {
            return;
        }
        loop {
            idx += 1;
            if idx == size {
                self.pos = idx;
                return;
            }
            if !self.is_space(idx) {
                break;
            }
        }
        let sep = self.in_list(idx, separators);
        loop {
            idx += 1;
            if idx == size || self.is_space(idx) || sep != self.in_list(idx, separators) {
                break;
            }
        }
        self.pos = idx - 1;
    }

    /// Tab: completes the word before the cursor to a command name (unique, or the common prefix
    /// of several), as tmux's first word completion.
    fn complete(&mut self) {
        let end = self.pos;
        let mut start = end;
        while start > 0 && self.input[start - 1] != ' ' {
            start -= 1;
        }
        if self.input[..start].iter().any(|c| *c != ' ') {
            return;
        }
        let word: String = self.input[start..end].iter().collect();
        if word.is_empty() {
            return;
        }
        let mut names: Vec<&str> = (crate::cmd::commands())
            .flat_map(|e| [Some(e.name), e.alias])
            .flatten()
            .filter(|n| n.starts_with(&word))
            .collect();
        names.sort_unstable();
        names.dedup();
        let completed = match names.as_slice() {
            [] => return,
            [one] => format!("{one} "),
            [first, rest @ ..] => {
                let mut common = first.to_string();
                for n in rest {
                    while !n.starts_with(&common) {
                        common.pop();
                    }
                }
                common
            }
        };
        let chars: Vec<char> = completed.chars().collect();
        let n = chars.len();
        self.input.splice(start..end, chars);
        self.pos = start + n;
    }
}

/// What a key does at the prompt.
#[derive(Clone, Copy)]
enum Op {
    Left,
    Right,
    Home,
    End,
    Complete,
    BSpace,
    Delete,
    KillLine,
    KillEnd,
    CutWord,
    ForwardWord,
    /// vi's `e` (true: words end at `word-separators` too) and `E`.
    EndWord(bool),
    /// vi's `w` and `W`.
    ViForwardWord(bool),
    BackwardWord(bool),
    Up,
    Down,
    Yank,
    Transpose,
    Enter,
    Cancel,
    /// C-s (true) and C-r in an incremental prompt.
    Search(bool),
    Type(Key),
}

/// The emacs keys (tmux's status_prompt_key).
fn emacs(key: Key) -> Op {
    match (key.code, key.to_string().as_str()) {
        (_, "Left" | "C-b") => Op::Left,
        (_, "Right" | "C-f") => Op::Right,
        (_, "Home" | "C-a") => Op::Home,
        (_, "End" | "C-e") => Op::End,
        (_, "Tab") => Op::Complete,
        (KeyCode::BSpace, _) | (_, "C-h") => Op::BSpace,
        (_, "DC" | "C-d") => Op::Delete,
        (_, "C-u") => Op::KillLine,
        (_, "C-k") => Op::KillEnd,
        (_, "C-w") => Op::CutWord,
        (_, "C-Right" | "M-f") => Op::ForwardWord,
        (_, "C-Left" | "M-b") => Op::BackwardWord(true),
        (_, "Up" | "C-p") => Op::Up,
        (_, "Down" | "C-n") => Op::Down,
        (_, "C-y") => Op::Yank,
        (_, "C-t") => Op::Transpose,
        (_, "Enter" | "C-j") => Op::Enter,
        (_, "Escape" | "C-c" | "C-g") => Op::Cancel,
        (_, "C-r") => Op::Search(false),
        (_, "C-s") => Op::Search(true),
        _ => Op::Type(key),
    }
}

/// Text for the prompt from a buffer or a paste: up to the first control character.
fn paste_chars(data: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(data)
        .chars()
        .take_while(|c| !c.is_control())
        .collect()
}

/// What command-prompt asks a client for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptSpec {
    /// Each prompt's label (with its space) and initial input, asked in turn.
    pub prompts: Vec<(String, String)>,
    /// What the answers fill (`%1`, `%2`... and `%%`); `None`: the answer is the command.
    pub template: Option<crate::cmd::args::Value>,
    pub flags: Flags,
    pub ptype: PromptType,
    /// The queue waiting for the answer (without `-b`).
    pub answer: Option<crate::cmd::answer::AnswerHandle>,
}

#[cfg(test)]
mod tests;
