//! Conversion of alacritty cells to text with embedded SGR sequences, and back to plain text.

use alacritty_terminal::term::cell::{Cell, Flags};
use alacritty_terminal::vte::ansi::{Color, NamedColor};

/// Cell flags that are rendered as SGR attributes.
const ATTR_FLAGS: Flags = Flags::BOLD
    .union(Flags::DIM)
    .union(Flags::ITALIC)
    .union(Flags::ALL_UNDERLINES)
    .union(Flags::INVERSE)
    .union(Flags::HIDDEN)
    .union(Flags::STRIKEOUT);

/// Attributes that make a blank cell visible.
const VISIBLE_ON_BLANK: Flags = Flags::INVERSE
    .union(Flags::ALL_UNDERLINES)
    .union(Flags::STRIKEOUT);

/// Cells that hold no character of their own.
const SPACERS: Flags = Flags::WIDE_CHAR_SPACER.union(Flags::LEADING_WIDE_CHAR_SPACER);

use crate::render::{color, RenderColor};

/// Colour equality, cheaper than the derived `PartialEq` in the per-cell loop.
#[inline(always)]
fn same_color(a: Color, b: Color) -> bool {
    match (a, b) {
        (Color::Named(x), Color::Named(y)) => x as u16 == y as u16,
        (Color::Indexed(x), Color::Indexed(y)) => x == y,
        (Color::Spec(x), Color::Spec(y)) => (x.r, x.g, x.b) == (y.r, y.g, y.b),
        _ => false,
    }
}

/// The drawing state of a cell as far as SGR is concerned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Pen {
    flags: Flags,
    fg: RenderColor,
    bg: RenderColor,
}

const DEFAULT_PEN: Pen = Pen {
    flags: Flags::empty(),
    fg: RenderColor::Default,
    bg: RenderColor::Default,
};

impl Pen {
    fn of(cell: &Cell) -> Self {
        Pen {
            flags: cell.flags & ATTR_FLAGS,
            fg: color(cell.fg),
            bg: color(cell.bg),
        }
    }
}

/// Writes `;`-separated SGR parameters.
struct Params<'a> {
    out: &'a mut String,
    first: bool,
}

impl Params<'_> {
    fn sep(&mut self) {
        if !self.first {
            self.out.push(';');
        }
        self.first = false;
    }

    fn code(&mut self, code: &str) {
        self.sep();
        self.out.push_str(code);
    }

    /// A number, written by hand: `fmt` machinery costs more than the rest of a line.
    fn num(&mut self, n: u8) {
        self.sep();
        push_u8(self.out, n);
    }

    fn color(&mut self, color: RenderColor, background: bool) {
        let base = if background { 40 } else { 30 };
        match color {
            RenderColor::Default => self.num(base + 9),
            RenderColor::Named(n) if n < 8 => self.num(base + n),
            RenderColor::Named(n) => self.num(base + 60 + (n - 8)),
            RenderColor::Indexed(i) => {
                self.num(base + 8);
                self.code("5");
                self.num(i);
            }
            RenderColor::Rgb(r, g, b) => {
                self.num(base + 8);
                self.code("2");
                self.num(r);
                self.num(g);
                self.num(b);
            }
        }
    }

    fn flags(&mut self, flags: Flags) {
        const CODES: [(Flags, &str); 11] = [
            (Flags::BOLD, "1"),
            (Flags::DIM, "2"),
            (Flags::ITALIC, "3"),
            (Flags::UNDERLINE, "4"),
            (Flags::DOUBLE_UNDERLINE, "4:2"),
            (Flags::UNDERCURL, "4:3"),
            (Flags::DOTTED_UNDERLINE, "4:4"),
            (Flags::DASHED_UNDERLINE, "4:5"),
            (Flags::INVERSE, "7"),
            (Flags::HIDDEN, "8"),
            (Flags::STRIKEOUT, "9"),
        ];
        if flags.is_empty() {
            return;
        }
        for (flag, code) in CODES {
            if flags.contains(flag) {
                self.code(code);
            }
        }
    }
}

