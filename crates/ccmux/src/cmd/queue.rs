//! The command queue (tmux's cmd-queue.c): commands run in order from a queue; hooks and sourced files
//! put their commands at its front; an error drops the rest of its group (a command line, one line of a
//! file); a command that must wait for a job (if-shell, run-shell) suspends the queue, and whoever drives
//! it runs the job off the state lock, then resumes.

use super::support::{Ctx, Source};
use super::Prepared;
use ccmux_model::Current;
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

pub type Formats = BTreeMap<String, String>;

/// One queued command and its context.
#[derive(Clone)]
pub struct Item {
    pub cmd: Prepared,
    /// Commands of one group stop together when one fails.
    pub group: u64,
    /// A hook's command: fires no hooks itself.
    pub hook: bool,
    /// Extra format variables (a hook's, a file's `current_file`).
    pub formats: Arc<Formats>,
    /// The target the item runs for, when not the queue's.
    pub current: Option<Current>,
    /// Where the command came from, for error messages (`file:line`).
    pub origin: Option<String>,
}

/// What a suspended queue waits for.
#[derive(Clone, Debug)]
pub enum Job {
    /// A shell command (`/bin/sh -c`) in a directory with extra environment.
    Shell {
        command: String,
        cwd: String,
        env: Vec<(String, String)>,
    },
    Sleep(Duration),
    /// Reads a file (load-buffer): its contents in `JobResult::data`.
    ReadFile(String),
    /// Writes or appends to a file (save-buffer).
    WriteFile {
        path: String,
        data: Arc<Vec<u8>>,
        append: bool,
    },
    /// wait-for: until the channel's signal (or the lock) comes.
    Channel(Arc<tokio::sync::Notify>),
    /// A shell command given `input` on its standard input, its output thrown away (copy-pipe).
    Pipe {
        command: String,
        cwd: String,
        env: Vec<(String, String)>,
        input: Arc<Vec<u8>>,
    },
    /// A client's prompt or menu: until it is answered (see `answer.rs`).
    Answer(Arc<super::answer::Answer>),
    /// New panes' processes (`JobResult::started`), in order.
    Spawn {
        spawner: crate::server::state::Spawner,
        requests: Vec<crate::keeper::wire::SpawnRequest>,
    },
}

/// How a job ended.
#[derive(Debug, Default)]
pub struct JobResult {
    pub status: i32,
    /// What a shell command printed; why a file could not be read or written.
    pub output: String,
    /// What a file held.
    pub data: Vec<u8>,
    /// The processes a spawn job started.
    pub started: super::spawn::Started,
}

/// What to do with a job's result.
#[derive(Clone)]
pub enum Resume {
    /// if-shell: the first branch on success, the second (if any) otherwise.
    IfShell {
        then: Vec<Prepared>,
        otherwise: Vec<Prepared>,
    },
    /// run-shell: show the output (as tmux, in the client's view or on stdout), `-C`: run it as commands.
    RunShell { as_commands: bool },
    /// load-buffer: set a buffer from the file (and a client's clipboard with `-w`).
    LoadBuffer {
        path: String,
        name: Option<String>,
        clipboard: Option<u32>,
    },
    /// save-buffer: report a write that failed.
    SaveBuffer { path: String },
    /// command-prompt, confirm-before, display-menu: what the client answered runs next.
    Answer(Arc<super::answer::Answer>),
    /// Attach started processes to their panes (and print what `-P` asked for).
    Spawned(Vec<super::spawn::PendingSpawn>),
    /// Nothing (a delay).
    Continue,
}

#[derive(Clone)]
pub struct Wait {
    pub job: Job,
    pub resume: Resume,
    /// The item that waited: its group and context go on after the job.
    pub group: u64,
    pub formats: Arc<Formats>,
    pub current: Current,
}

/// The queue and what it runs for, carried across suspensions.
#[derive(Clone)]
pub struct QueueState {
    pub items: VecDeque<Item>,
    pub source: Source,
    pub current: Current,
    pub cwd: String,
    pub next_group: u64,
    pub failed: HashSet<u64>,
    /// The standard input of the command-line client the queue runs for (`load-buffer -` takes it;
    /// `None`: the source has none).
    pub stdin: Option<Vec<u8>>,
    /// The mouse event a key binding runs for (`-t=`, `send -M`, `copy-mode -M`).
    pub mouse: Option<super::support::MouseEvent>,
    /// The queue runs for a control client: each command's output is framed in `%begin`/`%end`.
    pub control: Option<ControlQ>,
}

