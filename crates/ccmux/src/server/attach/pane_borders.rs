//! How the borders between panes look (`pane-border-lines`, `pane-border-style`,
//! `pane-active-border-style`), and the panes' status lines (`pane-border-status top` or `bottom`),
//! as tmux's screen_redraw_make_pane_status: on the border line above (below) each pane, `pane-border-format`
//! expanded for the pane (strftime, the client's `#()` jobs, one per pane) and drawn from two columns
//! in, `pane-border-style` (`pane-active-border-style` for the active pane) under it, over at most the
//! pane's width less four; the border stays around it. `Model::window_geometry` gives the line its row.

use super::render::{BorderLook, Frame, Lines};
use crate::server::format_ctx::Target;
use crate::server::format_jobs::{Scope, Tag};
use crate::server::state::Server;
use ccmux_model::options::Style;
use ccmux_model::{OptionScope, PaneBorderStatus, PaneId, Rect, SessionId, Window};

/// How window `w`'s borders look: the lines, and the styles (expanded for the active pane; tmux
/// expands them for the pane whose border a cell is, the same but in a mode or with
/// `synchronize-panes` set on one pane only).
pub fn look(srv: &Server, session: SessionId, w: &Window) -> BorderLook {
    let target = Target::pane(srv, Some(session), w.active_pane);
    let style = |name: &str| {
        let text = srv
            .model
            .option_text(OptionScope::Pane(w.active_pane), name);
        let s = Style::parse(&target.expand(&text)).unwrap_or_default();
        (
            super::draw::colour(s.fg),
            super::draw::colour(s.bg),
            super::draw::attrs(s.attrs),
        )
    };
    let lines = match srv
        .model
        .option_text(OptionScope::Window(w.id), "pane-border-lines")
        .as_str()
    {
        "double" => Lines::Double,
        "heavy" => Lines::Heavy,
        "simple" => Lines::Simple,
        _ => Lines::Single,
    };
    let indicators = srv
        .model
        .option_text(OptionScope::Window(w.id), "pane-border-indicators");
    BorderLook {
        lines,
        split: matches!(indicators.as_str(), "colour" | "both")
            && srv.model.pane_border_status(w.id) == PaneBorderStatus::Off,
        normal: style("pane-border-style"),
        active: style("pane-active-border-style"),
    }
}

/// Draws the status line of each pane of window `w` (`geometry`, laid out in `area`) into `frame`.
pub fn draw_status(
    srv: &Server,
    client: u32,
    session: SessionId,
    frame: &mut Frame,
    area: Rect,
    geometry: &[(PaneId, Rect)],
    w: &Window,
) {
    let (status, active) = (srv.model.pane_border_status(w.id), w.active_pane);
    for (pane, r) in geometry {
        let y = match status {
            PaneBorderStatus::Off => return,
            PaneBorderStatus::Top if r.y > area.y => r.y - 1,
            PaneBorderStatus::Bottom if r.y + r.rows < area.y + area.rows => r.y + r.rows,
            _ => continue,
        };
        if r.cols < 4 || y >= frame.rows {
            continue;
        }
        let x = usize::from(r.x) + 2;
        let width = usize::from(r.cols - 4).min(usize::from(area.cols).saturating_sub(x));
        let target = Target::pane(srv, Some(session), *pane)
            .with_jobs(Scope::client(client, true))
            .with_job_tag(Tag::Pane(pane.0));
        let style_name = match *pane == active {
            true => "pane-active-border-style",
            false => "pane-border-style",
        };
        let style = srv.model.option_text(OptionScope::Pane(*pane), style_name);
        let base = Style::parse(&target.expand(&style)).unwrap_or_default();
        let format = srv
            .model
            .option_text(OptionScope::Pane(*pane), "pane-border-format");
        let text = target.expand_time(&format);
        super::draw::draw_over(frame.row_mut(y), x, &text, &base, width);
    }
}
