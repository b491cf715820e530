//! Keys as a client's terminal sends them: parsing raw input into keys (each with the bytes it came
//! from), and tmux key names (`C-b`, `M-x`, `Up`, `C-Left`, `PPage`, `%`) for bindings.

/// Modifier bits.
pub const CTRL: u8 = 1;
pub const META: u8 = 2;
pub const SHIFT: u8 = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Char(char),
    Enter,
    Tab,
    BTab,
    BSpace,
    Escape,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PPage,
    NPage,
    IC,
    DC,
    F(u8),
}

/// A key with its modifiers. `C-b` is `Char('b')` with [`CTRL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub mods: u8,
}

/// A mouse event in SGR form (0-based cell coordinates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mouse {
    /// Button code as SGR reports it (0 left, 1 middle, 2 right, +32 motion, 64/65 wheel, +4/8/16 mods).
    pub button: u16,
    pub x: u16,
    pub y: u16,
    pub release: bool,
}

/// One input event and the bytes it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Key(Key, Vec<u8>),
    Mouse(Mouse),
    /// Bracketed paste contents (without the markers).
    Paste(Vec<u8>),
    Focus(bool),
    /// Bytes that are not a key we know (passed through).
    Other(Vec<u8>),
}

const NAMES: &[(&str, Code)] = &[
    ("Enter", Code::Enter),
    ("Tab", Code::Tab),
    ("BTab", Code::BTab),
    ("BSpace", Code::BSpace),
    ("Escape", Code::Escape),
    ("Up", Code::Up),
    ("Down", Code::Down),
    ("Left", Code::Left),
    ("Right", Code::Right),
    ("Home", Code::Home),
    ("End", Code::End),
    ("PPage", Code::PPage),
    ("PageUp", Code::PPage),
    ("PgUp", Code::PPage),
    ("NPage", Code::NPage),
    ("PageDown", Code::NPage),
    ("PgDn", Code::NPage),
    ("IC", Code::IC),
    ("Insert", Code::IC),
    ("DC", Code::DC),
    ("Delete", Code::DC),
    ("Space", Code::Char(' ')),
];

impl Key {
    pub const fn new(code: Code, mods: u8) -> Key {
        Key { code, mods }
    }

    pub const fn ch(c: char) -> Key {
        Key {
            code: Code::Char(c),
            mods: 0,
        }
    }

    /// Parses a tmux key name.
    pub fn parse_name(name: &str) -> Option<Key> {
        let mut mods = 0;
        let mut rest = name;
        loop {
            if rest.len() > 2 {
                match &rest[..2] {
                    "C-" | "c-" => mods |= CTRL,
                    "M-" | "m-" => mods |= META,
                    "S-" | "s-" => mods |= SHIFT,
                    _ => break,
                }
                rest = &rest[2..];
            } else {
                break;
            }
        }
        if let Some(rest) = rest.strip_prefix('^').filter(|r| r.chars().count() == 1) {
            mods |= CTRL;
            return Self::parse_name(&format!("C-{rest}")).map(|k| Key::new(k.code, k.mods | mods));
        }
        let code = if let Some((_, c)) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
            *c
        } else if let Some(n) = rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=12).contains(&n) {
                return None;
            }
            Code::F(n)
        } else {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() || c.is_control() {
                return None;
            }
            Code::Char(if mods & CTRL != 0 {
                c.to_ascii_lowercase()
            } else {
                c
            })
        };
        Some(Key::new(code, mods))
    }

    /// The tmux name of the key.
    pub fn name(&self) -> String {
        let mut out = String::new();
        if self.mods & CTRL != 0 {
            out.push_str("C-");
        }
        if self.mods & META != 0 {
            out.push_str("M-");
        }
        if self.mods & SHIFT != 0 {
            out.push_str("S-");
        }
        match self.code {
            Code::Char(' ') => out.push_str("Space"),
            Code::Char(c) => out.push(c),
            Code::F(n) => out.push_str(&format!("F{n}")),
            code => out.push_str(
                NAMES
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| n),
            ),
        }
        out
    }

    /// The bytes a terminal sends for this key (`app_cursor`: DECCKM is set).
    pub fn bytes(&self, app_cursor: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let m = self.mods;
        let modparam = 1
            + (if m & SHIFT != 0 { 1 } else { 0 })
            + (if m & META != 0 { 2 } else { 0 })
            + (if m & CTRL != 0 { 4 } else { 0 });
        let csi_letter = |out: &mut Vec<u8>, c: u8| {
            if modparam > 1 {
                out.extend_from_slice(format!("\x1b[1;{modparam}").as_bytes());
                out.push(c);
            } else if app_cursor {
                out.extend_from_slice(&[0x1b, b'O', c]);
            } else {
                out.extend_from_slice(&[0x1b, b'[', c]);
            }
        };
        let tilde = |out: &mut Vec<u8>, n: u8| {
            if modparam > 1 {
                out.extend_from_slice(format!("\x1b[{n};{modparam}~").as_bytes());
            } else {
                out.extend_from_slice(format!("\x1b[{n}~").as_bytes());
            }
        };
        match self.code {
            Code::Char(c) => {
                if m & META != 0 {
                    out.push(0x1b);
                }
                if m & CTRL != 0 {
                    if let Some(b) = ctrl_byte(c) {
                        out.push(b);
                        return out;
                    }
                }
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            Code::Enter => out.extend_from_slice(if m & META != 0 { b"\x1b\r" } else { b"\r" }),
            Code::Tab => out.push(b'\t'),
            Code::BTab => out.extend_from_slice(b"\x1b[Z"),
            Code::BSpace => out.push(0x7f),
            Code::Escape => out.push(0x1b),
            Code::Up => csi_letter(&mut out, b'A'),
            Code::Down => csi_letter(&mut out, b'B'),
            Code::Right => csi_letter(&mut out, b'C'),
            Code::Left => csi_letter(&mut out, b'D'),
            Code::Home => csi_letter(&mut out, b'H'),
            Code::End => csi_letter(&mut out, b'F'),
            Code::IC => tilde(&mut out, 2),
            Code::DC => tilde(&mut out, 3),
            Code::PPage => tilde(&mut out, 5),
            Code::NPage => tilde(&mut out, 6),
            Code::F(n @ 1..=4) => out.extend_from_slice(&[0x1b, b'O', b'P' + n - 1]),
            Code::F(n) => {
                let num = [15, 17, 18, 19, 20, 21, 23, 24][(n.clamp(5, 12) - 5) as usize];
                tilde(&mut out, num)
            }
        }
        out
    }
}

