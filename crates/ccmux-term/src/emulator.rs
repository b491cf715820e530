//! The per-pane emulator: alacritty's `Term` with a tiny scrollback, plus compact history.

use std::time::Duration;

use alacritty_terminal::grid::Dimensions;
use alacritty_terminal::index::Line;
use alacritty_terminal::term::{Config, Osc52, Term, TermMode};
use alacritty_terminal::vte::ansi::{Processor, Timeout};

use crate::capture::{self, CaptureOptions};
use crate::frozen::Frozen;
use crate::history::{History, HistoryLine, LineRef};
use crate::listener::{self, Listener};
use crate::modes::Modes;
use crate::occ::row_occ;
use crate::sgr::{encode_cells, row_wraps};
use crate::sink::{self, Sink};
use crate::tracked::Tracked;

/// A `vte` handler that does nothing, to put the parser in a state without touching the
/// terminal.
struct NullHandler;

impl alacritty_terminal::vte::ansi::Handler for NullHandler {}

/// Lines of scrollback alacritty itself may hold between two drains. alacritty allocates a
/// cache of 1000 spare rows as soon as anything scrolls, so a smaller value would not save
/// memory. Raised to `rows + DRAIN_BATCH` for taller screens (see [`alac_history`]).
const ALAC_HISTORY: usize = 1000;

/// Drain alacritty's scrollback once it holds this many lines. Small batches convert rows while
/// their written cells, touched at most `rows + DRAIN_BATCH` lines ago, are still in the CPU
/// cache.
const DRAIN_BATCH: usize = 64;

/// alacritty's scrollback size for a screen of `rows` lines. One handler call scrolls at most
/// `rows` lines and the sink drains at `DRAIN_BATCH`, so nothing is ever dropped.
pub(crate) fn alac_history(rows: usize) -> usize {
    ALAC_HISTORY.max(rows + DRAIN_BATCH)
}

/// A terminal gets its ring (see [`new_term`]) once this many lines scrolled through it since it
/// was built, in reads of at least [`FLOOD_READ`] bytes: a flood, not a line now and then.
const RING_AFTER: usize = DRAIN_BATCH;

/// Output handed over in pieces this big (a PTY read that found 1 KiB waiting) is a flood; lines it
/// scrolls count towards the ring. A program printing a line every 10 ms comes a line a read, and
/// never gets the ring: `rows + DRAIN_BATCH` spare rows (100 KiB at 66 columns) that only a flood
/// gains from (`bench/many_panes.py`: 20 such panes held 2 MiB of spare rows).
const FLOOD_READ: usize = 1024;

/// Spare rows of a terminal built without the ring (see [`new_term`]): lines scrolling through it
/// are drained one at a time, so alacritty always finds a spare row and never adds its cache of
/// 1000 (1.6 MB at 66 columns, 4.8 MB at 200: allocated and cleared on the first line scrolled,
/// freed again by the ring or the idle compaction, the heap's pages staying resident meanwhile).
const SPARE_ROWS: usize = 1;

/// Smallest sizes accepted (alacritty needs two columns for a wide character).
const MIN_COLS: u16 = 2;
const MIN_ROWS: u16 = 1;

/// Never buffer synchronized updates (mode 2026): the server has no frame to tear and no timer
/// to flush them with.
#[derive(Default)]
struct NoSync;

impl Timeout for NoSync {
    fn set_timeout(&mut self, _: Duration) {}
    fn clear_timeout(&mut self) {}
    fn pending_timeout(&self) -> bool {
        false
    }
}

struct Size {
    cols: usize,
    rows: usize,
}

impl Dimensions for Size {
    fn total_lines(&self) -> usize {
        self.rows
    }
    fn screen_lines(&self) -> usize {
        self.rows
    }
    fn columns(&self) -> usize {
        self.cols
    }
}

