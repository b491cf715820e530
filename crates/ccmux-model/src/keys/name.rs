//! Key names (key-string.c): parsing as `key_string_lookup_string`, printing as
//! `key_string_lookup_key`.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::{Key, KeyCode, Keypad, Mods, MouseAction, MouseKey, MouseLocation};
use std::fmt;
use std::str::FromStr;

/// A string that is not a tmux key name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown key: {0}")]
pub struct UnknownKey(pub String);

/// Named keys in tmux's table order: printing uses the first name of a key.
const NAMES: &[(&str, KeyCode)] = &[
    ("F1", KeyCode::F(1)),
    ("F2", KeyCode::F(2)),
    ("F3", KeyCode::F(3)),
    ("F4", KeyCode::F(4)),
    ("F5", KeyCode::F(5)),
    ("F6", KeyCode::F(6)),
    ("F7", KeyCode::F(7)),
    ("F8", KeyCode::F(8)),
    ("F9", KeyCode::F(9)),
    ("F10", KeyCode::F(10)),
    ("F11", KeyCode::F(11)),
    ("F12", KeyCode::F(12)),
    ("IC", KeyCode::IC),
    ("Insert", KeyCode::IC),
    ("DC", KeyCode::DC),
    ("Delete", KeyCode::DC),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("NPage", KeyCode::NPage),
    ("PageDown", KeyCode::NPage),
    ("PgDn", KeyCode::NPage),
    ("PPage", KeyCode::PPage),
    ("PageUp", KeyCode::PPage),
    ("PgUp", KeyCode::PPage),
    ("Tab", KeyCode::TAB),
    ("BTab", KeyCode::BTab),
    ("Space", KeyCode::SPACE),
    ("BSpace", KeyCode::BSpace),
    ("Enter", KeyCode::ENTER),
    ("Escape", KeyCode::ESCAPE),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
];

/// Characters that keep Ctrl as a modifier (`C-1` is not a control character).
const CTRL_KEEPS: &str = "!#()+,-.0123456789:;<=>'\r\t\x7f`/\x1b";

/// A mouse action from its button.
type MakeAction = fn(u8) -> MouseAction;

const MOUSE_ACTIONS: &[(&str, MakeAction)] = &[
    ("MouseDown", MouseAction::Down),
    ("MouseUp", MouseAction::Up),
    ("MouseDragEnd", MouseAction::DragEnd),
    ("MouseDrag", MouseAction::Drag),
    ("SecondClick", MouseAction::SecondClick),
    ("DoubleClick", MouseAction::DoubleClick),
    ("TripleClick", MouseAction::TripleClick),
];

const MOUSE_BUTTONS: &[&str] = &["1", "2", "3", "6", "7", "8", "9", "10", "11"];

const MOUSE_LOCATIONS: &[(&str, MouseLocation)] = &[
    ("Pane", MouseLocation::Pane),
    ("Status", MouseLocation::Status),
    ("StatusLeft", MouseLocation::StatusLeft),
    ("StatusRight", MouseLocation::StatusRight),
    ("StatusDefault", MouseLocation::StatusDefault),
    ("Border", MouseLocation::Border),
];

impl Key {
    /// Parses a tmux key name; `None` where tmux says "unknown key".
    pub fn parse(name: &str) -> Option<Key> {
        if name.eq_ignore_ascii_case("None") {
            return Some(Key::new(KeyCode::NoKey, Mods::NONE));
        }
        if name.eq_ignore_ascii_case("Any") {
            return Some(Key::new(KeyCode::Any, Mods::NONE));
        }
        if let Some(hex) = name.strip_prefix("0x") {
            return parse_hex_key(hex);
        }
        let mut mods = Mods::NONE;
        let mut rest = name;
        if rest.len() > 1 {
            if let Some(r) = rest.strip_prefix('^') {
                mods |= Mods::CTRL;
                rest = r;
            }
        }
        // `X-` prefixes: the byte before `-` is then ASCII, so `get(2..)` stays on a boundary.
        while let [m, b'-', ..] = rest.as_bytes() {
            mods |= match m {
                b'C' | b'c' => Mods::CTRL,
                b'M' | b'm' => Mods::META,
                b'S' | b's' => Mods::SHIFT,
                _ => return None,
            };
            rest = rest.get(2..)?;
        }
        let mut chars = rest.chars();
        let first = chars.next()?;
        let code = if chars.as_str().is_empty() && first.is_ascii() {
            if first < ' ' {
                return None;
            }
            KeyCode::Char(first)
        } else if !first.is_ascii() {
            // A UTF-8 character: modifiers are kept as they are.
            return chars
                .as_str()
                .is_empty()
                .then_some(Key::new(KeyCode::Char(first), mods));
        } else {
            lookup_name(rest)?
        };
        with_ctrl(code, mods)
    }

