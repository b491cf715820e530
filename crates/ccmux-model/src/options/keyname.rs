//! TODO(keys): a stand-in until `crate::keys` (being written in parallel) lands; replace
//! [`canonical_key`] with `crate::keys`' parser and printer and delete this file.
//!
//! Key-type options (`prefix`, `prefix2`, `backspace`) need the key names tmux's
//! `key_string_lookup_string` accepts, and `show-options` prints the key back the way
//! `key_string_lookup_key` spells it (`^A` and `c-a` are both shown as `C-a`, `PgUp` as `PPage`).

/// Named keys beyond ASCII: the spelling tmux prints first, then the other spellings it accepts.
const NAMED: &[&[&str]] = &[
    &["F1"],
    &["F2"],
    &["F3"],
    &["F4"],
    &["F5"],
    &["F6"],
    &["F7"],
    &["F8"],
    &["F9"],
    &["F10"],
    &["F11"],
    &["F12"],
    &["IC", "Insert"],
    &["DC", "Delete"],
    &["Home"],
    &["End"],
    &["NPage", "PageDown", "PgDn"],
    &["PPage", "PageUp", "PgUp"],
    &["BTab"],
    &["BSpace"],
    &["Up"],
    &["Down"],
    &["Left"],
    &["Right"],
    &["KP/"],
    &["KP*"],
    &["KP-"],
    &["KP7"],
    &["KP8"],
    &["KP9"],
    &["KP+"],
    &["KP4"],
    &["KP5"],
    &["KP6"],
    &["KP1"],
    &["KP2"],
    &["KP3"],
    &["KPEnter"],
    &["KP0"],
    &["KP."],
];

/// Named keys that are ASCII characters.
const ASCII_NAMED: [(&str, u32); 4] = [("Tab", 9), ("Space", 32), ("Enter", 13), ("Escape", 27)];

const MOUSE_EVENTS: [&str; 9] = [
    "MouseDown",
    "MouseUp",
    "MouseDrag",
    "MouseDragEnd",
    "WheelUp",
    "WheelDown",
    "SecondClick",
    "DoubleClick",
    "TripleClick",
];
const MOUSE_BUTTONS: [&str; 9] = ["1", "2", "3", "6", "7", "8", "9", "10", "11"];
const MOUSE_WHERE: [&str; 6] = [
    "Pane",
    "Status",
    "StatusLeft",
    "StatusRight",
    "StatusDefault",
    "Border",
];

/// Characters that keep an explicit `C-` rather than becoming a control code.
const CTRL_KEEP: &[u8] = b"!#()+,-.0123456789:;<=>'\r\t\x7f`/";

#[derive(Clone, Copy, Default)]
struct Mods {
    ctrl: bool,
    meta: bool,
    shift: bool,
}

enum Base {
    /// An ASCII key or control code, 0-127.
    Code(u32),
    /// A non-ASCII character.
    Char(char),
    /// A spelling to print as is (named, user and mouse keys).
    Name(String),
}

/// Parses a key name as tmux's `key_string_lookup_string` and returns it spelt as
/// `key_string_lookup_key` prints it, or `None` for tmux's `bad key`.
pub(super) fn canonical_key(s: &str) -> Option<String> {
    if s.eq_ignore_ascii_case("None") {
        return Some("None".into());
    }
    if s.eq_ignore_ascii_case("Any") {
        return Some("Any".into());
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return from_hex(hex).map(|base| print(base, Mods::default()));
    }
    let mut mods = Mods::default();
    let mut rest = s;
    if rest.len() > 1 && rest.starts_with('^') {
        mods.ctrl = true;
        rest = &rest[1..];
    }
    while rest.len() >= 2 && rest.as_bytes()[1] == b'-' {
        // The byte before an ASCII '-' cannot start a multi-byte character: it is ASCII.
        match rest.as_bytes()[0] {
            b'C' | b'c' => mods.ctrl = true,
            b'M' | b'm' => mods.meta = true,
            b'S' | b's' => mods.shift = true,
            _ => return None,
        }
        rest = &rest[2..];
    }
    let mut chars = rest.chars();
    let first = chars.next()?;
    let base = if rest.len() == 1 {
        if (first as u32) < 32 {
            return None;
        }
        Base::Code(first as u32)
    } else if !first.is_ascii() {
        if chars.next().is_some() || is_c1(first) {
            return None;
        }
        // Non-ASCII keys keep their modifiers as typed: `C-é` stays `C-é`.
        return Some(print(Base::Char(first), mods));
    } else {
        lookup_name(rest)?
    };
    if let Base::Code(k) = base {
        if mods.ctrl && !CTRL_KEEP.contains(&(k as u8)) && ![9, 13, 27].contains(&k) {
            let code = match k {
                97..=122 => k - 96,
                64..=95 => k - 64,
                32 => 0,
                63 => 127,
                _ => return None,
            };
            mods.ctrl = false;
            return Some(print(Base::Code(code), mods));
        }
    }
    Some(print(base, mods))
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// `0xNN`: a control code below 32, otherwise the Unicode character with that value.
fn from_hex(s: &str) -> Option<Base> {
    let s = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let s = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_hexdigit).count();
    if digits == 0 {
        return None;
    }
    let mut u: u32 = 0;
    for b in s.bytes().take(digits) {
        u = u
            .wrapping_mul(16)
            .wrapping_add((b as char).to_digit(16).unwrap_or(0));
    }
    if negative {
        u = u.wrapping_neg();
    }
    if u < 32 {
        return Some(Base::Code(u));
    }
    match char::from_u32(u) {
        Some(c) if (32..127).contains(&u) => Some(Base::Code(c as u32)),
        Some(c) if !is_c1(c) => Some(Base::Char(c)),
        _ => None,
    }
}

