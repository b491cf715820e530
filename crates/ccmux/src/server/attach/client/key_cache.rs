//! What a typed key is looked up with, kept from key to key while nothing changed: the session's
//! default key table (`key-table`), its prefix keys (`prefix`, `prefix2`) and the default table's
//! bindings of the keys typed since. Every change of the model bumps the status generation
//! (`Server::apply` signals a redraw), which drops the cache. Looking these up again for each key
//! cost more than the rest of the key's way to the pane: option and binding maps walked through memory
//! the machine no longer had in its caches.

use crate::server::state::Server;
use ccmux_model::keys::Key;
use ccmux_model::{Binding, OptionScope, SessionId};
use std::collections::HashMap;

/// Bindings kept at most (distinct keys typed between two changes).
const MAX_KEPT: usize = 256;

pub(super) struct KeyCache {
    generation: u64,
    session: SessionId,
    /// The default key table (`key-table`, `root` when empty).
    pub root: String,
    /// The prefix keys (`prefix`, `prefix2`; `None` for a name that is no key).
    pub prefix: [Option<Key>; 2],
    /// The default table's binding of each key looked up (`None`: unbound, and no `Any`).
    bound: HashMap<Key, Option<Binding>>,
}

impl KeyCache {
    /// The cache in `slot` for `session`, built again when the model may have changed since.
    pub fn get<'a>(
        slot: &'a mut Option<KeyCache>,
        srv: &Server,
        session: SessionId,
    ) -> &'a mut KeyCache {
        let generation = crate::server::pane::status_generation();
        let fresh = |c: &KeyCache| c.generation == generation && c.session == session;
        if !slot.as_ref().is_some_and(fresh) {
            let scope = OptionScope::Session(session);
            let root = match srv.model.option_str(scope, "key-table") {
                "" => "root".to_string(),
                table => table.to_string(),
            };
            let prefix = ["prefix", "prefix2"].map(|o| Key::parse(srv.model.option_str(scope, o)));
            *slot = Some(KeyCache {
                generation,
                session,
                root,
                prefix,
                bound: HashMap::new(),
            });
        }
        slot.as_mut().expect("set above")
    }

    /// `key`'s binding in `table` (or the table's `Any` binding), as tmux's key_bindings_get.
    pub fn binding(&mut self, srv: &Server, table: &str, key: Key) -> Option<Binding> {
        let look = || {
            let t = srv.model.key_tables.get(table)?;
            t.get(&key.name()).or_else(|| t.get("Any")).cloned()
        };
        if table != self.root {
            return look();
        }
        if let Some(kept) = self.bound.get(&key) {
            return kept.clone();
        }
        let found = look();
        if self.bound.len() >= MAX_KEPT {
            self.bound.clear();
        }
        self.bound.insert(key, found.clone());
        found
    }
}