fn ctrl_byte(c: char) -> Option<u8> {
    match c {
        ' ' | '@' | '2' => Some(0),
        'a'..='z' => Some(c as u8 - b'a' + 1),
        '[' | '3' => Some(0x1b),
        '\\' | '4' => Some(0x1c),
        ']' | '5' => Some(0x1d),
        '^' | '6' => Some(0x1e),
        '_' | '7' | '/' => Some(0x1f),
        '?' | '8' => Some(0x7f),
        _ => None,
    }
}

/// Parses raw terminal input. A paste that has not ended yet is kept in `pending` for the next call.
pub fn parse(input: &[u8], pending: &mut Vec<u8>) -> Vec<Event> {
    pending.extend_from_slice(input);
    let buf = std::mem::take(pending);
    let mut events = Vec::new();
    let mut i = 0;
    while i < buf.len() {
        if buf[i..].starts_with(b"\x1b[200~") {
            match find(&buf[i + 6..], b"\x1b[201~") {
                Some(end) => {
                    events.push(Event::Paste(buf[i + 6..i + 6 + end].to_vec()));
                    i += 6 + end + 6;
                    continue;
                }
                None => {
                    *pending = buf[i..].to_vec();
                    return events;
                }
            }
        }
        let (event, len) = one(&buf[i..]);
        events.push(event);
        i += len.max(1);
    }
    events
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn key(code: Code, mods: u8, raw: &[u8]) -> Event {
    Event::Key(Key::new(code, mods), raw.to_vec())
}

/// One event at the start of `b` and its length.
fn one(b: &[u8]) -> (Event, usize) {
    let c = b[0];
    match c {
        0x1b => escape(b),
        b'\r' | b'\n' => (key(Code::Enter, 0, &b[..1]), 1),
        b'\t' => (key(Code::Tab, 0, &b[..1]), 1),
        0x7f => (key(Code::BSpace, 0, &b[..1]), 1),
        0 => (key(Code::Char(' '), CTRL, &b[..1]), 1),
        1..=26 => (key(Code::Char((b'a' + c - 1) as char), CTRL, &b[..1]), 1),
        0x1c..=0x1f => {
            let ch = ['\\', ']', '^', '_'][(c - 0x1c) as usize];
            (key(Code::Char(ch), CTRL, &b[..1]), 1)
        }
        _ => {
            let len = match c {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => 1,
            }
            .min(b.len());
            match std::str::from_utf8(&b[..len])
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(ch) => (key(Code::Char(ch), 0, &b[..len]), len),
                None => (Event::Other(b[..len].to_vec()), len),
            }
        }
    }
}

fn escape(b: &[u8]) -> (Event, usize) {
    if b.len() == 1 {
        return (key(Code::Escape, 0, b), 1);
    }
    match b[1] {
        b'[' => csi(b),
        b'O' if b.len() >= 3 => {
            let code = match b[2] {
                b'A' => Code::Up,
                b'B' => Code::Down,
                b'C' => Code::Right,
                b'D' => Code::Left,
                b'H' => Code::Home,
                b'F' => Code::End,
                b'P'..=b'S' => Code::F(b[2] - b'P' + 1),
                _ => return (Event::Other(b[..3].to_vec()), 3),
            };
            (key(code, 0, &b[..3]), 3)
        }
        0x1b => (key(Code::Escape, 0, &b[..1]), 1),
        _ => {
            // Meta: ESC then a key.
            let (inner, len) = one(&b[1..]);
            match inner {
                Event::Key(k, _) => (key(k.code, k.mods | META, &b[..1 + len]), 1 + len),
                other => (other, 1 + len),
            }
        }
    }
}

