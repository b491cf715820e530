//! choose-tree's mode (tmux's window-tree.c): sessions, their windows and the windows' panes. Enter
//! (or a line's key) runs the template (`switch-client -Zt '%%'`) with the item as `=session:`,
//! `=session:index.` or `=session:index.%pane`; `x`/`X` kill the current or the tagged items after a
//! y/n question, `:` runs a command for each tagged item, `m`/`M` mark and clear the marked pane, `H`
//! goes to the chooser's own pane, `<`/`>` scroll the preview. The preview shows a session's
//! windows side by side, a window's panes side by side, or a pane.

use super::preview::{self, Rows};
use super::{Ask, AskKind, Chooser, Entry, Outcome, Sort, Tag};
use crate::server::format_ctx::Target;
use crate::server::prompt_history::PromptType;
use crate::server::state::Server;
use ccmux_model::keys::Key;
use ccmux_model::{Current, OptionScope, PaneId, SessionId, WindowId};
use ccmux_term::{RenderCell, RenderColor};
use std::collections::BTreeMap;

pub const SORTS: &[&str] = &["index", "name", "time"];
pub const TEMPLATE: &str = "switch-client -Zt '%%'";
pub const FORMAT: &str = concat!(
    "#{?pane_format,",
    "#{?pane_marked,#[reverse],}",
    "#{pane_current_command}#{?pane_active,*,}#{?pane_marked,M,}",
    "#{?#{&&:#{pane_title},#{!=:#{pane_title},#{host_short}}},: \"#{pane_title}\",}",
    ",",
    "#{?window_format,",
    "#{?window_marked_flag,#[reverse],}",
    "#{window_name}#{window_flags}",
    "#{?#{&&:#{==:#{window_panes},1},#{&&:#{pane_title},#{!=:#{pane_title},#{host_short}}}},: \"#{pane_title}\",}",
    ",",
    "#{session_windows} windows",
    "#{?session_grouped, ",
    "(group #{session_group}: ",
    "#{session_group_list}),",
    "}",
    "#{?session_attached, (attached),}",
    "}",
    "}"
);

/// What the tree starts showing: `-s` sessions collapsed, `-w` windows collapsed, else everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    Sessions,
    Windows,
    Panes,
}

/// choose-tree's arguments and target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeSpec {
    pub show: Show,
    /// Without `-G`: a group shows as one session.
    pub squash: bool,
    pub session: SessionId,
    /// The target window's index in the session.
    pub window: u32,
    pub pane: PaneId,
    /// The window has one pane.
    pub single: bool,
}

impl TreeSpec {
    /// The item current at first.
    pub fn initial(&self) -> Option<Tag> {
        Some(match self.show {
            Show::Sessions => Tag::Session(self.session),
            Show::Windows => Tag::Window(self.session, self.window),
            Show::Panes if self.single => Tag::Window(self.session, self.window),
            Show::Panes => Tag::Pane(self.session, self.window, self.pane),
        })
    }
}

pub struct Data {
    spec: TreeSpec,
    /// How far `<`/`>` scrolled the preview.
    offset: i64,
    /// The preview's arrows and item width as last drawn (for the mouse), in pane columns.
    left: Option<usize>,
    right: Option<usize>,
    start: usize,
    end: usize,
    each: usize,
}

/// The window at `idx` in a session.
pub fn window_at(srv: &Server, s: SessionId, idx: u32) -> Option<WindowId> {
    srv.model.sessions.get(&s)?.windows.get(&idx).copied()
}

/// The session, window and pane an item stands for (tmux's window_tree_pull_item): a session's
/// current window and its active pane, a window's active pane; `None` if it is gone.
fn pull(srv: &Server, tag: &Tag) -> Option<(SessionId, u32, PaneId)> {
    let m = &srv.model;
    match tag {
        Tag::Session(s) => {
            let sess = m.sessions.get(s)?;
            let idx = m.window_index_in(Some(*s), sess.active_window)?;
            Some((*s, idx, m.windows.get(&sess.active_window)?.active_pane))
        }
        Tag::Window(s, idx) => {
            let w = window_at(srv, *s, *idx)?;
            Some((*s, *idx, m.windows.get(&w)?.active_pane))
        }
        Tag::Pane(s, idx, p) => {
            let w = window_at(srv, *s, *idx)?;
            (m.panes.get(p)?.window == w).then_some((*s, *idx, *p))
        }
        _ => None,
    }
}

