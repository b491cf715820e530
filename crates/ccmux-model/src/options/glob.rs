//! `fnmatch(3)` with no flags, for the patterns option values must match (`default-size` is
//! `[0-9]*x[0-9]*`): `*`, `?`, bracket expressions with ranges and `!`/`^`, and `\` escapes.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

/// Whether `text` matches the glob `pattern`.
pub fn fnmatch(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    matches(&p, &t)
}

fn matches(p: &[char], t: &[char]) -> bool {
    let Some((&first, rest)) = p.split_first() else {
        return t.is_empty();
    };
    let next = t.split_first();
    // The text after its first character matches `p`, if that character is `want`.
    let one = |want: Option<char>, p: &[char]| {
        next.is_some_and(|(&c, t_rest)| want.is_none_or(|w| w == c) && matches(p, t_rest))
    };
    match first {
        '*' => (0..=t.len()).any(|skip| t.get(skip..).is_some_and(|t| matches(rest, t))),
        '?' => one(None, rest),
        '[' => match bracket(rest, t.first().copied()) {
            Some((true, after)) => one(None, after),
            Some(_) => false,
            // An unclosed `[` is an ordinary character.
            None => one(Some('['), rest),
        },
        '\\' => match rest.split_first() {
            Some((&escaped, after)) => one(Some(escaped), after),
            None => one(Some('\\'), rest),
        },
        c => one(Some(c), rest),
    }
}

/// A bracket expression whose text (after `[`) starts `p`: whether `c` is in it, and the pattern
/// after the closing `]`; `None` if it never closes.
fn bracket(p: &[char], c: Option<char>) -> Option<(bool, &[char])> {
    let (negate, mut i) = match p.first() {
        Some('!' | '^') => (true, 1),
        _ => (false, 0),
    };
    let mut found = false;
    let mut first = true;
    loop {
        let lo = *p.get(i)?;
        if lo == ']' && !first {
            break;
        }
        first = false;
        let range = (p.get(i + 1) == Some(&'-'))
            .then(|| p.get(i + 2).copied())
            .flatten()
            .filter(|&hi| hi != ']');
        if let Some(hi) = range {
            found |= c.is_some_and(|c| lo <= c && c <= hi);
            i += 3;
        } else {
            found |= c == Some(lo);
            i += 1;
        }
    }
    Some((found != negate, p.get(i + 1..).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::fnmatch;

    #[test]
    fn default_size_pattern() {
        // `set -g default-size VALUE` in tmux 3.3a: accepted or `value is invalid: VALUE`.
        let p = "[0-9]*x[0-9]*";
        for ok in ["80x24", "1x1", "1abcx5", "10x5y", "0xx0"] {
            assert!(fnmatch(p, ok), "{ok}");
        }
        for bad in ["10", "1abcx", "x24", "", "10x", "é1x1"] {
            assert!(!fnmatch(p, bad), "{bad}");
        }
    }

    #[test]
    fn glob_features() {
        assert!(fnmatch("a?c", "abc"));
        assert!(fnmatch("[!a]b", "xb"));
        assert!(!fnmatch("[!a]b", "ab"));
        assert!(fnmatch("[]]", "]"));
        assert!(fnmatch("\\*", "*"));
        assert!(!fnmatch("\\*", "a"));
        assert!(fnmatch("[a", "[a"));
        assert!(fnmatch("*é", "aé"));
    }
}
