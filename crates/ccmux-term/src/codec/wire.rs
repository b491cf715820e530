//! Primitives of the encoding: varints, strings, colours, styles, cells, cursors.

use alacritty_terminal::grid::Cursor;
use alacritty_terminal::index::{Column, Line, Point};
use alacritty_terminal::term::cell::{Cell, Flags, Hyperlink};
use alacritty_terminal::vte::ansi::{CharsetIndex, Color, NamedColor, Rgb, StandardCharset};

use crate::state::StateError;

/// Cell flags with their stable bit in the encoding.
pub(super) const FLAGS: [Flags; 15] = [
    Flags::BOLD,
    Flags::DIM,
    Flags::ITALIC,
    Flags::UNDERLINE,
    Flags::DOUBLE_UNDERLINE,
    Flags::UNDERCURL,
    Flags::DOTTED_UNDERLINE,
    Flags::DASHED_UNDERLINE,
    Flags::INVERSE,
    Flags::HIDDEN,
    Flags::STRIKEOUT,
    Flags::WRAPLINE,
    Flags::WIDE_CHAR,
    Flags::WIDE_CHAR_SPACER,
    Flags::LEADING_WIDE_CHAR_SPACER,
];
pub(super) const HAS_UNDERLINE_COLOR: u64 = 1 << 15;
pub(super) const HAS_HYPERLINK: u64 = 1 << 16;

/// Flags written per cell rather than as part of the style.
pub(super) const STRUCTURAL: Flags = Flags::WRAPLINE
    .union(Flags::WIDE_CHAR)
    .union(Flags::WIDE_CHAR_SPACER)
    .union(Flags::LEADING_WIDE_CHAR_SPACER);

/// Named colours in their encoding order (0-15, then 256 and up in alacritty's numbering).
pub(super) const NAMED: [NamedColor; 29] = {
    use NamedColor::*;
    [
        Black,
        Red,
        Green,
        Yellow,
        Blue,
        Magenta,
        Cyan,
        White,
        BrightBlack,
        BrightRed,
        BrightGreen,
        BrightYellow,
        BrightBlue,
        BrightMagenta,
        BrightCyan,
        BrightWhite,
        Foreground,
        Background,
        Cursor,
        DimBlack,
        DimRed,
        DimGreen,
        DimYellow,
        DimBlue,
        DimMagenta,
        DimCyan,
        DimWhite,
        BrightForeground,
        DimForeground,
    ]
};
pub(super) const INDEXED_BASE: u64 = 32;
pub(super) const RGB_BASE: u64 = 512;

pub(super) const CHARSETS: [CharsetIndex; 4] = [
    CharsetIndex::G0,
    CharsetIndex::G1,
    CharsetIndex::G2,
    CharsetIndex::G3,
];

pub(super) fn flag_bits(flags: Flags) -> u64 {
    FLAGS
        .iter()
        .enumerate()
        .filter(|(_, f)| flags.contains(**f))
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

pub(super) fn flags_of(bits: u64) -> Flags {
    FLAGS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .fold(Flags::empty(), |flags, (_, f)| flags | *f)
}

/// What a cell looks like apart from its character, zero-width characters and structural flags.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Style {
    pub(super) flags: Flags,
    pub(super) fg: Color,
    pub(super) bg: Color,
    pub(super) underline: Option<Color>,
    pub(super) link: Option<Hyperlink>,
}

impl Style {
    pub(super) fn blank() -> Style {
        Style::of(&Cell::default())
    }

    pub(super) fn of(cell: &Cell) -> Style {
        Style {
            flags: cell.flags - STRUCTURAL,
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color(),
            link: cell.hyperlink(),
        }
    }

    /// Cheap test that `cell` has this style.
    pub(super) fn matches(&self, cell: &Cell) -> bool {
        cell.flags - STRUCTURAL == self.flags
            && cell.fg == self.fg
            && cell.bg == self.bg
            && match &cell.extra {
                None => self.underline.is_none() && self.link.is_none(),
                Some(_) => {
                    cell.underline_color() == self.underline && cell.hyperlink() == self.link
                }
            }
    }

