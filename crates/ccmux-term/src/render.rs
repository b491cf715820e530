//! What a renderer needs from a pane: its visible cells with colours and attributes, its cursor, and
//! history lines turned back into cells (for copy mode).

use alacritty_terminal::index::{Column, Line};
use alacritty_terminal::term::cell::{Cell, Flags};
use alacritty_terminal::term::TermMode;
use alacritty_terminal::vte::ansi::{Color, CursorShape as AlacShape, NamedColor};
use unicode_width::UnicodeWidthChar;

use crate::emulator::Emulator;
use crate::history::LineRef;

/// A colour as an SGR sequence can express it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RenderColor {
    #[default]
    Default,
    /// The 16 named colours: 0-7 normal, 8-15 bright.
    Named(u8),
    /// The 256-colour palette.
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// Attribute bits of a [`RenderCell`].
pub mod attr {
    pub const BOLD: u16 = 1;
    pub const DIM: u16 = 2;
    pub const ITALIC: u16 = 4;
    pub const UNDERLINE: u16 = 8;
    pub const INVERSE: u16 = 16;
    pub const HIDDEN: u16 = 32;
    pub const STRIKE: u16 = 64;
    pub const DOUBLE_UNDERLINE: u16 = 128;
    pub const CURLY_UNDERLINE: u16 = 256;
    pub const DOTTED_UNDERLINE: u16 = 512;
    pub const DASHED_UNDERLINE: u16 = 1024;
}

/// One screen cell as a renderer draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderCell {
    pub c: char,
    /// Combining (zero-width) characters drawn on top of `c`.
    pub zw: Option<Box<str>>,
    pub fg: RenderColor,
    pub bg: RenderColor,
    /// [`attr`] bits.
    pub attrs: u16,
    /// 1, 2 for a wide character, 0 for the cell a wide character covers.
    pub width: u8,
}

impl Default for RenderCell {
    fn default() -> Self {
        RenderCell::BLANK
    }
}

impl RenderCell {
    pub const BLANK: RenderCell = RenderCell {
        c: ' ',
        zw: None,
        fg: RenderColor::Default,
        bg: RenderColor::Default,
        attrs: 0,
        width: 1,
    };

    /// A plain character with the given colours.
    pub fn styled(c: char, fg: RenderColor, bg: RenderColor, attrs: u16) -> RenderCell {
        RenderCell {
            c,
            zw: None,
            fg,
            bg,
            attrs,
            width: 1,
        }
    }
}

/// The cursor's shape as DECSCUSR sets it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CursorShape {
    #[default]
    Block,
    Underline,
    Beam,
}

/// Where and how the cursor is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderCursor {
    pub col: u16,
    pub row: u16,
    pub visible: bool,
    pub shape: CursorShape,
    pub blinking: bool,
}

/// A cell colour as an SGR sequence can express it (dim named colours fold onto their base).
pub(crate) fn color(c: Color) -> RenderColor {
    match c {
        Color::Indexed(i) => RenderColor::Indexed(i),
        Color::Spec(rgb) => RenderColor::Rgb(rgb.r, rgb.g, rgb.b),
        Color::Named(n) => {
            let n = n as usize;
            if n < 16 {
                RenderColor::Named(n as u8)
            } else if (NamedColor::DimBlack as usize..=NamedColor::DimWhite as usize).contains(&n) {
                RenderColor::Named((n - NamedColor::DimBlack as usize) as u8)
            } else {
                RenderColor::Default
            }
        }
    }
}

fn attrs(flags: Flags) -> u16 {
    const MAP: [(Flags, u16); 11] = [
        (Flags::BOLD, attr::BOLD),
        (Flags::DIM, attr::DIM),
        (Flags::ITALIC, attr::ITALIC),
        (Flags::UNDERLINE, attr::UNDERLINE),
        (Flags::DOUBLE_UNDERLINE, attr::DOUBLE_UNDERLINE),
        (Flags::UNDERCURL, attr::CURLY_UNDERLINE),
        (Flags::DOTTED_UNDERLINE, attr::DOTTED_UNDERLINE),
        (Flags::DASHED_UNDERLINE, attr::DASHED_UNDERLINE),
        (Flags::INVERSE, attr::INVERSE),
        (Flags::HIDDEN, attr::HIDDEN),
        (Flags::STRIKEOUT, attr::STRIKE),
    ];
    let mut out = 0;
    for (f, a) in MAP {
        if flags.contains(f) {
            out |= a;
        }
    }
    out
}