fn flags(session: bool, window: bool, pane: bool) -> BTreeMap<String, String> {
    [
        ("session_format", session),
        ("window_format", window),
        ("pane_format", pane),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), u8::from(v).to_string()))
    .collect()
}

impl Data {
    pub fn new(spec: TreeSpec) -> Data {
        Data {
            spec,
            offset: 0,
            left: None,
            right: None,
            start: 0,
            end: 0,
            each: 0,
        }
    }

    pub fn build(
        &mut self,
        srv: &Server,
        sort: Sort,
        format: &str,
        filter: Option<&str>,
    ) -> Vec<Entry> {
        let m = &srv.model;
        let current_group = m
            .sessions
            .get(&self.spec.session)
            .and_then(|s| s.group.clone());
        let mut sessions: Vec<SessionId> = (m.sessions.values())
            .filter(|s| {
                let Some(g) = s.group.as_ref().filter(|_| self.spec.squash) else {
                    return true;
                };
                if Some(g) == current_group.as_ref() {
                    return s.id == self.spec.session;
                }
                let first = m.sessions.values().find(|o| o.group.as_ref() == Some(g));
                first.is_some_and(|f| f.id == s.id)
            })
            .map(|s| s.id)
            .collect();
        let name = |s: &SessionId| m.sessions.get(s).map_or("", |s| s.name.as_str());
        let used = |s: &SessionId| srv.last_used.get(s).copied().unwrap_or(0);
        sessions.sort_by(|a, b| {
            let r = match sort.field {
                0 => a.0.cmp(&b.0),
                2 => used(b).cmp(&used(a)).then(name(a).cmp(name(b))),
                _ => name(a).cmp(name(b)),
            };
            if sort.reversed {
                r.reverse()
            } else {
                r
            }
        });
        (sessions.iter())
            .filter_map(|s| self.session(srv, *s, sort, format, filter))
            .collect()
    }

