//! The modes a client shows over a pane (above the pane's own copy mode, if it has one): the choosers (choose-tree, choose-client,
//! choose-buffer, find-window) and clock mode; their keys, clicks, answers and leaving.

use super::super::chooser::{AskKind, Chooser, Click, Outcome, Spec};
use super::super::clock::Clock;
use super::super::menu::{self, Action, Menu, MenuSpec};
use super::Client;
use crate::server::state::Server;
use ccmux_model::keys::{Key, Mouse};
use ccmux_model::PaneId;
use std::time::{Duration, Instant};

/// Two presses closer than this are a double click (tmux's).
const DOUBLE_CLICK: Duration = Duration::from_millis(300);

impl Client {
    /// Shows a chooser over `pane` (zooming it first for `-Z`).
    pub(super) fn open_chooser(&mut self, srv: &mut Server, pane: PaneId, spec: Spec) {
        self.clock = self.clock.take().filter(|c| c.pane != pane);
        self.leave_chooser(srv);
        let zoom = spec.zoom;
        let mut ch = Chooser::new(spec, pane, self.session);
        if zoom {
            let window = srv.model.panes.get(&pane).map(|p| p.window);
            let w = window.and_then(|w| srv.model.windows.get(&w));
            if w.is_some_and(|w| !w.zoomed && w.layout.panes().len() > 1) {
                self.run_line(srv, &format!("resize-pane -Z -t {pane}"));
                ch.zoomed = true;
            }
        }
        let rect = srv.model.pane_rect(pane).unwrap_or_default();
        ch.resize(srv, rect.cols, rect.rows);
        self.chooser = Some(ch);
    }

    /// Leaves the chooser (unzooming what `-Z` zoomed).
    pub(super) fn leave_chooser(&mut self, srv: &mut Server) {
        if let Some(ch) = self.chooser.take() {
            if let Some(line) = ch.leave_command(srv) {
                self.run_line(srv, &line);
            }
        }
    }

    /// Whether this client shows a chooser or clock mode over `pane` (above its copy mode, if any).
    pub(super) fn shows_mode_on(&self, pane: PaneId) -> bool {
        self.chooser.as_ref().is_some_and(|c| c.pane == pane)
            || self.clock.as_ref().is_some_and(|c| c.pane == pane)
    }

    /// `pane` entered copy or view mode, on top of the chooser or clock mode shown over it: as in
    /// tmux's mode stack, the chooser waits below it and is back once that mode ends (see
    /// [`Client::unstack`]); clock mode ends.
    pub(super) fn leave_modes_on(&mut self, _srv: &mut Server, pane: PaneId) {
        if self.chooser.as_ref().is_some_and(|c| c.pane == pane) {
            self.stacked = self.chooser.take();
        }
        self.clock = self.clock.take().filter(|c| c.pane != pane);
    }

    /// The chooser stacked below a pane's copy or view mode is shown again once that mode ended.
    pub fn unstack(&mut self, srv: &Server) {
        let Some(pane) = self.stacked.as_ref().map(|c| c.pane) else {
            return;
        };
        if srv.modes.panes.contains_key(&pane) {
            return;
        }
        let chooser = self.stacked.take();
        if self.chooser.is_none() {
            self.chooser = chooser;
        }
    }

    /// A key for the chooser or the clock on the active pane, if there is one; false otherwise.
    pub(super) fn mode_key(&mut self, srv: &mut Server, key: Key) -> bool {
        let active = self.active_pane(srv);
        if self.clock.as_ref().is_some_and(|c| Some(c.pane) == active) {
            // Any key leaves clock mode.
            self.clock = None;
            return true;
        }
        let Some(ch) = self.chooser.as_mut().filter(|c| Some(c.pane) == active) else {
            return false;
        };
        let outcome = ch.key(srv, key);
        self.chooser_outcome(srv, outcome);
        true
    }

    /// The answer to a chooser's question.
    pub(super) fn chooser_answer(&mut self, srv: &mut Server, what: AskKind, text: Option<String>) {
        let Some(ch) = self.chooser.as_mut() else {
            return;
        };
        let outcome = ch.answer(srv, what, text);
        self.chooser_outcome(srv, outcome);
    }

    fn chooser_outcome(&mut self, srv: &mut Server, outcome: Outcome) {
        match outcome {
            Outcome::Stay => {}
            Outcome::Exit => self.leave_chooser(srv),
            Outcome::Run { commands, exit } => {
                if exit {
                    self.leave_chooser(srv);
                }
                for (line, at) in commands {
                    match self.parse_line(srv, &line) {
                        Ok(cmds) => self.run_commands_at(srv, &cmds, at),
                        // As tmux: the parse error as a message, capitalised.
                        Err(e) => {
                            let mut chars = e.chars();
                            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
                            self.message(
                                srv,
                                format!("{}{}", first.unwrap_or_default(), chars.as_str()),
                            );
                        }
                    }
                }
            }
            Outcome::Ask(ask) => self.open_ask(ask),
            Outcome::Menu(spec) => self.open_menu(*spec),
        }
    }

