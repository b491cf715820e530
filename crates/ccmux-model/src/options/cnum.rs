//! The C library number parsers tmux relies on, reproduced so that edge cases (leading blanks, signs,
//! overflow) are accepted or rejected exactly as tmux does.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

/// Why [`strtonum`] rejected a string: the words tmux puts in `value is ...: VALUE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumError {
    Invalid,
    TooSmall,
    TooLarge,
}

impl NumError {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NumError::Invalid => "invalid",
            NumError::TooSmall => "too small",
            NumError::TooLarge => "too large",
        }
    }
}

/// C `isspace` in the C locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// C `strtol`/`strtoll` in base 10: skips leading blanks, takes an optional sign and the digits that
/// follow. Returns the value (saturated at the `i64` limits, as strtoll does on overflow) and the
/// unparsed rest, or `None` when there are no digits (the C function's `endptr == nptr`).
pub(crate) fn strtoll(s: &str) -> Option<(i64, &str)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while bytes.get(i).copied().is_some_and(is_c_space) {
        i += 1;
    }
    let negative = match bytes.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let start = i;
    let mut magnitude: i128 = 0;
    while let Some(d) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
        magnitude = (magnitude * 10 + i128::from(d - b'0')).min(i128::from(u64::MAX));
        i += 1;
    }
    if i == start {
        return None;
    }
    let value = if negative { -magnitude } else { magnitude };
    let value = value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    // Every byte consumed is ASCII, so `i` is a char boundary.
    Some((value, s.get(i..)?))
}

/// OpenBSD `strtonum`: the whole string must be one decimal number between `min` and `max`.
pub(crate) fn strtonum(s: &str, min: i64, max: i64) -> Result<i64, NumError> {
    match strtoll(s) {
        Some((v, "")) if v < min => Err(NumError::TooSmall),
        Some((v, "")) if v > max => Err(NumError::TooLarge),
        Some((v, "")) => Ok(v),
        _ => Err(NumError::Invalid),
    }
}

/// glibc `atoi` (`(int)strtol(s, NULL, 10)`): leading number or 0, truncated to 32 bits.
pub(crate) fn atoi(s: &str) -> i32 {
    strtoll(s).map_or(0, |(v, _)| v as i32)
}

/// glibc `sscanf("%d")`: the leading number, truncated to 32 bits, if there is one.
pub(crate) fn scan_int(s: &str) -> Option<i32> {
    strtoll(s).map(|(v, _)| v as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtonum_is_openbsd_strtonum() {
        assert_eq!(strtonum(" 5", 0, 10), Ok(5));
        assert_eq!(strtonum("+6", 0, 10), Ok(6));
        assert_eq!(strtonum("-0", 0, 10), Ok(0));
        assert_eq!(strtonum("7 ", 0, 10), Err(NumError::Invalid));
        assert_eq!(strtonum("", 0, 10), Err(NumError::Invalid));
        assert_eq!(strtonum("-", 0, 10), Err(NumError::Invalid));
        assert_eq!(strtonum("0x10", 0, 100), Err(NumError::Invalid));
        assert_eq!(strtonum("-1", 0, 10), Err(NumError::TooSmall));
        assert_eq!(strtonum("11", 0, 10), Err(NumError::TooLarge));
        assert_eq!(
            strtonum("99999999999999999999999", 0, 10),
            Err(NumError::TooLarge)
        );
        assert_eq!(
            strtonum("-99999999999999999999999", 0, 10),
            Err(NumError::TooSmall)
        );
        assert_eq!(strtonum("5é", 0, 10), Err(NumError::Invalid));
    }

    #[test]
    fn atoi_and_scan_truncate_like_glibc() {
        assert_eq!(atoi("50abc"), 50);
        assert_eq!(atoi("x"), 0);
        assert_eq!(atoi("99999999999"), 1_215_752_191);
        assert_eq!(atoi("99999999999999999999"), -1);
        assert_eq!(scan_int("4294967295"), Some(-1));
        assert_eq!(scan_int("+2]"), Some(2));
        assert_eq!(scan_int("x"), None);
    }
}
