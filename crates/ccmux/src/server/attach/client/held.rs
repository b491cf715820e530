//! Keys that wait for this client's commands (tmux's server_client_handle_key): a key goes into the
//! client's command queue behind the commands earlier keys started, so `?` + a search + `Enter`
//! followed by `Space` selects from where the search moved the cursor, however quickly they are
//! typed, and keys typed while a bound `run-shell` runs wait for it. A prompt's and an overlay's
//! (menu, popup, display-panes) keys are handled at once, as tmux's, since the queue may be waiting
//! for exactly them.

use super::Client;
use crate::server::attach::Shared;

impl Client {
    /// Whether the next input event must wait: one of this client's command queues waits for a job
    /// (or input already waits), and no prompt or overlay takes input now.
    pub(super) fn must_hold(&self) -> bool {
        (self.queues > 0 || !self.held.is_empty()) && !self.takes_input_now()
    }

    /// A prompt or an overlay is open: its keys are handled at once.
    fn takes_input_now(&self) -> bool {
        self.prompt.is_some()
            || self.menu.is_some()
            || self.popup.is_some()
            || self.display_panes.is_some()
    }

    /// One of this client's command queues is done: the input that waited for it is handled, up to
    /// a key that starts another wait.
    pub fn queue_done(&mut self, shared: &Shared) {
        self.queues = self.queues.saturating_sub(1);
        if self.held.is_empty() {
            return;
        }
        let mut srv = shared.lock();
        let read_only = self.read_only(&srv);
        while self.queues == 0 || self.takes_input_now() {
            let Some(event) = self.held.pop_front() else {
                break;
            };
            self.event(&mut srv, read_only, event);
            if self.detach.is_some() {
                break;
            }
        }
        self.plain_input = false;
    }
}
