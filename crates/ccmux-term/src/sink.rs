//! The `vte` handler that feeds alacritty's `Term` and moves scrolled-off lines into the compact
//! history as soon as alacritty's own (small) scrollback gets close to full, so that no line is
//! ever dropped whatever the size of one `advance` call.

use alacritty_terminal::event::EventListener;
use alacritty_terminal::grid::Dimensions;
use alacritty_terminal::index::Line;
use alacritty_terminal::term::Term;
use alacritty_terminal::vte::ansi::cursor_icon::CursorIcon;
use alacritty_terminal::vte::ansi::{
    Attr, CharsetIndex, ClearMode, CursorShape, CursorStyle, Handler, Hyperlink, KeyboardModes,
    KeyboardModesApplyBehavior, LineClearMode, Mode, ModifyOtherKeys, PrivateMode, Rgb,
    ScpCharPath, ScpUpdateMode, StandardCharset, TabulationClearMode,
};

use crate::history::{History, HistoryLine};
use crate::occ::row_occ;
use crate::sgr::{encode_cells, row_wraps};

/// Move every line of alacritty's scrollback into `history` (oldest first) and empty it.
pub(crate) fn drain<T>(term: &mut Term<T>, history: &mut History, scratch: &mut String) {
    let grid = term.grid();
    let h = grid.history_size();
    if h == 0 {
        return;
    }
    // Lines beyond the limit would be evicted at once: do not even encode them.
    let keep = h.min(history.limit());
    for i in (1..=keep).rev() {
        let row = &grid[Line(-(i as i32))];
        let cells = &row[..];
        let wrapped = row_wraps(cells);
        scratch.clear();
        encode_cells(cells, row_occ(row), true, wrapped, scratch);
        // `String::from(&str)` allocates exactly the length: no slack kept per line.
        let text = String::from(scratch.as_str());
        history.push(HistoryLine { text, wrapped });
    }
    term.grid_mut().clear_history();
}

/// Wraps the terminal for one `advance` call.
pub(crate) struct Sink<'a, T> {
    pub term: &'a mut Term<T>,
    pub history: &'a mut History,
    pub scratch: &'a mut String,
    /// Drain once alacritty's scrollback holds this many lines. One handler call scrolls at most
    /// one screen height, so `threshold + rows <= alacritty's scrollback size` guarantees that
    /// no line is dropped.
    pub threshold: usize,
}

impl<T> Sink<'_, T> {
    #[inline(always)]
    fn check(&mut self) {
        if self.term.grid().history_size() >= self.threshold {
            self.drain();
        }
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn drain(&mut self) {
        drain(self.term, self.history, self.scratch);
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
        Handler::input(&mut *self.term, c);
        self.check();
    }

    #[inline]
    fn reset_state(&mut self) {
        // RIS makes alacritty clear its scrollback: save it first.
        self.drain();
        Handler::reset_state(&mut *self.term);
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
        fn set_title(&mut self, title: Option<String>);
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
        fn set_horizontal_tabstop(&mut self);
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
        fn clear_tabs(&mut self, mode: TabulationClearMode);
        fn set_tabs(&mut self, interval: u16);
        fn reverse_index(&mut self);
        fn terminal_attribute(&mut self, attr: Attr);
        fn set_mode(&mut self, mode: Mode);
        fn unset_mode(&mut self, mode: Mode);
        fn report_mode(&mut self, mode: Mode);
        fn set_private_mode(&mut self, mode: PrivateMode);
        fn unset_private_mode(&mut self, mode: PrivateMode);
        fn report_private_mode(&mut self, mode: PrivateMode);
        fn set_scrolling_region(&mut self, top: usize, bottom: Option<usize>);
        fn set_keypad_application_mode(&mut self);
        fn unset_keypad_application_mode(&mut self);
        fn set_active_charset(&mut self, index: CharsetIndex);
        fn configure_charset(&mut self, index: CharsetIndex, charset: StandardCharset);
        fn set_color(&mut self, index: usize, rgb: Rgb);
        fn dynamic_color_sequence(&mut self, prefix: String, index: usize, terminator: &str);
        fn reset_color(&mut self, index: usize);
        fn clipboard_store(&mut self, clipboard: u8, data: &[u8]);
        fn clipboard_load(&mut self, clipboard: u8, terminator: &str);
        fn decaln(&mut self);
        fn push_title(&mut self);
        fn pop_title(&mut self);
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
