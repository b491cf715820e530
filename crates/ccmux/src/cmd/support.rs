//! What commands share: the execution context, errors, pane creation and list output.

use super::queue::{JobResult, QueueState, Wait};
use crate::server::format_vars::Vars;
use crate::server::state::Server;
use ccmux_model::{
    Change, ChangeError, Current, Effects, OptionScope, PaneId, PaneSpec, SessionId, TargetError,
    WindowId,
};
use ccmux_proto::{CommandReply, CommandRequest};

/// A command's failure: printed on stderr, exit status 1.
#[derive(Debug, thiserror::Error)]
pub enum CmdError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error(transparent)]
    Change(#[from] ChangeError),
    #[error("{0}")]
    Msg(String),
    /// A failure that prints nothing (a `-q` command): exit status 1 only.
    #[error("")]
    Quiet,
}

pub type CmdResult = Result<(), CmdError>;

pub fn fail<T>(msg: impl Into<String>) -> Result<T, CmdError> {
    Err(CmdError::Msg(msg.into()))
}

/// Where a command came from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A command-line client: its working directory and the pane it runs in (`$CCMUX_PANE`), if any.
    /// `umask`: the client process's file mode mask, which the panes it creates get (tmux gives them
    /// the server's: ccmux the creator's, so a server started with umask 0 leaks nothing).
    Cli {
        cwd: String,
        pane: Option<PaneId>,
        umask: Option<u32>,
    },
    /// An attached client (a key binding or the `:` prompt).
    Client(u32),
    /// The server itself (config files, hooks).
    #[allow(dead_code)] // config files and hooks come next
    Internal,
}

/// The mouse event a key binding runs for (tmux's `struct mouse_event`): where it happened, for
/// `-t=`, `send -M` and `copy-mode -M`.
#[derive(Clone, Copy, Debug)]
pub struct MouseEvent {
    /// The attached client it came from.
    pub client: u32,
    pub session: SessionId,
    /// The window and pane under it (a pane's border counts for the pane).
    pub window: Option<WindowId>,
    pub pane: Option<PaneId>,
    /// The cell in the pane (may be just outside it, on a border), and where the event before it
    /// was (a drag starts where its button went down).
    pub x: u16,
    pub y: u16,
    pub lx: u16,
    pub ly: u16,
    /// The event as the terminal reported it, relative to the pane.
    pub raw: ccmux_model::keys::Mouse,
    pub key: ccmux_model::keys::MouseKey,
}

/// What a command asks for beyond its changes, carried out by whoever ran it once the changes are
/// durable (and the reply sent): commands return effects as values, they set no flags to be polled.
#[derive(Clone)]
pub enum Effect {
    /// A job that runs in the background, then a queue with its result (run-shell -b, if-shell -b;
    /// and a queue suspended where nobody waits for it: an attached client's binding).
    Background {
        job: super::queue::Job,
        resume: super::queue::Resume,
        source: Source,
    },
    /// A queue suspended on a job, for a caller that does not drive it itself.
    Suspended { wait: Wait, state: Box<QueueState> },
    /// kill-server.
    Shutdown,
    /// server-restart.
    Restart,
    /// persistence checkpoint: one is written before the reply.
    Checkpoint,
    /// Something an attached client must do.
    Client(u32, ClientAction),
}