fn cell(c: &Cell) -> RenderCell {
    let width = if c.flags.contains(Flags::WIDE_CHAR) {
        2
    } else if c.flags.contains(Flags::WIDE_CHAR_SPACER) {
        0
    } else {
        1
    };
    let ch = if c.flags.contains(Flags::LEADING_WIDE_CHAR_SPACER) || c.c == '\t' {
        ' '
    } else {
        c.c
    };
    RenderCell {
        c: ch,
        zw: c
            .zerowidth()
            .filter(|z| !z.is_empty())
            .map(|z| z.iter().collect::<String>().into_boxed_str()),
        fg: color(c.fg),
        bg: color(c.bg),
        attrs: attrs(c.flags),
        width,
    }
}

impl Emulator {
    /// Appends the cells of visible row `row` (0 = top) to `out`: exactly as many as the screen has
    /// columns.
    pub fn render_row(&self, row: u16, out: &mut Vec<RenderCell>) {
        let grid = self.term().grid();
        let (cols, rows) = self.size();
        if row >= rows {
            out.extend(std::iter::repeat_n(RenderCell::BLANK, cols as usize));
            return;
        }
        let line = &grid[Line(row as i32)];
        for col in 0..cols as usize {
            out.push(cell(&line[Column(col)]));
        }
    }

    /// The cursor: position on the screen, visibility (DECTCEM) and shape (DECSCUSR).
    pub fn render_cursor(&self) -> RenderCursor {
        if let Some(f) = self.frozen() {
            return f.render_cursor();
        }
        let (col, row) = self.cursor();
        let style = self.term().cursor_style();
        let (shape, visible) = match style.shape {
            AlacShape::Block | AlacShape::HollowBlock => (CursorShape::Block, true),
            AlacShape::Underline => (CursorShape::Underline, true),
            AlacShape::Beam => (CursorShape::Beam, true),
            AlacShape::Hidden => (CursorShape::Block, false),
        };
        RenderCursor {
            col,
            row,
            visible: visible && self.term().mode().contains(TermMode::SHOW_CURSOR),
            shape,
            blinking: style.blinking,
        }
    }
}

/// Parses a history line's text (characters with SGR sequences) into cells; stops after `cols`
/// cells (a wide character that does not fit is dropped).
pub fn history_cells(line: LineRef<'_>, cols: usize, out: &mut Vec<RenderCell>) {
    let start = out.len();
    let mut pen = RenderCell::BLANK;
    let mut chars = line.text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                let mut params = String::new();
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        if c == 'm' {
                            apply_sgr(&params, &mut pen);
                        }
                        break;
                    }
                    params.push(c);
                }
            }
            continue;
        }
        let used = out.len() - start;
        match ch.width() {
            Some(0) => {
                if let Some(last) = out[start..].iter_mut().rev().find(|c| c.width > 0) {
                    let mut zw = last.zw.take().map(String::from).unwrap_or_default();
                    zw.push(ch);
                    last.zw = Some(zw.into_boxed_str());
                }
            }
            Some(2) => {
                if used + 2 > cols {
                    break;
                }
                out.push(RenderCell {
                    c: ch,
                    width: 2,
                    ..pen.clone()
                });
                out.push(RenderCell {
                    c: ' ',
                    width: 0,
                    ..pen.clone()
                });
            }
            _ => {
                if used >= cols {
                    break;
                }
                out.push(RenderCell {
                    c: ch,
                    ..pen.clone()
                });
            }
        }
    }
}

