//! The five preset layouts (layout-set.c) and select-layout's choice among presets, layout strings,
//! next/previous, -E and -o (cmd-select-layout.c).

use super::cell::{Cell, Node, PANE_MINIMUM};
use super::custom::dump;
use super::{Layout, LayoutError, Rect, SplitDir};
use crate::PaneId;
use serde::{Deserialize, Serialize};

/// A preset layout, in tmux's order (the order next-layout cycles through).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Preset {
    EvenHorizontal,
    EvenVertical,
    MainHorizontal,
    MainVertical,
    Tiled,
}

impl Preset {
    pub const ALL: [Preset; 5] = [
        Preset::EvenHorizontal,
        Preset::EvenVertical,
        Preset::MainHorizontal,
        Preset::MainVertical,
        Preset::Tiled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Preset::EvenHorizontal => "even-horizontal",
            Preset::EvenVertical => "even-vertical",
            Preset::MainHorizontal => "main-horizontal",
            Preset::MainVertical => "main-vertical",
            Preset::Tiled => "tiled",
        }
    }

    /// The preset a name or an unambiguous prefix of one names (`layout_set_lookup`): `tiled`, `t`,
    /// `main-v`; `even` is ambiguous and names none.
    pub fn lookup(name: &str) -> Option<Preset> {
        let mut found = Preset::ALL.iter().filter(|p| p.name().starts_with(name));
        match (found.next(), found.next()) {
            (Some(p), None) => Some(*p),
            _ => None,
        }
    }

    fn index(self) -> usize {
        Preset::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    fn at(i: usize) -> Preset {
        Preset::ALL.get(i).copied().unwrap_or(Preset::Tiled)
    }
}

/// The window options the main-* presets read, as strings as in tmux 3.3a: a number of cells or a
/// percentage of the window (less the border) like `30%`. A value that does not parse, or is larger
/// than the window, falls back as tmux's does (80 columns, 24 rows; 0 = the rest of the window).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetOptions {
    pub main_pane_width: String,
    pub main_pane_height: String,
    pub other_pane_width: String,
    pub other_pane_height: String,
}

impl Default for PresetOptions {
    fn default() -> Self {
        PresetOptions {
            main_pane_width: "80".into(),
            main_pane_height: "24".into(),
            other_pane_width: "0".into(),
            other_pane_height: "0".into(),
        }
    }
}

/// What select-layout (and next-layout, previous-layout) is asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Select<'a> {
    /// An argument: a preset name (or unambiguous prefix), else a layout string.
    Named(&'a str),
    Preset(Preset),
    /// next-layout, `-n`.
    Next,
    /// previous-layout, `-p`.
    Previous,
    /// `-E`: spread the panes of this pane's split evenly.
    Spread(PaneId),
    /// `-o`: the layout before the last select-layout.
    Undo,
    /// No argument: apply the last preset again (nothing if none was applied).
    Again,
}

/// `strtonum`: an optionally signed decimal (leading white space allowed) within `min..=max`.
pub(super) fn strtonum(s: &str, min: i64, max: i64) -> Option<i64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    let v = if neg { -v } else { v };
    (min..=max).contains(&v).then_some(v)
}

/// `args_string_percentage(value, 0, max, max)`: cells, or a percentage of `max`.
pub(super) fn size_option(value: &str, max: u32) -> Option<u32> {
    let v = match value.strip_suffix('%') {
        Some(pct) => strtonum(pct, 0, 100)? * max as i64 / 100,
        None => strtonum(value, 0, max as i64)?,
    };
    u32::try_from(v).ok().filter(|v| *v <= max)
}

/// The main pane's and the other panes' sizes along the main presets' split (`layout_set_main_h`).
fn main_sizes(avail: u32, main: &str, other: &str, fallback: u32) -> (u32, u32) {
    let mut mainsz = size_option(main, avail).unwrap_or(fallback);
    let othersz;
    if mainsz.saturating_add(PANE_MINIMUM) >= avail {
        mainsz = if avail <= PANE_MINIMUM + PANE_MINIMUM {
            PANE_MINIMUM
        } else {
            avail - PANE_MINIMUM
        };
        othersz = PANE_MINIMUM;
    } else {
        match size_option(other, avail) {
            None | Some(0) => othersz = avail - mainsz,
            Some(o) if o > avail || avail - o < mainsz => othersz = avail - mainsz,
            Some(o) => {
                othersz = o;
                mainsz = avail - o;
            }
        }
    }
    (mainsz, othersz)
}