fn push_u8(out: &mut String, n: u8) {
    if n >= 100 {
        out.push(char::from(b'0' + n / 100));
    }
    if n >= 10 {
        out.push(char::from(b'0' + n / 10 % 10));
    }
    out.push(char::from(b'0' + n % 10));
}

/// Append the SGR sequence that turns `old` into `new` (nothing if they render the same).
fn transition(out: &mut String, old: &Pen, new: &Pen) {
    if old == new {
        return;
    }
    out.push_str("\x1b[");
    let mut p = Params { out, first: true };
    if !(old.flags - new.flags).is_empty() || *new == DEFAULT_PEN {
        // An attribute was removed: reset, then set everything again.
        p.code("0");
        p.flags(new.flags);
        if new.fg != RenderColor::Default {
            p.color(new.fg, false);
        }
        if new.bg != RenderColor::Default {
            p.color(new.bg, true);
        }
    } else {
        p.flags(new.flags - old.flags);
        if new.fg != old.fg {
            p.color(new.fg, false);
        }
        if new.bg != old.bg {
            p.color(new.bg, true);
        }
    }
    out.push('m');
}

/// The cell is exactly as a reset leaves it (cheap test, no false positives).
#[inline(always)]
fn is_default_blank(cell: &Cell) -> bool {
    cell.c == ' '
        && cell.flags.is_empty()
        && cell.extra.is_none()
        && cell.bg == Color::Named(NamedColor::Background)
}

/// The cell shows nothing: a space (or tab) without visible background or decoration.
#[inline]
fn is_blank(cell: &Cell, escapes: bool) -> bool {
    if cell.flags.intersects(SPACERS) {
        return true;
    }
    if cell.c != ' ' && cell.c != '\t' {
        return false;
    }
    if cell.zerowidth().is_some_and(|z| !z.is_empty()) {
        return false;
    }
    !escapes || (!cell.flags.intersects(VISIBLE_ON_BLANK) && color(cell.bg) == RenderColor::Default)
}

/// Whether a row (its cells) soft-wraps onto the next one.
#[inline]
pub(crate) fn row_wraps(cells: &[Cell]) -> bool {
    cells
        .last()
        .is_some_and(|c| c.flags.contains(Flags::WRAPLINE))
}

/// Append the text of `cells` to `out`.
///
/// `occ` is the row's occupancy bound if known (see [`crate::occ`]).
///
/// With `escapes`, attributes are embedded as SGR sequences emitted on change, and a reset ends
/// the line if any attribute is still set. Trailing blank cells are dropped unless
/// `keep_trailing`. Wide-character spacer cells are skipped, zero-width characters are kept, tab
/// cells are written as spaces.
pub(crate) fn encode_cells(
    cells: &[Cell],
    occ: Option<usize>,
    escapes: bool,
    keep_trailing: bool,
    out: &mut String,
) {
    let mut end = cells.len();
    if !keep_trailing {
        // Cells from `occ` on are identical: if that run is blank, skip it without reading it.
        if let Some(occ) = occ.filter(|&occ| occ < end) {
            if is_blank(&cells[occ], escapes) && is_blank(&cells[end - 1], escapes) {
                end = occ;
            }
        }
        // Hot path: most of a typical row is untouched default cells.
        while end > 0 && (is_default_blank(&cells[end - 1]) || is_blank(&cells[end - 1], escapes)) {
            end -= 1;
        }
    }
    let cells = &cells[..end];

    out.reserve(cells.len());
    // Most rows have no attribute anywhere: try that first, in a single pass.
    let start = out.len();
    if push_plain(cells, escapes, out) {
        return;
    }
    out.truncate(start);

    let mut pen = DEFAULT_PEN;
    // The previous cell written, to skip the pen computation while attributes do not change.
    let mut prev: Option<&Cell> = None;
    for cell in cells {
        if cell.flags.intersects(SPACERS) {
            continue;
        }
        let same = prev.is_some_and(|p| {
            !(p.flags ^ cell.flags).intersects(ATTR_FLAGS)
                && same_color(p.bg, cell.bg)
                && same_color(p.fg, cell.fg)
        });
        if !same {
            let new = Pen::of(cell);
            transition(out, &pen, &new);
            pen = new;
        }
        prev = Some(cell);
        push_cell(cell, out);
    }
    if pen != DEFAULT_PEN {
        out.push_str("\x1b[0m");
    }
}

