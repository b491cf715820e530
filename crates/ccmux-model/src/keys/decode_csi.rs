//! `\e[` sequences from a terminal: cursor and editing keys with xterm modifiers, rxvt forms,
//! extended keys (`\e[97;5u`, `\e[27;5;97~`), mouse (SGR and X10) and focus.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::decode::{head, key, rxvt_arrow, Event, Mouse, Step};
use super::{KeyCode, Mods};

/// A sequence starting `\e[`.
pub(super) fn csi(b: &[u8], expired: bool) -> Step {
    let wait = if expired {
        Step::NoMatch
    } else {
        Step::Partial
    };
    match b.get(2) {
        None => wait,
        Some(b'M') => x10_mouse(b).unwrap_or(wait),
        Some(b'<') => sgr_mouse(b).unwrap_or(wait),
        Some(_) => {
            let params = 2 + b
                .iter()
                .skip(2)
                .take_while(|c| (0x30..=0x3f).contains(*c))
                .count();
            // rxvt's Shift keys end in `$`, otherwise an intermediate byte.
            let end = match b.get(params) {
                Some(b'$') => params,
                _ => {
                    params
                        + b.iter()
                            .skip(params)
                            .take_while(|c| (0x20..=0x2f).contains(*c))
                            .count()
                }
            };
            match b.get(end) {
                None => wait,
                Some(f @ (0x40..=0x7e | b'$')) => {
                    let params = std::str::from_utf8(b.get(2..end).unwrap_or_default());
                    let params = params.unwrap_or("");
                    let raw = head(b, end + 1);
                    match csi_key(params, *f, raw) {
                        Some(step) => step,
                        None => Step::Done(Some(Event::Other(raw.to_vec())), raw.len()),
                    }
                }
                Some(_) => Step::NoMatch,
            }
        }
    }
}

/// `\e[M` and three bytes: button + 32, column + 33, row + 33. `None`: incomplete.
fn x10_mouse(b: &[u8]) -> Option<Step> {
    let &[button, x, y] = b.get(3..6)? else {
        return None;
    };
    if button < 32 || x < 33 || y < 33 {
        return Some(Step::NoMatch);
    }
    let button = u16::from(button - 32);
    let release = button & 3 == 3 && button & (32 | 64) == 0;
    let mouse = Mouse {
        button,
        x: u16::from(x - 33),
        y: u16::from(y - 33),
        release,
    };
    Some(Step::Done(Some(Event::Mouse(mouse)), 6))
}

/// `\e[<b;x;yM` (press) or `...m` (release). `None`: incomplete.
fn sgr_mouse(b: &[u8]) -> Option<Step> {
    let mut at = 3;
    let mut fields = [0u32; 3];
    for (i, field) in fields.iter_mut().enumerate() {
        loop {
            let c = *b.get(at)?;
            at += 1;
            match c {
                b'0'..=b'9' => {
                    *field = field.saturating_mul(10).saturating_add(u32::from(c - b'0'))
                }
                b';' if i < 2 => break,
                b'M' | b'm' if i == 2 => break,
                _ => return Some(Step::NoMatch),
            }
        }
    }
    let [button, x, y] = fields;
    if x < 1 || y < 1 {
        return Some(Step::NoMatch);
    }
    // The loop above stopped at `at - 1`, on the final `M` or `m`.
    let release = b.get(at - 1) == Some(&b'm');
    // Some terminals send releases for wheel presses: dropped.
    if release && button & 64 != 0 {
        return Some(Step::Done(None, at));
    }
    let clamp = |v: u32| u16::try_from(v).unwrap_or(u16::MAX);
    let mouse = Mouse {
        button: clamp(button),
        x: clamp(x - 1),
        y: clamp(y - 1),
        release,
    };
    Some(Step::Done(Some(Event::Mouse(mouse)), at))
}

/// A complete `\e[` `params` `fin` sequence as a key, focus change or nothing (`None`: not known).
fn csi_key(params: &str, fin: u8, raw: &[u8]) -> Option<Step> {
    let mut nums = params.split(';');
    let first = nums.next().unwrap_or("");
    let second = nums.next();
    // A missing or unknown modifier parameter is no modifier, as in tmux.
    let mods = || {
        second
            .and_then(|m| m.parse().ok())
            .and_then(Mods::from_xterm_param)
            .unwrap_or(Mods::NONE)
    };
    let code = match fin {
        b'I' | b'O' if params.is_empty() => {
            return Some(Step::Done(Some(Event::Focus(fin == b'I')), raw.len()))
        }
        b'u' => return extended(first, second, raw),
        b'~' if first == "27" => return extended(nums.next()?, second, raw),
        b'~' if params == "201" => return Some(Step::Done(None, raw.len())),
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => KeyCode::BTab,
        b'P'..=b'S' if second.is_some() => KeyCode::F(fin - b'P' + 1),
        b'a'..=b'd' if params.is_empty() => return Some(key(rxvt_arrow(fin), Mods::SHIFT, raw)),
        b'~' | b'^' | b'$' | b'@' => {
            let code = tilde_key(first.parse().ok()?)?;
            let mods = match fin {
                b'~' => mods(),
                _ if second.is_some() => return None,
                b'^' => Mods::CTRL,
                b'$' => Mods::SHIFT,
                _ => Mods::CTRL | Mods::SHIFT,
            };
            return Some(key(code, mods, raw));
        }
        _ => return None,
    };
    Some(key(code, mods(), raw))
}

/// The key of `\e[N~` (xterm and rxvt numbers).
fn tilde_key(n: u8) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        4 | 8 => KeyCode::End,
        2 => KeyCode::IC,
        3 => KeyCode::DC,
        5 => KeyCode::PPage,
        6 => KeyCode::NPage,
        11..=15 => KeyCode::F(n - 10),
        17..=21 => KeyCode::F(n - 11),
        23..=24 => KeyCode::F(n - 12),
        _ => return None,
    })
}

/// An extended key: character `number` with xterm modifier `mods`, Ctrl folded into control
/// characters as tmux does.
fn extended(number: &str, mods: Option<&str>, raw: &[u8]) -> Option<Step> {
    let number: u32 = number.parse().ok()?;
    let mods = mods?
        .parse()
        .ok()
        .and_then(Mods::from_xterm_param)
        .unwrap_or(Mods::NONE);
    let c = char::from_u32(number)?;
    let mut key_code = if c == '\x7f' {
        KeyCode::BSpace
    } else {
        KeyCode::Char(c)
    };
    let mut mods = mods;
    if let (KeyCode::Char(c), true) = (key_code, mods.contains(Mods::CTRL)) {
        let ctrl = match c as u32 {
            n @ 0..=31 if !matches!(n, 9 | 13 | 27) => Some(n),
            n @ 97..=122 => Some(n - 96),
            n @ 64..=95 => Some(n - 64),
            32 => Some(0),
            63 => Some(127),
            _ => None,
        };
        if let Some(n) = ctrl.and_then(char::from_u32) {
            key_code = KeyCode::Char(n);
            mods = mods - Mods::CTRL;
        }
    }
    Some(key(key_code, mods, raw))
}
