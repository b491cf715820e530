//! ccmux-term: server-side terminal emulation per pane.
//!
//! [`Emulator`] wraps `alacritty_terminal` for parsing and the screen, but keeps scrollback in a
//! compact form of its own ([`HistoryLine`]: text with embedded SGR): about 80 bytes for a
//! typical line instead of 24 bytes per cell (4.8 KB for a 200-column line).
//!
//! [`Emulator::state`] snapshots everything else exactly ([`TermState`]: both screens, cursors,
//! modes, scroll region, charsets, tab stops, titles, colours), [`encode_state`] turns it into
//! versioned compact bytes, and [`Emulator::from_state`] rebuilds an identical emulator.
//! [`Emulator::freeze`] keeps an idle emulator that way, without alacritty's grids, until
//! [`Emulator::thaw`] (or output, or a resize) rebuilds them.

mod alternate;
mod capture;
mod codec;
mod emulator;
mod frozen;
mod history;
mod listener;
mod modes;
mod occ;
mod palette;
mod rename;
mod render;
mod sgr;
mod sink;
mod state;
mod tracked;

pub use capture::{CaptureOptions, LineBound};
pub use codec::{decode_state, encode_state, state_size, STATE_VERSION};
pub use emulator::Emulator;
pub use history::{HistoryLine, LineRef};
pub use modes::Modes;
pub use render::{attr, history_cells, CursorShape, RenderCell, RenderColor, RenderCursor};
pub use sgr::strip_sgr;
pub use state::{StateError, TermState};

#[cfg(test)]
mod frozen_tests;
#[cfg(test)]
mod row_serial_tests;
#[cfg(test)]
mod state_tests;
#[cfg(test)]
mod tests;