/// An attached client's part of a command's effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientAction {
    Detach(String),
    /// Detach, and the client hangs up its parent process (`detach-client -P`, `attach -x`).
    DetachHup(String),
    /// Detach, and the client runs this shell command in place of itself (`detach-client -E`).
    Exec(String),
    /// Stop the client process (suspend-client): it gives the terminal back and stops itself
    /// (SIGTSTP); continued, it takes the terminal again and is redrawn.
    Suspend,
    /// Run `lock-command` in the client's terminal until it exits (lock-client, -session, -server).
    Lock(String),
    /// Draw the whole screen again (refresh-client).
    Redraw,
    /// Show another session.
    Switch(SessionId),
    /// Open the command prompt.
    Prompt(Box<crate::server::attach::prompt::PromptSpec>),
    /// Ask y/n, then run the commands (or give them to the waiting queue).
    Confirm {
        label: String,
        commands: Vec<ccmux_lang::ParsedCommand>,
        answer: Option<super::answer::AnswerHandle>,
    },
    /// A message on the status line, for `display-time`.
    Message(String),
    /// A message on the status line for `millis` (`None`: `display-time`; 0: until a key), which
    /// keys do not take away if `ignore_keys` (`display-message -d`, `-N`).
    Display {
        text: String,
        millis: Option<u64>,
        ignore_keys: bool,
    },
    /// Look the next keys up in this key table (`switch-client -T`).
    KeyTable(String),
    /// Show pane numbers for this long; a digit picked meanwhile runs the template (`None`: keys
    /// are not taken).
    DisplayPanes {
        millis: u64,
        template: Option<String>,
    },
    /// Text shown in a scrollable view over the active pane.
    #[allow(dead_code)] // run-shell output
    View(String),
    /// Set the terminal's clipboard (OSC 52: `set-buffer -w`, `load-buffer -w`).
    Clipboard(Vec<u8>),
    /// A mouse drag selects in the copy mode of this pane (`copy-mode -M`, `send -X begin-selection`
    /// from a mouse binding): the client moves the selection with the mouse until the button is up.
    DragStarted(PaneId),
    /// A mouse drag moves this border (`resize-pane -M`).
    DragBorder,
    /// The pane entered copy or view mode: a chooser or clock mode the client shows over it ends
    /// (the new mode is on top, as in tmux's mode stack).
    ModeEntered(PaneId),
    /// Show a chooser over a pane (choose-tree, choose-client, choose-buffer, find-window).
    Choose {
        pane: PaneId,
        spec: Box<crate::server::attach::chooser::Spec>,
    },
    /// Show clock mode over a pane.
    Clock(PaneId),
    /// Show a menu.
    Menu(Box<crate::server::attach::menu::MenuSpec>),
    /// Show a popup (display-popup).
    Popup(Box<crate::server::attach::popup::PopupSpec>),
    /// Close the popup or menu shown (display-popup -C).
    ClearOverlay,
    /// Ring the terminal's bell (an alert, as `visual-*` asks).
    Bell,
}

/// The execution context of one command.
pub struct Ctx<'a> {
    pub srv: &'a mut Server,
    pub current: Current,
    pub source: Source,
    /// The working directory new panes start in by default.
    pub cwd: String,
    pub out: super::output::Output,
    /// Changes applied so far: logged together, as one record.
    pub changes: Vec<Change>,
    pub effects: Vec<Effect>,
    /// Running a hook's commands: no hooks fire.
    pub in_hook: bool,
    /// Extra format variables (a hook's `#{hook}` ...).
    pub formats: std::collections::BTreeMap<String, String>,
    /// The queue being run (see `queue.rs`).
    pub q: QueueState,
    /// The group of the command running now.
    pub group: u64,
    /// Set by a command that must wait for a job: the queue stops after it.
    pub wait: Option<Wait>,
    /// Processes the current command asked for: started off the lock once it is done.
    pub spawns: Vec<(
        crate::keeper::wire::SpawnRequest,
        super::spawn::PendingSpawn,
    )>,
    /// Error messages of failed commands, in order.
    pub errors: Vec<String>,
    /// Some command failed (exit status 1), with or without a message.
    pub failed: bool,
    /// The exit status a command set for a command-line client (run-shell: its job's).
    pub retval: Option<i32>,
    /// Panes closed by the changes applied: their window and whether they were its active pane
    /// (for the notifications, which look after the change, when the pane is gone).
    pub closed: Vec<(PaneId, ccmux_model::WindowId, bool)>,
}

/// What running a command line gave.
pub struct Outcome {
    pub reply: CommandReply,
    pub changes: Vec<Change>,
    pub effects: Vec<Effect>,
    /// The queue waits for a job: run it (off the state lock), then [`resume`].
    pub suspended: Option<(Wait, QueueState)>,
    /// A control client's queue attached it to this session (attach-session, new-session).
    pub attach: Option<SessionId>,
    /// A control client's queue wrote this many error messages.
    pub control_errors: usize,
}

