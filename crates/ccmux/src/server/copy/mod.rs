//! Copy mode as tmux 3.3a's window-copy.c: a pane's history and screen frozen when the mode starts
//! (or a command's output, view mode), a cursor that moves over it, a selection, searches with their
//! matches marked, and the copy commands that `send-keys -X` runs (`commands.rs`). The mode belongs to
//! the pane, not to a client: every client showing the pane sees it, and `send-keys -X` from anywhere
//! drives it. Coordinates follow tmux's: `oy` lines scrolled up from the bottom, (`cx`, `cy`) the
//! cursor in the view, absolute line `hsize + cy - oy` in the backing grid.

mod brackets;
pub mod commands;
pub mod draw;
pub mod grid;
mod motion;
pub mod reader;
mod search;
mod select;
pub mod server;

use ccmux_model::PaneId;
use ccmux_term::{HistoryLine, LineRef};
use grid::Grid;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorDrag {
    /// The selection does not follow the cursor.
    None,
    /// Its end follows the cursor.
    EndSel,
    /// Its start follows the cursor.
    Sel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineSel {
    None,
    LeftRight,
    RightLeft,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelFlag {
    Char,
    Word,
    Line,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchType {
    Off,
    Up,
    Down,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JumpType {
    Off,
    Forward,
    Backward,
    ToForward,
    ToBackward,
}

/// The selection as drawn, in view coordinates (tmux's `struct screen_sel`).
#[derive(Clone, Copy, Debug)]
pub struct Sel {
    pub sx: usize,
    pub sy: usize,
    pub ex: usize,
    pub ey: usize,
    pub hidden: bool,
    pub rectangle: bool,
    pub vi: bool,
}

/// Options a command reads when it runs (tmux reads them live).
#[derive(Clone, Debug)]
pub struct Settings {
    /// `mode-keys vi`.
    pub vi: bool,
    /// The session's `word-separators`.
    pub separators: String,
    /// `wrap-search`.
    pub wrap_search: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            vi: false,
            separators: "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~".into(),
            wrap_search: true,
        }
    }
}

pub struct CopyMode {
    pub backing: Grid,
    /// View mode: command output, not a pane's contents.
    pub viewmode: bool,
    /// The row of the backing screen view mode writes its next line after.
    view_row: usize,
    view_written: bool,
    pub oy: usize,
    pub selx: usize,
    pub sely: usize,
    pub endselx: usize,
    pub endsely: usize,
    pub cursordrag: CursorDrag,
    /// `mode-keys` when the mode started (the selection is drawn by it).
    pub modekeys_vi: bool,
    pub lineflag: LineSel,
    pub rectflag: bool,
    pub scroll_exit: bool,
    pub hide_position: bool,
    pub selflag: SelFlag,
    pub separators: String,
    pub dx: usize,
    pub dy: usize,
    pub selrx: usize,
    pub selry: usize,
    pub endselrx: usize,
    pub endselry: usize,
    pub cx: usize,
    pub cy: usize,
    lastcx: usize,
    lastsx: usize,
    pub mx: usize,
    pub my: usize,
    pub showmark: bool,
    pub searchtype: SearchType,
    pub searchdirection: bool,
    pub searchregex: bool,
    pub searchstr: Option<String>,
    /// One byte per view cell: which match covers it (0: none).
    pub searchmark: Option<Vec<u8>>,
    pub searchcount: i64,
    pub searchmore: bool,
    searchall: bool,
    /// Where an incremental search started (x, y, oy).
    searchxyo: Option<(usize, usize, usize)>,
    searchgen: u8,
    pub timeout: bool,
    pub jumptype: JumpType,
    pub jumpchar: String,
    pub sel: Option<Sel>,
    /// The repeat count for the next command (`send -N`).
    pub prefix: u32,
    /// Options, refreshed before each command.
    pub set: Settings,
    /// The pane the contents came from (`copy-mode -s`).
    pub source: PaneId,
    /// A mouse drag is selecting (its button is down).
    pub dragging: bool,
    /// The drag holds the cursor on the top or bottom row: the view scrolls every 50 ms.
    pub drag_scrolling: bool,
}

/// The search string of each pane, kept across copy modes (tmux's `wp->searchstr`).
#[derive(Default)]
pub struct Modes {
    pub panes: HashMap<PaneId, CopyMode>,
    pub search: HashMap<PaneId, (String, bool)>,
}

impl CopyMode {
    fn common(
        backing: Grid,
        source: PaneId,
        set: Settings,
        last: Option<&(String, bool)>,
    ) -> CopyMode {
        let vi = set.vi;
        CopyMode {
            backing,
            viewmode: false,
            view_row: 0,
            view_written: false,
            oy: 0,
            selx: 0,
            sely: 0,
            endselx: 0,
            endsely: 0,
            cursordrag: CursorDrag::None,
            modekeys_vi: vi,
            lineflag: LineSel::None,
            rectflag: false,
            scroll_exit: false,
            hide_position: false,
            selflag: SelFlag::Char,
            separators: String::new(),
            dx: 0,
            dy: 0,
            selrx: 0,
            selry: 0,
            endselrx: 0,
            endselry: 0,
            cx: 0,
            cy: 0,
            lastcx: 0,
            lastsx: 0,
            mx: 0,
            my: 0,
            showmark: false,
            searchtype: if last.is_some() {
                SearchType::Up
            } else {
                SearchType::Off
            },
            searchdirection: false,
            searchregex: last.is_some_and(|l| l.1),
            searchstr: last.map(|l| l.0.clone()),
            searchmark: None,
            searchcount: 0,
            searchmore: false,
            searchall: true,
            searchxyo: None,
            searchgen: 0,
            timeout: false,
            jumptype: JumpType::Off,
            jumpchar: String::new(),
            sel: None,
            prefix: 1,
            set,
            source,
            dragging: false,
            drag_scrolling: false,
        }
    }

    /// Copy mode over a pane's contents: its history, then its screen (`cols` x `rows`, the cursor
    /// at `cursor`).
    pub fn new<'a>(
        history: impl Iterator<Item = LineRef<'a>>,
        screen: &[HistoryLine],
        cols: usize,
        cursor: (usize, usize),
        source: PaneId,
        set: Settings,
        last_search: Option<&(String, bool)>,
    ) -> CopyMode {
        let backing = Grid::from_rows(history, screen, cols);
        let hsize = backing.hsize;
        let (mut cx, mut cy) = cursor;
        if cy >= backing.sy {
            cx = 0;
            cy = backing.sy - 1;
        }
        let mut cm = CopyMode::common(backing, source, set, last_search);
        let abs = hsize + cy;
        cm.cx = cx;
        if abs < cm.backing.hsize {
            cm.cy = 0;
            cm.oy = cm.backing.hsize - abs;
        } else {
            cm.cy = abs - cm.backing.hsize;
            cm.oy = 0;
        }
        cm.mx = cm.cx;
        cm.my = cm.hy();
        cm
    }

    /// View mode: an empty screen lines are added to (`add`).
    pub fn view(cols: usize, rows: usize, source: PaneId, set: Settings) -> CopyMode {
        let mut cm = CopyMode::common(Grid::new(cols, rows), source, set, None);
        cm.viewmode = true;
        cm
    }

    /// Adds a line of output to view mode: written below the last one (the first at the top), the
    /// screen scrolling into the history when full; the view stays where it is.
    pub fn add(&mut self, text: &str) {
        let mut cells = Vec::new();
        ccmux_term::history_cells(
            LineRef {
                text,
                wrapped: false,
            },
            self.backing.sx,
            &mut cells,
        );
        let line = self.backing.line_from(&cells, false);
        let old = self.backing.hsize;
        if self.view_written {
            self.backing.push_line(line, &mut self.view_row);
        } else {
            self.view_written = true;
            let y = self.backing.hsize + self.view_row;
            self.backing.lines[y] = line;
        }
        self.oy += self.backing.hsize - old;
    }

    pub fn sx(&self) -> usize {
        self.backing.sx
    }

    pub fn sy(&self) -> usize {
        self.backing.sy
    }

    pub fn hsize(&self) -> usize {
        self.backing.hsize
    }

    /// The cursor's line in the backing grid.
    pub fn hy(&self) -> usize {
        (self.backing.hsize + self.cy).saturating_sub(self.oy)
    }

    fn find_length(&self, py: usize) -> usize {
        self.backing.line_length(py)
    }

    /// The pane was resized (tmux's window_copy_resize).
    pub fn resize(&mut self, sx: usize, sy: usize) {
        let mut pos = [(self.cx, self.hy())];
        self.backing.resize(sx, sy, &mut pos);
        let (cx, cy) = pos[0];
        let hsize = self.backing.hsize;
        self.cx = cx;
        if cy < hsize {
            self.cy = 0;
            self.oy = hsize - cy;
        } else {
            self.cy = (cy - hsize).min(self.backing.sy - 1);
            self.oy = 0;
        }
        self.view_row = self.view_row.min(self.backing.sy - 1);
        self.size_changed();
    }

    fn size_changed(&mut self) {
        let search = self.searchmark.is_some();
        self.clear_selection();
        self.clear_marks();
        if search && !self.timeout {
            self.search_marks(self.searchregex, false);
        }
        self.searchxyo = Some((self.cx, self.cy, self.oy));
    }

    /// `refresh-from-pane`: the contents again from the pane.
    pub fn refresh<'a>(
        &mut self,
        history: impl Iterator<Item = LineRef<'a>>,
        screen: &[HistoryLine],
        cols: usize,
    ) {
        if self.viewmode {
            return;
        }
        let (sx, sy) = (self.sx(), self.sy());
        self.backing = Grid::from_rows(history, screen, cols);
        let mut pos = [(0, 0)];
        self.backing.resize(sx, sy, &mut pos);
        self.oy = self.oy.min(self.backing.hsize);
        self.cy = self.cy.min(self.backing.sy - 1);
        self.size_changed();
    }

    pub fn update_cursor(&mut self, cx: usize, cy: usize) {
        self.cx = cx;
        self.cy = cy;
    }

    /// Puts the cursor at (px, absolute py), scrolling so that it is visible.
    pub fn scroll_to(&mut self, px: usize, py: usize, no_redraw: bool) {
        let hsize = self.backing.hsize;
        let sy = self.backing.sy;
        self.cx = px;
        let top = hsize - self.oy;
        if py >= top && py < top + sy {
            self.cy = py - top;
        } else {
            let gap = sy / 4;
            let offset;
            if py < sy {
                offset = 0;
                self.cy = py;
            } else if py > hsize + sy - gap {
                offset = hsize;
                self.cy = py - hsize;
            } else {
                offset = py + gap - sy;
                self.cy = py - offset;
            }
            self.oy = hsize - offset;
        }
        if !no_redraw && self.searchmark.is_some() && !self.timeout {
            self.search_marks(self.searchregex, true);
        }
        self.update_selection(false);
    }

    pub fn pageup(&mut self, half_page: bool) {
        let oy = self.hy();
        let ox = self.find_length(oy);
        if self.cx != ox {
            self.lastcx = self.cx;
            self.lastsx = ox;
        }
        self.cx = self.lastcx;
        let sy = self.sy();
        let n = if sy > 2 {
            if half_page {
                sy / 2
            } else {
                sy - 2
            }
        } else {
            1
        };
        if self.oy + n > self.hsize() {
            self.oy = self.hsize();
            self.cy = self.cy.saturating_sub(n);
        } else {
            self.oy += n;
        }
        if self.sel.is_none() || !self.rectflag {
            let py = self.hy();
            let px = self.find_length(py);
            if (self.cx >= self.lastsx && self.cx != px) || self.cx > px {
                self.cursor_end_of_line();
            }
        }
        if self.searchmark.is_some() && !self.timeout {
            self.search_marks(self.searchregex, true);
        }
        self.update_selection(false);
    }

    /// Returns true when the mode should end (`scroll_exit` and at the bottom).
    pub fn pagedown(&mut self, half_page: bool, scroll_exit: bool) -> bool {
        let oy = self.hy();
        let ox = self.find_length(oy);
        if self.cx != ox {
            self.lastcx = self.cx;
            self.lastsx = ox;
        }
        self.cx = self.lastcx;
        let sy = self.sy();
        let n = if sy > 2 {
            if half_page {
                sy / 2
            } else {
                sy - 2
            }
        } else {
            1
        };
        if self.oy < n {
            // As tmux: the cursor moves the whole page (oy is already 0 when it is added).
            let moved = n;
            self.oy = 0;
            if self.cy + moved >= self.backing.sy {
                self.cy = self.backing.sy - 1;
            } else {
                self.cy += moved;
            }
        } else {
            self.oy -= n;
        }
        if self.sel.is_none() || !self.rectflag {
            let py = self.hy();
            let px = self.find_length(py);
            if (self.cx >= self.lastsx && self.cx != px) || self.cx > px {
                self.cursor_end_of_line();
            }
        }
        if scroll_exit && self.oy == 0 {
            return true;
        }
        if self.searchmark.is_some() && !self.timeout {
            self.search_marks(self.searchregex, true);
        }
        self.update_selection(false);
        false
    }

    pub fn previous_paragraph(&mut self) {
        let mut oy = self.hy();
        while oy > 0 && self.find_length(oy) == 0 {
            oy -= 1;
        }
        while oy > 0 && self.find_length(oy) > 0 {
            oy -= 1;
        }
        self.scroll_to(0, oy, false);
    }

    pub fn next_paragraph(&mut self) {
        let mut oy = self.hy();
        let maxy = self.hsize() + self.sy() - 1;
        while oy < maxy && self.find_length(oy) == 0 {
            oy += 1;
        }
        while oy < maxy && self.find_length(oy) > 0 {
            oy += 1;
        }
        let ox = self.find_length(oy);
        self.scroll_to(ox, oy, false);
    }

    pub fn goto_line(&mut self, linestr: &str) {
        // strtonum(3) within -1..=INT_MAX; anything else does nothing.
        let Ok(lineno) = linestr.trim_start().parse::<i64>() else {
            return;
        };
        if !(-1..=i32::MAX as i64).contains(&lineno) {
            return;
        }
        let hsize = self.hsize();
        self.oy = if lineno < 0 || lineno as usize > hsize {
            hsize
        } else {
            lineno as usize
        };
        self.update_selection(false);
    }

    /// Scrolls the view down `ny` lines (towards the bottom).
    pub fn scroll_up(&mut self, ny: usize) {
        let ny = ny.min(self.oy);
        if ny == 0 {
            return;
        }
        self.oy -= ny;
        if self.searchmark.is_some() && !self.timeout {
            self.search_marks(self.searchregex, true);
        }
        self.update_selection(false);
    }

    /// Scrolls the view up `ny` lines (into the history).
    pub fn scroll_down(&mut self, ny: usize) {
        let hsize = self.hsize();
        if ny > hsize {
            return;
        }
        let ny = if self.oy > hsize - ny {
            hsize - self.oy
        } else {
            ny
        };
        if ny == 0 {
            return;
        }
        self.oy += ny;
        if self.searchmark.is_some() && !self.timeout {
            self.search_marks(self.searchregex, true);
        }
        self.update_selection(false);
    }

    pub fn jump_to_mark(&mut self) {
        let tmx = self.cx;
        let tmy = self.hy();
        self.cx = self.mx;
        let hsize = self.hsize();
        if self.my < hsize {
            self.cy = 0;
            self.oy = hsize - self.my;
        } else {
            self.cy = (self.my - hsize).min(self.sy() - 1);
            self.oy = 0;
        }
        self.mx = tmx;
        self.my = tmy;
        self.showmark = true;
        self.update_selection(false);
    }
}

