//! Byte encoding of a [`TermState`]: versioned, compact, independent of alacritty's own layout.
//!
//! Layout (version 1; integers are LEB128 varints unless said otherwise):
//!
//! ```text
//! version: u16 LE | cols | rows | modes (bits, see MODES) | cursor style: u8 | region start, end
//! | charset: u8 | tabs (0: default, else 1 + count, then gaps) | shown title, alacritty's title:
//! opt string | title stack: count, opt strings | colours: count, (index, r, g, b)
//! | last char: opt char | primary screen | alternate screen
//! ```
//!
//! A screen is its cursor, saved cursor, visible lines and the lines alacritty holds above it.
//! A line is a stream of characters (UTF-8) and operations (bytes below 0x20) writing cells from
//! the left with the current style, ending with `END` (the rest is blank). The style and the
//! wide-character mode carry over from one line to the next, so a screen of plain text costs
//! about one byte per character.

use alacritty_terminal::grid::Cursor;
use alacritty_terminal::index::{Column, Line, Point};
use alacritty_terminal::term::cell::{Cell, Flags, Hyperlink};
use alacritty_terminal::term::TermMode;
use alacritty_terminal::vte::ansi::{
    CharsetIndex, Color, CursorShape, CursorStyle, NamedColor, Rgb, StandardCharset,
};

use crate::state::{RowState, Screen, StateError, TermState};

/// Version written by [`encode_state`]; [`decode_state`] reads this one only.
pub const STATE_VERSION: u16 = 1;

/// Limits a decoded state must respect (also checked by `from_state`).
pub(crate) const MAX_COLS: usize = 10_000;
pub(crate) const MAX_ROWS: usize = 10_000;
pub(crate) const MAX_CELLS: usize = 1 << 22;

/// Modes saved, with their stable bit in the encoding.
pub(crate) const MODES: [TermMode; 17] = [
    TermMode::SHOW_CURSOR,
    TermMode::APP_CURSOR,
    TermMode::APP_KEYPAD,
    TermMode::MOUSE_REPORT_CLICK,
    TermMode::BRACKETED_PASTE,
    TermMode::SGR_MOUSE,
    TermMode::MOUSE_MOTION,
    TermMode::LINE_WRAP,
    TermMode::LINE_FEED_NEW_LINE,
    TermMode::ORIGIN,
    TermMode::INSERT,
    TermMode::FOCUS_IN_OUT,
    TermMode::ALT_SCREEN,
    TermMode::MOUSE_DRAG,
    TermMode::UTF8_MOUSE,
    TermMode::ALTERNATE_SCROLL,
    TermMode::URGENCY_HINTS,
];

/// Cell flags with their stable bit in the encoding.
const FLAGS: [Flags; 15] = [
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
const HAS_UNDERLINE_COLOR: u64 = 1 << 15;
const HAS_HYPERLINK: u64 = 1 << 16;

/// Flags written per cell rather than as part of the style.
const STRUCTURAL: Flags = Flags::WRAPLINE
    .union(Flags::WIDE_CHAR)
    .union(Flags::WIDE_CHAR_SPACER)
    .union(Flags::LEADING_WIDE_CHAR_SPACER);

/// Named colours in their encoding order (0-15, then 256 and up in alacritty's numbering).
const NAMED: [NamedColor; 29] = {
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
const INDEXED_BASE: u64 = 32;
const RGB_BASE: u64 = 512;

const SHAPES: [CursorShape; 5] = [
    CursorShape::Block,
    CursorShape::Underline,
    CursorShape::Beam,
    CursorShape::HollowBlock,
    CursorShape::Hidden,
];
const CHARSETS: [CharsetIndex; 4] = [
    CharsetIndex::G0,
    CharsetIndex::G1,
    CharsetIndex::G2,
    CharsetIndex::G3,
];

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

/// Serialize `state` (see the module doc); [`decode_state`] reads it back.
pub fn encode_state(state: &TermState) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(1024));
    w.0.extend_from_slice(&STATE_VERSION.to_le_bytes());
    w.var(state.cols.into());
    w.var(state.rows.into());
    w.var(mode_bits(state.mode));
    let shape = SHAPES
        .iter()
        .position(|s| *s == state.cursor_style.shape)
        .unwrap_or(0) as u8;
    w.0.push(shape | (u8::from(state.cursor_style.blinking) << 3));
    let (start, end) = state.region.unwrap_or((0, state.rows));
    w.var(start.into());
    w.var(end.into());
    w.0.push(charset_code(state.charset));
    match &state.tabs {
        None => w.var(0),
        Some(stops) => {
            w.var(stops.len() as u64 + 1);
            let mut prev = 0;
            for &stop in stops {
                w.var(u64::from(stop - prev));
                prev = stop;
            }
        }
    }
    w.opt_str(state.title.as_deref());
    w.opt_str(state.term_title.as_deref());
    w.var(state.title_stack.len() as u64);
    for title in &state.title_stack {
        w.opt_str(title.as_deref());
    }
    w.var(state.colors.len() as u64);
    for &(index, rgb) in &state.colors {
        w.var(index.into());
        w.0.extend_from_slice(&[rgb.r, rgb.g, rgb.b]);
    }
    w.var(state.last_char.map_or(0, |c| u64::from(c) + 1));
    encode_screen_into(&mut w, &state.primary, state.cols.into());
    encode_screen_into(&mut w, &state.alternate, state.cols.into());
    w.0
}

