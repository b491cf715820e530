//! `m:` (fnmatch(3) or regex), `s/pattern/with/flags:` (tmux's regsub.c) and the POSIX extended regular
//! expressions they use, translated to the `regex` crate's syntax. Compiled regexes are cached per thread,
//! so a status line redrawn every second does not recompile them.

use super::fnmatch::fnmatch;
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
        let class = (c == '[')
            .then(|| p.get(i).copied())
            .flatten()
            .filter(|k| matches!(k, ':' | '.' | '='));
        let lo = if let Some(kind) = class {
            let start = i + 1;
            let end = (start..p.len())
                .find(|&j| p.get(j) == Some(&kind) && p.get(j + 1) == Some(&']'))?;
            let name: String = p.get(start..end)?.iter().collect();
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
        let range = (p.get(i) == Some(&'-'))
            .then(|| p.get(i + 1).copied())
            .flatten()
            .filter(|&h| h != ']');
        if let Some(hi) = range {
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
        let sub = text.get(start..).unwrap_or("");
        let Some(m) = re.captures_read(&mut locs, sub) else {
            buf.push_str(sub);
            break;
        };
        let (so, eo) = (m.start(), m.end());
        buf.push_str(text.get(last..start + so).unwrap_or(""));
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
            let skipped = sub.get(eo..).and_then(|r| r.chars().next());
            start += eo + skipped.map_or(1, char::len_utf8);
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
                    Some((s, e)) if s != e => buf.push_str(sub.get(s..e).unwrap_or("")),
                    _ => buf.push(d),
                }
            }
            Some(other) => buf.push(other),
        }
    }
    true
}