/// Server-side terminal emulation for one pane.
///
/// Output read from the PTY goes to [`advance`](Self::advance); lines scrolling off the top of
/// the main screen end up in a compact history (text with SGR, see [`HistoryLine`]) capped at
/// `history_limit` lines, while alacritty itself only ever holds the screen and a small buffer.
pub struct Emulator {
    term: Term<Listener>,
    parser: Processor<NoSync>,
    listener: Listener,
    history: History,
    /// Reused buffer for encoding lines.
    scratch: String,
    title: Option<String>,
    bell: bool,
    /// The clipboard a program last set (OSC 52) since the last look.
    clipboard: Option<String>,
    /// Takes `ESC k name ESC \` out of the output.
    rename_filter: crate::rename::RenameFilter,
    /// The last window name a program asked for since the last look.
    renamed: Option<String>,
    /// Screen height alacritty's scrollback size was last set for.
    limit_rows: usize,
    /// Private terminal state mirrored for [`state`](Self::state).
    tracked: Tracked,
    /// For each screen row, a serial of its last change (see [`row_serial`](Self::row_serial)).
    row_serials: Vec<u64>,
    /// alacritty's terminal was built with its ring of spare rows (see [`new_term`]), or that
    /// was tried, since it was last built without.
    ringed: bool,
    /// Lines moved into the history since alacritty's terminal was built, by floods' reads.
    scrolled: usize,
    /// [`RING_AFTER`] (tests turn the ring off to compare).
    ring_after: usize,
    /// See `Sink::input_ascii`.
    fast_input: bool,
    /// Drain alacritty's scrollback once it holds this many lines: as many as the terminal has
    /// spare rows ([`DRAIN_BATCH`] with the ring, [`SPARE_ROWS`] without).
    drain_at: usize,
    /// Set while alacritty's grids are dropped (`frozen.rs`): `term` is then a 2x1 stand-in.
    frozen: Option<Box<Frozen>>,
}

