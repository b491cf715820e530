//! Where an attached client goes when its session ends (tmux's server_destroy_session):
//! `detach-on-destroy on` (the default) detaches it; `off` moves it to the session with the oldest
//! activity of the others, `no-detached` to that of the sessions no client is attached to (tmux's
//! server_next_session picks the smallest activity time: the oldest, not the newest). The option is
//! the ending session's own, read before the change removes it. A terminal client's task takes the
//! new session as a switch-client (`Client::follow_session`); a control client is switched at once.

use super::state::Server;
use ccmux_model::{OptionScope, SessionId};

/// `detach-on-destroy` of each session a client is attached to, now.
pub fn policies(srv: &Server) -> Vec<(SessionId, String)> {
    let mut out: Vec<(SessionId, String)> = Vec::new();
    for c in srv.clients.clients.values() {
        if !out.iter().any(|(s, _)| *s == c.session) {
            let value = srv
                .model
                .option_text(OptionScope::Session(c.session), "detach-on-destroy");
            out.push((c.session, value));
        }
    }
    out
}

/// Points the clients of each session in `closed` at the session they go to, if any (`policies`: as
/// [`policies`] read before the sessions ended): a terminal client's task switches when it next
/// draws; a control client is switched now (`%session-changed` before the lines about the session's
/// end, as tmux's order).
pub fn move_clients(srv: &mut Server, closed: &[SessionId], policies: &[(SessionId, String)]) {
    for (gone, policy) in policies.iter().filter(|(s, _)| closed.contains(s)) {
        let attached =
            |srv: &Server, s: SessionId| srv.clients.clients.values().any(|c| c.session == s);
        let candidates = srv
            .model
            .sessions
            .keys()
            .copied()
            .filter(|s| match policy.as_str() {
                "off" => true,
                "no-detached" => !attached(srv, *s),
                _ => false,
            });
        let next = candidates.min_by_key(|s| (srv.session_activity(*s), s.0));
        let Some(next) = next else {
            continue;
        };
        let mut control = Vec::new();
        for (id, c) in srv.clients.clients.iter_mut() {
            if c.session != *gone {
                continue;
            }
            match c.control {
                None => c.session = next,
                Some(_) => control.push(*id),
            }
        }
        for id in control {
            super::control::task::switch(srv, id, next);
        }
    }
}

/// `session` exists, no client is attached to it, and its `destroy-unattached` is on.
fn to_destroy(srv: &Server, session: SessionId) -> bool {
    srv.model.sessions.contains_key(&session)
        && !srv.clients.clients.values().any(|c| c.session == session)
        && srv
            .model
            .option_flag(OptionScope::Session(session), "destroy-unattached")
}

/// The sessions [`client_left`] would kill now (for `destroy-unattached` just set on).
pub fn unattached_to_destroy(srv: &Server) -> Vec<SessionId> {
    let all = srv.model.sessions.keys().copied();
    all.filter(|s| to_destroy(srv, *s)).collect()
}

/// A client left `session` (detached, went, switched away): with no client left on it and its
/// `destroy-unattached` on, it is killed, as tmux's server_check_unattached (logged in the
/// background). tmux looks at every session on each turn of its loop; ccmux when a client leaves
/// one and when the option is set, not otherwise: a session recovered after a crash waits for its
/// client to come back, and one made detached with the option already on stays.
pub fn client_left(srv: &mut Server, session: SessionId) {
    if !to_destroy(srv, session) {
        return;
    }
    let change = ccmux_model::Change::SessionClosed { id: session };
    match srv.apply(&change) {
        Ok(_) => srv.commit_in_background(&[change]),
        Err(e) => tracing::warn!("destroy-unattached: {e}"),
    }
}
