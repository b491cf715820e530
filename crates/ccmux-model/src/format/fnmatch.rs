//! fnmatch(3) as glibc implements it, for `#{m:pattern,text}`. Written here rather than taken from a
//! crate: the glob crates differ from glibc on exactly the corners tmux users hit (`[^...]`, an
//! unterminated `[`, a trailing backslash, `[:class:]` names).

/// fnmatch(3) with no flags but `FNM_CASEFOLD` (so `*` and `?` match `/` and a leading `.`), as glibc.
pub(crate) fn fnmatch(pattern: &str, text: &str, icase: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let fold = |c: char| {
        if icase {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        }
    };
    let (mut pi, mut ti) = (0, 0);
    // After a `*`: where the pattern resumes and the text position it was last tried at.
    let mut star: Option<(usize, usize)> = None;
    loop {
        let step = match (p.get(pi), t.get(ti)) {
            (Some('*'), _) => {
                pi += 1;
                star = Some((pi, ti));
                continue;
            }
            (None, None) => return true,
            (None, Some(_)) | (Some(_), None) => None,
            (Some('?'), Some(_)) => Some(pi + 1),
            (Some('['), Some(&tc)) => match bracket_match(&p, pi + 1, tc, icase) {
                Bracket::Match(next) => Some(next),
                Bracket::NoMatch => None,
                Bracket::Literal => (fold(tc) == '[').then_some(pi + 1),
            },
            (Some('\\'), Some(&tc)) => match p.get(pi + 1) {
                Some(&e) if fold(e) == fold(tc) => Some(pi + 2),
                _ => None,
            },
            (Some(&pc), Some(&tc)) => (fold(pc) == fold(tc)).then_some(pi + 1),
        };
        match step {
            Some(next) => {
                pi = next;
                ti += 1;
            }
            None => match star {
                Some((sp, st)) if st < t.len() => {
                    star = Some((sp, st + 1));
                    pi = sp;
                    ti = st + 1;
                }
                _ => return false,
            },
        }
    }
}

enum Bracket {
    /// Matched; the pattern goes on at this index.
    Match(usize),
    NoMatch,
    /// Unterminated: the `[` is an ordinary character.
    Literal,
}

fn class_matches(name: &str, c: char) -> Option<bool> {
    Some(match name {
        "alnum" => c.is_alphanumeric(),
        "alpha" => c.is_alphabetic(),
        "blank" => c == ' ' || c == '\t',
        "cntrl" => c.is_control(),
        "digit" => c.is_ascii_digit(),
        "graph" => !c.is_control() && !c.is_whitespace(),
        "lower" => c.is_lowercase(),
        "print" => !c.is_control(),
        "punct" => c.is_ascii_punctuation(),
        "space" => c.is_whitespace(),
        "upper" => c.is_uppercase(),
        "xdigit" => c.is_ascii_hexdigit(),
        _ => return None,
    })
}

/// A `[...]` of fnmatch whose content starts at `p[i]`, against the text character `tc` (glibc's rules:
/// `!` or `^` negates, a leading `]` is literal, `\` escapes, `[:class:]`, ranges).
fn bracket_match(p: &[char], mut i: usize, tc: char, icase: bool) -> Bracket {
    let fold = |c: char| {
        if icase {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        }
    };
    let fc = fold(tc);
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut c = p.get(i).copied();
    i += 1;
    loop {
        let Some(ch) = c else {
            return Bracket::Literal;
        };
        if ch == '[' && p.get(i) == Some(&':') {
            let start = i + 1;
            let end = class_end(p, start);
            let name: Option<String> = end.map(|e| p.iter().take(e).skip(start).collect());
            match name {
                Some(name) if name.chars().all(|n| n.is_ascii_lowercase()) => {
                    let Some(hit) = class_matches(&name, tc) else {
                        return Bracket::NoMatch;
                    };
                    i = end.unwrap_or(start) + 2;
                    if hit {
                        matched = true;
                        break;
                    }
                    c = p.get(i).copied();
                    i += 1;
                    if c == Some(']') {
                        break;
                    }
                    continue;
                }
                // Not a class name: an ordinary `[`.
                _ => {}
            }
        }
        let lo = if ch == '\\' {
            let Some(&e) = p.get(i) else {
                return Bracket::NoMatch;
            };
            i += 1;
            fold(e)
        } else {
            fold(ch)
        };
        let is_range = p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&h| h != ']');
        if !is_range && lo == fc {
            matched = true;
            break;
        }
        c = p.get(i).copied();
        i += 1;
        if c == Some('-') && p.get(i) != Some(&']') {
            let Some(mut hi) = p.get(i).copied() else {
                return Bracket::NoMatch;
            };
            i += 1;
            if hi == '\\' {
                let Some(&e) = p.get(i) else {
                    return Bracket::NoMatch;
                };
                hi = e;
                i += 1;
            }
            if lo <= fc && fc <= fold(hi) {
                matched = true;
                break;
            }
            c = p.get(i).copied();
            i += 1;
        }
        if c == Some(']') {
            break;
        }
    }
    if matched {
        // Skip the rest of the expression; unterminated loses.
        loop {
            match p.get(i) {
                None => return Bracket::NoMatch,
                Some(']') => {
                    i += 1;
                    break;
                }
                Some('\\') => i += 2,
                Some('[') if p.get(i + 1) == Some(&':') => match class_end(p, i + 2) {
                    Some(e) => i = e + 2,
                    None => i += 1,
                },
                Some(_) => i += 1,
            }
        }
    }
    if matched != negate {
        Bracket::Match(i)
    } else {
        Bracket::NoMatch
    }
}

/// Where the `:]` closing a `[:class:]` whose name starts at `p[start]` is.
fn class_end(p: &[char], start: usize) -> Option<usize> {
    (start..p.len()).find(|&j| p.get(j) == Some(&':') && p.get(j + 1) == Some(&']'))
}