/// Read back what [`encode_state`] wrote. Never panics: damaged input gives an error.
pub fn decode_state(bytes: &[u8]) -> Result<TermState, StateError> {
    let mut r = Reader { b: bytes, pos: 0 };
    let version = u16::from_le_bytes([r.u8()?, r.u8()?]);
    if version > STATE_VERSION {
        return Err(StateError::NewerVersion(version));
    }
    if version != STATE_VERSION {
        return Err(StateError::Invalid("unknown version"));
    }
    let cols = r.upto(MAX_COLS as u64)? as u16;
    let rows = r.upto(MAX_ROWS as u64)? as u16;
    if cols < 2 || rows < 1 || usize::from(cols) * usize::from(rows) > MAX_CELLS {
        return Err(StateError::Invalid("size"));
    }
    let mut mode = TermMode::empty();
    let bits = r.var()?;
    for (i, m) in MODES.iter().enumerate() {
        if bits & (1 << i) != 0 {
            mode |= *m;
        }
    }
    let style = r.u8()?;
    let cursor_style = CursorStyle {
        shape: *SHAPES
            .get(usize::from(style & 7))
            .ok_or(StateError::Invalid("cursor shape"))?,
        blinking: style & 8 != 0,
    };
    let start = r.upto(rows.into())? as u16;
    let end = r.upto(rows.into())? as u16;
    let region = ((start, end) != (0, rows)).then_some((start, end));
    let charset = *CHARSETS
        .get(usize::from(r.u8()?))
        .ok_or(StateError::Invalid("charset"))?;
    let tabs = match r.upto(u64::from(cols) + 1)? {
        0 => None,
        n => {
            let mut stops = Vec::with_capacity(n as usize - 1);
            let mut prev = 0u64;
            for _ in 1..n {
                prev += r.upto(cols.into())?;
                if prev >= u64::from(cols) {
                    return Err(StateError::Invalid("tab stop"));
                }
                stops.push(prev as u16);
            }
            Some(stops)
        }
    };
    let title = r.opt_str()?;
    let term_title = r.opt_str()?;
    let depth = r.upto(crate::state::TITLE_STACK_MAX as u64)?;
    let mut title_stack = Vec::new();
    for _ in 0..depth {
        title_stack.push(r.opt_str()?);
    }
    let ncolors = r.upto(alacritty_terminal::term::color::COUNT as u64)?;
    let mut colors = Vec::with_capacity(ncolors as usize);
    for _ in 0..ncolors {
        let index = r.upto(alacritty_terminal::term::color::COUNT as u64 - 1)? as u16;
        let rgb = Rgb {
            r: r.u8()?,
            g: r.u8()?,
            b: r.u8()?,
        };
        colors.push((index, rgb));
    }
    let last_char = match r.var()? {
        0 => None,
        c => Some(r.char_of(c - 1)?),
    };
    let primary = decode_screen_from(&mut r, cols.into(), rows.into())?;
    let alternate = decode_screen_from(&mut r, cols.into(), rows.into())?;
    if r.pos != bytes.len() {
        return Err(StateError::Invalid("trailing bytes"));
    }
    Ok(TermState {
        cols,
        rows,
        mode,
        cursor_style,
        region,
        charset,
        tabs,
        title,
        term_title,
        title_stack,
        colors,
        last_char,
        primary,
        alternate,
    })
}

/// One screen alone (the primary screen kept aside while the alternate one is active).
pub(crate) fn encode_screen(screen: &Screen, cols: usize) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    encode_screen_into(&mut w, screen, cols);
    w.0
}

pub(crate) fn decode_screen(bytes: &[u8], cols: usize, rows: usize) -> Result<Screen, StateError> {
    decode_screen_from(&mut Reader { b: bytes, pos: 0 }, cols, rows)
}

