//! Session changes: create (alone or in a group), rename, resize, close.

use super::{Change, ChangeError, Effects};
use crate::options::Options;
use crate::{Model, OptionScope, Session, SessionId, WindowId};
use std::collections::BTreeMap;

impl Model {
    pub(super) fn apply_session(&mut self, change: &Change) -> Result<Effects, ChangeError> {
        let mut fx = Effects::default();
        match change {
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
            } => {
                if self.session_by_name(name).is_some() {
                    return Err(ChangeError::DuplicateName(name.clone()));
                }
                self.check_new_ids(Some(*id), Some(*window), Some(*pane))?;
                // The first window takes the index `base-index` says (a new session has no options of
                // its own yet: the global value).
                let first = self
                    .option_number(OptionScope::GlobalSession, "base-index")
                    .clamp(0, i64::from(i32::MAX)) as u32;
                let (cols, rows) = ((*cols).max(1), (*rows).max(1));
                self.sessions.insert(
                    *id,
                    new_session(*id, name, *created, cols, rows, first, *window, None),
                );
                self.insert_window(*window, cols, rows, window_name, *pane, spec);
                self.bump(Some(id.0), Some(window.0), Some(pane.0));
                fx.relayout.push(*window);
            }
            Change::SessionGrouped {
                id,
                name,
                created,
                cols,
                rows,
                group,
                with,
            } => {
                if self.session_by_name(name).is_some() {
                    return Err(ChangeError::DuplicateName(name.clone()));
                }
                self.check_new_ids(Some(*id), None, None)?;
                let target = self
                    .sessions
                    .get(with)
                    .ok_or(ChangeError::NoSession(*with))?;
                let (windows, active, last) = (
                    target.windows.clone(),
                    target.active_window,
                    target.last_window,
                );
                match &target.group {
                    Some(g) if g != group => return Err(ChangeError::GroupDiffers(group.clone())),
                    Some(_) => {}
                    None => {
                        self.check_group_windows(group, &windows)?;
                        self.session_mut(*with)?.group = Some(group.clone());
                    }
                }
                let mut s = new_session(
                    *id,
                    name,
                    *created,
                    (*cols).max(1),
                    (*rows).max(1),
                    0,
                    active,
                    Some(group.clone()),
                );
                s.windows = windows;
                s.last_window = last;
                self.sessions.insert(*id, s);
                self.bump(Some(id.0), None, None);
            }
            Change::SessionGroupSet { id, group } => {
                let windows = self
                    .sessions
                    .get(id)
                    .ok_or(ChangeError::NoSession(*id))?
                    .windows
                    .clone();
                if let Some(g) = group {
                    self.check_group_windows(g, &windows)?;
                }
                self.session_mut(*id)?.group = group.clone();
            }
            Change::SessionRenamed { id, name } => {
                if self.session_by_name(name).is_some_and(|s| s.id != *id) {
                    return Err(ChangeError::DuplicateName(name.clone()));
                }
                self.session_mut(*id)?.name = name.clone();
            }
            Change::SessionResized { id, cols, rows } => {
                let s = self.session_mut(*id)?;
                s.cols = (*cols).max(1);
                s.rows = (*rows).max(1);
                let (cols, rows) = (s.cols, s.rows);
                let windows: Vec<WindowId> = s.windows.values().copied().collect();
                // The windows it shows take its size (the latest resize wins for a window linked in
                // several sessions, as tmux's window-size latest). Layouts keep their reference size:
                // the geometry is derived from the new size.
                for w in windows {
                    if let Some(win) = self.windows.get_mut(&w) {
                        win.cols = cols;
                        win.rows = rows;
                    }
                    fx.relayout.push(w);
                }
            }
            Change::SessionClosed { id } => {
                let s = self
                    .sessions
                    .remove(id)
                    .ok_or(ChangeError::NoSession(*id))?;
                fx.closed_sessions.push(*id);
                // Windows linked nowhere else end with it.
                for w in s.windows.values() {
                    if self.session_of_window(*w, None).is_none() {
                        fx.merge(self.drop_window(*w));
                    }
                }
            }
            _ => unreachable!("a session change"),
        }
        Ok(fx)
    }

    /// A session may join group `group` with `windows` only if the group's sessions have them too.
    fn check_group_windows(
        &self,
        group: &str,
        windows: &BTreeMap<u32, WindowId>,
    ) -> Result<(), ChangeError> {
        let differs = self
            .sessions
            .values()
            .any(|s| s.group.as_deref() == Some(group) && s.windows != *windows);
        if differs {
            return Err(ChangeError::GroupDiffers(group.to_string()));
        }
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
fn new_session(
    id: SessionId,
    name: &str,
    created: u64,
    cols: u16,
    rows: u16,
    index: u32,
    window: WindowId,
    group: Option<String>,
) -> Session {
    Session {
        id,
        name: name.to_string(),
        created,
        cols,
        rows,
        windows: BTreeMap::from([(index, window)]),
        active_window: window,
        last_window: None,
        options: Options::new(),
        environment: Default::default(),
        group,
    }
}
