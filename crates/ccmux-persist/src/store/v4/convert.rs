//! v4 <-> the live model. Reading (`TryFrom<v4> for live`) must keep working for as long as v4 files
//! may exist; writing (`From<&live> for v4`) only while v4 is the newest version. What v4 shares with
//! v3 is read through v3's conversion.

use super::*;
use crate::store::v2::convert::{scope_in, Invalid};
use crate::store::v3;
use crate::store::v3::convert::{binding_out, env_out, id_p, id_s, id_w, options_out, scope_out};
use ccmux_model as live;

fn foreground_in(f: Foreground) -> live::Foreground {
    live::Foreground {
        argv: f.argv,
        cwd: f.cwd,
        chain: f.chain,
    }
}

fn foreground_out(f: &live::Foreground) -> Foreground {
    Foreground {
        argv: f.argv.clone(),
        cwd: f.cwd.clone(),
        chain: f.chain.clone(),
    }
}

// ---- v4 -> live (reading) ----

impl TryFrom<Change> for live::Change {
    type Error = Invalid;

    fn try_from(c: Change) -> Result<Self, Invalid> {
        let old = match c {
            Change::PaneForeground { id, foreground } => {
                return Ok(live::Change::PaneForeground {
                    id: id.into(),
                    foreground: foreground.map(foreground_in),
                })
            }
            Change::OptionItemSet {
                scope,
                name,
                index,
                item,
            } => {
                return Ok(live::Change::OptionItemSet {
                    scope: scope_in(scope),
                    name,
                    index,
                    item,
                })
            }
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
            } => v3::Change::SessionCreated {
                id,
                name,
                created,
                cols,
                rows,
                window,
                window_name,
                pane,
                spec,
            },
            Change::SessionRenamed { id, name } => v3::Change::SessionRenamed { id, name },
            Change::SessionResized { id, cols, rows } => {
                v3::Change::SessionResized { id, cols, rows }
            }
            Change::SessionClosed { id } => v3::Change::SessionClosed { id },
            Change::WindowCreated {
                id,
                session,
                index,
                name,
                pane,
                spec,
                select,
            } => v3::Change::WindowCreated {
                id,
                session,
                index,
                name,
                pane,
                spec,
                select,
            },
            Change::WindowRenamed { id, name } => v3::Change::WindowRenamed { id, name },
            Change::WindowClosed { id } => v3::Change::WindowClosed { id },
            Change::WindowSelected { id } => v3::Change::WindowSelected { id },
            Change::WindowZoomed { id, zoomed } => v3::Change::WindowZoomed { id, zoomed },
            Change::PaneSplit {
                target,
                pane,
                dir,
                size,
                before,
                spec,
                select,
            } => v3::Change::PaneSplit {
                target,
                pane,
                dir,
                size,
                before,
                spec,
                select,
            },
            Change::PaneClosed { id } => v3::Change::PaneClosed { id },
            Change::PaneSelected { id } => v3::Change::PaneSelected { id },
            Change::PaneResized { id, axis, size } => v3::Change::PaneResized { id, axis, size },
            Change::PaneCwd { id, cwd } => v3::Change::PaneCwd { id, cwd },
            Change::WindowLayout { id, layout } => v3::Change::WindowLayout { id, layout },
            Change::OptionSet { scope, name, value } => {
                v3::Change::OptionSet { scope, name, value }
            }
            Change::KeyBound {
                table,
                key,
                binding,
            } => v3::Change::KeyBound {
                table,
                key,
                binding,
            },
            Change::EnvSet {
                session,
                name,
                value,
            } => v3::Change::EnvSet {
                session,
                name,
                value,
            },
            Change::KeysInitialized => v3::Change::KeysInitialized,
            Change::PaneTitle { id, title } => v3::Change::PaneTitle { id, title },
            Change::WindowSelectedIn { session, window } => {
                v3::Change::WindowSelectedIn { session, window }
            }
            Change::WindowLinked {
                window,
                session,
                index,
                select,
            } => v3::Change::WindowLinked {
                window,
                session,
                index,
                select,
            },
            Change::WindowUnlinked { window, session } => {
                v3::Change::WindowUnlinked { window, session }
            }
            Change::WindowMoved { session, from, to } => {
                v3::Change::WindowMoved { session, from, to }
            }
            Change::WindowsSwapped { a, b } => v3::Change::WindowsSwapped { a, b },
            Change::SessionGrouped {
                id,
                name,
                created,
                cols,
                rows,
                group,
                with,
            } => v3::Change::SessionGrouped {
                id,
                name,
                created,
                cols,
                rows,
                group,
                with,
            },
            Change::SessionGroupSet { id, group } => v3::Change::SessionGroupSet { id, group },
            Change::PaneMoved {
                pane,
                to,
                from_layout,
                to_layout,
                select,
            } => v3::Change::PaneMoved {
                pane,
                to,
                from_layout,
                to_layout,
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
            } => v3::Change::PaneBroken {
                pane,
                window,
                session,
                index,
                name,
                select,
                from_layout,
            },
            Change::PanesSwapped {
                a,
                b,
                layout_a,
                layout_b,
            } => v3::Change::PanesSwapped {
                a,
                b,
                layout_a,
                layout_b,
            },
            Change::PaneDied {
                id,
                status,
                signal,
                time,
            } => v3::Change::PaneDied {
                id,
                status,
                signal,
                time,
            },
            Change::PaneRespawned { id, spec } => v3::Change::PaneRespawned { id, spec },
        };
        old.try_into()
    }
}

