//! Version 2 of the stored model types, frozen (the rules of `v1.rs` hold: never edit, add `v3`).
//!
//! New in v2: tmux's cell-tree layouts (each cell with both sizes, the pane list, the last preset),
//! options and hooks in every scope, key tables, environments, pane titles, and the `WindowLayout`,
//! `OptionSet`, `KeyBound`, `EnvSet`, `KeysInitialized`, `PaneTitle` changes. Types v2 did not change are
//! v1's (they are frozen already).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::v1::{Axis, NextIds, PaneId, PaneSpec, SessionId, SplitDir, WindowId};

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OptionScope {
    Server,
    GlobalSession,
    GlobalWindow,
    Session(SessionId),
    Window(WindowId),
    Pane(PaneId),
}

/// An option's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OptionValue {
    String(String),
    Number(i64),
    Flag(bool),
    Choice(String),
    Colour(Colour),
    Key(String),
    Command(String),
    Array(Vec<(u32, String)>),
}

/// A tmux colour: none, default, terminal, the 8 ANSI colours, their bright variants, the 256-colour
/// palette, or RGB.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Colour {
    None,
    Default,
    Terminal,
    Ansi(u8),
    Bright(u8),
    Indexed(u8),
    Rgb(u8, u8, u8),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub command: String,
    pub note: Option<String>,
    pub repeat: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvValue {
    pub value: Option<String>,
    pub hidden: bool,
}

/// Options set in one scope, by name.
pub type Options = Vec<(String, OptionValue)>;

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
pub struct Session {
    pub id: SessionId,
    pub name: String,
    pub created: u64,
    pub cols: u16,
    pub rows: u16,
    pub windows: BTreeMap<u32, WindowId>,
    pub active_window: WindowId,
    pub last_window: Option<WindowId>,
    pub options: Options,
    pub environment: Vec<(String, EnvValue)>,
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
    pub options: Options,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pane {
    pub id: PaneId,
    pub window: WindowId,
    pub spec: PaneSpec,
    pub cwd: String,
    pub options: Options,
    pub title: String,
}

/// tmux's layout: a cell tree (each cell with both sizes, at the layout's reference size), the pane
/// list (which gives pane indexes), the last preset applied and the layout string before the last
/// select-layout (for `select-layout -o`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    pub root: Cell,
    pub panes: Vec<PaneId>,
    pub last_preset: Option<String>,
    pub old_layout: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub cols: u16,
    pub rows: u16,
    pub node: Node,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Node {
    Pane(PaneId),
    Split { dir: SplitDir, cells: Vec<Cell> },
}

pub mod convert;