fn split(dir: SplitDir, cols: u32, rows: u32, cells: Vec<Cell>) -> Cell {
    let mut c = Cell::leaf(PaneId(0), cols, rows);
    c.node = Node::Split { dir, cells };
    c
}

/// The space `n` minimum-size panes need side by side.
fn needed(n: u32) -> u32 {
    n.saturating_mul(PANE_MINIMUM + 1).saturating_sub(1)
}

/// even-horizontal and even-vertical (`layout_set_even`).
fn even(panes: &[PaneId], sx: u32, sy: u32, dir: SplitDir) -> Cell {
    let n = panes.len() as u32;
    let (cols, rows) = match dir {
        SplitDir::LeftRight => (needed(n).max(sx), sy),
        SplitDir::TopBottom => (sx, needed(n).max(sy)),
    };
    let cells = panes.iter().map(|p| Cell::leaf(*p, sx, sy)).collect();
    let mut root = split(dir, cols, rows, cells);
    root.spread();
    root
}

/// main-horizontal (`dir` top-bottom) and main-vertical (`dir` left-right): the first pane, then the
/// others spread along the other direction.
fn main(panes: &[PaneId], sx: u32, sy: u32, dir: SplitDir, opts: &PresetOptions) -> Cell {
    let (first, rest) = match panes.split_first() {
        Some((f, r)) => (*f, r),
        None => return Cell::leaf(PaneId(0), sx, sy),
    };
    let n = rest.len() as u32;
    let (main, other) = match dir {
        SplitDir::TopBottom => main_sizes(
            sy.saturating_sub(1),
            &opts.main_pane_height,
            &opts.other_pane_height,
            24,
        ),
        SplitDir::LeftRight => main_sizes(
            sx.saturating_sub(1),
            &opts.main_pane_width,
            &opts.other_pane_width,
            80,
        ),
    };
    // Across the split: the window, or what the other panes need side by side.
    let across = match dir {
        SplitDir::TopBottom => needed(n).max(sx),
        SplitDir::LeftRight => needed(n).max(sy),
    };
    let cell = |pane: PaneId, along: u32, across: u32| match dir {
        SplitDir::TopBottom => Cell::leaf(pane, across, along),
        SplitDir::LeftRight => Cell::leaf(pane, along, across),
    };
    let main_cell = cell(first, main, across);
    let other_cell = match rest {
        [only] => cell(*only, other, across),
        _ => {
            let cells = rest.iter().map(|p| cell(*p, other, PANE_MINIMUM)).collect();
            let mut c = cell(PaneId(0), other, across);
            c.node = Node::Split {
                dir: dir.other(),
                cells,
            };
            c.spread();
            c
        }
    };
    let total = main.saturating_add(other).saturating_add(1);
    let (cols, rows) = match dir {
        SplitDir::TopBottom => (across, total),
        SplitDir::LeftRight => (total, across),
    };
    split(dir, cols, rows, vec![main_cell, other_cell])
}

