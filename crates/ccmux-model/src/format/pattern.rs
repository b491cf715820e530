//! `m:` (fnmatch(3) or regex), `s/pattern/with/flags:` (tmux's regsub.c) and the POSIX extended regular
//! expressions they use, translated to the `regex` crate's syntax. Compiled regexes are cached per thread,
//! so a status line redrawn every second does not recompile them.

use regex::{CaptureLocations, Regex, RegexBuilder};
use std::cell::RefCell;

const CACHE_SIZE: usize = 32;

thread_local! {
    static CACHE: RefCell<Vec<(String, bool, Option<Regex>)>> = const { RefCell::new(Vec::new()) };
}

/// `#{m:pattern,text}` and its `/r` (regex) and `/i` (ignore case) flags.
pub(super) fn matches(pattern: &str, text: &str, regex: bool, icase: bool) -> bool {
    if regex {
        compile(pattern, icase).is_some_and(|re| re.is_match(text))
    } else {
        fnmatch(pattern, text, icase)
    }
}

/// A POSIX extended regular expression, compiled (and cached); `None` if it is invalid or uses what the
/// `regex` crate lacks (back-references).
fn compile(pattern: &str, icase: bool) -> Option<Regex> {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, _, re)) = cache.iter().find(|(p, i, _)| *i == icase && p == pattern) {
            return re.clone();
        }
        let re = translate(pattern).and_then(|rust| {
            RegexBuilder::new(&rust)
                .case_insensitive(icase)
                .dot_matches_new_line(true)
                .build()
                .ok()
        });
        if cache.len() >= CACHE_SIZE {
            cache.remove(0);
        }
        cache.push((pattern.to_owned(), icase, re.clone()));
        re
    })
}

/// Appends `c` to a regex as a literal.
fn literal(out: &mut String, c: char) {
    let mut buf = [0; 4];
    out.push_str(&regex::escape(c.encode_utf8(&mut buf)));
}

/// Translates POSIX ERE (as glibc's regcomp reads it) to `regex` syntax.
fn translate(pattern: &str) -> Option<String> {
    let p: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&c) = p.get(i) {
        i += 1;
        match c {
            '\\' => {
                let e = *p.get(i)?;
                i += 1;
                match e {
                    'w' | 'W' | 's' | 'S' | 'b' | 'B' => {
                        out.push('\\');
                        out.push(e);
                    }
                    '<' => out.push_str(r"\b{start}"),
                    '>' => out.push_str(r"\b{end}"),
                    '`' => out.push_str(r"\A"),
                    '\'' => out.push_str(r"\z"),
                    '1'..='9' => return None,
                    _ => literal(&mut out, e),
                }
            }
            '[' => i = bracket(&p, i, &mut out)?,
            '(' => {
                if p.get(i) == Some(&'?') {
                    return None;
                }
                depth += 1;
                out.push('(');
            }
            ')' if depth == 0 => out.push_str(r"\)"),
            ')' => {
                depth -= 1;
                out.push(')');
            }
            '{' if p.get(i) == Some(&',') => out.push_str("{0"),
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Translates the bracket expression whose content starts at `p[i]`; returns the index after its `]`.
fn bracket(p: &[char], mut i: usize, out: &mut String) -> Option<usize> {
    out.push('[');
    if p.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let c = *p.get(i)?;
        i += 1;
        if c == ']' && !first {
            break;
        }
        first = false;
        let lo = if c == '[' && matches!(p.get(i), Some(':' | '.' | '=')) {
            let kind = p[i];
            let start = i + 1;
            let end = (start..p.len()).find(|&j| p[j] == kind && p.get(j + 1) == Some(&']'))?;
            let name: String = p[start..end].iter().collect();
            i = end + 2;
            if kind == ':' {
                out.push_str("[:");
                out.push_str(&name);
                out.push_str(":]");
                continue;
            }
            let mut chars = name.chars();
            match (chars.next(), chars.next()) {
                (Some(one), None) => one,
                _ => return None,
            }
        } else {
            c
        };
        if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&h| h != ']') {
            let hi = p[i + 1];
            i += 2;
            literal(out, lo);
            out.push('-');
            literal(out, hi);
        } else {
            literal(out, lo);
        }
    }
    out.push(']');
    Some(i)
}

/// regsub(3) as tmux's regsub.c: replaces every match of `pattern` in `text` with `with`, where `\0`-`\9`
/// insert a group. `None` if the pattern does not compile (the value is then left alone).
pub(super) fn regsub(pattern: &str, with: &str, text: &str, icase: bool) -> Option<String> {
    if text.is_empty() {
        return Some(String::new());
    }
    let re = compile(pattern, icase)?;
    let mut locs = re.capture_locations();
    let mut buf = String::with_capacity(text.len());
    let (mut start, mut last, end) = (0, 0, text.len());
    let mut empty = false;
    while start <= end {
        // Like tmux, match the rest of the text as a string of its own (so `^` and `\b` match there).
        let sub = &text[start..];
        let Some(m) = re.captures_read(&mut locs, sub) else {
            buf.push_str(sub);
            break;
        };
        let (so, eo) = (m.start(), m.end());
        buf.push_str(&text[last..start + so]);
        if empty || start + so != last || so != eo {
            if !substitute(&mut buf, with, sub, &locs) {
                return Some(buf);
            }
            last = start + eo;
            start += eo;
            empty = false;
        } else {
            // An empty match right after the last one: move on one character (tmux: one byte).
            last = start + eo;
            start += eo + sub[eo..].chars().next().map_or(1, char::len_utf8);
            empty = true;
        }
        if pattern.starts_with('^') {
            buf.push_str(text.get(start..).unwrap_or(""));
            break;
        }
    }
    Some(buf)
}

/// Appends `with` for one match. A trailing lone backslash makes tmux write a NUL, which ends the whole
/// string: returns false then.
fn substitute(buf: &mut String, with: &str, sub: &str, locs: &CaptureLocations) -> bool {
    let mut chars = with.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            buf.push(c);
            continue;
        }
        match chars.next() {
            None => return false,
            Some(d @ '0'..='9') => {
                let group = d as usize - '0' as usize;
                match locs.get(group) {
                    Some((s, e)) if s != e => buf.push_str(&sub[s..e]),
                    _ => buf.push(d),
                }
            }
            Some(other) => buf.push(other),
        }
    }
    true
}

/// fnmatch(3) with no flags but `FNM_CASEFOLD` (so `*` and `?` match `/` and a leading `.`), as glibc.
pub(super) fn fnmatch(pattern: &str, text: &str, icase: bool) -> bool {
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
            let end = (start..p.len()).find(|&j| p[j] == ':' && p.get(j + 1) == Some(&']'));
            let name: Option<String> = end.map(|e| p[start..e].iter().collect());
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
                Some('[') if p.get(i + 1) == Some(&':') => {
                    match (i + 2..p.len()).find(|&j| p[j] == ':' && p.get(j + 1) == Some(&']')) {
                        Some(e) => i = e + 2,
                        None => i += 1,
                    }
                }
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
