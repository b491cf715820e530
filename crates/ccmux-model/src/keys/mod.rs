//! Keys the way tmux 3.3a sees them: one vocabulary for key bindings, `send-keys` and a client's input.
//!
//! - [`Key::parse`] and [`Key`]'s `Display` are tmux's `key_string_lookup_string` and
//!   `key_string_lookup_key` (key-string.c): `C-a`, `^A`, `M-x`, `C-M-Left`, `S-F5`, `KP*`,
//!   `MouseDown1Pane`, `0x41`, `é`...
//! - [`Key::encode`] and [`send_keys`] are input-keys.c and cmd-send-keys.c: the bytes a key produces
//!   in a pane, depending on the pane's [`PaneModes`].
//! - [`decode`] is tty-keys.c: a client terminal's raw bytes as [`Event`]s.
//!
//! Like tmux, a control character is its own key: `C-a` is `Char('\x01')` with no modifier, so `C-i`
//! is `Tab`, `C-m` is `Enter` and `C-[` is `Escape`; only keys with no control character of their
//! own keep [`Mods::CTRL`] (`C-Up`, `C-1`, `C-Enter`, `C-é`).

mod decode;
mod decode_csi;
mod encode;
mod name;
#[cfg(test)]
mod tests;

pub use decode::{decode, Event, KeyEvent, Mouse};
pub use encode::{send_keys, send_keys_arg, PaneModes, SendMode};
pub use name::UnknownKey;

use std::ops::{BitOr, BitOrAssign, Sub};

/// Modifier keys: a set of [`Mods::CTRL`], [`Mods::META`] and [`Mods::SHIFT`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mods(u8);

impl Mods {
    pub const NONE: Mods = Mods(0);
    pub const CTRL: Mods = Mods(1);
    pub const META: Mods = Mods(2);
    pub const SHIFT: Mods = Mods(4);

    /// Whether every modifier of `other` is in `self`.
    pub const fn contains(self, other: Mods) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The xterm modifier parameter (`1 + shift + 2*meta + 4*ctrl`): `5` in `\e[1;5A` for `C-Up`.
    pub(crate) const fn xterm_param(self) -> u8 {
        let mut p = 1;
        if self.contains(Mods::SHIFT) {
            p += 1;
        }
        if self.contains(Mods::META) {
            p += 2;
        }
        if self.contains(Mods::CTRL) {
            p += 4;
        }
        p
    }

    /// The modifiers of an xterm modifier parameter, as tmux reads them (2..=8, and 9 for Meta).
    pub(crate) const fn from_xterm_param(p: u32) -> Option<Mods> {
        if p == 9 {
            return Some(Mods::META);
        }
        if p < 2 || p > 8 {
            return None;
        }
        let bits = (p - 1) as u8;
        let mut m = 0;
        if bits & 1 != 0 {
            m |= Mods::SHIFT.0;
        }
        if bits & 2 != 0 {
            m |= Mods::META.0;
        }
        if bits & 4 != 0 {
            m |= Mods::CTRL.0;
        }
        Some(Mods(m))
    }
}

impl BitOr for Mods {
    type Output = Mods;
    fn bitor(self, rhs: Mods) -> Mods {
        Mods(self.0 | rhs.0)
    }
}

impl BitOrAssign for Mods {
    fn bitor_assign(&mut self, rhs: Mods) {
        self.0 |= rhs.0;
    }
}

impl Sub for Mods {
    type Output = Mods;
    /// The modifiers of `self` that are not in `rhs`.
    fn sub(self, rhs: Mods) -> Mods {
        Mods(self.0 & !rhs.0)
    }
}

/// What a key is, without its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A character, control characters included: `Enter` is `'\r'`, `Tab` `'\t'`, `Escape`
    /// `'\x1b'`, `Space` `' '`, `C-a` `'\x01'`, `C-Space` `'\0'`, `C-?` `'\x7f'`.
    Char(char),
    /// `BSpace`: what a terminal's erase key sends; a pane gets `\x7f` for it.
    BSpace,
    /// `F1` to `F12`.
    F(u8),
    /// `IC` (Insert).
    IC,
    /// `DC` (Delete).
    DC,
    Home,
    End,
    /// `NPage` (Page Down).
    NPage,
    /// `PPage` (Page Up).
    PPage,
    /// `BTab` (back tab, Shift-Tab).
    BTab,
    Up,
    Down,
    Left,
    Right,
    /// A numeric keypad key (`KP0`, `KP/`, `KPEnter`...).
    Keypad(Keypad),
    /// A mouse key for bindings (`MouseDown1Pane`, `WheelUpStatus`...).
    Mouse(MouseKey),
    /// `Any`: a binding for any key.
    Any,
    /// `None`: no key (a prefix that is never pressed). `bind-key` refuses it.
    NoKey,
    /// `User0` to `User999` (tmux's `user-keys`).
    User(u16),
}

