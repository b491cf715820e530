//! Frames: a client's whole screen as cells (panes, borders, status line), and the escape sequences that
//! turn the previous frame into the next one.

use ccmux_model::{PaneId, Rect};
use ccmux_term::{attr, CursorShape, RenderCell, RenderColor, RenderCursor};
use std::fmt::Write as _;

/// What the client's terminal shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub cols: u16,
    pub rows: u16,
    pub cells: Vec<RenderCell>,
    pub cursor: RenderCursor,
}

impl Frame {
    pub fn new(cols: u16, rows: u16) -> Frame {
        Frame {
            cols,
            rows,
            cells: vec![RenderCell::BLANK; cols as usize * rows as usize],
            cursor: RenderCursor::default(),
        }
    }

    pub fn row_mut(&mut self, y: u16) -> &mut [RenderCell] {
        let w = self.cols as usize;
        &mut self.cells[y as usize * w..(y as usize + 1) * w]
    }

    /// Copies `cells` (one pane row) to (x, y), clipped to `max` cells and the frame.
    pub fn blit(&mut self, x: u16, y: u16, cells: &[RenderCell], max: u16) {
        if y >= self.rows || x >= self.cols {
            return;
        }
        let n = (max.min(self.cols - x) as usize).min(cells.len());
        let row = self.row_mut(y);
        let dst = &mut row[x as usize..x as usize + n];
        dst.clone_from_slice(&cells[..n]);
        // A wide character cut in half by the edge becomes a space.
        if let Some(last) = dst.last_mut() {
            if last.width == 2 {
                *last = RenderCell {
                    c: ' ',
                    width: 1,
                    zw: None,
                    ..last.clone()
                };
            }
        }
        if let Some(first) = dst.first_mut() {
            if first.width == 0 {
                *first = RenderCell {
                    c: ' ',
                    width: 1,
                    ..first.clone()
                };
            }
        }
    }
}

/// The characters borders are drawn with (`pane-border-lines`; `number` draws as `single`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lines {
    #[default]
    Single,
    Double,
    Heavy,
    Simple,
}

impl Lines {
    /// Vertical, horizontal, and the joins: right, left, down, up, all four (tmux's border sets).
    fn chars(self) -> [char; 7] {
        match self {
            Lines::Single => ['│', '─', '├', '┤', '┬', '┴', '┼'],
            Lines::Double => ['║', '═', '╠', '╣', '╦', '╩', '╬'],
            Lines::Heavy => ['┃', '━', '┣', '┫', '┳', '┻', '╋'],
            Lines::Simple => ['|', '-', '+', '+', '+', '+', '+'],
        }
    }
}

/// How borders look: their lines, and the colours and attributes of the border around the active
/// pane and of the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BorderLook {
    pub lines: Lines,
    /// Between two panes, half the border is each pane's (`pane-border-indicators` `colour` or
    /// `both`, without pane status lines): only the active pane's half has its colour.
    pub split: bool,
    pub normal: (RenderColor, RenderColor, u16),
    pub active: (RenderColor, RenderColor, u16),
}

impl Default for BorderLook {
    /// tmux's defaults: single lines, the active pane's border green.
    fn default() -> Self {
        BorderLook {
            lines: Lines::Single,
            split: true,
            normal: (RenderColor::Default, RenderColor::Default, 0),
            active: (RenderColor::Named(2), RenderColor::Default, 0),
        }
    }
}

/// Draws the borders between the panes of a window laid out in `area`: every cell of the area that
/// no pane covers, in `look` (the border around `active` in its active style).
pub fn borders(
    frame: &mut Frame,
    area: Rect,
    panes: &[(PaneId, Rect)],
    active: Option<Rect>,
    look: &BorderLook,
) {
    let [vertical, horizontal, right_t, left_t, down_t, up_t, cross] = look.lines.chars();
    // tmux's screen_redraw_two_panes: two panes side by side (stacked), the second not at the left
    // (top): the first's half of the border is next to its upper (left) half.
    let halves = match panes {
        [(_, a), (_, b)] if look.split && b.x != 0 => Some((*a, *b, true)),
        [(_, a), (_, b)] if look.split && b.y != 0 => Some((*a, *b, false)),
        _ => None,
    };
    let (w, h) = (
        area.cols.min(frame.cols) as usize,
        area.rows.min(frame.rows) as usize,
    );
    // One pane covering the whole area: no border (the common case, skipped cheaply).
    if let [(_, r)] = panes {
        if r.x == 0 && r.y == 0 && r.cols as usize >= w && r.rows as usize >= h {
            return;
        }
    }
    let mut covered = vec![false; w * h];
    for (_, r) in panes {
        for y in r.y as usize..(r.y as usize + r.rows as usize).min(h) {
            for x in r.x as usize..(r.x as usize + r.cols as usize).min(w) {
                covered[y * w + x] = true;
            }
        }
    }
    let border = |x: isize, y: isize| {
        x >= 0
            && y >= 0
            && (x as usize) < w
            && (y as usize) < h
            && !covered[y as usize * w + x as usize]
    };
    for y in 0..h {
        for x in 0..w {
            if covered[y * w + x] {
                continue;
            }
            let (xi, yi) = (x as isize, y as isize);
            let (up, down, left, right) = (
                border(xi, yi - 1),
                border(xi, yi + 1),
                border(xi - 1, yi),
                border(xi + 1, yi),
            );
            let c = match (up || down, left || right) {
                (true, false) | (false, false) => vertical,
                (false, true) => horizontal,
                (true, true) => match (up, down, left, right) {
                    (true, true, true, true) => cross,
                    (true, true, false, true) => right_t,
                    (true, true, true, false) => left_t,
                    (false, true, _, _) => down_t,
                    (true, false, _, _) => up_t,
                    _ => cross,
                },
            };
            let near_active = match halves {
                Some((first, second, side_by_side)) => {
                    let firsts = match side_by_side {
                        true => y <= usize::from(first.rows / 2),
                        false => x <= usize::from(first.cols / 2),
                    };
                    active == Some(if firsts { first } else { second })
                }
                None => active.is_some_and(|a| {
                    x + 1 >= a.x as usize
                        && x <= (a.x + a.cols) as usize
                        && y + 1 >= a.y as usize
                        && y <= (a.y + a.rows) as usize
                }),
            };
            let (fg, bg, attrs) = if near_active {
                look.active
            } else {
                look.normal
            };
            frame.row_mut(y as u16)[x] = RenderCell::styled(c, fg, bg, attrs);
        }
    }
}

