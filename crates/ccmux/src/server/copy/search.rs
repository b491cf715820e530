//! Searching (tmux's window_copy_search*): plain text (ignoring case when the text is all lower case)
//! or a regular expression, up or down from the cursor, wrapping at the ends with `wrap-search`;
//! matches on the view are marked for drawing, and counted.

use super::grid::Grid;
use super::{CopyMode, SearchType};
use regex::{Regex, RegexBuilder};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthChar;

/// All marks are given up after this long (tmux's WINDOW_COPY_SEARCH_TIMEOUT).
const SEARCH_TIMEOUT: Duration = Duration::from_secs(10);
/// Counting every match stops after this long; then only the view is marked.
const SEARCH_ALL_TIMEOUT: Duration = Duration::from_millis(200);

/// The search text as cells: (character, combining characters, width), a wide character followed
/// by its padding (width 0). A combining character joins the cell before it, as on the screen.
type Needle = Vec<(char, String, u8)>;

fn needle(s: &str) -> Needle {
    let mut out: Needle = Vec::new();
    for c in s.chars() {
        match c.width() {
            Some(2) => {
                out.push((c, String::new(), 2));
                out.push((' ', String::new(), 0));
            }
            Some(0) | None => {
                // On the character cell itself, past a wide character's padding.
                if let Some(cell) = out.iter_mut().rev().find(|n| n.2 != 0) {
                    cell.1.push(c);
                }
            }
            _ => out.push((c, String::new(), 1)),
        }
    }
    out
}

fn is_lowercase(s: &str) -> bool {
    s.chars().all(|c| !c.is_ascii_uppercase())
}

/// tmux's window_copy_search_compare: the same width and the same text (character and combining
/// characters); without case for a single ASCII character when `cis`.
fn compare(gd: &Grid, px: usize, py: usize, n: &(char, String, u8), cis: bool) -> bool {
    let cell = gd.cell(px, py);
    if cell.width != n.2 {
        return false;
    }
    if cell.width == 0 {
        return true;
    }
    if gd.zw(px, py).unwrap_or("") != n.1 {
        return false;
    }
    if cis && cell.c.is_ascii() && n.1.is_empty() {
        return cell.c.to_ascii_lowercase() == n.0;
    }
    cell.c == n.0
}

/// Whether the needle matches at (ax, py), following wrapped lines.
fn match_at(gd: &Grid, sgd: &Needle, ax: usize, py: usize, cis: bool) -> bool {
    let endline = gd.total().saturating_sub(1);
    for (bx, n) in sgd.iter().enumerate() {
        let mut px = ax + bx;
        let mut pywrap = py;
        while px >= gd.sx && pywrap < endline {
            if !gd.wrapped(pywrap) {
                break;
            }
            px -= gd.sx;
            pywrap += 1;
        }
        if px >= gd.sx || !compare(gd, px, pywrap, n, cis) {
            return false;
        }
    }
    true
}

fn search_lr(
    gd: &Grid,
    sgd: &Needle,
    py: usize,
    first: usize,
    last: usize,
    cis: bool,
) -> Option<usize> {
    (first..last).find(|ax| match_at(gd, sgd, *ax, py, cis))
}

fn search_rl(
    gd: &Grid,
    sgd: &Needle,
    py: usize,
    first: usize,
    last: usize,
    cis: bool,
) -> Option<usize> {
    (first + 1..=last)
        .rev()
        .map(|ax| ax - 1)
        .find(|ax| match_at(gd, sgd, *ax, py, cis))
}

/// A line and the lines it wraps onto as one string, with the byte offset of each cell (`sx` cells
/// a line; cells past a line's end are spaces, padding cells add nothing).
struct Text {
    buf: String,
    /// Byte offset of each cell, and whether it is padding.
    cells: Vec<(usize, bool)>,
}

fn stringify(gd: &Grid, py: usize) -> Text {
    let mut t = Text {
        buf: String::new(),
        cells: Vec::new(),
    };
    let endline = gd.total().saturating_sub(1);
    let mut y = py;
    loop {
        for x in 0..gd.sx {
            let pad = gd.is_padding(x, y);
            t.cells.push((t.buf.len(), pad));
            if x >= gd.cellsize(y) {
                t.buf.push(' ');
            } else {
                gd.text(x, y, &mut t.buf);
            }
        }
        if y >= endline || !gd.wrapped(y) {
            break;
        }
        y += 1;
    }
    t
}