/// Parses and runs a command line (one or more commands) from a command-line client (with its standard
/// input when it sent it). Nothing runs if any command of the line does not parse; an error stops the
/// rest of the line, as in tmux.
pub fn run(
    srv: &mut Server,
    req: CommandRequest,
    stdin: Option<Vec<u8>>,
    umask: Option<u32>,
) -> Outcome {
    let source = Source::Cli {
        cwd: req.cwd.clone(),
        pane: req.pane.as_deref().and_then(PaneId::parse),
        umask,
    };
    match super::from_argv(&req.argv) {
        Ok(cmds) => run_queue(srv, &cmds, source, stdin),
        Err(e) => Outcome {
            reply: CommandReply {
                status: 1,
                stdout: Vec::new(),
                stderr: format!("{e}\n"),
            },
            changes: Vec::new(),
            effects: Vec::new(),
            suspended: None,
            attach: None,
            control_errors: 0,
        },
    }
}

/// The context of a command from `source`: its current target and working directory.
pub fn context(srv: &Server, source: &Source) -> (Current, String) {
    match source {
        // A client in a pane resolves from the current window of the pane's session, as tmux's
        // cmd_find_from_client (scripts that mean the pane itself say -t "$CCMUX_PANE").
        Source::Cli { cwd, pane, .. } => {
            let pane = pane.and_then(|p| srv.model.current_pane_of_client_in(p));
            let session = pane
                .and_then(|p| srv.model.session_of_pane(p))
                .or_else(|| srv.recent_session());
            (
                Current {
                    pane,
                    session,
                    marked: srv.marked_pane(),
                },
                cwd.clone(),
            )
        }
        Source::Client(id) => {
            let session = srv.clients.clients.get(id).map(|c| c.session);
            let pane = session.and_then(|s| srv.model.active_pane(s));
            let cwd = pane
                .and_then(|p| srv.model.panes.get(&p))
                .map_or_else(|| "/".into(), |p| p.cwd.clone());
            (
                Current {
                    pane,
                    session,
                    marked: srv.marked_pane(),
                },
                cwd,
            )
        }
        Source::Internal => (
            Current {
                pane: None,
                session: srv.recent_session(),
                marked: srv.marked_pane(),
            },
            home(),
        ),
    }
}