    pub(super) fn cell(&self, c: char, structural: Flags) -> Cell {
        let mut cell = Cell {
            c,
            fg: self.fg,
            bg: self.bg,
            flags: self.flags | structural,
            extra: None,
        };
        if self.underline.is_some() {
            cell.set_underline_color(self.underline);
        }
        if self.link.is_some() {
            cell.set_hyperlink(self.link.clone());
        }
        cell
    }
}

pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub(super) fn str(&mut self, s: &str) {
        self.var(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    pub(super) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.var(0),
            Some(s) => {
                self.var(s.len() as u64 + 1);
                self.0.extend_from_slice(s.as_bytes());
            }
        }
    }

    pub(super) fn color(&mut self, color: Color) {
        let code = match color {
            Color::Named(n) => {
                let n = n as u64;
                if n < 16 {
                    n
                } else {
                    n - 256 + 16
                }
            }
            Color::Indexed(i) => INDEXED_BASE + u64::from(i),
            Color::Spec(Rgb { r, g, b }) => {
                RGB_BASE + (u64::from(r) << 16 | u64::from(g) << 8 | u64::from(b))
            }
        };
        self.var(code);
    }

    pub(super) fn style(&mut self, style: &Style) {
        let mut bits = flag_bits(style.flags);
        if style.underline.is_some() {
            bits |= HAS_UNDERLINE_COLOR;
        }
        if style.link.is_some() {
            bits |= HAS_HYPERLINK;
        }
        self.var(bits);
        self.color(style.fg);
        self.color(style.bg);
        if let Some(color) = style.underline {
            self.color(color);
        }
        if let Some(link) = &style.link {
            self.str(link.id());
            self.str(link.uri());
        }
    }

    pub(super) fn zero_width(&mut self, cell: &Cell) {
        self.var(cell.zerowidth().map_or(0, |z| z.len()) as u64);
        for &c in cell.zerowidth().unwrap_or_default() {
            self.var(c.into());
        }
    }

    /// A cell on its own (a cursor's template).
    pub(super) fn cell(&mut self, cell: &Cell) {
        self.style(&Style::of(cell));
        self.var(flag_bits(cell.flags & STRUCTURAL));
        self.var(cell.c.into());
        self.zero_width(cell);
    }

    pub(super) fn cursor(&mut self, cursor: &Cursor<Cell>) {
        self.var(cursor.point.line.0.max(0) as u64);
        self.var(cursor.point.column.0 as u64);
        let mut bits = u8::from(cursor.input_needs_wrap);
        for (i, index) in CHARSETS.iter().enumerate() {
            if cursor.charsets[*index] == StandardCharset::SpecialCharacterAndLineDrawing {
                bits |= 2 << i;
            }
        }
        self.0.push(bits);
        self.cell(&cursor.template);
    }
}

