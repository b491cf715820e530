//! Sessions by id, name, name prefix and pattern (cmd_find_get_session).

use super::Finder;
use crate::format::fnmatch::fnmatch;
use crate::options::cnum::strtonum;
use crate::SessionId;

/// The one item `matches` accepts, `None` if none or several do.
pub(super) fn unique<T: Copy>(
    items: impl Iterator<Item = T>,
    matches: impl Fn(T) -> bool,
) -> Option<T> {
    let mut found = None;
    for item in items.filter(|i| matches(*i)) {
        if found.is_some() {
            return None;
        }
        found = Some(item);
    }
    found
}

/// An id spelt with its sigil, as tmux's `*_find_by_id_str`: the sigil, then a number strtonum(3)
/// accepts (leading blanks and a sign included) up to `UINT_MAX`.
pub(super) fn parse_id(s: &str, sigil: char) -> Option<u32> {
    let n = strtonum(s.strip_prefix(sigil)?, 0, i64::from(u32::MAX)).ok()?;
    u32::try_from(n).ok()
}

impl Finder<'_> {
    /// A session by `$id`, exact name, unique prefix, then unique fnmatch(3) pattern (only the exact
    /// name with `=`).
    pub(super) fn session(&self, name: &str) -> Option<SessionId> {
        let sessions = &self.model.sessions;
        if name.starts_with('$') {
            let id = SessionId(parse_id(name, '$')?);
            return sessions.contains_key(&id).then_some(id);
        }
        if let Some(s) = self.model.session_by_name(name) {
            return Some(s.id);
        }
        if self.exact_session {
            return None;
        }
        let prefixed = sessions.values().filter(|s| s.name.starts_with(name));
        if prefixed.clone().next().is_some() {
            return unique(prefixed.map(|s| s.id), |_| true);
        }
        unique(sessions.values(), |s| fnmatch(name, &s.name, false)).map(|s| s.id)
    }
}