impl<'a> Ctx<'a> {
    /// A context running `state`'s queue.
    pub fn with_queue(srv: &'a mut Server, state: QueueState) -> Ctx<'a> {
        Ctx {
            srv,
            current: state.current,
            source: state.source.clone(),
            cwd: state.cwd.clone(),
            out: Default::default(),
            changes: Vec::new(),
            effects: Vec::new(),
            in_hook: false,
            formats: Default::default(),
            q: state,
            group: 0,
            wait: None,
            spawns: Vec::new(),
            errors: Vec::new(),
            failed: false,
            retval: None,
            closed: Vec::new(),
        }
    }

    /// What the context produced: the reply so far, changes, effects, and a suspension if a command
    /// waits for a job.
    pub fn finish(mut self) -> Outcome {
        let mut stderr = String::new();
        for e in &self.errors {
            stderr.push_str(e);
            stderr.push('\n');
        }
        let attach = self.q.control.as_mut().and_then(|c| c.attach.take());
        let control_errors = self
            .q
            .control
            .as_mut()
            .map_or(0, |c| std::mem::take(&mut c.errors));
        let suspended = self.wait.take().map(|w| (w, self.q.clone()));
        Outcome {
            reply: CommandReply {
                status: if self.failed {
                    1
                } else {
                    self.retval.unwrap_or(0)
                },
                stdout: self.out.into_bytes(),
                stderr,
            },
            changes: self.changes,
            effects: self.effects,
            suspended,
            attach,
            control_errors,
        }
    }
}

/// Runs checked commands in order from `source` as one group: the first error stops the rest.
pub fn run_prepared(srv: &mut Server, cmds: &[super::Prepared], source: Source) -> Outcome {
    run_queue(srv, cmds, source, None)
}

/// Runs a key binding's commands for an attached client: with the pane under the mouse as the
/// current pane and the mouse event, for a mouse key (tmux's key_bindings_dispatch with the
/// event's target).
pub fn run_binding(
    srv: &mut Server,
    cmds: &[super::Prepared],
    client: u32,
    mouse: Option<MouseEvent>,
) -> Outcome {
    let source = Source::Client(client);
    let (mut current, _) = context(srv, &source);
    if let Some(pane) = mouse
        .and_then(|m| m.pane)
        .filter(|p| srv.model.panes.contains_key(p))
    {
        current.pane = Some(pane);
        current.session = mouse.map(|m| m.session).or(current.session);
    }
    run_at(srv, cmds, source, Some(current), mouse)
}

/// Runs checked commands for a control client: each one's output and errors framed in
/// `%begin`/`%end` (or `%error`) in the reply's standard output.
pub fn run_control(
    srv: &mut Server,
    cmds: &[super::Prepared],
    source: Source,
    control: super::queue::ControlQ,
) -> Outcome {
    run_queue_with(srv, cmds, source, None, Some(control))
}

/// [`run_prepared`] for a given target (a chooser's item) rather than the source's current one.
pub fn run_prepared_at(
    srv: &mut Server,
    cmds: &[super::Prepared],
    source: Source,
    at: Option<Current>,
) -> Outcome {
    run_at(srv, cmds, source, at, None)
}

/// Runs an event hook's commands (tmux's notify hooks) at `at` with the hook's formats; they run
/// no hooks of their own.
pub fn run_hook_commands(
    srv: &mut Server,
    cmds: &[super::Prepared],
    source: Source,
    at: Current,
    formats: std::collections::BTreeMap<String, String>,
) -> Outcome {
    let (_, cwd) = context(srv, &source);
    let state = QueueState::new(source, at, cwd);
    let mut ctx = Ctx::with_queue(srv, state);
    ctx.formats = formats;
    let items = super::queue::items(&mut ctx, cmds, true, None);
    super::queue::push_front(&mut ctx, items);
    super::queue::drain(&mut ctx);
    ctx.finish()
}

/// Runs commands for `at` (else the source's current target), with the mouse event of a mouse
/// key's binding.
fn run_at(
    srv: &mut Server,
    cmds: &[super::Prepared],
    source: Source,
    at: Option<Current>,
    mouse: Option<MouseEvent>,
) -> Outcome {
    let (current, cwd) = context(srv, &source);
    let mut state = QueueState::new(source, at.unwrap_or(current), cwd);
    state.mouse = mouse;
    let mut ctx = Ctx::with_queue(srv, state);
    let items = super::queue::items(&mut ctx, cmds, false, None);
    super::queue::push_front(&mut ctx, items);
    super::queue::drain(&mut ctx);
    ctx.finish()
}

/// Runs checked commands as one group, with the client's standard input if it has one.
fn run_queue(
    srv: &mut Server,
    cmds: &[super::Prepared],
    source: Source,
    stdin: Option<Vec<u8>>,
) -> Outcome {
    run_queue_with(srv, cmds, source, stdin, None)
}

fn run_queue_with(
    srv: &mut Server,
    cmds: &[super::Prepared],
    source: Source,
    stdin: Option<Vec<u8>>,
    control: Option<super::queue::ControlQ>,
) -> Outcome {
    let (current, cwd) = context(srv, &source);
    let client = match source {
        Source::Client(id) => Some(id),
        _ => None,
    };
    let mut state = QueueState::new(source, current, cwd);
    state.stdin = stdin;
    state.control = control;
    srv.control.batch = Some(crate::server::tap::next_seq());
    let mut ctx = Ctx::with_queue(srv, state);
    if let Some(id) = client {
        // Formats see the client the commands came from (tmux's format_defaults with a client).
        ctx.formats = crate::server::format_vars::client_vars(ctx.srv, id)
            .into_iter()
            .filter(|(k, _)| k.starts_with("client_"))
            .map(|(k, v)| (k.to_string(), v))
            .collect();
    }
    let items = super::queue::items(&mut ctx, cmds, false, None);
    super::queue::push_front(&mut ctx, items);
    super::queue::drain(&mut ctx);
    let outcome = ctx.finish();
    srv.control.batch = None;
    outcome
}

/// Continues a suspended queue once its job ended.
pub fn resume(srv: &mut Server, wait: Wait, state: QueueState, result: JobResult) -> Outcome {
    srv.control.batch = Some(crate::server::tap::next_seq());
    let mut ctx = Ctx::with_queue(srv, state);
    super::queue::resume(&mut ctx, wait, result);
    let outcome = ctx.finish();
    srv.control.batch = None;
    outcome
}

/// Parses command text (tmux syntax) in the server's environment and puts its commands at the front of
/// `ctx`'s queue (they run next); `NAME=value` lines set the global environment now.
pub fn run_text_in(ctx: &mut Ctx, text: &str) -> CmdResult {
    let opts = ccmux_lang::ParseOptions::default();
    let (cmds, assignments) = {
        let pane = ctx.current_pane();
        let session = pane
            .and_then(|p| ctx.srv.model.session_of_pane(p))
            .or(ctx.current.session);
        let mut env = super::text::ServerEnv::new(ctx.srv, session, pane);
        let cmds = super::text::parse(text, &opts, &mut env);
        (cmds, env.assignments)
    };
    for (name, value, hidden) in assignments {
        ctx.apply(Change::EnvSet {
            session: None,
            name,
            value: Some(ccmux_model::EnvValue {
                value: Some(value),
                hidden,
            }),
        })?;
    }
    let cmds = cmds.map_err(CmdError::Msg)?;
    let items = super::queue::items(ctx, &cmds, ctx.in_hook, None);
    super::queue::push_front(ctx, items);
    Ok(())
}

fn home() -> String {
    std::env::var("HOME").unwrap_or_else(|_| "/".into())
}

impl Ctx<'_> {
    /// The session, window and pane of the mouse event, for the target `=` (`{mouse}`).
    fn mouse_target(
        &self,
        target: Option<&str>,
    ) -> Option<Result<(SessionId, WindowId, PaneId), CmdError>> {
        if !matches!(target, Some("=" | "{mouse}")) {
            return None;
        }
        let Some(m) = self.q.mouse else {
            return Some(Err(TargetError::NoMouse.into()));
        };
        let model = &self.srv.model;
        let window = m.window.filter(|w| model.windows.contains_key(w));
        let found = window.and_then(|w| {
            let pane = m
                .pane
                .filter(|p| model.panes.get(p).is_some_and(|p| p.window == w))
                .unwrap_or(model.windows[&w].active_pane);
            let session = model
                .sessions
                .contains_key(&m.session)
                .then_some(m.session)
                .or_else(|| model.session_of_window(w, None))?;
            Some((session, w, pane))
        });
        Some(found.ok_or(CmdError::Target(TargetError::NoMouse)))
    }

