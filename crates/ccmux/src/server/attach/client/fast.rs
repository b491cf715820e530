//! The frame of an echo: when nothing but the panes' text can have changed since the last frame (the
//! same window, layout, status lines and size, nothing drawn over the panes), only the pane rows whose
//! emulator rows changed are converted, copied into the last frame and compared, instead of building
//! and comparing the whole screen. Debug builds (the tests) build the whole screen after each such
//! frame and check that both agree.

use super::super::render::RowDiff;
use super::{Client, StatusKey};
use crate::server::pane::Screen;
use crate::server::state::Server;
use ccmux_model::{PaneId, Rect, Session, SessionId, Window, WindowId};
use ccmux_term::{Emulator, RenderCell, RenderCursor};

/// Everything but the panes' text that a frame is drawn from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::server::attach) struct Shape {
    session: SessionId,
    window: WindowId,
    cols: u16,
    rows: u16,
    /// The part of the client's screen the session's size covers (dots outside it).
    pub area: Rect,
    /// The panes shown (only the active one when zoomed), where.
    pub geometry: Vec<(PaneId, Rect)>,
    active: PaneId,
    zoomed: bool,
    pub status_n: u16,
    pub status_top: bool,
    /// What the status lines are drawn for (`None` without status lines).
    status: Option<StatusKey>,
    /// What the panes' status lines are drawn for (`pane-border-status`): the status generation
    /// (`None` without them).
    pane_status: Option<u64>,
    /// The panes whose default colours a style sets (`window-style`), with them.
    pub colours: Vec<(PaneId, super::super::pane_colours::Colours)>,
}

impl Client {
    /// The shape of the frame to draw now.
    pub(super) fn shape_now(&self, srv: &Server, s: &Session, w: &Window) -> Shape {
        let (status_n, status_top) = super::status::lines(srv, self.session);
        let status_n = status_n.min(self.rows.saturating_sub(1));
        let pane_rows = self.rows - status_n;
        let area = Rect {
            x: 0,
            y: 0,
            cols: s.cols.min(self.cols),
            rows: s.rows.min(pane_rows),
        };
        let geometry: Vec<_> = srv
            .model
            .window_geometry(w.id)
            .into_iter()
            .filter(|(p, _)| !w.zoomed || *p == w.active_pane)
            .collect();
        let status = (status_n > 0).then(|| {
            (
                crate::server::pane::status_generation(),
                self.session,
                self.cols as usize,
                status_n,
            )
        });
        let pane_status = (srv.model.pane_border_status(w.id)
            != ccmux_model::PaneBorderStatus::Off)
            .then(crate::server::pane::status_generation);
        let colours = super::super::pane_colours::of_window(srv, self.session, w, &geometry);
        Shape {
            pane_status,
            colours,
            session: self.session,
            window: w.id,
            cols: self.cols,
            rows: self.rows,
            area,
            geometry,
            active: w.active_pane,
            zoomed: w.zoomed,
            status_n,
            status_top,
            status,
        }
    }

    /// Nothing is drawn over the panes of `shape` (no mode, chooser, clock, menu, popup, prompt,
    /// message or pane numbers) and the status lines are drawn for it.
    pub(super) fn no_overlays(&self, srv: &Server, shape: &Shape) -> bool {
        self.chooser.is_none()
            && self.clock.is_none()
            && self.menu.is_none()
            && self.popup.is_none()
            && self.prompt.is_none()
            && self.message.is_none()
            && self.display_panes.is_none()
            && !(shape.geometry.iter()).any(|(p, _)| srv.modes.panes.contains_key(p))
            && shape
                .status
                .is_none_or(|key| self.status.as_ref().is_some_and(|(k, _)| *k == key))
    }

