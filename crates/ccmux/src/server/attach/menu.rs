//! Menus (tmux's menu.c, for display-menu and the choosers' right-click menu): a box over the
//! client's screen with a title and items, each with its key on the right; Up/Down (k/j) move,
//! Enter or an item's key chooses, Escape or `q` closes. A menu opened from the keyboard takes no
//! mouse (tmux's MENU_NOMOUSE); from a click, a click on an item chooses it.

use super::status::format_width;
use crate::cmd::answer::AnswerHandle;
use ccmux_model::keys::{Key, KeyCode};
use ccmux_model::options::Style;
use ccmux_model::Current;
use ccmux_term::{attr, RenderCell};

/// What choosing an item does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run a command line (display-menu).
    Command(String),
    /// Give a key to the chooser for one of its lines (its right-click menu).
    ModeKey(Key, usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Drawn with its key: `name#[default] #[align=right](key)`; a leading `-` is a disabled item.
    pub name: String,
    pub key: Option<Key>,
    pub action: Action,
}

/// A menu to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuSpec {
    pub title: String,
    /// `None`: a separator line.
    pub items: Vec<Option<Item>>,
    /// The widest item (tmux's menu->width); the box is 4 wider.
    pub width: usize,
    pub x: u16,
    pub y: u16,
    /// `-O`: stays open when the mouse button is released.
    pub stay_open: bool,
    /// Opened by a click: the mouse chooses.
    pub mouse: bool,
    /// The target the chosen command runs for.
    pub at: Option<Current>,
    /// The waiting queue (display-menu goes on when the menu closes).
    pub answer: Option<AnswerHandle>,
}

impl MenuSpec {
    pub fn new(title: &str) -> MenuSpec {
        MenuSpec {
            title: title.to_string(),
            items: Vec::new(),
            width: format_width(title),
            x: 0,
            y: 0,
            stay_open: false,
            mouse: false,
            at: None,
            answer: None,
        }
    }

    /// tmux's menu_add_item: an item (`name` already expanded; empty: none) or a separator (none
    /// first), its key shown when there is room in a client `cols` wide.
    pub fn add(&mut self, name: Option<&str>, key: Option<Key>, action: Action, cols: usize) {
        let Some(name) = name else {
            if !self.items.is_empty() {
                self.items.push(None);
            }
            return;
        };
        if name.is_empty() {
            return;
        }
        let mut max = cols.saturating_sub(4);
        let len = name.len();
        let mut key_text = key
            .filter(|_| !name.starts_with('-'))
            .map(|k| k.to_string());
        if let Some(k) = &key_text {
            let keylen = k.len() + 3;
            if keylen <= max / 4 {
                max -= keylen;
            } else if keylen >= max || len >= max - keylen {
                key_text = None;
            }
        }
        let mut suffix = "";
        if len > max {
            max = max.saturating_sub(1);
            suffix = ">";
        }
        let trimmed = trim_right(name, max);
        let shown = match &key_text {
            Some(k) => format!("{trimmed}{suffix}#[default] #[align=right]({k})"),
            None => format!("{trimmed}{suffix}"),
        };
        let mut width = format_width(&shown);
        if shown.starts_with('-') {
            width = width.saturating_sub(1);
        }
        self.width = self.width.max(width);
        self.items.push(Some(Item {
            name: shown,
            key,
            action,
        }));
    }

    /// The box's size.
    pub fn size(&self) -> (usize, usize) {
        (self.width + 4, self.items.len() + 2)
    }
}

/// The last `limit` columns of `text` (tmux's format_trim_right).
fn trim_right(text: &str, limit: usize) -> String {
    if format_width(text) <= limit {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(limit)..].iter().collect()
}

/// What a key or click did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    Chosen(Action),
}

pub struct Menu {
    pub spec: MenuSpec,
    choice: Option<usize>,
}

fn selectable(item: &Option<Item>) -> bool {
    item.as_ref().is_some_and(|i| !i.name.starts_with('-'))
}

impl Menu {
    pub fn new(spec: MenuSpec) -> Menu {
        let choice = if spec.mouse {
            None
        } else {
            spec.items.iter().position(selectable)
        };
        Menu { spec, choice }
    }

    fn chosen(&self) -> Outcome {
        match self.choice.and_then(|c| self.spec.items.get(c)) {
            Some(Some(item)) if !item.name.starts_with('-') => Outcome::Chosen(item.action.clone()),
            Some(_) if self.spec.stay_open => Outcome::Stay,
            _ => Outcome::Close,
        }
    }

