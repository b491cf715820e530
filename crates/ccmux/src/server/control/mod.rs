//! Control mode (tmux's control.c): a client that sends command lines and reads their replies in
//! `%begin`/`%end` blocks, pane output as `%output` lines and notifications, instead of a drawn
//! terminal. A control client is a client like an attached one (in the registry, `list-clients`,
//! detachable); what is particular to it lives in its [`ControlEntry`].
//!
//! Everything it is sent goes through one ordered stream: pane output is read from each pane's tap
//! (`server/tap.rs`), notifications and replies wait in [`ControlEntry::out`], and both carry
//! sequence numbers, so output that came before a notification or a command is written before it.
//! A reply is held until its command's changes are durable; nothing else waits for a slow client.

pub mod notice;
mod pump;
pub mod subs;
pub(crate) mod task;

pub use task::run;

use crate::server::pane::Screen;
use crate::server::state::Server;
use ccmux_model::PaneId;
use notice::Notice;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// Notification lines a client may have waiting before it is too far behind.
const MAX_WAITING: usize = 16 * 1024 * 1024;

/// What the server keeps for control clients as a whole.
#[derive(Default)]
pub struct Hub {
    /// Control clients connected or being set up: while there are any, panes keep their output for
    /// them and changes are compared for notifications.
    pub active: usize,
    /// Events not yet told, with their sequence numbers.
    pending: Vec<(u64, Notice)>,
    /// The number of the last command or notification (tmux's cmdq item number).
    number: u32,
    /// Control clients being set up (running their first command): the events flushed meanwhile
    /// are kept in `held` for them, to be told once they are attached, as tmux tells a client the
    /// notifications its first command raised.
    pub holding: usize,
    pub held: Vec<(u64, Notice)>,
    /// While a command runs: the sequence number its events are ordered by.
    pub batch: Option<u64>,
    /// Changes made meanwhile are not told (what tmux changes without a notification: windows
    /// renumbered, rotate-window's layout).
    pub quiet: bool,
}

/// Client flags set with `refresh-client -f` (tmux's server_client_set_flags).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `pause-after=N`: a pane whose output is older than this many milliseconds is paused.
    pub pause_after: Option<u32>,
    pub no_output: bool,
    pub wait_exit: bool,
    pub ignore_size: bool,
    /// `read-only` (`attach -r`, `switch-client -r`): an attached client's keys run only bindings
    /// of read-only commands and reach no pane. As in tmux 3.3a, `!read-only` does not clear it
    /// (`switch-client -r` does); it limits nothing for a control client (tmux checks it only for
    /// command-line clients and key bindings).
    pub read_only: bool,
}

