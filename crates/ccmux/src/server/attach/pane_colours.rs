//! The panes' default colours (`window-style`, `window-active-style`), as tmux's tty_default_colours:
//! a cell of a pane with the default foreground or background is drawn in the style's, the active
//! pane's from `window-active-style` unless that leaves it default, the others' from `window-style`.
//! Looked up with the frame's shape (`client/fast.rs`), so a changed style draws the frame whole.

use super::render::Frame;
use crate::server::format_ctx::Target;
use crate::server::state::Server;
use ccmux_model::options::{Colour, Style};
use ccmux_model::{OptionScope, PaneId, SessionId, Window};
use ccmux_term::RenderColor;

/// A pane's default foreground and background, where a style sets them.
pub type Colours = (Option<RenderColor>, Option<RenderColor>);

/// The panes of `w` (`panes`) whose default colours a style sets, with them.
pub fn of_window(
    srv: &Server,
    session: SessionId,
    w: &Window,
    panes: &[(PaneId, ccmux_model::Rect)],
) -> Vec<(PaneId, Colours)> {
    let mut out = Vec::new();
    for (pane, _) in panes {
        let style = |name: &str| {
            let text = srv.model.option_text(OptionScope::Pane(*pane), name);
            if text == "default" {
                return Style::default();
            }
            let target = Target::pane(srv, Some(session), *pane);
            Style::parse(&target.expand(&text)).unwrap_or_default()
        };
        let normal = style("window-style");
        let (mut fg, mut bg) = (normal.fg, normal.bg);
        if *pane == w.active_pane {
            let active = style("window-active-style");
            if active.fg != Colour::Default {
                fg = active.fg;
            }
            if active.bg != Colour::Default {
                bg = active.bg;
            }
        }
        let set = |c: Colour| (c != Colour::Default).then(|| super::draw::colour(c));
        let colours = (set(fg), set(bg));
        if colours != (None, None) {
            out.push((*pane, colours));
        }
    }
    out
}

/// `pane`'s colours in `list` (as [`of_window`] made it), if a style sets any.
pub fn find(list: &[(PaneId, Colours)], pane: PaneId) -> Option<Colours> {
    list.iter().find(|(p, _)| *p == pane).map(|(_, c)| *c)
}

/// Gives the cells of row `y` from column `x`, `n` of them, `colours` where they have the default.
pub fn apply(frame: &mut Frame, x: u16, y: u16, n: u16, colours: Colours) {
    if y >= frame.rows || x >= frame.cols {
        return;
    }
    let end = usize::from(x.saturating_add(n).min(frame.cols));
    for cell in &mut frame.row_mut(y)[usize::from(x)..end] {
        if let (Some(fg), RenderColor::Default) = (colours.0, cell.fg) {
            cell.fg = fg;
        }
        if let (Some(bg), RenderColor::Default) = (colours.1, cell.bg) {
            cell.bg = bg;
        }
    }
}