    pub fn find_session(&mut self, target: Option<&str>) -> Result<SessionId, CmdError> {
        if let Some(found) = self.mouse_target(target) {
            return found.map(|f| f.0);
        }
        let s = self.srv.model.find_session(target, &self.current)?;
        self.srv.touch(s);
        Ok(s)
    }

    pub fn find_window(&mut self, target: Option<&str>) -> Result<(SessionId, WindowId), CmdError> {
        if let Some(found) = self.mouse_target(target) {
            return found.map(|f| (f.0, f.1));
        }
        let found = self.srv.model.find_window(target, &self.current)?;
        self.srv.touch(found.0);
        Ok(found)
    }

    pub fn find_pane(
        &mut self,
        target: Option<&str>,
    ) -> Result<(SessionId, WindowId, PaneId), CmdError> {
        if let Some(found) = self.mouse_target(target) {
            return found;
        }
        let found = self.srv.model.find_pane(target, &self.current)?;
        self.srv.touch(found.0);
        Ok(found)
    }

    /// Resolves a source pane that defaults to the marked pane (tmux's `CMD_FIND_DEFAULT_MARKED`:
    /// swap-pane, join-pane, move-pane `-s`): without a target, the marked pane when there is one,
    /// else the current pane.
    pub fn find_source_pane(
        &mut self,
        target: Option<&str>,
    ) -> Result<(SessionId, WindowId, PaneId), CmdError> {
        let marked = self.srv.marked_pane().is_some();
        match target {
            None if marked => self.find_pane(Some("{marked}")),
            t => self.find_pane(t),
        }
    }

