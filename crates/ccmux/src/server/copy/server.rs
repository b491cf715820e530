//! The server's side of copy mode: entering it on a pane from the pane's emulator, running copy
//! commands, view mode for command output, and the mode following the pane's size and end.

use super::commands::{self, Outcome, Request};
use super::{CopyMode, Settings};
use crate::server::state::Server;
use ccmux_model::{OptionScope, PaneId};

/// How `copy-mode` starts the mode.
#[derive(Clone, Copy, Debug, Default)]
pub struct Enter {
    /// `-e`: the mode ends when scrolled to the bottom.
    pub scroll_exit: bool,
    /// `-H`: no position indicator.
    pub hide_position: bool,
}

impl Server {
    /// The options copy commands read, for a pane.
    pub fn copy_settings(&self, pane: PaneId) -> Settings {
        let window = self.model.panes.get(&pane).map(|p| p.window);
        let session = self.model.session_of_pane(pane);
        let wscope = window.map_or(OptionScope::GlobalWindow, OptionScope::Window);
        let sscope = session.map_or(OptionScope::GlobalSession, OptionScope::Session);
        Settings {
            vi: self.model.option_text(wscope, "mode-keys") == "vi",
            separators: self.model.option_text(sscope, "word-separators"),
            wrap_search: self.model.option_flag(wscope, "wrap-search"),
        }
    }

    /// The key table of a pane's mode (`copy-mode-vi` with `mode-keys vi`), if it is in one.
    pub fn mode_table(&self, pane: PaneId) -> Option<&'static str> {
        self.modes.panes.get(&pane)?;
        Some(if self.copy_settings(pane).vi {
            "copy-mode-vi"
        } else {
            "copy-mode"
        })
    }

    /// Puts `pane` in copy mode over the contents of `source` (usually itself); false if it already
    /// is (tmux's window_pane_set_mode).
    pub fn enter_copy_mode(&mut self, pane: PaneId, source: PaneId, how: Enter) -> bool {
        if self.modes.panes.get(&pane).is_some_and(|m| !m.viewmode) {
            return false;
        }
        let Some(rect) = self.model.pane_rect(pane) else {
            return false;
        };
        let set = self.copy_settings(pane);
        let last = self.modes.search.get(&pane).cloned();
        let Some(cm) = self.snapshot(source, |history, screen, cols, cursor| {
            CopyMode::new(history, screen, cols, cursor, source, set, last.as_ref())
        }) else {
            return false;
        };
        let mut cm = cm;
        cm.scroll_exit = how.scroll_exit;
        cm.hide_position = how.hide_position;
        if source != pane || (cm.sx(), cm.sy()) != (rect.cols as usize, rect.rows as usize) {
            cm.resize(rect.cols as usize, rect.rows as usize);
        }
        self.modes.panes.insert(pane, cm);
        crate::server::pane::signal_redraw();
        true
    }

    /// Reads a pane's history and screen under its screen lock.
    fn snapshot<T>(
        &self,
        pane: PaneId,
        f: impl FnOnce(
            &mut dyn Iterator<Item = ccmux_term::LineRef<'_>>,
            &[ccmux_term::HistoryLine],
            usize,
            (usize, usize),
        ) -> T,
    ) -> Option<T> {
        let handle = self.panes.get(&pane)?;
        let screen = crate::server::pane::lock(&handle.screen)?;
        let emu = &screen.emu;
        let rows = emu.screen_lines();
        let (cols, _) = emu.size();
        let (x, y) = emu.cursor();
        let mut history = emu.history();
        Some(f(
            &mut history,
            &rows,
            cols as usize,
            (x as usize, y as usize),
        ))
    }

    /// Shows command output in view mode on `pane` (added below what it shows already).
    pub fn view_output(&mut self, pane: PaneId, text: &str) {
        let Some(rect) = self.model.pane_rect(pane) else {
            return;
        };
        if !self.modes.panes.get(&pane).is_some_and(|m| m.viewmode) {
            let set = self.copy_settings(pane);
            let cm = CopyMode::view(rect.cols as usize, rect.rows as usize, pane, set);
            self.modes.panes.insert(pane, cm);
        }
        if let Some(cm) = self.modes.panes.get_mut(&pane) {
            for line in text.split('\n') {
                cm.add(line);
            }
        }
        crate::server::pane::signal_redraw();
    }

    /// Ends a pane's mode (tmux's window_pane_reset_mode).
    pub fn leave_mode(&mut self, pane: PaneId) -> bool {
        let left = self.modes.panes.remove(&pane).is_some();
        if left {
            crate::server::pane::signal_redraw();
        }
        left
    }

    /// Runs a copy command on a pane's mode; `None` if it is in none. The mode ends when the command
    /// cancels it.
    pub fn copy_command(&mut self, pane: PaneId, req: &Request) -> Option<Outcome> {
        let set = self.copy_settings(pane);
        if req.args.first().map(String::as_str) == Some("refresh-from-pane") {
            let source = self.modes.panes.get(&pane)?.source;
            let fresh = self.snapshot(source, |history, screen, cols, _| {
                let lines: Vec<_> = history.map(|l| l.to_owned()).collect();
                (lines, screen.to_vec(), cols)
            });
            if let (Some((lines, screen, cols)), Some(cm)) =
                (fresh, self.modes.panes.get_mut(&pane))
            {
                cm.refresh(
                    lines.iter().map(ccmux_term::HistoryLine::as_ref),
                    &screen,
                    cols,
                );
            }
        }
        let mut last = self.modes.search.get(&pane).cloned();
        let cm = self.modes.panes.get_mut(&pane)?;
        cm.set = set.clone();
        let out = commands::run(cm, req, &mut last, &set.separators);
        if let Some(l) = last {
            self.modes.search.insert(pane, l);
        }
        if out.action == commands::Action::Cancel {
            self.leave_mode(pane);
        }
        crate::server::pane::signal_redraw();
        Some(out)
    }

    /// Follows a pane's new size.
    pub fn resize_mode(&mut self, pane: PaneId, cols: u16, rows: u16) {
        if let Some(cm) = self.modes.panes.get_mut(&pane) {
            if (cm.sx(), cm.sy()) != (cols as usize, rows as usize) {
                cm.resize(cols as usize, rows as usize);
            }
        }
    }
}