/// The client terminal's drawing state, to emit only what changes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pen {
    fg: RenderColor,
    bg: RenderColor,
    attrs: u16,
}

fn sgr(out: &mut String, pen: &Pen) {
    out.push_str("\x1b[0");
    const CODES: [(u16, &str); 11] = [
        (attr::BOLD, "1"),
        (attr::DIM, "2"),
        (attr::ITALIC, "3"),
        (attr::UNDERLINE, "4"),
        (attr::DOUBLE_UNDERLINE, "4:2"),
        (attr::CURLY_UNDERLINE, "4:3"),
        (attr::DOTTED_UNDERLINE, "4:4"),
        (attr::DASHED_UNDERLINE, "4:5"),
        (attr::INVERSE, "7"),
        (attr::HIDDEN, "8"),
        (attr::STRIKE, "9"),
    ];
    for (bit, code) in CODES {
        if pen.attrs & bit != 0 {
            out.push(';');
            out.push_str(code);
        }
    }
    for (color, base) in [(pen.fg, 30u16), (pen.bg, 40u16)] {
        match color {
            RenderColor::Default => {}
            RenderColor::Named(n) if n < 8 => {
                let _ = write!(out, ";{}", base + n as u16);
            }
            RenderColor::Named(n) => {
                let _ = write!(out, ";{}", base + 60 + (n as u16 - 8));
            }
            RenderColor::Indexed(i) => {
                let _ = write!(out, ";{};5;{i}", base + 8);
            }
            RenderColor::Rgb(r, g, b) => {
                let _ = write!(out, ";{};2;{r};{g};{b}", base + 8);
            }
        }
    }
    out.push('m');
}

/// The escape sequences that turn `old` (`None`: unknown, clear first) into `new`.
pub fn diff(old: Option<&Frame>, new: &Frame) -> String {
    let mut d = RowDiff::new();
    let old = old.filter(|o| o.cols == new.cols && o.rows == new.rows);
    let full = old.is_none();
    if full {
        d.out.push_str("\x1b[0m\x1b[H\x1b[2J");
    }
    let w = new.cols as usize;
    for y in 0..new.rows as usize {
        let row = &new.cells[y * w..(y + 1) * w];
        let old_row = old.map(|o| &o.cells[y * w..(y + 1) * w]);
        d.row(y, old_row, row);
    }
    d.finish(old.map(|o| o.cursor), &new.cursor)
}

/// The escape sequences for a frame built row by row: [`RowDiff::row`] for each row that may have
/// changed (in any order), then [`RowDiff::finish`].
pub struct RowDiff {
    out: String,
    pen: Pen,
}

impl RowDiff {
    pub fn new() -> RowDiff {
        RowDiff {
            out: String::new(),
            pen: Pen {
                fg: RenderColor::Default,
                bg: RenderColor::Default,
                attrs: 0,
            },
        }
    }