    /// The canonical tmux name (as `list-keys` shows it, before quoting).
    pub fn name(&self) -> String {
        self.to_string()
    }
}

/// Applies tmux's control-key conversion: with Ctrl, a character that has a control character
/// becomes it (`C-a` is `\x01`, `C-Space` `\0`, `C-?` `\x7f`); `None` for `C-{` and the like.
pub(super) fn with_ctrl(code: KeyCode, mods: Mods) -> Option<Key> {
    let KeyCode::Char(c) = code else {
        return Some(Key::new(code, mods));
    };
    if !mods.contains(Mods::CTRL) || !c.is_ascii() || CTRL_KEEPS.contains(c) {
        return Some(Key::new(code, mods));
    }
    let ctrl = match c {
        'a'..='z' => c as u8 - 96,
        '@'..='_' => c as u8 - 64,
        ' ' => 0,
        '?' => 127,
        _ => return None,
    };
    Some(Key::new(KeyCode::Char(char::from(ctrl)), mods - Mods::CTRL))
}

/// `0x...` names: a character code, as tmux reads it with `sscanf("%x")` (no modifiers).
fn parse_hex_key(hex: &str) -> Option<Key> {
    let (value, _) = c_hex(hex)?;
    let c = char::from_u32(u32::try_from(value).ok()?)?;
    Some(Key::char(c))
}

/// C's leading-hex parse (`strtol(s, _, 16)` / `sscanf("%x")`): optional white space, sign and
/// `0x`, then hex digits. Returns the value (negative values are `None` unless zero, values
/// saturate) and the unparsed rest.
pub(super) fn c_hex(s: &str) -> Option<(u64, &str)> {
    let s = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let s = match s.as_bytes() {
        [b'0', x, d, ..] if (x | 0x20) == b'x' && d.is_ascii_hexdigit() => s.get(2..)?,
        _ => s,
    };
    let digits = s.bytes().take_while(u8::is_ascii_hexdigit).count();
    if digits == 0 {
        return None;
    }
    let value = s.bytes().take(digits).fold(0u64, |v, d| {
        let d = char::from(d).to_digit(16).unwrap_or(0);
        v.saturating_mul(16).saturating_add(u64::from(d))
    });
    if negative && value != 0 {
        return None;
    }
    Some((value, s.get(digits..)?))
}

/// A name from tmux's key table (case-insensitive), a mouse key or `User<n>`.
fn lookup_name(name: &str) -> Option<KeyCode> {
    if let Some((_, code)) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        return Some(*code);
    }
    if let Some(kp) = Keypad::ALL
        .iter()
        .find(|kp| eq_ic(name.as_bytes(), b"KP", kp.info().0.as_bytes()))
    {
        return Some(KeyCode::Keypad(*kp));
    }
    if let Some(mouse) = lookup_mouse(name.as_bytes()) {
        return Some(KeyCode::Mouse(mouse));
    }
    // `sscanf("User%u")`: case-sensitive, trailing text ignored.
    let n = name.strip_prefix("User")?;
    let n = n.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let n = n.strip_prefix('+').unwrap_or(n);
    let digits = n.bytes().take_while(u8::is_ascii_digit).count();
    let user: u16 = n.get(..digits)?.parse().ok()?;
    (user < 1000).then_some(KeyCode::User(user))
}