    fn session(
        &self,
        srv: &Server,
        s: SessionId,
        sort: Sort,
        format: &str,
        filter: Option<&str>,
    ) -> Option<Entry> {
        let sess = srv.model.sessions.get(&s)?;
        let extra = flags(true, false, false);
        let text = Target::session(srv, s).with_formats(&extra).expand(format);
        let mut windows: Vec<(u32, WindowId)> =
            sess.windows.iter().map(|(i, w)| (*i, *w)).collect();
        let wname = |w: &WindowId| srv.model.windows.get(w).map_or("", |w| w.name.as_str());
        windows.sort_by(|a, b| {
            // Windows have no activity time here: by time sorts by name.
            let r = match sort.field {
                0 => a.0.cmp(&b.0),
                _ => wname(&a.1).cmp(wname(&b.1)),
            };
            if sort.reversed {
                r.reverse()
            } else {
                r
            }
        });
        let children: Vec<Entry> = (windows.iter())
            .filter_map(|(idx, w)| self.window(srv, s, *idx, *w, sort, format, filter))
            .collect();
        if children.is_empty() {
            return None;
        }
        Some(Entry {
            tag: Tag::Session(s),
            name: sess.name.clone(),
            text: Some(text),
            expanded: Some(self.spec.show != Show::Sessions),
            children,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn window(
        &self,
        srv: &Server,
        s: SessionId,
        idx: u32,
        w: WindowId,
        sort: Sort,
        format: &str,
        filter: Option<&str>,
    ) -> Option<Entry> {
        let win = srv.model.windows.get(&w)?;
        let extra = flags(false, true, false);
        let text = Target::window(srv, Some(s), w)
            .with_formats(&extra)
            .expand(format);
        let passes = |p: PaneId| {
            filter.is_none_or(|f| {
                let extra = flags(false, false, true);
                ccmux_lang::format_true(
                    &Target::pane(srv, Some(s), p).with_formats(&extra).expand(f),
                )
            })
        };
        let panes = win.layout.panes();
        let mut children = Vec::new();
        if panes.len() == 1 {
            if !passes(panes[0]) {
                return None;
            }
        } else {
            let mut list: Vec<PaneId> = panes.iter().copied().filter(|p| passes(*p)).collect();
            if list.is_empty() {
                return None;
            }
            list.sort_by_key(|p| p.0);
            if sort.reversed {
                list.reverse();
            }
            let base = srv
                .model
                .option_number(OptionScope::Window(w), "pane-base-index");
            for p in list {
                let extra = flags(false, false, true);
                let index = srv.model.pane_index(p).unwrap_or(0) as i64 + base;
                children.push(Entry {
                    tag: Tag::Pane(s, idx, p),
                    name: index.to_string(),
                    text: Some(
                        Target::pane(srv, Some(s), p)
                            .with_formats(&extra)
                            .expand(format),
                    ),
                    expanded: None,
                    children: Vec::new(),
                });
            }
        }
        Some(Entry {
            tag: Tag::Window(s, idx),
            name: idx.to_string(),
            text: Some(text),
            expanded: Some(self.spec.show == Show::Panes),
            children,
        })
    }

    /// The preview of an item in `sx` x `sy` cells.
    pub fn preview(&mut self, srv: &Server, tag: &Tag, sx: usize, sy: usize) -> Rows {
        let mut rows = vec![vec![RenderCell::BLANK; sx]; sy];
        let Some((s, idx, p)) = pull(srv, tag) else {
            return rows;
        };
        let scope = OptionScope::Session(s);
        let colour = |name: &str| {
            (srv.model.option(scope, name))
                .and_then(|v| v.as_colour())
                .map_or(RenderColor::Default, super::super::draw::colour)
        };
        let (normal, active) = (
            colour("display-panes-colour"),
            colour("display-panes-active-colour"),
        );
        match tag {
            Tag::Session(_) => {
                let Some(sess) = srv.model.sessions.get(&s) else {
                    return rows;
                };
                let items = (sess.windows.iter())
                    .filter_map(|(i, w)| {
                        let win = srv.model.windows.get(w)?;
                        let long = format!(" {i}:{} ", win.name);
                        Some((
                            win.active_pane,
                            long,
                            format!(" {i} "),
                            *w == sess.active_window,
                        ))
                    })
                    .collect();
                self.side_by_side(srv, &mut rows, items, (normal, active), true);
            }
            Tag::Window(..) => {
                let Some(win) = window_at(srv, s, idx).and_then(|w| srv.model.windows.get(&w))
                else {
                    return rows;
                };
                let base = srv
                    .model
                    .option_number(OptionScope::Window(win.id), "pane-base-index");
                let items = (win.layout.panes().iter().enumerate())
                    .map(|(i, p)| {
                        let l = format!(" {} ", i as i64 + base);
                        (*p, l.clone(), l, *p == win.active_pane)
                    })
                    .collect();
                self.side_by_side(srv, &mut rows, items, (normal, active), false);
            }
            _ => rows = preview::pane(srv, p, sx, sy),
        }
        rows
    }

    /// tmux's window_tree_draw_session and _window: the items' panes side by side, `<` and `>`
    /// when some are out of sight, each with its label (`wide`: a label fits the item's width,
    /// else the short one; panes' labels are centred in the whole share).
    fn side_by_side(
        &mut self,
        srv: &Server,
        rows: &mut Rows,
        items: Vec<(PaneId, String, String, bool)>,
        (normal, active): (RenderColor, RenderColor),
        wide: bool,
    ) {
        let sy = rows.len();
        let sx = rows.first().map_or(0, |r| r.len());
        let total = items.len();
        if total == 0 || sy == 0 {
            return;
        }
        let visible = if sx / total < 24 {
            (sx / 24).max(1)
        } else {
            total
        };
        let current = items.iter().position(|i| i.3).unwrap_or(0);
        let (mut start, mut end) = if current < visible {
            (0, visible)
        } else if current >= total - visible {
            (total - visible, total)
        } else {
            let start = current - visible / 2;
            (start, start + visible)
        };
        self.offset = self.offset.max(-(start as i64)).min((total - end) as i64);
        start = (start as i64 + self.offset) as usize;
        end = (end as i64 + self.offset) as usize;
        let (mut left, mut right) = (start != 0, end != total);
        if (left && right && sx <= 6) || ((left || right) && sx <= 3) {
            (left, right) = (false, false);
        }
        let room = sx - if left { 3 } else { 0 } - if right { 3 } else { 0 };
        let each = room / visible;
        let remaining = room - visible * each;
        if each == 0 {
            return;
        }
        // Pane columns: the preview is drawn two columns in.
        self.left = left.then_some(2 + 2);
        self.right = right.then_some(2 + sx - 3);
        if left {
            preview::vline(rows, 2);
            preview::put_colour(&mut rows[sy / 2], 0, "<", RenderColor::Default);
        }
        if right {
            preview::vline(rows, sx - 3);
            preview::put_colour(&mut rows[sy / 2], sx - 1, ">", RenderColor::Default);
        }
        (self.start, self.end, self.each) = (start, end, each);
        for (i, (pane, label, short, is_active)) in items[start..end].iter().enumerate() {
            let offset = if left { 3 } else { 0 } + i * each;
            let last = start + i == end - 1;
            let width = if last { each + remaining } else { each - 1 };
            preview::blit(rows, offset, 0, &preview::pane(srv, *pane, width, sy));
            let fg = if *is_active { active } else { normal };
            let text = if !wide || label.len() <= width {
                label
            } else {
                short
            };
            let area = if wide { width } else { each };
            preview::label(rows, offset, area, sy, text, fg);
            if !last {
                preview::vline(rows, offset + width);
            }
        }
    }
}

/// An item's target for a template (tmux's window_tree_get_target) and its state.
fn target(srv: &Server, tag: &Tag) -> Option<(String, Current)> {
    let (s, idx, p) = pull(srv, tag)?;
    let name = &srv.model.sessions.get(&s)?.name;
    let text = match tag {
        Tag::Session(_) => format!("={name}:"),
        Tag::Window(..) => format!("={name}:{idx}."),
        _ => format!("={name}:{idx}.{p}"),
    };
    let current = Current {
        pane: Some(p),
        session: Some(s),
        marked: srv.marked,
    };
    Some((text, current))
}

/// tmux's window_tree_search: a session's or window's name, or a pane's command, holds the text.
pub fn search(srv: &Server, tag: &Tag, text: &str) -> bool {
    let m = &srv.model;
    match tag {
        Tag::Session(s) => m.sessions.get(s).is_some_and(|s| s.name.contains(text)),
        Tag::Window(s, idx) => (window_at(srv, *s, *idx))
            .and_then(|w| m.windows.get(&w))
            .is_some_and(|w| w.name.contains(text)),
        Tag::Pane(s, _, p) => {
            let cmd = Target::pane(srv, Some(*s), *p).expand("#{pane_current_command}");
            !cmd.is_empty() && cmd.contains(text)
        }
        _ => false,
    }
}

fn data(ch: &mut Chooser) -> Option<&mut Data> {
    match &mut ch.mode {
        super::Mode::Tree(d) => Some(d),
        _ => None,
    }
}

pub fn key(ch: &mut Chooser, srv: &mut Server, key: Key) -> Outcome {
    let before = ch.current_tag();
    let name = key.to_string();
    let Some(tag) = before.clone() else {
        return Outcome::Exit;
    };
    let ask = |label: String, single: bool, what: AskKind| {
        Outcome::Ask(Ask {
            label,
            input: String::new(),
            single,
            ptype: PromptType::COMMAND,
            what,
        })
    };
    match name.as_str() {
        "<" | ">" => {
            if let Some(d) = data(ch) {
                d.offset += if name == "<" { -1 } else { 1 };
            }
        }
        "H" => {
            let Some(d) = data(ch) else {
                return Outcome::Stay;
            };
            let spec = d.spec;
            for t in [
                Tag::Session(spec.session),
                Tag::Window(spec.session, spec.window),
            ] {
                if let Some(i) = ch.nodes.iter().position(|n| n.tag == t) {
                    ch.nodes[i].expanded = true;
                }
            }
            ch.build(srv, true);
            let own = ch.lines.iter().position(|l| {
                matches!(ch.nodes[l.node].tag, Tag::Pane(s, _, p) if p == ch.pane && s == spec.session)
            });
            let found = own.or_else(|| ch.find_line(&Tag::Window(spec.session, spec.window)));
            ch.set_current(found);
        }
        "m" => {
            if let Some((_, _, p)) = pull(srv, &tag) {
                srv.marked = Some(p);
                crate::server::pane::signal_redraw();
            }
            ch.build(srv, true);
        }
        "M" => {
            srv.marked = None;
            crate::server::pane::signal_redraw();
            ch.build(srv, true);
        }
        "x" => {
            let m = &srv.model;
            let label = match (&tag, pull(srv, &tag)) {
                (_, None) => return Outcome::Stay,
                (Tag::Session(s), _) => format!("Kill session {}? ", m.sessions[s].name),
                (Tag::Window(_, idx), _) => format!("Kill window {idx}? "),
                (_, Some((_, _, p))) => {
                    let w = m.panes[&p].window;
                    let base = m.option_number(OptionScope::Window(w), "pane-base-index");
                    format!("Kill pane {}? ", m.pane_index(p).unwrap_or(0) as i64 + base)
                }
            };
            return ask(label, true, AskKind::KillCurrent);
        }
        "X" => {
            let n = ch.count_tagged();
            if n > 0 {
                return ask(format!("Kill {n} tagged? "), true, AskKind::KillTagged);
            }
        }
        ":" => {
            let label = match ch.count_tagged() {
                0 => "(current) ".to_string(),
                n => format!("({n} tagged) "),
            };
            return ask(label, false, AskKind::Command);
        }
        "Enter" => {
            let commands = (target(srv, &tag).into_iter())
                .map(|(t, _)| (crate::cmd::template::replace(&ch.template, &t, 1), None))
                .filter(|(c, _)| !c.is_empty())
                .collect();
            return Outcome::Run {
                commands,
                exit: true,
            };
        }
        _ => {}
    }
    if ch.current_tag() != before {
        if let Some(d) = data(ch) {
            d.offset = 0;
        }
    }
    Outcome::Stay
}

/// The answer to `:`, `x` or `X`.
pub fn answer(ch: &mut Chooser, srv: &mut Server, what: AskKind, text: &str) -> Outcome {
    let kill = |tags: Vec<Tag>| -> Vec<(String, Option<Current>)> {
        tags.iter()
            .filter_map(|t| {
                let (s, idx, p) = pull(srv, t)?;
                Some(match t {
                    Tag::Session(_) => format!("kill-session -t '{s}'"),
                    Tag::Window(..) => format!("kill-window -t '{}'", window_at(srv, s, idx)?),
                    _ => format!("kill-pane -t '{p}'"),
                })
            })
            .map(|c| (c, None))
            .collect()
    };
    let yes = text.eq_ignore_ascii_case("y");
    let commands = match what {
        AskKind::Command => (ch.tagged_or_current(true).iter())
            .filter_map(|t| target(srv, t))
            .map(|(name, at)| (crate::cmd::template::replace(text, &name, 1), Some(at)))
            .filter(|(c, _)| !c.is_empty())
            .collect(),
        AskKind::KillCurrent if yes => kill(ch.current_tag().into_iter().collect()),
        AskKind::KillTagged if yes => kill(ch.tagged_or_current(true)),
        _ => return Outcome::Stay,
    };
    Outcome::Run {
        commands,
        exit: false,
    }
}

/// A click in the preview (tmux's window_tree_mouse): the arrows scroll it, an item is chosen.
pub fn preview_click(ch: &mut Chooser, srv: &mut Server, x: usize) -> Outcome {
    let Some(tag) = ch.current_tag() else {
        return Outcome::Stay;
    };
    let Some(d) = data(ch) else {
        return Outcome::Stay;
    };
    if d.left.is_some_and(|l| x <= l) {
        d.offset -= 1;
        return Outcome::Stay;
    }
    if d.right.is_some_and(|r| x >= r) {
        d.offset += 1;
        return Outcome::Stay;
    }
    let mut x = x;
    match d.left {
        Some(l) => x -= l,
        None if x != 0 => x -= 1,
        None => {}
    }
    let (start, end, each) = (d.start, d.end, d.each);
    let n = if x == 0 || end == 0 || each == 0 {
        0
    } else {
        (x / each).min(end.saturating_sub(1 + start))
    };
    let Some((s, idx, _)) = pull(srv, &tag) else {
        return Outcome::Stay;
    };
    let pick = match tag {
        Tag::Session(_) => {
            let windows = &srv.model.sessions[&s].windows;
            windows.keys().nth(start + n).map(|i| Tag::Window(s, *i))
        }
        Tag::Window(..) => {
            let Some(w) = window_at(srv, s, idx).and_then(|w| srv.model.windows.get(&w)) else {
                return Outcome::Stay;
            };
            w.layout
                .panes()
                .get(start + n)
                .map(|p| Tag::Pane(s, idx, *p))
        }
        _ => return Outcome::Stay,
    };
    if let Some(i) = ch.current_node() {
        ch.nodes[i].expanded = true;
    }
    ch.build(srv, true);
    if let Some(t) = pick {
        let line = ch.find_line(&t);
        ch.set_current(line);
    }
    key(ch, srv, Key::char('\r'))
}
