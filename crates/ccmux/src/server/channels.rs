//! wait-for channels (tmux's cmd-wait-for.c): a command that waits holds a `Notify` registered here
//! under the state lock and awaits it off the lock; `Notify` keeps a permit, so a signal that comes
//! between the two is not lost.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Default)]
struct Channel {
    /// Signalled with nobody waiting: the next wait returns at once.
    woken: bool,
    waiters: Vec<Arc<Notify>>,
    locked: bool,
    lockers: VecDeque<Arc<Notify>>,
}

#[derive(Default)]
pub struct Channels {
    channels: HashMap<String, Channel>,
}

impl Channels {
    /// `wait-for name`: `None` when the channel was already signalled, else what to wait on.
    pub fn wait(&mut self, name: &str) -> Option<Arc<Notify>> {
        let c = self.channels.entry(name.to_string()).or_default();
        if c.woken {
            self.channels.remove(name);
            return None;
        }
        let n = Arc::new(Notify::new());
        c.waiters.push(n.clone());
        Some(n)
    }

    /// `wait-for -S name`: wakes every waiter, or marks the channel woken when there is none.
    pub fn signal(&mut self, name: &str) {
        let c = self.channels.entry(name.to_string()).or_default();
        if c.waiters.is_empty() && !c.woken {
            c.woken = true;
            return;
        }
        for w in c.waiters.drain(..) {
            w.notify_one();
        }
        if !c.locked {
            self.channels.remove(name);
        }
    }

    /// `wait-for -L name`: `None` when the lock was taken now, else what to wait on for it.
    pub fn lock(&mut self, name: &str) -> Option<Arc<Notify>> {
        let c = self.channels.entry(name.to_string()).or_default();
        if !c.locked {
            c.locked = true;
            return None;
        }
        let n = Arc::new(Notify::new());
        c.lockers.push_back(n.clone());
        Some(n)
    }

    /// `wait-for -U name`: hands the lock to the next in line, or releases it. `false`: not locked.
    pub fn unlock(&mut self, name: &str) -> bool {
        let Some(c) = self.channels.get_mut(name).filter(|c| c.locked) else {
            return false;
        };
        match c.lockers.pop_front() {
            Some(next) => next.notify_one(),
            None => {
                c.locked = false;
                if c.waiters.is_empty() && !c.woken {
                    self.channels.remove(name);
                }
            }
        }
        true
    }

    /// At shutdown: everyone waiting goes on (tmux's cmd_wait_for_flush).
    pub fn flush(&mut self) {
        for (_, c) in self.channels.drain() {
            for w in c.waiters.iter().chain(c.lockers.iter()) {
                w.notify_one();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_before_wait_is_kept_once() {
        let mut c = Channels::default();
        c.signal("a");
        assert!(c.wait("a").is_none(), "already woken");
        assert!(c.wait("a").is_some(), "the wake-up was used");
    }

    #[test]
    fn locks_pass_in_order_and_unlock_needs_a_lock() {
        let mut c = Channels::default();
        assert!(!c.unlock("l"));
        assert!(c.lock("l").is_none());
        let second = c.lock("l").expect("queued");
        assert!(c.unlock("l"));
        // The permit is stored: the second locker goes on, and holds the lock.
        notified_soon(&second);
        assert!(c.lock("l").is_some(), "still locked by the second");
        assert!(c.unlock("l") && c.unlock("l"));
        assert!(!c.unlock("l"));
    }

    fn notified_soon(n: &Notify) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(1), n.notified())
                .await
                .expect("notified");
        });
    }
}
