//! Copy mode: a frozen view of a pane's history and screen (or of a command's output) that scrolls,
//! searches, and copies a selection.

use super::status;
use ccmux_model::keys::{Key, KeyCode};
use ccmux_term::{attr, history_cells, HistoryLine, RenderCell};

pub struct CopyMode {
    /// History then screen lines, oldest first.
    lines: Vec<HistoryLine>,
    /// Index of the first line shown.
    top: usize,
    rows: usize,
    cols: usize,
    /// Cursor: line index and column.
    cy: usize,
    cx: usize,
    /// Selection start (line, column) once begun.
    mark: Option<(usize, usize)>,
    /// A search prompt being typed: (forward, text).
    pub search_input: Option<(bool, String)>,
    last_search: Option<(bool, String)>,
    /// Leaves when scrolled back to the bottom (entered with the mouse wheel).
    pub exit_at_bottom: bool,
    /// Output of a command, not a pane: nothing to copy.
    pub view_only: bool,
}

/// What a key did.
pub enum Outcome {
    Stay,
    Exit,
    /// Copy this text and leave.
    Copy(String),
}

impl CopyMode {
    pub fn new(
        lines: Vec<HistoryLine>,
        cols: u16,
        rows: u16,
        cursor: Option<(u16, u16)>,
    ) -> CopyMode {
        let rows = rows.max(1) as usize;
        let top = lines.len().saturating_sub(rows);
        let (cx, cy) = match cursor {
            Some((x, y)) => (x as usize, top + y as usize),
            None => (0, top),
        };
        CopyMode {
            top,
            cy: cy.min(lines.len().saturating_sub(1)),
            cx,
            rows,
            cols: cols as usize,
            lines,
            mark: None,
            search_input: None,
            last_search: None,
            exit_at_bottom: false,
            view_only: false,
        }
    }

    /// A view of text lines (command output, list-keys), from the top.
    pub fn view(text: &str, cols: u16, rows: u16) -> CopyMode {
        let lines = text.lines().map(|l| HistoryLine::new(l, false)).collect();
        let mut cm = CopyMode::new(lines, cols, rows, None);
        cm.top = 0;
        cm.cy = 0;
        cm.view_only = true;
        cm
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.cols = cols as usize;
        self.rows = rows.max(1) as usize;
        self.clamp();
    }

    fn max_top(&self) -> usize {
        self.lines.len().saturating_sub(self.rows)
    }

    fn clamp(&mut self) {
        self.cy = self.cy.min(self.lines.len().saturating_sub(1));
        self.top = self.top.min(self.max_top());
        if self.cy < self.top {
            self.top = self.cy;
        }
        if self.cy >= self.top + self.rows {
            self.top = self.cy + 1 - self.rows;
        }
    }

    /// Scrolls the view by `n` lines (negative: up), carrying the cursor along.
    pub fn scroll(&mut self, n: isize) -> Outcome {
        let top = (self.top as isize + n).clamp(0, self.max_top() as isize) as usize;
        let moved = top as isize - self.top as isize;
        self.top = top;
        self.cy = (self.cy as isize + moved).max(0) as usize;
        self.clamp();
        if self.exit_at_bottom && n > 0 && self.top == self.max_top() {
            return Outcome::Exit;
        }
        Outcome::Stay
    }

    fn move_cursor(&mut self, dy: isize) {
        self.cy =
            (self.cy as isize + dy).clamp(0, self.lines.len().saturating_sub(1) as isize) as usize;
        self.clamp();
    }

    fn plain(&self, line: usize) -> String {
        self.lines.get(line).map(|l| l.plain()).unwrap_or_default()
    }

    pub fn key(&mut self, key: Key) -> Outcome {
        // Keys by tmux name (`C-c`), or by code whatever the modifiers.
        let name = key.to_string();
        if let Some((forward, text)) = &mut self.search_input {
            match (key.code, name.as_str()) {
                (KeyCode::ENTER, _) | (_, "C-j") => {
                    let s = (*forward, text.clone());
                    self.search_input = None;
                    if !s.1.is_empty() {
                        self.last_search = Some(s);
                        self.search(false);
                    }
                }
                (KeyCode::ESCAPE, _) | (_, "C-c") => self.search_input = None,
                (KeyCode::BSpace, _) => {
                    text.pop();
                }
                _ => text.extend(key.printable()),
            }
            return Outcome::Stay;
        }
        let half = (self.rows / 2).max(1) as isize;
        let page = self.rows.max(1) as isize;
        match (key.code, name.as_str()) {
            (KeyCode::ESCAPE, _) | (_, "q" | "C-c") => return Outcome::Exit,
            (_, "Up" | "k" | "C-p") => self.move_cursor(-1),
            (_, "Down" | "j" | "C-n") => {
                self.move_cursor(1);
                if self.exit_at_bottom && self.cy + 1 >= self.lines.len() {
                    return Outcome::Exit;
                }
            }
            (_, "Left" | "h") => self.cx = self.cx.saturating_sub(1),
            (_, "Right" | "l") => self.cx = (self.cx + 1).min(self.cols.saturating_sub(1)),
            (_, "C-Up" | "C-y") => return self.scroll(-1),
            (_, "C-Down" | "C-e") => return self.scroll(1),
            (KeyCode::PPage, _) | (_, "C-b") => return self.scroll(-page),
            (KeyCode::NPage, _) | (_, "C-f") => return self.scroll(page),
            (_, "C-u") => return self.scroll(-half),
            (_, "C-d") => return self.scroll(half),
            (KeyCode::Home, _) | (_, "g" | "M-<") => {
                self.cy = 0;
                self.top = 0;
            }
            (KeyCode::End, _) | (_, "G" | "M->") => {
                self.cy = self.lines.len().saturating_sub(1);
                self.clamp();
            }
            (_, "0" | "C-a") => self.cx = 0,
            (_, "$" | "M-e") => self.cx = status::width(&self.plain(self.cy)).saturating_sub(1),
            (_, "/" | "C-s") => self.search_input = Some((true, String::new())),
            (_, "?" | "C-r") => self.search_input = Some((false, String::new())),
            (_, "n") => self.search(false),
            (_, "N") => self.search(true),
            (_, "Space" | "v" | "C-Space") if !self.view_only => {
                self.mark = Some((self.cy, self.cx))
            }
            (_, "Enter" | "C-j" | "y" | "M-w") if !self.view_only => {
                return match self.selection() {
                    Some(text) => Outcome::Copy(text),
                    None => Outcome::Exit,
                };
            }
            _ => {}
        }
        Outcome::Stay
    }

