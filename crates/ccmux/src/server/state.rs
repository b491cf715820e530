//! The server's state: the model plus each pane's run-time handle. One lock guards it; commands run under
//! it in order, and every structural change goes through [`Server::apply`].

use super::keeper_link::KeeperLink;
use super::pane::{PaneEvent, PaneHandle, PaneStart};
use super::pty;
use crate::config::Config;
use crate::keeper::wire::SpawnRequest;
use ccmux_model::{Change, ChangeError, Effects, Model, PaneId, SessionId, WindowId};
use ccmux_persist::store::Store;
use ccmux_persist::wal::AppendTicket;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

pub struct Server {
    pub model: Model,
    pub panes: HashMap<PaneId, PaneHandle>,
    pub config: Config,
    pub socket_path: PathBuf,
    pub pid: u32,
    pub events: UnboundedSender<PaneEvent>,
    /// Most recent use of each session (a counter), for the default target.
    pub last_used: HashMap<SessionId, u64>,
    /// When a client last attached to, switched to or typed into each session (tmux's session
    /// activity time; a session never used so has its creation time).
    activity: HashMap<SessionId, std::time::SystemTime>,
    use_counter: u64,
    /// Paste buffers (not persisted).
    pub buffers: super::buffers::Buffers,
    /// kill-server ran (its effect, carried out after the reply).
    pub shutting_down: bool,
    /// The write-ahead log and checkpoints (`None` when persistence is off).
    pub store: Option<Arc<Store>>,
    /// What recovery found and repaired, for `persistence status`.
    pub recovery_notes: Vec<String>,
    /// Recovery could not read or apply some saved state: every saved file and every process the keeper
    /// holds is kept, even when no session is left (nothing is wiped, nothing unknown is hung up).
    /// When the state a kill-server kept (`last/`) was saved, if one was there, unexpired, when this
    /// server started: this server's own kill-server does not replace it (the usual accident is a
    /// kill-server, then `ccmux` again, then a kill-server of that new server).
    pub kept_at_start: Option<u64>,
    pub recovery_incomplete: bool,
    /// Attached interactive clients.
    pub clients: super::attach::Registry,
    /// The keeper holding the PTYs and pane processes across server crashes (`None`: the server holds
    /// them itself and they end with it).
    pub keeper: Option<KeeperLink>,
    /// server-restart ran (its effect, carried out after the reply).
    pub restart_requested: bool,
    /// Panes closed by changes not yet committed, with their processes (see [`Server::apply`]).
    doomed: Vec<(PaneId, Option<PaneHandle>)>,
    /// Finishes commits nobody waits for.
    pub reaper: Option<UnboundedSender<Commit>>,
    /// The message log (`show-messages`): unix time, text.
    pub messages: std::collections::VecDeque<(u64, String)>,
    /// Config file errors of the start, shown to the first client that attaches.
    pub config_causes: Vec<String>,
    /// The marked pane (`select-pane -m`), server-wide as in tmux.
    pub marked: Option<ccmux_model::PaneId>,
    /// The window the pane was in when marked: as tmux, a marked pane that moved since is no longer
    /// marked (see [`Server::marked_pane`]).
    pub marked_window: Option<ccmux_model::WindowId>,
    /// Panes whose input is off (`select-pane -d`): keys and send-keys do not reach them.
    pub input_off: std::collections::HashSet<PaneId>,
    /// wait-for channels.
    pub channels: super::channels::Channels,
    /// Panes whose new process (respawn) is being started: the old one's end, which the keeper's
    /// spawn causes, is not the pane's end.
    pub respawning: std::collections::HashSet<PaneId>,
    /// Panes in copy or view mode, and each pane's last search.
    pub modes: super::copy::Modes,
    /// Control clients' notifications and command numbers.
    pub control: super::control::Hub,
    /// The prompts' history (server-wide, as tmux's).
    pub prompt_history: super::prompt_history::PromptHistory,
    /// Window alert flags and silence timers (runtime only, as tmux's).
    pub alerts: super::alerts::Alerts,
}

/// Changes handed to the WAL and the processes they end once durable.
#[must_use = "a commit ends its doomed processes only when finished"]
pub struct Commit {
    ticket: Option<AppendTicket>,
    doomed: Vec<(PaneId, Option<PaneHandle>)>,
}

