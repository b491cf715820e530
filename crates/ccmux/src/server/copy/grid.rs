//! Copy mode's backing grid: a snapshot of a pane's history and screen taken when the mode starts
//! (tmux's `window_copy_clone_screen`), as compact cells (8 bytes each, colours interned), with the
//! soft-wrap flag of each line. Lines `0..hsize` are the history, `hsize..hsize + sy` the screen.

use ccmux_term::{history_cells, HistoryLine, LineRef, RenderCell, RenderColor};
use std::collections::HashMap;

/// One cell: a character, its width (0: the right half of a wide character) and its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub c: char,
    pub width: u8,
    pub style: u16,
}

pub const BLANK: Cell = Cell {
    c: ' ',
    width: 1,
    style: 0,
};

#[derive(Clone, Debug, Default)]
pub struct Line {
    pub cells: Vec<Cell>,
    pub wrapped: bool,
    /// Combining characters on top of the cell at a column, by column.
    zw: Vec<(u32, Box<str>)>,
}

impl Line {
    fn zw_at(&self, x: usize) -> Option<&str> {
        self.zw
            .binary_search_by_key(&(x as u32), |(c, _)| *c)
            .ok()
            .map(|i| &*self.zw[i].1)
    }
}

type Pen = (RenderColor, RenderColor, u16);

pub struct Grid {
    pub lines: Vec<Line>,
    pub sx: usize,
    pub sy: usize,
    pub hsize: usize,
    /// History lines that may come back on screen when the grid grows (tmux's `hscrolled`).
    hscrolled: usize,
    styles: Vec<Pen>,
    style_ids: HashMap<Pen, u16>,
}

impl Grid {
    /// An empty grid of `sy` blank lines.
    pub fn new(sx: usize, sy: usize) -> Grid {
        let sy = sy.max(1);
        Grid {
            lines: vec![Line::default(); sy],
            sx: sx.max(1),
            sy,
            hsize: 0,
            hscrolled: 0,
            styles: vec![(RenderColor::Default, RenderColor::Default, 0)],
            style_ids: HashMap::from([((RenderColor::Default, RenderColor::Default, 0), 0)]),
        }
    }

