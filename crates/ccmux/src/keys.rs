//! tmux key names to the bytes a terminal sends for them.

/// The bytes for a key name (`Enter`, `C-c`, `M-x`, `F5`, `Up` ...), or `None` if `name` is not a key
/// name (it is then sent as text). `app_cursor` selects the application cursor-key mode (DECCKM).
pub fn key_bytes(name: &str, app_cursor: bool) -> Option<Vec<u8>> {
    if let Some(rest) = name.strip_prefix("M-") {
        if !rest.is_empty() {
            let mut out = vec![0x1b];
            out.extend(key_bytes(rest, app_cursor).unwrap_or_else(|| rest.as_bytes().to_vec()));
            return Some(out);
        }
    }
    if let Some(rest) = name.strip_prefix("C-").or_else(|| name.strip_prefix("c-")) {
        return ctrl(rest).map(|b| vec![b]);
    }
    if let Some(rest) = name.strip_prefix('^').filter(|r| r.len() == 1) {
        return ctrl(rest).map(|b| vec![b]);
    }
    let cursor = |c: u8| {
        if app_cursor {
            vec![0x1b, b'O', c]
        } else {
            vec![0x1b, b'[', c]
        }
    };
    let bytes: Vec<u8> = match name {
        "Enter" => b"\r".to_vec(),
        "Tab" => b"\t".to_vec(),
        "BTab" => b"\x1b[Z".to_vec(),
        "Escape" => b"\x1b".to_vec(),
        "BSpace" => b"\x7f".to_vec(),
        "Space" => b" ".to_vec(),
        "Up" => cursor(b'A'),
        "Down" => cursor(b'B'),
        "Right" => cursor(b'C'),
        "Left" => cursor(b'D'),
        "Home" => b"\x1b[1~".to_vec(),
        "End" => b"\x1b[4~".to_vec(),
        "IC" | "Insert" => b"\x1b[2~".to_vec(),
        "DC" | "Delete" => b"\x1b[3~".to_vec(),
        "PageUp" | "PgUp" | "PPage" => b"\x1b[5~".to_vec(),
        "PageDown" | "PgDn" | "NPage" => b"\x1b[6~".to_vec(),
        "F1" => b"\x1bOP".to_vec(),
        "F2" => b"\x1bOQ".to_vec(),
        "F3" => b"\x1bOR".to_vec(),
        "F4" => b"\x1bOS".to_vec(),
        "F5" => b"\x1b[15~".to_vec(),
        "F6" => b"\x1b[17~".to_vec(),
        "F7" => b"\x1b[18~".to_vec(),
        "F8" => b"\x1b[19~".to_vec(),
        "F9" => b"\x1b[20~".to_vec(),
        "F10" => b"\x1b[21~".to_vec(),
        "F11" => b"\x1b[23~".to_vec(),
        "F12" => b"\x1b[24~".to_vec(),
        _ => return None,
    };
    Some(bytes)
}

fn ctrl(key: &str) -> Option<u8> {
    match key {
        "Space" | "@" => Some(0),
        "[" => Some(0x1b),
        "\\" => Some(0x1c),
        "]" => Some(0x1d),
        "^" => Some(0x1e),
        "_" => Some(0x1f),
        "?" => Some(0x7f),
        k if k.len() == 1 && k.as_bytes()[0].is_ascii_alphabetic() => {
            Some(k.as_bytes()[0].to_ascii_lowercase() - b'a' + 1)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::key_bytes;

    #[test]
    fn names_map_to_bytes() {
        assert_eq!(key_bytes("Enter", false), Some(b"\r".to_vec()));
        assert_eq!(key_bytes("C-c", false), Some(vec![3]));
        assert_eq!(key_bytes("C-A", false), Some(vec![1]));
        assert_eq!(key_bytes("C-z", false), Some(vec![26]));
        assert_eq!(key_bytes("M-x", false), Some(b"\x1bx".to_vec()));
        assert_eq!(key_bytes("M-Enter", false), Some(b"\x1b\r".to_vec()));
        assert_eq!(key_bytes("Up", false), Some(b"\x1b[A".to_vec()));
        assert_eq!(key_bytes("Up", true), Some(b"\x1bOA".to_vec()));
        assert_eq!(key_bytes("F12", false), Some(b"\x1b[24~".to_vec()));
        assert_eq!(key_bytes("BSpace", false), Some(vec![0x7f]));
        assert_eq!(key_bytes("hello", false), None);
        assert_eq!(key_bytes("C-", false), None);
    }
}