/// What a control client's queue carries (tmux's CMDQ_STATE_CONTROL and the client's session).
#[derive(Clone, Debug, Default)]
pub struct ControlQ {
    /// A line the client sent (guards say `1`); `false` for the command it was started with.
    pub line: bool,
    /// The session the client is to be attached to after the queue (attach-session, new-session
    /// without `-d`).
    pub attach: Option<ccmux_model::SessionId>,
    /// Error messages written in blocks (tmux's cmdq_error sets the client's exit status to 1).
    pub errors: usize,
    /// The block of a command waiting for a job (a spawn, run-shell, if-shell): its guard and
    /// what it wrote so far, held until the command is done so nothing comes between.
    pub open: Option<OpenBlock>,
}

/// A block not closed yet (see [`ControlQ::open`]).
#[derive(Clone, Debug)]
pub struct OpenBlock {
    pub time: u64,
    pub number: u32,
    pub flags: u8,
    pub written: Vec<u8>,
}

impl QueueState {
    pub fn new(source: Source, current: Current, cwd: String) -> QueueState {
        QueueState {
            items: VecDeque::new(),
            source,
            current,
            cwd,
            next_group: 1,
            failed: HashSet::new(),
            stdin: None,
            mouse: None,
            control: None,
        }
    }

    pub fn new_group(&mut self) -> u64 {
        self.next_group += 1;
        self.next_group
    }
}

/// Builds items for commands in one new group.
pub fn items(ctx: &mut Ctx, cmds: &[Prepared], hook: bool, origin: Option<String>) -> Vec<Item> {
    let group = ctx.q.new_group();
    let formats = Arc::new(ctx.formats.clone());
    cmds.iter()
        .map(|c| Item {
            cmd: c.clone(),
            group,
            hook,
            formats: formats.clone(),
            current: None,
            origin: origin.clone(),
        })
        .collect()
}

/// Puts items at the front of the queue, in their order (they run next).
pub fn push_front(ctx: &mut Ctx, items: Vec<Item>) {
    for item in items.into_iter().rev() {
        ctx.q.items.push_front(item);
    }
}

/// Runs queued commands until the queue is empty or a command waits for a job (then `ctx.wait` holds
/// it). Errors are collected in `ctx.errors`.
pub fn drain(ctx: &mut Ctx) {
    while ctx.wait.is_none() {
        let Some(item) = ctx.q.items.pop_front() else {
            break;
        };
        if ctx.q.failed.contains(&item.group) {
            continue;
        }
        let saved_current = ctx.current;
        if let Some(c) = item.current {
            ctx.current = c;
        }
        ctx.formats = (*item.formats).clone();
        ctx.in_hook = item.hook;
        ctx.group = item.group;
        let before = ctx.changes.len();
        let number = ctx.srv.next_number();
        // tmux's cmdq_guard: the item's time, number and whether it came from a control line.
        let guard = ctx.q.control.as_ref().map(|c| {
            let flags = u8::from(c.line && !item.hook);
            let time = super::support::now();
            let start = ctx.out.len();
            ctx.out
                .push_str(&format!("%begin {time} {number} {flags}\n"));
            (time, flags, ctx.errors.len(), start)
        });
        let result = match item.cmd.entry.run {
            super::Run::Server(exec) => exec(&item.cmd.args, ctx),
            super::Run::Missing => super::support::fail(format!(
                "{} is a tmux command that ccmux does not have yet",
                item.cmd.entry.name
            )),
        };
        let failed = result.is_err();
        match result {
            Ok(()) => {
                if !item.hook {
                    super::hooks::notify_changes(ctx, before);
                    super::hooks::after_command(ctx, item.cmd.entry.name, &item.cmd.args);
                } else {
                    // A hook's command runs no hooks (tmux's CMDQ_STATE_NOHOOKS): the focus it
                    // moved is taken as it is, without pane-focus hooks (two hooks selecting
                    // panes would otherwise run each other for ever).
                    let _ = crate::server::focus::changes(ctx.srv, false);
                }
            }
            Err(super::support::CmdError::Quiet) => {
                ctx.q.failed.insert(item.group);
                ctx.failed = true;
            }
            Err(e) => {
                ctx.q.failed.insert(item.group);
                ctx.failed = true;
                ctx.errors.push(match &item.origin {
                    Some(o) => format!("{o}: {e}"),
                    None => e.to_string(),
                });
            }
        }
        if !ctx.spawns.is_empty() {
            // The command's new processes start off the lock; the queue goes on once they run.
            let (requests, pending) = std::mem::take(&mut ctx.spawns).into_iter().unzip();
            ctx.wait = Some(Wait {
                job: Job::Spawn {
                    spawner: ctx.srv.spawner(),
                    requests,
                },
                resume: Resume::Spawned(pending),
                group: item.group,
                formats: item.formats.clone(),
                current: ctx.current,
            });
        }
        if let Some((time, flags, errors, start)) = guard {
            if ctx.wait.is_some() {
                // The command goes on after its job: its block stays open, held back.
                let written = ctx.out.split_off(start);
                if let Some(c) = ctx.q.control.as_mut() {
                    c.open = Some(OpenBlock {
                        time,
                        number,
                        flags,
                        written,
                    });
                }
            } else {
                close_block(ctx, time, number, flags, errors, failed);
            }
        }
        if item.current.is_some() {
            ctx.current = saved_current;
        }
        ctx.in_hook = false;
    }
}

