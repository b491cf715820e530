//! tmux layout strings (layout-custom.c): `checksum,WxH,X,Y{...}` with `{}` for left-right splits,
//! `[]` for top-bottom ones and a pane id after each pane's cell.

use super::cell::{Cell, Node};
use super::{Layout, LayoutError, Rect, SplitDir};
use crate::PaneId;
use std::fmt::Write;

/// Deeper nesting than this is refused (tmux's own strings are at most 8191 characters long).
const MAX_DEPTH: usize = 1024;

/// tmux's layout checksum of the text after `csum,`.
pub fn layout_checksum(layout: &str) -> u16 {
    layout.bytes().fold(0u16, |csum, b| {
        let csum = (csum >> 1) | ((csum & 1) << 15);
        csum.wrapping_add(b as u16)
    })
}

/// The layout string of a tree (`layout_dump`).
pub(super) fn dump(root: &Cell) -> String {
    let mut body = String::new();
    append(root, 0, 0, &mut body);
    format!("{:04x},{}", layout_checksum(&body), body)
}

fn append(cell: &Cell, x: u32, y: u32, out: &mut String) {
    let _ = write!(out, "{}x{},{},{}", cell.cols, cell.rows, x, y);
    match &cell.node {
        Node::Pane(p) => {
            let _ = write!(out, ",{}", p.0);
        }
        Node::Split { dir, cells } => {
            let (open, close) = match dir {
                SplitDir::LeftRight => ('{', '}'),
                SplitDir::TopBottom => ('[', ']'),
            };
            out.push(open);
            let (mut x, mut y) = (x, y);
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                append(c, x, y, out);
                match dir {
                    SplitDir::LeftRight => x = x.saturating_add(c.cols as u32 + 1),
                    SplitDir::TopBottom => y = y.saturating_add(c.rows as u32 + 1),
                }
            }
            out.push(close);
        }
    }
}

/// A cursor over a layout string's bytes (`layout_construct`).
struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn digits(&mut self) -> Option<u64> {
        let start = self.at;
        let mut value: u64 = 0;
        while let Some(d) = self.peek().filter(u8::is_ascii_digit) {
            value = value.saturating_mul(10).saturating_add((d - b'0') as u64);
            self.at += 1;
        }
        (self.at > start).then_some(value)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.at += 1)
    }

    /// One cell and its children (the pane ids are kept, but applying a layout assigns panes in order).
    fn cell(&mut self, depth: usize) -> Option<Cell> {
        if depth > MAX_DEPTH {
            return None;
        }
        let size = |v: u64| u16::try_from(v).ok();
        let cols = size(self.digits()?)?;
        self.expect(b'x')?;
        let rows = size(self.digits()?)?;
        self.expect(b',')?;
        self.digits()?;
        self.expect(b',')?;
        self.digits()?;
        let mut pane = PaneId(0);
        if self.peek() == Some(b',') {
            let saved = self.at;
            self.at += 1;
            let id = self.digits();
            if self.peek() == Some(b'x') {
                self.at = saved;
            } else if let Some(id) = id {
                pane = PaneId(id.min(u32::MAX as u64) as u32);
            }
        }
        let dir = match self.peek() {
            None | Some(b',' | b'}' | b']') => {
                return Some(Cell {
                    cols,
                    rows,
                    node: Node::Pane(pane),
                })
            }
            Some(b'{') => SplitDir::LeftRight,
            Some(b'[') => SplitDir::TopBottom,
            Some(_) => return None,
        };
        let mut cells = Vec::new();
        loop {
            self.at += 1;
            cells.push(self.cell(depth + 1)?);
            if self.peek() != Some(b',') {
                break;
            }
        }
        self.expect(match dir {
            SplitDir::LeftRight => b'}',
            SplitDir::TopBottom => b']',
        })?;
        Some(Cell {
            cols,
            rows,
            node: Node::Split { dir, cells },
        })
    }
}

/// Checks the checksum and parses the cells (`layout_parse` up to building the tree).
pub(super) fn parse(layout: &str) -> Option<Cell> {
    let hex = layout.bytes().take_while(u8::is_ascii_hexdigit).count();
    if hex == 0 {
        return None;
    }
    let csum = layout
        .get(..hex)
        .map(|h| h.bytes().fold(0u16, |v, d| (v << 4) | hex_value(d)))?;
    let body = layout.get(5..)?;
    if csum != layout_checksum(body) {
        return None;
    }
    let mut p = Parser {
        s: body.as_bytes(),
        at: 0,
    };
    let root = p.cell(0)?;
    (p.at == body.len()).then_some(root)
}

fn hex_value(d: u8) -> u16 {
    (d as char).to_digit(16).unwrap_or(0) as u16
}

impl Layout {
    /// The layout as tmux prints it (`window_layout`) in a window of `area`'s size.
    pub fn to_tmux_string(&self, area: Rect) -> String {
        dump(&self.fitted(area))
    }

    /// The layout of a zoomed window as tmux prints it (`window_visible_layout`): the zoomed pane
    /// alone, filling the window.
    pub fn zoomed_string(area: Rect, pane: PaneId) -> String {
        dump(&Cell::leaf(pane, area.cols as u32, area.rows as u32))
    }

    /// select-layout with a layout string: the checksum must match, the window must not have more
    /// panes than the string has cells (extra cells are removed from the bottom right), and the panes
    /// are assigned to the cells in pane order. The string's size becomes the reference size, so in a
    /// window of another size the panes are fitted as tmux fits them.
    pub fn apply_string(&mut self, layout: &str) -> Result<(), LayoutError> {
        let invalid = || LayoutError::Invalid(layout.to_string());
        let mut root = parse(layout).ok_or_else(invalid)?;
        let have = self.panes.len();
        loop {
            let need = root.count();
            if have > need {
                return Err(LayoutError::PaneCount {
                    have,
                    need,
                    layout: layout.to_string(),
                });
            }
            if have == need {
                break;
            }
            let path = root.bottom_right_path();
            let Some((&index, parent)) = path.split_last() else {
                return Err(invalid());
            };
            match root.at_mut(parent) {
                Some(parent) => parent.destroy_child(index),
                None => return Err(invalid()),
            }
        }
        fix_root_size(&mut root);
        if !root.is_consistent() {
            return Err(LayoutError::SizeMismatch(layout.to_string()));
        }
        let mut panes = self.panes.iter().copied();
        root.map_panes_in_order(&mut || panes.next().unwrap_or(PaneId(0)));
        self.root = root;
        Ok(())
    }
}

/// Makes the root cell the size of its children: older tmux versions wrote wrong root sizes.
fn fix_root_size(root: &mut Cell) {
    let Node::Split { dir, cells } = &root.node else {
        return;
    };
    let along: u64 = cells.iter().map(|c| c.size(*dir) as u64 + 1).sum();
    let other = cells.last().map_or(0, |c| c.size(dir.other()) as u64);
    let dir = *dir;
    root.set_size(dir, along as i64 - 1);
    root.set_size(dir.other(), other as i64);
}

impl Cell {
    /// Gives each leaf, in tree order, the next pane from `next` (`layout_assign`).
    fn map_panes_in_order(&mut self, next: &mut impl FnMut() -> PaneId) {
        match &mut self.node {
            Node::Pane(p) => *p = next(),
            Node::Split { cells, .. } => cells.iter_mut().for_each(|c| c.map_panes_in_order(next)),
        }
    }
}