impl Text {
    /// The cell a match starting at byte `b` starts in.
    fn cell_at(&self, b: usize) -> usize {
        self.cells
            .iter()
            .position(|(o, pad)| *o >= b && !pad)
            .unwrap_or(self.cells.len())
    }
}

/// The first regex match on line `py` starting in columns `first..last`: (column, cells).
fn search_lr_regex(
    gd: &Grid,
    py: usize,
    first: usize,
    last: usize,
    re: &Regex,
) -> Option<(usize, usize)> {
    if first >= last {
        return None;
    }
    let t = stringify(gd, py);
    let start = t.cells.get(first).map_or(t.buf.len(), |c| c.0);
    let m = re.find_at(&t.buf, start)?;
    if m.start() == m.end() {
        return None;
    }
    let px = t.cell_at(m.start());
    if px >= gd.sx || px >= last {
        return None;
    }
    let end = t.cell_at(m.end());
    Some((px, end - px))
}

/// The last regex match on line `py` starting before column `last`: (column, cells).
fn search_rl_regex(
    gd: &Grid,
    py: usize,
    first: usize,
    last: usize,
    re: &Regex,
) -> Option<(usize, usize)> {
    let t = stringify(gd, py);
    let mut at = t.cells.get(first).map_or(t.buf.len(), |c| c.0);
    let mut found = None;
    while let Some(m) = re.find_at(&t.buf, at) {
        if m.start() == m.end() {
            break;
        }
        let px = t.cell_at(m.start());
        if px >= gd.sx || px >= last {
            break;
        }
        let end = t.cell_at(m.end());
        found = Some((px, end - px));
        at = m.end();
    }
    found
}

/// Compiles a search as a regular expression (case-insensitive when all lower case).
fn compile(s: &str, cis: bool) -> Option<Regex> {
    RegexBuilder::new(s).case_insensitive(cis).build().ok()
}

impl CopyMode {
    fn move_left(&self, fx: &mut usize, fy: &mut usize, wrap: bool) {
        if *fx == 0 {
            if *fy == 0 {
                if wrap {
                    *fx = self.sx() - 1;
                    *fy = self.backing.total() - 1;
                }
                return;
            }
            *fx = self.sx() - 1;
            *fy -= 1;
        } else {
            *fx -= 1;
        }
    }

    fn move_right(&self, fx: &mut usize, fy: &mut usize, wrap: bool) {
        if *fx == self.sx() - 1 {
            if *fy == self.backing.total() - 1 {
                if wrap {
                    *fx = 0;
                    *fy = 0;
                }
                return;
            }
            *fx = 0;
            *fy += 1;
        } else {
            *fx += 1;
        }
    }

    /// The index of (px, absolute py) in the marks, if it is on the view.
    pub fn search_mark_at(&self, px: usize, py: usize) -> Option<usize> {
        let top = self.hsize() - self.oy;
        if py < top || py > top + self.sy() - 1 || px >= self.sx() {
            return None;
        }
        Some((py - top) * self.sx() + px)
    }

    fn mark(&self, at: usize) -> u8 {
        self.searchmark
            .as_ref()
            .and_then(|m| m.get(at))
            .copied()
            .unwrap_or(0)
    }

    fn move_after_search_mark(&self, fx: &mut usize, fy: &mut usize, wrap: bool) {
        let Some(start) = self.search_mark_at(*fx, *fy) else {
            return;
        };
        if self.mark(start) == 0 {
            return;
        }
        while let Some(at) = self.search_mark_at(*fx, *fy) {
            if self.mark(at) != self.mark(start) {
                break;
            }
            if !wrap && *fx == self.sx() - 1 && *fy == self.backing.total() - 1 {
                break;
            }
            self.move_right(fx, fy, wrap);
        }
    }

