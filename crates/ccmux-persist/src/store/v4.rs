//! Version 4 of the stored model types, frozen (the rules of `v1.rs` hold: never edit, add `v5`).
//!
//! New in v4: what runs in a pane's foreground (`Pane::foreground`, the `PaneForeground` change), so a
//! restore after a reboot can start the program again; and `OptionItemSet`, one item of an array
//! option (an appended hook) without the whole array. Every v3 variant of `Change` is repeated here
//! in v3's order with v3's fields (their bytes are v3's); types v4 did not change are v1's to v3's.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::v1::{Axis, PaneId, PaneSpec, SessionId, SplitDir, WindowId};
pub use super::v2::{
    Binding, Cell, Colour, EnvValue, Layout, Node, OptionScope, OptionValue, Options,
};
pub use super::v3::{DeadPane, NextIds, Session, Window};

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
    WindowLayout {
        id: WindowId,
        layout: Layout,
    },
    OptionSet {
        scope: OptionScope,
        name: String,
        value: Option<OptionValue>,
    },
    KeyBound {
        table: String,
        key: String,
        binding: Option<Binding>,
    },
    EnvSet {
        session: Option<SessionId>,
        name: String,
        value: Option<EnvValue>,
    },
    KeysInitialized,
    PaneTitle {
        id: PaneId,
        title: String,
    },
    WindowSelectedIn {
        session: SessionId,
        window: WindowId,
    },
    WindowLinked {
        window: WindowId,
        session: SessionId,
        index: u32,
        select: bool,
    },
    WindowUnlinked {
        window: WindowId,
        session: SessionId,
    },
    WindowMoved {
        session: SessionId,
        from: u32,
        to: u32,
    },
    WindowsSwapped {
        a: (SessionId, u32),
        b: (SessionId, u32),
    },
    SessionGrouped {
        id: SessionId,
        name: String,
        created: u64,
        cols: u16,
        rows: u16,
        group: String,
        with: SessionId,
    },
    SessionGroupSet {
        id: SessionId,
        group: Option<String>,
    },
    PaneMoved {
        pane: PaneId,
        to: WindowId,
        from_layout: Option<Layout>,
        to_layout: Layout,
        select: bool,
    },
    PaneBroken {
        pane: PaneId,
        window: WindowId,
        session: SessionId,
        index: u32,
        name: String,
        select: bool,
        from_layout: Layout,
    },
    PanesSwapped {
        a: PaneId,
        b: PaneId,
        layout_a: Layout,
        layout_b: Layout,
    },
    PaneDied {
        id: PaneId,
        status: Option<i32>,
        signal: Option<i32>,
        time: u64,
    },
    PaneRespawned {
        id: PaneId,
        spec: PaneSpec,
    },
    PaneForeground {
        id: PaneId,
        foreground: Option<Foreground>,
    },
    OptionItemSet {
        scope: OptionScope,
        name: String,
        index: u32,
        item: Option<String>,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Foreground {
    pub argv: Vec<String>,
    pub cwd: String,
    pub chain: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    pub sessions: BTreeMap<SessionId, Session>,
    pub windows: BTreeMap<WindowId, Window>,
    pub panes: BTreeMap<PaneId, Pane>,
    pub next: NextIds,
    pub server_options: Options,
    pub session_options: Options,
    pub window_options: Options,
    pub key_tables: Vec<(String, Vec<(String, Binding)>)>,
    pub environment: Vec<(String, EnvValue)>,
    pub keys_initialized: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pane {
    pub id: PaneId,
    pub window: WindowId,
    pub spec: PaneSpec,
    pub cwd: String,
    pub options: Options,
    pub title: String,
    pub dead: Option<DeadPane>,
    pub foreground: Option<Foreground>,
}

pub mod convert;
