//! An exact snapshot of an emulator's state (history aside), and an emulator rebuilt from one.
//!
//! How each part is read and restored:
//!
//! - Screens: the active one is read through `Term::grid()`, cell by cell with each row's
//!   occupancy mark (which decides what a later reset of the row clears). The other one is out
//!   of alacritty's public reach, so the sink keeps what it needs: on entering the alternate
//!   screen a copy of the primary screen (encoded, resized along with the terminal by the same
//!   `Grid::resize`), on leaving it the alternate screen's saved cursor. The rest of a hidden
//!   alternate screen never matters: entering it clears it entirely. Restored by writing rows
//!   into the grids, switching screens with `Term::swap_alt`, and setting cursors (position,
//!   pen, charsets, pending wrap) and saved cursors directly. `swap_alt` makes the primary
//!   screen's saved cursor equal to its cursor; the sink puts the saved one back on leaving the
//!   alternate screen.
//! - Modes, colours (OSC 4/10/11/12...), cursor style: read with `mode()`, `colors()`,
//!   `cursor_style()`; restored through alacritty's own handler (`set_private_mode`...).
//! - Scroll region, active charset (SI/SO), tab stops, alacritty's title and title stack, and
//!   the parser's last printed character (for `CSI b`): private, so mirrored from the handler
//!   calls that change them (`tracked.rs`); restored through the handler (DECSTBM, TBC/HTS...)
//!   and by feeding the character to the parser.
//!
//! Not restored:
//! - An escape sequence or UTF-8 character cut by the end of the last `advance`: the parser's
//!   partial input is private to `vte`, so output logged after a snapshot taken in the middle of
//!   a sequence starts with its tail, which prints as text.
//! - Events not yet collected (replies to queries, the bell): they are not state; collect them
//!   before taking a snapshot.
//! - alacritty's cache of spare rows: rows are reset before reuse, and the sink keeps their
//!   occupancy marks true (`sink::repair_rows`), so a reused row is the same as a fresh one.
//! - Kitty keyboard modes and vi mode: disabled in this emulator.

use std::fmt;

use alacritty_terminal::grid::{Cursor, Dimensions, Grid, Row};
use alacritty_terminal::index::{Column, Line};
use alacritty_terminal::term::cell::Cell;
use alacritty_terminal::term::color::COUNT;
use alacritty_terminal::term::{Term, TermMode};
use alacritty_terminal::vte::ansi::{
    CharsetIndex, CursorStyle, Handler, Mode, NamedMode, NamedPrivateMode, PrivateMode, Rgb,
    TabulationClearMode,
};

use crate::codec::{self, is_blank, MAX_CELLS, MAX_COLS, MAX_ROWS, MODES};
use crate::emulator::{alac_history, Emulator};
use crate::listener::Listener;
use crate::occ::row_occ;
use crate::tracked::default_tabs;
use crate::tracked::Tracked;

/// Most titles alacritty stacks (CSI 22 t).
pub(crate) const TITLE_STACK_MAX: usize = 4096;
/// Most lines a screen may hold above its visible part: what alacritty keeps for the primary
/// screen, and no more cells than a screen.
pub(crate) fn max_scrolled(cols: usize, rows: usize) -> usize {
    alac_history(rows).min(MAX_CELLS / cols.max(1))
}

/// Everything needed to rebuild an emulator exactly, except its history (saved separately as
/// [`HistoryLine`](crate::HistoryLine)s). Made by [`Emulator::state`], turned into bytes by
/// [`encode_state`](crate::encode_state).
#[derive(Clone, Debug, PartialEq)]
pub struct TermState {
    pub(crate) cols: u16,
    pub(crate) rows: u16,
    /// The modes in [`MODES`] only.
    pub(crate) mode: TermMode,
    pub(crate) cursor_style: CursorStyle,
    /// Scroll region (start..end lines), `None` for the whole screen.
    pub(crate) region: Option<(u16, u16)>,
    pub(crate) charset: CharsetIndex,
    /// Tab stop columns, `None` for the default (every 8 columns).
    pub(crate) tabs: Option<Vec<u16>>,
    /// The title shown ([`Emulator::title`]).
    pub(crate) title: Option<String>,
    /// alacritty's title (differs after RIS, which resets it silently).
    pub(crate) term_title: Option<String>,
    pub(crate) title_stack: Vec<Option<String>>,
    /// Colours set by OSC 4/10/11/12..., by alacritty index.
    pub(crate) colors: Vec<(u16, Rgb)>,
    pub(crate) last_char: Option<char>,
    pub(crate) primary: Screen,
    /// While the primary screen is active, only its saved cursor matters.
    pub(crate) alternate: Screen,
}