/// A copy mode's `#{...}` variables (tmux's window_copy_formats).
pub fn formats(cm: &CopyMode, v: &mut crate::server::format_vars::Vars) {
    v.insert("scroll_position", cm.oy.to_string());
    v.insert("rectangle_toggle", u8::from(cm.rectflag).to_string());
    v.insert("copy_cursor_x", cm.cx.to_string());
    v.insert("copy_cursor_y", cm.cy.to_string());
    v.insert("selection_present", u8::from(cm.sel.is_some()).to_string());
    if cm.sel.is_some() {
        v.insert("selection_start_x", cm.selx.to_string());
        v.insert("selection_start_y", cm.sely.to_string());
        v.insert("selection_end_x", cm.endselx.to_string());
        v.insert("selection_end_y", cm.endsely.to_string());
        v.insert(
            "selection_active",
            u8::from(cm.cursordrag != CursorDrag::None).to_string(),
        );
    } else {
        v.insert("selection_active", "0".into());
    }
    v.insert(
        "search_present",
        u8::from(cm.searchmark.is_some()).to_string(),
    );
    if let Some(m) = cm.match_at_cursor() {
        v.insert("search_match", m);
    }
    let row = cm.view_row(cm.cy);
    if let Some(w) = draw::grid_word(&row, cm.cx, &cm.set.separators) {
        v.insert("copy_cursor_word", w);
    }
    if let Some(l) = draw::grid_line(&row) {
        v.insert("copy_cursor_line", l);
    }
}
