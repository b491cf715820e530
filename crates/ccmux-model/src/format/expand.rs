//! The expansion loop (`format_expand1`) and the replacement of one `#{...}` (`format_replace`).

use super::modifiers::{self, skip, split_around, Modifier};
use super::{colour, expr, pattern, text, time, FormatContext, LoopItem};

/// tmux's `FORMAT_LOOP_LIMIT`: nesting deeper than this expands to nothing (stops `#{E:...}` recursion).
const LOOP_LIMIT: u32 = 100;
/// strftime(3) output longer than this makes tmux expand the format to nothing.
const STRFTIME_LIMIT: usize = 8191;

/// A `#{...}` that tmux cannot expand: the rest of the format is dropped.
struct Fail;

/// What tmux's `format_expand_state` carries: the context, the flags and the nesting depth.
#[derive(Clone, Copy)]
pub(super) struct Expander<'c> {
    ctx: &'c dyn FormatContext,
    /// Pass each format through strftime first (`FORMAT_EXPAND_TIME`).
    time: bool,
    /// `#()` expands to nothing (inside a `#()` command and its output).
    no_jobs: bool,
    depth: u32,
    now: Option<i64>,
}

/// Modifier flags that change how the value is found or post-processed.
#[derive(Default)]
struct Flags {
    literal: bool,
    character: bool,
    colour: bool,
    basename: bool,
    dirname: bool,
    length: bool,
    width: bool,
    time_string: bool,
    pretty: bool,
    quote_shell: bool,
    quote_style: bool,
    expand: bool,
    expand_time: bool,
    sessions: bool,
    windows: bool,
    panes: bool,
    window_name: bool,
    session_name: bool,
}

impl<'c> Expander<'c> {
    pub fn new(ctx: &'c dyn FormatContext, time: bool) -> Self {
        Expander {
            ctx,
            time,
            no_jobs: false,
            depth: 0,
            now: None,
        }
    }

    pub fn expand(&mut self, fmt: &str) -> String {
        if fmt.is_empty() {
            return String::new();
        }
        if self.depth >= LOOP_LIMIT {
            return String::new();
        }
        self.depth += 1;
        let out = self.expand_inner(fmt);
        self.depth -= 1;
        out
    }

    fn now(&mut self) -> i64 {
        let ctx = self.ctx;
        *self.now.get_or_insert_with(|| ctx.now())
    }

