//! The mouse as tmux's server_client_check_mouse: each terminal event becomes a mouse key
//! (`MouseDown1Pane`, `MouseDrag1Border`, `WheelUpPane`, `DoubleClick1Pane`...) looked up in the key
//! tables like any key, its binding run with the event (`-t=`, `send -M`, `copy-mode -M`); a key
//! bound nowhere goes to the pane's program if it asked for the mouse. A drag a binding started
//! (copy mode's selection, `resize-pane -M`) follows the mouse until the button is released, which
//! is the `MouseDragEnd` key.

use super::Client;
use crate::cmd::MouseEvent;
use crate::server::state::Server;
use ccmux_model::keys::{Key, KeyCode, Mods, Mouse, MouseAction, MouseKey, MouseLocation};
use ccmux_model::{Axis, PaneId, Rect};
use std::time::{Duration, Instant};

/// How long a second or third click may take (tmux's KEYC_CLICK_TIMEOUT).
const CLICK_TIMEOUT: Duration = Duration::from_millis(300);
/// How often a drag held on the top or bottom row scrolls (tmux's WINDOW_COPY_DRAG_REPEAT_TIME).
const DRAG_REPEAT: Duration = Duration::from_millis(50);

const MASK_BUTTONS: u16 = 195;
const MASK_SHIFT: u16 = 4;
const MASK_META: u16 = 8;
const MASK_CTRL: u16 = 16;
const MASK_DRAG: u16 = 32;

/// What a drag moves.
#[derive(Clone, Copy, Debug)]
pub enum DragTarget {
    /// The selection of a pane's copy mode.
    Copy(PaneId),
    /// A border: the pane before it, and the axis it resizes.
    Border { pane: PaneId, axis: Axis },
}

#[derive(Clone, Copy, Debug)]
enum ClickState {
    /// One click: a second makes `SecondClick`.
    Double,
    /// Two clicks: a third makes `TripleClick`, none `DoubleClick` when the time is up.
    Triple,
}

#[derive(Default)]
pub struct MouseState {
    /// The event before this one: position and button (tmux's lx, ly, lb).
    last: (u16, u16, u16),
    /// The button of the drag in progress, plus one (0: none).
    drag_flag: u16,
    /// What the drag moves (a binding started it), if anything.
    pub drag: Option<DragTarget>,
    /// Clicks being counted: until when, which button, the state, and the event.
    click: Option<(Instant, u16, ClickState, Mouse)>,
    /// When a copy-mode drag held on the top or bottom row scrolls again.
    drag_scroll: Option<Instant>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Move,
    Down,
    Up,
    Drag,
    Wheel,
    Second,
    Double,
    Triple,
}

/// Where an event happened: a location and the pane there (a border counts for the pane before it).
struct Place {
    location: MouseLocation,
    pane: Option<(PaneId, Rect)>,
}

fn button_number(b: u16) -> Option<u8> {
    Some(match b & MASK_BUTTONS {
        0 => 1,
        1 => 2,
        2 => 3,
        66 => 6,
        67 => 7,
        128 => 8,
        129 => 9,
        130 => 10,
        131 => 11,
        _ => return None,
    })
}

fn mods(b: u16) -> Mods {
    let mut m = Mods::NONE;
    if b & MASK_META != 0 {
        m |= Mods::META;
    }
    if b & MASK_CTRL != 0 {
        m |= Mods::CTRL;
    }
    if b & MASK_SHIFT != 0 {
        m |= Mods::SHIFT;
    }
    m
}

