//! What an attached client shows for a while, and when it is due to change without any input or
//! output (tmux's per-client timers): a message (`display-time`, `display-message -d`), the pane
//! numbers (`display-panes-time`), a repeating binding's key table (`repeat-time`), the status
//! line's periodic redraw (`status-interval`: the time, and what only the status line reads, such
//! as a pane's command) and the clock of clock-mode. The client's task sleeps until the earliest
//! of them ([`Client::timer_deadline`]); an idle client with the defaults wakes every
//! `status-interval` (15 s), as tmux's does, and never with the status line off.

use super::Client;
use crate::server::state::Server;
use ccmux_model::OptionScope;
use std::time::{Duration, Instant};

/// A status line message.
pub(super) struct Message {
    pub text: String,
    /// When it goes (`None`: at the next key, `display-time 0` or `display-message -d 0`).
    pub until: Option<Instant>,
    /// Keys do not take it away (`display-message -N`, with a delay).
    pub ignore_keys: bool,
}

/// What a key did to the message shown.
#[derive(PartialEq, Eq)]
pub(super) enum KeyAndMessage {
    NoMessage,
    /// It took the message away, and goes on.
    Cleared,
    /// The message ignores keys: the key does nothing.
    Dropped,
}

/// The status line's periodic redraw.
#[derive(Default)]
pub(super) struct StatusTimer {
    /// `status-interval` as last read (`None`: no periodic redraw, the status line is off or the
    /// interval 0).
    every: Option<Duration>,
    /// The next redraw.
    due: Option<Instant>,
}

/// How often clock-mode looks at the time (tmux's clock timer: every second).
const CLOCK_TICK: Duration = Duration::from_secs(1);

impl Client {
    /// Shows a message for `display-time`.
    pub(super) fn message(&mut self, srv: &Server, text: impl Into<String>) {
        self.message_for(srv, text, None, false);
    }

    /// Shows a message for `millis` (`None`: `display-time`; 0: until a key), which keys take
    /// away unless `ignore_keys` (tmux's `status_message_set`: `-N` holds only with a delay).
    pub(super) fn message_for(
        &mut self,
        srv: &Server,
        text: impl Into<String>,
        millis: Option<u64>,
        ignore_keys: bool,
    ) {
        let millis = millis.unwrap_or_else(|| {
            let time = srv
                .model
                .option_number(OptionScope::Session(self.session), "display-time");
            u64::try_from(time).unwrap_or(0)
        });
        self.message = Some(Message {
            text: text.into(),
            until: (millis > 0).then(|| Instant::now() + Duration::from_millis(millis)),
            ignore_keys: ignore_keys && millis > 0,
        });
    }

    /// A key was pressed while a message may be shown: it takes the message away (and goes on
    /// to do what it does), or with a message that ignores keys it is dropped (tmux's
    /// `message_ignore_keys`).
    pub(super) fn key_meets_message(&mut self) -> KeyAndMessage {
        match &self.message {
            None => KeyAndMessage::NoMessage,
            Some(m) if m.ignore_keys => KeyAndMessage::Dropped,
            Some(_) => {
                self.message = None;
                self.restatus();
                KeyAndMessage::Cleared
            }
        }
    }

    /// The status lines were drawn again (or there are none: `lines` 0): takes up a new
    /// `status-interval`, counting from now when it changed (tmux restarts its timer when the
    /// option is set).
    pub(super) fn status_drawn(&mut self, srv: &Server, lines: u16) {
        let every = (lines > 0)
            .then(|| {
                srv.model
                    .option_number(OptionScope::Session(self.session), "status-interval")
            })
            .and_then(|secs| u64::try_from(secs).ok())
            .filter(|secs| *secs > 0)
            .map(Duration::from_secs);
        if every != self.status_timer.every {
            self.status_timer.every = every;
            self.status_timer.due = every.map(|e| Instant::now() + e);
        }
    }

    /// When the next of this client's timers is due, if any runs.
    pub fn timer_deadline(&self) -> Option<Instant> {
        let message = self.message.as_ref().and_then(|m| m.until);
        let numbers = self.display_panes.as_ref().and_then(|(until, _)| *until);
        let table = self.table.as_ref().and_then(|(_, until)| *until);
        let clock = self.clock.as_ref().map(|_| self.clock_due);
        [message, numbers, table, self.status_timer.due, clock]
            .into_iter()
            .flatten()
            .min()
    }

    /// Carries out the timers that are due (at `now`): what they showed goes, the status line
    /// is drawn again. The caller draws the next frame.
    pub fn timers_fired(&mut self, now: Instant) {
        let due = |until: Option<Instant>| until.is_some_and(|u| u <= now);
        if self.message.as_ref().is_some_and(|m| due(m.until)) {
            self.message = None;
        }
        if self.display_panes.as_ref().is_some_and(|(u, _)| due(*u)) {
            self.display_panes = None;
        }
        if self.table.as_ref().is_some_and(|(_, u)| due(*u)) {
            // A repeating binding's time is up: back to the root table (tmux's repeat timer).
            self.table = None;
        }
        if due(self.status_timer.due) {
            self.status_timer.due = self.status_timer.every.map(|e| now + e);
        }
        if self.clock.is_some() && self.clock_due <= now {
            self.clock_due = now + CLOCK_TICK;
        }
        self.restatus();
    }

    /// clock-mode opened: it looks at the time every second from now.
    pub(super) fn clock_opened(&mut self) {
        self.clock_due = Instant::now() + CLOCK_TICK;
    }
}