    /// A grid from history lines and screen lines (each a row of the pane, `sx` wide), `sy` of
    /// them on the screen.
    pub fn from_rows<'a>(
        history: impl Iterator<Item = LineRef<'a>>,
        screen: &[HistoryLine],
        sx: usize,
    ) -> Grid {
        let mut g = Grid::new(sx, screen.len());
        g.lines.clear();
        let mut cells = Vec::new();
        let mut add = |g: &mut Grid, row: LineRef<'_>| {
            cells.clear();
            history_cells(row, usize::MAX, &mut cells);
            let line = g.line_from(&cells, row.wrapped);
            g.lines.push(line);
        };
        for row in history {
            add(&mut g, row);
        }
        for row in screen {
            add(&mut g, row.as_ref());
        }
        g.sy = screen.len().max(1);
        while g.lines.len() < g.sy {
            g.lines.push(Line::default());
        }
        g.hsize = g.lines.len() - g.sy;
        g.hscrolled = g.hsize;
        // Rows wider than the pane (history from a wider past) are wrapped to its width.
        if g.lines.iter().any(|l| l.cells.len() > g.sx) {
            let sx = g.sx;
            g.sx = usize::MAX;
            let mut pos = [(0, 0)];
            g.reflow(sx, &mut pos);
        }
        g
    }

    /// Converts rendered cells into a line, interning their styles.
    pub fn line_from(&mut self, cells: &[RenderCell], wrapped: bool) -> Line {
        let mut line = Line {
            cells: Vec::with_capacity(cells.len()),
            wrapped,
            zw: Vec::new(),
        };
        for (x, c) in cells.iter().enumerate() {
            let style = self.intern((c.fg, c.bg, c.attrs));
            line.cells.push(Cell {
                c: c.c,
                width: c.width,
                style,
            });
            if let Some(z) = &c.zw {
                line.zw.push((x as u32, z.clone()));
            }
        }
        line
    }

    fn intern(&mut self, pen: Pen) -> u16 {
        if let Some(id) = self.style_ids.get(&pen) {
            return *id;
        }
        if self.styles.len() > u16::MAX as usize {
            return 0;
        }
        let id = self.styles.len() as u16;
        self.styles.push(pen);
        self.style_ids.insert(pen, id);
        id
    }

    /// Every line: history then screen.
    pub fn total(&self) -> usize {
        self.lines.len()
    }

    pub fn wrapped(&self, y: usize) -> bool {
        self.lines.get(y).is_some_and(|l| l.wrapped)
    }

    /// The cells a line uses (tmux's `cellsize`).
    pub fn cellsize(&self, y: usize) -> usize {
        self.lines.get(y).map_or(0, |l| l.cells.len())
    }

    pub fn cell(&self, x: usize, y: usize) -> Cell {
        self.lines
            .get(y)
            .and_then(|l| l.cells.get(x))
            .copied()
            .unwrap_or(BLANK)
    }

    pub fn is_padding(&self, x: usize, y: usize) -> bool {
        self.cell(x, y).width == 0
    }

    /// The text of a cell: its character and any combining characters.
    pub fn text(&self, x: usize, y: usize, out: &mut String) {
        let cell = self.cell(x, y);
        if cell.width == 0 {
            return;
        }
        out.push(cell.c);
        if let Some(z) = self.lines.get(y).and_then(|l| l.zw_at(x)) {
            out.push_str(z);
        }
    }

    /// A cell's combining characters, if it has any.
    pub fn zw(&self, x: usize, y: usize) -> Option<&str> {
        self.lines.get(y).and_then(|l| l.zw_at(x))
    }

    /// Whether a cell has combining characters (its text is more than one character).
    pub fn has_zw(&self, x: usize, y: usize) -> bool {
        self.lines.get(y).and_then(|l| l.zw_at(x)).is_some()
    }

    /// Whether the cell's character is one of `set` (tmux's `utf8_cstrhas`); padding never is.
    pub fn in_set(&self, x: usize, y: usize, set: &str) -> bool {
        let cell = self.cell(x, y);
        cell.width != 0 && !self.has_zw(x, y) && set.contains(cell.c)
    }

    /// The length of a line without its trailing spaces (tmux's `grid_line_length`).
    pub fn line_length(&self, y: usize) -> usize {
        let Some(line) = self.lines.get(y) else {
            return 0;
        };
        let mut px = line.cells.len().min(self.sx);
        while px > 0 {
            let c = line.cells[px - 1];
            if c.width == 0 || c.c != ' ' || line.zw_at(px - 1).is_some() {
                break;
            }
            px -= 1;
        }
        px
    }

    /// The colours and attributes of a style.
    pub fn pen(&self, style: u16) -> Pen {
        self.styles.get(style as usize).copied().unwrap_or((
            RenderColor::Default,
            RenderColor::Default,
            0,
        ))
    }

    /// A cell as a renderer draws it.
    pub fn render(&self, x: usize, y: usize) -> RenderCell {
        let cell = self.cell(x, y);
        let (fg, bg, attrs) = self.pen(cell.style);
        RenderCell {
            c: cell.c,
            zw: self.lines.get(y).and_then(|l| l.zw_at(x)).map(Box::from),
            fg,
            bg,
            attrs,
            width: cell.width,
        }
    }

    /// Adds a line at the bottom, scrolling the top one into the history when the screen is full.
    pub fn push_line(&mut self, line: Line, row: &mut usize) {
        if *row + 1 < self.sy {
            *row += 1;
            let y = self.hsize + *row;
            self.lines[y] = line;
        } else {
            self.lines.push(line);
            self.hsize += 1;
            self.hscrolled += 1;
            *row = self.sy - 1;
        }
    }

    /// Resizes to `sx` x `sy`: lines are rewrapped to the new width (tmux's reflow), then the screen
    /// grows from the history or shrinks into it. `positions` (x, absolute y) are moved with their
    /// text.
    pub fn resize(&mut self, sx: usize, sy: usize, positions: &mut [(usize, usize)]) {
        let sx = sx.max(1);
        let sy = sy.max(1);
        if sx != self.sx {
            self.reflow(sx, positions);
        }
        if sy < self.sy {
            let needed = self.sy - sy;
            self.hsize += needed;
            self.hscrolled += needed;
        } else if sy > self.sy {
            let mut needed = sy - self.sy;
            let available = self.hscrolled.min(needed).min(self.hsize);
            self.hscrolled -= available;
            self.hsize -= available;
            needed -= available;
            for _ in 0..needed {
                self.lines.push(Line::default());
            }
        }
        self.sy = sy;
        // Keep hsize + sy == total.
        while self.hsize + self.sy > self.lines.len() {
            self.lines.push(Line::default());
        }
        self.hsize = self.lines.len() - self.sy;
    }

    /// Rewraps every line to `sx` columns.
    fn reflow(&mut self, sx: usize, positions: &mut [(usize, usize)]) {
        let old = std::mem::take(&mut self.lines);
        // Each position as (logical line, offset in it).
        let mut logical_pos: Vec<(usize, usize)> = vec![(0, 0); positions.len()];
        let mut logical: Vec<Line> = Vec::new();
        let mut current: Option<Line> = None;
        for (y, line) in old.into_iter().enumerate() {
            let cur = current.get_or_insert_with(Line::default);
            let offset = cur.cells.len();
            for (i, (px, py)) in positions.iter().enumerate() {
                if *py == y {
                    logical_pos[i] = (logical.len(), offset + *px);
                }
            }
            let wrapped = line.wrapped;
            for (x, z) in line.zw {
                cur.zw.push((x + offset as u32, z));
            }
            cur.cells.extend(line.cells);
            if !wrapped {
                logical.extend(current.take());
            }
        }
        logical.extend(current.take());
        // Split each logical line into rows.
        let mut rows: Vec<Line> = Vec::new();
        let mut starts: Vec<Vec<(usize, usize)>> = Vec::with_capacity(logical.len());
        for line in logical {
            let mut row_starts = Vec::new();
            let mut row = Line::default();
            let mut start = 0;
            let mut zw = line.zw.into_iter().peekable();
            for (i, cell) in line.cells.into_iter().enumerate() {
                let w = cell.width.max(1) as usize;
                let fits = cell.width == 0 || row.cells.len() + w <= sx;
                if !fits && !row.cells.is_empty() {
                    row.wrapped = true;
                    row_starts.push((rows.len(), start));
                    rows.push(std::mem::take(&mut row));
                    start = i;
                }
                if cell.width == 0 && row.cells.is_empty() {
                    // The right half of a wide character that moved: nothing to draw here.
                    continue;
                }
                while let Some((x, _)) = zw.peek() {
                    if *x as usize == i {
                        if let Some((_, z)) = zw.next() {
                            row.zw.push((row.cells.len() as u32, z));
                        }
                    } else if (*x as usize) < i {
                        zw.next();
                    } else {
                        break;
                    }
                }
                row.cells.push(cell);
            }
            row_starts.push((rows.len(), start));
            rows.push(row);
            starts.push(row_starts);
        }
        for (i, (l, off)) in logical_pos.iter().enumerate() {
            let Some(list) = starts.get(*l) else {
                continue;
            };
            let (row, start) = list
                .iter()
                .rev()
                .find(|(_, s)| *s <= *off)
                .copied()
                .unwrap_or(list[0]);
            positions[i] = ((off - start).min(sx), row);
        }
        self.sx = sx;
        self.lines = rows;
        let total = self.lines.len();
        while self.lines.len() < self.sy {
            self.lines.push(Line::default());
        }
        self.hsize = total.max(self.sy) - self.sy;
        self.hscrolled = self.hscrolled.min(self.hsize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[(&str, bool)], sx: usize, sy: usize) -> Grid {
        let lines: Vec<HistoryLine> = rows.iter().map(|(t, w)| HistoryLine::new(*t, *w)).collect();
        let split = lines.len().saturating_sub(sy);
        Grid::from_rows(
            lines[..split].iter().map(HistoryLine::as_ref),
            &lines[split..],
            sx,
        )
    }

    fn text(g: &Grid, y: usize) -> String {
        let mut s = String::new();
        for x in 0..g.cellsize(y) {
            g.text(x, y, &mut s);
        }
        s
    }

    #[test]
    fn lengths_trim_trailing_spaces() {
        let g = grid(&[("ab  ", false), ("", false), ("x", false)], 10, 2);
        assert_eq!((g.hsize, g.sy, g.total()), (1, 2, 3));
        assert_eq!(g.line_length(0), 2);
        assert_eq!(g.line_length(1), 0);
        assert!(g.in_set(2, 0, " "));
        assert_eq!(g.cell(9, 0), BLANK);
    }

    #[test]
    fn reflow_joins_and_splits_wrapped_lines() {
        let mut g = grid(&[("abcd", true), ("ef", false), ("gh", false)], 4, 2);
        let mut pos = [(1, 1)];
        g.resize(3, 2, &mut pos);
        let rows: Vec<String> = (0..g.total()).map(|y| text(&g, y)).collect();
        assert_eq!(rows, ["abc", "def", "gh"]);
        // Only the rows a logical line continues past are wrapped: "def" ends "abcdef".
        assert!(g.wrapped(0) && !g.wrapped(1) && !g.wrapped(2));
        assert_eq!(pos[0], (2, 1), "the f moved with its text");
        g.resize(10, 2, &mut pos);
        assert_eq!(text(&g, 0), "abcdef");
        assert_eq!(pos[0], (5, 0));
    }

    #[test]
    fn wide_characters_do_not_split() {
        let mut g = grid(&[("a\u{4e2d}b", false)], 10, 1);
        assert_eq!(g.cellsize(0), 4);
        assert!(g.is_padding(2, 0));
        let mut pos = [(0, 0)];
        g.resize(2, 1, &mut pos);
        let rows: Vec<String> = (0..g.total()).map(|y| text(&g, y)).collect();
        assert_eq!(rows, ["a", "\u{4e2d}", "b"]);
    }
}