/// One screen: cursor, DECSC cursor and cells.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Screen {
    pub(crate) cursor: Cursor<Cell>,
    pub(crate) saved: Cursor<Cell>,
    /// Visible lines, top first, without trailing blank lines.
    pub(crate) lines: Vec<RowState>,
    /// Lines alacritty holds above the screen, oldest first (only a primary screen resized while
    /// the alternate one is active has any).
    pub(crate) scrolled: Vec<RowState>,
}

/// One row of a screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RowState {
    /// The cells, without trailing blank ones.
    pub(crate) cells: Vec<Cell>,
    /// alacritty's occupancy mark (see `occ.rs`), which decides what a later reset of the row
    /// clears: cells past it are not always blank.
    pub(crate) occ: usize,
}

impl Screen {
    fn blank() -> Screen {
        Screen {
            cursor: Cursor::default(),
            saved: Cursor::default(),
            lines: Vec::new(),
            scrolled: Vec::new(),
        }
    }
}

/// Why a state could not be decoded or restored.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// Written by a newer version of ccmux (the version found).
    NewerVersion(u16),
    /// The data ends too early.
    Truncated,
    /// The data is damaged or inconsistent (what was wrong).
    Invalid(&'static str),
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::NewerVersion(v) => write!(f, "terminal state of a newer version ({v})"),
            StateError::Truncated => f.write_str("terminal state truncated"),
            StateError::Invalid(what) => write!(f, "invalid terminal state: {what}"),
        }
    }
}

impl std::error::Error for StateError {}

impl TermState {
    /// Screen size as (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        (self.cols, self.rows)
    }

    /// Whether the alternate screen is active.
    pub fn alternate_screen(&self) -> bool {
        self.mode.contains(TermMode::ALT_SCREEN)
    }

    /// Cursor position on the active screen as (column, row), 0-based.
    pub fn cursor(&self) -> (u16, u16) {
        let point = self.active().cursor.point;
        (point.column.0 as u16, point.line.0.max(0) as u16)
    }

    /// The title shown.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    fn active(&self) -> &Screen {
        if self.alternate_screen() {
            &self.alternate
        } else {
            &self.primary
        }
    }

    /// Everything `from_state` relies on (a decoded state may come from a damaged file).
    pub(crate) fn check(&self) -> Result<(), StateError> {
        let (cols, rows) = (usize::from(self.cols), usize::from(self.rows));
        if !(2..=MAX_COLS).contains(&cols)
            || !(1..=MAX_ROWS).contains(&rows)
            || cols * rows > MAX_CELLS
        {
            return Err(StateError::Invalid("size"));
        }
        if let Some((start, end)) = self.region {
            let (start, end) = (usize::from(start), usize::from(end));
            // alacritty's regions have two lines at least unless cut by the screen's end.
            if end > rows || start > end || (end < rows && start + 2 > end) {
                return Err(StateError::Invalid("scroll region"));
            }
        }
        if self.tabs.iter().flatten().any(|&c| usize::from(c) >= cols) {
            return Err(StateError::Invalid("tab stop"));
        }
        if self.colors.iter().any(|&(i, _)| usize::from(i) >= COUNT) {
            return Err(StateError::Invalid("colour index"));
        }
        if self.title_stack.len() > TITLE_STACK_MAX {
            return Err(StateError::Invalid("title stack"));
        }
        for screen in [&self.primary, &self.alternate] {
            for cursor in [&screen.cursor, &screen.saved] {
                let point = cursor.point;
                if point.line.0 < 0 || point.line.0 as usize >= rows || point.column.0 >= cols {
                    return Err(StateError::Invalid("cursor"));
                }
            }
            if screen.lines.len() > rows
                || screen.scrolled.len() > max_scrolled(cols, rows)
                || (!std::ptr::eq(screen, &self.primary) && !screen.scrolled.is_empty())
                || (screen.lines.iter().chain(&screen.scrolled))
                    .any(|l| l.cells.len() > cols || l.occ > cols)
            {
                return Err(StateError::Invalid("screen"));
            }
        }
        Ok(())
    }
}

