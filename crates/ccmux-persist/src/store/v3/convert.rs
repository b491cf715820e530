//! v3 <-> the live model. Reading (`TryFrom<v3> for live`) must keep working for as long as v3 files
//! may exist. v3 is no longer written: what remains of writing here is for the types v4 reuses
//! (options, environment, bindings, layouts), used by `v4::convert`.

use super::*;
use crate::store::v2::convert::{
    binding_in, env_in, options_in, options_in_over, scope_in, Invalid,
};
use ccmux_model as live;
use ccmux_model::options::Colour as LiveColour;

pub(crate) fn id_s(v: live::SessionId) -> SessionId {
    SessionId(v.0)
}
pub(crate) fn id_w(v: live::WindowId) -> WindowId {
    WindowId(v.0)
}
pub(crate) fn id_p(v: live::PaneId) -> PaneId {
    PaneId(v.0)
}

// ---- v3 -> live (reading) ----

impl TryFrom<Change> for live::Change {
    type Error = Invalid;

    fn try_from(c: Change) -> Result<Self, Invalid> {
        use live::Change as L;
        Ok(match c {
            Change::SessionCreated {
                id,
                name,
                created,
                cols,
                rows,
                window,
                window_name,
                pane,
                spec,
            } => L::SessionCreated {
                id: id.into(),
                name,
                created,
                cols,
                rows,
                window: window.into(),
                window_name,
                pane: pane.into(),
                spec: spec.into(),
            },
            Change::SessionRenamed { id, name } => L::SessionRenamed {
                id: id.into(),
                name,
            },
            Change::SessionResized { id, cols, rows } => L::SessionResized {
                id: id.into(),
                cols,
                rows,
            },
            Change::SessionClosed { id } => L::SessionClosed { id: id.into() },
            Change::WindowCreated {
                id,
                session,
                index,
                name,
                pane,
                spec,
                select,
            } => L::WindowCreated {
                id: id.into(),
                session: session.into(),
                index,
                name,
                pane: pane.into(),
                spec: spec.into(),
                select,
            },
            Change::WindowRenamed { id, name } => L::WindowRenamed {
                id: id.into(),
                name,
            },
            Change::WindowClosed { id } => L::WindowClosed { id: id.into() },
            Change::WindowSelected { id } => L::WindowSelected { id: id.into() },
            Change::WindowZoomed { id, zoomed } => L::WindowZoomed {
                id: id.into(),
                zoomed,
            },
            Change::PaneSplit {
                target,
                pane,
                dir,
                size,
                before,
                spec,
                select,
            } => L::PaneSplit {
                target: target.into(),
                pane: pane.into(),
                dir: dir.into(),
                size,
                before,
                spec: spec.into(),
                select,
            },
            Change::PaneClosed { id } => L::PaneClosed { id: id.into() },
            Change::PaneSelected { id } => L::PaneSelected { id: id.into() },
            Change::PaneResized { id, axis, size } => L::PaneResized {
                id: id.into(),
                axis: axis.into(),
                size,
            },
            Change::PaneCwd { id, cwd } => L::PaneCwd { id: id.into(), cwd },
            Change::WindowLayout { id, layout } => L::WindowLayout {
                id: id.into(),
                layout: layout.try_into()?,
            },
            Change::OptionSet { scope, name, value } => L::OptionSet {
                scope: scope_in(scope),
                name,
                value: value.map(TryInto::try_into).transpose()?,
            },
            Change::KeyBound {
                table,
                key,
                binding,
            } => L::KeyBound {
                table,
                key,
                binding: binding.map(binding_in),
            },
            Change::EnvSet {
                session,
                name,
                value,
            } => L::EnvSet {
                session: session.map(Into::into),
                name,
                value: value.map(|v| live::EnvValue {
                    value: v.value,
                    hidden: v.hidden,
                }),
            },
            Change::KeysInitialized => L::KeysInitialized,
            Change::PaneTitle { id, title } => L::PaneTitle {
                id: id.into(),
                title,
            },
            Change::WindowSelectedIn { session, window } => L::WindowSelectedIn {
                session: session.into(),
                window: window.into(),
            },
            Change::WindowLinked {
                window,
                session,
                index,
                select,
            } => L::WindowLinked {
                window: window.into(),
                session: session.into(),
                index,
                select,
            },
            Change::WindowUnlinked { window, session } => L::WindowUnlinked {
                window: window.into(),
                session: session.into(),
            },
            Change::WindowMoved { session, from, to } => L::WindowMoved {
                session: session.into(),
                from,
                to,
            },
            Change::WindowsSwapped { a, b } => L::WindowsSwapped {
                a: (a.0.into(), a.1),
                b: (b.0.into(), b.1),
            },
            Change::SessionGrouped {
                id,
                name,
                created,
                cols,
                rows,
                group,
                with,
            } => L::SessionGrouped {
                id: id.into(),
                name,
                created,
                cols,
                rows,
                group,
                with: with.into(),
            },
            Change::SessionGroupSet { id, group } => L::SessionGroupSet {
                id: id.into(),
                group,
            },
            Change::PaneMoved {
                pane,
                to,
                from_layout,
                to_layout,
                select,
            } => L::PaneMoved {
                pane: pane.into(),
                to: to.into(),
                from_layout: from_layout.map(TryInto::try_into).transpose()?,
                to_layout: to_layout.try_into()?,
                select,
            },
            Change::PaneBroken {
                pane,
                window,
                session,
                index,
                name,
                select,
                from_layout,
            } => L::PaneBroken {
                pane: pane.into(),
                window: window.into(),
                session: session.into(),
                index,
                name,
                select,
                from_layout: from_layout.try_into()?,
            },
            Change::PanesSwapped {
                a,
                b,
                layout_a,
                layout_b,
            } => L::PanesSwapped {
                a: a.into(),
                b: b.into(),
                layout_a: layout_a.try_into()?,
                layout_b: layout_b.try_into()?,
            },
            Change::PaneDied {
                id,
                status,
                signal,
                time,
            } => L::PaneDied {
                id: id.into(),
                status,
                signal,
                time,
            },
            Change::PaneRespawned { id, spec } => L::PaneRespawned {
                id: id.into(),
                spec: spec.into(),
            },
        })
    }
}

