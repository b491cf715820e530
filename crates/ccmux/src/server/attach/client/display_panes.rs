//! display-panes on an attached client (tmux's cmd-display-panes.c): the pane numbers drawn over the
//! panes, and the key that picks one.

use super::Client;
use crate::server::attach::render::Frame;
use crate::server::attach::status::put;
use crate::server::state::Server;
use ccmux_model::keys::{Key, KeyCode, Mods};
use ccmux_model::{OptionScope, PaneId, Rect};
use ccmux_term::RenderColor;
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

    /// Pane numbers over the panes as tmux draws them (cmd_display_panes_draw_pane): in big digits
    /// of `display-panes-colour` (the active pane's `display-panes-active-colour`) with the pane's size
    /// at its top right, or as plain text (and the key letter for 10 and up) in a small pane.
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
                .map_or(RenderColor::Default, crate::server::attach::draw::colour)
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
            let number = (index as i64 + base).max(0) as u32;
            let c = if *pane == active { current } else { normal };
            draw_number(frame, *rect, number, c);
        }
    }
}

/// tmux's clock font (window_clock_table): digits 5x5.
const DIGITS: [[u8; 5]; 10] = [
    [0b11111, 0b10001, 0b10001, 0b10001, 0b11111],
    [0b00001, 0b00001, 0b00001, 0b00001, 0b00001],
    [0b11111, 0b00001, 0b11111, 0b10000, 0b11111],
    [0b11111, 0b00001, 0b11111, 0b00001, 0b11111],
    [0b10001, 0b10001, 0b11111, 0b00001, 0b00001],
    [0b11111, 0b10000, 0b11111, 0b00001, 0b11111],
    [0b11111, 0b10000, 0b11111, 0b10001, 0b11111],
    [0b11111, 0b00001, 0b00001, 0b00001, 0b00001],
    [0b11111, 0b10001, 0b11111, 0b10001, 0b11111],
    [0b11111, 0b10001, 0b11111, 0b00001, 0b11111],
];

fn draw_number(frame: &mut Frame, rect: Rect, number: u32, colour: RenderColor) {
    let text = number.to_string();
    let len = text.len() as u16;
    let (sx, sy) = (rect.cols, rect.rows);
    if sx < len {
        return;
    }
    let letter = if (10..35).contains(&number) {
        char::from(b'a' + (number - 10) as u8).to_string()
    } else {
        String::new()
    };
    let (px, py) = (sx / 2, sy / 2);
    let mut text_at = |x: u16, y: u16, s: &str, fg: RenderColor, bg: RenderColor| {
        if y < frame.rows {
            put(frame.row_mut(y), x as usize, s, fg, bg, 0);
        }
    };
    if sx < len * 6 || sy < 5 {
        let shown = if !letter.is_empty() && sx > len + letter.len() as u16 {
            format!("{text} {letter}")
        } else {
            text.clone()
        };
        let x = rect.x + px.saturating_sub(shown.len() as u16 / 2);
        text_at(x, rect.y + py, &shown, colour, RenderColor::Default);
        return;
    }
    let x0 = rect.x + px - len * 3;
    let y0 = rect.y + py - 2;
    for (n, d) in text.bytes().enumerate() {
        let glyph = DIGITS[usize::from(d - b'0')];
        for (j, bits) in glyph.iter().enumerate() {
            for i in 0..5u16 {
                if bits & (0b10000 >> i) != 0 {
                    let x = x0 + n as u16 * 6 + i;
                    text_at(x, y0 + j as u16, " ", RenderColor::Default, colour);
                }
            }
        }
    }
    if sy <= 6 {
        return;
    }
    let size = format!("{}x{}", rect.cols, rect.rows);
    if sx >= size.len() as u16 {
        text_at(
            rect.x + sx - size.len() as u16,
            rect.y,
            &size,
            colour,
            RenderColor::Default,
        );
    }
    if !letter.is_empty() {
        let x = rect.x + sx / 2 + len * 3 - letter.len() as u16 - 1;
        text_at(x, y0 + 5, &letter, colour, RenderColor::Default);
    }
}