fn csi(b: &[u8]) -> (Event, usize) {
    // ESC [ params final
    let Some(end) = b[2..].iter().position(|c| (0x40..=0x7e).contains(c)) else {
        return (Event::Other(b.to_vec()), b.len());
    };
    let len = 2 + end + 1;
    let raw = &b[..len];
    let params = std::str::from_utf8(&b[2..2 + end]).unwrap_or("");
    let fin = b[2 + end];
    if let Some(sgr) = params.strip_prefix('<') {
        let n: Vec<u16> = sgr.split(';').map(|p| p.parse().unwrap_or(0)).collect();
        if n.len() == 3 && (fin == b'M' || fin == b'm') {
            return (
                Event::Mouse(Mouse {
                    button: n[0],
                    x: n[1].saturating_sub(1),
                    y: n[2].saturating_sub(1),
                    release: fin == b'm',
                }),
                len,
            );
        }
        return (Event::Other(raw.to_vec()), len);
    }
    let nums: Vec<u8> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let mods = nums.get(1).map_or(0, |m| {
        let m = m.saturating_sub(1);
        (if m & 1 != 0 { SHIFT } else { 0 })
            | (if m & 2 != 0 { META } else { 0 })
            | (if m & 4 != 0 { CTRL } else { 0 })
    });
    let code = match fin {
        b'A' => Code::Up,
        b'B' => Code::Down,
        b'C' => Code::Right,
        b'D' => Code::Left,
        b'H' => Code::Home,
        b'F' => Code::End,
        b'Z' => Code::BTab,
        b'I' if params.is_empty() => return (Event::Focus(true), len),
        b'O' if params.is_empty() => return (Event::Focus(false), len),
        b'~' => match nums.first().copied().unwrap_or(0) {
            1 | 7 => Code::Home,
            4 | 8 => Code::End,
            2 => Code::IC,
            3 => Code::DC,
            5 => Code::PPage,
            6 => Code::NPage,
            n @ 11..=15 => Code::F(n - 10),
            n @ 17..=21 => Code::F(n - 11),
            n @ 23..=24 => Code::F(n - 12),
            _ => return (Event::Other(raw.to_vec()), len),
        },
        _ => return (Event::Other(raw.to_vec()), len),
    };
    (key(code, mods, raw), len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(input: &[u8]) -> Vec<String> {
        parse(input, &mut Vec::new())
            .into_iter()
            .map(|e| match e {
                Event::Key(k, _) => k.name(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn names_round_trip() {
        for name in [
            "C-b", "M-x", "Up", "C-Left", "PPage", "%", "\"", "F5", "Space", "C-M-a", "Enter",
        ] {
            let k = Key::parse_name(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(k.name(), name);
        }
        assert_eq!(Key::parse_name("^B"), Key::parse_name("C-b"));
        assert_eq!(Key::parse_name("PageUp"), Key::parse_name("PPage"));
        assert!(Key::parse_name("C-Foo").is_none());
        assert!(Key::parse_name("F13").is_none());
        assert!(Key::parse_name("").is_none());
    }

    #[test]
    fn raw_input_parses_to_keys() {
        assert_eq!(keys(b"\x02c"), ["C-b", "c"]);
        assert_eq!(keys(b"\x1b[A\x1bOB\x1b[1;5D"), ["Up", "Down", "C-Left"]);
        assert_eq!(
            keys(b"\x1b[5~\x1b[6~\r\x7f"),
            ["PPage", "NPage", "Enter", "BSpace"]
        );
        assert_eq!(keys(b"\x1bx\x1b"), ["M-x", "Escape"]);
        assert_eq!(keys("é%".as_bytes()), ["é", "%"]);
        assert_eq!(
            parse(b"\x1b[<64;3;4M", &mut Vec::new()),
            [Event::Mouse(Mouse {
                button: 64,
                x: 2,
                y: 3,
                release: false
            })]
        );
        assert_eq!(parse(b"\x1b[I", &mut Vec::new()), [Event::Focus(true)]);
    }

    #[test]
    fn paste_may_span_reads() {
        let mut pending = Vec::new();
        assert!(parse(b"\x1b[200~ab", &mut pending).is_empty());
        assert_eq!(
            parse(b"c\x1b[201~x", &mut pending),
            [
                Event::Paste(b"abc".to_vec()),
                Event::Key(Key::ch('x'), b"x".to_vec())
            ]
        );
    }

    #[test]
    fn keys_encode_for_the_pane() {
        assert_eq!(Key::parse_name("C-b").unwrap().bytes(false), [2]);
        assert_eq!(Key::parse_name("Up").unwrap().bytes(true), b"\x1bOA");
        assert_eq!(Key::parse_name("C-Up").unwrap().bytes(true), b"\x1b[1;5A");
        assert_eq!(Key::parse_name("M-x").unwrap().bytes(false), b"\x1bx");
        assert_eq!(Key::parse_name("F5").unwrap().bytes(false), b"\x1b[15~");
    }
}