impl TryFrom<Model> for live::Model {
    type Error = Invalid;

    fn try_from(m: Model) -> Result<Self, Invalid> {
        let defaults = live::GlobalOptions::default();
        let mut out = live::Model {
            next: live::NextIds {
                session: m.next.session,
                window: m.next.window,
                pane: m.next.pane,
            },
            options: live::GlobalOptions {
                server: options_in_over(m.server_options, defaults.server)?,
                session: options_in_over(m.session_options, defaults.session)?,
                window: options_in_over(m.window_options, defaults.window)?,
            },
            key_tables: m
                .key_tables
                .into_iter()
                .map(|(t, keys)| {
                    (
                        t,
                        keys.into_iter().map(|(k, b)| (k, binding_in(b))).collect(),
                    )
                })
                .collect(),
            environment: env_in(m.environment),
            keys_initialized: m.keys_initialized,
            ..live::Model::default()
        };
        for (id, s) in m.sessions {
            let s = live::Session {
                id: s.id.into(),
                name: s.name,
                created: s.created,
                cols: s.cols,
                rows: s.rows,
                windows: s.windows.into_iter().map(|(i, w)| (i, w.into())).collect(),
                active_window: s.active_window.into(),
                last_window: s.last_window.map(Into::into),
                options: options_in(s.options)?,
                environment: env_in(s.environment),
                group: s.group,
            };
            out.sessions.insert(id.into(), s);
        }
        for (id, w) in m.windows {
            let w = live::Window {
                id: w.id.into(),
                cols: w.cols,
                rows: w.rows,
                name: w.name,
                layout: w.layout.try_into()?,
                active_pane: w.active_pane.into(),
                last_pane: w.last_pane.map(Into::into),
                zoomed: w.zoomed,
                options: options_in(w.options)?,
            };
            out.windows.insert(id.into(), w);
        }
        for (id, p) in m.panes {
            let p = live::Pane {
                id: p.id.into(),
                window: p.window.into(),
                spec: p.spec.into(),
                cwd: p.cwd,
                options: options_in(p.options)?,
                title: p.title,
                dead: p.dead.map(|d| live::DeadPane {
                    status: d.status,
                    signal: d.signal,
                    time: d.time,
                }),
                foreground: None,
            };
            out.panes.insert(id.into(), p);
        }
        Ok(out)
    }
}