    /// tmux's menu_key_cb for keys.
    pub fn key(&mut self, key: Key) -> Outcome {
        let count = self.spec.items.len();
        if let Some(i) = (self.spec.items.iter()).position(|i| {
            i.as_ref()
                .is_some_and(|i| !i.name.starts_with('-') && i.key == Some(key))
        }) {
            self.choice = Some(i);
            return self.chosen();
        }
        let old = self.choice.unwrap_or(0);
        match key.to_string().as_str() {
            "Up" | "k" => loop {
                self.choice = Some(match self.choice {
                    None | Some(0) => count - 1,
                    Some(c) => c - 1,
                });
                if selectable(&self.spec.items[self.choice.unwrap_or(0)])
                    || self.choice == Some(old)
                {
                    break;
                }
            },
            "Down" | "j" => loop {
                self.choice = Some(match self.choice {
                    Some(c) if c + 1 < count => c + 1,
                    _ => 0,
                });
                if selectable(&self.spec.items[self.choice.unwrap_or(0)])
                    || self.choice == Some(old)
                {
                    break;
                }
            },
            // tmux 3.3a's menu_key_cb tests the name of the last item here (left over from its key
            // loop), not of the one it moves to: kept as tmux does it.
            "g" | "PPage" | "C-b" => {
                let c = self.choice.map_or(-1, |c| c as i64);
                let c = if c > 5 { c - 5 } else { 0 };
                let last_ok = self.spec.items.last().is_some_and(selectable);
                self.choice = last_ok.then_some(c as usize);
            }
            "G" | "NPage" => {
                let c = self.choice.map_or(-1, |c| c as i64);
                let c = if c > count as i64 - 6 {
                    count as i64 - 1
                } else {
                    c + 5
                };
                let last_ok = self.spec.items.last().is_some_and(selectable);
                self.choice = last_ok.then_some(c as usize);
            }
            "Enter" => return self.chosen(),
            "Escape" | "C-c" | "C-g" | "q" => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    /// A mouse event at (x, y) of the client's screen: the item under a press is chosen, a press
    /// outside closes (with MENU_NOMOUSE, any button but the first closes).
    pub fn click(&mut self, x: u16, y: u16, button: u16, release: bool) -> Outcome {
        if !self.spec.mouse {
            return if button & 3 != 0 || button & 64 != 0 {
                Outcome::Close
            } else {
                Outcome::Stay
            };
        }
        let (px, py) = (self.spec.x, self.spec.y);
        let count = self.spec.items.len() as u16;
        let inside = x >= px && x <= px + 4 + self.spec.width as u16 && y > py && y <= py + count;
        if !inside {
            if release && !self.spec.stay_open {
                return Outcome::Close;
            }
            if !release && self.spec.stay_open && button & (32 | 64) == 0 {
                return Outcome::Close;
            }
            self.choice = None;
            return Outcome::Stay;
        }
        self.choice = Some((y - py - 1) as usize);
        if (release && !self.spec.stay_open) || (self.spec.stay_open && button & (32 | 64) == 0) {
            return self.chosen();
        }
        Outcome::Stay
    }

    /// Draws the menu over `rows` (the client's screen) in its place (tmux's screen_write_menu).
    pub fn draw(&self, rows: &mut [&mut [RenderCell]], choice_style: &Style) {
        let (w, h) = self.spec.size();
        let (px, py) = (self.spec.x as usize, self.spec.y as usize);
        let plain = Style::default();
        let mut out: Vec<Vec<RenderCell>> = vec![vec![RenderCell::BLANK; w]; h];
        let line = |l: char, m: char, r: char| {
            let mut row = vec![
                RenderCell {
                    c: m,
                    ..RenderCell::BLANK
                };
                w
            ];
            row[0].c = l;
            row[w - 1].c = r;
            row
        };
        out[0] = line('┌', '─', '┐');
        out[h - 1] = line('└', '─', '┘');
        for row in out.iter_mut().take(h - 1).skip(1) {
            row[0].c = '│';
            row[w - 1].c = '│';
        }
        if w > 4 {
            super::draw::draw_over(&mut out[0], 2, &self.spec.title, &plain, w - 4);
        }
        for (i, item) in self.spec.items.iter().enumerate() {
            let row = &mut out[i + 1];
            let Some(item) = item else {
                *row = line('├', '─', '┤');
                continue;
            };
            let chosen = self.choice == Some(i) && !item.name.starts_with('-');
            let style = if chosen { *choice_style } else { plain };
            let (text, dim) = match item.name.strip_prefix('-') {
                Some(rest) => (rest, true),
                None => (item.name.as_str(), false),
            };
            let mut cells = super::draw::draw(text, &style, self.spec.width);
            if dim {
                // Only the text is dim (tmux draws the padding after it plain).
                let n = format_width(text).min(cells.len());
                cells[..n].iter_mut().for_each(|c| c.attrs |= attr::DIM);
            }
            row[2..2 + self.spec.width].clone_from_slice(&cells);
        }
        for (r, src) in out.iter().enumerate() {
            let Some(dst) = rows.get_mut(py + r) else {
                break;
            };
            for (c, cell) in src.iter().enumerate() {
                if let Some(slot) = dst.get_mut(px + c) {
                    *slot = cell.clone();
                }
            }
        }
    }
}

/// The key of a menu item from its name in display-menu's arguments (`""`: none).
pub fn parse_key(name: &str) -> Option<Key> {
    Key::parse(name).filter(|k| !matches!(k.code, KeyCode::NoKey | KeyCode::Any))
}

#[cfg(test)]
mod tests;