/// `name` equals `a` followed by `b`, ignoring ASCII case.
fn eq_ic(name: &[u8], a: &[u8], b: &[u8]) -> bool {
    strip_ic_bytes(name, a).is_some_and(|rest| rest.eq_ignore_ascii_case(b))
}

/// Strips an ASCII-case-insensitive prefix from bytes.
fn strip_ic<'a>(s: &'a [u8], prefix: &str) -> Option<&'a [u8]> {
    strip_ic_bytes(s, prefix.as_bytes())
}

fn strip_ic_bytes<'a>(s: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let (head, rest) = s.split_at_checked(prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then_some(rest)
}

fn lookup_mouse(name: &[u8]) -> Option<MouseKey> {
    let (action, rest) = if let Some(rest) = strip_ic(name, "WheelUp") {
        (MouseAction::WheelUp, rest)
    } else if let Some(rest) = strip_ic(name, "WheelDown") {
        (MouseAction::WheelDown, rest)
    } else {
        let (make, rest) = MOUSE_ACTIONS
            .iter()
            .find_map(|(p, make)| strip_ic(name, p).map(|r| (make, r)))?;
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let (number, rest) = rest.split_at_checked(digits)?;
        let button = MOUSE_BUTTONS.iter().find(|b| b.as_bytes() == number)?;
        (make(button.parse().ok()?), rest)
    };
    let location = MOUSE_LOCATIONS
        .iter()
        .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(rest))?
        .1;
    Some(MouseKey { action, location })
}

impl fmt::Display for MouseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (action, button) = match self.action {
            MouseAction::Down(b) => ("MouseDown", Some(b)),
            MouseAction::Up(b) => ("MouseUp", Some(b)),
            MouseAction::Drag(b) => ("MouseDrag", Some(b)),
            MouseAction::DragEnd(b) => ("MouseDragEnd", Some(b)),
            MouseAction::WheelUp => ("WheelUp", None),
            MouseAction::WheelDown => ("WheelDown", None),
            MouseAction::SecondClick(b) => ("SecondClick", Some(b)),
            MouseAction::DoubleClick(b) => ("DoubleClick", Some(b)),
            MouseAction::TripleClick(b) => ("TripleClick", Some(b)),
        };
        f.write_str(action)?;
        if let Some(b) = button {
            write!(f, "{b}")?;
        }
        let location = MOUSE_LOCATIONS
            .iter()
            .find(|(_, l)| *l == self.location)
            .map_or("", |(n, _)| n);
        f.write_str(location)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // C-@ with no modifiers is shown as C-Space.
        if *self == Key::char('\0') {
            return f.write_str("C-Space");
        }
        for (m, p) in [(Mods::CTRL, "C-"), (Mods::META, "M-"), (Mods::SHIFT, "S-")] {
            if self.mods.contains(m) {
                f.write_str(p)?;
            }
        }
        if let Some((n, _)) = NAMES.iter().find(|(_, c)| *c == self.code) {
            return f.write_str(n);
        }
        match self.code {
            KeyCode::NoKey => f.write_str("None"),
            KeyCode::Any => f.write_str("Any"),
            KeyCode::User(n) => write!(f, "User{n}"),
            KeyCode::Keypad(kp) => write!(f, "KP{}", kp.info().0),
            KeyCode::Mouse(m) => write!(f, "{m}"),
            KeyCode::Char(c) => match c as u32 {
                0 | 27..=31 => write!(f, "C-{}", char::from(64 + c as u8)),
                1..=26 => write!(f, "C-{}", char::from(96 + c as u8)),
                127 => f.write_str("C-?"),
                _ => write!(f, "{c}"),
            },
            // Every other code is in NAMES.
            code => write!(f, "{code:?}"),
        }
    }
}

impl FromStr for Key {
    type Err = UnknownKey;
    fn from_str(s: &str) -> Result<Key, UnknownKey> {
        Key::parse(s).ok_or_else(|| UnknownKey(s.to_string()))
    }
}
