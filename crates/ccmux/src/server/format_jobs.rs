//! `#(command)` in formats, as tmux's format_job_get: the command runs in the background (`/bin/sh -c`,
//! standard input and error on /dev/null) and the format shows what it printed last: nothing until it
//! has printed a line (`<'command' not ready>` once it has run for over a second without one), then
//! its last line. The expansion never waits and never runs anything itself: it starts a thread, which
//! starts the command, reads its output and, for a status line, redraws the clients when a line comes
//! and when the command ends.
//!
//! A job is kept per client (tmux's per-client job trees: status lines, a bound key's or a control
//! client's commands) or server-wide (formats no client expands: names, hooks), by its command as
//! written. It runs again when it is expanded in a later second than it last started, once it has
//! ended; at once when its command expands differently (the running one gets SIGTERM). A client's
//! jobs go with it (SIGTERM again); a job not expanded for an hour is dropped.
//!
//! A command line client's `#()` runs nothing and shows nothing. In tmux that client is a client of
//! its own, gone before its job can answer (`tmux display -p 'x#(cmd)y'` prints `xy`), and its going
//! sends the job SIGTERM: whether the command got anywhere first is a race (`#(touch f)` made `f` 5
//! times in 10 there, `#(echo; touch f)` once in 5). ccmux does not run what tmux kills at once.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Mutex;

/// Whose jobs a format's `#()` finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owner {
    /// Formats expanded for no client.
    Server,
    /// An attached or control client (its id).
    Client(u32),
    /// A command line client: its jobs do not run (see the module's comment).
    Once,
}

/// Which window or pane of a `#{W:}` or `#{P:}` loop a format is expanded for (tmux's format tag):
/// the same command is a job of each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tag {
    #[default]
    None,
    Window(u32),
    Pane(u32),
}

/// A job: whose, for which loop item, its command as written.
type Key = (Owner, Tag, String);

/// Whose a format's jobs are and whether a status line shows them (their output redraws it).
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    pub owner: Owner,
    pub status: bool,
    /// The working directory (`None`: the home directory, as tmux's server_client_get_cwd without a
    /// better one).
    pub cwd: Option<&'a str>,
}

impl Scope<'_> {
    /// An attached client's jobs, in the home directory; `status`: a status line (the status line,
    /// a pane's border line) shows them.
    pub fn client(id: u32, status: bool) -> Scope<'static> {
        Scope {
            owner: Owner::Client(id),
            status,
            cwd: None,
        }
    }

    /// Formats expanded for no client.
    pub const SERVER: Scope<'static> = Scope {
        owner: Owner::Server,
        status: false,
        cwd: None,
    };
}

/// What a run needs from the server: where, and the environment's parts (its socket, pid and the
/// session, for `TMUX`).
struct RunEnv {
    cwd: Option<String>,
    socket: PathBuf,
    pid: u32,
    session: u32,
}

/// The home directory, else `/` (where tmux's jobs run without a better directory).
fn home() -> String {
    std::env::var("HOME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "/".into())
}

/// One `#()` of one owner (tmux's struct format_job).
struct Job {
    /// The command as last expanded (a different expansion runs it again at once).
    expanded: String,
    /// The second it last started (or last redrew a status line for a line of output).
    last: i64,
    /// What it shows.
    out: Option<String>,
    /// A line came from the current run.
    updated: bool,
    /// The current run, while one goes on: its number and, once started, its process.
    running: Option<(u64, Option<i32>)>,
    /// A status line showed it since it last ended: its output redraws the clients.
    status: bool,
}

struct Jobs {
    jobs: BTreeMap<Key, Job>,
    runs: u64,
    tidied: i64,
}

static JOBS: Mutex<Jobs> = Mutex::new(Jobs {
    jobs: BTreeMap::new(),
    runs: 0,
    tidied: 0,
});

fn jobs() -> std::sync::MutexGuard<'static, Jobs> {
    JOBS.lock().unwrap_or_else(|e| e.into_inner())
}

/// What `#(raw)` shows now (`None`: nothing) for `tag`, its command being `expanded`; starts it if it
/// is due, for `session` (0: none) of `srv`.
/// `now` is the unix time in seconds.
pub fn get(
    srv: &super::state::Server,
    session: u32,
    scope: Scope,
    tag: Tag,
    raw: &str,
    expanded: &str,
    now: i64,
) -> Option<String> {
    if scope.owner == Owner::Once {
        return None;
    }
    let mut all = jobs();
    if now - all.tidied >= 60 {
        all.tidied = now;
        tidy(&mut all, now);
    }
    let key = (scope.owner, tag, raw.to_string());
    let job = all.jobs.entry(key.clone()).or_insert_with(|| Job {
        expanded: String::new(),
        last: 0,
        out: None,
        updated: false,
        running: None,
        status: false,
    });
    let force = job.expanded != expanded;
    if force {
        job.expanded = expanded.to_string();
        if let Some((_, pid)) = job.running.take() {
            kill(pid);
        }
    }
    let mut run = None;
    if force || (job.running.is_none() && job.last != now) {
        job.last = now;
        job.updated = false;
        run = Some(());
    } else if job.running.is_some() && now - job.last > 1 && job.out.is_none() {
        job.out = Some(format!("<'{raw}' not ready>"));
    }
    if scope.status {
        job.status = true;
    }
    let out = job.out.clone();
    if run.is_some() {
        all.runs += 1;
        let serial = all.runs;
        if let Some(job) = all.jobs.get_mut(&key) {
            job.running = Some((serial, None));
        }
        drop(all);
        let env = RunEnv {
            cwd: scope.cwd.map(str::to_string),
            socket: srv.socket_path.clone(),
            pid: srv.pid,
            session,
        };
        start(env, expanded, key, serial);
    }
    out
}