/// Applies one SGR sequence's parameters (as `encode_cells` writes them) to a pen.
fn apply_sgr(params: &str, pen: &mut RenderCell) {
    let parts: Vec<&str> = if params.is_empty() {
        vec!["0"]
    } else {
        params.split(';').collect()
    };
    let mut i = 0;
    let num = |s: &str| s.parse::<u16>().unwrap_or(0);
    while i < parts.len() {
        let p = parts[i];
        match p {
            "4:2" => pen.attrs |= attr::DOUBLE_UNDERLINE,
            "4:3" => pen.attrs |= attr::CURLY_UNDERLINE,
            "4:4" => pen.attrs |= attr::DOTTED_UNDERLINE,
            "4:5" => pen.attrs |= attr::DASHED_UNDERLINE,
            _ => match num(p) {
                0 => {
                    pen.attrs = 0;
                    pen.fg = RenderColor::Default;
                    pen.bg = RenderColor::Default;
                }
                1 => pen.attrs |= attr::BOLD,
                2 => pen.attrs |= attr::DIM,
                3 => pen.attrs |= attr::ITALIC,
                4 => pen.attrs |= attr::UNDERLINE,
                7 => pen.attrs |= attr::INVERSE,
                8 => pen.attrs |= attr::HIDDEN,
                9 => pen.attrs |= attr::STRIKE,
                n @ 30..=37 => pen.fg = RenderColor::Named((n - 30) as u8),
                n @ 40..=47 => pen.bg = RenderColor::Named((n - 40) as u8),
                n @ 90..=97 => pen.fg = RenderColor::Named((n - 90 + 8) as u8),
                n @ 100..=107 => pen.bg = RenderColor::Named((n - 100 + 8) as u8),
                39 => pen.fg = RenderColor::Default,
                49 => pen.bg = RenderColor::Default,
                n @ (38 | 48) => {
                    let target = if n == 38 { &mut pen.fg } else { &mut pen.bg };
                    match parts.get(i + 1).copied() {
                        Some("5") => {
                            *target =
                                RenderColor::Indexed(num(parts.get(i + 2).unwrap_or(&"0")) as u8);
                            i += 2;
                        }
                        Some("2") => {
                            let c = |k: usize| num(parts.get(i + k).unwrap_or(&"0")) as u8;
                            *target = RenderColor::Rgb(c(2), c(3), c(4));
                            i += 4;
                        }
                        _ => {}
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_cells_keep_colours_attributes_and_width() {
        let mut emu = Emulator::new(10, 2, 100);
        emu.advance("\x1b[1;31ma\x1b[0;38;5;200;48;2;1;2;3mb\x1b[0m\u{4e2d}e\u{301}".as_bytes());
        let mut row = Vec::new();
        emu.render_row(0, &mut row);
        assert_eq!(row.len(), 10);
        assert_eq!(row[0].c, 'a');
        assert_eq!(row[0].fg, RenderColor::Named(1));
        assert_eq!(row[0].attrs, attr::BOLD);
        assert_eq!(row[1].fg, RenderColor::Indexed(200));
        assert_eq!(row[1].bg, RenderColor::Rgb(1, 2, 3));
        assert_eq!((row[2].c, row[2].width, row[3].width), ('\u{4e2d}', 2, 0));
        assert_eq!(row[4].c, 'e');
        assert_eq!(row[4].zw.as_deref(), Some("\u{301}"));
        let cursor = emu.render_cursor();
        assert_eq!((cursor.col, cursor.row, cursor.visible), (5, 0, true));
        emu.advance(b"\x1b[?25l\x1b[6 q");
        let cursor = emu.render_cursor();
        assert!(!cursor.visible);
        assert_eq!(cursor.shape, CursorShape::Beam);
    }

    #[test]
    fn history_lines_parse_back_to_cells() {
        let mut emu = Emulator::new(10, 2, 100);
        emu.advance("\x1b[4;94mab\x1b[0m\u{4e2d}\r\n2\r\n3\r\n".as_bytes());
        let line = emu.history().next().unwrap();
        let mut cells = Vec::new();
        history_cells(line, 10, &mut cells);
        assert_eq!(cells.len(), 4);
        assert_eq!(cells[0].fg, RenderColor::Named(12));
        assert_eq!(cells[1].attrs, attr::UNDERLINE);
        assert_eq!(
            (cells[2].c, cells[2].width, cells[2].attrs),
            ('\u{4e2d}', 2, 0)
        );
        cells.clear();
        history_cells(line, 3, &mut cells);
        assert_eq!(
            cells.len(),
            2,
            "a wide character that does not fit is dropped"
        );
    }
}
