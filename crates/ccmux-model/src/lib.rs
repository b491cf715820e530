//! The ccmux session model: sessions, windows, split trees, panes, ids and targets.
//!
//! Plain data with no IO. Every mutation is a [`Change`] applied by [`Model::apply`], so the persistence
//! layer can log the same values and rebuild the model by replaying them.

mod change;
pub mod format;
mod ids;
mod layout;
mod model;
mod target;

pub use change::{Change, ChangeError, Effects};
pub use format::expand_format;
pub use ids::{PaneId, SessionId, WindowId};
pub use layout::{Axis, Layout, LayoutChild, Rect, SplitDir};
pub use model::{Model, NextIds, Pane, PaneSpec, Session, Window};
pub use target::{Current, TargetError};