    /// The attached client a client-side command acts on: the one that ran it, else one attached to the
    /// current session (the most recent), else any. `-t target-client` picks by name.
    pub fn target_client(&self, name: Option<&str>) -> Result<u32, CmdError> {
        let clients = &self.srv.clients;
        if let Some(name) = name {
            return clients
                .find(name)
                .ok_or_else(|| CmdError::Msg(format!("can't find client: {name}")));
        }
        if let Source::Client(id) = self.source {
            return Ok(id);
        }
        let session = self
            .current
            .pane
            .and_then(|p| self.srv.model.session_of_pane(p))
            .or(self.current.session);
        let of_session = session.map(|s| clients.of_session(s)).unwrap_or_default();
        of_session
            .last()
            .or(clients.clients.keys().next_back())
            .copied()
            .ok_or_else(|| CmdError::Msg("no current client".into()))
    }

    /// Asks a client to do something once the command is done.
    pub fn client_action(&mut self, client: u32, action: ClientAction) {
        self.effects.push(Effect::Client(client, action));
    }

    /// Applies a change and records it for the log.
    pub fn apply(&mut self, change: Change) -> Result<Effects, CmdError> {
        if self.srv.model.is_noop(&change) {
            return Ok(Effects::default());
        }
        if let Change::PaneClosed { id } = &change {
            if let Some(w) = self.srv.model.panes.get(id).map(|p| p.window) {
                let active = self.srv.model.windows.get(&w).map(|w| w.active_pane) == Some(*id);
                self.closed.push((*id, w, active));
            }
        }
        // A window that closes (killed, its last pane gone): the sessions it was in are renumbered
        // after it when their renumber-windows is on (tmux's server_kill_window; unlinking one
        // renumbers nothing, as in tmux).
        let linked: Vec<SessionId> = match &change {
            Change::WindowClosed { .. }
            | Change::PaneClosed { .. }
            | Change::PaneMoved { .. }
            | Change::PaneBroken { .. } => self.srv.model.sessions.keys().copied().collect(),
            _ => Vec::new(),
        };
        let destroy = matches!(&change,
            Change::OptionSet { name, .. } | Change::OptionItemSet { name, .. }
                if ccmux_model::options::canonical_name(name) == "destroy-unattached");
        let fx = self.srv.apply(&change)?;
        self.changes.push(change);
        if !fx.closed_windows.is_empty() {
            for s in linked {
                super::winlink::renumber_if_on(self, s)?;
            }
        }
        if destroy {
            // Sessions no client is attached to go at once, as tmux's next loop destroys them.
            for s in crate::server::session_end::unattached_to_destroy(self.srv) {
                self.apply(Change::SessionClosed { id: s })?;
            }
        }
        Ok(fx)
    }

    /// Applies a change that creates `pane` and starts the pane's process; if the process cannot be
    /// started, the change is undone and not logged.
    /// The process starts once the command is done, off the state lock ([`super::spawn`]).
    pub fn create_pane(&mut self, change: Change, pane: PaneId) -> CmdResult {
        self.apply(change)?;
        match self.srv.spawn_request(pane, None, false) {
            Ok(mut request) => {
                self.with_umask(&mut request);
                self.spawns.push((
                    request,
                    super::spawn::PendingSpawn {
                        pane,
                        print: None,
                        respawn: None,
                        what: "create pane failed: ",
                    },
                ));
                Ok(())
            }
            Err(e) => {
                let _ = self.srv.apply(&Change::PaneClosed { id: pane });
                self.changes.pop();
                fail(format!("create pane failed: {e}"))
            }
        }
    }

    /// The file mode mask of the client this runs for (a command-line or attached client), if known.
    pub fn client_umask(&self) -> Option<u32> {
        match &self.source {
            Source::Cli { umask, .. } => *umask,
            Source::Client(id) => self.srv.clients.clients.get(id).and_then(|c| c.umask),
            _ => None,
        }
    }

    /// A new process gets the client's umask (see `pty::UMASK_ENV`).
    pub fn with_umask(&self, request: &mut crate::keeper::wire::SpawnRequest) {
        if let Some(m) = self.client_umask() {
            request
                .env
                .push((crate::server::pty::UMASK_ENV.to_string(), format!("{m:o}")));
        }
    }

