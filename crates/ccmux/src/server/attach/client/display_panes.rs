//! display-panes on an attached client (tmux's cmd-display-panes.c): the pane numbers drawn over the
//! panes, and the key that picks one.

use super::Client;
use crate::server::attach::render::Frame;
use crate::server::state::Server;
use ccmux_model::keys::{Key, KeyCode, Mods};
use ccmux_model::{OptionScope, PaneId, Rect};
use std::time::Instant;

impl Client {
    /// A key while pane numbers are shown (tmux's cmd_display_panes_key): a digit, or a-z for 10 and
    /// up, runs the template for that pane; either way the numbers go. Other keys go on as usual.
    pub(super) fn display_panes_key(&mut self, srv: &mut Server, key: Key) -> bool {
        let Some((until, template)) = self.display_panes.take() else {
            return false;
        };
        let shown = until.is_none_or(|u| Instant::now() < u);
        let (Some(template), true) = (template, shown) else {
            return false;
        };
        let index = match key.code {
            KeyCode::Char(c @ '0'..='9') if key.mods == Mods::NONE => c as u32 - '0' as u32,
            KeyCode::Char(c @ 'a'..='z') if key.mods == Mods::NONE => 10 + c as u32 - 'a' as u32,
            _ => return false,
        };
        let pane = self.active_pane(srv).and_then(|p| {
            let window = srv.model.panes.get(&p)?.window;
            let base = srv
                .model
                .option_number(OptionScope::Window(window), "pane-base-index");
            let i = (i64::from(index) - base).try_into().ok()?;
            srv.model
                .windows
                .get(&window)?
                .layout
                .panes()
                .get::<usize>(i)
                .copied()
        });
        if let Some(pane) = pane {
            let id = pane.to_string();
            let line = template.replace("%%%", &id).replace("%%", &id);
            self.run_line(srv, &line);
        }
        true
    }

    /// Pane numbers over the panes (display-panes), in `display-panes-colour` and the active pane's
    /// in `display-panes-active-colour`, centred.
    pub(super) fn draw_pane_numbers(
        &mut self,
        srv: &Server,
        frame: &mut Frame,
        geometry: &[(PaneId, Rect)],
        active: PaneId,
    ) {
        if self
            .display_panes
            .as_ref()
            .is_some_and(|(until, _)| until.is_some_and(|u| Instant::now() >= u))
        {
            self.display_panes = None;
        }
        if self.display_panes.is_none() {
            return;
        }
        let scope = OptionScope::Session(self.session);
        let colour = |name: &str| {
            srv.model
                .option(scope, name)
                .and_then(|v| v.as_colour())
                .map_or(
                    ccmux_term::RenderColor::Default,
                    crate::server::attach::draw::colour,
                )
        };
        let (normal, current) = (
            colour("display-panes-colour"),
            colour("display-panes-active-colour"),
        );
        for (pane, rect) in geometry {
            let Some(index) = srv.model.pane_index(*pane) else {
                continue;
            };
            let base = srv.model.panes.get(pane).map_or(0, |p| {
                srv.model
                    .option_number(OptionScope::Window(p.window), "pane-base-index")
            });
            let text = (index as i64 + base).to_string();
            let fg = if *pane == active { current } else { normal };
            let y = rect.y + rect.rows / 2;
            let x = rect.x + rect.cols.saturating_sub(text.len() as u16) / 2;
            if y < frame.rows && rect.rows > 0 {
                let row = frame.row_mut(y);
                crate::server::attach::status::put(
                    row,
                    x as usize,
                    &text,
                    fg,
                    ccmux_term::RenderColor::Default,
                    ccmux_term::attr::BOLD,
                );
            }
        }
    }
}
