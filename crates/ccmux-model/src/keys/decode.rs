//! A client terminal's input as keys, mouse events, pastes and focus changes (tty-keys.c).
//!
//! The sequences are xterm's (what the terminal sends with ccmux's modes set, whatever its
//! terminfo entry says), plus the rxvt forms tmux knows. A backspace key is `\x7f`.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::encode::{encode, PaneModes};
use super::{Key, KeyCode, Keypad, Mods};

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// A mouse event in SGR form (0-based cell coordinates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mouse {
    /// Button code as SGR reports it (0 left, 1 middle, 2 right, +32 motion, 64/65 wheel, +4/8/16
    /// modifiers). An X10 release is button 3.
    pub button: u16,
    pub x: u16,
    pub y: u16,
    pub release: bool,
}

/// A key read from a terminal and the bytes it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyEvent {
    pub key: Key,
    pub raw: Vec<u8>,
    /// Meta came from an Escape typed before the key (`\e\e[A`): a pane gets Escape then the key,
    /// not the key's xterm Meta form.
    pub meta_escape: bool,
}

impl KeyEvent {
    pub fn new(key: Key, raw: &[u8]) -> KeyEvent {
        KeyEvent {
            key,
            raw: raw.to_vec(),
            meta_escape: false,
        }
    }

    /// The bytes tmux sends into a pane for this key: its own encoding (so arrows follow the pane's
    /// cursor mode), or the raw bytes for a key tmux has no sequence for.
    pub fn encode(&self, modes: PaneModes) -> Vec<u8> {
        let implied = self.key.mods.contains(Mods::META)
            && !self.meta_escape
            && self.key.code.meta_is_modifier();
        encode(self.key, implied, modes).unwrap_or_else(|| self.raw.clone())
    }
}

/// One input event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    Mouse(Mouse),
    /// Bracketed paste contents (without the markers).
    Paste(Vec<u8>),
    /// Focus in (`true`) or out.
    Focus(bool),
    /// Bytes that are not a key we know (passed through).
    Other(Vec<u8>),
}

/// Decodes the start of `buf`: the events and how many bytes they used. What is left is an
/// unfinished sequence or paste, to decode again with more input. With `expired` (no more input
/// came within the escape time) sequences are not waited for, only a paste's end: a lone `\e` is
/// then Escape and `\e[` is `M-[`.
pub fn decode(buf: &[u8], expired: bool) -> (Vec<Event>, usize) {
    let mut events = Vec::new();
    let mut at = 0;
    while let Some(rest) = buf.get(at..).filter(|r| !r.is_empty()) {
        match next(rest, expired) {
            Step::Done(event, len) => {
                events.extend(event);
                at += len.max(1);
            }
            Step::Partial | Step::NoMatch => break,
        }
    }
    (events, at.min(buf.len()))
}

pub(super) enum Step {
    /// An event (or bytes to drop) and its length.
    Done(Option<Event>, usize),
    /// The start of a sequence: wait for more.
    Partial,
    /// Not a sequence of this kind.
    NoMatch,
}

pub(super) fn key(code: KeyCode, mods: Mods, raw: &[u8]) -> Step {
    Step::Done(
        Some(Event::Key(KeyEvent::new(Key::new(code, mods), raw))),
        raw.len(),
    )
}

/// The first `n` bytes of `b` (all of it if shorter).
pub(super) fn head(b: &[u8], n: usize) -> &[u8] {
    b.get(..n).unwrap_or(b)
}

/// The arrow of an rxvt `a`-`d` final byte.
pub(super) fn rxvt_arrow(c: u8) -> KeyCode {
    match c {
        b'a' => KeyCode::Up,
        b'b' => KeyCode::Down,
        b'c' => KeyCode::Right,
        _ => KeyCode::Left,
    }
}

/// One event at the start of non-empty `b`.
fn next(b: &[u8], expired: bool) -> Step {
    if let Some(body) = b.strip_prefix(PASTE_START) {
        return match body.windows(PASTE_END.len()).position(|w| w == PASTE_END) {
            Some(end) => Step::Done(
                Some(Event::Paste(head(body, end).to_vec())),
                PASTE_START.len() + end + PASTE_END.len(),
            ),
            None => Step::Partial,
        };
    }
    match sequence(b, expired) {
        Step::NoMatch if b.first() == Some(&ESC) => escape_prefix(b, expired),
        Step::NoMatch => Step::Done(Some(Event::Other(head(b, 1).to_vec())), 1),
        step => step,
    }
}