impl Commit {
    /// Waits until the changes are durable (a failed write is returned after the processes are
    /// ended anyway: the change stands in memory), then ends the doomed processes.
    pub async fn finish(self, shared: &super::Shared) -> Result<(), ccmux_persist::Error> {
        let Commit { ticket, doomed } = self;
        let durable = match ticket {
            Some(t) => t.await.map(|_| ()),
            None => Ok(()),
        };
        let commit = Commit {
            ticket: None,
            doomed,
        };
        if !commit.doomed.is_empty() {
            let srv = shared.lock();
            commit.end_processes(srv.keeper.as_ref());
        }
        durable
    }

    /// Ends the doomed processes now.
    fn end_processes(self, keeper: Option<&KeeperLink>) {
        for (pane, handle) in self.doomed {
            if let Some(h) = handle {
                h.kill();
            }
            if let Some(k) = keeper {
                k.forget(pane.0);
            }
        }
    }
}

/// What a recovered pane starts with.
pub struct Restore {
    /// Saved scrollback and replayed output, then the `[restored ...]` marker.
    pub preload: super::pane::Preload,
    /// Output offset to continue counting from.
    pub offset: u64,
}

impl Server {
    pub fn new(config: Config, socket_path: PathBuf, events: UnboundedSender<PaneEvent>) -> Server {
        Server {
            model: Model::default(),
            panes: HashMap::new(),
            config,
            socket_path,
            pid: std::process::id(),
            events,
            last_used: HashMap::new(),
            activity: HashMap::new(),
            use_counter: 0,
            buffers: Default::default(),
            shutting_down: false,
            store: None,
            recovery_notes: Vec::new(),
            recovery_incomplete: false,
            kept_at_start: None,
            clients: Default::default(),
            keeper: None,
            restart_requested: false,
            doomed: Vec::new(),
            reaper: None,
            messages: Default::default(),
            config_causes: Vec::new(),
            marked: None,
            marked_window: None,
            input_off: Default::default(),
            channels: Default::default(),
            respawning: Default::default(),
            modes: Default::default(),
            control: Default::default(),
            prompt_history: Default::default(),
            alerts: Default::default(),
        }
    }

    /// Applies a change to the model and carries out its effects on the panes. The processes of panes
    /// it closes are not ended here: they wait in `doomed` for [`Server::commit`], which ends them only
    /// once the change is durable, so a crash never leaves a recovered pane without its process.
    pub fn apply(&mut self, change: &Change) -> Result<Effects, ChangeError> {
        // Control clients are told what changed: compare the model before and after.
        let before = (self.control.active > 0 && !self.control.quiet)
            .then(|| super::control::notice::Shot::take(&self.model));
        // A window becoming a session's current one clears its alerts and counts as activity.
        let current = |m: &Model| -> HashSet<(SessionId, WindowId)> {
            m.sessions
                .values()
                .map(|s| (s.id, s.active_window))
                .collect()
        };
        let was = current(&self.model);
        // Where an ending session's clients go, read while it is there.
        let policies = super::session_end::policies(self);
        let fx = self.model.apply(change)?;
        // Before the lines about what ended: a control client hears of its new session first.
        if !fx.closed_sessions.is_empty() {
            super::session_end::move_clients(self, &fx.closed_sessions, &policies);
        }
        if let Change::OptionSet { name, .. } | Change::OptionItemSet { name, .. } = change {
            if ccmux_model::options::canonical_name(name) == "command-alias" {
                crate::cmd::alias::refresh(&self.model);
            }
        }
        for (_, w) in current(&self.model).difference(&was) {
            super::alerts::selected(self, *w);
        }
        if let Some(before) = before {
            let after = super::control::notice::Shot::take(&self.model);
            for n in super::control::notice::diff(&before, &after, change) {
                self.notice(n);
            }
        }
        super::pane::signal_redraw();
        for pane in &fx.closed_panes {
            self.modes.panes.remove(pane);
            self.modes.search.remove(pane);
            let handle = self.panes.remove(pane);
            self.doomed.push((*pane, handle));
        }
        for s in &fx.closed_sessions {
            self.last_used.remove(s);
            self.activity.remove(s);
        }
        for window in &fx.relayout {
            self.resize_window(*window);
        }
        Ok(fx)
    }

    fn resize_window(&mut self, window: ccmux_model::WindowId) {
        for (pane, rect) in self.model.window_geometry(window) {
            if let Some(handle) = self.panes.get_mut(&pane) {
                handle.resize(rect.cols, rect.rows);
            }
            self.resize_mode(pane, rect.cols, rect.rows);
        }
    }