/// Append the characters of `cells`; with `escapes`, give up (returning false) at the first
/// cell with an attribute.
#[inline(always)]
fn push_plain(cells: &[Cell], escapes: bool, out: &mut String) -> bool {
    // ASCII goes through a small buffer: much cheaper than `String::push` per character.
    let mut buf = [0u8; 64];
    let mut n = 0;
    let flush = |buf: &[u8], out: &mut String| {
        out.push_str(std::str::from_utf8(buf).unwrap_or_default());
    };
    for cell in cells {
        if escapes && !has_default_attrs(cell) {
            return false;
        }
        if cell.c.is_ascii() && cell.extra.is_none() && !cell.flags.intersects(SPACERS) {
            buf[n] = if cell.c == '\t' { b' ' } else { cell.c as u8 };
            n += 1;
            if n == buf.len() {
                flush(&buf, out);
                n = 0;
            }
        } else {
            flush(&buf[..n], out);
            n = 0;
            push_cell(cell, out);
        }
    }
    flush(&buf[..n], out);
    true
}

/// No SGR attribute at all (cheap test; other default-looking colours take the slow path).
#[inline(always)]
fn has_default_attrs(cell: &Cell) -> bool {
    !cell.flags.intersects(ATTR_FLAGS)
        && matches!(cell.fg, Color::Named(NamedColor::Foreground))
        && matches!(cell.bg, Color::Named(NamedColor::Background))
}

/// Append the characters of a cell: none for a wide-char spacer, a space for a tab.
#[inline(always)]
fn push_cell(cell: &Cell, out: &mut String) {
    if cell.flags.intersects(SPACERS) {
        return;
    }
    out.push(if cell.c == '\t' { ' ' } else { cell.c });
    if cell.extra.is_some() {
        if let Some(zw) = cell.zerowidth() {
            out.extend(zw.iter());
        }
    }
}

/// Remove every CSI sequence (ESC [ ... final byte) and any other escape introducer from `s`.
///
/// Used to get the plain text of a [`HistoryLine`](crate::HistoryLine).
pub fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('\x1b') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        rest = match after.strip_prefix('[') {
            // Parameters and intermediates are ASCII; the final byte is in 0x40..=0x7e.
            Some(csi) => match csi.find(|c: char| ('\x40'..='\x7e').contains(&c)) {
                Some(fin) => &csi[fin + 1..],
                None => "",
            },
            None => after,
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alacritty_terminal::vte::ansi::Rgb;

    fn cell(c: char) -> Cell {
        Cell {
            c,
            ..Cell::default()
        }
    }

    #[test]
    fn strip() {
        assert_eq!(strip_sgr("a\x1b[1;31mb\x1b[0mc"), "abc");
        assert_eq!(strip_sgr("\x1b[38:2::1:2:3mx\x1b["), "x");
        assert_eq!(strip_sgr("\x1bx\u{e9}"), "x\u{e9}");
        assert_eq!(strip_sgr("plain"), "plain");
    }

    #[test]
    fn encode_colours_and_trim() {
        let mut cells = vec![cell('a'), cell('b'), cell('c'), cell(' '), cell(' ')];
        cells[1].flags = Flags::BOLD;
        cells[1].fg = Color::Named(NamedColor::Red);
        cells[2].fg = Color::Spec(Rgb { r: 1, g: 2, b: 3 });
        cells[2].bg = Color::Indexed(200);
        cells[3].bg = Color::Named(NamedColor::BrightBlue);
        let mut out = String::new();
        encode_cells(&cells, None, true, false, &mut out);
        assert_eq!(
            out,
            "a\x1b[1;31mb\x1b[0;38;2;1;2;3;48;5;200mc\x1b[39;104m \x1b[0m"
        );
        out.clear();
        encode_cells(&cells, Some(5), false, false, &mut out);
        assert_eq!(out, "abc");
        out.clear();
        encode_cells(&cells, Some(1), false, true, &mut out);
        assert_eq!(out, "abc  ");
    }
}