/// A client went: its jobs go, and those still running get SIGTERM (tmux's format_lost_client).
pub fn client_gone(id: u32) {
    let mut all = jobs();
    all.jobs.retain(|(owner, _, _), job| {
        if *owner != Owner::Client(id) {
            return true;
        }
        if let Some((_, pid)) = job.running.take() {
            kill(pid);
        }
        false
    });
}

/// Drops the jobs not expanded for an hour (tmux's format_tidy_jobs).
fn tidy(all: &mut Jobs, now: i64) {
    all.jobs.retain(|_, job| {
        if job.last <= now && now - job.last < 3600 {
            return true;
        }
        if let Some((_, pid)) = job.running.take() {
            kill(pid);
        }
        false
    });
}

fn kill(pid: Option<i32>) {
    if let Some(pid) = pid.and_then(rustix::process::Pid::from_raw) {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
    }
}

/// Starts `command` on a thread of its own, for run `serial` of the job `key`.
fn start(env: RunEnv, command: &str, key: Key, serial: u64) {
    let command = command.to_string();
    let spawned = std::thread::Builder::new()
        .name("format-job".into())
        .spawn(move || run(&env, &command, &key, serial));
    if let Err(e) = spawned {
        tracing::warn!("no thread for a #() job: {e}");
    }
}

/// The job's thread: runs the command and hands its output over as it comes.
fn run(env: &RunEnv, command: &str, key: &Key, serial: u64) {
    let mut cmd = std::process::Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(command)
        .envs(super::tmux_shim::job_env(&env.socket, env.pid, env.session))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    // tmux's job_run: the directory asked for, else home, else the root.
    let cwd = [env.cwd.clone().unwrap_or_else(home), home(), "/".into()]
        .into_iter()
        .find(|d| std::path::Path::new(d).is_dir());
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!("#({command}) did not start: {e}");
            report(key, serial, |j| {
                j.out = Some(format!("<'{}' didn't start>", key.2));
                j.running = None;
                j.status
            });
            return;
        }
    };
    report(key, serial, |j| {
        if let Some((_, pid)) = j.running.as_mut() {
            *pid = Some(child.id() as i32);
        }
        false
    });
    let mut pending = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        let mut chunk = [0u8; 4096];
        loop {
            // A run the job no longer wants (killed: its command changed, its client went) stops
            // reading, though what it started may hold the pipe open; the pipe closes with it.
            if !wait_readable(&out) && !current(key, serial) {
                break;
            }
            match out.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    pending.extend_from_slice(&chunk[..n]);
                    if let Some(line) = last_line(&mut pending) {
                        // tmux's format_job_update: the last whole line; a status line is drawn
                        // again for it at most once a second.
                        report(key, serial, |j| {
                            j.out = Some(line);
                            j.updated = true;
                            let now = now();
                            let redraw = j.status && j.last != now;
                            if redraw {
                                j.last = now;
                            }
                            redraw
                        });
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    }
    let _ = child.wait();
    // tmux's format_job_complete: what is left (a last line without its newline) replaces the
    // output unless it is empty and a line came.
    let rest = String::from_utf8_lossy(&pending).into_owned();
    report(key, serial, |j| {
        if !rest.is_empty() || !j.updated {
            j.out = Some(rest);
        }
        j.running = None;
        std::mem::take(&mut j.status)
    });
}

/// Waits up to a second for `out` to be readable (or closed); false if it was not.
fn wait_readable(out: &std::process::ChildStdout) -> bool {
    use rustix::event::{poll, PollFd, PollFlags};
    let mut fds = [PollFd::new(out, PollFlags::IN)];
    let second = rustix::time::Timespec {
        tv_sec: 1,
        tv_nsec: 0,
    };
    !matches!(poll(&mut fds, Some(&second)), Ok(0))
}

/// Run `serial` is still the job's current run.
fn current(key: &Key, serial: u64) -> bool {
    let all = jobs();
    all.jobs
        .get(key)
        .is_some_and(|j| j.running.is_some_and(|(s, _)| s == serial))
}

/// Takes the whole lines off the front of `pending`; returns the last of them (without `\r\n` or
/// `\n`), if there was one.
fn last_line(pending: &mut Vec<u8>) -> Option<String> {
    let end = pending.iter().rposition(|b| *b == b'\n')?;
    let lines: Vec<u8> = pending.drain(..=end).collect();
    let body = &lines[..lines.len() - 1];
    let start = body.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let line = &body[start..];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Some(String::from_utf8_lossy(line).into_owned())
}

/// Changes the job of run `serial` with `change`, if that run is still the job's; redraws the
/// clients if `change` says so.
fn report(key: &Key, serial: u64, change: impl FnOnce(&mut Job) -> bool) {
    let redraw = {
        let mut all = jobs();
        match all.jobs.get_mut(key) {
            Some(j) if j.running.is_some_and(|(s, _)| s == serial) => change(j),
            _ => false,
        }
    };
    if redraw {
        super::pane::signal_redraw();
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_whole_line_is_taken_and_the_rest_kept() {
        let mut p = b"one\ntwo\r\nthr".to_vec();
        assert_eq!(last_line(&mut p).as_deref(), Some("two"));
        assert_eq!(p, b"thr");
        assert_eq!(last_line(&mut p), None);
        p.extend_from_slice(b"ee\n\n");
        assert_eq!(last_line(&mut p).as_deref(), Some(""));
        assert!(p.is_empty());
        let mut bad = b"\xff\xfeok\n".to_vec();
        assert_eq!(last_line(&mut bad).as_deref(), Some("\u{fffd}\u{fffd}ok"));
    }
}