    /// The marked pane, if it is still in the window it was marked in (tmux's server_check_marked).
    pub fn marked_pane(&self) -> Option<PaneId> {
        let pane = self.marked?;
        let window = self.model.panes.get(&pane)?.window;
        (Some(window) == self.marked_window).then_some(pane)
    }

    /// A client attached to, switched to or typed into `session` (tmux's session_update_activity).
    pub fn note_activity(&mut self, session: SessionId) {
        self.activity.insert(session, std::time::SystemTime::now());
    }

    /// `session`'s activity time (tmux's `session_activity`).
    pub fn session_activity(&self, session: SessionId) -> std::time::SystemTime {
        self.activity.get(&session).copied().unwrap_or_else(|| {
            let created = self.model.sessions.get(&session).map_or(0, |s| s.created);
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(created)
        })
    }

    pub fn touch(&mut self, session: SessionId) {
        self.use_counter += 1;
        self.last_used.insert(session, self.use_counter);
    }

    /// The most recently used session.
    pub fn recent_session(&self) -> Option<SessionId> {
        self.model
            .sessions
            .keys()
            .max_by_key(|s| (self.last_used.get(s).copied().unwrap_or(0), s.0))
            .copied()
    }

    /// Logs the changes applied since the last commit (call with the state locked, so the log's order
    /// is the order they were applied in) and takes the processes they doomed. Awaiting
    /// [`Commit::finish`] waits for durability, then ends those processes.
    pub fn commit(&mut self, changes: &[Change]) -> Commit {
        // What the changes meant for control clients is told now that the command is done.
        self.flush_notices();
        // A pane or window selected: with focus-events on, panes gain and lose the focus.
        super::focus::update(self, false);
        Commit {
            ticket: self.log(changes),
            doomed: std::mem::take(&mut self.doomed),
        }
    }

    /// [`Server::commit`] for callers that do not wait: the server's reaper task finishes it (in
    /// order with the others).
    pub fn commit_in_background(&mut self, changes: &[Change]) {
        let commit = self.commit(changes);
        if commit.ticket.is_none() && commit.doomed.is_empty() {
            return;
        }
        match &self.reaper {
            Some(reaper) => {
                if let Err(e) = reaper.send(commit) {
                    e.0.end_processes(self.keeper.as_ref());
                }
            }
            None => commit.end_processes(self.keeper.as_ref()),
        }
    }

    /// Logs one command's (or event's) changes; call with the state locked so the log's order is the
    /// order they were applied in. The ticket resolves once they are durable.
    fn log(&self, changes: &[Change]) -> Option<AppendTicket> {
        if changes.is_empty() {
            return None;
        }
        self.store.as_ref().map(|s| s.log_changes(changes))
    }

    /// A process started for a pane that has one, or had one (respawn-pane), takes its place: the
    /// screen and its history stay, the old process (if it still runs) is ended.
    pub fn respawned(&mut self, pane: PaneId, spawned: pty::Spawned) -> std::io::Result<()> {
        // The keeper hung the old process up when it started the new one for the same pane; without
        // a keeper, the old handle's respawn kills it.
        let Some(old) = self.panes.remove(&pane) else {
            return self.attach_process(pane, spawned, None);
        };
        let handle = old.respawn(pane, spawned, self.events.clone())?;
        self.panes.insert(pane, handle);
        Ok(())
    }

    /// The environment of a process the server starts for `session` (a pane's, or a popup's):
    /// CCMUX (and CCMUX_PANE for a pane), TERM, then the global environment's changes and the
    /// session's (set-environment).
    pub fn process_env(
        &self,
        session: Option<ccmux_model::SessionId>,
        pane: Option<PaneId>,
    ) -> Vec<(String, String)> {
        let mut env = vec![(
            "CCMUX".to_string(),
            format!(
                "{},{},{}",
                self.socket_path.display(),
                self.pid,
                session.map_or(0, |s| s.0)
            ),
        )];
        if let Some(pane) = pane {
            env.push(("CCMUX_PANE".to_string(), pane.to_string()));
        }
        env.push((
            "TERM".to_string(),
            self.model
                .option_text(ccmux_model::OptionScope::Server, "default-terminal"),
        ));
        let session_env = session
            .and_then(|s| self.model.sessions.get(&s))
            .map(|s| &s.environment);
        for e in std::iter::once(&self.model.environment).chain(session_env) {
            for (k, v) in e {
                if let (Some(value), false) = (&v.value, v.hidden) {
                    env.push((k.clone(), value.clone()));
                }
            }
        }
        env
    }

