//! State that alacritty keeps private but a snapshot needs, mirrored from the handler calls that
//! change it (see `sink.rs`). None of these calls is on the hot path except `input`, which only
//! stores the character (for `CSI b`).

use alacritty_terminal::grid::Cursor;
use alacritty_terminal::index::Column;
use alacritty_terminal::term::cell::Cell;
use alacritty_terminal::vte::ansi::{CharsetIndex, TabulationClearMode};

/// alacritty's default tab interval.
const TAB_INTERVAL: usize = 8;

/// alacritty's title stack depth.
const TITLE_STACK_MAX_DEPTH: usize = 4096;

#[derive(Clone, Debug, Default)]
pub(crate) struct Tracked {
    /// The scroll region as alacritty computes it (`start..end` screen lines); `None`: the whole
    /// screen.
    pub(crate) region: Option<(usize, usize)>,
    /// The charset slot mapped to GL (SI/SO), shared by both screens.
    pub(crate) charset: CharsetIndex,
    /// Tab stops by column; `None`: alacritty's default, one every 8 columns.
    pub(crate) tabs: Option<Vec<bool>>,
    /// alacritty's own title (what `push_title` saves).
    pub(crate) title: Option<String>,
    pub(crate) title_stack: Vec<Option<String>>,
    /// The last printed character, which the parser repeats for `CSI b`.
    pub(crate) last_char: Option<char>,
    /// While the primary screen is active: the alternate screen's DECSC cursor, which survives
    /// until the next time the alternate screen is entered.
    pub(crate) alt_saved: Cursor<Cell>,
    /// While the alternate screen is active: the primary screen (encoded, see `codec/mod.rs`) as it
    /// was on entering it, then resized along with the terminal.
    pub(crate) primary: Option<Vec<u8>>,
    /// While the primary screen is active: alacritty's alternate grid is cut to one line (see
    /// `alternate.rs`), and must be given its size back before the alternate screen is entered.
    pub(crate) alt_parked: bool,
}

/// alacritty's default tab stops for `cols` columns.
pub(crate) fn default_tabs(cols: usize) -> Vec<bool> {
    (0..cols).map(|i| i % TAB_INTERVAL == 0).collect()
}

impl Tracked {
    /// RIS: everything back to its default but the parser's last character (and what alacritty
    /// keeps: a parked alternate grid).
    pub(crate) fn reset(&mut self) {
        *self = Tracked {
            last_char: self.last_char,
            // alacritty's reset keeps its grids' sizes.
            alt_parked: self.alt_parked,
            ..Tracked::default()
        };
    }

    /// DECSTBM, computed as alacritty does (an invalid region is ignored).
    pub(crate) fn set_region(&mut self, top: usize, bottom: Option<usize>, lines: usize) {
        let bottom = bottom.unwrap_or(lines);
        if top >= bottom {
            return;
        }
        let region = ((top - 1).min(lines), bottom.min(lines));
        self.region = (region != (0, lines)).then_some(region);
    }

    fn tabs_mut(&mut self, cols: usize) -> &mut Vec<bool> {
        self.tabs.get_or_insert_with(|| default_tabs(cols))
    }

    /// HTS at column `col`.
    pub(crate) fn set_tab(&mut self, col: Column, cols: usize) {
        if let Some(stop) = self.tabs_mut(cols).get_mut(col.0) {
            *stop = true;
        }
    }

    /// TBC.
    pub(crate) fn clear_tabs(&mut self, mode: &TabulationClearMode, col: Column, cols: usize) {
        let tabs = self.tabs_mut(cols);
        match mode {
            TabulationClearMode::Current => {
                if let Some(stop) = tabs.get_mut(col.0) {
                    *stop = false;
                }
            }
            TabulationClearMode::All => tabs.iter_mut().for_each(|stop| *stop = false),
        }
    }

    pub(crate) fn push_title(&mut self) {
        if self.title_stack.len() >= TITLE_STACK_MAX_DEPTH {
            self.title_stack.remove(0);
        }
        self.title_stack.push(self.title.clone());
    }

    pub(crate) fn pop_title(&mut self) {
        if let Some(title) = self.title_stack.pop() {
            self.title = title;
        }
    }

    /// The terminal was resized (to a different size) while `alt` was active: alacritty resets
    /// the scroll region, extends or cuts the tab stops and clamps the inactive alternate
    /// screen's saved cursor. (The primary screen's copy is resized by the emulator.)
    pub(crate) fn resize(&mut self, cols: usize, rows: usize, alt: bool) {
        self.region = None;
        if let Some(tabs) = &mut self.tabs {
            let mut index = tabs.len();
            tabs.resize_with(cols, || {
                index += 1;
                (index - 1) % TAB_INTERVAL == 0
            });
        }
        if !alt {
            let point = &mut self.alt_saved.point;
            point.line.0 = point.line.0.min(rows as i32 - 1);
            point.column.0 = point.column.0.min(cols - 1);
        }
    }
}