    /// The escape sequences of the next frame when only the panes' text can have changed since the
    /// last one (see the module's comment); `None` when the whole frame must be built.
    pub(super) fn frame_panes(&mut self, srv: &Server, shape: &Shape) -> Option<String> {
        if self.shape.as_ref() != Some(shape) || !self.no_overlays(srv, shape) {
            return None;
        }
        if !(shape.geometry.iter()).all(|(p, _)| srv.panes.contains_key(p)) {
            return None;
        }
        let mut last = self.last.take()?;
        if (last.cols, last.rows) != (self.cols, self.rows) {
            return None;
        }
        let y0 = if shape.status_top { shape.status_n } else { 0 };
        // The rows about to change, as they were (each once): the first `used` of `before`, whose
        // buffers are kept from frame to frame (a row is larger than glibc's small allocations, and
        // allocating one for each echo cost more than converting it).
        let mut before = std::mem::take(&mut self.rows_before);
        let mut used = 0;
        let mut cursor = RenderCursor::default();
        for (pane, rect) in &shape.geometry {
            let max = rect.cols.min(shape.area.cols.saturating_sub(rect.x));
            let rows = rect.rows.min(shape.area.rows.saturating_sub(rect.y));
            let colours = super::super::pane_colours::find(&shape.colours, *pane);
            let Some(mut screen) = srv
                .panes
                .get(pane)
                .and_then(|h| crate::server::pane::lock_cold(&h.screen))
            else {
                // A pane that cannot be read now: the next frame is drawn whole.
                self.shape = None;
                return None;
            };
            self.convert_rows(*pane, &mut screen, rows, |r, cells, changed| {
                if !changed {
                    return;
                }
                let y = y0 + rect.y + r;
                if !before[..used].iter().any(|(b, _)| *b == y) {
                    if used == before.len() {
                        before.push((y, Vec::new()));
                    }
                    let (at, cells) = &mut before[used];
                    *at = y;
                    cells.clear();
                    cells.extend_from_slice(last.row_mut(y));
                    used += 1;
                }
                last.blit(rect.x, y, cells, max);
                if let Some(c) = colours {
                    super::super::pane_colours::apply(&mut last, rect.x, y, max, c);
                }
            });
            if *pane == shape.active {
                cursor = pane_cursor(&screen.emu, *rect, max, rows);
            }
        }
        cursor.row += y0;
        before[..used].sort_by_key(|(y, _)| *y);
        let mut d = RowDiff::new();
        for (y, old) in &before[..used] {
            d.row(usize::from(*y), Some(old), last.row_mut(*y));
        }
        self.rows_before = before;
        let was = last.cursor;
        last.cursor = cursor;
        let mut out = std::mem::take(&mut self.extra);
        out.push_str(&d.finish(Some(was), &cursor));
        self.last = Some(last);
        Some(out)
    }

    /// Converts the first `rows` rows of `pane` whose serial changed since this client last converted
    /// them (`Emulator::row_serial`), and gives `each` every row: its index, its cells, and whether it
    /// was converted now.
    pub(super) fn convert_rows(
        &mut self,
        pane: PaneId,
        screen: &mut Screen,
        rows: u16,
        mut each: impl FnMut(u16, &[RenderCell], bool),
    ) {
        let drawn = self.pane_rows.entry(pane).or_default();
        drawn.resize(rows as usize, (0, Vec::new()));
        for (r, (seen, cells)) in (0..rows).zip(drawn.iter_mut()) {
            let serial = screen.emu.row_serial(r);
            let changed = *seen != serial || serial == 0;
            if changed {
                cells.clear();
                // A frozen pane (idle) is thawed only for rows not drawn yet.
                screen.thaw();
                screen.emu.render_row(r, cells);
                *seen = serial;
            }
            each(r, cells, changed);
        }
    }

    /// The frame just drawn row by row is the one built whole (debug builds: every test that
    /// attaches a client checks it). The whole frame is built from rows converted again, not from
    /// the client's kept rows (which it must not change: the next frame compares with them), and
    /// only compared when no row changed since the frame was drawn (the panes' threads go on
    /// writing: a row whose serial differs from the drawn one's was not in the frame).
    #[cfg(debug_assertions)]
    pub(super) fn check_fast_frame(&mut self, srv: &Server, w: &Window, shape: &Shape) {
        let drawn = std::mem::take(&mut self.pane_rows);
        let whole = self.build(srv, w, shape);
        let fresh = std::mem::replace(&mut self.pane_rows, drawn);
        let serials =
            |rows: &Vec<(u64, Vec<RenderCell>)>| rows.iter().map(|r| r.0).collect::<Vec<_>>();
        let moved_on = fresh
            .iter()
            .any(|(p, rows)| self.pane_rows.get(p).map(serials) != Some(serials(rows)));
        if moved_on {
            return;
        }
        let last = self.last.as_ref().expect("a frame was drawn");
        let cols = usize::from(whole.cols.max(1));
        let text = |cells: &[RenderCell]| cells.iter().map(|c| c.c).collect::<String>();
        let row = (whole.cells.chunks(cols).zip(last.cells.chunks(cols)))
            .position(|(a, b)| a != b)
            .map(|y| {
                let (a, b) = (
                    &whole.cells[y * cols..][..cols],
                    &last.cells[y * cols..][..cols],
                );
                let x = (0..cols).find(|x| a[*x] != b[*x]).unwrap_or(0);
                format!(
                    "row {y} column {x}: whole {:?}\n  drawn {:?}\n  {:?}\n  {:?}",
                    text(a),
                    text(b),
                    a[x],
                    b[x]
                )
            });
        assert!(
            whole.cells == last.cells && whole.cursor == last.cursor,
            "the frame drawn from the changed rows differs from the whole frame: {} (cursor {:?}, drawn {:?})",
            row.unwrap_or_default(),
            whole.cursor,
            last.cursor
        );
    }
}

/// Where the cursor of a pane shown in `rect` (`max` columns and `rows` rows of it on screen) is on
/// the client's screen, hidden when outside what is shown.
pub(super) fn pane_cursor(emu: &Emulator, rect: Rect, max: u16, rows: u16) -> RenderCursor {
    let c = emu.render_cursor();
    RenderCursor {
        col: rect.x + c.col,
        row: rect.y + c.row,
        visible: c.visible && c.col < max && c.row < rows,
        ..c
    }
}
