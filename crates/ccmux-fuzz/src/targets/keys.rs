//! Key names and a client terminal's input (ccmux-model's keys/).

use crate::gen::{pick, text};
use arbitrary::{Result, Unstructured};
use ccmux_model::keys::{decode, send_keys_arg, Event, Key, PaneModes, SendMode};

const NAME_PIECES: &[&str] = &[
    "C-",
    "M-",
    "S-",
    "c-",
    "m-",
    "s-",
    "^",
    "-",
    "0x",
    "0X",
    "x",
    "€",
    "é",
    "Up",
    "F1",
    "F12",
    "F13",
    "KP",
    "KP*",
    "KP1",
    "Enter",
    "Escape",
    "BSpace",
    "Space",
    "Tab",
    "BTab",
    "Home",
    "NPage",
    "Mouse",
    "MouseDown1Pane",
    "WheelUpStatus",
    "MouseDrag3Border",
    "DoubleClick2",
    "Down",
    "1",
    "Pane",
    "User",
    "User999",
    "User1000",
    "9",
    "None",
    "Any",
    " ",
    "\0",
    "\u{10ffff}",
    "z",
    "Wheel",
    "ff",
    "+",
    "?",
    "[",
    "@",
    "_",
];

const BYTE_PIECES: &[&[u8]] = &[
    b"\x1b",
    b"[",
    b"O",
    b"<",
    b"M",
    b"m",
    b";",
    b"1",
    b"5",
    b"9",
    b"2",
    b"0",
    b"~",
    b"u",
    b"A",
    b"P",
    b"I",
    b"x",
    b"\x7f",
    b"\r",
    b"\0",
    b"\xc3",
    b"\xa9",
    b"\xe2",
    b"\x82",
    b"\xff",
    b"\x80",
    b"\x1b[200~",
    b"\x1b[201~",
    b"27;",
    b"^",
    b"$",
    b"@",
    b"\x1b[<",
    b"\x1b[M",
    b"\x1bO",
    b"4294967296",
];

fn modes(u: &mut Unstructured) -> Result<PaneModes> {
    Ok(PaneModes {
        app_cursor: u.arbitrary()?,
        app_keypad: u.arbitrary()?,
    })
}

/// A key name parses or not without a panic; a parsed key prints as a name that parses, and from there
/// printing and parsing agree. (As in tmux, a key with Ctrl kept on a character that has no control
/// form of its own prints as a name of another key: `C-M-` and DEL prints `C-M-C-?`, which is `M-` DEL.)
pub fn names(u: &mut Unstructured) -> Result<()> {
    let name = text(u, NAME_PIECES, 6)?;
    let modes = modes(u)?;
    if let Some(key) = Key::parse(&name) {
        let printed = key.to_string();
        let again =
            Key::parse(&printed).unwrap_or_else(|| panic!("{name:?} printed as {printed:?}"));
        let twice = again.to_string();
        assert_eq!(
            Key::parse(&twice),
            Some(again),
            "{name:?} printed as {printed:?}, then {twice:?}"
        );
        key.encode(modes);
    }
    let mode = *pick(u, &[SendMode::Keys, SendMode::Literal, SendMode::Hex])?;
    send_keys_arg(&name, mode, modes);
    Ok(())
}

/// Terminal input decodes without a panic, within its length, and the same in pieces as at once.
pub fn decode_input(u: &mut Unstructured) -> Result<()> {
    let mut input = Vec::new();
    for _ in 0..u.int_in_range(0..=40)? {
        if u.ratio(1, 3)? {
            input.push(u.arbitrary()?);
        } else {
            input.extend_from_slice(pick(u, BYTE_PIECES)?);
        }
    }
    let (whole, used) = decode(&input, true);
    assert!(used <= input.len());
    let modes = modes(u)?;
    for e in &whole {
        if let Event::Key(k) = e {
            k.encode(modes);
            let _ = k.key.to_string();
        }
    }
    let mut pending = Vec::new();
    let mut pieces = Vec::new();
    let mut rest = input.as_slice();
    while !rest.is_empty() {
        let n = u.int_in_range(1..=rest.len())?;
        let (piece, after) = rest.split_at(n);
        pending.extend_from_slice(piece);
        rest = after;
        let (got, used) = decode(&pending, false);
        assert!(used <= pending.len());
        pending.drain(..used);
        pieces.extend(got);
    }
    let (tail, end) = decode(&pending, true);
    pieces.extend(tail);
    pending.drain(..end);
    assert_eq!(pieces, whole, "{input:?} decoded in pieces");
    assert_eq!(pending.len(), input.len() - used, "{input:?}");
    Ok(())
}
