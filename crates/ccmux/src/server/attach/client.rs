//! One attached client's state: prefix, key tables, prompts, messages; its input and its frames.

mod mouse;

mod display_panes;
mod fast;
mod held;
mod key_cache;
mod modes;
mod prompts;
mod timers;
mod title;

use super::chooser::Chooser;
use super::clock::Clock;
use super::render::{borders, diff, Frame};
use super::{refit, status, Shared};
use crate::cmd::entry::flags::READ_ONLY;
use crate::cmd::{ClientAction, Effect, Source};
use crate::server::state::Server;
use ccmux_model::keys::{self, Event, Key, KeyEvent, PaneModes};
use ccmux_model::{OptionScope, PaneId, SessionId};
use ccmux_term::RenderCell;
use key_cache::KeyCache;
use std::time::{Duration, Instant};

const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1002h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1002l\x1b[?1000l";

/// How long an unfinished escape sequence waits for the rest before it is taken as typed keys
/// (tmux's `escape-time`; 10 ms as in tmux 3.5, 3.3a waits 500 ms).
const ESCAPE_TIME: Duration = Duration::from_millis(10);

pub struct Client {
    pub id: u32,
    pub session: SessionId,
    cols: u16,
    rows: u16,
    mouse: bool,
    /// The key table keys are looked up in when not the root one (after the prefix, `switch-client
    /// -T`), and until when a repeating binding keeps it.
    table: Option<(String, Option<Instant>)>,
    /// choose-buffer's list over a pane.
    /// A chooser over a pane (choose-tree, choose-client, choose-buffer, find-window).
    chooser: Option<Chooser>,
    /// A chooser below its pane's copy or view mode (tmux's mode stack), shown again once that
    /// mode ends.
    stacked: Option<Chooser>,
    /// clock-mode over a pane.
    clock: Option<Clock>,
    /// A menu over the screen (display-menu, a chooser's menu).
    menu: Option<super::menu::Menu>,
    /// A popup over the screen (display-popup).
    popup: Option<super::popup::Popup>,
    /// The last left click (for double clicks).
    last_click: Option<(Instant, u16, u16)>,
    prompt: Option<prompts::Open>,
    message: Option<timers::Message>,
    last: Option<Frame>,
    /// Bytes to send ahead of the next frame (terminal modes, OSC 52).
    extra: String,
    /// Input not decoded yet: an unfinished escape sequence or paste.
    pending: Vec<u8>,
    /// When an unfinished escape sequence in `pending` is to be taken as it is.
    input_deadline: Option<Instant>,
    /// Mouse state: the last event, a drag in progress, clicks being counted.
    mouse_state: mouse::MouseState,
    /// Set when the client should detach, with the reason.
    pub detach: Option<String>,
    /// What the client process does once detached (`detach-client -P`, `-E`).
    pub leave: super::Leave,
    /// Set when the client process should stop itself (suspend-client) or run a lock command.
    suspend: Option<ccmux_proto::ServerMsg>,
    /// Effects of commands run here that the client's task carries out.
    effects: Vec<Effect>,
    /// display-panes: pane numbers shown until then; a key picks a pane for the template.
    display_panes: Option<(Option<Instant>, Option<String>)>,
    /// The status lines as last drawn and what they were drawn for (see [`StatusKey`]).
    status: Option<(StatusKey, Vec<Vec<RenderCell>>)>,
    /// Every event of the last input was a key typed into the pane (see [`Client::input`]).
    plain_input: bool,
    /// Each shown pane's rows as last converted from its emulator, with the row's serial then
    /// (`Emulator::row_serial`): an unchanged row is not converted again.
    pane_rows: std::collections::HashMap<PaneId, Vec<(u64, Vec<RenderCell>)>>,
    /// The rows a changed-rows frame overwrites, as they were (kept to reuse their allocations).
    rows_before: Vec<(u16, Vec<RenderCell>)>,
    /// What keys are looked up with, while nothing changes (`key_cache.rs`).
    keys: Option<KeyCache>,
    /// What [`Client::shape`] was made for: the status generation, session, window and size.
    shape_key: Option<(u64, SessionId, ccmux_model::WindowId, u16, u16)>,
    /// What the last frame was drawn for when nothing was over its panes: while it stays the same,
    /// a frame draws only the pane rows that changed (see `client/fast.rs`).
    shape: Option<fast::Shape>,
    /// The status line's periodic redraw (`status-interval`).
    status_timer: timers::StatusTimer,
    /// When clock-mode next looks at the time.
    clock_due: Instant,
    /// This client's command queues waiting for a job (run-shell, a prompt's answer...).
    queues: usize,
    /// Input that waits for them (tmux's keys queued behind a waiting command).
    held: std::collections::VecDeque<Event>,
    /// The terminal title last written (`set-titles`, `client/title.rs`).
    title: Option<String>,
    /// What the title was last looked at for: the status generation and the session (`None`:
    /// look again).
    title_key: Option<(u64, SessionId)>,
}

/// What a client's status lines were drawn for: the server's status generation
/// (`pane::status_generation`, bumped by everything but pane output), the session, the width and
/// the number of lines. The client forgets them itself on what only it sees (its keys, its actions,
/// its size, the clock's tick).
type StatusKey = (u64, SessionId, usize, u16);

impl Client {
    /// `focus`: the terminal is asked for focus reports (`focus-events` on, as tmux's tty start).
    pub fn new(
        id: u32,
        session: SessionId,
        cols: u16,
        rows: u16,
        mouse: bool,
        focus: bool,
    ) -> Client {
        let extra = modes(mouse, focus);
        Client {
            id,
            session,
            cols: cols.max(1),
            rows: rows.max(2),
            mouse,
            table: None,
            chooser: None,
            stacked: None,
            clock: None,
            menu: None,
            popup: None,
            last_click: None,
            prompt: None,
            message: None,
            last: None,
            extra,
            pending: Vec::new(),
            input_deadline: None,
            mouse_state: Default::default(),
            detach: None,
            leave: super::Leave::Exit,
            suspend: None,
            effects: Vec::new(),
            display_panes: None,
            status: None,
            plain_input: false,
            queues: 0,
            status_timer: Default::default(),
            clock_due: Instant::now(),
            held: std::collections::VecDeque::new(),
            pane_rows: Default::default(),
            rows_before: Vec::new(),
            keys: None,
            shape_key: None,
            shape: None,
            title: None,
            title_key: None,
        }
    }

    /// The status lines are drawn again on the next frame (the time, or something only this
    /// client sees, may have changed them).
    pub fn restatus(&mut self) {
        self.status = None;
        self.title_key = None;
    }

    /// The client's session ended and `detach-on-destroy` gave it another (`session_end.rs`): it
    /// switches to it, as switch-client does.
    pub fn follow_session(&mut self, srv: &mut Server) {
        if srv.model.sessions.contains_key(&self.session) {
            return;
        }
        let next = srv.clients.clients.get(&self.id).map(|c| c.session);
        if let Some(next) = next.filter(|s| srv.model.sessions.contains_key(s)) {
            self.act(srv, crate::cmd::ClientAction::Switch(next));
            self.restatus();
        }
    }

    /// The client's terminal has this size now; true when that is a change.
    pub fn resize(&mut self, srv: &mut Server, cols: u16, rows: u16) -> bool {
        let changed = (cols.max(1), rows.max(2)) != (self.cols, self.rows);
        self.cols = cols.max(1);
        self.rows = rows.max(2);
        if let Some(c) = srv.clients.clients.get_mut(&self.id) {
            c.cols = self.cols;
            c.rows = self.rows;
        }
        refit(srv, self.session);
        if let Some(p) = &mut self.popup {
            p.resize(self.cols, self.rows);
        }
        self.last = None;
        changed
    }

    /// A read-only client (`attach -r`, `switch-client -r`).
    fn read_only(&self, srv: &Server) -> bool {
        srv.clients
            .clients
            .get(&self.id)
            .is_some_and(|c| c.flags.read_only)
    }

    /// The active pane of the session's current window.
    fn active_pane(&self, srv: &Server) -> Option<PaneId> {
        let s = srv.model.sessions.get(&self.session)?;
        srv.model
            .windows
            .get(&s.active_window)
            .map(|w| w.active_pane)
    }

    fn modes(srv: &Server, pane: PaneId) -> ccmux_term::Modes {
        srv.panes
            .get(&pane)
            .and_then(|h| crate::server::pane::lock_cold(&h.screen).map(|s| s.emu.modes()))
            .unwrap_or_default()
    }

    /// The keys a pane gets depend on these modes.
    fn key_modes(srv: &Server, pane: PaneId) -> PaneModes {
        let m = Self::modes(srv, pane);
        PaneModes {
            app_cursor: m.app_cursor,
            app_keypad: m.app_keypad,
        }
    }

    /// The pane this client shows a mode over (a chooser, the clock), if any. A pane's own copy or
    /// view mode is told by `hooks::pane_mode_changed`.
    pub fn mode_pane(&self) -> Option<PaneId> {
        (self.chooser.as_ref().map(|c| c.pane)).or(self.clock.as_ref().map(|c| c.pane))
    }

    /// When [`Client::input_expired`] is due: an escape sequence has not been finished.
    pub fn input_deadline(&self) -> Option<Instant> {
        self.input_deadline
    }

    /// Takes what the client typed; returns whether the client's own screen may have changed:
    /// false when every key went straight to the pane (its echo, if any, comes as the pane's
    /// output and is drawn then), so no frame is composed for the key itself.
    pub fn input(&mut self, shared: &Shared, bytes: &[u8]) -> bool {
        self.pending.extend_from_slice(bytes);
        self.plain_input = true;
        self.decode_input(shared, false);
        let changed = !self.plain_input;
        if changed {
            self.restatus();
        }
        changed
    }

    /// No more input came within the escape time: an unfinished sequence is typed keys.
    pub fn input_expired(&mut self, shared: &Shared) {
        self.decode_input(shared, true);
    }

    fn decode_input(&mut self, shared: &Shared, expired: bool) {
        let (events, used) = keys::decode(&self.pending, expired);
        self.pending.drain(..used);
        // Only an unfinished paste is left after the escape time: it waits for its end.
        self.input_deadline = if self.pending.is_empty() || expired {
            None
        } else {
            self.input_deadline
                .or_else(|| Some(Instant::now() + ESCAPE_TIME))
        };
        let mut srv = shared.lock();
        if !events.is_empty() {
            srv.note_activity(self.session);
        }
        let read_only = self.read_only(&srv);
        for event in events {
            // tmux queues a key behind the commands earlier keys started (a prompt's or an
            // overlay's keys excepted): while one of this client's command queues waits for a job,
            // the key waits too (`held.rs`).
            if self.must_hold() {
                self.held.push_back(event);
                continue;
            }
            self.event(&mut srv, read_only, event);
            if self.detach.is_some() {
                self.plain_input = false;
                break;
            }
        }
    }

    /// One decoded input event.
    fn event(&mut self, srv: &mut Server, read_only: bool, event: Event) {
        match event {
            // A read-only client's mouse, pastes and other input go nowhere (tmux's).
            Event::Mouse(_) | Event::Paste(_) | Event::Focus(_) | Event::Other(_) if read_only => {}
            Event::Key(key) => {
                if !self.key(srv, key) {
                    self.plain_input = false;
                }
            }
            Event::Mouse(m) => {
                self.plain_input = false;
                self.mouse(srv, m);
            }
            Event::Paste(text) => {
                self.plain_input = false;
                if let Some(p) = &self.popup {
                    p.paste(&text);
                } else if let Some(p) = &mut self.prompt {
                    p.editor.paste(&String::from_utf8_lossy(&text));
                } else if let Some(pane) = self
                    .active_pane(srv)
                    .filter(|p| !srv.modes.panes.contains_key(p))
                {
                    let mut out = text;
                    if Self::modes(srv, pane).bracketed_paste {
                        out.splice(0..0, b"\x1b[200~".iter().copied());
                        out.extend_from_slice(b"\x1b[201~");
                    }
                    srv.send_input(pane, |_| out.clone());
                }
            }
            // The terminal's focus report (asked for with focus-events on, heeded always, as
            // tmux): client-focus-in/out run, the panes' focus follows the client's.
            Event::Focus(on) => {
                self.plain_input = false;
                crate::server::focus::client(srv, self.id, on);
            }
            Event::Other(raw) => {
                self.plain_input = false;
                if let Some(p) = &self.popup {
                    p.paste(&raw);
                } else if self.prompt.is_none() && self.chooser.is_none() && self.clock.is_none() {
                    if let Some(pane) = self.active_pane(srv) {
                        if !srv.modes.panes.contains_key(&pane) {
                            srv.send_input(pane, |_| raw.clone());
                        }
                    }
                }
            }
        }
    }

    /// Handles a typed key; returns true when it only went to the active pane (nothing of the
    /// client's changed: no table, overlay, prompt or mode took it).
    fn key(&mut self, srv: &mut Server, typed: KeyEvent) -> bool {
        let key = typed.key;
        if self.read_only(srv) {
            // tmux's read-only client: no overlay, prompt or mode takes its keys, none reaches a
            // pane; only bindings of read-only commands run.
            self.table_key(srv, key);
            return false;
        }
        // A key takes a message away and goes on to do what it does, or is dropped while a
        // message that ignores keys is shown (`display-message -N`), as tmux's.
        let message = self.key_meets_message();
        if message == timers::KeyAndMessage::Dropped {
            return false;
        }
        let cleared = message == timers::KeyAndMessage::Cleared;
        if self.menu_key(srv, key) || self.popup_key(&typed) || self.prompt_key(srv, key) {
            return false;
        }
        // Pane numbers shown go with any key, even one that goes on to the pane.
        let numbers_before = self.display_panes.is_some();
        if self.display_panes_key(srv, key) {
            return false;
        }
        let table_before = self.table.is_some();
        if self.table_key(srv, key) {
            return false;
        }
        if self.mode_key(srv, key) {
            return false;
        }
        let Some(pane) = self.active_pane(srv) else {
            return false;
        };
        if srv.modes.panes.contains_key(&pane) {
            // A key a mode has no binding for does nothing.
            return false;
        }
        srv.send_input(pane, |p| typed.encode(Self::key_modes(srv, p)));
        // A key that left a key table (unbound there), took the pane numbers or a message away
        // is not plain.
        !table_before && !numbers_before && !cleared
    }

    /// Sets the terminal's clipboard (OSC 52), as tmux's tty_set_selection.
    fn clipboard(&mut self, data: &[u8]) {
        self.extra
            .push_str(&format!("\x1b]52;c;{}\x07", base64(data)));
    }

    /// A key through the key tables (tmux's server_client_key_callback): the key table of the
    /// pane's mode first when the client is in its default table (`copy-mode`, `copy-mode-vi`); the
    /// prefix keys switch to the prefix table; a bound key runs its commands (a repeating one keeps
    /// its table for repeat-time); a key unbound in a table other than the default one is tried in
    /// the default one, and dropped if not bound there either. Returns whether the key was used up
    /// (false: it goes to the pane).
    fn table_key(&mut self, srv: &mut Server, key: Key) -> bool {
        let pane = self.active_pane(srv);
        self.table_key_for(srv, key, pane, None)
    }

    /// [`Client::table_key`] for a key that happened over `pane` (a mouse key: with its event).
    fn table_key_for(
        &mut self,
        srv: &mut Server,
        key: Key,
        pane: Option<PaneId>,
        mouse: Option<crate::cmd::MouseEvent>,
    ) -> bool {
        let scope = OptionScope::Session(self.session);
        let (root, prefix) = {
            let keys = KeyCache::get(&mut self.keys, srv, self.session);
            (keys.root.clone(), keys.prefix)
        };
        if self
            .table
            .as_ref()
            .is_some_and(|(_, until)| until.is_some_and(|u| Instant::now() > u))
        {
            self.table = None;
        }
        // A chooser or clock this client shows over the pane is above its copy mode: keys go
        // through the default table to it.
        let mode_table = pane
            .filter(|p| !self.shows_mode_on(*p))
            .and_then(|p| srv.mode_table(p));
        let (mut table, mut repeating) = match (&self.table, mode_table) {
            (Some((t, until)), _) => (t.clone(), until.is_some()),
            (None, Some(m)) => (m.to_string(), false),
            (None, None) => (root.clone(), false),
        };
        let mut first = table.clone();
        loop {
            if table != "prefix" && prefix.contains(&Some(key)) {
                self.table = Some(("prefix".into(), None));
                return true;
            }
            let binding =
                KeyCache::get(&mut self.keys, srv, self.session).binding(srv, &table, key);
            match binding {
                Some(b) if repeating && !b.repeat => {
                    // A key that does not repeat ends the repeat and is tried from the default table.
                    self.table = None;
                    repeating = false;
                    table = root.clone();
                    first = table.clone();
                }
                Some(b) => {
                    self.table = if b.repeat && table != root {
                        let ms = srv.model.option_number(scope, "repeat-time").max(0) as u64;
                        Some((table, Some(Instant::now() + Duration::from_millis(ms))))
                    } else {
                        None
                    };
                    if !b.command.is_empty() {
                        self.run_line_for(srv, &b.command, mouse);
                    }
                    return true;
                }
                None if table != root || repeating => {
                    self.table = None;
                    if repeating {
                        first = root.clone();
                    }
                    repeating = false;
                    table = root.clone();
                }
                None if first != table => {
                    self.table = None;
                    return true;
                }
                None => return false,
            }
        }
    }

    /// Runs a command line typed at the prompt or bound to a key, through the one command registry.
    fn run_line(&mut self, srv: &mut Server, line: &str) {
        self.run_line_for(srv, line, None);
    }

    /// [`Client::run_line`] for a binding of a mouse key: its commands have the event.
    fn run_line_for(
        &mut self,
        srv: &mut Server,
        line: &str,
        mouse: Option<crate::cmd::MouseEvent>,
    ) {
        let pane = mouse.and_then(|m| m.pane);
        match self.parse_line_in(srv, line, pane) {
            Ok(cmds) if self.read_only(srv) && !cmds.iter().all(|c| c.entry.has(READ_ONLY)) => {
                self.message(srv, "Client is read-only")
            }
            Ok(cmds) => self.run_commands_for(srv, &cmds, None, mouse),
            Err(e) => self.message(srv, e),
        }
    }

    /// Parses a command line in the client's context; `NAME=value` lines set the global environment
    /// at once, as tmux's parser does.
    fn parse_line(
        &mut self,
        srv: &mut Server,
        line: &str,
    ) -> Result<Vec<crate::cmd::Prepared>, String> {
        self.parse_line_in(srv, line, None)
    }

    /// [`Client::parse_line`] with `pane` (the one under the mouse for a mouse key) as the current
    /// pane rather than the active one.
    fn parse_line_in(
        &mut self,
        srv: &mut Server,
        line: &str,
        pane: Option<PaneId>,
    ) -> Result<Vec<crate::cmd::Prepared>, String> {
        let pane = pane.or_else(|| self.active_pane(srv));
        let mut env = crate::cmd::text::ServerEnv::new(srv, Some(self.session), pane);
        let cmds = crate::cmd::text::parse(line, &Default::default(), &mut env)?;
        let assignments = std::mem::take(&mut env.assignments);
        let mut changes = Vec::new();
        for (name, value, hidden) in assignments {
            let change = ccmux_model::Change::EnvSet {
                session: None,
                name,
                value: Some(ccmux_model::EnvValue {
                    value: Some(value),
                    hidden,
                }),
            };
            if srv.apply(&change).is_ok() {
                changes.push(change);
            }
        }
        srv.commit_in_background(&changes);
        Ok(cmds)
    }

    fn run_commands(&mut self, srv: &mut Server, cmds: &[crate::cmd::Prepared]) {
        self.run_commands_at(srv, cmds, None);
    }

    /// Runs commands as this client's, through the one command registry (`at`: for that target
    /// rather than the client's current pane).
    fn run_commands_at(
        &mut self,
        srv: &mut Server,
        cmds: &[crate::cmd::Prepared],
        at: Option<ccmux_model::Current>,
    ) {
        self.run_commands_for(srv, cmds, at, None);
    }

    /// [`Client::run_commands_at`], or with a mouse key's event (its pane is the current one).
    fn run_commands_for(
        &mut self,
        srv: &mut Server,
        cmds: &[crate::cmd::Prepared],
        at: Option<ccmux_model::Current>,
        mouse: Option<crate::cmd::MouseEvent>,
    ) {
        if cmds.is_empty() {
            return;
        }
        srv.touch(self.session);
        let mut out = match mouse {
            Some(_) => crate::cmd::run_binding(srv, cmds, self.id, mouse),
            None => crate::cmd::run_prepared_at(srv, cmds, Source::Client(self.id), at),
        };
        srv.commit_in_background(&out.changes);
        for e in out.effects {
            match e {
                Effect::Client(id, action) if id == self.id => self.act(srv, action),
                Effect::Client(id, action) => srv.clients.act(id, action),
                other => self.effects.push(other),
            }
        }
        if let Some((wait, state)) = out.suspended.take() {
            // A job (if-shell, run-shell): the client's task runs it and the rest of the queue;
            // this client's next keys wait until it is done.
            self.queues += 1;
            self.effects.push(Effect::Suspended {
                wait,
                state: Box::new(state),
            });
        }
        if out.reply.status != 0 {
            let first = out.reply.stderr.lines().next().unwrap_or("error");
            self.message(srv, first.to_string());
        } else if !out.reply.stdout.is_empty() {
            self.view(srv, &String::from_utf8_lossy(&out.reply.stdout));
        }
    }

    /// A message that makes the client give its terminal up for a while (suspend-client, lock-*);
    /// it is drawn afresh when it comes back.
    pub fn take_suspend(&mut self) -> Option<ccmux_proto::ServerMsg> {
        self.suspend.take()
    }

    /// Effects of commands this client ran that the server must carry out (shutdown, restart,
    /// checkpoint), taken by the client's task.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Does what a command asked of this client.
    pub fn act(&mut self, srv: &mut Server, action: ClientAction) {
        match action {
            ClientAction::Detach(reason) => self.detach = Some(reason),
            ClientAction::DetachHup(reason) => {
                self.detach = Some(reason);
                self.leave = super::Leave::Hup;
            }
            ClientAction::Exec(command) => {
                self.detach = Some(String::new());
                self.leave = super::Leave::Exec(command);
            }
            ClientAction::Suspend | ClientAction::Lock(_) => {
                self.suspend = Some(match action {
                    ClientAction::Lock(command) => ccmux_proto::ServerMsg::Lock(command),
                    _ => ccmux_proto::ServerMsg::Suspend,
                });
                // The client resets its terminal's modes while stopped: set them again, and draw
                // everything (the first frame after it comes back).
                self.extra = modes(self.mouse, crate::server::focus::enabled(srv));
                self.last = None;
            }
            ClientAction::Redraw => self.last = None,
            ClientAction::Switch(s) => {
                let old = self.session;
                self.session = s;
                if let Some(c) = srv.clients.clients.get_mut(&self.id) {
                    if old != s {
                        c.last_session = Some(old);
                    }
                    c.session = s;
                }
                srv.touch(s);
                srv.note_activity(s);
                refit(srv, old);
                refit(srv, s);
                if old != s {
                    crate::server::session_end::client_left(srv, old);
                }
                crate::server::alerts::attached(srv, s);
                // tmux's server_client_set_session: the focus follows, client-session-changed runs.
                crate::server::focus::update(srv, true);
                crate::server::alerts::client_event(srv, "client-session-changed", self.id);
                if let Some(c) = srv.clients.clients.get(&self.id) {
                    let notice = crate::server::control::notice::Notice::ClientSessionChanged(
                        self.id,
                        c.name(),
                        s,
                        srv.model
                            .sessions
                            .get(&s)
                            .map(|s| s.name.clone())
                            .unwrap_or_default(),
                    );
                    srv.notice(notice);
                }
            }
            ClientAction::Prompt(spec) => self.open_prompt(srv, *spec),
            ClientAction::Confirm {
                label,
                commands,
                answer,
            } => self.open_confirm(&label, commands, answer),
            ClientAction::Message(text) => self.message(srv, text),
            ClientAction::Display {
                text,
                millis,
                ignore_keys,
            } => self.message_for(srv, text, millis, ignore_keys),
            ClientAction::KeyTable(table) => self.table = Some((table, None)),
            ClientAction::View(text) => self.view(srv, &text),
            ClientAction::DisplayPanes { millis, template } => {
                let showing = self
                    .display_panes
                    .as_ref()
                    .is_some_and(|(until, _)| until.is_none_or(|u| Instant::now() < u));
                if !showing {
                    let until =
                        (millis > 0).then(|| Instant::now() + Duration::from_millis(millis));
                    self.display_panes = Some((until, template));
                }
            }
            ClientAction::Clipboard(data) => self.clipboard(&data),
            ClientAction::Choose { pane, spec } => self.open_chooser(srv, pane, *spec),
            ClientAction::Clock(pane) => self.open_clock(srv, pane),
            ClientAction::Menu(spec) => self.open_menu(*spec),
            ClientAction::Popup(spec) => self.open_popup(srv, *spec),
            ClientAction::ClearOverlay => {
                self.menu = None;
                self.popup = None;
            }
            ClientAction::DragStarted(pane) => {
                self.mouse_state.drag = Some(mouse::DragTarget::Copy(pane));
                self.arm_drag_scroll(srv, pane);
            }
            ClientAction::DragBorder => self.start_border_drag(srv),
            ClientAction::ModeEntered(pane) => self.leave_modes_on(srv, pane),
            ClientAction::Bell => self.extra.push('\x07'),
        }
    }

    /// Shows text (command output, key list) in view mode on the active pane.
    fn view(&mut self, srv: &mut Server, text: &str) {
        if let Some(pane) = self.active_pane(srv) {
            srv.view_output(pane, text);
            self.leave_modes_on(srv, pane);
        }
    }

    /// The bytes that bring the client's terminal up to date (empty when nothing changed);
    /// `Err` when the client must detach.
    pub fn frame(&mut self, srv: &Server) -> Result<Vec<u8>, String> {
        let Some(s) = srv.model.sessions.get(&self.session) else {
            return Err("exited".into());
        };
        let Some(w) = srv.model.windows.get(&s.active_window) else {
            return Err("exited".into());
        };
        self.unstack(srv);
        let gone = |p: &PaneId| srv.model.panes.get(p).is_none_or(|p| p.window != w.id);
        if (self.chooser.as_ref()).is_some_and(|c| gone(&c.pane) || !c.alive(srv)) {
            self.chooser = None;
        }
        if self.clock.as_ref().is_some_and(|c| gone(&c.pane)) {
            self.clock = None;
        }
        if self.popup.as_mut().is_some_and(|p| p.finished()) {
            self.popup = None;
        }
        let mouse = srv
            .model
            .option_flag(OptionScope::Session(self.session), "mouse");
        if mouse != self.mouse {
            self.mouse = mouse;
            self.extra
                .push_str(if mouse { MOUSE_ON } else { MOUSE_OFF });
        }
        self.set_title(srv);
        // Nothing a shape is made of changes without a change of the model (which bumps the
        // status generation) or of the client's size.
        let key = (
            crate::server::pane::status_generation(),
            self.session,
            w.id,
            self.cols,
            self.rows,
        );
        let shape = match &self.shape {
            Some(shape) if self.shape_key == Some(key) => shape.clone(),
            _ => self.shape_now(srv, s, w),
        };
        if let Some(out) = self.frame_panes(srv, &shape) {
            #[cfg(debug_assertions)]
            self.check_fast_frame(srv, w, &shape);
            return Ok(out.into_bytes());
        }
        let frame = self.build(srv, w, &shape);
        self.shape = self.no_overlays(srv, &shape).then_some(shape);
        self.shape_key = Some(key);
        let mut out = std::mem::take(&mut self.extra);
        out.push_str(&diff(self.last.as_ref(), &frame));
        self.last = Some(frame);
        Ok(out.into_bytes())
    }

    /// The client's whole screen now: panes, borders, status lines and what is drawn over them.
    fn build(&mut self, srv: &Server, w: &ccmux_model::Window, shape: &fast::Shape) -> Frame {
        let (status_n, status_top) = (shape.status_n, shape.status_top);
        let pane_rows = self.rows - status_n;
        let mut frame = Frame::new(self.cols, pane_rows);
        let area = shape.area;
        let geometry = &shape.geometry;
        let mut cursor = ccmux_term::RenderCursor::default();
        for (pane, rect) in geometry {
            let max = rect.cols.min(area.cols.saturating_sub(rect.x));
            let rows = rect.rows.min(area.rows.saturating_sub(rect.y));
            let mode = match (&mut self.chooser, &self.clock) {
                (Some(ch), _) if ch.pane == *pane => Some(ch.draw(srv, rect.cols, rect.rows)),
                (_, Some(c)) if c.pane == *pane => Some(c.draw(srv, rect.cols, rect.rows)),
                _ => None,
            };
            if let Some(drawn) = mode {
                for (r, cells) in drawn.iter().enumerate().take(rows as usize) {
                    frame.blit(rect.x, rect.y + r as u16, cells, max);
                }
                if *pane == w.active_pane {
                    cursor = ccmux_term::RenderCursor::default();
                }
                continue;
            }
            if let Some(cm) = srv.modes.panes.get(pane) {
                let styles = mode_styles(srv, w.id);
                let mut rows_out = Vec::new();
                let (cx, cy) = cm.draw(&styles, &mut rows_out);
                for (r, cells) in rows_out.iter().enumerate().take(rows as usize) {
                    frame.blit(rect.x, rect.y + r as u16, cells, max);
                }
                if *pane == w.active_pane {
                    cursor = ccmux_term::RenderCursor {
                        col: rect.x + cx as u16,
                        row: rect.y + cy as u16,
                        visible: true,
                        ..Default::default()
                    };
                }
                continue;
            }
            let Some(h) = srv.panes.get(pane) else {
                continue;
            };
            let Some(mut screen) = crate::server::pane::lock_cold(&h.screen) else {
                continue;
            };
            let colours = super::pane_colours::find(&shape.colours, *pane);
            self.convert_rows(*pane, &mut screen, rows, |r, cells, _| {
                frame.blit(rect.x, rect.y + r, cells, max);
                if let Some(c) = colours {
                    super::pane_colours::apply(&mut frame, rect.x, rect.y + r, max, c);
                }
            });
            if *pane == w.active_pane {
                cursor = fast::pane_cursor(&screen.emu, *rect, max, rows);
            }
        }
        self.pane_rows
            .retain(|p, _| geometry.iter().any(|(g, _)| g == p));
        // A zoomed pane has no border, but for its status line's.
        let pane_status = srv.model.pane_border_status(w.id);
        if !w.zoomed || pane_status != ccmux_model::PaneBorderStatus::Off {
            let active = geometry
                .iter()
                .find(|(p, _)| *p == w.active_pane)
                .map(|(_, r)| *r);
            let look = super::pane_borders::look(srv, self.session, w);
            borders(&mut frame, area, geometry, active, &look);
        }
        super::pane_borders::draw_status(srv, self.id, self.session, &mut frame, area, geometry, w);
        self.draw_pane_numbers(srv, &mut frame, geometry, w.active_pane);
        // Outside the session's size (a smaller client sets it): dots, as tmux draws them.
        let outside = area.cols < self.cols || area.rows < pane_rows;
        for y in (0..pane_rows).filter(|_| outside) {
            for x in 0..self.cols {
                if x >= area.cols || y >= area.rows {
                    frame.row_mut(y)[x as usize] = RenderCell {
                        c: '·',
                        ..RenderCell::BLANK
                    };
                }
            }
        }
        let status_y = if status_top { 0 } else { pane_rows };
        let cols = self.cols as usize;
        let y0 = if status_top { status_n } else { 0 };
        cursor.row += y0;
        // A prompt or a message: on the last status line (the last row without one), as tmux's.
        let prompting = self.prompt.is_some();
        let overlay = if let Some((row, col)) = self.prompt_row(srv, cols) {
            cursor = ccmux_term::RenderCursor {
                col,
                row: status_y + status_n.max(1) - 1,
                visible: true,
                ..Default::default()
            };
            Some(row)
        } else {
            (self.message.as_ref()).map(|m| status::message_line(srv, self.session, &m.text, cols))
        };
        // The pane area, then the status lines above or below it (below: the pane area's cells
        // are kept as they are, the status rows added after them).
        let mut full = if y0 == 0 {
            let mut cells = std::mem::take(&mut frame.cells);
            cells.resize(self.cols as usize * self.rows as usize, RenderCell::BLANK);
            Frame {
                cols: self.cols,
                rows: self.rows,
                cells,
                cursor: Default::default(),
            }
        } else {
            let mut full = Frame::new(self.cols, self.rows);
            for y in 0..pane_rows {
                full.row_mut(y + y0).clone_from_slice(frame.row_mut(y));
            }
            full
        };
        if status_n == 0 {
            self.status_drawn(srv, 0);
            if let Some(row) = overlay {
                // No status line: a message or prompt takes the last row.
                let y = self.rows - 1;
                full.row_mut(y).clone_from_slice(&row);
                if cursor.row == status_y {
                    cursor.row = y;
                }
            }
        } else {
            let key = (
                crate::server::pane::status_generation(),
                self.session,
                cols,
                status_n,
            );
            if self.status.as_ref().is_none_or(|(k, _)| *k != key) {
                let lines = (0..status_n)
                    .map(|i| status::status_line(srv, self.id, self.session, i, cols))
                    .collect();
                self.status = Some((key, lines));
                self.status_drawn(srv, status_n);
            }
            let lines = self.status.as_ref().map_or(&[][..], |(_, l)| &l[..]);
            for (i, line) in (0..status_n).zip(lines) {
                let line = match &overlay {
                    Some(row) if i == status_n - 1 => row,
                    _ => line,
                };
                full.row_mut(status_y + i).clone_from_slice(line);
            }
        }
        if prompting && cursor.row < self.rows && cursor.col < self.cols {
            // tmux draws the prompt's cursor as a cell in reverse video.
            full.row_mut(cursor.row)[cursor.col as usize].attrs ^= ccmux_term::attr::INVERSE;
        }
        let mut frame = full;
        self.draw_menu(srv, &mut frame);
        if let Some(p) = &self.popup {
            let cols = frame.cols as usize;
            let mut rows: Vec<&mut [RenderCell]> = frame.cells.chunks_mut(cols).collect();
            cursor = p.draw(&mut rows).unwrap_or(ccmux_term::RenderCursor {
                visible: false,
                ..cursor
            });
        }
        frame.cursor = cursor;
        frame
    }
}

/// The styles copy mode draws with: a window's `mode-style` and `copy-mode-*-style` options.
fn mode_styles(srv: &Server, window: ccmux_model::WindowId) -> crate::server::copy::draw::Styles {
    let pen = |name: &str| {
        let text = srv.model.option_text(OptionScope::Window(window), name);
        let style = ccmux_model::options::Style::parse(&text).unwrap_or_default();
        (
            super::draw::colour(style.fg),
            super::draw::colour(style.bg),
            super::draw::attrs(style.attrs),
        )
    };
    crate::server::copy::draw::Styles {
        mode: pen("mode-style"),
        matched: pen("copy-mode-match-style"),
        current: pen("copy-mode-current-match-style"),
        mark: pen("copy-mode-mark-style"),
    }
}

/// The terminal modes an attached client runs with: bracketed paste, the mouse, and focus reports
/// if `focus-events` was on when it took the terminal (tmux asks for them only then, and heeds the
/// reports a terminal sends either way).
fn modes(mouse: bool, focus: bool) -> String {
    let mut m = String::from("\x1b[?2004h");
    if focus {
        m.push_str("\x1b[?1004h");
    }
    if mouse {
        m.push_str(MOUSE_ON);
    }
    m
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_encodes() {
        assert_eq!(super::base64(b"hello"), "aGVsbG8=");
        assert_eq!(super::base64(b"ab"), "YWI=");
        assert_eq!(super::base64(b"abc"), "YWJj");
    }
}