/// A named key (matched without regard to case), `UserN` or a mouse key.
fn lookup_name(s: &str) -> Option<Base> {
    for spellings in NAMED {
        if spellings.iter().any(|n| n.eq_ignore_ascii_case(s)) {
            return Some(Base::Name(spellings[0].to_string()));
        }
    }
    if let Some(&(_, code)) = ASCII_NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)) {
        return Some(Base::Code(code));
    }
    for event in MOUSE_EVENTS {
        let buttons: &[&str] = if event.starts_with("Wheel") {
            &[""]
        } else {
            &MOUSE_BUTTONS
        };
        for button in buttons {
            for place in MOUSE_WHERE {
                let name = format!("{event}{button}{place}");
                if name.eq_ignore_ascii_case(s) {
                    return Some(Base::Name(name));
                }
            }
        }
    }
    // sscanf("User%u") with user < 1000: anything may follow the number.
    let n = super::cnum::strtoll(s.strip_prefix("User")?)?.0;
    (0..1000)
        .contains(&n)
        .then(|| Base::Name(format!("User{n}")))
}

/// `key_string_lookup_key`.
fn print(base: Base, mut mods: Mods) -> String {
    let base = match base {
        Base::Code(0) if !mods.ctrl && !mods.meta && !mods.shift => {
            mods.ctrl = true;
            Base::Code(32)
        }
        other => other,
    };
    let mut out = String::new();
    for (on, prefix) in [(mods.ctrl, "C-"), (mods.meta, "M-"), (mods.shift, "S-")] {
        if on {
            out.push_str(prefix);
        }
    }
    match base {
        Base::Name(name) => out.push_str(&name),
        Base::Char(c) => out.push(c),
        Base::Code(k) => match ASCII_NAMED.iter().find(|(_, code)| *code == k) {
            Some((name, _)) => out.push_str(name),
            None if k == 0 || (27..=32).contains(&k) => {
                out.push_str("C-");
                out.push(char::from_u32(64 + k).unwrap_or('?'));
            }
            None if k <= 26 => {
                out.push_str("C-");
                out.push(char::from_u32(96 + k).unwrap_or('?'));
            }
            None if k == 127 => out.push_str("C-?"),
            None => out.push(char::from_u32(k).unwrap_or('?')),
        },
    }
    out
}

#[cfg(test)]
mod tests {
    use super::canonical_key;

    /// `tmux set -g prefix INPUT; tmux show -gv prefix` (tmux 3.3a), or None for `bad key: INPUT`.
    const CASES: &[(&str, Option<&str>)] = &[
        ("C-a", Some("C-a")),
        ("c-a", Some("C-a")),
        ("C-A", Some("C-a")),
        ("^a", Some("C-a")),
        ("^A", Some("C-a")),
        ("^", Some("^")),
        ("M-x", Some("M-x")),
        ("m-X", Some("M-X")),
        ("C-M-x", Some("M-C-x")),
        ("M-C-x", Some("M-C-x")),
        ("S-x", Some("S-x")),
        ("S-Up", Some("S-Up")),
        ("C-Up", Some("C-Up")),
        ("F1", Some("F1")),
        ("f1", Some("F1")),
        ("F13", None),
        ("None", Some("None")),
        ("none", Some("None")),
        ("Any", Some("Any")),
        ("space", Some("Space")),
        ("C-Space", Some("C-Space")),
        ("C-@", Some("C-Space")),
        ("BSpace", Some("BSpace")),
        ("C-m", Some("Enter")),
        ("C-i", Some("Tab")),
        ("C-[", Some("Escape")),
        ("PgUp", Some("PPage")),
        ("PageUp", Some("PPage")),
        ("KPEnter", Some("KPEnter")),
        ("User0", Some("User0")),
        ("User999", Some("User999")),
        ("0x41", Some("A")),
        ("0x1", Some("C-a")),
        ("0xe9", Some("é")),
        ("é", Some("é")),
        ("M-é", Some("M-é")),
        ("C-é", Some("C-é")),
        ("foo", None),
        ("#", Some("#")),
        ("C-?", Some("C-?")),
        ("C-1", Some("C-1")),
        ("C--", Some("C--")),
        ("C-x-", None),
        ("--", None),
        ("-", Some("-")),
        ("M-", None),
        ("", None),
        ("C-!", Some("C-!")),
        ("C-~", None),
        ("C-Tab", Some("C-Tab")),
        ("C-S-a", Some("S-C-a")),
        ("BTab", Some("BTab")),
        ("MouseDown1", None),
        ("MouseDown1Pane", Some("MouseDown1Pane")),
        ("wheelupstatus", Some("WheelUpStatus")),
        ("M-Any", None),
    ];

    #[test]
    fn accepts_and_prints_like_tmux() {
        for (input, want) in CASES {
            assert_eq!(canonical_key(input).as_deref(), *want, "key {input:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "é-",
            "^é",
            "C-éé",
            "0x",
            "0xffffffff",
            "0x110000",
            "User",
            "-é",
            "\u{85}",
        ] {
            let _ = canonical_key(s);
        }
    }
}
