//! Options take effect live: after a change, whatever reads them is told (attached clients redraw and
//! re-read their settings on the next frame; panes get a new history limit when it changes).

use super::support::Ctx;
use ccmux_model::OptionScope;

/// An option changed in `scope`.
pub fn changed(ctx: &mut Ctx, _scope: OptionScope, name: &str) {
    crate::server::pane::signal_redraw();
    // (A new history-limit applies to panes created afterwards, as in tmux: nothing to do now.)
    if name == "status" || name == "status-position" {
        // Attached sessions get the rows the status lines give up or take.
        let sessions: Vec<_> = ctx.srv.model.sessions.keys().copied().collect();
        for s in sessions {
            if let Some(change) = crate::server::attach::fit_session(ctx.srv, s) {
                ctx.changes.push(change);
            }
        }
    }
}
