//! The hidden alternate screen, parked. alacritty keeps both screens' grids at the terminal's full
//! size, but while the primary screen is active nothing of the alternate one matters except its
//! saved cursor (mirrored in `Tracked::alt_saved`): entering the alternate screen clears it
//! entirely (`sink::clear_alternate`). So when an idle emulator is compacted, its alternate grid is
//! cut to one line (a 200x50 screen gives back about 235 KiB, a 49x19 pane about 21 KiB), and it is
//! given its full size back just before the alternate screen is entered (`Sink::private_mode`).
//! A resize grows it back by itself (alacritty resizes both grids); the compaction that follows a
//! resize parks it again.

use crate::tracked::Tracked;
use alacritty_terminal::event::EventListener;
use alacritty_terminal::grid::Dimensions;
use alacritty_terminal::Term;

/// Runs `f` on the alternate grid while the primary screen is active, leaving the primary screen
/// as it was: `Term::swap_alt` drops the primary screen's saved cursor on the way in, so it is put
/// back after.
fn with_alternate<T: EventListener>(
    term: &mut Term<T>,
    f: impl FnOnce(&mut alacritty_terminal::grid::Grid<alacritty_terminal::term::cell::Cell>),
) {
    let saved = term.grid().saved_cursor.clone();
    term.swap_alt();
    f(term.grid_mut());
    term.swap_alt();
    term.grid_mut().saved_cursor = saved;
}

/// Cuts the hidden alternate grid to one line (nothing when the alternate screen is active or the
/// grid is parked already).
pub(crate) fn park<T: EventListener>(term: &mut Term<T>, tracked: &mut Tracked) {
    if tracked.alt_parked
        || term
            .mode()
            .contains(alacritty_terminal::term::TermMode::ALT_SCREEN)
    {
        return;
    }
    let cols = term.columns();
    with_alternate(term, |grid| {
        grid.resize(false, 1, cols);
        // Shrinking keeps the rows cut off as spare ones: give them back.
        grid.truncate();
    });
    tracked.alt_parked = true;
}

/// Gives a parked alternate grid the terminal's size again, with its saved cursor.
pub(crate) fn unpark<T: EventListener>(term: &mut Term<T>, tracked: &mut Tracked) {
    if !tracked.alt_parked {
        return;
    }
    let (rows, cols) = (term.screen_lines(), term.columns());
    let alt_saved = tracked.alt_saved.clone();
    with_alternate(term, |grid| {
        grid.resize(false, rows, cols);
        // Growing adds at least 1000 spare rows: not wanted here.
        grid.truncate();
        grid.saved_cursor = alt_saved;
    });
    tracked.alt_parked = false;
}