    /// What turns row `y`, `old` (`None`: a cleared screen), into `row`.
    pub fn row(&mut self, y: usize, old: Option<&[RenderCell]>, row: &[RenderCell]) {
        let out = &mut self.out;
        let w = row.len();
        let changed = |x: usize| match old {
            Some(o) => o.get(x) != Some(&row[x]),
            None => row[x] != RenderCell::BLANK,
        };
        let mut x = 0;
        // Where the terminal's cursor is after the last character written on this row.
        let mut at: Option<usize> = None;
        while x < w {
            if !changed(x) {
                x += 1;
                continue;
            }
            let mut start = x;
            // A changed spacer: redraw its wide character.
            while start > 0 && row[start].width == 0 {
                start -= 1;
            }
            if at != Some(start) {
                let _ = write!(out, "\x1b[{};{}H", y + 1, start + 1);
            }
            let mut i = start;
            // Draw up to the next run of unchanged cells (short gaps are cheaper to redraw).
            while i < w {
                if !changed(i) && (i..(i + 4).min(w)).all(|j| !changed(j)) {
                    break;
                }
                let cell = &row[i];
                if cell.width == 0 {
                    i += 1;
                    continue;
                }
                let want = Pen {
                    fg: cell.fg,
                    bg: cell.bg,
                    attrs: cell.attrs,
                };
                if want != self.pen {
                    sgr(out, &want);
                    self.pen = want;
                }
                out.push(cell.c);
                if let Some(zw) = &cell.zw {
                    out.push_str(zw);
                }
                i += cell.width.max(1) as usize;
            }
            at = Some(i);
            x = i.max(x + 1);
        }
    }

    /// The rows' escape sequences, then the cursor's (`old`: where it was, `None` when unknown).
    pub fn finish(self, old: Option<RenderCursor>, c: &RenderCursor) -> String {
        let RowDiff { mut out, pen } = self;
        let full = old.is_none();
        if pen
            != (Pen {
                fg: RenderColor::Default,
                bg: RenderColor::Default,
                attrs: 0,
            })
        {
            out.push_str("\x1b[0m");
        }
        if full || old.map(|o| (o.shape, o.blinking)) != Some((c.shape, c.blinking)) {
            let code = match (c.shape, c.blinking) {
                (CursorShape::Block, true) => 1,
                (CursorShape::Block, false) => 2,
                (CursorShape::Underline, true) => 3,
                (CursorShape::Underline, false) => 4,
                (CursorShape::Beam, true) => 5,
                (CursorShape::Beam, false) => 6,
            };
            let _ = write!(out, "\x1b[{code} q");
        }
        if !out.is_empty() || old.map(|o| (o.col, o.row)) != Some((c.col, c.row)) {
            let _ = write!(out, "\x1b[{};{}H", c.row + 1, c.col + 1);
        }
        if full || old.map(|o| o.visible) != Some(c.visible) || !out.is_empty() {
            out.push_str(if c.visible { "\x1b[?25h" } else { "\x1b[?25l" });
        }
        if !out.is_empty() {
            // Hide the cursor while drawing, and let terminals that know mode 2026 draw it in one go.
            out = format!("\x1b[?2026h\x1b[?25l{out}\x1b[?2026l");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(frame: &mut Frame, y: u16, s: &str) {
        let cells: Vec<RenderCell> = s
            .chars()
            .map(|c| RenderCell {
                c,
                ..RenderCell::BLANK
            })
            .collect();
        frame.blit(0, y, &cells, frame.cols);
    }

    #[test]
    fn diff_draws_only_changes() {
        let mut a = Frame::new(10, 3);
        text(&mut a, 0, "hello");
        let first = diff(None, &a);
        assert!(first.contains("\x1b[2J") && first.contains("hello"));
        let mut b = a.clone();
        assert_eq!(diff(Some(&a), &b), "", "nothing changed, nothing sent");
        text(&mut b, 1, "x");
        b.row_mut(0)[4] = RenderCell {
            fg: RenderColor::Rgb(1, 2, 3),
            ..RenderCell::styled('O', RenderColor::Default, RenderColor::Default, attr::BOLD)
        };
        let d = diff(Some(&a), &b);
        assert!(d.contains("\x1b[1;5H\x1b[0;1;38;2;1;2;3mO"), "{d:?}");
        assert!(
            d.contains("\x1b[2;1H\x1b[0mx") || d.contains("\x1b[2;1Hx"),
            "{d:?}"
        );
        assert!(!d.contains("hell"), "{d:?}");
    }

    #[test]
    fn borders_join_and_highlight_the_active_pane() {
        let mut f = Frame::new(5, 3);
        let area = Rect {
            x: 0,
            y: 0,
            cols: 5,
            rows: 3,
        };
        let left = Rect {
            x: 0,
            y: 0,
            cols: 2,
            rows: 3,
        };
        let tr = Rect {
            x: 3,
            y: 0,
            cols: 2,
            rows: 1,
        };
        let br = Rect {
            x: 3,
            y: 2,
            cols: 2,
            rows: 1,
        };
        borders(
            &mut f,
            area,
            &[(PaneId(0), left), (PaneId(1), tr), (PaneId(2), br)],
            Some(tr),
            &BorderLook::default(),
        );
        let row = |f: &mut Frame, y| f.row_mut(y).iter().map(|c| c.c).collect::<String>();
        assert_eq!(row(&mut f, 0), "  │  ");
        assert_eq!(row(&mut f, 1), "  ├──");
        assert_eq!(row(&mut f, 2), "  │  ");
        assert_eq!(f.row_mut(1)[3].fg, RenderColor::Named(2));
        assert_eq!(f.row_mut(2)[2].fg, RenderColor::Default);
    }
}