    /// A mouse event over a pane a mode covers: true when the mode took it.
    pub(super) fn mode_mouse(
        &mut self,
        srv: &mut Server,
        m: Mouse,
        pane: PaneId,
        x: u16,
        y: u16,
    ) -> bool {
        if self.clock.as_ref().is_some_and(|c| c.pane == pane) {
            if !m.release && m.button & 32 == 0 {
                self.clock = None;
            }
            return true;
        }
        if self.chooser.as_ref().is_none_or(|c| c.pane != pane) {
            return false;
        }
        let click = match m.button {
            _ if m.release || m.button & 32 != 0 => return true,
            64 => Click::WheelUp,
            65 => Click::WheelDown,
            0 => {
                let now = Instant::now();
                let double = (self.last_click.take())
                    .is_some_and(|(at, px, py)| (px, py) == (m.x, m.y) && now - at < DOUBLE_CLICK);
                if double {
                    Click::Double1
                } else {
                    self.last_click = Some((now, m.x, m.y));
                    Click::Down1
                }
            }
            2 => Click::Down3,
            _ => return true,
        };
        if self.active_pane(srv) != Some(pane) {
            self.run_line(srv, &format!("select-pane -t {pane}"));
        }
        if let Some(ch) = self.chooser.as_mut() {
            let outcome = ch.click(srv, click, x as usize, y as usize);
            self.chooser_outcome(srv, outcome);
        }
        true
    }

    /// clock-mode on a pane.
    pub(super) fn open_clock(&mut self, srv: &mut Server, pane: PaneId) {
        if self.chooser.as_ref().is_some_and(|c| c.pane == pane) {
            self.leave_chooser(srv);
        }
        self.clock = Some(Clock::new(pane));
        self.clock_opened();
    }
}

impl Client {
    /// Tells the registry which modes this client shows (for `#{pane_in_mode}` and `#{pane_mode}`).
    pub fn publish_modes(&self, srv: &mut Server) {
        let mut modes = Vec::new();
        if let Some(c) = &self.chooser {
            modes.push((c.pane, c.mode_name()));
        }
        if let Some(c) = &self.clock {
            modes.push((c.pane, "clock-mode"));
        }
        let stacked: Vec<PaneId> = self.stacked.iter().map(|c| c.pane).collect();
        if let Some(entry) = srv.clients.clients.get_mut(&self.id) {
            if entry.modes != modes || entry.stacked != stacked {
                entry.modes = modes;
                entry.stacked = stacked;
                crate::server::pane::signal_redraw();
            }
        }
    }
}

impl Client {
    /// display-popup (nothing when a popup or menu is shown already, as tmux; the waiting queue
    /// then goes on at once).
    pub(super) fn open_popup(
        &mut self,
        srv: &Server,
        spec: crate::server::attach::popup::PopupSpec,
    ) {
        if self.menu.is_some() || self.popup.is_some() || spec.w > self.cols || spec.h > self.rows {
            return;
        }
        match crate::server::attach::popup::Popup::open(spec) {
            Ok(p) => self.popup = Some(p),
            Err(e) => self.message(srv, format!("popup failed: {e}")),
        }
    }

    /// A key while a popup is open: true (the popup takes every key).
    pub(super) fn popup_key(&mut self, typed: &ccmux_model::keys::KeyEvent) -> bool {
        let Some(p) = self.popup.as_mut() else {
            return false;
        };
        if p.key(typed) {
            self.popup = None;
        }
        true
    }

    /// display-menu or a chooser's menu (nothing when one is open already, as tmux).
    pub(super) fn open_menu(&mut self, spec: MenuSpec) {
        if self.menu.is_some() || self.popup.is_some() {
            return;
        }
        let (w, h) = spec.size();
        let (cols, rows) = (self.cols as usize, self.rows as usize);
        if cols < w || rows < h {
            return;
        }
        let mut spec = spec;
        spec.x = spec.x.min((cols - w) as u16);
        spec.y = spec.y.min((rows - h) as u16);
        self.menu = Some(Menu::new(spec));
    }

    /// A key while a menu is open: true (the menu takes every key).
    pub(super) fn menu_key(&mut self, srv: &mut Server, key: Key) -> bool {
        let Some(menu) = self.menu.as_mut() else {
            return false;
        };
        let outcome = menu.key(key);
        self.menu_outcome(srv, outcome);
        true
    }

    /// A mouse event while a menu is open.
    pub(super) fn menu_mouse(&mut self, srv: &mut Server, m: Mouse) -> bool {
        let Some(menu) = self.menu.as_mut() else {
            return false;
        };
        let outcome = menu.click(m.x, m.y, m.button, m.release);
        self.menu_outcome(srv, outcome);
        true
    }

    fn menu_outcome(&mut self, srv: &mut Server, outcome: menu::Outcome) {
        match outcome {
            menu::Outcome::Stay => {}
            menu::Outcome::Close => self.menu = None,
            menu::Outcome::Chosen(action) => {
                // The queue that waits for the menu goes on once the chosen command is queued.
                let menu = self.menu.take();
                match action {
                    Action::Command(line) => {
                        let at = menu.as_ref().and_then(|m| m.spec.at);
                        match self.parse_line(srv, &line) {
                            Ok(cmds) => self.run_commands_at(srv, &cmds, at),
                            Err(e) => self.message(srv, e),
                        }
                    }
                    Action::ModeKey(key, line) => {
                        if let Some(ch) = self.chooser.as_mut() {
                            let outcome = ch.menu_key(srv, key, line);
                            self.chooser_outcome(srv, outcome);
                        }
                    }
                }
                drop(menu);
            }
        }
    }

    /// Draws the open menu over the client's screen.
    pub(super) fn draw_menu(&self, srv: &Server, frame: &mut super::Frame) {
        let Some(menu) = &self.menu else {
            return;
        };
        let scope = (srv.model.sessions.get(&self.session))
            .map_or(ccmux_model::OptionScope::GlobalWindow, |s| {
                ccmux_model::OptionScope::Window(s.active_window)
            });
        let style = ccmux_model::options::Style::parse(&srv.model.option_text(scope, "mode-style"))
            .unwrap_or_default();
        let cols = frame.cols as usize;
        let mut rows: Vec<&mut [ccmux_term::RenderCell]> = frame.cells.chunks_mut(cols).collect();
        menu.draw(&mut rows, &style);
    }
}