fn read_row(row: &Row<Cell>) -> RowState {
    let cells = &row[..];
    let mut end = cells.len();
    while end > 0 && is_blank(&normalized(&cells[end - 1])) {
        end -= 1;
    }
    RowState {
        cells: cells[..end].iter().map(normalized).collect(),
        occ: row_occ(row).unwrap_or(cells.len()).min(cells.len()),
    }
}

/// The cell without an empty `extra` (left behind by alacritty when a wide character is
/// overwritten): same behaviour, simpler comparison.
fn normalized(cell: &Cell) -> Cell {
    let mut cell = cell.clone();
    if cell.extra.is_some()
        && cell.zerowidth().is_none_or(|z| z.is_empty())
        && cell.underline_color().is_none()
        && cell.hyperlink().is_none()
    {
        cell.extra = None;
    }
    cell
}

pub(crate) fn read_screen(grid: &Grid<Cell>) -> Screen {
    let mut lines: Vec<RowState> = (0..grid.screen_lines())
        .map(|row| read_row(&grid[Line(row as i32)]))
        .collect();
    while lines.last().is_some_and(|l| *l == RowState::default()) {
        lines.pop();
    }
    let scrolled = (1..=grid.history_size())
        .rev()
        .map(|i| read_row(&grid[Line(-(i as i32))]))
        .collect();
    let mut cursor = grid.cursor.clone();
    cursor.template = normalized(&cursor.template);
    let mut saved = grid.saved_cursor.clone();
    saved.template = normalized(&saved.template);
    Screen {
        cursor,
        saved,
        lines,
        scrolled,
    }
}

/// Write `screen` into a blank grid of its size (checked by [`TermState::check`]).
pub(crate) fn write_screen(grid: &mut Grid<Cell>, screen: &Screen) {
    let rows = grid.screen_lines();
    grid.cursor.template = Cell::default();
    for _ in 0..screen.scrolled.len() {
        grid.scroll_up(&(Line(0)..Line(rows as i32)), 1);
    }
    let scrolled = screen.scrolled.len();
    let history = screen
        .scrolled
        .iter()
        .enumerate()
        .map(|(i, line)| (i as i32 - scrolled as i32, line));
    let visible = screen
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| (i as i32, line));
    let cols = grid.columns();
    for (index, line) in history.chain(visible) {
        let mut cells = line.cells.clone();
        cells.resize(cols, Cell::default());
        grid[Line(index)] = Row::from_vec(cells, line.occ.min(cols));
    }
    grid.cursor = screen.cursor.clone();
    grid.saved_cursor = screen.saved.clone();
}

/// The primary screen kept aside (encoded) while the alternate one is active, resized from
/// `old` to `new` (columns, rows) as alacritty resizes its hidden grid; `max_scroll` is how many
/// lines that grid may hold above the screen.
pub(crate) fn resize_screen(
    bytes: &[u8],
    old: (usize, usize),
    new: (usize, usize),
    max_scroll: usize,
) -> Option<Vec<u8>> {
    let screen = codec::decode_screen(bytes, old.0, old.1).ok()?;
    let mut grid = Grid::new(old.1, old.0, max_scroll.max(screen.scrolled.len()));
    write_screen(&mut grid, &screen);
    grid.resize(true, new.1, new.0);
    Some(codec::encode_screen(&read_screen(&grid), new.0))
}