    /// Finds the needle from (fx, fy) towards `endline`; jumps there if found.
    #[allow(clippy::too_many_arguments)]
    fn search_jump(
        &mut self,
        sgd: &Needle,
        re: Option<&Regex>,
        mut fx: usize,
        fy: usize,
        endline: usize,
        cis: bool,
        wrap: bool,
        down: bool,
    ) -> bool {
        let gd = &self.backing;
        let mut found = None;
        if down {
            let mut i = fy;
            while i <= endline {
                let hit = match re {
                    Some(re) => search_lr_regex(gd, i, fx, gd.sx, re).map(|m| m.0),
                    None => search_lr(gd, sgd, i, fx, gd.sx, cis),
                };
                if let Some(px) = hit {
                    found = Some((px, i));
                    break;
                }
                fx = 0;
                i += 1;
            }
        } else {
            let mut i = fy + 1;
            while endline < i {
                let hit = match re {
                    Some(re) => {
                        search_rl_regex(gd, i - 1, 0, fx + 1, re).map(|(mut px, mut sx)| {
                            let mut y = i;
                            back_overlap(gd, re, &mut px, &mut sx, &mut y, endline);
                            (px, y)
                        })
                    }
                    None => search_rl(gd, sgd, i - 1, 0, fx + 1, cis).map(|px| (px, i)),
                };
                if let Some((px, y)) = hit {
                    found = Some((px, y - 1));
                    break;
                }
                fx = gd.sx - 1;
                i -= 1;
            }
        }
        if let Some((px, py)) = found {
            self.scroll_to(px, py, true);
            return true;
        }
        if wrap {
            let (fx, fy2) = if down {
                (0, 0)
            } else {
                (self.sx() - 1, self.backing.total() - 1)
            };
            return self.search_jump(sgd, re, fx, fy2, fy, cis, false, down);
        }
        false
    }

    /// Searches for `searchstr` up or down; returns whether it was found.
    pub fn search(
        &mut self,
        down: bool,
        mut regex: bool,
        pane_last: &mut Option<(String, bool)>,
    ) -> bool {
        let Some(s) = self.searchstr.clone() else {
            return false;
        };
        if regex && !s.contains(['^', '$', '*', '+', '(', ')', '?', '[', ']', '.', '\\']) {
            regex = false;
        }
        self.searchdirection = down;
        if self.timeout {
            return false;
        }
        let visible_only = match pane_last {
            Some((last, r)) if !self.searchall && *r == regex => *last == s,
            _ => {
                self.searchall = false;
                false
            }
        };
        *pane_last = Some((s.clone(), regex));
        let mut fx = self.cx;
        let mut fy = self.hy();
        let sgd = needle(&s);
        let wrap = self.set.wrap_search;
        let cis = is_lowercase(&s);
        let re = if regex {
            match compile(&s, cis) {
                Some(r) => Some(r),
                None => return false,
            }
        } else {
            None
        };
        let vi = self.set.vi;
        let endline = if down {
            if vi {
                if self.searchmark.is_some() {
                    self.move_after_search_mark(&mut fx, &mut fy, wrap);
                } else {
                    self.move_right(&mut fx, &mut fy, wrap);
                }
            }
            self.backing.total() - 1
        } else {
            self.move_left(&mut fx, &mut fy, wrap);
            0
        };
        let found = self.search_jump(&sgd, re.as_ref(), fx, fy, endline, cis, wrap, down);
        if found {
            self.search_marks_with(&sgd, re.as_ref(), cis, visible_only);
            let mut fx = self.cx;
            let mut fy = self.hy();
            // Searching down, not at the start of a match: again.
            if down {
                if let Some(at) = self.search_mark_at(fx, fy) {
                    if at > 0 && self.mark(at) != 0 && self.mark(at) == self.mark(at - 1) {
                        self.move_after_search_mark(&mut fx, &mut fy, wrap);
                        self.search_jump(&sgd, re.as_ref(), fx, fy, endline, cis, wrap, down);
                        fx = self.cx;
                        fy = self.hy();
                    }
                }
            }
            if down {
                if !vi {
                    // emacs: the cursor goes after the match.
                    self.move_after_search_mark(&mut fx, &mut fy, wrap);
                    self.cx = fx;
                    self.cy = (fy + self.oy).saturating_sub(self.hsize());
                }
            } else if let Some(start) = self.search_mark_at(fx, fy) {
                // Up: the cursor goes to the start of the match.
                let want = self.mark(start);
                while let Some(at) = self.search_mark_at(fx, fy) {
                    if self.mark(at) != want {
                        break;
                    }
                    self.cx = fx;
                    self.cy = (fy + self.oy).saturating_sub(self.hsize());
                    if at == 0 {
                        break;
                    }
                    self.move_left(&mut fx, &mut fy, false);
                }
            }
        }
        found
    }

