//! `fnmatch(3)` with no flags, for the patterns option values must match (`default-size` is
//! `[0-9]*x[0-9]*`): `*`, `?`, bracket expressions with ranges and `!`/`^`, and `\` escapes.

/// Whether `text` matches the glob `pattern`.
pub(crate) fn fnmatch(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    matches(&p, &t)
}

fn matches(p: &[char], t: &[char]) -> bool {
    let Some((&first, rest)) = p.split_first() else {
        return t.is_empty();
    };
    match first {
        '*' => (0..=t.len()).any(|skip| matches(rest, &t[skip..])),
        '?' => !t.is_empty() && matches(rest, &t[1..]),
        '[' => match (bracket(rest, t.first().copied()), t.split_first()) {
            (Some((true, after)), Some((_, t_rest))) => matches(after, t_rest),
            (Some(_), _) => false,
            // An unclosed `[` is an ordinary character.
            (None, _) => t.first() == Some(&'[') && matches(rest, &t[1..]),
        },
        '\\' if !rest.is_empty() => t.first() == Some(&rest[0]) && matches(&rest[1..], &t[1..]),
        c => t.first() == Some(&c) && matches(rest, &t[1..]),
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
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|&hi| hi != ']') {
            let hi = p[i + 2];
            found |= c.is_some_and(|c| lo <= c && c <= hi);
            i += 3;
        } else {
            found |= c == Some(lo);
            i += 1;
        }
    }
    Some((found != negate, &p[i + 1..]))
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
