//! The bytes a key sends into a pane (input-keys.c) and `send-keys` arguments (cmd-send-keys.c).
//!
//! tmux's `extended-keys` (CSI u / `\e[27;m;k~` output to panes that ask for it) is not done: keys
//! are encoded as for a pane that has not turned extended keys on.

use super::name::c_hex;
use super::{Key, KeyCode, Mods};

/// The pane modes that change what keys send.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaneModes {
    /// Application cursor keys (DECCKM, `\e[?1h`): plain arrows send `\eOA` instead of `\e[A`.
    pub app_cursor: bool,
    /// Application keypad (DECKPAM, `\e=`): keypad keys send `\eOq`... instead of digits.
    pub app_keypad: bool,
}

impl Key {
    /// The bytes this key sends into a pane, as tmux 3.3a's `input_key` (Meta on `F1`..`F12`,
    /// arrows, `Home`, `End`, `IC`, `DC`, `PPage`, `NPage` is the xterm modifier: `M-Up` is
    /// `\e[1;3A`). `None` where tmux has no sequence for the key (`S-a`, `Any`, mouse keys): then
    /// `send-keys` sends the argument as text. An empty result is a key tmux accepts but sends
    /// nothing for (`C-1`, `C-Enter`).
    pub fn encode(&self, modes: PaneModes) -> Option<Vec<u8>> {
        let implied = self.mods.contains(Mods::META) && self.code.meta_is_modifier();
        encode(*self, implied, modes)
    }
}

/// `input_key`. `implied` is tmux's `KEYC_IMPLIED_META`: Meta is part of the key's sequence rather
/// than an Escape before it.
pub(super) fn encode(key: Key, implied: bool, modes: PaneModes) -> Option<Vec<u8>> {
    let Key { code, mods } = key;
    let meta = mods.contains(Mods::META);
    let mut out = Vec::new();
    let code = match code {
        KeyCode::Mouse(_) | KeyCode::Any | KeyCode::NoKey => return None,
        // tmux treats user keys as characters and writes nothing.
        KeyCode::User(_) => return Some(out),
        // The `backspace` option (default `C-?`).
        KeyCode::BSpace => KeyCode::Char('\x7f'),
        code => code,
    };
    if let KeyCode::Char(c) = code {
        // A character with at most Meta, or any non-ASCII character (whatever its modifiers):
        // itself, after an Escape for Meta.
        if !c.is_ascii() || (mods - Mods::META).is_empty() {
            if meta {
                out.push(0x1b);
            }
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            return Some(out);
        }
    }
    let cursor = code.is_cursor() && modes.app_cursor;
    let keypad = matches!(code, KeyCode::Keypad(_)) && modes.app_keypad;
    let escaped = meta && !implied;
    let found = sequence(code, mods, implied, cursor, keypad)
        .or_else(|| escaped.then(|| sequence(code, mods - Mods::META, false, cursor, keypad))?)
        .or_else(|| cursor.then(|| sequence(code, mods, implied, false, keypad))?)
        .or_else(|| keypad.then(|| sequence(code, mods, implied, cursor, false))?);
    if let Some(seq) = found {
        if escaped {
            out.push(0x1b);
        }
        out.extend(seq);
        return Some(out);
    }
    // Without extended keys only Ctrl alone has a fallback: the control character, if any.
    if mods != Mods::CTRL {
        return None;
    }
    let KeyCode::Char(c) = code else {
        return Some(out);
    };
    let ctrl = match c {
        ' ' | '2' => 0,
        '|' => 28,
        '6' => 30,
        '-' | '/' => 31,
        '?' => 127,
        'A'..='_' => c as u8 - 64,
        'a'..='~' => c as u8 - 96,
        _ => return Some(out),
    };
    encode(Key::char(char::from(ctrl)), false, modes)
}