// ---- live -> v3 (writing) ----

impl From<&live::OptionValue> for OptionValue {
    fn from(v: &live::OptionValue) -> Self {
        use live::OptionValue as L;
        match v {
            L::String(s) => OptionValue::String(s.clone()),
            L::Number(n) => OptionValue::Number(*n),
            L::Flag(b) => OptionValue::Flag(*b),
            L::Choice(s) => OptionValue::Choice(s.clone()),
            L::Colour(c) => OptionValue::Colour(colour_out(*c)),
            L::Key(k) => OptionValue::Key(k.clone()),
            L::Command(c) => OptionValue::Command(c.clone()),
            L::Array(items) => {
                OptionValue::Array(items.iter().map(|(i, s)| (*i, s.clone())).collect())
            }
        }
    }
}

pub(crate) fn colour_out(c: LiveColour) -> Colour {
    match c {
        LiveColour::None => Colour::None,
        LiveColour::Default => Colour::Default,
        LiveColour::Terminal => Colour::Terminal,
        LiveColour::Ansi(n) => Colour::Ansi(n),
        LiveColour::Bright(n) => Colour::Bright(n),
        LiveColour::Indexed(n) => Colour::Indexed(n),
        LiveColour::Rgb(r, g, b) => Colour::Rgb(r, g, b),
    }
}

pub(crate) fn options_out(o: &live::Options) -> Options {
    o.iter()
        .map(|(name, v)| (name.to_string(), v.into()))
        .collect()
}

pub(crate) fn env_out(e: &live::Environment) -> Vec<(String, EnvValue)> {
    e.iter()
        .map(|(k, v)| {
            (
                k.clone(),
                EnvValue {
                    value: v.value.clone(),
                    hidden: v.hidden,
                },
            )
        })
        .collect()
}

pub(crate) fn binding_out(b: &live::Binding) -> Binding {
    Binding {
        command: b.command.clone(),
        note: b.note.clone(),
        repeat: b.repeat,
    }
}

pub(crate) fn scope_out(s: live::OptionScope) -> OptionScope {
    match s {
        live::OptionScope::Server => OptionScope::Server,
        live::OptionScope::GlobalSession => OptionScope::GlobalSession,
        live::OptionScope::GlobalWindow => OptionScope::GlobalWindow,
        live::OptionScope::Session(s) => OptionScope::Session(id_s(s)),
        live::OptionScope::Window(w) => OptionScope::Window(id_w(w)),
        live::OptionScope::Pane(p) => OptionScope::Pane(id_p(p)),
    }
}

pub(crate) fn cell_out(c: &live::Cell) -> Cell {
    Cell {
        cols: c.cols,
        rows: c.rows,
        node: match &c.node {
            live::Node::Pane(p) => Node::Pane(id_p(*p)),
            live::Node::Split { dir, cells } => Node::Split {
                dir: (*dir).into(),
                cells: cells.iter().map(cell_out).collect(),
            },
        },
    }
}

impl From<&live::Layout> for Layout {
    fn from(l: &live::Layout) -> Self {
        Layout {
            root: cell_out(l.root()),
            panes: l.panes().into_iter().map(id_p).collect(),
            last_preset: l.last_preset().map(|p| p.name().to_string()),
            old_layout: l.old_layout().map(String::from),
        }
    }
}
