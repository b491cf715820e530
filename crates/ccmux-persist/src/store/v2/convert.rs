//! v2 -> the live model (reading, for as long as v2 files may exist). v2 is no longer written.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::*;
use ccmux_model as live;
use ccmux_model::options::Colour as LiveColour;

/// A stored value this build cannot turn back into the live model (the caller reports it).
#[derive(Debug)]
pub struct Invalid(pub String);

// ---- v2 -> live (reading) ----

pub(crate) fn colour_in(c: Colour) -> LiveColour {
    match c {
        Colour::None => LiveColour::None,
        Colour::Default => LiveColour::Default,
        Colour::Terminal => LiveColour::Terminal,
        Colour::Ansi(n) => LiveColour::Ansi(n),
        Colour::Bright(n) => LiveColour::Bright(n),
        Colour::Indexed(n) => LiveColour::Indexed(n),
        Colour::Rgb(r, g, b) => LiveColour::Rgb(r, g, b),
    }
}

impl TryFrom<OptionValue> for live::OptionValue {
    type Error = Invalid;

    fn try_from(v: OptionValue) -> Result<Self, Invalid> {
        use live::OptionValue as L;
        Ok(match v {
            OptionValue::String(s) => L::String(s),
            OptionValue::Number(n) => L::Number(n),
            OptionValue::Flag(b) => L::Flag(b),
            OptionValue::Choice(s) => L::Choice(s),
            OptionValue::Colour(c) => L::Colour(colour_in(c)),
            OptionValue::Key(k) => L::Key(k),
            OptionValue::Command(c) => L::Command(c),
            OptionValue::Array(items) => L::Array(items.into_iter().collect()),
        })
    }
}

pub(crate) fn options_in(o: Options) -> Result<live::Options, Invalid> {
    let mut out = live::Options::new();
    for (name, v) in o {
        out.set(&name, v.try_into()?);
    }
    Ok(out)
}

pub(crate) fn options_in_over(
    o: Options,
    mut base: live::Options,
) -> Result<live::Options, Invalid> {
    for (name, v) in o {
        base.set(&name, v.try_into()?);
    }
    Ok(base)
}

pub(crate) fn env_in(e: Vec<(String, EnvValue)>) -> live::Environment {
    e.into_iter()
        .map(|(k, v)| {
            (
                k,
                live::EnvValue {
                    value: v.value,
                    hidden: v.hidden,
                },
            )
        })
        .collect()
}

pub(crate) fn binding_in(b: Binding) -> live::Binding {
    live::Binding {
        command: b.command,
        note: b.note,
        repeat: b.repeat,
    }
}

pub(crate) fn scope_in(s: OptionScope) -> live::OptionScope {
    match s {
        OptionScope::Server => live::OptionScope::Server,
        OptionScope::GlobalSession => live::OptionScope::GlobalSession,
        OptionScope::GlobalWindow => live::OptionScope::GlobalWindow,
        OptionScope::Session(s) => live::OptionScope::Session(s.into()),
        OptionScope::Window(w) => live::OptionScope::Window(w.into()),
        OptionScope::Pane(p) => live::OptionScope::Pane(p.into()),
    }
}

pub(crate) fn cell_in(c: Cell) -> live::Cell {
    live::Cell {
        cols: c.cols,
        rows: c.rows,
        node: match c.node {
            Node::Pane(p) => live::Node::Pane(p.into()),
            Node::Split { dir, cells } => live::Node::Split {
                dir: dir.into(),
                cells: cells.into_iter().map(cell_in).collect(),
            },
        },
    }
}

impl TryFrom<Layout> for live::Layout {
    type Error = Invalid;

    fn try_from(l: Layout) -> Result<Self, Invalid> {
        let preset = match l.last_preset {
            Some(name) => Some(
                live::Preset::ALL
                    .into_iter()
                    .find(|p| p.name() == name)
                    .ok_or_else(|| Invalid(format!("unknown layout preset {name:?}")))?,
            ),
            None => None,
        };
        live::Layout::from_parts(
            cell_in(l.root),
            l.panes.into_iter().map(Into::into).collect(),
            preset,
            l.old_layout,
        )
        .map_err(|e| Invalid(e.to_string()))
    }
}

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
                group: None,
            };
            out.sessions.insert(id.into(), s);
        }
        for (id, w) in m.windows {
            let (cols, rows) = out
                .sessions
                .get(&w.session.into())
                .map_or((80, 24), |s| (s.cols, s.rows));
            let w = live::Window {
                id: w.id.into(),
                cols,
                rows,
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
                dead: None,
                foreground: None,
            };
            out.panes.insert(id.into(), p);
        }
        Ok(out)
    }
}
