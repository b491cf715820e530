//! Drawing copy mode's view (tmux's window_copy_write_line): the backing lines in view, search matches
//! in `copy-mode-match-style` (the one under the cursor in `copy-mode-current-match-style`), the
//! marked line in `copy-mode-mark-style`, the position indicator at the top right and the selection
//! in `mode-style`.

use super::CopyMode;
use ccmux_term::{RenderCell, RenderColor};
use unicode_width::UnicodeWidthChar;

/// Colours and attributes a style gives a cell.
pub type Pen = (RenderColor, RenderColor, u16);

#[derive(Clone, Copy, Debug)]
pub struct Styles {
    pub mode: Pen,
    pub matched: Pen,
    pub current: Pen,
    pub mark: Pen,
}

impl Default for Styles {
    fn default() -> Styles {
        let black = RenderColor::Named(0);
        Styles {
            mode: (black, RenderColor::Named(3), 0),
            matched: (black, RenderColor::Named(6), 0),
            current: (black, RenderColor::Named(5), 0),
            mark: (black, RenderColor::Named(1), 0),
        }
    }
}

fn paint(cell: &mut RenderCell, pen: Pen) {
    cell.fg = pen.0;
    cell.bg = pen.1;
    cell.attrs = pen.2;
}

impl CopyMode {
    /// The position indicator: `[offset/history]`, with the match count after a search.
    pub fn indicator(&self) -> Option<String> {
        if self.hide_position || self.sy() < 2 {
            return None;
        }
        let pos = format!("[{}/{}]", self.oy, self.hsize());
        Some(match (&self.searchmark, self.timeout, self.searchcount) {
            (None, true, _) => format!("(timed out) {pos}"),
            (None, false, _) | (Some(_), _, -1) => pos,
            (Some(_), _, n) => format!(
                "({n}{} results) {pos}",
                if self.searchmore { "+" } else { "" }
            ),
        })
    }

    /// One view row as tmux's mode screen holds it: cells with match and mark styles, the indicator on
    /// the first row, `$` where the cursor is past the last column (no selection).
    fn row(&self, py: usize, styles: &Styles, out: &mut Vec<RenderCell>) {
        let sx = self.sx();
        let mut size = 0;
        let indicator = if py == 0 { self.indicator() } else { None };
        if let Some(hdr) = &indicator {
            size = hdr
                .chars()
                .map(|c| c.width().unwrap_or(0))
                .sum::<usize>()
                .min(sx);
        }
        let fy = self.hsize() - self.oy + py;
        let nx = sx - size;
        let start = out.len();
        let mut fx = 0;
        while fx < nx {
            let mut cell = self.backing.render(fx, fy);
            let width = cell.width.max(1) as usize;
            if fx + width > nx {
                out.push(RenderCell::BLANK);
                fx += 1;
                continue;
            }
            self.style_cell(fx, fy, py, &mut cell, styles);
            out.push(cell);
            fx += 1;
        }
        out.resize(start + sx, RenderCell::BLANK);
        if let Some(hdr) = indicator {
            let row = &mut out[start..];
            let (fg, bg, attrs) = styles.mode;
            put(row, sx - size, &hdr, (fg, bg, attrs));
        }
        if py == self.cy && self.cx == sx {
            out[start + sx - 1] =
                RenderCell::styled('$', RenderColor::Default, RenderColor::Default, 0);
        }
    }

    fn style_cell(&self, fx: usize, fy: usize, py: usize, cell: &mut RenderCell, styles: &Styles) {
        let mut inv = false;
        if self.showmark && fy == self.my {
            cell.attrs = styles.mark.2;
            inv = fx == self.mx;
            let (fg, bg) = if inv {
                (styles.mark.1, styles.mark.0)
            } else {
                (styles.mark.0, styles.mark.1)
            };
            cell.fg = fg;
            cell.bg = bg;
        }
        if let Some(current) = self.match_style(fx, py) {
            let pen = if current {
                styles.current
            } else {
                styles.matched
            };
            cell.attrs = pen.2;
            if inv {
                cell.fg = pen.1;
                cell.bg = pen.0;
            } else {
                cell.fg = pen.0;
                cell.bg = pen.1;
            }
        }
    }

    /// A view row as tmux's mode screen has it (no selection drawn).
    pub fn view_row(&self, py: usize) -> Vec<RenderCell> {
        let mut row = Vec::with_capacity(self.sx());
        self.row(py, &Styles::default(), &mut row);
        row
    }

    /// Draws the view, the selection in `mode-style`; returns the cursor (column, row).
    pub fn draw(&self, styles: &Styles, out: &mut Vec<Vec<RenderCell>>) -> (usize, usize) {
        for py in 0..self.sy() {
            let mut row = Vec::with_capacity(self.sx());
            self.row(py, styles, &mut row);
            if self.sel.is_some() {
                for (px, cell) in row.iter_mut().enumerate() {
                    if self.selected(px, py) {
                        paint(cell, styles.mode);
                    }
                }
            }
            out.push(row);
        }
        (self.cx.min(self.sx() - 1), self.cy)
    }
}

/// Writes text from column `x` in one style, clipped to the row.
fn put(row: &mut [RenderCell], mut x: usize, text: &str, pen: Pen) {
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if w == 0 {
            continue;
        }
        if x + w > row.len() {
            break;
        }
        row[x] = RenderCell {
            width: w as u8,
            ..RenderCell::styled(c, pen.0, pen.1, pen.2)
        };
        if w == 2 {
            row[x + 1] = RenderCell {
                width: 0,
                ..RenderCell::styled(' ', pen.0, pen.1, pen.2)
            };
        }
        x += w;
    }
}

fn is_sep(c: &RenderCell, ws: &str) -> bool {
    c.zw.is_none() && (ws.contains(c.c) || c.c == ' ')
}

/// The word at column `x` of a drawn row (tmux's format_grid_word on the mode screen).
pub fn grid_word(row: &[RenderCell], mut x: usize, ws: &str) -> Option<String> {
    let len = line_length(row);
    let cell = |x: usize| row.get(x).cloned().unwrap_or(RenderCell::BLANK);
    let mut found = false;
    loop {
        let c = cell(x);
        if c.width == 0 {
            break;
        }
        if is_sep(&c, ws) {
            found = true;
            break;
        }
        if x == 0 {
            break;
        }
        x -= 1;
    }
    let mut out = String::new();
    loop {
        if found {
            if len == 0 || x + 1 == len {
                break;
            }
            x += 1;
        }
        found = true;
        let c = cell(x);
        if c.width == 0 || is_sep(&c, ws) {
            break;
        }
        out.push(c.c);
        if let Some(z) = &c.zw {
            out.push_str(z);
        }
    }
    (!out.is_empty()).then_some(out)
}

fn line_length(row: &[RenderCell]) -> usize {
    let mut n = row.len();
    while n > 0 && row[n - 1].width != 0 && row[n - 1].c == ' ' && row[n - 1].zw.is_none() {
        n -= 1;
    }
    n
}

/// The text of a drawn row (tmux's format_grid_line).
pub fn grid_line(row: &[RenderCell]) -> Option<String> {
    let mut out = String::new();
    for c in &row[..line_length(row)] {
        if c.width == 0 {
            break;
        }
        out.push(c.c);
        if let Some(z) = &c.zw {
            out.push_str(z);
        }
    }
    (!out.is_empty()).then_some(out)
}