/// Ends a control client's block: the command's errors (from `errors` on) inside it, after its
/// output, then `%end` or `%error`.
fn close_block(ctx: &mut Ctx, time: u64, number: u32, flags: u8, errors: usize, failed: bool) {
    ctx.out.end_line();
    for e in ctx.errors.split_off(errors.min(ctx.errors.len())) {
        ctx.out.push_str(&e);
        ctx.out.push('\n');
        if let Some(c) = ctx.q.control.as_mut() {
            c.errors += 1;
        }
    }
    let word = if failed { "error" } else { "end" };
    ctx.out
        .push_str(&format!("%{word} {time} {number} {flags}\n"));
}

/// Runs a job to its end, blocking (the start-up path, where nothing else is served yet).
pub fn run_job_blocking(job: &Job) -> JobResult {
    match job {
        Job::Sleep(d) => {
            std::thread::sleep(*d);
            JobResult::default()
        }
        // Start-up commands have no client, so wait-for refuses to wait there (as tmux).
        Job::Channel(_) | Job::Answer(_) => JobResult::default(),
        Job::Shell { command, cwd, env } => {
            let out = std::process::Command::new("/bin/sh")
                .arg("-c")
                .arg(command)
                .current_dir(cwd)
                .envs(env.iter().map(|(k, v)| (k, v)))
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::inherit())
                .output();
            match out {
                Ok(o) => JobResult {
                    status: o.status.code().unwrap_or(1),
                    output: String::from_utf8_lossy(&o.stdout).into_owned(),
                    ..JobResult::default()
                },
                Err(e) => JobResult {
                    status: 127,
                    output: format!("{command}: {e}\n"),
                    ..JobResult::default()
                },
            }
        }
        Job::Pipe {
            command,
            cwd,
            env,
            input,
        } => pipe(command, cwd, env, input),
        Job::ReadFile(path) => match super::file_io::read(path.as_ref()) {
            Ok(data) => JobResult {
                data,
                ..JobResult::default()
            },
            Err(e) => failed(e),
        },
        Job::WriteFile { path, data, append } => {
            match super::file_io::write(path.as_ref(), data, *append) {
                Ok(()) => JobResult::default(),
                Err(e) => failed(e),
            }
        }
        Job::Spawn { spawner, requests } => JobResult {
            started: super::spawn::start(spawner, requests),
            ..JobResult::default()
        },
    }
}

/// Runs `command` with `input` on its standard input (tmux's job_run for copy-pipe: output ignored).
fn pipe(command: &str, cwd: &str, env: &[(String, String)], input: &[u8]) -> JobResult {
    use std::io::Write;
    let child = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(command)
        .current_dir(cwd)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return failed(format!("{command}: {e}")),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input is not an error (tmux ignores it too).
        let _ = stdin.write_all(input);
    }
    let status = child.wait().map_or(1, |s| s.code().unwrap_or(1));
    JobResult {
        status,
        ..JobResult::default()
    }
}

