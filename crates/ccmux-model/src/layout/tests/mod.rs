//! Layout tests. `cases.rs` holds what real tmux 3.3a printed for the scenarios of `tmux_cases.txt`
//! (regenerate with `python3 gen_cases.py`); [`World`] runs the same command lines through the
//! [`Layout`] API, as the server's commands would, and must print the same.

#[rustfmt::skip]
mod cases;
mod unit;

use super::*;
use crate::PaneId;

pub(super) struct Case {
    pub name: &'static str,
    pub size: (u16, u16),
    pub cmds: &'static [&'static str],
    /// (command index, tmux's error text).
    pub errors: &'static [(usize, &'static str)],
    pub snapshots: &'static [&'static str],
}

pub(super) fn area(cols: u16, rows: u16) -> Rect {
    Rect {
        x: 0,
        y: 0,
        cols,
        rows,
    }
}

struct Win {
    index: u32,
    layout: Layout,
    area: Rect,
}

/// One tmux session's windows, driven by tmux command lines.
pub(super) struct World {
    windows: Vec<Win>,
    next_pane: u32,
    size: (u16, u16),
    opts: PresetOptions,
}

/// Splits a command line at white space; single quotes group.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for ch in line.chars() {
        match ch {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// A parsed command: flags with their values and the remaining arguments.
struct Args {
    flags: Vec<(char, Option<String>)>,
    args: Vec<String>,
}

impl Args {
    fn parse(words: &[String], with_value: &str) -> Args {
        let mut flags = Vec::new();
        let mut args = Vec::new();
        let mut it = words.iter();
        while let Some(w) = it.next() {
            match w.strip_prefix('-').filter(|f| !f.is_empty()) {
                Some(f) => {
                    for c in f.chars() {
                        let value = with_value.contains(c).then(|| it.next().cloned());
                        flags.push((c, value.flatten()));
                    }
                }
                None => args.push(w.clone()),
            }
        }
        Args { flags, args }
    }

    fn has(&self, c: char) -> bool {
        self.flags.iter().any(|(f, _)| *f == c)
    }

    fn get(&self, c: char) -> Option<&str> {
        self.flags
            .iter()
            .find(|(f, _)| *f == c)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// tmux's `args_percentage`: `N%` of `of`, or N.
fn size_arg(value: &str, of: u16) -> u32 {
    match value.strip_suffix('%') {
        Some(p) => of as u32 * p.parse::<u32>().unwrap() / 100,
        None => value.parse().unwrap(),
    }
}

impl World {
    pub(super) fn new(cols: u16, rows: u16) -> World {
        World {
            windows: vec![Win {
                index: 0,
                layout: Layout::new(PaneId(0), cols, rows),
                area: area(cols, rows),
            }],
            next_pane: 1,
            size: (cols, rows),
            opts: PresetOptions::default(),
        }
    }

    fn find(&self, target: Option<&str>) -> Result<usize, String> {
        let Some(t) = target else { return Ok(0) };
        let pane = PaneId::parse(t).ok_or_else(|| format!("bad target {t}"))?;
        self.windows
            .iter()
            .position(|w| w.layout.contains(pane))
            .ok_or_else(|| format!("can't find pane: {t}"))
    }

    fn pane(t: Option<&str>) -> PaneId {
        t.and_then(PaneId::parse).unwrap_or(PaneId(0))
    }

    fn free_index(&self) -> u32 {
        (0..)
            .find(|i| self.windows.iter().all(|w| w.index != *i))
            .unwrap_or(0)
    }

    fn add_window(&mut self, pane: PaneId, cols: u16, rows: u16) {
        let index = self.free_index();
        self.windows.push(Win {
            index,
            layout: Layout::new(pane, cols, rows),
            area: area(cols, rows),
        });
        self.windows.sort_by_key(|w| w.index);
    }

    /// Runs one tmux command line; `Err` carries the error tmux would print.
    pub(super) fn run(&mut self, line: &str) -> Result<(), String> {
        let words = words(line);
        let (cmd, rest) = words.split_first().ok_or("empty")?;
        let a = Args::parse(rest, "tlxysF");
        let err = |e: LayoutError| e.to_string();
        match cmd.as_str() {
            "splitw" => {
                let wi = self.find(a.get('t'))?;
                let target = Self::pane(a.get('t'));
                let dir = if a.has('h') {
                    SplitDir::LeftRight
                } else {
                    SplitDir::TopBottom
                };
                let w = &mut self.windows[wi];
                let rect = w.layout.pane_rect(w.area, target).unwrap();
                let of = if a.has('f') {
                    w.layout.window_area(w.area)
                } else {
                    rect
                };
                let size = a.get('l').map(|l| match l.strip_suffix('%') {
                    Some(p) => of.extent(dir.axis()) as u32 * p.parse::<u32>().unwrap() / 100,
                    None => l.parse().unwrap(),
                });
                let opts = SplitOpts {
                    size,
                    before: a.has('b'),
                    full: a.has('f'),
                    ..SplitOpts::new(dir)
                };
                let new = PaneId(self.next_pane);
                w.layout.split(w.area, target, new, opts).map_err(err)?;
                self.next_pane += 1;
            }
            "killp" => {
                let wi = self.find(a.get('t'))?;
                let w = &mut self.windows[wi];
                if w.layout.remove(w.area, Self::pane(a.get('t'))) == Err(LayoutError::LastPane) {
                    self.windows.remove(wi);
                }
            }
            "resizep" => {
                let wi = self.find(a.get('t'))?;
                let pane = Self::pane(a.get('t'));
                let w = &mut self.windows[wi];
                let window = w.layout.window_area(w.area);
                if let Some(x) = a.get('x') {
                    let x = size_arg(x, window.cols);
                    w.layout
                        .resize_pane_to(w.area, pane, Axis::X, x)
                        .map_err(err)?;
                }
                if let Some(y) = a.get('y') {
                    let y = size_arg(y, window.rows);
                    w.layout
                        .resize_pane_to(w.area, pane, Axis::Y, y)
                        .map_err(err)?;
                }
                let by: i64 = a.args.first().map_or(1, |n| n.parse().unwrap());
                let change = [('L', Axis::X, -by), ('R', Axis::X, by)]
                    .into_iter()
                    .chain([('U', Axis::Y, -by), ('D', Axis::Y, by)])
                    .find(|(f, _, _)| a.has(*f));
                if let Some((_, axis, change)) = change {
                    w.layout
                        .resize_pane(w.area, pane, axis, change)
                        .map_err(err)?;
                }
            }
            "selectl" | "nextl" | "prevl" => {
                let wi = self.find(a.get('t'))?;
                let name = a.args.first().map(String::as_str);
                let what = if cmd == "nextl" || a.has('n') {
                    Select::Next
                } else if cmd == "prevl" || a.has('p') {
                    Select::Previous
                } else if a.has('E') {
                    Select::Spread(Self::pane(a.get('t')))
                } else if let Some(name) = name {
                    Select::Named(name)
                } else if a.has('o') {
                    Select::Undo
                } else {
                    Select::Again
                };
                let w = &mut self.windows[wi];
                w.layout.select(w.area, what, &self.opts).map_err(err)?;
            }
            "swapp" => {
                let dst_w = self.find(a.get('t'))?;
                let dst = Self::pane(a.get('t'));
                let (src_w, src) = if a.has('D') || a.has('U') {
                    let src = self.windows[dst_w].layout.neighbour(dst, a.has('D'));
                    (dst_w, src.unwrap())
                } else {
                    (self.find(a.get('s'))?, Self::pane(a.get('s')))
                };
                if src_w == dst_w {
                    self.windows[dst_w].layout.swap(src, dst).map_err(err)?;
                } else {
                    let (lo, hi) = (src_w.min(dst_w), src_w.max(dst_w));
                    let (first, second) = self.windows.split_at_mut(hi);
                    let (a_win, b_win) = (&mut first[lo], &mut second[0]);
                    let (mine, theirs) = if src_w == lo { (src, dst) } else { (dst, src) };
                    a_win
                        .layout
                        .swap_with(mine, &mut b_win.layout, theirs)
                        .map_err(err)?;
                }
            }
            "rotatew" => {
                let wi = self.find(a.get('t'))?;
                let way = if a.has('D') { Rotate::Down } else { Rotate::Up };
                self.windows[wi].layout.rotate(way);
            }
            "movep" | "joinp" => {
                let dst_w = self.find(a.get('t'))?;
                let src_w = self.find(a.get('s'))?;
                let (dst, src) = (Self::pane(a.get('t')), Self::pane(a.get('s')));
                let dir = if a.has('h') {
                    SplitDir::LeftRight
                } else {
                    SplitDir::TopBottom
                };
                let w = &self.windows[dst_w];
                let rect = w.layout.pane_rect(w.area, dst).unwrap();
                let opts = SplitOpts {
                    size: a.get('l').map(|l| size_arg(l, rect.extent(dir.axis()))),
                    before: a.has('b'),
                    full: a.has('f'),
                    ..SplitOpts::new(dir)
                };
                if src_w == dst_w {
                    let w = &mut self.windows[dst_w];
                    w.layout.move_pane(w.area, src, dst, opts).map_err(err)?;
                } else {
                    if src == dst {
                        return Err(LayoutError::SamePane.to_string());
                    }
                    let w = &mut self.windows[dst_w];
                    w.layout.join(w.area, dst, src, opts).map_err(err)?;
                    let s = &mut self.windows[src_w];
                    if s.layout.remove(s.area, src) == Err(LayoutError::LastPane) {
                        self.windows.remove(src_w);
                    }
                }
            }
            "breakp" => {
                let wi = self.find(a.get('s'))?;
                let pane = Self::pane(a.get('s'));
                let w = &mut self.windows[wi];
                w.layout.remove(w.area, pane).map_err(err)?;
                let (cols, rows) = (w.area.cols, w.area.rows);
                self.add_window(pane, cols, rows);
            }
            "neww" => {
                let pane = PaneId(self.next_pane);
                self.next_pane += 1;
                let (cols, rows) = self.size;
                self.add_window(pane, cols, rows);
            }
            "resizew" => {
                let wi = self.find(a.get('t'))?;
                let w = &mut self.windows[wi];
                if let Some(x) = a.get('x') {
                    w.area.cols = x.parse().unwrap();
                }
                if let Some(y) = a.get('y') {
                    w.area.rows = y.parse().unwrap();
                }
            }
            "mouse" => {
                let points: Vec<(u16, u16)> = a
                    .args
                    .iter()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                let w = &mut self.windows[0];
                if w.layout.is_border(w.area, points[0].0, points[0].1) {
                    for pair in points.windows(2) {
                        w.layout.drag_border(w.area, pair[0], pair[1]);
                    }
                }
            }
            "set" => {
                let value = a.args.get(1).cloned().unwrap_or_default();
                match a.args.first().map(String::as_str) {
                    Some("main-pane-width") => self.opts.main_pane_width = value,
                    Some("main-pane-height") => self.opts.main_pane_height = value,
                    Some("other-pane-width") => self.opts.other_pane_width = value,
                    Some("other-pane-height") => self.opts.other_pane_height = value,
                    o => return Err(format!("unknown option {o:?}")),
                }
            }
            _ => return Err(format!("unknown command {cmd}")),
        }
        Ok(())
    }

    /// `lsw -F '#{window_index} #{window_width}x#{window_height} #{window_layout}'` then `lsp -s -F '#{window_index} #{pane_id}
    /// #{pane_index} #{pane_left},#{pane_top} #{pane_width}x#{pane_height}'`.
    pub(super) fn snapshot(&self) -> String {
        let mut lines: Vec<String> = self
            .windows
            .iter()
            .map(|w| {
                let size = w.layout.window_area(w.area);
                let layout = w.layout.to_tmux_string(w.area);
                format!("{} {}x{} {layout}", w.index, size.cols, size.rows)
            })
            .collect();
        for w in &self.windows {
            for (i, (p, r)) in w.layout.geometry(w.area).iter().enumerate() {
                lines.push(format!(
                    "{} {} {} {},{} {}x{}",
                    w.index, p, i, r.x, r.y, r.cols, r.rows
                ));
            }
        }
        lines.join("\n")
    }

    pub(super) fn layout(&self, index: usize) -> &Layout {
        &self.windows[index].layout
    }
}

#[test]
fn scenarios_match_tmux() {
    let mut failures = Vec::new();
    for case in cases::CASES {
        let mut world = World::new(case.size.0, case.size.1);
        let mut errors = Vec::new();
        let mut snapshots = Vec::new();
        for (i, cmd) in case.cmds.iter().enumerate() {
            if *cmd == "?" {
                snapshots.push(world.snapshot());
            } else if let Err(e) = world.run(cmd) {
                errors.push((i, e));
            }
        }
        snapshots.push(world.snapshot());
        let want_errors: Vec<(usize, String)> = case
            .errors
            .iter()
            .map(|(i, e)| (*i, e.to_string()))
            .collect();
        if errors != want_errors {
            failures.push(format!(
                "{}: errors\n  got  {errors:?}\n  want {want_errors:?}",
                case.name
            ));
        }
        for (n, (got, want)) in snapshots.iter().zip(case.snapshots).enumerate() {
            if got != want {
                failures.push(format!(
                    "{} snapshot {n}:\n--- got\n{got}\n--- want (tmux 3.3a)\n{want}",
                    case.name
                ));
            }
        }
        if snapshots.len() != case.snapshots.len() {
            failures.push(format!("{}: snapshot count", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
