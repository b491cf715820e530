//! Width, truncation and padding (which know about `#[style]` blocks and `##`, like tmux's
//! format-draw.c), basename/dirname as glibc's, and shell quoting.

use super::modifiers::skip;
use unicode_width::UnicodeWidthChar;

/// Padding beyond this many columns is not added (tmux would allocate whatever is asked).
const MAX_PAD: u64 = 10_000;

/// Display width of a character, or `None` for one tmux does not draw (controls, invalid).
fn cell(c: char) -> Option<u64> {
    if c.is_ascii() {
        (' '..='~').contains(&c).then_some(1)
    } else {
        c.width().map(|w| w as u64)
    }
}

/// A run of `#`s starting at `i`: (count, display width, where to continue). When the run opens a style
/// (`#[` after an even number of escaped `##`), the returned position is the `#` of that `#[`.
fn leading_hashes(b: &[u8], i: usize) -> (usize, u64, usize) {
    let n = b.iter().skip(i).take_while(|&&c| c == b'#').count();
    if b.get(i + n) != Some(&b'[') {
        return (n, n.div_ceil(2) as u64, i + n);
    }
    let width = (n / 2) as u64;
    if n % 2 == 0 {
        (n, width, i + n)
    } else {
        (n, width, i + n - 1)
    }
}

/// The `]` ending a `#[` style at `i`, if it is closed.
fn style_end(s: &str, i: usize) -> Option<usize> {
    skip(s.get(i + 2..)?, b"]").map(|e| i + 2 + e)
}

/// Next character of `s` at byte `i` (a char boundary).
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// Display width of an expanded format, not counting `#[...]` styles and counting `##` as one column.
pub(super) fn width(s: &str) -> u64 {
    let b = s.as_bytes();
    let (mut i, mut width) = (0, 0);
    while let Some(c) = char_at(s, i) {
        if c == '#' {
            let (_, w, end) = leading_hashes(b, i);
            width += w;
            i = end;
            if b.get(i) == Some(&b'#') {
                let Some(e) = style_end(s, i) else {
                    return 0;
                };
                i = e + 1;
            }
        } else {
            width += cell(c).unwrap_or(0);
            i += c.len_utf8();
        }
    }
    width
}

fn push_hashes(out: &mut String, n: usize, w: u64) {
    if n == 1 {
        out.push('#');
    } else {
        out.extend(std::iter::repeat_n('#', 2 * w as usize));
    }
}

/// The first `limit` columns of `s` (`#{=N:...}`), keeping styles.
pub(super) fn trim_left(s: &str, limit: u64) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut width) = (0, 0);
    while let Some(c) = char_at(s, i) {
        if width >= limit {
            break;
        }
        if c == '#' {
            let (n, w, end) = leading_hashes(b, i);
            let w = w.min(limit - width);
            if w != 0 {
                push_hashes(&mut out, n, w);
                width += w;
            }
            i = end;
            if b.get(i) == Some(&b'#') {
                let Some(e) = style_end(s, i) else { break };
                out.push_str(s.get(i..=e).unwrap_or(""));
                i = e + 1;
            }
        } else {
            i += c.len_utf8();
            if let Some(w) = cell(c) {
                if width + w <= limit {
                    out.push(c);
                }
                width += w;
            }
        }
    }
    out
}

/// The last `limit` columns of `s` (`#{=-N:...}`), keeping styles.
pub(super) fn trim_right(s: &str, limit: u64) -> String {
    let total = width(s);
    if total <= limit {
        return s.to_owned();
    }
    let skip_width = total - limit;
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut width) = (0, 0);
    while let Some(c) = char_at(s, i) {
        if c == '#' {
            let (n, w, end) = leading_hashes(b, i);
            let mut copy = w;
            if width <= skip_width {
                copy = copy.saturating_sub(skip_width - width);
            }
            if copy != 0 {
                push_hashes(&mut out, n, copy);
            }
            width += w;
            i = end;
            if b.get(i) == Some(&b'#') {
                let Some(e) = style_end(s, i) else { break };
                out.push_str(s.get(i..=e).unwrap_or(""));
                i = e + 1;
            }
        } else {
            i += c.len_utf8();
            if let Some(w) = cell(c) {
                if width >= skip_width {
                    out.push(c);
                }
                width += w;
            }
        }
    }
    out
}

/// `#{pN:...}`: pads with spaces after (N > 0) or before (N < 0) to |N| columns. Styles are counted as text,
/// as tmux does here.
pub(super) fn pad(s: &str, width: i64) -> String {
    let target = width.unsigned_abs().min(MAX_PAD);
    let have: u64 = s.chars().map(|c| cell(c).unwrap_or(0)).sum();
    if have >= target {
        return s.to_owned();
    }
    let spaces = " ".repeat((target - have) as usize);
    if width > 0 {
        format!("{s}{spaces}")
    } else {
        format!("{spaces}{s}")
    }
}

/// basename(3) as POSIX/glibc (`__xpg_basename`): `""` is `.`, trailing slashes are ignored.
pub(super) fn basename(s: &str) -> &str {
    if s.is_empty() {
        return ".";
    }
    match s.rfind('/') {
        None => s,
        Some(p) if p + 1 < s.len() => s.get(p + 1..).unwrap_or(s),
        Some(_) => {
            let trimmed = s.trim_end_matches('/');
            if trimmed.is_empty() {
                return "/";
            }
            let from = trimmed.rfind('/').map_or(0, |q| q + 1);
            trimmed.get(from..).unwrap_or(trimmed)
        }
    }
}

/// dirname(3) as glibc: `.` when there is no slash, `//` kept as the special case POSIX allows.
pub(super) fn dirname(s: &str) -> &str {
    let b = s.as_bytes();
    let mut last = b.iter().rposition(|&c| c == b'/');
    if let Some(ls) = last {
        if ls != 0 && ls + 1 == b.len() {
            let mut runp = ls;
            while runp != 0 && b.get(runp - 1) == Some(&b'/') {
                runp -= 1;
            }
            if runp != 0 {
                last = b.iter().take(runp).rposition(|&c| c == b'/');
            }
        }
    }
    let Some(ls) = last else {
        return ".";
    };
    let mut runp = ls;
    while runp != 0 && b.get(runp - 1) == Some(&b'/') {
        runp -= 1;
    }
    let end = match runp {
        0 if ls == 1 => 2,
        0 => 1,
        _ => runp,
    };
    s.get(..end).unwrap_or(s)
}

/// `#{q:...}`: a backslash before each character special to sh(1).
pub(super) fn quote_shell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if "|&;<>()$`\\\"'*?[# =%".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