fn failed(why: String) -> JobResult {
    JobResult {
        status: 1,
        output: why,
        ..JobResult::default()
    }
}

/// [`run_job`] for a `Job::Spawn` whose processes are held before their `exec` (see
/// [`super::spawn::start_held`]) until the last copy of `release` goes; other jobs run as `run_job`
/// does.
pub async fn run_job_held(
    job: Job,
    release: std::sync::Arc<super::spawn::ReleaseHeld>,
) -> JobResult {
    match job {
        Job::Spawn { spawner, requests } => tokio::task::spawn_blocking(move || {
            let started = super::spawn::start_held(&spawner, &requests);
            drop(release);
            JobResult {
                started,
                ..JobResult::default()
            }
        })
        .await
        .unwrap_or_default(),
        other => run_job(other).await,
    }
}

/// Runs a job off the async workers.
pub async fn run_job(job: Job) -> JobResult {
    match job {
        Job::Sleep(d) => {
            tokio::time::sleep(d).await;
            JobResult::default()
        }
        Job::Channel(n) => {
            n.notified().await;
            JobResult::default()
        }
        Job::Answer(a) => {
            a.wait().await;
            JobResult::default()
        }
        shell => tokio::task::spawn_blocking(move || run_job_blocking(&shell))
            .await
            .unwrap_or_default(),
    }
}

/// Carries a finished job's result into the queue (the waiting item's context) and runs on.
pub fn resume(ctx: &mut Ctx, wait: Wait, result: JobResult) {
    ctx.current = wait.current;
    ctx.formats = (*wait.formats).clone();
    // A control client's block of the waiting command goes on where it stopped.
    let open = ctx.q.control.as_mut().and_then(|c| c.open.take());
    if let Some(b) = &open {
        ctx.out.push_bytes(&b.written);
    }
    let failed_before = ctx.failed;
    match wait.resume {
        Resume::IfShell { then, otherwise } => {
            let branch = if result.status == 0 { then } else { otherwise };
            // The branch belongs to the if-shell's group: an error in it stops the rest of that line.
            let mut items = items(ctx, &branch, false, None);
            for item in &mut items {
                item.group = wait.group;
            }
            push_front(ctx, items);
        }
        Resume::RunShell { as_commands: true } => {
            if let Err(e) = super::run_text_in(ctx, &result.output) {
                ctx.errors.push(e.to_string());
            }
        }
        Resume::RunShell { as_commands: false } => {
            let mut text = result.output;
            if result.status != 0 {
                let msg = format!("'{}' returned {}", shell_of(&wait.job), result.status);
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&msg);
            }
            super::run_shell::show_output(ctx, text.trim_end_matches('\n'));
            // A command-line client exits with the job's status, as tmux's.
            if matches!(ctx.source, Source::Cli { .. }) {
                ctx.retval = Some(result.status);
            }
        }
        Resume::LoadBuffer {
            path,
            name,
            clipboard,
        } => super::load_buffer::loaded(ctx, &path, name.as_deref(), clipboard, result),
        Resume::SaveBuffer { path } => {
            if result.status != 0 {
                super::file_io::report(ctx, &path, &result.output);
            }
        }
        Resume::Answer(answer) => {
            let answered = answer.take();
            if let Some(e) = answered.error {
                ctx.errors.push(e);
            }
            let mut items = items(ctx, &answered.commands, false, None);
            for item in &mut items {
                item.group = wait.group;
            }
            push_front(ctx, items);
            if let (Some(status), Source::Cli { .. }) = (answered.status, &ctx.source) {
                ctx.retval = Some(status);
            }
        }
        Resume::Spawned(pending) => {
            if let Job::Spawn { spawner, .. } = &wait.job {
                super::spawn::attach(ctx, wait.group, spawner, pending, result.started);
            }
        }
        Resume::Continue => {}
    }
    if let Some(b) = open {
        // tmux's guard closes as the waiting item ends, before the commands it queued run.
        let failed = (ctx.failed && !failed_before) || !ctx.errors.is_empty();
        close_block(ctx, b.time, b.number, b.flags, 0, failed);
    }
    drain(ctx);
}

fn shell_of(job: &Job) -> String {
    match job {
        Job::Shell { command, .. } => command.clone(),
        _ => String::new(),
    }
}
