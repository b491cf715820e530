//! v1 <-> the live model. Reading (`From<v1> for live`) must keep working for as long as v1 files may
//! exist; writing (`From<&live> for v1`) only while v1 is the newest version.

use super::*;

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

/// A live change v1 cannot express: the caller must write a newer version.
#[derive(Debug)]
pub struct NotInV1;

impl TryFrom<&live::Change> for Change {
    type Error = NotInV1;

    fn try_from(c: &live::Change) -> Result<Self, NotInV1> {
        use live::Change as L;
        Ok(match c {
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
                id: (*id).into(),
                name: name.clone(),
                created: *created,
                cols: *cols,
                rows: *rows,
                window: (*window).into(),
                window_name: window_name.clone(),
                pane: (*pane).into(),
                spec: spec.into(),
            },
            L::SessionRenamed { id, name } => Change::SessionRenamed {
                id: (*id).into(),
                name: name.clone(),
            },
            L::SessionResized { id, cols, rows } => Change::SessionResized {
                id: (*id).into(),
                cols: *cols,
                rows: *rows,
            },
            L::SessionClosed { id } => Change::SessionClosed { id: (*id).into() },
            L::WindowCreated {
                id,
                session,
                index,
                name,
                pane,
                spec,
                select,
            } => Change::WindowCreated {
                id: (*id).into(),
                session: (*session).into(),
                index: *index,
                name: name.clone(),
                pane: (*pane).into(),
                spec: spec.into(),
                select: *select,
            },
            L::WindowRenamed { id, name } => Change::WindowRenamed {
                id: (*id).into(),
                name: name.clone(),
            },
            L::WindowClosed { id } => Change::WindowClosed { id: (*id).into() },
            L::WindowSelected { id } => Change::WindowSelected { id: (*id).into() },
            L::WindowZoomed { id, zoomed } => Change::WindowZoomed {
                id: (*id).into(),
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
                target: (*target).into(),
                pane: (*pane).into(),
                dir: (*dir).into(),
                size: *size,
                before: *before,
                spec: spec.into(),
                select: *select,
            },
            L::PaneClosed { id } => Change::PaneClosed { id: (*id).into() },
            L::PaneSelected { id } => Change::PaneSelected { id: (*id).into() },
            L::PaneResized { id, axis, size } => Change::PaneResized {
                id: (*id).into(),
                axis: (*axis).into(),
                size: *size,
            },
            L::PaneCwd { id, cwd } => Change::PaneCwd {
                id: (*id).into(),
                cwd: cwd.clone(),
            },
        })
    }
}

impl From<Layout> for live::Layout {
    fn from(l: Layout) -> Self {
        match l {
            Layout::Pane(p) => live::Layout::Pane(p.into()),
            Layout::Split { dir, children } => live::Layout::Split {
                dir: dir.into(),
                children: children
                    .into_iter()
                    .map(|c| live::LayoutChild {
                        size: c.size,
                        node: c.node.into(),
                    })
                    .collect(),
            },
        }
    }
}
impl From<&live::Layout> for Layout {
    fn from(l: &live::Layout) -> Self {
        match l {
            live::Layout::Pane(p) => Layout::Pane((*p).into()),
            live::Layout::Split { dir, children } => Layout::Split {
                dir: (*dir).into(),
                children: children
                    .iter()
                    .map(|c| LayoutChild {
                        size: c.size,
                        node: (&c.node).into(),
                    })
                    .collect(),
            },
        }
    }
}

impl From<Model> for live::Model {
    fn from(m: Model) -> Self {
        live::Model {
            sessions: m
                .sessions
                .into_iter()
                .map(|(id, s)| {
                    let s = live::Session {
                        id: s.id.into(),
                        name: s.name,
                        created: s.created,
                        cols: s.cols,
                        rows: s.rows,
                        windows: s.windows.into_iter().map(|(i, w)| (i, w.into())).collect(),
                        active_window: s.active_window.into(),
                        last_window: s.last_window.map(Into::into),
                    };
                    (id.into(), s)
                })
                .collect(),
            windows: m
                .windows
                .into_iter()
                .map(|(id, w)| {
                    let w = live::Window {
                        id: w.id.into(),
                        session: w.session.into(),
                        name: w.name,
                        layout: w.layout.into(),
                        active_pane: w.active_pane.into(),
                        last_pane: w.last_pane.map(Into::into),
                        zoomed: w.zoomed,
                    };
                    (id.into(), w)
                })
                .collect(),
            panes: m
                .panes
                .into_iter()
                .map(|(id, p)| {
                    let p = live::Pane {
                        id: p.id.into(),
                        window: p.window.into(),
                        spec: p.spec.into(),
                        cwd: p.cwd,
                    };
                    (id.into(), p)
                })
                .collect(),
            next: live::NextIds {
                session: m.next.session,
                window: m.next.window,
                pane: m.next.pane,
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
                        id: s.id.into(),
                        name: s.name.clone(),
                        created: s.created,
                        cols: s.cols,
                        rows: s.rows,
                        windows: s.windows.iter().map(|(i, w)| (*i, (*w).into())).collect(),
                        active_window: s.active_window.into(),
                        last_window: s.last_window.map(Into::into),
                    };
                    ((*id).into(), s)
                })
                .collect(),
            windows: m
                .windows
                .iter()
                .map(|(id, w)| {
                    let w = Window {
                        id: w.id.into(),
                        session: w.session.into(),
                        name: w.name.clone(),
                        layout: (&w.layout).into(),
                        active_pane: w.active_pane.into(),
                        last_pane: w.last_pane.map(Into::into),
                        zoomed: w.zoomed,
                    };
                    ((*id).into(), w)
                })
                .collect(),
            panes: m
                .panes
                .iter()
                .map(|(id, p)| {
                    let p = Pane {
                        id: p.id.into(),
                        window: p.window.into(),
                        spec: (&p.spec).into(),
                        cwd: p.cwd.clone(),
                    };
                    ((*id).into(), p)
                })
                .collect(),
            next: NextIds {
                session: m.next.session,
                window: m.next.window,
                pane: m.next.pane,
            },
        }
    }
}
