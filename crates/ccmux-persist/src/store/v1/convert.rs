//! v1 -> the live model (reading, for as long as v1 files may exist). v1 is no longer written; the
//! `From<live>` impls left here are for the small types v2 shares with v1.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::*;
use crate::store::v2::convert::Invalid;

macro_rules! id {
    ($t:ident) => {
        impl From<$t> for live::$t {
            fn from(v: $t) -> Self {
                live::$t(v.0)
            }
        }
        impl From<live::$t> for $t {
            fn from(v: live::$t) -> Self {
                $t(v.0)
            }
        }
    };
}
id!(SessionId);
id!(WindowId);
id!(PaneId);

impl From<SplitDir> for live::SplitDir {
    fn from(v: SplitDir) -> Self {
        match v {
            SplitDir::LeftRight => live::SplitDir::LeftRight,
            SplitDir::TopBottom => live::SplitDir::TopBottom,
        }
    }
}
impl From<live::SplitDir> for SplitDir {
    fn from(v: live::SplitDir) -> Self {
        match v {
            live::SplitDir::LeftRight => SplitDir::LeftRight,
            live::SplitDir::TopBottom => SplitDir::TopBottom,
        }
    }
}

impl From<Axis> for live::Axis {
    fn from(v: Axis) -> Self {
        match v {
            Axis::X => live::Axis::X,
            Axis::Y => live::Axis::Y,
        }
    }
}
impl From<live::Axis> for Axis {
    fn from(v: live::Axis) -> Self {
        match v {
            live::Axis::X => Axis::X,
            live::Axis::Y => Axis::Y,
        }
    }
}

impl From<PaneSpec> for live::PaneSpec {
    fn from(v: PaneSpec) -> Self {
        live::PaneSpec {
            command: v.command,
            shell: v.shell,
            env: v.env,
            cwd: v.cwd,
        }
    }
}
impl From<&live::PaneSpec> for PaneSpec {
    fn from(v: &live::PaneSpec) -> Self {
        PaneSpec {
            command: v.command.clone(),
            shell: v.shell.clone(),
            env: v.env.clone(),
            cwd: v.cwd.clone(),
        }
    }
}

impl From<Change> for live::Change {
    fn from(c: Change) -> Self {
        use live::Change as L;
        match c {
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
        }
    }
}

/// A v1 split tree (each child sized along its parent's axis, at the session's size) as a tmux cell
/// tree with both sizes per cell.
fn cell_from(l: Layout, cols: u16, rows: u16) -> live::Cell {
    match l {
        Layout::Pane(p) => live::Cell::leaf(p.into(), cols.into(), rows.into()),
        Layout::Split { dir, children } => live::Cell {
            cols,
            rows,
            node: live::Node::Split {
                dir: dir.into(),
                cells: children
                    .into_iter()
                    .map(|c| match dir {
                        SplitDir::LeftRight => cell_from(c.node, c.size, rows),
                        SplitDir::TopBottom => cell_from(c.node, cols, c.size),
                    })
                    .collect(),
            },
        },
    }
}

fn layout_from(l: Layout, cols: u16, rows: u16) -> Result<live::Layout, Invalid> {
    let mut panes = Vec::new();
    leaves(&l, &mut panes);
    live::Layout::from_parts(cell_from(l, cols, rows), panes, None, None)
        .map_err(|e| Invalid(e.to_string()))
}

fn leaves(l: &Layout, out: &mut Vec<live::PaneId>) {
    match l {
        Layout::Pane(p) => out.push((*p).into()),
        Layout::Split { children, .. } => children.iter().for_each(|c| leaves(&c.node, out)),
    }
}

impl TryFrom<Model> for live::Model {
    type Error = Invalid;

    fn try_from(m: Model) -> Result<Self, Invalid> {
        let mut out = live::Model {
            next: live::NextIds {
                session: m.next.session,
                window: m.next.window,
                pane: m.next.pane,
            },
            ..live::Model::default()
        };
        for (id, w) in m.windows {
            let (cols, rows) = m
                .sessions
                .get(&w.session)
                .map_or((80, 24), |s| (s.cols, s.rows));
            let w = live::Window {
                id: w.id.into(),
                cols,
                rows,
                name: w.name,
                layout: layout_from(w.layout, cols, rows)?,
                active_pane: w.active_pane.into(),
                last_pane: w.last_pane.map(Into::into),
                zoomed: w.zoomed,
                options: live::Options::new(),
            };
            out.windows.insert(id.into(), w);
        }
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
                options: live::Options::new(),
                environment: Default::default(),
                group: None,
            };
            out.sessions.insert(id.into(), s);
        }
        for (id, p) in m.panes {
            let p = live::Pane {
                id: p.id.into(),
                window: p.window.into(),
                spec: p.spec.into(),
                cwd: p.cwd,
                options: live::Options::new(),
                title: String::new(),
                dead: None,
                foreground: None,
            };
            out.panes.insert(id.into(), p);
        }
        Ok(out)
    }
}