    /// Jumps to the next match of the last search (`reverse`: the other way). `/` searches down, `?` up.
    fn search(&mut self, reverse: bool) {
        let Some((forward, text)) = self.last_search.clone() else {
            return;
        };
        let down = forward != reverse;
        let n = self.lines.len();
        for step in 1..=n {
            let line = if down {
                (self.cy + step) % n
            } else {
                (self.cy + n * 2 - step) % n
            };
            let plain = self.plain(line);
            if let Some(pos) = plain.find(&text) {
                self.cy = line;
                self.cx = status::width(&plain[..pos]);
                self.clamp();
                return;
            }
        }
    }

    fn selection(&self) -> Option<String> {
        let (my, mx) = self.mark?;
        let (start, end) = if (my, mx) <= (self.cy, self.cx) {
            ((my, mx), (self.cy, self.cx))
        } else {
            ((self.cy, self.cx), (my, mx))
        };
        let mut out = String::new();
        for line in start.0..=end.0 {
            let chars: Vec<char> = self.plain(line).chars().collect();
            let from = if line == start.0 { start.1 } else { 0 };
            let to = if line == end.0 {
                (end.1 + 1).min(chars.len())
            } else {
                chars.len()
            };
            out.extend(chars.get(from.min(to)..to).into_iter().flatten());
            if line != end.0 && !self.lines[line].wrapped {
                out.push('\n');
            }
        }
        Some(out)
    }

    fn selected(&self, line: usize, col: usize) -> bool {
        let Some(mark) = self.mark else { return false };
        let (a, b) = if mark <= (self.cy, self.cx) {
            (mark, (self.cy, self.cx))
        } else {
            ((self.cy, self.cx), mark)
        };
        (line, col) >= a && (line, col) <= b
    }

    /// Draws the view: `rows` rows of `cols` cells each, and the cursor position within them.
    pub fn draw(&self, out: &mut Vec<Vec<RenderCell>>) -> (u16, u16) {
        for r in 0..self.rows {
            let mut row = Vec::with_capacity(self.cols);
            let line = self.top + r;
            if let Some(l) = self.lines.get(line) {
                history_cells(l, self.cols, &mut row);
            }
            row.resize(self.cols, RenderCell::BLANK);
            if self.mark.is_some() {
                for (x, cell) in row.iter_mut().enumerate() {
                    if self.selected(line, x) {
                        cell.attrs ^= attr::INVERSE;
                    }
                }
            }
            out.push(row);
        }
        if let Some(first) = out.first_mut() {
            let pos = format!("[{}/{}]", self.max_top() - self.top, self.max_top());
            status::indicator(first, &pos);
        }
        (
            (self.cx.min(self.cols.saturating_sub(1))) as u16,
            (self.cy.saturating_sub(self.top)) as u16,
        )
    }

    /// The search prompt, shown on the status line while typed.
    pub fn prompt(&self) -> Option<String> {
        self.search_input.as_ref().map(|(fwd, t)| {
            format!(
                "{}{t}",
                if *fwd {
                    "(search down) "
                } else {
                    "(search up) "
                }
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize) -> Vec<HistoryLine> {
        (0..n)
            .map(|i| HistoryLine::new(format!("line {i}"), false))
            .collect()
    }

    #[test]
    fn scrolls_searches_and_copies() {
        let mut cm = CopyMode::new(lines(100), 20, 10, Some((0, 9)));
        assert_eq!(cm.top, 90);
        cm.key(Key::new(KeyCode::PPage, ccmux_model::keys::Mods::NONE));
        assert_eq!(cm.top, 80);
        for c in "/line 5".chars() {
            cm.key(Key::char(c));
        }
        cm.key(Key::char('\r'));
        assert_eq!(cm.cy, 5, "searching down wraps around to the top");
        assert!(cm.top <= 5);
        cm.key(Key::char('0'));
        cm.key(Key::char(' '));
        cm.key(Key::char('j'));
        cm.key(Key::char('l'));
        match cm.key(Key::char('\r')) {
            Outcome::Copy(t) => assert_eq!(t, "line 5\nli"),
            _ => panic!("expected a copy"),
        }
        let mut rows = Vec::new();
        cm.draw(&mut rows);
        assert_eq!(rows.len(), 10);
        assert!(matches!(cm.key(Key::char('q')), Outcome::Exit));
    }
}