impl Flags {
    /// Applies a comma-separated list (`pause-after=2,!wait-exit`); the control-only flags mean
    /// something only for a control client (tmux ignores them for others, as it ignores names it does
    /// not know). Flags ccmux does not act on are refused.
    pub fn set(&mut self, text: &str, control: bool) -> Result<(), String> {
        for word in text.split(',') {
            let (not, name) = match word.strip_prefix('!') {
                Some(n) => (true, n),
                None => (false, word),
            };
            match name {
                "read-only" => self.read_only |= !not,
                "active-pane" => {
                    return Err(format!("client flag {name} is not available in ccmux"))
                }
                "ignore-size" => self.ignore_size = !not,
                _ if !control => {}
                "no-output" => self.no_output = !not,
                "wait-exit" => self.wait_exit = !not,
                "pause-after" => self.pause_after = (!not).then_some(0),
                _ => {
                    if let Some(n) = name.strip_prefix("pause-after=") {
                        // tmux's sscanf("%u"): leading digits; anything else is not this flag.
                        let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
                        if let Ok(secs) = digits.parse::<u32>() {
                            self.pause_after = (!not).then_some(secs.saturating_mul(1000));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// As `client_flags` shows them, in tmux's order (after `control-mode`, before `UTF-8`).
    pub fn shown(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.ignore_size {
            out.push("ignore-size".into());
        }
        if self.no_output {
            out.push("no-output".into());
        }
        if self.wait_exit {
            out.push("wait-exit".into());
        }
        if let Some(ms) = self.pause_after {
            out.push(format!("pause-after={}", ms / 1000));
        }
        if self.read_only {
            out.push("read-only".into());
        }
        out
    }
}

/// A pane a control client reads.
pub struct PaneOut {
    screen: Arc<Mutex<Screen>>,
    /// Output offset read up to.
    sent: u64,
    /// `%pause`d (by pause-after or `refresh-client -A %N:pause`) until `continue`.
    paused: bool,
    /// `refresh-client -A %N:off` until `on`.
    off: bool,
}

/// Text waiting to be sent, in sequence order.
pub struct Out {
    pub seq: u64,
    pub bytes: Vec<u8>,
    /// A reply is not sent before its command's changes are durable.
    pub ready: bool,
    /// The last text of a command line the client sent (it is told, to know what was answered).
    pub line_done: bool,
    /// Which reply this is (0: not one).
    pub reply: u64,
}

/// What the server keeps for one control client.
pub struct ControlEntry {
    pub out: VecDeque<Out>,
    waiting: usize,
    pub wake: Arc<Notify>,
    panes: BTreeMap<PaneId, PaneOut>,
    pub subs: subs::Subs,
    /// When the client came (a sequence number): panes born later are read from their start.
    registered: u64,
    /// `refresh-client -C` size, if given (until then the client takes no part in sizing).
    pub size: Option<(u16, u16)>,
    /// The client must leave now, for this reason (too far behind).
    pub exit: Option<String>,
    /// The client leaves once what is queued for it is sent (no more pane output meanwhile).
    pub leaving: bool,
    /// A command it ran wrote an error: it exits with status 1 (tmux's cmdq_error).
    pub errored: bool,
    /// What a reconnecting client asks for again changed: it is sent the new state.
    pub state_changed: bool,
}

impl ControlEntry {
    pub fn new(registered: u64) -> ControlEntry {
        ControlEntry {
            out: VecDeque::new(),
            waiting: 0,
            wake: Arc::new(Notify::new()),
            panes: BTreeMap::new(),
            subs: Default::default(),
            registered,
            size: None,
            exit: None,
            leaving: false,
            errored: false,
            state_changed: true,
        }
    }

    /// Queues text (a notification line, a reply) to be sent in order.
    pub fn push(&mut self, out: Out) {
        self.waiting += out.bytes.len();
        if self.waiting > MAX_WAITING && self.exit.is_none() {
            self.exit = Some("too far behind".into());
        }
        // Replies and notifications are queued in the order they happened, except a reply whose
        // command began before notifications another command raised were flushed.
        let at = self
            .out
            .iter()
            .rposition(|o| o.seq <= out.seq)
            .map_or(0, |i| i + 1);
        self.out.insert(at, out);
        self.wake.notify_one();
    }

    /// A line to be sent now (in the stream's order): `%pause`, `%continue`, a subscription's value.
    pub fn line(&mut self, text: &str) {
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(b'\n');
        self.push(Out {
            seq: crate::server::tap::next_seq(),
            bytes,
            ready: true,
            line_done: false,
            reply: 0,
        });
    }

    /// A reply's changes are durable: it may go.
    pub fn ready(&mut self, reply: u64) {
        for o in self.out.iter_mut().filter(|o| o.reply == reply) {
            o.ready = true;
        }
        self.wake.notify_one();
    }

    /// `refresh-client -A %N:state` (tmux's control_set_pane_on/off, control_pause_pane,
    /// control_continue_pane); returns the line to write (`%pause`, `%continue`), if any.
    pub fn pane_state(
        &mut self,
        srv: &Server,
        me: u32,
        pane: PaneId,
        state: &str,
    ) -> Option<String> {
        let known = self.panes.contains_key(&pane);
        if !known && matches!(state, "off" | "pause") {
            let screen = srv.panes.get(&pane)?.screen.clone();
            let sent = crate::server::pane::lock_cold(&screen)?.tap.as_ref()?.end();
            self.panes.insert(
                pane,
                PaneOut {
                    screen,
                    sent,
                    paused: false,
                    off: false,
                },
            );
        }
        let po = self.panes.get_mut(&pane)?;
        let to_end = |po: &mut PaneOut| {
            let mut screen = crate::server::pane::lock_cold(&po.screen)?;
            let tap = screen.tap.as_mut()?;
            po.sent = tap.end();
            tap.set_reader(me, po.sent);
            Some(())
        };
        match state {
            "on" if po.off => {
                po.off = false;
                to_end(po);
                None
            }
            "off" => {
                po.off = true;
                None
            }
            "continue" if po.paused => {
                po.paused = false;
                to_end(po);
                Some(format!("%continue {pane}"))
            }
            "pause" if !po.paused => {
                po.paused = true;
                to_end(po);
                Some(format!("%pause {pane}"))
            }
            _ => None,
        }
    }

    /// Stops reading every pane (the client leaves).
    pub fn forget_panes(&mut self, me: u32) {
        for po in std::mem::take(&mut self.panes).into_values() {
            if let Some(mut screen) = crate::server::pane::lock_cold(&po.screen) {
                if let Some(tap) = screen.tap.as_mut() {
                    tap.remove_reader(me);
                }
            }
        }
    }
}

impl Server {
    /// A control client is coming: panes keep their output from now on, changes are compared.
    pub fn control_start(&mut self) {
        self.control.active += 1;
        if self.control.active == 1 {
            let born = crate::server::tap::next_seq();
            for h in self.panes.values() {
                if let Some(mut screen) = crate::server::pane::lock_cold(&h.screen) {
                    let end = screen.offset;
                    screen
                        .tap
                        .get_or_insert_with(|| crate::server::tap::Tap::new(end, born));
                }
            }
        }
    }

    /// A control client left (or never came): with none left, panes stop keeping output.
    pub fn control_stop(&mut self) {
        self.control.active = self.control.active.saturating_sub(1);
        if self.control.active == 0 {
            self.control.pending.clear();
            self.control.held.clear();
            for h in self.panes.values() {
                if let Some(mut screen) = crate::server::pane::lock_cold(&h.screen) {
                    screen.tap = None;
                }
            }
        }
    }

    /// Whether a new pane keeps output for control clients: its tap's birth number if so.
    pub fn tap_for_new_pane(&self) -> Option<u64> {
        (self.control.active > 0).then(crate::server::tap::next_seq)
    }

    /// The number of the next command or notification (tmux's cmdq item number).
    pub fn next_number(&mut self) -> u32 {
        self.control.number = self.control.number.wrapping_add(1);
        self.control.number
    }

    /// Records an event for control clients (told at the next flush). Events a command raises
    /// are ordered as of the command's start: before pane output that came while it ran, as tmux
    /// writes them before it reads the panes again.
    pub fn notice(&mut self, n: Notice) {
        let seq = self
            .control
            .batch
            .unwrap_or_else(crate::server::tap::next_seq);
        self.notice_at(seq, n);
    }

    /// [`Server::notice`] with the sequence number given.
    pub fn notice_at(&mut self, seq: u64, n: Notice) {
        if self.control.active == 0 {
            return;
        }
        self.control.pending.push((seq, n));
        for c in self.clients.clients.values() {
            if let Some(ce) = &c.control {
                ce.wake.notify_one();
            }
        }
    }

    /// Turns the events recorded so far into lines for every control client, from the state now
    /// (tmux formats a notification when its queued callback runs, after the command).
    pub fn flush_notices(&mut self) {
        for (name, deleted) in self.buffers.take_events() {
            self.notice(Notice::PasteBuffer(name, deleted));
        }
        let mut pending = std::mem::take(&mut self.control.pending);
        if pending.is_empty() {
            return;
        }
        // A session's current window told once per flush, and not at all when it is back where it
        // was: the changes of one command may move it several times where tmux moves it once (or
        // not at all: swap-window), and the line says where it is now anyway.
        let mut first: BTreeMap<ccmux_model::SessionId, notice::Current> = BTreeMap::new();
        for (_, n) in &pending {
            if let Notice::SessionWindowChanged(s, _, was) = n {
                first.entry(*s).or_insert(*was);
            }
        }
        let mut seen = std::collections::HashSet::new();
        for i in (0..pending.len()).rev() {
            if let (_, Notice::SessionWindowChanged(s, _, _)) = &pending[i] {
                let back = match (first.get(s), notice::Current::of(&self.model, *s)) {
                    (Some(was), Some(now)) => {
                        let links = &self.model.sessions[s].windows;
                        !was.moved(now, links)
                    }
                    _ => false,
                };
                if !seen.insert(*s) || back {
                    pending.remove(i);
                }
            }
        }
        if self.control.holding > 0 {
            self.control.held.extend(pending.iter().cloned());
        }
        let mut lines: Vec<(u32, u64, String)> = Vec::new();
        for (seq, n) in &pending {
            self.control.number = self.control.number.wrapping_add(1);
            for (id, c) in &self.clients.clients {
                if c.control.is_none() {
                    continue;
                }
                if let Some(l) = notice::line(self, *id, Some(c.session), n) {
                    lines.push((*id, *seq, l));
                }
            }
        }
        for (id, seq, mut line) in lines {
            if let Some(ce) = self
                .clients
                .clients
                .get_mut(&id)
                .and_then(|c| c.control.as_mut())
            {
                line.push('\n');
                ce.push(Out {
                    seq,
                    bytes: line.into_bytes(),
                    ready: true,
                    line_done: false,
                    reply: 0,
                });
            }
        }
    }
}

/// `%output` data as tmux escapes it: bytes below a space and backslashes as three octal digits.
pub fn escape(data: &[u8], out: &mut Vec<u8>) {
    for &b in data {
        if b < b' ' || b == b'\\' {
            out.push(b'\\');
            out.push(b'0' + (b >> 6));
            out.push(b'0' + ((b >> 3) & 7));
            out.push(b'0' + (b & 7));
        } else {
            out.push(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_escaped_as_tmux_does() {
        let mut out = Vec::new();
        escape(b"a\tb\\c\r\n\x1b[1m\xc3\xa9\x7f", &mut out);
        assert_eq!(out, b"a\\011b\\134c\\015\\012\\033[1m\xc3\xa9\x7f".to_vec());
    }

    #[test]
    fn flags_parse_as_tmux_does() {
        let mut f = Flags::default();
        f.set("pause-after=2,wait-exit", true).unwrap();
        assert_eq!(f.pause_after, Some(2000));
        assert!(f.wait_exit);
        assert_eq!(f.shown(), ["wait-exit", "pause-after=2"]);
        f.set("!pause-after,no-output,bogus", true).unwrap();
        assert_eq!((f.pause_after, f.no_output), (None, true));
        f.set("pause-after", true).unwrap();
        assert_eq!(f.pause_after, Some(0));
        assert!(f.set("active-pane", true).is_err());
        assert!(Flags::default().set("active-pane", false).is_err());
        let mut t = Flags::default();
        t.set("read-only", false).unwrap();
        assert!(t.read_only);
        f.set("read-only", true).unwrap();
        f.set("!read-only", true).unwrap();
        assert!(f.read_only, "tmux 3.3a cannot clear read-only");
        let mut plain = Flags::default();
        plain.set("no-output,ignore-size", false).unwrap();
        assert_eq!(
            plain,
            Flags {
                ignore_size: true,
                ..Flags::default()
            }
        );
    }
}
