//! Screens: cursors, then lines as streams of characters and operations (see `codec/mod.rs`).

use alacritty_terminal::term::cell::{Cell, Flags};
use alacritty_terminal::vte::ansi::{Color, NamedColor};

use super::wire::{flag_bits, flags_of, Reader, Style, Writer, STRUCTURAL};
use crate::state::{RowState, Screen, StateError};

// Line operations.
/// The rest of the line is blank.
const END: u8 = 0;
/// Same, and the line wraps onto the next (its last cell has WRAPLINE).
const END_WRAPPED: u8 = 1;
/// A style follows; it applies to the next cells.
const STYLE: u8 = 2;
/// Count: repeat the last cell (or wide pair) that many times.
const REPEAT: u8 = 3;
/// Count: that many blank cells (whatever the style).
const SKIP: u8 = 4;
/// Count, chars: zero-width characters of the last character written.
const ZERO_WIDTH: u8 = 5;
/// Structural flags, char: one cell exactly so (control characters, odd flags).
const RAW: u8 = 6;
/// Toggle wide mode: each character written makes a wide character and its spacer.
const WIDE: u8 = 7;

/// One screen alone (the primary screen kept aside while the alternate one is active).
pub(crate) fn encode_screen(screen: &Screen, cols: usize) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    encode_screen_into(&mut w, screen, cols);
    w.0
}

pub(crate) fn decode_screen(bytes: &[u8], cols: usize, rows: usize) -> Result<Screen, StateError> {
    decode_screen_from(&mut Reader { b: bytes, pos: 0 }, cols, rows)
}

pub(super) fn encode_screen_into(w: &mut Writer, screen: &Screen, cols: usize) {
    w.cursor(&screen.cursor);
    w.cursor(&screen.saved);
    let mut lines = LineWriter {
        style: Style::blank(),
        wide: false,
    };
    w.var(screen.lines.len() as u64);
    for line in &screen.lines {
        lines.line(w, line, cols);
    }
    w.var(screen.scrolled.len() as u64);
    for line in &screen.scrolled {
        lines.line(w, line, cols);
    }
}

/// Encoder state carried from line to line.
struct LineWriter {
    style: Style,
    wide: bool,
}

/// A blank cell as alacritty creates it.
pub(crate) fn is_blank(cell: &Cell) -> bool {
    cell.c == ' '
        && cell.flags.is_empty()
        && cell.extra.is_none()
        && cell.fg == Color::Named(NamedColor::Foreground)
        && cell.bg == Color::Named(NamedColor::Background)
}

/// `cells[i]` is a wide character followed by its plain spacer.
fn wide_pair(cells: &[Cell], i: usize) -> bool {
    let (Some(wide), Some(spacer)) = (cells.get(i), cells.get(i + 1)) else {
        return false;
    };
    wide.flags & STRUCTURAL == Flags::WIDE_CHAR
        && wide.c >= ' '
        && spacer.c == ' '
        && spacer.flags == (wide.flags - Flags::WIDE_CHAR) | Flags::WIDE_CHAR_SPACER
        && spacer.zerowidth().is_none_or(|z| z.is_empty())
        && Style::of(spacer) == Style::of(wide)
}

impl LineWriter {
    fn line(&mut self, w: &mut Writer, row: &RowState, cols: usize) {
        w.var(row.occ as u64);
        let line = &row.cells[..];
        // A soft wrap is a property of the line: leave WRAPLINE out of its last cell.
        let wrapped = line.len() == cols
            && line
                .last()
                .is_some_and(|c| c.flags.contains(Flags::WRAPLINE));
        let owned;
        let mut cells = line;
        if wrapped {
            let mut copy = line.to_vec();
            if let Some(last) = copy.last_mut() {
                last.flags.remove(Flags::WRAPLINE);
            }
            while copy.last().is_some_and(is_blank) {
                copy.pop();
            }
            owned = copy;
            cells = &owned;
        }
        let mut i = 0;
        while i < cells.len() {
            if is_blank(&cells[i]) {
                let run = cells[i..].iter().take_while(|c| is_blank(c)).count();
                if run >= 3 || self.style != Style::blank() || self.wide {
                    w.0.push(SKIP);
                    w.var(run as u64);
                    i += run;
                    continue;
                }
            }
            let unit = self.unit(w, cells, i);
            // Identical units that follow.
            let same = cells[i + unit..]
                .chunks_exact(unit)
                .take_while(|next| *next == &cells[i..i + unit])
                .count();
            if same >= 3 {
                w.0.push(REPEAT);
                w.var(same as u64);
                i += unit * (same + 1);
            } else {
                i += unit;
            }
        }
        w.0.push(if wrapped { END_WRAPPED } else { END });
    }

