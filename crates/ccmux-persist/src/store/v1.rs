//! Version 1 of the stored model types, frozen: these are the bytes `Record` v1 and `Snapshot` v1 hold.
//!
//! Never edit a type here (not a field, not a variant, not their order): postcard stores fields by
//! position and variants by index, so any edit changes what v1 bytes mean. A change to what is stored is
//! a new version module (`v2.rs`) with its own frozen types, a version bump of the payloads that hold
//! them, and a conversion from this one (see FORMAT.md, "Adding to a stored type").
//!
//! v1 is read, never written any more (v2 is); the conversion to the live model stays forever.

use ccmux_model as live;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SessionId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WindowId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PaneId(pub u32);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    SessionCreated {
        id: SessionId,
        name: String,
        created: u64,
        cols: u16,
        rows: u16,
        window: WindowId,
        window_name: String,
        pane: PaneId,
        spec: PaneSpec,
    },
    SessionRenamed {
        id: SessionId,
        name: String,
    },
    SessionResized {
        id: SessionId,
        cols: u16,
        rows: u16,
    },
    SessionClosed {
        id: SessionId,
    },
    WindowCreated {
        id: WindowId,
        session: SessionId,
        index: u32,
        name: String,
        pane: PaneId,
        spec: PaneSpec,
        select: bool,
    },
    WindowRenamed {
        id: WindowId,
        name: String,
    },
    WindowClosed {
        id: WindowId,
    },
    WindowSelected {
        id: WindowId,
    },
    WindowZoomed {
        id: WindowId,
        zoomed: bool,
    },
    PaneSplit {
        target: PaneId,
        pane: PaneId,
        dir: SplitDir,
        size: Option<u16>,
        before: bool,
        spec: PaneSpec,
        select: bool,
    },
    PaneClosed {
        id: PaneId,
    },
    PaneSelected {
        id: PaneId,
    },
    PaneResized {
        id: PaneId,
        axis: Axis,
        size: u16,
    },
    PaneCwd {
        id: PaneId,
        cwd: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SplitDir {
    LeftRight,
    TopBottom,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Axis {
    X,
    Y,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaneSpec {
    pub command: Vec<String>,
    pub shell: String,
    pub env: Vec<(String, String)>,
    pub cwd: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    pub sessions: BTreeMap<SessionId, Session>,
    pub windows: BTreeMap<WindowId, Window>,
    pub panes: BTreeMap<PaneId, Pane>,
    pub next: NextIds,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextIds {
    pub session: u32,
    pub window: u32,
    pub pane: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub name: String,
    pub created: u64,
    pub cols: u16,
    pub rows: u16,
    pub windows: BTreeMap<u32, WindowId>,
    pub active_window: WindowId,
    pub last_window: Option<WindowId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub id: WindowId,
    pub session: SessionId,
    pub name: String,
    pub layout: Layout,
    pub active_pane: PaneId,
    pub last_pane: Option<PaneId>,
    pub zoomed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pane {
    pub id: PaneId,
    pub window: WindowId,
    pub spec: PaneSpec,
    pub cwd: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    Pane(PaneId),
    Split {
        dir: SplitDir,
        children: Vec<LayoutChild>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayoutChild {
    pub size: u16,
    pub node: Layout,
}

mod convert;