impl TryFrom<Model> for live::Model {
    type Error = Invalid;

    fn try_from(m: Model) -> Result<Self, Invalid> {
        let mut foregrounds = Vec::new();
        let panes = m
            .panes
            .into_iter()
            .map(|(id, p)| {
                if let Some(f) = p.foreground {
                    foregrounds.push((id, f));
                }
                let p = v3::Pane {
                    id: p.id,
                    window: p.window,
                    spec: p.spec,
                    cwd: p.cwd,
                    options: p.options,
                    title: p.title,
                    dead: p.dead,
                };
                (id, p)
            })
            .collect();
        let old = v3::Model {
            sessions: m.sessions,
            windows: m.windows,
            panes,
            next: m.next,
            server_options: m.server_options,
            session_options: m.session_options,
            window_options: m.window_options,
            key_tables: m.key_tables,
            environment: m.environment,
            keys_initialized: m.keys_initialized,
        };
        let mut out = live::Model::try_from(old)?;
        for (id, f) in foregrounds {
            if let Some(p) = out.panes.get_mut(&id.into()) {
                p.foreground = Some(foreground_in(f));
            }
        }
        Ok(out)
    }
}

// ---- live -> v4 (writing) ----

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
            L::WindowSelectedIn { session, window } => Change::WindowSelectedIn {
                session: id_s(*session),
                window: id_w(*window),
            },
            L::WindowLinked {
                window,
                session,
                index,
                select,
            } => Change::WindowLinked {
                window: id_w(*window),
                session: id_s(*session),
                index: *index,
                select: *select,
            },
            L::WindowUnlinked { window, session } => Change::WindowUnlinked {
                window: id_w(*window),
                session: id_s(*session),
            },
            L::WindowMoved { session, from, to } => Change::WindowMoved {
                session: id_s(*session),
                from: *from,
                to: *to,
            },
            L::WindowsSwapped { a, b } => Change::WindowsSwapped {
                a: (id_s(a.0), a.1),
                b: (id_s(b.0), b.1),
            },
            L::SessionGrouped {
                id,
                name,
                created,
                cols,
                rows,
                group,
                with,
            } => Change::SessionGrouped {
                id: id_s(*id),
                name: name.clone(),
                created: *created,
                cols: *cols,
                rows: *rows,
                group: group.clone(),
                with: id_s(*with),
            },
            L::SessionGroupSet { id, group } => Change::SessionGroupSet {
                id: id_s(*id),
                group: group.clone(),
            },
            L::PaneMoved {
                pane,
                to,
                from_layout,
                to_layout,
                select,
            } => Change::PaneMoved {
                pane: id_p(*pane),
                to: id_w(*to),
                from_layout: from_layout.as_ref().map(Into::into),
                to_layout: to_layout.into(),
                select: *select,
            },
            L::PaneBroken {
                pane,
                window,
                session,
                index,
                name,
                select,
                from_layout,
            } => Change::PaneBroken {
                pane: id_p(*pane),
                window: id_w(*window),
                session: id_s(*session),
                index: *index,
                name: name.clone(),
                select: *select,
                from_layout: from_layout.into(),
            },
            L::PanesSwapped {
                a,
                b,
                layout_a,
                layout_b,
            } => Change::PanesSwapped {
                a: id_p(*a),
                b: id_p(*b),
                layout_a: layout_a.into(),
                layout_b: layout_b.into(),
            },
            L::PaneDied {
                id,
                status,
                signal,
                time,
            } => Change::PaneDied {
                id: id_p(*id),
                status: *status,
                signal: *signal,
                time: *time,
            },
            L::PaneRespawned { id, spec } => Change::PaneRespawned {
                id: id_p(*id),
                spec: spec.into(),
            },
            L::PaneForeground { id, foreground } => Change::PaneForeground {
                id: id_p(*id),
                foreground: foreground.as_ref().map(foreground_out),
            },
            L::OptionItemSet {
                scope,
                name,
                index,
                item,
            } => Change::OptionItemSet {
                scope: scope_out(*scope),
                name: name.clone(),
                index: *index,
                item: item.clone(),
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
                        group: s.group.clone(),
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
                        cols: w.cols,
                        rows: w.rows,
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
                        dead: p.dead.map(|d| DeadPane {
                            status: d.status,
                            signal: d.signal,
                            time: d.time,
                        }),
                        foreground: p.foreground.as_ref().map(foreground_out),
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
