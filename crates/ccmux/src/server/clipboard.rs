//! A program setting the clipboard (OSC 52), as tmux's input_osc_52: only with `set-clipboard on`
//! (not with the default `external`, which only lets copy mode set the terminal's clipboard), the
//! text becomes a new paste buffer, the terminals of the clients showing the pane get it, and
//! `pane-set-clipboard` runs.

use super::state::Server;
use crate::cmd::ClientAction;
use ccmux_model::{OptionScope, PaneId};

/// The clipboard stores the process tracker found in panes' output.
pub fn absorb(srv: &mut Server, news: &[(PaneId, super::pane::News)]) {
    for (pane, n) in news {
        if let Some(text) = &n.clipboard {
            store(srv, *pane, text.as_bytes());
        }
    }
}

fn store(srv: &mut Server, pane: PaneId, data: &[u8]) {
    if srv.model.option_text(OptionScope::Server, "set-clipboard") != "on" || data.is_empty() {
        return;
    }
    let Some(session) = srv.model.session_of_pane(pane) else {
        return;
    };
    for id in showing(srv, pane) {
        srv.clients.act(id, ClientAction::Clipboard(data.to_vec()));
    }
    super::alerts::event(srv, "pane-set-clipboard", session, Some(pane));
    if let Err(e) = srv.add_buffer(data.to_vec()) {
        srv.add_messages(&[e]);
    }
}

/// The attached clients whose session's current window holds `pane`.
pub fn showing(srv: &Server, pane: PaneId) -> Vec<u32> {
    let Some(window) = srv.model.panes.get(&pane).map(|p| p.window) else {
        return Vec::new();
    };
    (srv.clients.clients.iter())
        .filter(|(_, c)| {
            srv.model
                .sessions
                .get(&c.session)
                .is_some_and(|s| s.active_window == window)
        })
        .map(|(id, _)| *id)
        .collect()
}
