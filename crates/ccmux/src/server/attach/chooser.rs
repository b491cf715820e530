//! choose-buffer's chooser (tmux's window-buffer.c on its mode-tree.c): over a pane, a list of the
//! buffers, each `(key) name: format`, the current one in `mode-style`, and below it a box previewing
//! the current buffer. Enter (or the line's key) runs the template with `%%` as the buffer's name
//! (`paste-buffer -b '%%'`), `d` deletes, `t` tags, `P`/`D` paste/delete the tagged ones, `O` and `r`
//! sort, `v` shows or hides the preview, `q` leaves. Not here yet: tmux's `/` search, `f` filter
//! prompt, `e` edit, the mouse and the menu.

use super::draw;
use crate::server::format_ctx::Target;
use crate::server::state::Server;
use ccmux_model::keys::{Key, KeyCode};
use ccmux_model::options::Style;
use ccmux_model::{OptionScope, PaneId, SessionId};
use ccmux_term::{attr, RenderCell};
use std::collections::BTreeSet;

/// What choose-buffer asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub template: String,
    pub format: String,
    pub filter: Option<String>,
    pub sort: Sort,
    pub reversed: bool,
    pub preview: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Time,
    Name,
    Size,
}

impl Sort {
    fn name(self) -> &'static str {
        match self {
            Sort::Time => "time",
            Sort::Name => "name",
            Sort::Size => "size",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "time" => Some(Sort::Time),
            "name" => Some(Sort::Name),
            "size" => Some(Sort::Size),
            _ => None,
        }
    }
}

/// What a key did.
pub enum Outcome {
    Stay,
    Exit,
    /// Leave, then run these command lines.
    Run(Vec<String>),
}

pub struct Chooser {
    spec: Spec,
    /// Buffer names and their lines' text, in list order, as last built.
    items: Vec<(String, String)>,
    current: usize,
    offset: usize,
    tagged: BTreeSet<String>,
    /// Rows the list takes, as last drawn.
    height: usize,
    /// The filter matched nothing (every buffer is listed).
    no_matches: bool,
}

impl Chooser {
    pub fn new(spec: Spec) -> Chooser {
        Chooser {
            spec,
            items: Vec::new(),
            current: 0,
            offset: 0,
            tagged: BTreeSet::new(),
            height: 1,
            no_matches: false,
        }
    }

    /// Rebuilds the list from the server's buffers, keeping the current one by name; false when there
    /// is no buffer left (the chooser leaves, as tmux's).
    pub fn build(&mut self, srv: &Server, session: SessionId, pane: PaneId) -> bool {
        let keep = self.items.get(self.current).map(|(n, _)| n.clone());
        let mut buffers = srv.buffers.by_time();
        match self.spec.sort {
            Sort::Time => {}
            Sort::Name => buffers.sort_by(|a, b| a.name.cmp(&b.name)),
            Sort::Size => buffers.sort_by_key(|b| std::cmp::Reverse(b.data.len())),
        }
        if self.spec.reversed {
            buffers.reverse();
        }
        let lines: Vec<(String, String, bool)> = buffers
            .iter()
            .map(|b| {
                let formats = crate::server::buffers::vars(b);
                let target = Target::pane(srv, Some(session), pane).with_formats(&formats);
                let pass = (self.spec.filter.as_deref())
                    .is_none_or(|f| ccmux_lang::format_true(&target.expand(f)));
                (b.name.clone(), target.expand_time(&self.spec.format), pass)
            })
            .collect();
        // A filter that matches nothing shows everything (tmux's no_matches).
        let any = lines.iter().any(|l| l.2);
        self.no_matches = !any;
        self.items = (lines.into_iter())
            .filter(|l| l.2 || !any)
            .map(|(n, t, _)| (n, t))
            .collect();
        self.tagged
            .retain(|t| self.items.iter().any(|(n, _)| n == t));
        if let Some(i) = keep.and_then(|k| self.items.iter().position(|(n, _)| *n == k)) {
            self.current = i;
        }
        self.current = self.current.min(self.items.len().saturating_sub(1));
        !self.items.is_empty()
    }

    fn up(&mut self, wrap: bool) {
        if self.current > 0 {
            self.current -= 1;
        } else if wrap {
            self.current = self.items.len().saturating_sub(1);
        }
    }

    fn down(&mut self, wrap: bool) {
        if self.current + 1 < self.items.len() {
            self.current += 1;
        } else if wrap {
            self.current = 0;
        }
    }

    fn commands(&self, names: &[String]) -> Vec<String> {
        (names.iter())
            .map(|n| template_replace(&self.spec.template, n))
            .filter(|c| !c.is_empty())
            .collect()
    }