/// Serials of row changes, unique across emulators: a row drawn with serial `n` is unchanged while
/// its serial is still `n`, whatever replaced the emulator meanwhile.
fn next_serial() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Emulator {
    /// A blank `cols` x `rows` terminal keeping at most `history_limit` lines of scrollback.
    /// Sizes are raised to at least 2 columns and 1 row.
    pub fn new(cols: u16, rows: u16, history_limit: usize) -> Self {
        let listener = Listener::default();
        let (cols, rows) = (
            usize::from(cols.max(MIN_COLS)),
            usize::from(rows.max(MIN_ROWS)),
        );
        Self {
            term: new_term(cols, rows, listener.clone(), false),
            parser: Processor::new(),
            listener,
            history: History::new(history_limit),
            scratch: String::with_capacity(256),
            title: None,
            bell: false,
            clipboard: None,
            rename_filter: Default::default(),
            renamed: None,
            limit_rows: rows,
            tracked: Tracked::default(),
            row_serials: vec![next_serial(); rows],
            ringed: false,
            scrolled: 0,
            ring_after: RING_AFTER,
            fast_input: true,
            drain_at: SPARE_ROWS,
            frozen: None,
        }
    }

    /// A serial of the last change of screen row `row` (0 for a row past the screen): a renderer
    /// that drew the row when it had this serial need not convert its cells again. Rows change
    /// serials by alacritty's damage tracking after output; resizes and rebuilds change them all.
    pub fn row_serial(&self, row: u16) -> u64 {
        self.row_serials.get(usize::from(row)).copied().unwrap_or(0)
    }

    /// Gives every screen row a new serial.
    fn all_rows_changed(&mut self) {
        let serial = next_serial();
        self.row_serials = vec![serial; self.term.screen_lines()];
        self.forget_damage();
    }

    /// What alacritty counts as changed so far is accounted for: the next output's damage is
    /// its own (the cursor's last position included: a rebuilt terminal's starts at the top).
    pub(crate) fn forget_damage(&mut self) {
        let _ = self.term.damage();
        self.term.reset_damage();
    }

    /// Gives the rows alacritty saw damaged (the cursor's old and new rows among them) a new serial.
    fn rows_changed(&mut self) {
        let rows = self.term.screen_lines();
        if self.row_serials.len() != rows {
            return self.all_rows_changed();
        }
        let serial = next_serial();
        match self.term.damage() {
            alacritty_terminal::term::TermDamage::Full => {
                self.row_serials.fill(serial);
            }
            alacritty_terminal::term::TermDamage::Partial(lines) => {
                for d in lines {
                    if let Some(s) = self.row_serials.get_mut(d.line) {
                        *s = serial;
                    }
                }
            }
        }
        self.term.reset_damage();
    }

    /// Feed output read from the PTY. Any bytes are accepted; escape sequences may be split
    /// across calls.
    pub fn advance(&mut self, bytes: &[u8]) {
        self.thaw();
        let rows = self.term.screen_lines();
        if self.limit_rows != rows && !self.alternate_screen() {
            // A resize happened on the alternate screen, where the main grid is out of reach.
            self.drain();
            self.term.grid_mut().update_history(alac_history(rows));
            self.limit_rows = rows;
        }
        let mut sink = Sink {
            term: &mut self.term,
            history: &mut self.history,
            scratch: &mut self.scratch,
            tracked: &mut self.tracked,
            threshold: self.drain_at,
            drained: 0,
            fast_input: self.fast_input,
        };
        let parser = &mut self.parser;
        let renamed = &mut self.renamed;
        self.rename_filter.filter(
            bytes,
            |part| parser.advance(&mut sink, part),
            |name| {
                if let Some(name) = name {
                    *renamed = Some(name);
                }
            },
        );
        sink.drain();
        let drained = sink.drained;
        self.absorb_events();
        self.rows_changed();
        if bytes.len() >= FLOOD_READ {
            self.scrolled = self.scrolled.saturating_add(drained);
        }
        if !self.ringed && self.scrolled >= self.ring_after && !self.alternate_screen() {
            // A flood: its rows keep going round a small ring from here on.
            self.ring();
        }
    }

    fn drain(&mut self) {
        sink::drain(&mut self.term, &mut self.history, &mut self.scratch);
    }

    /// A rebuild with the ring could not be done: not tried again until the next rebuild.
    pub(crate) fn ring_failed(&mut self) {
        self.ringed = true;
    }

    /// Whether alacritty's terminal has its ring of spare rows (see [`new_term`]).
    #[cfg(test)]
    pub(crate) fn ringed(&self) -> bool {
        self.ringed
    }

    /// Never builds the ring (to compare with an emulator that does).
    #[cfg(test)]
    pub(crate) fn never_ring(&mut self) {
        self.ring_after = usize::MAX;
    }

    /// Prints every character through alacritty's `Term::input` (to compare with the fast path
    /// for ASCII, see `Sink::input_ascii`).
    #[cfg(test)]
    pub(crate) fn slow_input(&mut self) {
        self.fast_input = false;
    }

    /// Every row's occupancy mark (see `occ.rs`), scrollback first.
    #[cfg(test)]
    pub(crate) fn row_marks(&self) -> Vec<Option<usize>> {
        let grid = self.term.grid();
        (-(grid.history_size() as i32)..grid.screen_lines() as i32)
            .map(|line| crate::occ::row_occ(&grid[alacritty_terminal::index::Line(line)]))
            .collect()
    }

    fn absorb_events(&mut self) {
        let mut shared = self.listener.lock();
        if let Some(title) = shared.title.take() {
            self.title = title;
        }
        self.bell |= std::mem::take(&mut shared.bell);
        if let Some(text) = shared.clipboard.take() {
            self.clipboard = Some(text);
        }
    }

    /// Resize the screen (at least 2 columns, 1 row). Lines pushed off the top by the resize go
    /// to history; growing does not pull lines back from history.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.thaw();
        let (cols, rows) = (
            usize::from(cols.max(MIN_COLS)),
            usize::from(rows.max(MIN_ROWS)),
        );
        let (old_cols, old_rows) = (self.term.columns(), self.term.screen_lines());
        if (cols, rows) == (old_cols, old_rows) {
            return;
        }
        self.drain();
        let alt = self.alternate_screen();
        if !alt {
            // Reflowing to fewer columns can push many lines at once: let alacritty keep them
            // all until the drain below.
            let worst = old_rows * old_cols.div_ceil(cols) + old_rows;
            self.term
                .grid_mut()
                .update_history(worst.max(alac_history(rows)));
        }
        self.term.resize(Size { cols, rows });
        // alacritty resized a parked alternate grid to the full size too (`alternate.rs`).
        self.tracked.alt_parked = false;
        self.tracked.resize(cols, rows, alt);
        if let Some(primary) = self.tracked.primary.take() {
            // alacritty resized the hidden primary screen (with reflow): so does its copy.
            let max_scroll = alac_history(self.limit_rows);
            self.tracked.primary = crate::state::resize_screen(
                &primary,
                (old_cols, old_rows),
                (cols, rows),
                max_scroll,
            );
        }
        self.drain();
        if !alt {
            self.term.grid_mut().update_history(alac_history(rows));
            self.limit_rows = rows;
        }
        sink::repair_rows(&mut self.term);
        // alacritty left spare rows in both grids (growing allocates at least 1000, shrinking
        // keeps the rows cut off, with their content) and rows as wide as the widest size: the
        // hidden grid's are out of reach otherwise, and a spare row reused later is not always
        // the same as a fresh one.
        self.compact();
        self.all_rows_changed();
    }

    /// Bytes the terminal wants written back to the PTY (device attributes, cursor position
    /// reports, colour query answers...), in order. Empties the queue.
    pub fn take_replies(&mut self) -> Vec<u8> {
        let replies = std::mem::take(&mut self.listener.lock().replies);
        if replies.is_empty() {
            return Vec::new();
        }
        // Colour queries are answered from the terminal's colours.
        self.thaw();
        listener::format_replies(replies, self.term.colors())
    }

    /// Whether a bell (BEL) was received since the last call.
    pub fn take_bell(&mut self) -> bool {
        std::mem::take(&mut self.bell)
    }

    /// What a program last set the clipboard to (`OSC 52 ; c ; base64`) since the last call.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// The window name a program last asked for with `ESC k name ESC \` since the last call (empty:
    /// it asked for the automatic name back).
    pub fn take_rename(&mut self) -> Option<String> {
        self.renamed.take()
    }

    /// alacritty's terminal, for the renderer.
    pub(crate) fn term(&self) -> &Term<Listener> {
        debug_assert!(
            self.frozen.is_none(),
            "a frozen emulator's cells read: thaw it first"
        );
        &self.term
    }

    /// The mirrored private state, for snapshots.
    pub(crate) fn tracked(&self) -> &Tracked {
        &self.tracked
    }

    /// The terminal and the mirrored state, for restoring a snapshot.
    pub(crate) fn parts_mut(&mut self) -> (&mut Term<Listener>, &mut Tracked) {
        (&mut self.term, &mut self.tracked)
    }

    /// Last step of restoring a snapshot: the parser's last printed character (repeated by
    /// `CSI b`), the title shown, and no event left over from restoring.
    pub(crate) fn restore_parser(&mut self, last_char: Option<char>, title: Option<String>) {
        if let Some(c) = last_char.filter(|c| !c.is_control()) {
            let mut buf = [0; 4];
            self.parser
                .advance(&mut NullHandler, c.encode_utf8(&mut buf).as_bytes());
        }
        self.tracked.last_char = last_char;
        let _ = self.take_replies();
        let mut shared = self.listener.lock();
        shared.title = None;
        shared.bell = false;
        shared.clipboard = None;
        drop(shared);
        self.title = title;
        // Restored cells were written into the grid directly, not through alacritty's handler.
        self.all_rows_changed();
    }

    /// Screen size as (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        if let Some(f) = &self.frozen {
            return f.size();
        }
        (self.term.columns() as u16, self.term.screen_lines() as u16)
    }

    /// Cursor position on the screen as (column, row), 0-based.
    pub fn cursor(&self) -> (u16, u16) {
        if let Some(f) = &self.frozen {
            return f.cursor();
        }
        let point = self.term.grid().cursor.point;
        (point.column.0 as u16, point.line.0.max(0) as u16)
    }

    /// Number of lines in the compact history.
    pub fn history_len(&self) -> usize {
        self.history.len()
    }

    /// The history, oldest line first.
    pub fn history(&self) -> impl DoubleEndedIterator<Item = LineRef<'_>> + ExactSizeIterator {
        self.history.iter()
    }

    /// The visible screen rows in compact form, top first (one entry per row, empty rows
    /// included).
    pub fn screen_lines(&self) -> Vec<HistoryLine> {
        let grid = self.term().grid();
        (0..grid.screen_lines())
            .map(|row| {
                let row = &grid[Line(row as i32)];
                let cells = &row[..];
                let wrapped = row_wraps(cells);
                let mut text = String::new();
                encode_cells(cells, row_occ(row), true, wrapped, &mut text);
                HistoryLine { text, wrapped }
            })
            .collect()
    }

    /// Maximum number of history lines kept.
    pub fn history_limit(&self) -> usize {
        self.history.limit()
    }

    /// Change the history cap; the oldest lines are dropped if needed.
    pub fn set_history_limit(&mut self, n: usize) {
        self.history.set_limit(n);
    }

    /// Append lines (oldest first) as the newest history, e.g. persisted scrollback restored
    /// before the pane's program starts writing. The cap applies.
    pub fn push_history(&mut self, lines: impl IntoIterator<Item = HistoryLine>) {
        for line in lines {
            self.history.push(line);
        }
    }

    /// Drop the whole history.
    pub fn clear_history(&mut self) {
        self.history.clear();
        self.term.grid_mut().clear_history();
    }

    /// Whether the alternate screen is active.
    pub fn alternate_screen(&self) -> bool {
        if let Some(f) = &self.frozen {
            return f.modes().alt_screen;
        }
        self.term.mode().contains(TermMode::ALT_SCREEN)
    }

    /// Input-related terminal modes currently set by the program.
    pub fn modes(&self) -> Modes {
        if let Some(f) = &self.frozen {
            return f.modes();
        }
        Modes::from_term(*self.term.mode())
    }

    /// The window title set with OSC 0 or OSC 2, if any.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Text of a range of history and screen lines, following tmux `capture-pane -p`; see
    /// [`CaptureOptions`]. Every line ends with `'\n'`.
    pub fn capture(&self, opts: &CaptureOptions) -> String {
        capture::capture(&self.history, self.term().grid(), opts)
    }

    /// Approximate heap bytes held by the compact history (deque slots and text buffers,
    /// allocator overhead excluded).
    pub fn history_bytes(&self) -> usize {
        self.history.bytes()
    }

    /// Gives back the history's spare room (a pane gone idle).
    pub(crate) fn shrink_history(&mut self) {
        self.history.shrink();
    }

    /// Moves alacritty's scrollback into the history.
    pub(crate) fn drain_scrollback(&mut self) {
        self.drain();
    }

    /// For [`compact`](Self::compact): replaces alacritty's terminal with a new one of the same
    /// size (with its ring of spare rows if `ring`, see [`new_term`]) that `restore` puts in the
    /// same state (with the mirrored private state). The parser and the history are kept, so
    /// are events not collected yet; events the restoring raises are not.
    pub(crate) fn rebuild_term(
        &mut self,
        ring: bool,
        restore: impl FnOnce(&mut Term<Listener>, &mut Tracked),
    ) {
        let (cols, rows) = (self.term.columns(), self.term.screen_lines());
        self.rebuild_term_at(cols, rows, ring, restore);
    }

    /// [`rebuild_term`](Self::rebuild_term) at `cols` x `rows` (a thaw: the stand-in terminal's
    /// size is not the screen's).
    pub(crate) fn rebuild_term_at(
        &mut self,
        cols: usize,
        rows: usize,
        ring: bool,
        restore: impl FnOnce(&mut Term<Listener>, &mut Tracked),
    ) {
        let pending = std::mem::take(&mut *self.listener.lock());
        let mut term = new_term(cols, rows, self.listener.clone(), ring);
        let mut tracked = Tracked::default();
        restore(&mut term, &mut tracked);
        self.term = term;
        self.tracked = tracked;
        self.limit_rows = rows;
        self.ringed = ring;
        self.drain_at = if ring { DRAIN_BATCH } else { SPARE_ROWS };
        self.scrolled = 0;
        *self.listener.lock() = pending;
        self.all_rows_changed();
    }

    /// For a freeze: a 2x1 blank terminal in place of alacritty's grids, no mirrored state (the
    /// frozen state holds it). The parser, history, row serials and pending events stay.
    pub(crate) fn drop_term(&mut self) {
        let pending = std::mem::take(&mut *self.listener.lock());
        let (cols, rows) = (usize::from(MIN_COLS), usize::from(MIN_ROWS));
        self.term = new_term(cols, rows, self.listener.clone(), false);
        self.tracked = Tracked::default();
        self.limit_rows = rows;
        self.ringed = false;
        self.drain_at = SPARE_ROWS;
        self.scrolled = 0;
        *self.listener.lock() = pending;
    }

    pub(crate) fn frozen(&self) -> Option<&Frozen> {
        self.frozen.as_deref()
    }

    /// Sets or clears the frozen state, returning the one before.
    pub(crate) fn set_frozen(&mut self, frozen: Option<Box<Frozen>>) -> Option<Box<Frozen>> {
        std::mem::replace(&mut self.frozen, frozen)
    }

    pub(crate) fn take_row_serials(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.row_serials)
    }

    pub(crate) fn set_row_serials(&mut self, serials: Vec<u64>) {
        self.row_serials = serials;
    }
}