    /// How processes are started without the state lock: through the keeper when there is one.
    pub fn spawner(&self) -> Spawner {
        match &self.keeper {
            Some(k) => Spawner::Keeper(k.handle()),
            None => Spawner::Direct,
        }
    }

    /// What starting a pane's process takes: its spec (the model's, or `spec` for a respawn not
    /// applied yet), size, environment. `confirm`: a command waits for Enter (a restored pane).
    pub fn spawn_request(
        &self,
        pane: PaneId,
        spec: Option<&ccmux_model::PaneSpec>,
        confirm: bool,
    ) -> std::io::Result<SpawnRequest> {
        let p = self
            .model
            .panes
            .get(&pane)
            .ok_or(std::io::ErrorKind::NotFound)?;
        let (spec, cwd) = match spec {
            Some(s) => (s, &s.cwd),
            None => (&p.spec, &p.cwd),
        };
        let rect = self
            .model
            .pane_rect(pane)
            .ok_or(std::io::ErrorKind::NotFound)?;
        let mut env = self.process_env(self.model.session_of_pane(pane), Some(pane));
        env.extend(spec.env.iter().cloned());
        let command = if confirm && !spec.command.is_empty() {
            confirm_first(&spec.command, &spec.shell)
        } else {
            spec.command.clone()
        };
        Ok(SpawnRequest {
            pane: pane.0,
            command,
            shell: spec.shell.clone(),
            cwd: cwd.clone(),
            env,
            cols: rect.cols,
            rows: rect.rows,
        })
    }

    /// Takes over a running process (just spawned, or kept alive by the keeper across a crash) as `pane`.
    pub fn attach_process(
        &mut self,
        pane: PaneId,
        spawned: pty::Spawned,
        restore: Option<Restore>,
    ) -> std::io::Result<()> {
        let rect = self
            .model
            .pane_rect(pane)
            .ok_or(std::io::ErrorKind::NotFound)?;
        let start = self.pane_start(pane, rect, restore);
        let handle = PaneHandle::start(pane, spawned, start, self.events.clone())?;
        self.panes.insert(pane, handle);
        Ok(())
    }

    /// A dead pane (remain-on-exit) brought back by recovery: its screen, no process.
    pub fn attach_dead(&mut self, pane: PaneId, restore: Restore) -> std::io::Result<()> {
        let rect = self
            .model
            .pane_rect(pane)
            .ok_or(std::io::ErrorKind::NotFound)?;
        let start = self.pane_start(pane, rect, Some(restore));
        let handle = PaneHandle::dead(start)?;
        self.panes.insert(pane, handle);
        Ok(())
    }

    fn pane_start(
        &self,
        pane: PaneId,
        rect: ccmux_model::Rect,
        restore: Option<Restore>,
    ) -> PaneStart {
        let (preload, offset) = match restore {
            Some(r) => (Some(r.preload), r.offset),
            None => (None, 0),
        };
        PaneStart {
            cols: rect.cols,
            rows: rect.rows,
            history_limit: self
                .model
                .session_of_pane(pane)
                .map_or(2000, |s| {
                    self.model
                        .option_number(ccmux_model::OptionScope::Session(s), "history-limit")
                })
                .clamp(0, i32::MAX as i64) as usize,
            log_output: self.store.is_some(),
            wal: self.store.clone(),
            offset,
            preload,
            tap: self.tap_for_new_pane(),
        }
    }