impl Client {
    /// When the mouse's next timer is due: counted clicks become a `DoubleClick` if no third
    /// comes, or a drag held at the edge of copy mode scrolls.
    pub fn mouse_deadline(&self) -> Option<Instant> {
        let click = self.mouse_state.click.map(|c| c.0);
        match (click, self.mouse_state.drag_scroll) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The mouse's timers that are due.
    pub fn mouse_timer(&mut self, srv: &mut Server) {
        let now = Instant::now();
        if self.mouse_state.click.is_some_and(|c| c.0 <= now) {
            self.click_expired(srv);
        }
        if self.mouse_state.drag_scroll.is_some_and(|t| t <= now) {
            self.mouse_state.drag_scroll = None;
            if let Some(DragTarget::Copy(p)) = self.mouse_state.drag {
                if let Some(cm) = srv.modes.panes.get_mut(&p) {
                    cm.drag_scroll();
                    crate::server::pane::signal_redraw();
                }
                self.arm_drag_scroll(srv, p);
            }
        }
    }

    /// The click time is up: two clicks were a double click (tmux's server_client_click_timer).
    fn click_expired(&mut self, srv: &mut Server) {
        if let Some((_, _, ClickState::Triple, m)) = self.mouse_state.click.take() {
            self.mouse_event(srv, m, Some(Kind::Double));
        }
        self.mouse_state.click = None;
    }

    /// Scrolls again in a while if the drag on `pane`'s copy mode holds the cursor at an edge.
    pub(super) fn arm_drag_scroll(&mut self, srv: &Server, pane: PaneId) {
        let on = srv
            .modes
            .panes
            .get(&pane)
            .is_some_and(|cm| cm.drag_scrolling);
        self.mouse_state.drag_scroll = on.then(|| Instant::now() + DRAG_REPEAT);
    }

    pub(super) fn mouse(&mut self, srv: &mut Server, m: Mouse) {
        // A menu takes the mouse; a popup or a prompt drops it (moving and resizing a popup are
        // not done).
        if !self.mouse || self.menu_mouse(srv, m) || self.popup.is_some() || self.prompt.is_some() {
            return;
        }
        // A chooser or clock mode over the pane takes the mouse unless a drag is going on.
        if self.mouse_state.drag.is_none() && self.mouse_state.drag_flag == 0 {
            if let Some((p, r)) = (self.place(srv, m.x, m.y))
                .filter(|pl| pl.location == MouseLocation::Pane)
                .and_then(|pl| pl.pane)
            {
                let (status_n, status_top) = super::status::lines(srv, self.session);
                let off = if status_top { status_n } else { 0 };
                let x = m.x.saturating_sub(r.x);
                let y = m.y.saturating_sub(off).saturating_sub(r.y);
                if self.mode_mouse(srv, m, p, x, y) {
                    return;
                }
            }
        }
        self.mouse_event(srv, m, None);
    }

    fn mouse_event(&mut self, srv: &mut Server, m: Mouse, forced: Option<Kind>) {
        let b = if m.release { 3 } else { m.button };
        let (lx, ly, lb) = self.mouse_state.last;
        if forced.is_none() {
            self.mouse_state.last = (m.x, m.y, b);
        }
        let st = &mut self.mouse_state;
        let (kind, x, y, b) = if let Some(k) = forced {
            (k, m.x, m.y, m.button)
        } else if !m.release && m.button & MASK_DRAG != 0 && m.button & 3 == 3 {
            (Kind::Move, m.x, m.y, 0)
        } else if m.button & MASK_DRAG != 0 && !m.release {
            if st.drag_flag != 0 {
                if (m.x, m.y) == (lx, ly) {
                    return;
                }
                (Kind::Drag, m.x, m.y, b)
            } else {
                (Kind::Drag, lx, ly, lb)
            }
        } else if m.button & 64 != 0 && !m.release {
            (Kind::Wheel, m.x, m.y, b)
        } else if m.release {
            (Kind::Up, m.x, m.y, lb)
        } else {
            let now = Instant::now();
            let (kind, next) = match st.click {
                Some((until, button, ClickState::Double, _)) if until > now => {
                    if b == button {
                        (Some(Kind::Second), Some(ClickState::Triple))
                    } else {
                        (None, None)
                    }
                }
                Some((until, button, ClickState::Triple, _)) if until > now => {
                    if b == button {
                        (Some(Kind::Triple), None)
                    } else {
                        (None, None)
                    }
                }
                _ => (Some(Kind::Down), Some(ClickState::Double)),
            };
            // Another button while counting stops the count: that click is no key, and the
            // next one is a first click again.
            st.click = next.map(|next| (now + CLICK_TIMEOUT, b, next, m));
            match kind {
                Some(k) => (k, m.x, m.y, b),
                None => return,
            }
        };
        let Some(place) = self.place(srv, x, y) else {
            return;
        };
        let window = srv
            .model
            .sessions
            .get(&self.session)
            .map(|s| s.active_window);
        let (pane, rect) = match place.pane {
            Some((p, r)) => (Some(p), r),
            None => (None, Rect::default()),
        };
        let (status_n, status_top) = super::status::lines(srv, self.session);
        let off = if status_top { status_n } else { 0 };
        let rel = |x: u16, y: u16| {
            (
                x.saturating_sub(rect.x),
                y.saturating_sub(off).saturating_sub(rect.y),
            )
        };
        let (px, py) = rel(m.x, m.y);
        let (plx, ply) = rel(lx, ly);
        let mut event = MouseEvent {
            client: self.id,
            session: self.session,
            window,
            pane,
            x: px,
            y: py,
            lx: plx,
            ly: ply,
            raw: Mouse { x: px, y: py, ..m },
            key: MouseKey {
                action: MouseAction::WheelUp,
                location: place.location,
            },
        };
        // A drag ends when anything but a drag or the wheel comes.
        let st = &mut self.mouse_state;
        if kind != Kind::Drag && kind != Kind::Wheel && st.drag_flag != 0 {
            st.drag_scroll = None;
            if let Some(DragTarget::Copy(p)) = st.drag.take() {
                if let Some(cm) = srv.modes.panes.get_mut(&p) {
                    cm.dragging = false;
                    cm.drag_scrolling = false;
                }
            }
            let button = button_number(st.drag_flag - 1);
            st.drag_flag = 0;
            if let Some(n) = button {
                event.key.action = MouseAction::DragEnd(n);
                self.dispatch(srv, event, mods(b));
            }
            return;
        }
        let action = match kind {
            Kind::Move => {
                // No key: a program that asked for every motion gets it.
                if let Some(p) = pane.filter(|_| place.location == MouseLocation::Pane) {
                    forward(srv, p, &event.raw);
                }
                return;
            }
            Kind::Drag => {
                st.drag_flag = (b & MASK_BUTTONS) + 1;
                if let Some(target) = st.drag {
                    self.drag_update(srv, target, &event, m);
                    return;
                }
                let Some(n) = button_number(b) else { return };
                MouseAction::Drag(n)
            }
            Kind::Wheel => {
                if b & MASK_BUTTONS == 64 {
                    MouseAction::WheelUp
                } else {
                    MouseAction::WheelDown
                }
            }
            Kind::Up | Kind::Down | Kind::Second | Kind::Double | Kind::Triple => {
                let Some(n) = button_number(b) else { return };
                match kind {
                    Kind::Up => MouseAction::Up(n),
                    Kind::Down => MouseAction::Down(n),
                    Kind::Second => MouseAction::SecondClick(n),
                    Kind::Double => MouseAction::DoubleClick(n),
                    _ => MouseAction::TripleClick(n),
                }
            }
        };
        event.key.action = action;
        self.dispatch(srv, event, mods(b));
    }

    /// Runs a mouse key's binding; a key bound nowhere goes to the pane under it.
    fn dispatch(&mut self, srv: &mut Server, event: MouseEvent, mods: Mods) {
        let key = Key::new(KeyCode::Mouse(event.key), mods);
        if self.table_key_for(srv, key, event.pane, Some(event)) {
            return;
        }
        if let Some(p) = event
            .pane
            .filter(|_| event.key.location == MouseLocation::Pane)
        {
            if !srv.modes.panes.contains_key(&p) {
                forward(srv, p, &event.raw);
            }
        }
    }

    /// Where (x, y) of the client's terminal is (tmux's pane, border and status checks). Status
    /// lines have no ranges here: every click on them is `StatusDefault`.
    fn place(&self, srv: &Server, x: u16, y: u16) -> Option<Place> {
        let (status_n, status_top) = super::status::lines(srv, self.session);
        let status_n = status_n.min(self.rows.saturating_sub(1));
        let pane_rows = self.rows - status_n;
        let status_y = if status_top { 0 } else { pane_rows };
        if status_n > 0 && y >= status_y && y < status_y + status_n {
            return Some(Place {
                location: MouseLocation::StatusDefault,
                pane: None,
            });
        }
        let py = if status_top { y - status_n } else { y };
        let s = srv.model.sessions.get(&self.session)?;
        let w = srv.model.windows.get(&s.active_window)?;
        if x > s.cols || py > s.rows {
            return None;
        }
        let geometry = srv.model.window_geometry(w.id);
        if !w.zoomed {
            let border = geometry.iter().find(|(_, r)| {
                (r.x + r.cols == x && r.y <= py + 1 && r.y + r.rows >= py)
                    || (r.y + r.rows == py && r.x <= x + 1 && r.x + r.cols >= x)
            });
            if let Some((p, r)) = border {
                return Some(Place {
                    location: MouseLocation::Border,
                    pane: Some((*p, *r)),
                });
            }
        }
        geometry
            .into_iter()
            .filter(|(p, _)| !w.zoomed || *p == w.active_pane)
            .find(|(_, r)| x >= r.x && x < r.x + r.cols && py >= r.y && py < r.y + r.rows)
            .map(|(p, r)| Place {
                location: MouseLocation::Pane,
                pane: Some((p, r)),
            })
    }

    /// The mouse moved while a binding's drag is on.
    fn drag_update(&mut self, srv: &mut Server, target: DragTarget, event: &MouseEvent, m: Mouse) {
        match target {
            DragTarget::Copy(p) => {
                self.mouse_state.drag_scroll = None;
                // Only over the pane itself, as tmux.
                if event.pane != Some(p) || event.key.location != MouseLocation::Pane {
                    return;
                }
                if let Some(cm) = srv.modes.panes.get_mut(&p) {
                    cm.drag_update(event.x as usize, event.y as usize);
                    crate::server::pane::signal_redraw();
                }
                self.arm_drag_scroll(srv, p);
            }
            DragTarget::Border { pane, axis } => {
                let Some(r) = srv.model.pane_rect(pane) else {
                    return;
                };
                let (status_n, status_top) = super::status::lines(srv, self.session);
                let y = if status_top {
                    m.y.saturating_sub(status_n)
                } else {
                    m.y
                };
                let (flag, size) = match axis {
                    Axis::X => ("-x", m.x.saturating_sub(r.x).max(1)),
                    Axis::Y => ("-y", y.saturating_sub(r.y).max(1)),
                };
                self.run_line(srv, &format!("resize-pane -t {pane} {flag} {size}"));
            }
        }
    }

    /// `resize-pane -M`: the border the mouse went down on follows the mouse.
    pub(super) fn start_border_drag(&mut self, srv: &Server) {
        let (x, y, _) = self.mouse_state.last;
        let (status_n, status_top) = super::status::lines(srv, self.session);
        let y = if status_top {
            y.saturating_sub(status_n)
        } else {
            y
        };
        let Some(s) = srv.model.sessions.get(&self.session) else {
            return;
        };
        let geometry = srv.model.window_geometry(s.active_window);
        let vertical = geometry
            .iter()
            .find(|(_, r)| r.x + r.cols == x && y >= r.y && y < r.y + r.rows)
            .map(|(p, _)| DragTarget::Border {
                pane: *p,
                axis: Axis::X,
            });
        let horizontal = || {
            geometry
                .iter()
                .find(|(_, r)| r.y + r.rows == y && x >= r.x && x < r.x + r.cols)
                .map(|(p, _)| DragTarget::Border {
                    pane: *p,
                    axis: Axis::Y,
                })
        };
        self.mouse_state.drag = vertical.or_else(horizontal);
    }
}

/// Sends a mouse event (pane-relative) to a pane's program, if it asked for that kind of event.
fn forward(srv: &Server, pane: PaneId, raw: &Mouse) {
    if srv.input_off.contains(&pane) {
        return;
    }
    let Some(h) = srv.panes.get(&pane) else {
        return;
    };
    let modes = match crate::server::pane::lock_cold(&h.screen) {
        Some(s) => s.emu.modes(),
        None => return,
    };
    if let Some(bytes) = super::super::mouse_bytes(&modes, raw) {
        h.write(bytes);
    }
}