/// A blank alacritty terminal of `cols` x `rows` (at least the minimum sizes).
///
/// Without `ring`, its primary grid holds [`SPARE_ROWS`] spare rows: a line scrolling (drained at
/// once) takes one, where alacritty would otherwise add 1000.
///
/// With `ring`, its primary grid holds `rows + DRAIN_BATCH` spare rows, out of which it takes the
/// rows that scroll in. alacritty's grid is a ring buffer of all its rows, spare ones included:
/// each line scrolled reuses (resets, then writes) the row that has gone longest unused. Left to
/// itself, alacritty adds 1000 spare rows at the first scroll, so a flood walks through more than
/// a thousand rows, whose cells are out of the CPU caches by the time they come round again
/// (resetting them then was 12 % of a pane thread's time in `bench/throughput.py`). With the
/// history drained every `DRAIN_BATCH` lines, `rows + DRAIN_BATCH` spare rows are all the
/// scrolling ever needs, so alacritty never grows the grid, and its rows stay in the cache.
/// Only the storage differs: the same lines scroll, reset and drain, and the history limit
/// (`alac_history`) is the same. alacritty has no way to ask for spare rows but to be built
/// taller and then shrunk (it keeps the rows cut off); the alternate grid, which never scrolls
/// into a history, gives its spare rows back.
fn new_term(cols: usize, rows: usize, listener: Listener, ring: bool) -> Term<Listener> {
    let size = Size { cols, rows };
    let config = Config {
        scrolling_history: alac_history(size.rows),
        osc52: Osc52::OnlyCopy,
        ..Config::default()
    };
    let spare = if ring { rows + DRAIN_BATCH } else { SPARE_ROWS };
    let tall = Size {
        cols,
        rows: rows + spare,
    };
    let mut term = Term::new(config, &tall, listener);
    // The cursor is on the top line, so shrinking cuts blank rows off the bottom.
    term.resize(size);
    // Swapping a blank terminal's screens changes nothing but which grid `grid_mut` reaches.
    term.swap_alt();
    term.grid_mut().truncate();
    term.swap_alt();
    term
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("size", &self.size())
            .field("history_len", &self.history.len())
            .field("title", &self.title)
            .finish_non_exhaustive()
    }
}
