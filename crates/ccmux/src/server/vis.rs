//! Buffer bytes made readable, as tmux's utf8_strvis with vis(3)'s `VIS_OCTAL|VIS_CSTYLE|VIS_TAB`
//! (and `VIS_NL` for samples): printable UTF-8 characters stay, C escapes for `\n \r \t \b \a \v \f \0`,
//! octal for every other control byte and every byte that is not part of a printable UTF-8 character,
//! `\\` for a backslash and `\$` before a name (`$x`, `${`, `$_`). The result is always valid UTF-8.

use unicode_width::UnicodeWidthChar;

/// How many bytes of a buffer a sample shows (tmux's paste_make_sample).
const SAMPLE_WIDTH: usize = 200;

/// `data` escaped; `newline`: escape newlines too (`\n`), else keep them.
pub fn escape(data: &[u8], newline: bool) -> String {
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        if let Some(c) = printable_char(data.get(i..).unwrap_or_default()) {
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let next = data.get(i + 1).copied();
        if b == b'$' && next.is_some() {
            if next.is_some_and(|n| n.is_ascii_alphabetic() || n == b'_' || n == b'{') {
                out.push('\\');
            }
            out.push('$');
        } else {
            vis(&mut out, b, next.unwrap_or(0), newline);
        }
        i += 1;
    }
    out
}

/// A buffer's sample (`#{buffer_sample}`): its first 200 bytes escaped, newlines too, cut to 200 bytes
/// with `...` when there was more. The cut falls on a character boundary (tmux cuts at byte 200
/// exactly, which can split a character).
pub fn sample(data: &[u8]) -> String {
    let head = data.get(..SAMPLE_WIDTH).unwrap_or(data);
    let mut text = escape(head, true);
    if data.len() > SAMPLE_WIDTH || text.len() > SAMPLE_WIDTH {
        let mut cut = SAMPLE_WIDTH;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("...");
    }
    text
}

/// The multi-byte UTF-8 character `data` starts with, if it is whole, valid and printable (tmux's
/// utf8_open/utf8_append: a lead byte, its continuation bytes, a character with a width).
fn printable_char(data: &[u8]) -> Option<char> {
    let size = match data.first()? {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let c = std::str::from_utf8(data.get(..size)?)
        .ok()?
        .chars()
        .next()?;
    c.width().map(|_| c)
}

/// One byte as vis(3) writes it with `VIS_OCTAL|VIS_CSTYLE|VIS_TAB` (and `VIS_NL`).
fn vis(out: &mut String, b: u8, next: u8, newline: bool) {
    let visible = b.is_ascii_graphic() || b == b' ' || (b == b'\n' && !newline);
    if visible {
        if b == b'\\' {
            out.push('\\');
        }
        out.push(b as char);
        return;
    }
    let cstyle = match b {
        b'\n' => "\\n",
        b'\r' => "\\r",
        0x08 => "\\b",
        0x07 => "\\a",
        0x0b => "\\v",
        b'\t' => "\\t",
        0x0c => "\\f",
        0 if (b'0'..=b'7').contains(&next) => "\\000",
        0 => "\\0",
        _ => "",
    };
    if cstyle.is_empty() {
        out.push_str(&format!("\\{:03o}", b));
    } else {
        out.push_str(cstyle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_tmux_does() {
        // From tmux 3.3a's list-buffers on the same bytes.
        let data = b"a\x001\x00b\rc\x7f\x1b[31m\xc3\xa9\xc3\x28\xe2\x82\xac\xf0\x9f\x98\x80\xc2\x85 \"q\" $x $ ${y} $_ $1\n second\tline\\";
        assert_eq!(
            sample(data),
            "a\\0001\\0b\\rc\\177\\033[31m\u{e9}\\303(\u{20ac}\u{1f600}\\302\\205 \"q\" \\$x $ \\${y} \\$_ $1\\n second\\tline\\\\"
        );
        assert_eq!(escape(b"a\nb$", false), "a\nb$");
        assert_eq!(escape(b"\xff\xe2\x82", false), "\\377\\342\\202");
    }

    #[test]
    fn samples_are_cut_at_200_bytes_on_a_character_boundary() {
        let mut data = vec![b'x'; 199];
        data.extend("é".as_bytes());
        data.extend(b"tail");
        // The é is cut in two by the first 200 bytes: its lead byte is escaped, then cut.
        assert_eq!(sample(&data), format!("{}\\...", "x".repeat(199)));
        assert_eq!(sample(&[1; 60]), format!("{}...", "\\001".repeat(50)));
        let mut wide = vec![b'y'; 198];
        wide.extend("€".as_bytes());
        assert_eq!(sample(&wide), format!("{}\\3...", "y".repeat(198)));
        // Escapes push an é across byte 200 of the sample: it is left out whole.
        let mut shifted = vec![1u8];
        shifted.extend([b'y'; 195]);
        shifted.extend("é".as_bytes());
        assert_eq!(sample(&shifted), format!("\\001{}...", "y".repeat(195)));
        assert_eq!(sample(b""), "");
    }
}