/// Escape then a key is the key with Meta; otherwise Escape with the next byte (`\e[` is `M-[`).
fn escape_prefix(b: &[u8], expired: bool) -> Step {
    let after = b.get(1..).unwrap_or_default();
    let Some(&second) = after.first().filter(|_| !after.starts_with(PASTE_START)) else {
        return key(KeyCode::ESCAPE, Mods::NONE, head(b, 1));
    };
    match sequence(after, expired) {
        Step::Partial => Step::Partial,
        Step::Done(Some(Event::Key(mut k)), len) => {
            if k.key.mods.contains(Mods::META) && !k.meta_escape {
                // An xterm Meta key after Escape is Escape, then that key.
                return key(KeyCode::ESCAPE, Mods::NONE, head(b, 1));
            }
            k.key.mods |= Mods::META;
            // tmux's table has Escape + xterm Home/End as the xterm Meta form.
            k.meta_escape = !matches!(
                k.raw.as_slice(),
                b"\x1b[H" | b"\x1b[F" | b"\x1bOH" | b"\x1bOF"
            );
            k.raw.insert(0, ESC);
            Step::Done(Some(Event::Key(k)), len + 1)
        }
        // Escape before a mouse event, a focus change...: Escape on its own.
        Step::Done(_, _) if second == ESC => key(KeyCode::ESCAPE, Mods::NONE, head(b, 1)),
        _ if second.is_ascii() => {
            let code = if second == 0x7f {
                KeyCode::BSpace
            } else {
                KeyCode::Char(char::from(second))
            };
            key(code, Mods::META, head(b, 2))
        }
        _ => Step::Done(Some(Event::Other(head(b, 2).to_vec())), 2),
    }
}

/// A key, sequence or character at the start of `b`, without an Escape prefix.
fn sequence(b: &[u8], expired: bool) -> Step {
    match b {
        [] => Step::NoMatch,
        [ESC] if expired => key(KeyCode::ESCAPE, Mods::NONE, b),
        [ESC] => Step::Partial,
        [ESC, b'[', ..] => super::decode_csi::csi(b, expired),
        [ESC, b'O', ..] => ss3(b, expired),
        [ESC, ..] => Step::NoMatch,
        [0x7f, ..] => key(KeyCode::BSpace, Mods::NONE, head(b, 1)),
        [c, ..] if c.is_ascii() => key(KeyCode::Char(char::from(*c)), Mods::NONE, head(b, 1)),
        [c, ..] => utf8(b, *c, expired),
    }
}

fn utf8(b: &[u8], lead: u8, expired: bool) -> Step {
    let len = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::NoMatch,
    };
    let Some(seq) = b.get(..len) else {
        let continues = b.iter().skip(1).all(|c| c & 0xc0 == 0x80);
        return if continues && !expired {
            Step::Partial
        } else {
            Step::NoMatch
        };
    };
    match std::str::from_utf8(seq).ok().and_then(|s| s.chars().next()) {
        Some(c) => key(KeyCode::Char(c), Mods::NONE, seq),
        None => Step::NoMatch,
    }
}

/// `\eO` sequences: application cursor and keypad keys, F1-F4, rxvt Ctrl arrows.
fn ss3(b: &[u8], expired: bool) -> Step {
    let Some(&c) = b.get(2) else {
        return if expired {
            Step::NoMatch
        } else {
            Step::Partial
        };
    };
    let code = match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(c - b'P' + 1),
        b'a'..=b'd' => return key(rxvt_arrow(c), Mods::CTRL, head(b, 3)),
        b'[' => KeyCode::ESCAPE,
        b'0'..=b'9' | b';' => return ss3_modified(b, expired),
        _ => match Keypad::ALL.iter().find(|kp| kp.info().2 == c) {
            Some(kp) => KeyCode::Keypad(*kp),
            None if (0x40..=0x7e).contains(&c) => {
                return Step::Done(Some(Event::Other(head(b, 3).to_vec())), 3)
            }
            None => return Step::NoMatch,
        },
    };
    key(code, Mods::NONE, head(b, 3))
}

/// `\eO5P` and `\eO1;5P`: F1-F4 with modifiers.
fn ss3_modified(b: &[u8], expired: bool) -> Step {
    let params = b
        .iter()
        .skip(2)
        .take_while(|c| c.is_ascii_digit() || **c == b';');
    let end = 2 + params.count();
    let Some(&fin) = b.get(end) else {
        return if expired {
            Step::NoMatch
        } else {
            Step::Partial
        };
    };
    let params = std::str::from_utf8(b.get(2..end).unwrap_or_default()).unwrap_or("");
    let m = params.rsplit(';').next().and_then(|m| m.parse().ok());
    match (fin, m.and_then(Mods::from_xterm_param)) {
        (b'P'..=b'S', Some(mods)) if matches!(params.split(';').count(), 1 | 2) => {
            key(KeyCode::F(fin - b'P' + 1), mods, head(b, end + 1))
        }
        _ => Step::NoMatch,
    }
}