    /// Prints `format` expanded for `pane`, once the pane's process runs if it is still starting.
    pub fn print_for_pane(&mut self, pane: PaneId, format: &str) {
        if let Some((_, p)) = self.spawns.iter_mut().find(|(_, p)| p.pane == pane) {
            p.print = Some(format.to_string());
            return;
        }
        let line = self.expand(format, Some(pane));
        self.print(&line);
    }

    /// A new pane's spec from `-c`, `-e` and the command words.
    pub fn pane_spec(
        &self,
        cwd: Option<&str>,
        env: &[String],
        command: Vec<String>,
        format_pane: Option<PaneId>,
    ) -> Result<PaneSpec, CmdError> {
        let env = env
            .iter()
            .map(|e| match e.split_once('=') {
                Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
                _ => fail(format!("bad environment variable (want VAR=value): {e}")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cwd = match cwd {
            Some(c) if c.contains('#') => self.expand(c, format_pane),
            Some(c) => c.to_string(),
            None => self.cwd.clone(),
        };
        let cwd = if cwd.starts_with('/') {
            cwd
        } else {
            format!("{}/{cwd}", self.cwd)
        };
        Ok(PaneSpec {
            command,
            shell: self.default_shell(),
            env,
            cwd,
        })
    }

    /// The shell new panes run: `default-shell` of the current session (or the global one).
    pub fn default_shell(&self) -> String {
        let scope = match self.current.session {
            Some(s) if self.srv.model.sessions.contains_key(&s) => OptionScope::Session(s),
            _ => OptionScope::GlobalSession,
        };
        let shell = self.srv.model.option_text(scope, "default-shell");
        if shell.is_empty() {
            "/bin/sh".into()
        } else {
            shell
        }
    }

    /// A window's default name: the program it runs.
    pub fn default_window_name(spec: &PaneSpec) -> String {
        let program = match spec.command.as_slice() {
            [] => spec.shell.as_str(),
            [one] => one.split_whitespace().next().unwrap_or(one),
            [first, ..] => first.as_str(),
        };
        program.rsplit('/').next().unwrap_or(program).to_string()
    }

    /// Expands a format for a pane (or for the server when none).
    pub fn expand(&self, fmt: &str, pane: Option<PaneId>) -> String {
        self.expand_as(fmt, pane, false)
    }

    /// [`Ctx::expand`] with strftime first (tmux's format_expand_time: display-message).
    pub fn expand_time(&self, fmt: &str, pane: Option<PaneId>) -> String {
        self.expand_as(fmt, pane, true)
    }

    fn expand_as(&self, fmt: &str, pane: Option<PaneId>, time: bool) -> String {
        // The client the command runs for brings its `client_*` variables (tmux's target client:
        // the one running it, else the best one for the current session).
        let client = match fmt.contains("client_") {
            true => self.target_client(None).ok(),
            false => None,
        };
        let with_client;
        let formats = match client {
            Some(id) => {
                let mut formats: std::collections::BTreeMap<String, String> =
                    crate::server::format_vars::client_own_vars(self.srv, id)
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect();
                formats.extend(self.formats.iter().map(|(k, v)| (k.clone(), v.clone())));
                with_client = formats;
                &with_client
            }
            None => &self.formats,
        };
        let target =
            crate::server::format_ctx::Target::for_pane(self.srv, self.current.session, pane)
                .with_formats(formats)
                .with_jobs(self.job_scope());
        match time {
            true => target.expand_time(fmt),
            false => target.expand(fmt),
        }
    }

    /// Whose `#()` jobs the command's formats find (tmux keeps them per client): an attached or
    /// control client's; none for a command line client (see `format_jobs.rs`).
    fn job_scope(&self) -> crate::server::format_jobs::Scope<'_> {
        use crate::server::format_jobs::{Owner, Scope};
        let owner = match self.source {
            Source::Client(id) => Owner::Client(id),
            Source::Cli { .. } => Owner::Once,
            Source::Internal => Owner::Server,
        };
        Scope {
            owner,
            status: false,
            cwd: Some(&self.cwd),
        }
    }

    /// Expands a format for the command's target pane (the current one when the command names none, the
    /// server when there is none), as tmux's format_single_from_target.
    pub fn expand_here(&self, fmt: &str) -> String {
        self.expand(fmt, self.current_pane())
    }

    /// The pane under the mouse and the cell in it, for a binding run by a mouse event of a client
    /// in that pane's session (tmux's cmd_mouse_pane).
    pub fn mouse_pane(&self) -> Option<(PaneId, u16, u16)> {
        let m = self.q.mouse?;
        let pane = m.pane?;
        let in_session = self.srv.model.session_of_pane(pane).is_some()
            && self
                .srv
                .model
                .sessions
                .get(&m.session)
                .is_some_and(|s| s.windows.values().any(|w| Some(*w) == m.window));
        in_session.then_some((pane, m.x, m.y))
    }

    /// The pane a command without `-t` acts on, if any.
    pub fn current_pane(&self) -> Option<PaneId> {
        self.srv
            .model
            .find_pane(None, &self.current)
            .ok()
            .map(|(_, _, p)| p)
    }

    /// Prints one line per row: the format expanded, or JSON objects with `--json`. With a `filter`
    /// format, only rows for which it expands to something true (not empty, not `0`) are printed.
    pub fn emit_rows(
        &mut self,
        rows: &[Vars],
        filter: Option<&str>,
        format: Option<&str>,
        default: &str,
        json: bool,
    ) {
        let kept: Vec<Vars>;
        let rows = match filter {
            Some(f) => {
                kept = rows
                    .iter()
                    .filter(|r| {
                        let v = expand_vars(f, r);
                        !v.is_empty() && v != "0"
                    })
                    .cloned()
                    .collect();
                &kept
            }
            None => rows,
        };
        if json {
            let text = serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into());
            self.out.push_str(&text);
            self.out.push('\n');
            return;
        }
        for row in rows {
            self.out
                .push_str(&expand_vars(format.unwrap_or(default), row));
            self.out.push('\n');
        }
    }

    pub fn print(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }
}

pub fn expand_vars(fmt: &str, vars: &Vars) -> String {
    ccmux_model::expand_format(fmt, &|name| vars.get(name).cloned())
}

/// OpenBSD's strtonum as tmux uses it: a decimal number within `min..=max`, else tmux's word for what is
/// wrong ("invalid", "too small", "too large"), which callers put after the value's name.
pub fn strtonum(s: &str, min: i64, max: i64) -> Result<i64, &'static str> {
    match s.trim_start().parse::<i64>() {
        Ok(n) if n < min => Err("too small"),
        Ok(n) if n > max => Err("too large"),
        Ok(n) => Ok(n),
        Err(e) => match e.kind() {
            std::num::IntErrorKind::PosOverflow => Err("too large"),
            std::num::IntErrorKind::NegOverflow => Err("too small"),
            _ => Err("invalid"),
        },
    }
}

