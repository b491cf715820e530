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

mod screen;
mod wire;

use alacritty_terminal::term::TermMode;
use alacritty_terminal::vte::ansi::{CharsetIndex, CursorShape, CursorStyle, Rgb};

use crate::state::{StateError, TermState};
pub(crate) use screen::{decode_screen, encode_screen, is_blank};
use screen::{decode_screen_from, encode_screen_into};
use wire::{Reader, Writer, CHARSETS};

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

const SHAPES: [CursorShape; 5] = [
    CursorShape::Block,
    CursorShape::Underline,
    CursorShape::Beam,
    CursorShape::HollowBlock,
    CursorShape::Hidden,
];
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

/// The size (columns, rows) a state [`encode_state`] wrote says, its version and size checked as
/// [`decode_state`] checks them (a newer version is `NewerVersion`), its screens not read: what a
/// recovering server checks before it answers, leaving the decoding to the pane's own thread.
pub fn state_size(bytes: &[u8]) -> Result<(u16, u16), StateError> {
    let mut r = Reader { b: bytes, pos: 0 };
    read_head(&mut r)
}

/// Version and size, checked.
fn read_head(r: &mut Reader) -> Result<(u16, u16), StateError> {
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
    Ok((cols, rows))
}

/// Read back what [`encode_state`] wrote. Never panics: damaged input gives an error.
pub fn decode_state(bytes: &[u8]) -> Result<TermState, StateError> {
    let mut r = Reader { b: bytes, pos: 0 };
    let (cols, rows) = read_head(&mut r)?;
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
