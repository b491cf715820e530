//! The `vte` handler that feeds alacritty's `Term` and moves scrolled-off lines into the compact
//! history as soon as alacritty's own (small) scrollback gets close to full, so that no line is
//! ever dropped whatever the size of one `advance` call.

use alacritty_terminal::event::EventListener;
use alacritty_terminal::grid::{Cursor, Dimensions};
use alacritty_terminal::index::Line;
use alacritty_terminal::term::cell::{Cell, Flags};
use alacritty_terminal::term::{Term, TermMode};
use alacritty_terminal::vte::ansi::cursor_icon::CursorIcon;
use alacritty_terminal::vte::ansi::{
    Attr, CharsetIndex, ClearMode, CursorShape, CursorStyle, Handler, Hyperlink, KeyboardModes,
    KeyboardModesApplyBehavior, LineClearMode, Mode, ModifyOtherKeys, NamedPrivateMode,
    PrivateMode, Rgb, ScpCharPath, ScpUpdateMode, StandardCharset, TabulationClearMode,
};

use crate::history::History;
use crate::occ::row_occ;
use crate::sgr::{encode_cells, row_wraps};
use crate::tracked::Tracked;

/// Move every line of alacritty's scrollback into `history` (oldest first) and empty it; returns
/// how many lines that was.
pub(crate) fn drain<T>(term: &mut Term<T>, history: &mut History, scratch: &mut String) -> usize {
    let grid = term.grid();
    let h = grid.history_size();
    if h == 0 {
        return 0;
    }
    // Lines beyond the limit would be evicted at once: do not even encode them.
    let keep = h.min(history.limit());
    for i in (1..=keep).rev() {
        let row = &grid[Line(-(i as i32))];
        let cells = &row[..];
        let wrapped = row_wraps(cells);
        scratch.clear();
        encode_cells(cells, row_occ(row), true, wrapped, scratch);
        history.push_str(scratch, wrapped);
    }
    term.grid_mut().clear_history();
    h
}

/// Clear the alternate screen just entered for good. alacritty resets its rows only up to
/// their occupancy mark, which widening the terminal leaves behind: cells of a previous use
/// cleared with a background colour could show through. (Also, what the hidden alternate screen
/// held then does not matter, so a snapshot need not keep it.)
fn clear_alternate<T>(term: &mut Term<T>) {
    let grid = term.grid_mut();
    for line in 0..grid.screen_lines() {
        // Mark every cell as written, so that the reset below clears them all.
        let _ = &mut grid[Line(line as i32)][..];
    }
    grid.reset_region(..);
}

/// After a resize: make every row's occupancy mark true again. alacritty widens rows without
/// moving the mark, so cells cleared with a background colour can be left past it, where a
/// later reset (clearing with another colour) does not reach: stale coloured cells would show
/// through, and differently in an emulator restored from a snapshot. Its cache of spare rows
/// (reused when lines scroll) is dropped for the same reason.
pub(crate) fn repair_rows<T>(term: &mut Term<T>) {
    let grid = term.grid_mut();
    grid.truncate();
    for line in -(grid.history_size() as i32)..grid.screen_lines() as i32 {
        let row = &mut grid[Line(line)];
        let Some(occ) = row_occ(row) else { continue };
        let cells = &row[..];
        if cells
            .get(occ..)
            .is_some_and(|rest| rest.iter().any(|c| *c != rest[0]))
        {
            // Marks every cell as written.
            let _ = &mut row[..];
        }
    }
}

/// Wraps the terminal for one `advance` call.
pub(crate) struct Sink<'a, T> {
    pub term: &'a mut Term<T>,
    pub history: &'a mut History,
    pub scratch: &'a mut String,
    /// Private terminal state mirrored for snapshots.
    pub tracked: &'a mut Tracked,
    /// Drain once alacritty's scrollback holds this many lines. One handler call scrolls at most
    /// one screen height, so `threshold + rows <= alacritty's scrollback size` guarantees that
    /// no line is dropped.
    pub threshold: usize,
    /// Lines moved into the history by this sink.
    pub drained: usize,
    /// Whether printable ASCII takes [`Sink::input_ascii`] (always, but in tests comparing it
    /// with alacritty's own path).
    pub fast_input: bool,
}