/// Unix time now, in seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// tmux's args_percentage: `N` cells or `N%` of `extent`, within `0..=i32::MAX`; the error is tmux's
/// word for what is wrong ("invalid", "too large"), which callers put after the value's name.
pub fn args_percentage(s: &str, extent: u32) -> Result<u32, &'static str> {
    match s.strip_suffix('%') {
        Some(p) => {
            let p = strtonum(p, 0, 100)?;
            Ok((u64::from(extent) * p as u64 / 100) as u32)
        }
        None => strtonum(s, 0, i64::from(i32::MAX)).map(|n| n as u32),
    }
}

/// A size in cells, or a percentage of `extent` (`30%`; a non-zero percentage is at least one cell).
pub fn parse_size(s: &str, extent: u16) -> Result<u16, CmdError> {
    let parsed = match s.strip_suffix('%') {
        Some(p) => p.parse::<u32>().map(|p| percent(p, extent)),
        None => s.parse::<u16>(),
    };
    match parsed {
        Ok(n) if n > 0 => Ok(n),
        _ => fail(format!("invalid size: {s}")),
    }
}

/// `p` percent of `extent`, at least one cell unless `p` is 0.
pub fn percent(p: u32, extent: u16) -> u16 {
    let cells = (extent as u32 * p.min(100)) / 100;
    if p > 0 {
        cells.max(1) as u16
    } else {
        0
    }
}