fn mode_bits(mode: TermMode) -> u64 {
    MODES
        .iter()
        .enumerate()
        .filter(|(_, m)| mode.contains(**m))
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

fn charset_code(index: CharsetIndex) -> u8 {
    CHARSETS.iter().position(|c| *c == index).unwrap_or(0) as u8
}

fn flag_bits(flags: Flags) -> u64 {
    FLAGS
        .iter()
        .enumerate()
        .filter(|(_, f)| flags.contains(**f))
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

fn flags_of(bits: u64) -> Flags {
    FLAGS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .fold(Flags::empty(), |flags, (_, f)| flags | *f)
}

/// What a cell looks like apart from its character, zero-width characters and structural flags.
#[derive(Clone, Debug, PartialEq)]
struct Style {
    flags: Flags,
    fg: Color,
    bg: Color,
    underline: Option<Color>,
    link: Option<Hyperlink>,
}

impl Style {
    fn blank() -> Style {
        Style::of(&Cell::default())
    }

    fn of(cell: &Cell) -> Style {
        Style {
            flags: cell.flags - STRUCTURAL,
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color(),
            link: cell.hyperlink(),
        }
    }

    /// Cheap test that `cell` has this style.
    fn matches(&self, cell: &Cell) -> bool {
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

    fn cell(&self, c: char, structural: Flags) -> Cell {
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

struct Writer(Vec<u8>);

impl Writer {
    fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn str(&mut self, s: &str) {
        self.var(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.var(0),
            Some(s) => {
                self.var(s.len() as u64 + 1);
                self.0.extend_from_slice(s.as_bytes());
            }
        }
    }

    fn color(&mut self, color: Color) {
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

    fn style(&mut self, style: &Style) {
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

    fn zero_width(&mut self, cell: &Cell) {
        self.var(cell.zerowidth().map_or(0, |z| z.len()) as u64);
        for &c in cell.zerowidth().unwrap_or_default() {
            self.var(c.into());
        }
    }

    /// A cell on its own (a cursor's template).
    fn cell(&mut self, cell: &Cell) {
        self.style(&Style::of(cell));
        self.var(flag_bits(cell.flags & STRUCTURAL));
        self.var(cell.c.into());
        self.zero_width(cell);
    }

    fn cursor(&mut self, cursor: &Cursor<Cell>) {
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

fn encode_screen_into(w: &mut Writer, screen: &Screen, cols: usize) {
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

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn u8(&mut self) -> Result<u8, StateError> {
        let byte = *self.b.get(self.pos).ok_or(StateError::Truncated)?;
        self.pos += 1;
        Ok(byte)
    }

    fn var(&mut self) -> Result<u64, StateError> {
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
    fn upto(&mut self, max: u64) -> Result<u64, StateError> {
        let v = self.var()?;
        if v > max {
            return Err(StateError::Invalid("value out of range"));
        }
        Ok(v)
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], StateError> {
        let rest = &self.b[self.pos.min(self.b.len())..];
        if len > rest.len() as u64 {
            return Err(StateError::Truncated);
        }
        self.pos += len as usize;
        Ok(&rest[..len as usize])
    }

    fn str(&mut self) -> Result<String, StateError> {
        let len = self.var()?;
        self.utf8(len)
    }

    fn utf8(&mut self, len: u64) -> Result<String, StateError> {
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| StateError::Invalid("UTF-8"))
    }

    fn opt_str(&mut self) -> Result<Option<String>, StateError> {
        match self.var()? {
            0 => Ok(None),
            n => self.utf8(n - 1).map(Some),
        }
    }

    fn char_of(&self, code: u64) -> Result<char, StateError> {
        u32::try_from(code)
            .ok()
            .and_then(char::from_u32)
            .ok_or(StateError::Invalid("character"))
    }

    fn char(&mut self) -> Result<char, StateError> {
        let code = self.var()?;
        self.char_of(code)
    }

    /// A character written as UTF-8.
    fn utf8_char(&mut self) -> Result<char, StateError> {
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

    fn color(&mut self) -> Result<Color, StateError> {
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

    fn style(&mut self) -> Result<Style, StateError> {
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

    fn zero_width(&mut self, cell: &mut Cell) -> Result<(), StateError> {
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

    fn cell(&mut self) -> Result<Cell, StateError> {
        let style = self.style()?;
        let structural = flags_of(self.var()?) & STRUCTURAL;
        let c = self.char()?;
        let mut cell = style.cell(c, structural);
        self.zero_width(&mut cell)?;
        Ok(cell)
    }

    fn cursor(&mut self, cols: usize, rows: usize) -> Result<Cursor<Cell>, StateError> {
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

fn decode_screen_from(r: &mut Reader, cols: usize, rows: usize) -> Result<Screen, StateError> {
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
    let count = r.upto(crate::state::MAX_SCROLLED as u64)?;
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