impl<T: EventListener> Sink<'_, T> {
    #[inline(always)]
    fn check(&mut self) {
        if self.term.grid().history_size() >= self.threshold {
            self.drain();
        }
    }

    /// alacritty's `Term::input` for a printable ASCII character (`c`), in the case that nearly
    /// all output is: the cursor is not waiting to wrap, insert mode is off and the cell under the
    /// cursor is not half of a wide character. Writes the cell and moves the cursor exactly as
    /// `Term::input` does (with the charset it maps through, mirrored in `tracked`), without its
    /// call, its width lookup and its other cases; returns false, having changed nothing, for
    /// `Term::input` to take any other case. Nothing scrolls here, so the scrollback needs no check.
    #[inline(always)]
    fn input_ascii(&mut self, c: char) -> bool {
        if self.term.mode().contains(TermMode::INSERT) {
            return false;
        }
        let charset = self.tracked.charset;
        let grid = self.term.grid_mut();
        let cursor = &grid.cursor;
        if cursor.input_needs_wrap {
            return false;
        }
        let c = cursor.charsets[charset].map(c);
        let point = cursor.point;
        let template = &cursor.template;
        let (fg, bg, flags) = (template.fg, template.bg, template.flags);
        let extra = template.extra.clone();
        let columns = grid.columns();
        // (Marks the cell as written, as `Term::input` does first thing in this case too.)
        let cell = &mut grid[point.line][point.column];
        if cell
            .flags
            .intersects(Flags::WIDE_CHAR | Flags::WIDE_CHAR_SPACER)
        {
            return false;
        }
        cell.c = c;
        cell.fg = fg;
        cell.bg = bg;
        cell.flags = flags;
        cell.extra = extra;
        if point.column + 1 < columns {
            grid.cursor.point.column += 1;
        } else {
            grid.cursor.input_needs_wrap = true;
        }
        true
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn drain(&mut self) {
        self.drained += drain(self.term, self.history, self.scratch);
    }

    fn alt(&self) -> bool {
        self.term
            .mode()
            .contains(alacritty_terminal::term::TermMode::ALT_SCREEN)
    }

    /// The screen is about to switch (mode 1049): keep what alacritty is going to put out of
    /// reach. On leaving, returns the primary screen's saved cursor to put back afterwards
    /// (lost when a restored emulator entered the alternate screen).
    #[cold]
    #[inline(never)]
    fn before_swap(&mut self, enter: bool) -> Option<Cursor<Cell>> {
        let cols = self.term.columns();
        if enter && !self.alt() {
            // Lines still in alacritty's scrollback would stay with the hidden primary grid, which
            // a resize meanwhile reflows (growing pulls them back onto the screen): they go to the
            // history now, however many there are (how often a terminal drains depends on its
            // spare rows, see `emulator::new_term`; what happens must not).
            self.drain();
            let mut primary = crate::state::read_screen(self.term.grid());
            // As alacritty does on entering.
            primary.saved = primary.cursor.clone();
            self.tracked.primary = Some(crate::codec::encode_screen(&primary, cols));
        } else if !enter && self.alt() {
            self.tracked.alt_saved = self.term.grid().saved_cursor.clone();
            let rows = self.term.screen_lines();
            let primary = self.tracked.primary.take()?;
            return crate::codec::decode_screen(&primary, cols, rows)
                .ok()
                .map(|screen| screen.saved);
        }
        None
    }

    /// Set or reset a private mode, with its side effects on the mirrored state.
    fn private_mode(&mut self, mode: PrivateMode, set: bool) {
        let mut saved = None;
        let mut entering = false;
        match mode {
            PrivateMode::Named(NamedPrivateMode::SwapScreenAndSetRestoreCursor) => {
                entering = set && !self.alt();
                saved = self.before_swap(set);
            }
            // DECCOLM resets the scroll region.
            PrivateMode::Named(NamedPrivateMode::ColumnMode) => self.tracked.region = None,
            _ => {}
        }
        if entering {
            crate::alternate::unpark(self.term, self.tracked);
        }
        if set {
            Handler::set_private_mode(&mut *self.term, mode);
        } else {
            Handler::unset_private_mode(&mut *self.term, mode);
        }
        if let Some(saved) = saved {
            // Back on the primary screen, which may have been resized meanwhile.
            self.term.grid_mut().saved_cursor = saved;
            repair_rows(self.term);
        }
        if entering {
            clear_alternate(self.term);
        }
        self.check();
    }
}

/// Forward handler methods to the terminal, checking the scrollback after each.
macro_rules! forward {
    ($( fn $name:ident(&mut self $(, $arg:ident : $ty:ty)* ); )*) => {
        $(
            #[inline]
            fn $name(&mut self $(, $arg: $ty)*) {
                Handler::$name(&mut *self.term $(, $arg)*);
                self.check();
            }
        )*
    };
}