/// tmux's table of key sequences: `cursor` and `keypad` are the application-mode variants.
fn sequence(
    code: KeyCode,
    mods: Mods,
    implied: bool,
    cursor: bool,
    keypad: bool,
) -> Option<Vec<u8>> {
    let (start, end): (&[u8], u8) = match code {
        KeyCode::F(n @ 1..=4) => (b"\x1bO", b'P' + n - 1),
        KeyCode::F(n @ 5..=12) => {
            let num = [15, 17, 18, 19, 20, 21, 23, 24][usize::from(n - 5)];
            return tilde(num, mods, implied, cursor || keypad);
        }
        KeyCode::IC => return tilde(2, mods, implied, cursor || keypad),
        KeyCode::DC => return tilde(3, mods, implied, cursor || keypad),
        KeyCode::Home => (b"\x1b[1~", b'H'),
        KeyCode::End => (b"\x1b[4~", b'F'),
        KeyCode::PPage => return tilde(5, mods, implied, cursor || keypad),
        KeyCode::NPage => return tilde(6, mods, implied, cursor || keypad),
        KeyCode::BTab if mods.is_empty() && !implied => return Some(b"\x1b[Z".to_vec()),
        KeyCode::Up => (b"", b'A'),
        KeyCode::Down => (b"", b'B'),
        KeyCode::Right => (b"", b'C'),
        KeyCode::Left => (b"", b'D'),
        KeyCode::Keypad(kp) if mods.is_empty() && !implied => {
            let (_, plain, app) = kp.info();
            return Some(if keypad {
                vec![0x1b, b'O', app]
            } else {
                vec![plain]
            });
        }
        _ => return None,
    };
    if mods.is_empty() && !implied {
        return Some(match code {
            KeyCode::Home | KeyCode::End => start.to_vec(),
            KeyCode::F(_) => vec![0x1b, b'O', end],
            _ if cursor => vec![0x1b, b'O', end],
            _ => vec![0x1b, b'[', end],
        });
    }
    // The xterm modifier forms: `\e[1;5A`. Meta is only in them as an implied modifier.
    if cursor || keypad || mods.is_empty() || mods.contains(Mods::META) != implied {
        return None;
    }
    Some(format!("\x1b[1;{}{}", mods.xterm_param(), char::from(end)).into_bytes())
}

/// `\e[N~`, or `\e[N;M~` with modifiers.
fn tilde(num: u8, mods: Mods, implied: bool, app: bool) -> Option<Vec<u8>> {
    if mods.is_empty() && !implied {
        return (!app).then(|| format!("\x1b[{num}~").into_bytes());
    }
    if app || mods.contains(Mods::META) != implied {
        return None;
    }
    Some(format!("\x1b[{num};{}~", mods.xterm_param()).into_bytes())
}

/// How `send-keys` reads its arguments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SendMode {
    /// Each argument is a key name if it is one, else text.
    #[default]
    Keys,
    /// `-l`: every argument is text.
    Literal,
    /// `-H`: every argument is a byte in hex.
    Hex,
}

/// The bytes of one `send-keys` argument for a pane with `modes`. A key name sends its key, unless
/// tmux has no sequence for it (`S-a`, `None`, mouse keys): then, like any other argument, its
/// UTF-8 text. With [`SendMode::Hex`] an argument that is not a byte in hex sends nothing.
pub fn send_keys_arg(arg: &str, mode: SendMode, modes: PaneModes) -> Vec<u8> {
    match mode {
        SendMode::Hex => match c_hex(arg) {
            Some((n @ 0..=0xff, "")) if !arg.is_empty() => vec![n as u8],
            _ => Vec::new(),
        },
        SendMode::Keys => Key::parse(arg)
            .and_then(|k| k.encode(modes))
            .unwrap_or_else(|| arg.as_bytes().to_vec()),
        SendMode::Literal => arg.as_bytes().to_vec(),
    }
}

/// The most bytes [`send_keys`] returns: a huge `-N` is cut rather than exhausting memory.
pub(super) const MAX_SEND: usize = 64 << 20;

/// `send-keys [-l|-H] [-N repeat] args...`: the arguments in order, `repeat` times (at most
/// [`MAX_SEND`] bytes in all).
pub fn send_keys<S: AsRef<str>>(
    args: &[S],
    mode: SendMode,
    repeat: u32,
    modes: PaneModes,
) -> Vec<u8> {
    let once: Vec<u8> = args
        .iter()
        .flat_map(|a| send_keys_arg(a.as_ref(), mode, modes))
        .collect();
    let times = usize::try_from(repeat).unwrap_or(usize::MAX);
    once.repeat(times.min(MAX_SEND / once.len().max(1)))
}
