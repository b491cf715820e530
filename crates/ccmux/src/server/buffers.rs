//! Paste buffers, as tmux's paste.c: server state that is neither in the model nor logged (buffers need
//! not survive the server). Automatic buffers are named `buffer0`, `buffer1`... and capped by the
//! `buffer-limit` server option (the oldest automatic one goes first); named buffers (`-b name`) are
//! never evicted. Buffers are bytes; the most recent one (of either kind) is the default.

use super::state::Server;
use std::collections::BTreeMap;

/// The largest buffer ccmux keeps (tmux has no limit): a file or input larger than this is refused
/// ("File too large") rather than held in the server's memory.
pub const MAX_SIZE: usize = 128 * 1024 * 1024;

pub struct Buffer {
    pub name: String,
    pub data: Vec<u8>,
    /// Unix time it was set.
    pub created: u64,
    pub automatic: bool,
    /// Higher is more recent.
    order: u64,
}

#[derive(Default)]
pub struct Buffers {
    by_name: BTreeMap<String, Buffer>,
    next_index: u64,
    next_order: u64,
    /// Buffers set (false) or deleted (true) since the last [`Buffers::take_events`], for control
    /// clients' `%paste-buffer-changed` and `%paste-buffer-deleted`.
    events: Vec<(String, bool)>,
}

/// Events kept at most between two flushes (a flush follows every command).
const MAX_EVENTS: usize = 1024;

impl Buffers {
    pub fn get(&self, name: &str) -> Option<&Buffer> {
        self.by_name.get(name)
    }

    /// The most recent buffer (tmux's paste_get_top).
    pub fn top(&self) -> Option<&Buffer> {
        self.by_name.values().max_by_key(|b| b.order)
    }

    /// Every buffer, most recent first (tmux's paste_walk).
    pub fn by_time(&self) -> Vec<&Buffer> {
        let mut all: Vec<&Buffer> = self.by_name.values().collect();
        all.sort_by_key(|b| std::cmp::Reverse(b.order));
        all
    }

    /// Adds an automatic buffer (nothing for empty data), first dropping the oldest automatic ones so
    /// that at most `limit` remain with it.
    pub fn add(&mut self, data: Vec<u8>, limit: usize) -> Result<(), String> {
        self.add_prefixed(data, limit, "buffer")
    }

    /// [`Buffers::add`] with names `PREFIX0`, `PREFIX1`... (tmux's paste_add with a prefix: copy
    /// mode's `copy-selection PREFIX`).
    pub fn add_prefixed(
        &mut self,
        data: Vec<u8>,
        limit: usize,
        prefix: &str,
    ) -> Result<(), String> {
        if data.is_empty() {
            return Ok(());
        }
        check_size(data.len())?;
        let mut automatic: Vec<(u64, String)> = (self.by_name.values())
            .filter(|b| b.automatic)
            .map(|b| (b.order, b.name.clone()))
            .collect();
        automatic.sort();
        let excess = (automatic.len() + 1).saturating_sub(limit.max(1));
        for (_, name) in automatic.into_iter().take(excess) {
            self.by_name.remove(&name);
            self.event(name, true);
        }
        let name = loop {
            let name = format!("{prefix}{}", self.next_index);
            self.next_index += 1;
            if !self.by_name.contains_key(&name) {
                break name;
            }
        };
        self.insert(name, data, true);
        Ok(())
    }

    /// Sets a named buffer (replacing one of that name, which becomes the most recent) or, without a
    /// name, adds an automatic one (tmux's paste_set). Empty data sets nothing.
    pub fn set(&mut self, name: Option<&str>, data: Vec<u8>, limit: usize) -> Result<(), String> {
        if data.is_empty() {
            return Ok(());
        }
        let Some(name) = name else {
            return self.add(data, limit);
        };
        if name.is_empty() {
            return Err("empty buffer name".into());
        }
        check_size(data.len())?;
        self.insert(name.to_string(), data, false);
        Ok(())
    }

    /// Renames a buffer; it is no longer automatic (tmux's paste_rename).
    pub fn rename(&mut self, old: &str, new: &str) -> Result<(), String> {
        if old.is_empty() {
            return Err("no buffer".into());
        }
        if new.is_empty() {
            return Err("new name is empty".into());
        }
        if !self.by_name.contains_key(old) {
            return Err(format!("no buffer {old}"));
        }
        if self.by_name.contains_key(new) {
            return Err(format!("buffer {new} already exists"));
        }
        if let Some(mut b) = self.by_name.remove(old) {
            b.name = new.to_string();
            b.automatic = false;
            self.by_name.insert(new.to_string(), b);
            self.event(old.to_string(), true);
            self.event(new.to_string(), false);
        }
        Ok(())
    }

