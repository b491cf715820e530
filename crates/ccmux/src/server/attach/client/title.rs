//! The client's terminal title (`set-titles`, tmux's server_client_set_title): `set-titles-string`
//! expanded with strftime for the client (its session, window and pane), written as `ESC ] 0 ; title
//! BEL` ahead of a frame when it differs from the title last written. Only to a terminal that takes
//! titles: one that `terminal-features` gives `title` (by default `xterm*` and `screen*`; tmux also
//! asks the terminal and its terminfo, which ccmux does not read). Looked at again only when the
//! status lines are (a change of the model, the status line's interval, the client's own changes),
//! not on each echo.

use super::Client;
use crate::server::state::Server;
use ccmux_model::OptionScope;

impl Client {
    /// Queues the title ahead of the next frame if it is due and changed.
    pub(super) fn set_title(&mut self, srv: &Server) {
        let key = (crate::server::pane::status_generation(), self.session);
        if self.title_key == Some(key) {
            return;
        }
        self.title_key = Some(key);
        let scope = OptionScope::Session(self.session);
        if !srv.model.option_flag(scope, "set-titles") {
            return;
        }
        let Some(entry) = srv.clients.clients.get(&self.id) else {
            return;
        };
        if !takes_titles(srv, &entry.term) {
            return;
        }
        let template = srv.model.option_text(scope, "set-titles-string");
        let vars: std::collections::BTreeMap<String, String> =
            crate::server::format_vars::client_own_vars(srv, self.id)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
        let target = crate::server::format_ctx::Target::session(srv, self.session)
            .with_formats(&vars)
            .with_jobs(crate::server::format_jobs::Scope::client(self.id, false));
        // Nothing that would end the sequence early or start another (a pane title is the
        // program's to choose).
        let title: String = target
            .expand_time(&template)
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        if self.title.as_deref() != Some(title.as_str()) {
            self.extra.push_str(&format!("\x1b]0;{title}\x07"));
            self.title = Some(title);
        }
    }
}

/// `term` has the `title` feature in `terminal-features` (tmux's tty_feature_title).
fn takes_titles(srv: &Server, term: &str) -> bool {
    let Some(list) = srv
        .model
        .option(OptionScope::Server, "terminal-features")
        .and_then(|v| v.as_array())
    else {
        return false;
    };
    list.values().any(|entry| {
        let mut parts = entry.split(':');
        let pattern = parts.next().unwrap_or_default();
        ccmux_model::options::fnmatch(pattern, term) && parts.any(|f| f == "title")
    })
}