impl Emulator {
    /// Everything needed to rebuild this emulator exactly with [`from_state`](Self::from_state),
    /// except the history: both screens (every cell with its character, zero-width characters,
    /// attributes, colours, wide-character spacers, wrap flags), which one is active, cursors
    /// and saved cursors (position, pen, charsets), cursor style, modes, scroll region, active
    /// charset, tab stops, titles and title stack, colours set by OSC. See `state.rs` for what
    /// cannot be restored.
    pub fn state(&self) -> TermState {
        if let Some(state) = self.frozen().and_then(|f| f.state()) {
            return state;
        }
        let term = self.term();
        let tracked = self.tracked();
        let (cols, rows) = self.size();
        let alt = self.alternate_screen();
        let mut mode = TermMode::empty();
        for m in MODES {
            if term.mode().contains(m) {
                mode |= m;
            }
        }
        let active = read_screen(term.grid());
        let (primary, alternate) = if alt {
            let primary = tracked
                .primary
                .as_deref()
                .and_then(|bytes| codec::decode_screen(bytes, cols.into(), rows.into()).ok())
                .unwrap_or_else(Screen::blank);
            (primary, active)
        } else {
            let alternate = Screen {
                saved: tracked.alt_saved.clone(),
                ..Screen::blank()
            };
            (active, alternate)
        };
        let tabs = tracked
            .tabs
            .as_ref()
            .filter(|tabs| **tabs != default_tabs(cols.into()))
            .map(|tabs| {
                (0..tabs.len())
                    .filter(|&c| tabs[c])
                    .map(|c| c as u16)
                    .collect()
            });
        TermState {
            cols,
            rows,
            mode,
            cursor_style: term.cursor_style(),
            region: tracked.region.map(|(s, e)| (s as u16, e as u16)),
            charset: tracked.charset,
            tabs,
            title: self.title().map(String::from),
            term_title: tracked.title.clone(),
            title_stack: tracked.title_stack.clone(),
            colors: (0..COUNT)
                .filter_map(|i| term.colors()[i].map(|rgb| (i as u16, rgb)))
                .collect(),
            last_char: tracked.last_char,
            primary,
            alternate,
        }
    }

    /// A fresh emulator in exactly the state `state` describes, keeping at most
    /// `history_limit` lines of history; push the saved history with
    /// [`push_history`](Self::push_history) before feeding it output.
    pub fn from_state(state: &TermState, history_limit: usize) -> Result<Emulator, StateError> {
        state.check()?;
        let mut emu = Emulator::new(state.cols, state.rows, history_limit);
        let (term, tracked) = emu.parts_mut();
        restore_terminal(term, tracked, state);
        emu.restore_parser(state.last_char, state.title.clone());
        Ok(emu)
    }
}

/// Puts a blank terminal of `state`'s size (and its mirrored private state) in `state`.
pub(crate) fn restore_terminal(
    term: &mut Term<Listener>,
    tracked: &mut Tracked,
    state: &TermState,
) {
    if state.alternate_screen() {
        write_screen(term.grid_mut(), &state.primary);
        term.swap_alt();
        // Entering cleared the alternate screen with the primary cursor's colours.
        term.grid_mut().cursor.template = Cell::default();
        term.grid_mut().reset_region(..);
        write_screen(term.grid_mut(), &state.alternate);
        tracked.primary = Some(codec::encode_screen(&state.primary, state.cols.into()));
    } else {
        term.swap_alt();
        term.grid_mut().saved_cursor = state.alternate.saved.clone();
        term.swap_alt();
        write_screen(term.grid_mut(), &state.primary);
        tracked.alt_saved = state.alternate.saved.clone();
    }
    for &(index, rgb) in &state.colors {
        term.set_color(index.into(), rgb);
    }
    for m in MODES {
        if m != TermMode::ALT_SCREEN && term.mode().contains(m) != state.mode.contains(m) {
            set_mode(term, m, state.mode.contains(m));
        }
    }
    if let Some(stops) = &state.tabs {
        term.clear_tabs(TabulationClearMode::All);
        for &col in stops {
            term.grid_mut().cursor.point.column = Column(col.into());
            term.set_horizontal_tabstop();
        }
    }
    if let Some((start, end)) = state.region {
        // Arguments that alacritty turns back into this region.
        let top = usize::from(start) + 1;
        let bottom = if end < state.rows {
            end.into()
        } else {
            usize::from(end).max(top + 1)
        };
        term.set_scrolling_region(top, Some(bottom));
    }
    term.set_active_charset(state.charset);
    if state.cursor_style != term.cursor_style() {
        term.set_cursor_style(Some(state.cursor_style));
    }
    for title in &state.title_stack {
        term.set_title(title.clone());
        term.push_title();
    }
    term.set_title(state.term_title.clone());
    // Modes and regions moved the cursor.
    term.grid_mut().cursor = state.active().cursor.clone();

    tracked.region = state.region.map(|(s, e)| (s.into(), e.into()));
    tracked.charset = state.charset;
    tracked.tabs = state.tabs.as_ref().map(|stops| {
        let mut tabs = vec![false; state.cols.into()];
        for &c in stops {
            tabs[usize::from(c)] = true;
        }
        tabs
    });
    tracked.title = state.term_title.clone();
    tracked.title_stack = state.title_stack.clone();
    tracked.last_char = state.last_char;
}