    /// The tagged buffers, in list order.
    fn tagged_names(&self) -> Vec<String> {
        (self.items.iter())
            .filter(|(n, _)| self.tagged.contains(n))
            .map(|(n, _)| n.clone())
            .collect()
    }

    pub fn key(&mut self, srv: &mut Server, session: SessionId, pane: PaneId, key: Key) -> Outcome {
        if !self.build(srv, session, pane) {
            return Outcome::Exit;
        }
        let name = key.to_string();
        // A line's own key chooses it.
        if let Some(i) = line_of_key(&name).filter(|i| *i < self.items.len()) {
            self.current = i;
            return Outcome::Run(self.commands(&[self.items[i].0.clone()]));
        }
        let current = self.items[self.current].0.clone();
        match (key.code, name.as_str()) {
            (KeyCode::ESCAPE, _) | (_, "q" | "C-g") => return Outcome::Exit,
            (KeyCode::Up, _) | (_, "k" | "C-p") => self.up(true),
            (KeyCode::Down, _) | (_, "j" | "C-n") => self.down(true),
            (KeyCode::Left, _) | (_, "h" | "-") => self.up(false),
            (KeyCode::Right, _) | (_, "l" | "+") => self.down(false),
            (KeyCode::PPage, _) | (_, "C-b") => {
                self.current = self.current.saturating_sub(self.height)
            }
            (KeyCode::NPage, _) | (_, "C-f") => {
                self.current = (self.current + self.height).min(self.items.len() - 1)
            }
            (KeyCode::Home, _) | (_, "g") => self.current = 0,
            (KeyCode::End, _) | (_, "G") => self.current = self.items.len() - 1,
            (_, "t") if !self.tagged.remove(&current) => {
                self.tagged.insert(current);
            }
            (_, "T") => self.tagged.clear(),
            (_, "C-t") => self.tagged = self.items.iter().map(|(n, _)| n.clone()).collect(),
            (_, "O") => {
                self.spec.sort = match self.spec.sort {
                    Sort::Time => Sort::Name,
                    Sort::Name => Sort::Size,
                    Sort::Size => Sort::Time,
                }
            }
            (_, "r") => self.spec.reversed = !self.spec.reversed,
            (_, "v") => self.spec.preview = !self.spec.preview,
            (_, "d") => {
                srv.buffers.delete(&current);
            }
            (_, "D") => {
                for name in self.tagged_names() {
                    srv.buffers.delete(&name);
                }
            }
            (_, "P") => return Outcome::Run(self.commands(&self.tagged_names())),
            (KeyCode::ENTER, _) | (_, "p") => return Outcome::Run(self.commands(&[current])),
            _ => {}
        }
        if !self.build(srv, session, pane) {
            return Outcome::Exit;
        }
        Outcome::Stay
    }

    /// Draws the chooser `cols` x `rows`.
    pub fn draw(
        &mut self,
        srv: &Server,
        session: SessionId,
        pane: PaneId,
        cols: u16,
        rows: u16,
    ) -> Vec<Vec<RenderCell>> {
        self.build(srv, session, pane);
        let (w, sy) = (cols as usize, rows.max(1) as usize);
        self.height = list_height(sy, self.items.len(), self.spec.preview);
        let h = self.height;
        if self.current < self.offset {
            self.offset = self.current;
        }
        if self.current >= self.offset + h {
            self.offset = self.current + 1 - h;
        }
        let plain = Style::default();
        let mode = style_option(srv, OptionScope::Pane(pane), "mode-style");
        let keylen = (0..self.items.len())
            .filter_map(key_of_line)
            .map(|k| k.len() + 3)
            .max()
            .unwrap_or(0);
        let mut out = Vec::with_capacity(sy);
        for (i, (name, text)) in self.items.iter().enumerate().skip(self.offset).take(h) {
            let key = key_of_line(i).map_or(String::new(), |k| format!("({k})"));
            let tag = if self.tagged.contains(name) { "*" } else { "" };
            let head = format!("{key:<keylen$}{name}{tag}: ").replace('#', "##");
            let base = if i == self.current { &mode } else { &plain };
            let mut row = draw::draw(&format!("{head}{text}"), base, w);
            if !tag.is_empty() {
                row.iter_mut().for_each(|c| c.attrs ^= attr::BOLD);
            }
            out.push(row);
        }
        out.resize(h.min(sy), vec![RenderCell::BLANK; w]);
        if self.spec.preview && sy > 4 && h > 4 && sy - h > 4 && w > 4 {
            self.preview(srv, w, sy - h, &mut out);
        }
        out.resize(sy, vec![RenderCell::BLANK; w]);
        out
    }