    /// Adds to the message log, keeping at most `message-limit` entries.
    pub fn add_messages(&mut self, texts: &[String]) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        for t in texts {
            self.messages.push_back((now, t.clone()));
        }
        let limit = self
            .model
            .option_number(ccmux_model::OptionScope::Server, "message-limit")
            .max(0) as usize;
        while self.messages.len() > limit {
            self.messages.pop_front();
        }
    }

    /// Ends every pane and the keeper (kill-server, or no sessions left).
    pub fn kill_all(&mut self) {
        for (_, handle) in self.panes.drain() {
            handle.kill();
        }
        for handle in self.doomed.drain(..).filter_map(|(_, h)| h) {
            handle.kill();
        }
        if let Some(keeper) = self.keeper.take() {
            keeper.shutdown();
        }
    }

    /// Ends the panes this server knows, leaving the keeper (and whatever else it holds) running.
    pub fn kill_known(&mut self) {
        for handle in self.doomed.drain(..).filter_map(|(_, h)| h) {
            handle.kill();
        }
        let panes: Vec<PaneId> = self.panes.keys().copied().collect();
        for pane in panes {
            if let Some(handle) = self.panes.remove(&pane) {
                handle.kill();
            }
            if let Some(keeper) = &self.keeper {
                keeper.forget(pane.0);
            }
        }
    }

    /// Every live pane's process and a copy of its master, to hand to a new keeper.
    #[allow(clippy::type_complexity)]
    pub fn masters(
        &self,
    ) -> Vec<(
        PaneId,
        i32,
        rustix::fd::OwnedFd,
        Option<rustix::fd::OwnedFd>,
    )> {
        self.panes
            .iter()
            .filter(|(_, h)| h.alive())
            .filter_map(|(pane, h)| {
                let fd = rustix::io::fcntl_dupfd_cloexec(h.master_fd(), 0).ok()?;
                Some((*pane, h.pid, fd, h.ring_fd()))
            })
            .collect()
    }
}

/// Wraps a restored pane's command so it waits for Enter before running.
pub fn confirm_first(command: &[String], shell: &str) -> Vec<String> {
    let argv: Vec<String> = match command {
        [one] => vec![shell.to_string(), "-c".into(), one.clone()],
        many => many.to_vec(),
    };
    let shown = command.join(" ");
    let script = "printf '\\033[2m[restored] press Enter to run:\\033[0m %s\\n' \"$0\"; read _ && exec \"$@\"";
    let mut out = vec!["/bin/sh".to_string(), "-c".into(), script.into(), shown];
    out.extend(argv);
    out
}

/// Starts pane processes with the state lock released: through the keeper's actor (a blocking round
/// trip) or by forking here.
#[derive(Clone, Debug)]
pub enum Spawner {
    Keeper(super::keeper_link::KeeperHandle),
    Direct,
}

impl Spawner {
    /// Starts the process (blocking).
    pub fn spawn(&self, request: SpawnRequest) -> std::io::Result<pty::Spawned> {
        match self {
            Spawner::Keeper(k) => k.spawn(request),
            Spawner::Direct => pty::spawn(&pty::SpawnSpec {
                command: &request.command,
                shell: &request.shell,
                cwd: &request.cwd,
                env: request.env,
                cols: request.cols,
                rows: request.rows,
            }),
        }
    }

    /// Starts many processes (recovery after a reboot): through the keeper pipelined, one round
    /// trip's wait for them all; results in the order of `requests`. Blocking.
    pub fn spawn_many(&self, requests: Vec<SpawnRequest>) -> Vec<std::io::Result<pty::Spawned>> {
        match self {
            Spawner::Keeper(k) => k.spawn_many(requests),
            Spawner::Direct => requests.into_iter().map(|r| self.spawn(r)).collect(),
        }
    }

    /// [`Spawner::spawn_many`], the keeper's processes held before their `exec` until
    /// [`Spawner::release_held`] (see `KeeperHandle::spawn_many_held`); forked ones start at once.
    pub fn spawn_many_held(
        &self,
        requests: Vec<SpawnRequest>,
    ) -> Vec<std::io::Result<pty::Spawned>> {
        match self {
            Spawner::Keeper(k) => k.spawn_many_held(requests),
            Spawner::Direct => self.spawn_many(requests),
        }
    }

    /// Lets the processes started held run.
    pub fn release_held(&self) {
        if let Spawner::Keeper(k) = self {
            k.release_held();
        }
    }

    /// Lets every process started held run (see `KeeperHandle::release_all_held`).
    pub fn release_all_held(&self) {
        if let Spawner::Keeper(k) = self {
            k.release_all_held();
        }
    }

    /// A process started for a pane that is gone by the time it came: the keeper lets it go (hangs
    /// it up); a forked one is hung up when its master is dropped.
    pub fn abandon(&self, pane: PaneId, spawned: pty::Spawned) {
        self.release(pane);
        drop(spawned);
    }

    /// The keeper lets the pane's process go (hangs it up).
    pub fn release(&self, pane: PaneId) {
        if let Spawner::Keeper(k) = self {
            k.forget(pane.0);
        }
    }
}