    fn expand_inner(&mut self, fmt: &str) -> String {
        let timed;
        let mut rest = fmt;
        if self.time && fmt.contains('%') {
            let now = self.now();
            timed = self.ctx.strftime(fmt, now);
            if timed.len() > STRFTIME_LIMIT {
                return String::new();
            }
            rest = &timed;
        }
        let mut out = String::with_capacity(rest.len());
        while let Some(i) = rest.find('#') {
            let (before, after) = split_around(rest, i);
            out.push_str(before);
            let mut chars = after.chars();
            let Some(ch) = chars.next() else {
                out.push('#');
                return out;
            };
            let tail = chars.as_str();
            match ch {
                '(' => {
                    let Some(end) = closing_paren(tail) else {
                        return out;
                    };
                    let (command, next) = split_around(tail, end);
                    out.push_str(&self.job(command));
                    rest = next;
                }
                '{' => {
                    // `after` is `{...`: the `}` found by skipping from its `#` closes this `#{`.
                    let Some(end) = skip(rest.get(i..).unwrap_or(""), b"}") else {
                        return out;
                    };
                    let (inside, next) = split_around(after, end - 1);
                    match self.replace(inside.get(1..).unwrap_or("")) {
                        Ok(value) => out.push_str(&value),
                        Err(Fail) => return out,
                    }
                    rest = next;
                }
                '#' => {
                    // `##[` (two or more #s then `[`) is a style left for the status-line drawer.
                    let unhashed = tail.trim_start_matches('#');
                    if let Some(style) = unhashed.strip_prefix('[') {
                        // `#`, `#`, the other `#`s and `[`: all one byte each.
                        let hashes = tail.len() - unhashed.len();
                        out.push_str(rest.get(i..i + 2 + hashes + 1).unwrap_or(""));
                        rest = style;
                    } else {
                        out.push('#');
                        rest = tail;
                    }
                }
                '}' | ',' => {
                    out.push(ch);
                    rest = tail;
                }
                _ => {
                    match alias(ch) {
                        Some(name) => match self.replace(name) {
                            Ok(value) => out.push_str(&value),
                            Err(Fail) => return out,
                        },
                        None => {
                            out.push('#');
                            out.push(ch);
                        }
                    }
                    rest = tail;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// `#(command)`: expanded without strftime and without nested jobs, run by the context, and its output
    /// expanded the same way.
    fn job(&mut self, command: &str) -> String {
        if self.no_jobs {
            return String::new();
        }
        let mut next = Expander {
            time: false,
            no_jobs: true,
            ..*self
        };
        let expanded = next.expand(command);
        match self.ctx.shell(command, &expanded) {
            Some(output) => next.expand(&output),
            None => String::new(),
        }
    }

    /// Expands one `#{key}` (the part between the braces).
    fn replace(&mut self, key: &str) -> Result<String, Fail> {
        let (list, copy) = match modifiers::parse(key, &mut |s| self.expand(s)) {
            Some(parsed) => parsed,
            None => (Vec::new(), key),
        };
        let mut f = Flags::default();
        let (mut cmp, mut search, mut mexp): (Option<&Modifier>, _, _) = (None, None, None);
        let mut subs = Vec::new();
        let (mut limit, mut width, mut marker, mut time_format) = (0i64, 0i64, None, None);
        for m in &list {
            match m.name {
                "m" | "<" | ">" | "||" | "&&" | "==" | "!=" | "<=" | ">=" => cmp = Some(m),
                "C" => search = Some(m),
                "s" if m.args.len() >= 2 => subs.push(m),
                "=" if !m.args.is_empty() => {
                    limit = first_number(m);
                    if let Some(mk) = m.args.get(1) {
                        marker = Some(mk.as_str());
                    }
                }
                "p" if !m.args.is_empty() => {
                    width = first_number(m);
                }
                "w" => f.width = true,
                "e" if (1..=3).contains(&m.args.len()) => mexp = Some(m),
                "l" => f.literal = true,
                "a" => f.character = true,
                "b" => f.basename = true,
                "c" => f.colour = true,
                "d" => f.dirname = true,
                "n" => f.length = true,
                "t" => {
                    f.time_string = true;
                    if m.flag('p') {
                        f.pretty = true;
                    } else if let Some(fmt) = m.args.get(1).filter(|_| m.flag('f')) {
                        time_format = Some(modifiers::strip(fmt));
                    }
                }
                "q" => {
                    if m.args.is_empty() {
                        f.quote_shell = true;
                    } else if m.flag('e') || m.flag('h') {
                        f.quote_style = true;
                    }
                }
                "E" => f.expand = true,
                "T" => f.expand_time = true,
                "N" => {
                    if m.args.is_empty() || m.flag('w') {
                        f.window_name = true;
                    } else if m.flag('s') {
                        f.session_name = true;
                    }
                }
                "S" => f.sessions = true,
                "W" => f.windows = true,
                "P" => f.panes = true,
                _ => {}
            }
        }
        let time_format = time_format.as_deref();

        let mut value = if f.literal {
            copy.to_owned()
        } else if f.character {
            let n = expr::strtonum(&self.expand(copy), 32, 126);
            n.and_then(|n| char::from_u32(n as u32))
                .map(String::from)
                .unwrap_or_default()
        } else if f.colour {
            colour::to_hex(&self.expand(copy)).unwrap_or_default()
        } else if f.sessions {
            self.each(self.ctx.sessions(), copy, false)
        } else if f.windows {
            let items = self.ctx.windows().ok_or(Fail)?;
            self.each(items, copy, true)
        } else if f.panes {
            let items = self.ctx.panes().ok_or(Fail)?;
            self.each(items, copy, true)
        } else if f.window_name {
            let name = self.expand(copy);
            let found = self.ctx.has_window(&name).ok_or(Fail)?;
            bool_str(found)
        } else if f.session_name {
            let name = self.expand(copy);
            bool_str(self.ctx.has_session(&name))
        } else if let Some(m) = search {
            let pat = self.expand(copy);
            let line = self.ctx.search_pane(&pat, m.flag('r'), m.flag('i'));
            line.unwrap_or(0).to_string()
        } else if let Some(m) = cmp {
            let (left, right) = self.choose(copy).ok_or(Fail)?;
            compare(m, &left, &right)
        } else if let Some(cond) = copy.strip_prefix('?') {
            let comma = skip(cond, b",").ok_or(Fail)?;
            let (condition, branches) = split_around(cond, comma);
            let found = match self.find(condition, &f, time_format) {
                Some(v) => v,
                None => {
                    // Not a variable: expand it; if that changes nothing, it is false.
                    let v = self.expand(condition);
                    if v == condition {
                        String::new()
                    } else {
                        v
                    }
                }
            };
            let split = skip(branches, b",").ok_or(Fail)?;
            let (yes, no) = split_around(branches, split);
            self.expand(if is_true(&found) { yes } else { no })
        } else if let Some(m) = mexp {
            self.expression(m, copy).unwrap_or_default()
        } else if copy.contains("#{") {
            self.expand(copy)
        } else {
            self.find(copy, &f, time_format).unwrap_or_default()
        };

        // Expand again if required.
        if f.expand {
            value = self.expand(&value);
        } else if f.expand_time {
            value = Expander {
                time: true,
                ..*self
            }
            .expand(&value);
        }
        for m in subs {
            let [pat, with, ..] = m.args.as_slice() else {
                continue;
            };
            let pat = self.expand(pat);
            let with = self.expand(with);
            let icase = m.args.get(2).is_some_and(|a| a.contains('i'));
            if let Some(v) = pattern::regsub(&pat, &with, &value, icase) {
                value = v;
            }
        }
        if limit != 0 {
            let trimmed = if limit > 0 {
                text::trim_left(&value, limit.unsigned_abs())
            } else {
                text::trim_right(&value, limit.unsigned_abs())
            };
            value = match marker {
                Some(mk) if trimmed != value && limit > 0 => trimmed + mk,
                Some(mk) if trimmed != value => format!("{mk}{trimmed}"),
                _ => trimmed,
            };
        }
        if width != 0 {
            value = text::pad(&value, width);
        }
        if f.length {
            value = value.len().to_string();
        }
        if f.width {
            value = text::width(&value).to_string();
        }
        Ok(value)
    }

    /// `format_find`: a variable, with the `t:`, `b:`, `d:` and `q:` modifiers applied.
    fn find(&mut self, key: &str, f: &Flags, time_format: Option<&str>) -> Option<String> {
        let mut found = self.ctx.var(key)?;
        if f.time_string {
            let t = expr::strtonum(&found, 0, i64::MAX).unwrap_or(0);
            if t == 0 {
                return None;
            }
            return Some(if f.pretty {
                let now = self.now();
                time::pretty(self.ctx, t, now)
            } else if let Some(tf) = time_format {
                self.ctx.strftime(tf, t)
            } else {
                time::ctime(self.ctx, t)
            });
        }
        if f.basename {
            found = text::basename(&found).to_owned();
        }
        if f.dirname {
            found = text::dirname(&found).to_owned();
        }
        if f.quote_shell {
            found = text::quote_shell(&found);
        }
        if f.quote_style {
            found = found.replace('#', "##");
        }
        Some(found)
    }

    /// `format_choose` with expansion: the two comma-separated halves of `s`, each expanded.
    fn choose(&mut self, s: &str) -> Option<(String, String)> {
        let comma = skip(s, b",")?;
        let (left, right) = split_around(s, comma);
        Some((self.expand(left), self.expand(right)))
    }

    /// The `S:`/`W:`/`P:` loops: `fmt` for each item, or its second half for the current window/pane.
    fn each(&mut self, items: Vec<LoopItem<'_>>, fmt: &str, has_current: bool) -> String {
        let (all, current) = match skip(fmt, b",").filter(|_| has_current) {
            Some(comma) => {
                let (all, current) = split_around(fmt, comma);
                (all, Some(current))
            }
            None => (fmt, None),
        };
        let mut out = String::new();
        for item in &items {
            let use_fmt = match current {
                Some(c) if item.current => c,
                _ => all,
            };
            let mut child = Expander {
                ctx: item.ctx.as_ref(),
                time: self.time,
                no_jobs: self.no_jobs,
                depth: self.depth,
                now: self.now,
            };
            out.push_str(&child.expand(use_fmt));
        }
        out
    }

    /// `e|op|flags|precision:left,right`.
    fn expression(&mut self, m: &Modifier, copy: &str) -> Option<String> {
        let op = expr::Op::parse(m.args.first()?)?;
        let float = m.args.get(1).is_some_and(|a| a.contains('f'));
        let mut precision = if float { 2 } else { 0 };
        if let Some(p) = m.args.get(2) {
            precision = expr::strtonum(p, i32::MIN.into(), i32::MAX.into())?;
        }
        let (left, right) = self.choose(copy)?;
        let left = expr::strtod(&left)?;
        let right = expr::strtod(&right)?;
        Some(expr::evaluate(op, left, right, float, precision))
    }
}

/// The first argument of `=N` or `pN` as a number (0 when it is not one).
fn first_number(m: &Modifier) -> i64 {
    m.args
        .first()
        .and_then(|a| expr::strtonum(a, i32::MIN.into(), i32::MAX.into()))
        .unwrap_or(0)
}

fn alias(c: char) -> Option<&'static str> {
    Some(match c {
        'D' => "pane_id",
        'F' => "window_flags",
        'H' => "host",
        'I' => "window_index",
        'P' => "pane_index",
        'S' => "session_name",
        'T' => "pane_title",
        'W' => "window_name",
        'h' => "host_short",
        _ => return None,
    })
}

/// Offset in `s` of the `)` closing a `#(` whose command starts at `s`, counting nested parentheses.
fn closing_paren(s: &str) -> Option<usize> {
    let mut depth = 1u32;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// tmux's truth: set, not empty and not `0`.
pub(super) fn is_true(s: &str) -> bool {
    !s.is_empty() && s != "0"
}

fn bool_str(b: bool) -> String {
    String::from(if b { "1" } else { "0" })
}

fn compare(m: &Modifier, left: &str, right: &str) -> String {
    let result = match m.name {
        "||" => is_true(left) || is_true(right),
        "&&" => is_true(left) && is_true(right),
        "==" => left == right,
        "!=" => left != right,
        "<" => left < right,
        ">" => left > right,
        "<=" => left <= right,
        ">=" => left >= right,
        _ => pattern::matches(left, right, m.flag('r'), m.flag('i')),
    };
    bool_str(result)
}