    /// Write the cell (or wide pair) at `i`, returning how many cells it covers.
    fn unit(&mut self, w: &mut Writer, cells: &[Cell], i: usize) -> usize {
        let cell = &cells[i];
        if !self.style.matches(cell) {
            self.style = Style::of(cell);
            w.0.push(STYLE);
            w.style(&self.style);
        }
        let pair = wide_pair(cells, i);
        let plain = cell.flags & STRUCTURAL == Flags::empty() && cell.c >= ' ';
        let len = if pair || plain {
            if self.wide != pair {
                self.wide = pair;
                w.0.push(WIDE);
            }
            let mut buf = [0; 4];
            w.0.extend_from_slice(cell.c.encode_utf8(&mut buf).as_bytes());
            1 + usize::from(pair)
        } else {
            w.0.push(RAW);
            w.var(flag_bits(cell.flags & STRUCTURAL));
            w.var(cell.c.into());
            1
        };
        if cell.zerowidth().is_some_and(|z| !z.is_empty()) {
            w.0.push(ZERO_WIDTH);
            w.zero_width(cell);
        }
        len
    }
}

pub(super) fn decode_screen_from(
    r: &mut Reader,
    cols: usize,
    rows: usize,
) -> Result<Screen, StateError> {
    let cursor = r.cursor(cols, rows)?;
    let saved = r.cursor(cols, rows)?;
    let mut lines = LineReader {
        style: Style::blank(),
        wide: false,
    };
    let count = r.upto(rows as u64)?;
    let visible = (0..count)
        .map(|_| lines.line(r, cols))
        .collect::<Result<Vec<_>, _>>()?;
    let count = r.upto(crate::state::max_scrolled(cols, rows) as u64)?;
    let scrolled = (0..count)
        .map(|_| lines.line(r, cols))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Screen {
        cursor,
        saved,
        lines: visible,
        scrolled,
    })
}

/// Decoder state carried from line to line.
struct LineReader {
    style: Style,
    wide: bool,
}

impl LineReader {
    fn line(&mut self, r: &mut Reader, cols: usize) -> Result<RowState, StateError> {
        let occ = r.upto(cols as u64)? as usize;
        let cells = self.cells(r, cols)?;
        Ok(RowState { cells, occ })
    }

    fn cells(&mut self, r: &mut Reader, cols: usize) -> Result<Vec<Cell>, StateError> {
        let mut cells: Vec<Cell> = Vec::new();
        // Cells written by the last character, for REPEAT and ZERO_WIDTH.
        let mut unit = 0;
        let room = |cells: &Vec<Cell>, n: u64| {
            if n > (cols - cells.len()) as u64 {
                Err(StateError::Invalid("line longer than the screen"))
            } else {
                Ok(n as usize)
            }
        };
        loop {
            let op = *r.b.get(r.pos).ok_or(StateError::Truncated)?;
            if op >= 0x20 {
                let c = r.utf8_char()?;
                if self.wide {
                    room(&cells, 2)?;
                    cells.push(self.style.cell(c, Flags::WIDE_CHAR));
                    cells.push(self.style.cell(' ', Flags::WIDE_CHAR_SPACER));
                    unit = 2;
                } else {
                    room(&cells, 1)?;
                    cells.push(self.style.cell(c, Flags::empty()));
                    unit = 1;
                }
                continue;
            }
            r.pos += 1;
            match op {
                END | END_WRAPPED => {
                    if op == END_WRAPPED {
                        cells.resize(cols, Cell::default());
                        if let Some(last) = cells.last_mut() {
                            last.flags.insert(Flags::WRAPLINE);
                        }
                    }
                    while cells.last().is_some_and(is_blank) {
                        cells.pop();
                    }
                    return Ok(cells);
                }
                STYLE => self.style = r.style()?,
                REPEAT => {
                    let n = r.var()?;
                    if unit == 0 {
                        return Err(StateError::Invalid("nothing to repeat"));
                    }
                    let n = room(&cells, n.saturating_mul(unit as u64))?;
                    let start = cells.len() - unit;
                    for k in 0..n {
                        cells.push(cells[start + k % unit].clone());
                    }
                }
                SKIP => {
                    let n = r.var()?;
                    let n = room(&cells, n)?;
                    cells.resize(cells.len() + n, Cell::default());
                    unit = 0;
                }
                ZERO_WIDTH => {
                    let index = cells.len().checked_sub(unit).filter(|_| unit > 0);
                    let cell = index
                        .and_then(|i| cells.get_mut(i))
                        .ok_or(StateError::Invalid("zero-width character alone"))?;
                    r.zero_width(cell)?;
                }
                RAW => {
                    let structural = flags_of(r.var()?) & STRUCTURAL;
                    let c = r.char()?;
                    room(&cells, 1)?;
                    cells.push(self.style.cell(c, structural));
                    unit = 1;
                }
                WIDE => self.wide = !self.wide,
                _ => return Err(StateError::Invalid("line operation")),
            }
        }
    }
}