impl<T: EventListener> Handler for Sink<'_, T> {
    #[inline(always)]
    fn input(&mut self, c: char) {
        self.tracked.last_char = Some(c);
        if self.fast_input && (c.is_ascii_graphic() || c == ' ') && self.input_ascii(c) {
            return;
        }
        Handler::input(&mut *self.term, c);
        self.check();
    }

    #[inline]
    fn reset_state(&mut self) {
        // RIS makes alacritty clear its scrollback: save it first.
        self.drain();
        Handler::reset_state(&mut *self.term);
        self.tracked.reset();
        // The primary screen may come back from behind the alternate one, resized meanwhile.
        repair_rows(self.term);
    }

    fn set_private_mode(&mut self, mode: PrivateMode) {
        self.private_mode(mode, true);
    }

    fn unset_private_mode(&mut self, mode: PrivateMode) {
        self.private_mode(mode, false);
    }

    fn set_scrolling_region(&mut self, top: usize, bottom: Option<usize>) {
        let lines = self.term.screen_lines();
        self.tracked.set_region(top, bottom, lines);
        Handler::set_scrolling_region(&mut *self.term, top, bottom);
    }

    fn set_active_charset(&mut self, index: CharsetIndex) {
        self.tracked.charset = index;
        Handler::set_active_charset(&mut *self.term, index);
    }

    fn set_horizontal_tabstop(&mut self) {
        let (col, cols) = (self.term.grid().cursor.point.column, self.term.columns());
        self.tracked.set_tab(col, cols);
        Handler::set_horizontal_tabstop(&mut *self.term);
    }

    fn clear_tabs(&mut self, mode: TabulationClearMode) {
        let (col, cols) = (self.term.grid().cursor.point.column, self.term.columns());
        self.tracked.clear_tabs(&mode, col, cols);
        Handler::clear_tabs(&mut *self.term, mode);
    }

    fn set_title(&mut self, title: Option<String>) {
        self.tracked.title.clone_from(&title);
        Handler::set_title(&mut *self.term, title);
    }

    fn push_title(&mut self) {
        self.tracked.push_title();
        Handler::push_title(&mut *self.term);
    }

    fn pop_title(&mut self) {
        self.tracked.pop_title();
        Handler::pop_title(&mut *self.term);
    }

    #[inline]
    fn clear_screen(&mut self, mode: ClearMode) {
        // ESC [ 3 J clears the scrollback, as in tmux (not on the alternate screen, which has
        // none).
        if matches!(mode, ClearMode::Saved)
            && !self
                .term
                .mode()
                .contains(alacritty_terminal::term::TermMode::ALT_SCREEN)
        {
            self.history.clear();
        }
        Handler::clear_screen(&mut *self.term, mode);
        self.check();
    }

    forward! {
        fn set_cursor_style(&mut self, style: Option<CursorStyle>);
        fn set_cursor_shape(&mut self, shape: CursorShape);
        fn goto(&mut self, line: i32, col: usize);
        fn goto_line(&mut self, line: i32);
        fn goto_col(&mut self, col: usize);
        fn insert_blank(&mut self, count: usize);
        fn move_up(&mut self, count: usize);
        fn move_down(&mut self, count: usize);
        fn identify_terminal(&mut self, intermediate: Option<char>);
        fn device_status(&mut self, arg: usize);
        fn move_forward(&mut self, col: usize);
        fn move_backward(&mut self, col: usize);
        fn move_down_and_cr(&mut self, row: usize);
        fn move_up_and_cr(&mut self, row: usize);
        fn put_tab(&mut self, count: u16);
        fn backspace(&mut self);
        fn carriage_return(&mut self);
        fn linefeed(&mut self);
        fn bell(&mut self);
        fn substitute(&mut self);
        fn newline(&mut self);
        fn scroll_up(&mut self, count: usize);
        fn scroll_down(&mut self, count: usize);
        fn insert_blank_lines(&mut self, count: usize);
        fn delete_lines(&mut self, count: usize);
        fn erase_chars(&mut self, count: usize);
        fn delete_chars(&mut self, count: usize);
        fn move_backward_tabs(&mut self, count: u16);
        fn move_forward_tabs(&mut self, count: u16);
        fn save_cursor_position(&mut self);
        fn restore_cursor_position(&mut self);
        fn clear_line(&mut self, mode: LineClearMode);
        fn set_tabs(&mut self, interval: u16);
        fn reverse_index(&mut self);
        fn terminal_attribute(&mut self, attr: Attr);
        fn set_mode(&mut self, mode: Mode);
        fn unset_mode(&mut self, mode: Mode);
        fn report_mode(&mut self, mode: Mode);
        fn report_private_mode(&mut self, mode: PrivateMode);
        fn set_keypad_application_mode(&mut self);
        fn unset_keypad_application_mode(&mut self);
        fn configure_charset(&mut self, index: CharsetIndex, charset: StandardCharset);
        fn set_color(&mut self, index: usize, rgb: Rgb);
        fn dynamic_color_sequence(&mut self, prefix: String, index: usize, terminator: &str);
        fn reset_color(&mut self, index: usize);
        fn clipboard_store(&mut self, clipboard: u8, data: &[u8]);
        fn clipboard_load(&mut self, clipboard: u8, terminator: &str);
        fn decaln(&mut self);
        fn text_area_size_pixels(&mut self);
        fn text_area_size_chars(&mut self);
        fn set_hyperlink(&mut self, link: Option<Hyperlink>);
        fn set_mouse_cursor_icon(&mut self, icon: CursorIcon);
        fn report_keyboard_mode(&mut self);
        fn push_keyboard_mode(&mut self, mode: KeyboardModes);
        fn pop_keyboard_modes(&mut self, to_pop: u16);
        fn set_keyboard_mode(&mut self, mode: KeyboardModes, behavior: KeyboardModesApplyBehavior);
        fn set_modify_other_keys(&mut self, mode: ModifyOtherKeys);
        fn report_modify_other_keys(&mut self);
        fn set_scp(&mut self, char_path: ScpCharPath, update_mode: ScpUpdateMode);
    }
}