pub(super) struct Reader<'a> {
    pub(super) b: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn u8(&mut self) -> Result<u8, StateError> {
        let byte = *self.b.get(self.pos).ok_or(StateError::Truncated)?;
        self.pos += 1;
        Ok(byte)
    }

    pub(super) fn var(&mut self) -> Result<u64, StateError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(StateError::Invalid("varint"))
    }

    /// A varint no greater than `max`.
    pub(super) fn upto(&mut self, max: u64) -> Result<u64, StateError> {
        let v = self.var()?;
        if v > max {
            return Err(StateError::Invalid("value out of range"));
        }
        Ok(v)
    }

    pub(super) fn take(&mut self, len: u64) -> Result<&'a [u8], StateError> {
        let rest = &self.b[self.pos.min(self.b.len())..];
        if len > rest.len() as u64 {
            return Err(StateError::Truncated);
        }
        self.pos += len as usize;
        Ok(&rest[..len as usize])
    }

    pub(super) fn str(&mut self) -> Result<String, StateError> {
        let len = self.var()?;
        self.utf8(len)
    }

    pub(super) fn utf8(&mut self, len: u64) -> Result<String, StateError> {
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| StateError::Invalid("UTF-8"))
    }

    pub(super) fn opt_str(&mut self) -> Result<Option<String>, StateError> {
        match self.var()? {
            0 => Ok(None),
            n => self.utf8(n - 1).map(Some),
        }
    }

    pub(super) fn char_of(&self, code: u64) -> Result<char, StateError> {
        u32::try_from(code)
            .ok()
            .and_then(char::from_u32)
            .ok_or(StateError::Invalid("character"))
    }

    pub(super) fn char(&mut self) -> Result<char, StateError> {
        let code = self.var()?;
        self.char_of(code)
    }

    /// A character written as UTF-8.
    pub(super) fn utf8_char(&mut self) -> Result<char, StateError> {
        let first = *self.b.get(self.pos).ok_or(StateError::Truncated)?;
        let len = match first {
            0..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => return Err(StateError::Invalid("UTF-8")),
        };
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| s.chars().next())
            .ok_or(StateError::Invalid("UTF-8"))
    }

    pub(super) fn color(&mut self) -> Result<Color, StateError> {
        let code = self.var()?;
        match code {
            0..INDEXED_BASE => NAMED
                .get(code as usize)
                .map(|n| Color::Named(*n))
                .ok_or(StateError::Invalid("colour")),
            INDEXED_BASE..=0x11f => Ok(Color::Indexed((code - INDEXED_BASE) as u8)),
            _ if (RGB_BASE..=RGB_BASE + 0xff_ffff).contains(&code) => {
                let rgb = code - RGB_BASE;
                Ok(Color::Spec(Rgb {
                    r: (rgb >> 16) as u8,
                    g: (rgb >> 8) as u8,
                    b: rgb as u8,
                }))
            }
            _ => Err(StateError::Invalid("colour")),
        }
    }

    pub(super) fn style(&mut self) -> Result<Style, StateError> {
        let bits = self.var()?;
        let fg = self.color()?;
        let bg = self.color()?;
        let underline = if bits & HAS_UNDERLINE_COLOR != 0 {
            Some(self.color()?)
        } else {
            None
        };
        let link = if bits & HAS_HYPERLINK != 0 {
            let id = self.str()?;
            let uri = self.str()?;
            Some(Hyperlink::new(Some(id), uri))
        } else {
            None
        };
        Ok(Style {
            flags: flags_of(bits) - STRUCTURAL,
            fg,
            bg,
            underline,
            link,
        })
    }

    pub(super) fn zero_width(&mut self, cell: &mut Cell) -> Result<(), StateError> {
        let count = self.var()?;
        // Each character takes at least a byte: no huge loop on a damaged count.
        if count > (self.b.len() - self.pos.min(self.b.len())) as u64 {
            return Err(StateError::Truncated);
        }
        for _ in 0..count {
            let c = self.char()?;
            cell.push_zerowidth(c);
        }
        Ok(())
    }

    pub(super) fn cell(&mut self) -> Result<Cell, StateError> {
        let style = self.style()?;
        let structural = flags_of(self.var()?) & STRUCTURAL;
        let c = self.char()?;
        let mut cell = style.cell(c, structural);
        self.zero_width(&mut cell)?;
        Ok(cell)
    }

    pub(super) fn cursor(&mut self, cols: usize, rows: usize) -> Result<Cursor<Cell>, StateError> {
        let line = self.upto(rows as u64 - 1)? as i32;
        let column = self.upto(cols as u64 - 1)? as usize;
        let bits = self.u8()?;
        let mut cursor = Cursor {
            point: Point::new(Line(line), Column(column)),
            input_needs_wrap: bits & 1 != 0,
            ..Cursor::default()
        };
        for (i, index) in CHARSETS.iter().enumerate() {
            if bits & (2 << i) != 0 {
                cursor.charsets[*index] = StandardCharset::SpecialCharacterAndLineDrawing;
            }
        }
        cursor.template = self.cell()?;
        Ok(cursor)
    }
}