/// tiled (`layout_set_tiled`): rows of columns, the last row and each row's last pane taking what is
/// left. tmux's unsigned arithmetic is kept for windows too small for the grid.
fn tiled(panes: &[PaneId], sx: u32, sy: u32) -> Cell {
    let n = panes.len() as u32;
    let (mut rows, mut columns) = (1u32, 1u32);
    while rows.saturating_mul(columns) < n {
        rows += 1;
        if rows.saturating_mul(columns) < n {
            columns += 1;
        }
    }
    let width = (sx.wrapping_sub(columns - 1) / columns).max(PANE_MINIMUM);
    let height = (sy.wrapping_sub(rows - 1) / rows).max(PANE_MINIMUM);
    let root_sx = (width.wrapping_add(1))
        .wrapping_mul(columns)
        .wrapping_sub(1)
        .max(sx);
    let root_sy = (height.wrapping_add(1))
        .wrapping_mul(rows)
        .wrapping_sub(1)
        .max(sy);
    let mut next = panes.iter().copied().peekable();
    let mut row_cells = Vec::new();
    for j in 0..rows {
        if next.peek().is_none() {
            break;
        }
        if n.wrapping_sub(j.wrapping_mul(columns)) == 1 || columns == 1 {
            if let Some(p) = next.next() {
                row_cells.push(Cell::leaf(p, sx, height));
            }
            continue;
        }
        let mut cells = Vec::new();
        for _ in 0..columns {
            let Some(p) = next.next() else { break };
            cells.push(Cell::leaf(p, width, height));
            if next.peek().is_none() {
                break;
            }
        }
        let used = (cells.len() as u32)
            .wrapping_mul(width.wrapping_add(1))
            .wrapping_sub(1);
        if sx > used {
            if let Some(last) = cells.last_mut() {
                last.adjust(SplitDir::LeftRight, (sx - used) as i64);
            }
        }
        row_cells.push(split(SplitDir::LeftRight, sx, height, cells));
    }
    let used = rows.wrapping_mul(height).wrapping_add(rows).wrapping_sub(1);
    if sy > used {
        if let Some(last) = row_cells.last_mut() {
            last.adjust(SplitDir::TopBottom, (sy - used) as i64);
        }
    }
    split(SplitDir::TopBottom, root_sx, root_sy, row_cells)
}

impl Layout {
    /// Arranges the panes with a preset in a window of `area`'s size. A window with one pane is left
    /// alone; either way the preset becomes the one next-layout cycles from.
    pub fn apply_preset(&mut self, area: Rect, preset: Preset, opts: &PresetOptions) {
        self.last_preset = Some(preset);
        if self.panes.len() <= 1 {
            return;
        }
        let window = self.window_area(area);
        let (sx, sy) = (window.cols as u32, window.rows as u32);
        let panes = &self.panes;
        let root = match preset {
            Preset::EvenHorizontal => even(panes, sx, sy, SplitDir::LeftRight),
            Preset::EvenVertical => even(panes, sx, sy, SplitDir::TopBottom),
            Preset::MainHorizontal => main(panes, sx, sy, SplitDir::TopBottom, opts),
            Preset::MainVertical => main(panes, sx, sy, SplitDir::LeftRight, opts),
            Preset::Tiled => tiled(panes, sx, sy),
        };
        self.root = root;
    }

    /// select-layout, next-layout and previous-layout in a window of `area`'s size. Every call
    /// remembers the layout it started from for [`Select::Undo`], unless it fails.
    pub fn select(
        &mut self,
        area: Rect,
        what: Select<'_>,
        opts: &PresetOptions,
    ) -> Result<(), LayoutError> {
        let before = self.old_layout.replace(dump(&self.fitted(area)));
        let result = self.select_inner(area, what, before.as_deref(), opts);
        if result.is_err() {
            self.old_layout = before;
        }
        result
    }

    fn select_inner(
        &mut self,
        area: Rect,
        what: Select<'_>,
        old: Option<&str>,
        opts: &PresetOptions,
    ) -> Result<(), LayoutError> {
        let count = Preset::ALL.len();
        let preset = match what {
            Select::Preset(p) => p,
            Select::Next => Preset::at(self.last_preset.map_or(0, |p| (p.index() + 1) % count)),
            Select::Previous => Preset::at(
                self.last_preset
                    .map_or(count - 1, |p| (p.index() + count - 1) % count),
            ),
            Select::Spread(pane) => return self.spread_out(area, pane),
            Select::Again => match self.last_preset {
                Some(p) => p,
                None => return Ok(()),
            },
            Select::Named(name) => match Preset::lookup(name) {
                Some(p) => p,
                None => return self.apply_string(name),
            },
            Select::Undo => match old {
                Some(layout) => return self.apply_string(layout),
                None => return Ok(()),
            },
        };
        self.apply_preset(area, preset, opts);
        Ok(())
    }
}