impl Emulator {
    /// Gives back the memory alacritty holds beyond the screens themselves, without changing
    /// anything observable: its scrollback goes to the history, then the terminal is rebuilt
    /// from its own [`state`](Self::state) into grids of exactly the screen's size. alacritty
    /// otherwise keeps a cache of at least 1000 spare rows in each grid once a screen has
    /// scrolled or grown (also the hidden one, out of public reach), and rows keep the width of
    /// the widest size they ever had. The parser is kept (a sequence cut by the last output
    /// goes on), so are the history and events not collected yet. Costs a snapshot: call it on
    /// a pane that has gone idle or after a resize, not per output.
    pub fn compact(&mut self) {
        if self.is_frozen() {
            // Holds less than a compacted terminal already.
            return;
        }
        self.rebuild(false);
        let (term, tracked) = self.parts_mut();
        crate::alternate::park(term, tracked);
        // Swapping screens to park marked everything damaged; the serials are new already.
        self.forget_damage();
    }

    /// Rebuilds alacritty's terminal as [`compact`](Self::compact) does, with a ring of spare
    /// rows for a flood to scroll through (see `emulator::new_term`). Once per burst of output.
    pub(crate) fn ring(&mut self) {
        self.rebuild(true);
    }

    fn rebuild(&mut self, ring: bool) {
        self.drain_scrollback();
        let state = self.state();
        // A state read from this emulator always passes; should it not, keep the emulator as is.
        if state.check().is_ok() {
            self.rebuild_term(ring, |term, tracked| {
                restore_terminal(term, tracked, &state)
            });
        } else if ring {
            self.ring_failed();
        }
    }
}

/// Set or reset one of [`MODES`] (but the alternate screen) through alacritty's handler.
fn set_mode<T: alacritty_terminal::event::EventListener>(
    term: &mut alacritty_terminal::Term<T>,
    mode: TermMode,
    on: bool,
) {
    let private = |m| PrivateMode::Named(m);
    let named = match mode {
        TermMode::APP_KEYPAD => {
            if on {
                term.set_keypad_application_mode();
            } else {
                term.unset_keypad_application_mode();
            }
            return;
        }
        TermMode::INSERT | TermMode::LINE_FEED_NEW_LINE => {
            let m = Mode::Named(if mode == TermMode::INSERT {
                NamedMode::Insert
            } else {
                NamedMode::LineFeedNewLine
            });
            if on {
                term.set_mode(m);
            } else {
                term.unset_mode(m);
            }
            return;
        }
        TermMode::SHOW_CURSOR => NamedPrivateMode::ShowCursor,
        TermMode::APP_CURSOR => NamedPrivateMode::CursorKeys,
        TermMode::MOUSE_REPORT_CLICK => NamedPrivateMode::ReportMouseClicks,
        TermMode::MOUSE_DRAG => NamedPrivateMode::ReportCellMouseMotion,
        TermMode::MOUSE_MOTION => NamedPrivateMode::ReportAllMouseMotion,
        TermMode::BRACKETED_PASTE => NamedPrivateMode::BracketedPaste,
        TermMode::SGR_MOUSE => NamedPrivateMode::SgrMouse,
        TermMode::UTF8_MOUSE => NamedPrivateMode::Utf8Mouse,
        TermMode::LINE_WRAP => NamedPrivateMode::LineWrap,
        TermMode::ORIGIN => NamedPrivateMode::Origin,
        TermMode::FOCUS_IN_OUT => NamedPrivateMode::ReportFocusInOut,
        TermMode::ALTERNATE_SCROLL => NamedPrivateMode::AlternateScroll,
        TermMode::URGENCY_HINTS => NamedPrivateMode::UrgencyHints,
        _ => return,
    };
    if on {
        term.set_private_mode(private(named));
    } else {
        term.unset_private_mode(private(named));
    }
}
