//! An idle emulator without alacritty's grids. alacritty keeps 24 bytes a cell for every cell of
//! the screen, blank or not (a 66x14 pane: 22 KiB; 200 idle panes: 6 MiB of a server's heap),
//! where an idle pane's screen encodes in a few hundred bytes ([`encode_state`], the same bytes a
//! checkpoint writes). [`Emulator::freeze`] keeps that encoding and a 2x1 terminal in place of
//! the grids; [`Emulator::thaw`] rebuilds the terminal from it exactly, as the idle compaction
//! does (`state.rs`). The parser, the history and the events not collected yet stay as they are.
//!
//! A frozen emulator answers what the server asks of every pane without thawing (size, cursor,
//! modes, title, history, row serials, the cursor as drawn, its state for a checkpoint). Output, a resize and anything that reads
//! the screen's cells thaw it first: [`advance`](Emulator::advance) and
//! [`resize`](Emulator::resize) do so themselves; readers of cells (`render_row`,
//! `render_cursor`, `capture`, `screen_lines`) are given a thawed one by their callers (the
//! server's `pane::lock`). Row serials survive a freeze and a thaw, the cells being the same: a
//! client that drew the rows does not draw them again.

use crate::codec::{decode_state, encode_state};
use crate::emulator::Emulator;
use crate::modes::Modes;
use crate::render::RenderCursor;
use crate::state::TermState;

/// What a frozen emulator keeps of its terminal.
pub(crate) struct Frozen {
    /// [`encode_state`] of the terminal's state.
    state: Box<[u8]>,
    size: (u16, u16),
    modes: Modes,
    /// The cursor as drawn, its position the screen's cursor.
    render_cursor: RenderCursor,
}

impl Frozen {
    pub(crate) fn size(&self) -> (u16, u16) {
        self.size
    }
    pub(crate) fn cursor(&self) -> (u16, u16) {
        (self.render_cursor.col, self.render_cursor.row)
    }
    pub(crate) fn modes(&self) -> Modes {
        self.modes
    }
    pub(crate) fn render_cursor(&self) -> RenderCursor {
        self.render_cursor
    }
    pub(crate) fn encoded(&self) -> &[u8] {
        &self.state
    }
    /// The state it was frozen with (`None` only if its own encoding did not decode).
    pub(crate) fn state(&self) -> Option<TermState> {
        decode_state(&self.state).ok()
    }
}

impl Emulator {
    /// Drops alacritty's grids, keeping the terminal's state encoded (see the module's comment);
    /// nothing observable changes. For a pane gone idle; nothing when frozen already, or when the
    /// state does not check (the emulator then stays as it is).
    pub fn freeze(&mut self) {
        if self.is_frozen() {
            return;
        }
        self.drain_scrollback();
        self.shrink_history();
        let state = self.state();
        if state.check().is_err() {
            return;
        }
        let encoded = encode_state(&state);
        debug_assert_eq!(decode_state(&encoded).ok().as_ref(), Some(&state));
        let frozen = Frozen {
            state: encoded.into_boxed_slice(),
            size: self.size(),
            modes: self.modes(),
            render_cursor: self.render_cursor(),
        };
        self.drop_term();
        self.set_frozen(Some(Box::new(frozen)));
    }

    /// Rebuilds alacritty's terminal from the frozen state (nothing when not frozen): the same
    /// cells, cursors, modes and everything else [`state`](Self::state) covers, the hidden
    /// alternate grid parked as the compaction leaves it.
    pub fn thaw(&mut self) {
        let Some(frozen) = self.set_frozen(None) else {
            return;
        };
        let serials = self.take_row_serials();
        let (cols, rows) = frozen.size;
        match frozen.state() {
            Some(state) => {
                self.rebuild_term_at(cols.into(), rows.into(), false, |term, tracked| {
                    crate::state::restore_terminal(term, tracked, &state);
                    crate::alternate::park(term, tracked);
                });
                // The cells are the ones the serials were given for.
                if serials.len() == usize::from(rows) {
                    self.set_row_serials(serials);
                }
            }
            // Cannot happen (the bytes were encoded from a state that checked, and are not
            // stored anywhere): a blank screen of the same size rather than a panic.
            None => self.rebuild_term_at(cols.into(), rows.into(), false, |_, _| {}),
        }
    }

    /// Whether alacritty's grids are dropped (see [`freeze`](Self::freeze)).
    pub fn is_frozen(&self) -> bool {
        self.frozen().is_some()
    }

    /// [`encode_state`] of [`state`](Self::state), for a checkpoint: a frozen emulator's kept
    /// bytes, without thawing.
    pub fn encoded_state(&self) -> Vec<u8> {
        match self.frozen() {
            Some(f) => f.encoded().to_vec(),
            None => encode_state(&self.state()),
        }
    }
}
