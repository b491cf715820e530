//! v2 <-> the live model. Reading (`TryFrom<v2> for live`) must keep working for as long as v2 files
//! may exist; writing (`From<&live> for v2`) only while v2 is the newest version.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::*;
use ccmux_model as live;
use ccmux_model::options::Colour as LiveColour;

/// A stored value this build cannot turn back into the live model (the caller reports it).
#[derive(Debug)]
pub struct Invalid(pub String);

fn id_s(v: live::SessionId) -> SessionId {
    SessionId(v.0)
}
fn id_w(v: live::WindowId) -> WindowId {
    WindowId(v.0)
}
fn id_p(v: live::PaneId) -> PaneId {
    PaneId(v.0)
}

// ---- live -> v2 (writing) ----

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

fn colour_out(c: LiveColour) -> Colour {
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

fn colour_in(c: Colour) -> LiveColour {
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

fn options_out(o: &live::Options) -> Options {
    o.iter()
        .map(|(name, v)| (name.to_string(), v.into()))
        .collect()
}

fn env_out(e: &live::Environment) -> Vec<(String, EnvValue)> {
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

fn binding_out(b: &live::Binding) -> Binding {
    Binding {
        command: b.command.clone(),
        note: b.note.clone(),
        repeat: b.repeat,
    }
}

fn scope_out(s: live::OptionScope) -> OptionScope {
    match s {
        live::OptionScope::Server => OptionScope::Server,
        live::OptionScope::GlobalSession => OptionScope::GlobalSession,
        live::OptionScope::GlobalWindow => OptionScope::GlobalWindow,
        live::OptionScope::Session(s) => OptionScope::Session(id_s(s)),
        live::OptionScope::Window(w) => OptionScope::Window(id_w(w)),
        live::OptionScope::Pane(p) => OptionScope::Pane(id_p(p)),
    }
}

fn cell_out(c: &live::Cell) -> Cell {
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

impl From<&live::Change> for Change {
    fn from(c: &live::Change) -> Self {
        use live::Change as L;
        match c {
            L::SessionCreated {
                id,
                name,
                created,
                cols,
                rows,
                window,
                window_name,
                pane,
                spec,
            } => Change::SessionCreated {
                id: id_s(*id),
                name: name.clone(),
                created: *created,
                cols: *cols,
                rows: *rows,
                window: id_w(*window),
                window_name: window_name.clone(),
                pane: id_p(*pane),
                spec: spec.into(),
            },
            L::SessionRenamed { id, name } => Change::SessionRenamed {
                id: id_s(*id),
                name: name.clone(),
            },
            L::SessionResized { id, cols, rows } => Change::SessionResized {
                id: id_s(*id),
                cols: *cols,
                rows: *rows,
            },
            L::SessionClosed { id } => Change::SessionClosed { id: id_s(*id) },
            L::WindowCreated {
                id,
                session,
                index,
                name,
                pane,
                spec,
                select,
            } => Change::WindowCreated {
                id: id_w(*id),
                session: id_s(*session),
                index: *index,
                name: name.clone(),
                pane: id_p(*pane),
                spec: spec.into(),
                select: *select,
            },
            L::WindowRenamed { id, name } => Change::WindowRenamed {
                id: id_w(*id),
                name: name.clone(),
            },
            L::WindowClosed { id } => Change::WindowClosed { id: id_w(*id) },
            L::WindowSelected { id } => Change::WindowSelected { id: id_w(*id) },
            L::WindowZoomed { id, zoomed } => Change::WindowZoomed {
                id: id_w(*id),
                zoomed: *zoomed,
            },
            L::PaneSplit {
                target,
                pane,
                dir,
                size,
                before,
                spec,
                select,
            } => Change::PaneSplit {
                target: id_p(*target),
                pane: id_p(*pane),
                dir: (*dir).into(),
                size: *size,
                before: *before,
                spec: spec.into(),
                select: *select,
            },
            L::PaneClosed { id } => Change::PaneClosed { id: id_p(*id) },
            L::PaneSelected { id } => Change::PaneSelected { id: id_p(*id) },
            L::PaneResized { id, axis, size } => Change::PaneResized {
                id: id_p(*id),
                axis: (*axis).into(),
                size: *size,
            },
            L::PaneCwd { id, cwd } => Change::PaneCwd {
                id: id_p(*id),
                cwd: cwd.clone(),
            },
            L::WindowLayout { id, layout } => Change::WindowLayout {
                id: id_w(*id),
                layout: layout.into(),
            },
            L::OptionSet { scope, name, value } => Change::OptionSet {
                scope: scope_out(*scope),
                name: name.clone(),
                value: value.as_ref().map(Into::into),
            },
            L::KeyBound {
                table,
                key,
                binding,
            } => Change::KeyBound {
                table: table.clone(),
                key: key.clone(),
                binding: binding.as_ref().map(binding_out),
            },
            L::EnvSet {
                session,
                name,
                value,
            } => Change::EnvSet {
                session: session.map(id_s),
                name: name.clone(),
                value: value.as_ref().map(|v| EnvValue {
                    value: v.value.clone(),
                    hidden: v.hidden,
                }),
            },
            L::KeysInitialized => Change::KeysInitialized,
            L::PaneTitle { id, title } => Change::PaneTitle {
                id: id_p(*id),
                title: title.clone(),
            },
        }
    }
}

impl From<&live::Model> for Model {
    fn from(m: &live::Model) -> Self {
        Model {
            sessions: m
                .sessions
                .iter()
                .map(|(id, s)| {
                    let s = Session {
                        id: id_s(s.id),
                        name: s.name.clone(),
                        created: s.created,
                        cols: s.cols,
                        rows: s.rows,
                        windows: s.windows.iter().map(|(i, w)| (*i, id_w(*w))).collect(),
                        active_window: id_w(s.active_window),
                        last_window: s.last_window.map(id_w),
                        options: options_out(&s.options),
                        environment: env_out(&s.environment),
                    };
                    (id_s(*id), s)
                })
                .collect(),
            windows: m
                .windows
                .iter()
                .map(|(id, w)| {
                    let w = Window {
                        id: id_w(w.id),
                        session: id_s(w.session),
                        name: w.name.clone(),
                        layout: (&w.layout).into(),
                        active_pane: id_p(w.active_pane),
                        last_pane: w.last_pane.map(id_p),
                        zoomed: w.zoomed,
                        options: options_out(&w.options),
                    };
                    (id_w(*id), w)
                })
                .collect(),
            panes: m
                .panes
                .iter()
                .map(|(id, p)| {
                    let p = Pane {
                        id: id_p(p.id),
                        window: id_w(p.window),
                        spec: (&p.spec).into(),
                        cwd: p.cwd.clone(),
                        options: options_out(&p.options),
                        title: p.title.clone(),
                    };
                    (id_p(*id), p)
                })
                .collect(),
            next: NextIds {
                session: m.next.session,
                window: m.next.window,
                pane: m.next.pane,
            },
            server_options: options_out(&m.options.server),
            session_options: options_out(&m.options.session),
            window_options: options_out(&m.options.window),
            key_tables: m
                .key_tables
                .iter()
                .map(|(t, keys)| {
                    let keys = keys
                        .iter()
                        .map(|(k, b)| (k.clone(), binding_out(b)))
                        .collect();
                    (t.clone(), keys)
                })
                .collect(),
            environment: env_out(&m.environment),
            keys_initialized: m.keys_initialized,
        }
    }
}

// ---- v2 -> live (reading) ----

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

fn options_in(o: Options) -> Result<live::Options, Invalid> {
    let mut out = live::Options::new();
    for (name, v) in o {
        out.set(&name, v.try_into()?);
    }
    Ok(out)
}

fn options_in_over(o: Options, mut base: live::Options) -> Result<live::Options, Invalid> {
    for (name, v) in o {
        base.set(&name, v.try_into()?);
    }
    Ok(base)
}

fn env_in(e: Vec<(String, EnvValue)>) -> live::Environment {
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

fn binding_in(b: Binding) -> live::Binding {
    live::Binding {
        command: b.command,
        note: b.note,
        repeat: b.repeat,
    }
}

fn scope_in(s: OptionScope) -> live::OptionScope {
    match s {
        OptionScope::Server => live::OptionScope::Server,
        OptionScope::GlobalSession => live::OptionScope::GlobalSession,
        OptionScope::GlobalWindow => live::OptionScope::GlobalWindow,
        OptionScope::Session(s) => live::OptionScope::Session(s.into()),
        OptionScope::Window(w) => live::OptionScope::Window(w.into()),
        OptionScope::Pane(p) => live::OptionScope::Pane(p.into()),
    }
}

fn cell_in(c: Cell) -> live::Cell {
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
            };
            out.sessions.insert(id.into(), s);
        }
        for (id, w) in m.windows {
            let w = live::Window {
                id: w.id.into(),
                session: w.session.into(),
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
            };
            out.panes.insert(id.into(), p);
        }
        Ok(out)
    }
}