    /// Marks the matches of `searchstr` on the view (and counts them all unless `visible_only`).
    pub fn search_marks(&mut self, regex: bool, visible_only: bool) {
        let Some(s) = self.searchstr.clone() else {
            return;
        };
        let cis = is_lowercase(&s);
        let regex = regex && s.contains(['^', '$', '*', '+', '(', ')', '?', '[', ']', '.', '\\']);
        let re = if regex {
            match compile(&s, cis) {
                Some(r) => Some(r),
                None => return,
            }
        } else {
            None
        };
        self.search_marks_with(&needle(&s), re.as_ref(), cis, visible_only);
    }

    fn visible_lines(&self) -> (usize, usize) {
        let mut start = self.hsize() - self.oy;
        while start > 0 && self.backing.wrapped(start - 1) {
            start -= 1;
        }
        (start, self.hsize() - self.oy + self.sy())
    }

    fn search_marks_with(
        &mut self,
        sgd: &Needle,
        re: Option<&Regex>,
        cis: bool,
        visible_only: bool,
    ) {
        let tstart = Instant::now();
        let (mut start, mut end) = if visible_only {
            self.visible_lines()
        } else {
            (0, self.backing.total())
        };
        let mut stop = if visible_only {
            None
        } else {
            Some(tstart + SEARCH_ALL_TIMEOUT)
        };
        let size = self.sx() * self.sy();
        let mut nfound: i64 = 0;
        // As tmux: a second pass over the view only keeps the count of the first.
        let mut stopped = false;
        loop {
            let mut marks = vec![0u8; size];
            let mut gen: u8 = 1;
            let gd = &self.backing;
            for py in start..end {
                let mut px = 0;
                loop {
                    let hit = match re {
                        Some(re) => search_lr_regex(gd, py, px, gd.sx, re),
                        None => search_lr(gd, sgd, py, px, gd.sx, cis).map(|x| (x, sgd.len())),
                    };
                    let Some((x, width)) = hit else {
                        break;
                    };
                    nfound += 1;
                    if let Some(b) = self.search_mark_at(x, py) {
                        let w = width.min(size - b);
                        for m in &mut marks[b..b + w] {
                            if *m == 0 {
                                *m = gen;
                            }
                        }
                        gen = if gen == u8::MAX { 1 } else { gen + 1 };
                    }
                    px = x + width.max(1);
                }
                let t = Instant::now();
                if t - tstart > SEARCH_TIMEOUT {
                    self.timeout = true;
                    break;
                }
                if stop.is_some_and(|s| t > s) {
                    stopped = true;
                    break;
                }
            }
            self.searchgen = gen;
            if self.timeout {
                self.searchmark = None;
                return;
            }
            self.searchmark = Some(marks);
            if stopped && stop.is_some() {
                (start, end) = self.visible_lines();
                stop = None;
                continue;
            }
            break;
        }
        if !visible_only {
            if stopped {
                self.searchcount = match nfound {
                    n if n > 1000 => 1000,
                    n if n > 100 => 100,
                    n if n > 10 => 10,
                    _ => -1,
                };
                self.searchmore = true;
            } else {
                self.searchcount = nfound;
                self.searchmore = false;
            }
        }
    }

    pub fn clear_marks(&mut self) {
        self.searchmark = None;
    }

    fn match_start_end(&self, at: usize) -> (usize, usize) {
        let last = self.sx() * self.sy() - 1;
        let mark = self.mark(at);
        let (mut start, mut end) = (at, at);
        while start != 0 && self.mark(start) == mark {
            start -= 1;
        }
        if self.mark(start) != mark {
            start += 1;
        }
        while end != last && self.mark(end) == mark {
            end += 1;
        }
        if self.mark(end) != mark {
            end -= 1;
        }
        (start, end)
    }

