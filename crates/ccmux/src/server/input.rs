//! Where typed and sent keys go (tmux's window_pane_key): not to a dead pane or one whose input is off
//! (`select-pane -d`), and with `synchronize-panes` to every other visible pane of the window that has
//! it on too.

use super::state::Server;
use ccmux_model::{OptionScope, PaneId};

impl Server {
    /// The panes keys for `pane` reach, `pane` first; empty when `pane` takes no input.
    pub fn input_targets(&self, pane: PaneId) -> Vec<PaneId> {
        if !self.takes_input(pane) {
            return Vec::new();
        }
        let mut out = vec![pane];
        if !self
            .model
            .option_flag(OptionScope::Pane(pane), "synchronize-panes")
        {
            return out;
        }
        let Some(w) = self
            .model
            .panes
            .get(&pane)
            .and_then(|p| self.model.windows.get(&p.window))
        else {
            return out;
        };
        for other in w.layout.panes() {
            let visible = !w.zoomed || other == w.active_pane;
            // A pane in a mode takes no synchronized keys (tmux's window_pane_copy_key).
            if other != pane
                && visible
                && !self.modes.panes.contains_key(&other)
                && self.takes_input(other)
                && self
                    .model
                    .option_flag(OptionScope::Pane(other), "synchronize-panes")
            {
                out.push(other);
            }
        }
        out
    }

    /// The pane runs a process and its input is on.
    fn takes_input(&self, pane: PaneId) -> bool {
        !self.input_off.contains(&pane) && self.panes.get(&pane).is_some_and(|h| h.alive())
    }

    /// Writes keys (encoded for each pane by `encode`) to `pane` and the panes synchronized with it.
    pub fn send_input(&self, pane: PaneId, encode: impl Fn(PaneId) -> Vec<u8>) {
        for target in self.input_targets(pane) {
            let bytes = encode(target);
            if let (false, Some(h)) = (bytes.is_empty(), self.panes.get(&target)) {
                h.write(bytes);
            }
        }
    }
}