    /// The box under the list: the current buffer's name and sort order, then its first lines.
    fn preview(&self, srv: &Server, w: usize, height: usize, out: &mut Vec<Vec<RenderCell>>) {
        let Some((name, _)) = self.items.get(self.current) else {
            return;
        };
        let mut rows = vec![boxed('┌', '─', '┐', w)];
        rows.extend((2..height).map(|_| boxed('│', ' ', '│', w)));
        rows.push(boxed('└', '─', '┘', w));
        let sort = self.spec.sort.name();
        let reversed = if self.spec.reversed { ", reversed" } else { "" };
        let mut title = format!(" {name} (sort: {sort}{reversed})");
        if w - 2 >= title.len() {
            let state = if self.no_matches {
                "no matches"
            } else {
                "active"
            };
            if self.spec.filter.is_some() && w - 2 >= title.len() + 10 + state.len() + 2 {
                title.push_str(&format!(" (filter: {state}) "));
            } else {
                title.push(' ');
            }
            put(&mut rows[0], 1, &title, w - 1);
        }
        // The buffer's first lines, escaped, inside the box with a column of margin.
        if let Some(b) = srv.buffers.get(name) {
            let lines = b.data.split(|c| *c == b'\n');
            for (row, line) in rows[1..height - 1].iter_mut().zip(lines) {
                put(row, 2, &crate::server::vis::escape(line, false), w - 2);
            }
        }
        out.extend(rows);
    }
}

fn boxed(left: char, mid: char, right: char, w: usize) -> Vec<RenderCell> {
    let mut row = vec![
        RenderCell {
            c: mid,
            ..RenderCell::BLANK
        };
        w
    ];
    row[0].c = left;
    row[w - 1].c = right;
    row
}

/// Plain text into `row` from column `x`, up to column `end`.
fn put(row: &mut [RenderCell], x: usize, text: &str, end: usize) {
    let (fg, bg) = (
        ccmux_term::RenderColor::Default,
        ccmux_term::RenderColor::Default,
    );
    if let Some(part) = row.get_mut(..end) {
        super::status::put(part, x, text, fg, bg, 0);
    }
}

/// The list's height in a pane `sy` rows high (tmux's mode_tree_set_height).
fn list_height(sy: usize, lines: usize, preview: bool) -> usize {
    if !preview {
        return sy;
    }
    let mut h = (sy / 3) * 2;
    if h > lines {
        h = sy / 2;
    }
    if h < 10 || sy - h < 2 {
        h = sy;
    }
    h.max(1)
}

/// The key choosing line `i` (tmux's default key format): `0`..`9`, then `M-a`..`M-z`.
fn key_of_line(i: usize) -> Option<String> {
    match i {
        0..=9 => Some(i.to_string()),
        10..=35 => Some(format!("M-{}", (b'a' + (i - 10) as u8) as char)),
        _ => None,
    }
}

fn line_of_key(name: &str) -> Option<usize> {
    (0..36).find(|i| key_of_line(*i).as_deref() == Some(name))
}

fn style_option(srv: &Server, scope: OptionScope, name: &str) -> Style {
    let text = srv.model.option_text(scope, name);
    Style::parse(&text).unwrap_or_default()
}

/// tmux's cmd_template_replace for `%%`/`%1` (the first `%%` only; `%%%` escapes `"\$;~`).
pub fn template_replace(template: &str, value: &str) -> String {
    let mut out = String::with_capacity(template.len() + value.len());
    let mut replaced = false;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let hit = match chars.peek() {
            Some('1') => true,
            Some('%') if !replaced => {
                replaced = true;
                true
            }
            _ => false,
        };
        if !hit {
            out.push('%');
            continue;
        }
        chars.next();
        let quoted = chars.next_if_eq(&'%').is_some();
        for c in value.chars() {
            if quoted && "\"\\$;~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_as_tmux() {
        assert_eq!(
            template_replace("paste-buffer -b '%%'", "buffer0"),
            "paste-buffer -b 'buffer0'"
        );
        assert_eq!(template_replace("a %% b %%", "x"), "a x b %%");
        assert_eq!(template_replace("a \"%%%\"", "$x;"), "a \"\\$x\\;\"");
        assert_eq!(template_replace("%1 and %2 %", "v"), "v and %2 %");
    }

    #[test]
    fn keys_and_heights() {
        assert_eq!(key_of_line(0).as_deref(), Some("0"));
        assert_eq!(key_of_line(10).as_deref(), Some("M-a"));
        assert_eq!(key_of_line(36), None);
        assert_eq!(line_of_key("M-c"), Some(12));
        assert_eq!(list_height(24, 3, true), 12);
        assert_eq!(list_height(24, 30, true), 16);
        assert_eq!(list_height(12, 3, true), 12);
        assert_eq!(list_height(24, 3, false), 24);
    }
}