    /// The text of the match under the cursor (or just before it), for `#{search_match}`.
    pub fn match_at_cursor(&self) -> Option<String> {
        self.searchmark.as_ref()?;
        let mut at = self.search_mark_at(self.cx, self.hy())?;
        if self.mark(at) == 0 {
            if at == 0 || self.mark(at - 1) == 0 {
                return None;
            }
            at -= 1;
        }
        let (start, end) = self.match_start_end(at);
        let sx = self.sx();
        let mut s = String::new();
        for at in start..=end {
            let (py, px) = (at / sx, at % sx);
            self.backing.text(px, self.hsize() - self.oy + py, &mut s);
        }
        (!s.is_empty()).then_some(s)
    }

    /// The style a view cell gets from the marks: `Some(true)` the current match, `Some(false)`
    /// another match.
    pub fn match_style(&self, px: usize, py: usize) -> Option<bool> {
        let current = self.search_mark_at(px, self.hsize() - self.oy + py)?;
        let mark = self.mark(current);
        if mark == 0 {
            return None;
        }
        if let Some(mut cursor) = self.search_mark_at(self.cx, self.hy()) {
            let mut found = false;
            if cursor != 0 && !self.set.vi && self.searchdirection {
                if self.mark(cursor - 1) == mark {
                    cursor -= 1;
                    found = true;
                }
            } else if self.mark(cursor) == mark {
                found = true;
            }
            if found {
                let (start, end) = self.match_start_end(cursor);
                if current >= start && current <= end {
                    return Some(true);
                }
            }
        }
        Some(false)
    }

    /// Starts, narrows or widens an incremental search (tmux's search-*-incremental): `arg` is the
    /// prompt's prefix (`=` first, `+` down again, `-` up again) and the text so far.
    pub fn search_incremental(
        &mut self,
        arg: &str,
        forward: bool,
        pane_last: &mut Option<(String, bool)>,
    ) -> bool {
        self.timeout = false;
        let mut chars = arg.chars();
        let prefix = chars.next().unwrap_or('=');
        let text = chars.as_str();
        match self.searchxyo {
            None => self.searchxyo = Some((self.cx, self.cy, self.oy)),
            Some((x, y, o)) => {
                if self.searchstr.as_deref().is_some_and(|s| s != text) {
                    self.cx = x;
                    self.cy = y;
                    self.oy = o;
                }
            }
        }
        if text.is_empty() {
            self.clear_marks();
            return true;
        }
        let down = match prefix {
            '=' => forward,
            '+' => true,
            '-' => false,
            _ => return true,
        };
        self.searchtype = if down {
            SearchType::Down
        } else {
            SearchType::Up
        };
        self.searchregex = false;
        self.searchstr = Some(text.to_string());
        if !self.search(down, false, pane_last) {
            self.clear_marks();
        }
        true
    }

    /// Forgets where an incremental search started (any command other than a search).
    pub fn reset_search_start(&mut self) {
        self.searchxyo = None;
    }
}

/// A backward regex match at the start of a wrapped line may be the end of a longer match that
/// starts on the lines before: find the longest.
fn back_overlap(
    gd: &Grid,
    re: &Regex,
    ppx: &mut usize,
    psx: &mut usize,
    ppy: &mut usize,
    endline: usize,
) {
    let norm = |mut x: usize, mut y: usize| {
        while x > gd.sx - 1 {
            x -= gd.sx;
            y += 1;
        }
        (x, y)
    };
    let (oldendx, oldendy) = norm(*ppx + *psx, ppy.saturating_sub(1));
    let (mut endx, mut endy) = (oldendx, oldendy);
    let mut px = *ppx;
    let mut py = *ppy;
    let mut found = true;
    while found
        && px == 0
        && py >= 2
        && py - 1 > endline
        && gd.wrapped(py - 2)
        && endx == oldendx
        && endy == oldendy
    {
        py -= 1;
        match search_rl_regex(gd, py - 1, 0, gd.sx, re) {
            Some((x, sx)) => {
                px = x;
                (endx, endy) = norm(x + sx, py - 1);
                if endx == oldendx && endy == oldendy {
                    *ppx = px;
                    *ppy = py;
                }
            }
            None => found = false,
        }
    }
}
