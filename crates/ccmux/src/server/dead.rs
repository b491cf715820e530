//! Panes whose process ended: closed, or kept dead with remain-on-exit (tmux's server_destroy_pane),
//! showing the `remain-on-exit-format` line until respawn-pane or kill-pane.

use super::format_ctx::Target;
use super::state::Server;
use ccmux_model::{Change, OptionScope, PaneId};

impl Server {
    /// Whether `pane` stays, dead, now that its process ended this way (`remain-on-exit` on, or
    /// `failed` and the process did not exit with status 0).
    pub fn remains_on_exit(&self, pane: PaneId, status: Option<i32>) -> bool {
        match self
            .model
            .option_text(OptionScope::Pane(pane), "remain-on-exit")
            .as_str()
        {
            "on" => true,
            "failed" => status != Some(0),
            _ => false,
        }
    }

    /// The pane's process `pid` ended: the change that records it (`PaneDied` or `PaneClosed`),
    /// applied; `None` when there is nothing to do (the pane is gone, already dead, or runs another
    /// process since: a respawn).
    pub fn pane_exited(
        &mut self,
        pane: PaneId,
        pid: i32,
        status: Option<i32>,
        signal: Option<i32>,
    ) -> Option<Change> {
        let handle = self.panes.get(&pane)?;
        if handle.pid != pid || !handle.alive() || !self.model.panes.contains_key(&pane) {
            return None;
        }
        if !self.remains_on_exit(pane, status) {
            let change = Change::PaneClosed { id: pane };
            return match self.apply(&change) {
                Ok(_) => Some(change),
                Err(e) => {
                    tracing::warn!(%pane, "closing pane failed: {e}");
                    None
                }
            };
        }
        let change = Change::PaneDied {
            id: pane,
            status,
            signal,
            time: now(),
        };
        if let Err(e) = self.apply(&change) {
            tracing::warn!(%pane, "marking pane dead failed: {e}");
            return None;
        }
        if let Some(h) = self.panes.get_mut(&pane) {
            h.mark_dead();
        }
        self.show_dead(pane);
        Some(change)
    }

    /// Writes the `remain-on-exit-format` line at the bottom of a dead pane, as tmux does (a new line
    /// at the bottom, the text from column 0, cursor hidden).
    pub fn show_dead(&self, pane: PaneId) {
        let fmt = self
            .model
            .option_text(OptionScope::Pane(pane), "remain-on-exit-format");
        let text = if fmt.is_empty() {
            String::new()
        } else {
            Target::pane(self, None, pane).expand(&fmt)
        };
        let Some(handle) = self.panes.get(&pane) else {
            return;
        };
        let Some(mut screen) = super::pane::lock(&handle.screen) else {
            return;
        };
        let (cols, rows) = screen.emu.size();
        let mut bytes = Vec::new();
        if !text.is_empty() {
            let shown: String = text
                .chars()
                .filter(|c| !c.is_control())
                .take(cols as usize)
                .collect();
            // tmux draws it without moving the cursor from column 0.
            bytes.extend_from_slice(format!("\x1b[r\x1b[{rows};1H\n\r\x1b[0m{shown}\r").as_bytes());
        }
        bytes.extend_from_slice(b"\x1b[?25l");
        screen.inject(&bytes);
        drop(screen);
        super::pane::signal_redraw();
    }

    /// Recovery found `pane`'s process ended while no server ran (`how` as the keeper tells it): with
    /// remain-on-exit it stays, dead; `None` means close it.
    pub fn died_while_away(&self, pane: PaneId, how: &str) -> Option<Change> {
        let number = |prefix: &str| {
            how.strip_prefix(prefix)
                .and_then(|n| n.trim().parse::<i32>().ok())
        };
        let status = number("exited with status ");
        let signal = number("killed by signal ");
        self.remains_on_exit(pane, status)
            .then(|| Change::PaneDied {
                id: pane,
                status,
                signal,
                time: now(),
            })
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