impl KeyCode {
    pub const ENTER: KeyCode = KeyCode::Char('\r');
    pub const TAB: KeyCode = KeyCode::Char('\t');
    pub const ESCAPE: KeyCode = KeyCode::Char('\x1b');
    pub const SPACE: KeyCode = KeyCode::Char(' ');

    /// The cursor keys, whose plain form follows the application cursor mode (DECCKM).
    pub const fn is_cursor(self) -> bool {
        matches!(
            self,
            KeyCode::Up | KeyCode::Down | KeyCode::Left | KeyCode::Right
        )
    }

    /// Keys whose Meta form is the xterm modifier sequence (`M-Up` is `\e[1;3A`), not Escape plus
    /// the key: tmux's `KEYC_IMPLIED_META` keys.
    pub(crate) const fn meta_is_modifier(self) -> bool {
        matches!(
            self,
            KeyCode::F(_)
                | KeyCode::IC
                | KeyCode::DC
                | KeyCode::Home
                | KeyCode::End
                | KeyCode::NPage
                | KeyCode::PPage
                | KeyCode::Up
                | KeyCode::Down
                | KeyCode::Left
                | KeyCode::Right
        )
    }
}

/// The numeric keypad keys, in tmux's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Keypad {
    Slash,
    Star,
    Minus,
    Seven,
    Eight,
    Nine,
    Plus,
    Four,
    Five,
    Six,
    One,
    Two,
    Three,
    Enter,
    Zero,
    Period,
}

impl Keypad {
    pub const ALL: [Keypad; 16] = [
        Keypad::Slash,
        Keypad::Star,
        Keypad::Minus,
        Keypad::Seven,
        Keypad::Eight,
        Keypad::Nine,
        Keypad::Plus,
        Keypad::Four,
        Keypad::Five,
        Keypad::Six,
        Keypad::One,
        Keypad::Two,
        Keypad::Three,
        Keypad::Enter,
        Keypad::Zero,
        Keypad::Period,
    ];

    /// The name after `KP`, the byte it sends in numeric mode, and the final byte of its
    /// application keypad sequence (`\eO` + final).
    pub(crate) const fn info(self) -> (&'static str, u8, u8) {
        match self {
            Keypad::Slash => ("/", b'/', b'o'),
            Keypad::Star => ("*", b'*', b'j'),
            Keypad::Minus => ("-", b'-', b'm'),
            Keypad::Seven => ("7", b'7', b'w'),
            Keypad::Eight => ("8", b'8', b'x'),
            Keypad::Nine => ("9", b'9', b'y'),
            Keypad::Plus => ("+", b'+', b'k'),
            Keypad::Four => ("4", b'4', b't'),
            Keypad::Five => ("5", b'5', b'u'),
            Keypad::Six => ("6", b'6', b'v'),
            Keypad::One => ("1", b'1', b'q'),
            Keypad::Two => ("2", b'2', b'r'),
            Keypad::Three => ("3", b'3', b's'),
            Keypad::Enter => ("Enter", b'\n', b'M'),
            Keypad::Zero => ("0", b'0', b'p'),
            Keypad::Period => (".", b'.', b'n'),
        }
    }
}

/// A mouse key as bindings name it: what happened and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MouseKey {
    pub action: MouseAction,
    pub location: MouseLocation,
}

/// What a mouse key did. Buttons are 1, 2, 3 and 6 to 11.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MouseAction {
    Down(u8),
    Up(u8),
    Drag(u8),
    DragEnd(u8),
    WheelUp,
    WheelDown,
    SecondClick(u8),
    DoubleClick(u8),
    TripleClick(u8),
}

/// Where a mouse key happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MouseLocation {
    Pane,
    Status,
    StatusLeft,
    StatusRight,
    StatusDefault,
    Border,
}

/// A key and its modifiers, compared as tmux compares bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Mods,
}

impl Key {
    pub const fn new(code: KeyCode, mods: Mods) -> Key {
        Key { code, mods }
    }

    /// A character key with no modifiers (`Key::char('\x02')` is `C-b`).
    pub const fn char(c: char) -> Key {
        Key::new(KeyCode::Char(c), Mods::NONE)
    }

    /// The key for `C-c` where `c` has a control character (`a`..`z`, `@`..`_`, `Space`, `?`), as
    /// tmux makes it: `Key::ctrl('b')` is `Key::char('\x02')`. Other characters keep [`Mods::CTRL`].
    pub fn ctrl(c: char) -> Key {
        name::with_ctrl(KeyCode::Char(c), Mods::CTRL)
            .unwrap_or(Key::new(KeyCode::Char(c), Mods::CTRL))
    }

    /// The character this key types, if it is a printable character with no modifier.
    pub fn printable(&self) -> Option<char> {
        match (self.code, self.mods) {
            (KeyCode::Char(c), Mods::NONE) if !c.is_control() => Some(c),
            _ => None,
        }
    }
}