    /// Deletes a buffer; false if there is none of that name.
    pub fn delete(&mut self, name: &str) -> bool {
        let found = self.by_name.remove(name).is_some();
        if found {
            self.event(name.to_string(), true);
        }
        found
    }

    fn event(&mut self, name: String, deleted: bool) {
        if self.events.len() >= MAX_EVENTS {
            self.events.remove(0);
        }
        self.events.push((name, deleted));
    }

    /// The buffers set or deleted since the last call.
    pub fn take_events(&mut self) -> Vec<(String, bool)> {
        std::mem::take(&mut self.events)
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    fn insert(&mut self, name: String, data: Vec<u8>, automatic: bool) {
        let order = self.next_order;
        self.next_order += 1;
        let buffer = Buffer {
            name: name.clone(),
            data,
            created: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            automatic,
            order,
        };
        self.by_name.insert(name.clone(), buffer);
        self.event(name, false);
    }
}

fn check_size(len: usize) -> Result<(), String> {
    if len > MAX_SIZE {
        return Err(format!(
            "buffer too large: {len} bytes (ccmux keeps at most {} MiB)",
            MAX_SIZE >> 20
        ));
    }
    Ok(())
}

impl Server {
    /// The `buffer-limit` server option.
    pub fn buffer_limit(&self) -> usize {
        let n = (self.model).option_number(ccmux_model::OptionScope::Server, "buffer-limit");
        usize::try_from(n).unwrap_or(1).max(1)
    }

    /// Keeps `data` in a new automatic buffer (copy mode's copies, capture-pane).
    pub fn add_buffer(&mut self, data: Vec<u8>) -> Result<(), String> {
        let limit = self.buffer_limit();
        self.buffers.add(data, limit)
    }

    /// Adds an automatic buffer named from `prefix` (`buffer` when none).
    pub fn add_buffer_prefixed(
        &mut self,
        data: Vec<u8>,
        prefix: Option<&str>,
    ) -> Result<(), String> {
        let limit = self.buffer_limit();
        self.buffers
            .add_prefixed(data, limit, prefix.unwrap_or("buffer"))
    }

    /// Sets the buffer named `name`, or a new automatic one.
    pub fn set_buffer(&mut self, name: Option<&str>, data: Vec<u8>) -> Result<(), String> {
        let limit = self.buffer_limit();
        self.buffers.set(name, data, limit)
    }
}

/// A buffer's format variables (`buffer_name`, `buffer_size`, `buffer_sample`, `buffer_created`).
pub fn vars(b: &Buffer) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("buffer_name".to_string(), b.name.clone()),
        ("buffer_size".to_string(), b.data.len().to_string()),
        ("buffer_sample".to_string(), super::vis::sample(&b.data)),
        ("buffer_created".to_string(), b.created.to_string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(b: &Buffers) -> Vec<&str> {
        b.by_time().iter().map(|b| b.name.as_str()).collect()
    }

    #[test]
    fn automatic_buffers_are_numbered_newest_first_and_capped() {
        let mut b = Buffers::default();
        b.add(b"a".to_vec(), 2).unwrap();
        b.set(Some("named"), b"n".to_vec(), 2).unwrap();
        b.add(b"b".to_vec(), 2).unwrap();
        b.add(b"c".to_vec(), 2).unwrap();
        b.add(Vec::new(), 2).unwrap();
        assert_eq!(names(&b), ["buffer2", "buffer1", "named"]);
        assert_eq!(b.top().unwrap().data, b"c");
        // A name taken by a named buffer is skipped.
        b.set(Some("buffer3"), b"x".to_vec(), 2).unwrap();
        b.add(b"d".to_vec(), 2).unwrap();
        assert_eq!(names(&b), ["buffer4", "buffer3", "buffer2", "named"]);
    }

    #[test]
    fn set_rename_and_delete_as_tmux() {
        let mut b = Buffers::default();
        assert_eq!(
            b.set(Some(""), b"x".to_vec(), 5).unwrap_err(),
            "empty buffer name"
        );
        b.add(b"x".to_vec(), 5).unwrap();
        b.set(Some("n"), b"y".to_vec(), 5).unwrap();
        assert_eq!(
            b.rename("buffer0", "n").unwrap_err(),
            "buffer n already exists"
        );
        assert_eq!(b.rename("zz", "q").unwrap_err(), "no buffer zz");
        assert_eq!(b.rename("n", "").unwrap_err(), "new name is empty");
        b.rename("buffer0", "m").unwrap();
        assert!(!b.get("m").unwrap().automatic);
        // Setting a name again replaces that buffer and makes it the most recent.
        b.set(Some("m"), b"z".to_vec(), 5).unwrap();
        assert_eq!(names(&b), ["m", "n"]);
        assert!(b.delete("m") && !b.delete("m"));
        assert!(b.add(vec![0; MAX_SIZE + 1], 5).is_err());
    }
}
