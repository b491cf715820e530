//! The ccmux session model: sessions, windows, split trees, panes, ids, targets and options.
//!
//! Plain data with no IO. Every mutation is a [`Change`] applied by [`Model::apply`], so the persistence
//! layer can log the same values and rebuild the model by replaying them.

mod change;
pub mod format;
mod ids;
pub mod keys;
mod layout;
mod model;
pub mod options;
mod target;

pub use change::{Change, ChangeError, Effects};
pub use format::expand_format;
pub use ids::{PaneId, SessionId, WindowId};
pub use layout::{
    layout_checksum, Axis, Cell, Edges, Layout, LayoutError, Node, Preset, PresetOptions, Rect,
    Rotate, Select, SplitDir, SplitOpts, PANE_MINIMUM,
};
pub use model::{
    Binding, DeadPane, EnvValue, Environment, Foreground, GlobalOptions, Model, NextIds,
    OptionScope, Pane, PaneBorderStatus, PaneSpec, Session, Window,
};
pub use options::{OptionValue, Options};
pub use target::{Current, TargetError, WindowIndex};
