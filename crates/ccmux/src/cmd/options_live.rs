//! Options take effect live: after a change, whatever reads them is told (attached clients redraw and
//! re-read their settings on the next frame; panes get a new history limit when it changes).

use super::support::Ctx;
use ccmux_model::OptionScope;

/// An option changed in `scope`.
pub fn changed(ctx: &mut Ctx, _scope: OptionScope, name: &str) {
    crate::server::pane::signal_redraw();
    if name == "history-limit" {
        // tmux applies a new history-limit to panes created afterwards only: nothing to do now.
    }
    let _ = ctx;
}
