//! The server: binds the socket, accepts clients, runs their commands against the state, and watches panes.

pub mod alerts;
pub mod attach;
pub mod buffers;
pub mod channels;
pub mod clipboard;
mod connection;
pub mod control;
pub mod copy;
mod dead;
mod effects;
mod exit;
pub mod focus;
mod foreground;
pub mod format_ctx;
pub mod format_jobs;
pub mod format_vars;
mod input;
mod keeper_link;
mod names;
pub mod pane;
mod pane_lend;
mod pane_thread;
mod persistence;
pub mod pipe;
pub mod prompt_history;
pub mod pty;
mod recovery;
pub mod ring;
pub(crate) mod session_end;
mod stack;
mod startup;
pub mod state;
pub mod tap;
pub mod tmux_shim;
pub mod vis;

use crate::config::Config;
use anyhow::{bail, Context, Result};
use pane::PaneEvent;
use state::Server;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::net::UnixListener;
use tokio::sync::Notify;

/// What every connection task shares.
pub struct Shared {
    pub server: Mutex<Server>,
    pub connections: AtomicUsize,
    pub shutdown: Notify,
    /// A shutdown signal (SIGTERM, SIGHUP, SIGINT) arrived: pane exits are part of a machine shutdown
    /// and are no longer recorded.
    pub signalled: std::sync::atomic::AtomicBool,
    /// The start-up config has run to its end (the first client's commands wait for it, as tmux's).
    pub config_done: tokio::sync::watch::Sender<bool>,
    /// The first connection was taken (it is the client that started the server).
    pub first_taken: std::sync::atomic::AtomicBool,
    /// The first connection had its first answer (or began attaching), or went: the pane processes
    /// recovery started held run from then on, and the checkpoint after recovery is written.
    pub first_answered: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Server> {
        self.server.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// tmux's exit-empty: no sessions and no clients left.
    pub fn check_exit(&self) {
        // With no sessions left the server goes, unless exit-empty is off (as tmux's server_loop).
        let empty = {
            let srv = self.lock();
            srv.shutting_down
                || (srv.model.sessions.is_empty()
                    && srv
                        .model
                        .option_flag(ccmux_model::OptionScope::Server, "exit-empty"))
        };
        if empty && self.connections.load(Ordering::SeqCst) == 0 {
            self.shutdown.notify_one();
        }
    }
}

/// Runs the server in this (already detached) process until it exits.
pub fn run(socket: PathBuf, files: Vec<PathBuf>) -> Result<()> {
    let config_file = files.iter().find(|f| crate::cli::is_toml(f)).cloned();
    let tmux_files: Vec<PathBuf> = files
        .iter()
        .filter(|f| !crate::cli::is_toml(f))
        .cloned()
        .collect();
    // -f replaces the default files (as tmux's); a lone config.toml keeps tmux's defaults out too.
    let tmux_files = if files.is_empty() {
        startup::tmux_files(&[])
    } else {
        tmux_files
    };
    let (config, _) = Config::load(config_file.as_deref())?;
    let state_dir = crate::paths::state_dir(&crate::paths::server_name(&socket))?;
    crate::paths::state_dir_private(&state_dir)?;
    init_logging(&state_dir.join("server.log"))?;
    log_panics();
    // The default socket directory is ours: made private, checked (never a symlink, never chmod'ed).
    // A directory named with -S is the user's, shared or not, as in tmux: only the socket is private.
    let socket_dir = socket.parent().unwrap_or(Path::new("/"));
    if socket_dir == crate::paths::socket_dir() {
        crate::paths::private_dir(socket_dir)?;
    } else if !socket_dir.is_dir() {
        bail!(
            "cannot use {}: {} is not a directory",
            socket.display(),
            socket_dir.display()
        );
    }
    // After server-restart the lock is inherited across exec, so no other server can slip in.
    let lock = match inherited_lock() {
        Some(file) => file,
        None => lock_file(&side_file(&socket, "lock"))?,
    };
    if socket.exists() && std::os::unix::net::UnixStream::connect(&socket).is_ok() {
        bail!("a server is already running on {}", socket.display());
    }
    limit_malloc_arenas();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        // A blocking-pool thread ends a second after its last job (tokio's default is 10 s: the
        // end of the start's thread fell long after the start's code release, in an idle server's
        // quiet). Its end runs code (the thread's teardown), which would stay mapped until the next
        // release: it counts as code that ran, so it goes 2 s later.
        .thread_keep_alive(std::time::Duration::from_secs(1))
        .on_thread_stop(code_ran)
        .build()?;
    let exe = std::env::current_exe().ok();
    let result = runtime.block_on(start(socket.clone(), config, state_dir, tmux_files));
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    if let Ok(Stop::Restart(store)) = result {
        let _ = std::fs::remove_file(&socket);
        // Flush and close the WAL (the checkpoint already covers the state), then become the binary now
        // on disk; the keeper holds the panes meanwhile and the new server adopts them.
        drop(store);
        let exe = exe.map(|p| PathBuf::from(p.to_string_lossy().trim_end_matches(" (deleted)")));
        let mut cmd = std::process::Command::new(exe.unwrap_or_else(|| PathBuf::from("ccmux")));
        cmd.arg("__server").arg(&socket);
        use std::os::fd::AsRawFd;
        if rustix::io::fcntl_setfd(&lock, rustix::io::FdFlags::empty()).is_ok() {
            cmd.env(LOCK_FD_ENV, lock.as_raw_fd().to_string());
        }
        cmd.args(&files);
        tracing::info!("server-restart: exec {:?}", cmd);
        let err = std::os::unix::process::CommandExt::exec(&mut cmd);
        bail!("server-restart: cannot exec the new binary: {err}");
    }
    let result = result.map(|stop| match stop {
        Stop::Wipe(store, aside) => (store, aside),
        _ => (None, false),
    });
    match result {
        Ok((Some(store), aside)) => match wait_for_sole_owner(store) {
            Ok(store) => {
                if aside {
                    // kill-server with sessions: kept aside for `persistence restore --last`.
                    match ccmux_persist::last::set_aside(store.root(), persistence::now_secs()) {
                        Ok(()) => tracing::info!(
                            "kill-server: the last state is kept for `ccmux persistence restore --last`"
                        ),
                        Err(e) => tracing::error!("kill-server: the last state could not be kept: {e}"),
                    }
                }
                match store.wipe() {
                    Ok(()) => tracing::info!("no sessions left: saved state removed"),
                    Err(e) => tracing::error!("removing saved state failed: {e}"),
                }
            }
            Err(_) => tracing::error!("saved state kept: a checkpoint still ran after 60 s"),
        },
        Ok((None, _)) => {}
        Err(e) => {
            tracing::error!("server failed: {e:#}");
            let _ = std::fs::remove_file(&socket);
            return Err(e);
        }
    }
    // Last: a client waiting for the socket to go knows the saved state is settled.
    let _ = std::fs::remove_file(&socket);
    tracing::info!("server exited");
    Ok(())
}

/// Waits until a checkpoint still being written (on a blocking thread) lets go of the store.
fn wait_for_sole_owner<T>(mut shared: Arc<T>) -> Result<T, Arc<T>> {
    let started = std::time::Instant::now();
    loop {
        match Arc::try_unwrap(shared) {
            Ok(owned) => return Ok(owned),
            Err(still) if started.elapsed() < std::time::Duration::from_secs(60) => {
                shared = still;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(still) => return Err(still),
        }
    }
}

/// How the server stopped.
enum Stop {
    /// Nothing is left to keep: the store (if any) is to be wiped; with `true`, once its last state
    /// is set aside (kill-server with sessions: `persistence restore --last`).
    Wipe(Option<Arc<ccmux_persist::store::Store>>, bool),
    /// Crash-like exit (SIGTERM): the state stays saved.
    Keep,
    /// server-restart: exec the new binary once the store is closed.
    Restart(Option<Arc<ccmux_persist::store::Store>>),
}

/// The longest wait for the first client's answer (`first_answer`) once the server listens.
const AFTER_FIRST_ANSWER: std::time::Duration = std::time::Duration::from_millis(100);

/// Resolves once the client that started the server has its first answer (or is attached, or went),
/// or at most [`AFTER_FIRST_ANSWER`] after it is called.
fn first_answer(shared: &Shared) -> impl std::future::Future<Output = ()> + Send + 'static {
    let mut answered = shared.first_answered.subscribe();
    async move {
        let _ = tokio::time::timeout(AFTER_FIRST_ANSWER, answered.wait_for(|a| *a)).await;
    }
}

/// The windows of `sessions` renumbered (those with `renumber-windows` on), as applied changes.
fn renumber_after_exit(
    srv: &mut state::Server,
    sessions: &[ccmux_model::SessionId],
) -> Vec<ccmux_model::Change> {
    let mut applied = Vec::new();
    srv.control.quiet = true;
    for &s in sessions {
        if !crate::cmd::winlink::renumbers(&srv.model, s) {
            continue;
        }
        for change in crate::cmd::winlink::renumber_changes(&srv.model, s).unwrap_or_default() {
            match srv.apply(&change) {
                Ok(_) => applied.push(change),
                Err(e) => tracing::warn!("renumbering after a pane's exit failed: {e}"),
            }
        }
    }
    srv.control.quiet = false;
    applied
}

/// Holds recovered panes' background replays back (`pane::hold_restores`) until dropped. The std
/// mutex guard that does it cannot move into the task that waits for the first answer: a thread of
/// its own holds it until told.
struct RestoreHold(#[allow(dead_code)] Option<std::sync::mpsc::Sender<()>>);

impl RestoreHold {
    fn new() -> RestoreHold {
        let (held_tx, held_rx) = std::sync::mpsc::sync_channel(0);
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("ccmux-hold".into())
            .spawn(move || {
                let _turn = pane::hold_restores();
                let _ = held_tx.send(());
                // Until the sender is dropped.
                let _ = release_rx.recv();
            });
        match spawned {
            Ok(_) => {
                let _ = held_rx.recv();
                RestoreHold(Some(release_tx))
            }
            // No thread: replays run as they come.
            Err(_) => RestoreHold(None),
        }
    }
}

/// Recovers, binds the socket, serves.
async fn start(
    socket: PathBuf,
    config: Config,
    state_dir: PathBuf,
    tmux_files: Vec<PathBuf>,
) -> Result<Stop> {
    let (events_tx, events) = tokio::sync::mpsc::unbounded_channel();
    let persist = config.persistence.clone();
    let mut server = Server::new(config, socket.clone(), events_tx);
    let mut fresh = true;
    // Recovered panes replay their content in the background once the first client has its answer
    // (see `pane::hold_restores`); whoever needs a screen sooner replays it.
    let restores = RestoreHold::new();
    if persist.enabled {
        let dir = persist.directory.clone().unwrap_or(state_dir);
        let started = std::time::Instant::now();
        // The keeper is reached (or started) on another thread while the state is read: neither
        // waits for the other.
        let keeper = server.config.keep_processes.then(|| {
            let path = side_file(&socket, "keeper");
            std::thread::spawn(move || keeper_link::KeeperLink::connect_or_start(&path))
        });
        let flush = std::time::Duration::from_millis((persist.wal_flush_interval_ms / 2).max(1));
        let failpoints = match std::env::var("CCMUX_FAILPOINTS") {
            Ok(spec) => {
                tracing::warn!(%spec, "fault injection active (CCMUX_FAILPOINTS)");
                Some(ccmux_persist::wal::FailPoints::from_spec(&spec).map_err(anyhow::Error::msg)?)
            }
            Err(_) => None,
        };
        let options = ccmux_persist::store::StoreOptions {
            failpoints,
            segment_size: persistence::segment_size(persist.max_wal_size_mb),
            // Each pane's IO thread reads its logged output before it replays (after listening).
            output_later: true,
            ..ccmux_persist::store::StoreOptions::new(flush)
        };
        let (store, recovered) = ccmux_persist::store::Store::open_opts(&dir, options)
            .with_context(|| format!("cannot open the state directory {}", dir.display()))?;
        tracing::info!(elapsed = ?started.elapsed(), "state read");
        if let Some(why) = store.degraded() {
            // The state was read, but nothing can be written (a full disk): serve it, and say so.
            let text = persistence::health_message(Some(&why));
            tracing::error!("{text}");
            server.add_messages(&[text]);
        }
        // A kill-server's state kept aside, past its time.
        let keep = persist.keep_last_hours.saturating_mul(3600);
        match ccmux_persist::last::drop_if_older(&dir, persistence::now_secs(), keep) {
            Ok(true) => tracing::info!("the state kept by the last kill-server expired: removed"),
            Ok(false) => server.kept_at_start = ccmux_persist::last::saved_at(&dir),
            Err(e) => tracing::warn!("the state kept by the last kill-server: {e}"),
        }
        server.store = Some(Arc::new(store));
        let sessions = recovered.model.sessions.len();
        let handover = if let Some(keeper) = keeper {
            let reached = keeper.join().unwrap_or_else(|_| {
                Err(keeper_link::KeeperTrouble::Unavailable(anyhow::anyhow!(
                    "the thread reaching the keeper panicked"
                )))
            });
            match reached {
                Ok((link, handover)) => {
                    server.keeper = Some(link);
                    Some(handover)
                }
                Err(keeper_link::KeeperTrouble::Unavailable(e)) => {
                    tracing::error!("no keeper ({e:#}): pane processes end with this server");
                    None
                }
                Err(keeper_link::KeeperTrouble::Refused(e)) => return Err(e),
            }
        } else {
            None
        };
        server.recovery_incomplete = recovered.incomplete;
        fresh = recovered.checkpoint.is_none() && recovered.records_replayed == 0;
        let notes = recovery::restore(&mut server, recovered, handover);
        for note in &notes {
            tracing::warn!("recovery: {note}");
        }
        if sessions > 0 {
            tracing::info!(sessions, panes = server.panes.len(), elapsed = ?started.elapsed(), "recovered");
        }
        server.recovery_notes = notes;
    }
    let (reaper_tx, mut reaper_rx) = tokio::sync::mpsc::unbounded_channel();
    server.reaper = Some(reaper_tx);
    // The recovered options' aliases; the config's changes read them again as they come.
    crate::cmd::alias::refresh(&server.model);
    let (causes, pending) = startup::initialize(&mut server, fresh, &tmux_files);
    for cause in &causes {
        tracing::warn!("config: {cause}");
    }
    server.add_messages(&causes);
    server.config_causes = causes;
    let listener = bind(&socket)?;
    // The client that started this server waits for its standard error to close (see
    // `client::start_server`): it connects now. Nothing reads it from here on (server.log has
    // what goes wrong).
    if let Ok(null) = std::fs::File::open("/dev/null") {
        let _ = rustix::stdio::dup2_stderr(&null);
    }
    tracing::info!(socket = %socket.display(), pid = std::process::id(), "server started");
    let shared = Arc::new(Shared {
        server: Mutex::new(server),
        connections: AtomicUsize::new(0),
        shutdown: Notify::new(),
        signalled: std::sync::atomic::AtomicBool::new(false),
        config_done: tokio::sync::watch::channel(pending.is_none()).0,
        first_taken: std::sync::atomic::AtomicBool::new(false),
        first_answered: tokio::sync::watch::channel(false).0,
    });
    {
        // The processes recovery started held (after a reboot) run once the client that started
        // this server has its answer, and at most AFTER_FIRST_ANSWER after listening: a hundred
        // shells starting at once would otherwise take the CPU from that first answer.
        // The panes' background replays start then too: with the shells and the checkpoint after
        // recovery, they would otherwise share the two cores with that answer.
        let spawner = shared.lock().spawner();
        let first = first_answer(&shared);
        tokio::spawn(async move {
            first.await;
            spawner.release_held();
            drop(restores);
        });
    }
    if pending.is_some() {
        tokio::spawn(startup::finish(shared.clone(), pending));
    } else {
        tokio::spawn(startup::load_prompt_history(shared.clone()));
    }
    if shared.lock().store.is_some() {
        if !shared.lock().model.sessions.is_empty() {
            // A fresh checkpoint soon after recovery (the restored screens become the new base), in
            // the background: clients are served meanwhile. It replays every pane's screen: it
            // starts once the first client has its answer (as the held processes above).
            let shared = shared.clone();
            let first = first_answer(&shared);
            tokio::spawn(async move {
                first.await;
                let _ = persistence::checkpoint(&shared).await;
            });
        }
        persistence::spawn_tasks(shared.clone());
    }
    // What runs in each pane (formats, the saved working directory), with persistence on or off.
    tokio::spawn(persistence::track_processes(shared.clone()));
    // Event hooks (client-resized, pane-focus-in ...) queued under the lock run here.
    tokio::spawn(alerts::hook_task(shared.clone()));
    if shared.lock().keeper.is_some() {
        tokio::spawn(watch_keeper(shared.clone()));
    }
    {
        // Finishes commits nobody waits for, in order: durable first, then their processes end.
        let shared = shared.clone();
        tokio::spawn(async move {
            while let Some(commit) = reaper_rx.recv().await {
                if let Err(e) = commit.finish(&shared).await {
                    tracing::error!("change not durable: {e}");
                }
            }
        });
    }
    tokio::spawn(release_code());
    serve(listener, shared.clone(), events).await?;
    tell_clients_the_end(&shared).await;
    if shared.lock().restart_requested {
        if let Err(e) = persistence::checkpoint(&shared).await {
            tracing::error!("server-restart: {e}");
        }
        let store = shared.lock().store.take();
        return Ok(Stop::Restart(store));
    }
    // kill-server with sessions: a checkpoint of everything first, to set aside (issue 13).
    let aside = {
        let srv = shared.lock();
        let keep = srv.config.persistence.keep_last_hours.saturating_mul(3600);
        // A kept state that was there when this server started, and not expired since, stays.
        let older_kept = srv
            .kept_at_start
            .is_some_and(|at| persistence::now_secs().saturating_sub(at) <= keep);
        if srv.shutting_down && older_kept {
            tracing::info!(
                "kill-server: the state kept before this server started stays kept (not replaced)"
            );
        }
        srv.shutting_down
            && !srv.model.sessions.is_empty()
            && srv.store.is_some()
            && !srv.recovery_incomplete
            && keep > 0
            && !older_kept
    };
    let aside = aside
        && match persistence::checkpoint(&shared).await {
            Ok(_) => true,
            Err(e) => {
                tracing::error!("kill-server: no checkpoint to keep: {e}");
                false
            }
        };
    let mut srv = shared.lock();
    let wipe = srv.shutting_down || srv.model.sessions.is_empty();
    if srv.recovery_incomplete && wipe && !srv.shutting_down {
        // Recovery could not account for everything: the keeper may hold processes the model does not
        // know and the state directory files this build could not read. Keep both.
        tracing::warn!(
            "no sessions left, but recovery was incomplete: saved state and keeper kept"
        );
        srv.kill_known();
        return Ok(Stop::Keep);
    }
    if wipe {
        srv.kill_all();
    } else if srv.keeper.is_none() {
        // Without a keeper the panes end with the server anyway; with one they live on for the next.
        srv.kill_all();
    }
    let store = srv.store.take();
    if wipe && srv.recovery_incomplete {
        tracing::warn!("kill-server after an incomplete recovery: saved state kept");
        return Ok(Stop::Keep);
    }
    Ok(if wipe {
        Stop::Wipe(store, aside)
    } else {
        Stop::Keep
    })
}

/// The server ends for good (kill-server, no sessions left): attached clients are told, as tmux's
/// "[server exited]", instead of finding the server gone and reconnecting (which would start a new,
/// empty one). After a signal or for server-restart they are not: they reconnect to what comes next.
async fn tell_clients_the_end(shared: &Arc<Shared>) {
    {
        let srv = shared.lock();
        let for_good = !srv.restart_requested
            && !shared.signalled.load(Ordering::SeqCst)
            && (srv.shutting_down || srv.model.sessions.is_empty());
        if !for_good {
            return;
        }
        for id in srv.clients.clients.keys() {
            srv.clients.detach(*id, "server exited");
        }
    }
    // Each client's task removes it once its last frame is sent.
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
    while !shared.lock().clients.clients.is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// A keeper that died is replaced and given every pane again; a link that broke while the keeper
/// lives is connected again. Woken by the keeper's pidfd and by the link breaking, so an idle server
/// does not wake for it; a failed reconnection is retried every second (also the pace without
/// pidfds). The round trips happen without the state lock.
async fn watch_keeper(shared: Arc<Shared>) {
    let retry = std::time::Duration::from_secs(1);
    let mut still_down = false;
    loop {
        let watch = {
            let srv = shared.lock();
            srv.keeper
                .as_ref()
                .map(|k| (k.death_fd(), k.broke_signal()))
        };
        match watch {
            Some((Some(death), broke)) if !still_down => {
                // SAFETY: the fd is moved into the AsyncFd and stays open, the same fd, for its life.
                match unsafe {
                    tokio::io::unix::AsyncFd::register_with_interest(
                        death,
                        tokio::io::Interest::READABLE,
                    )
                } {
                    Ok(death) => {
                        tokio::select! {
                            _ = death.readable() => {}
                            _ = broke.notified() => {}
                        }
                    }
                    Err(_) => tokio::time::sleep(retry).await,
                }
            }
            _ => tokio::time::sleep(retry).await,
        }
        still_down = false;
        let (dead, broken, path) = {
            let srv = shared.lock();
            match &srv.keeper {
                Some(k) => (!k.alive(), k.broken(), k.path().to_path_buf()),
                None => continue,
            }
        };
        if dead {
            still_down = !replace_keeper(&shared, path).await;
        } else if broken {
            let linked =
                tokio::task::spawn_blocking(move || keeper_link::KeeperLink::reconnect(&path))
                    .await;
            match linked {
                Ok(Ok((link, held))) => {
                    tracing::info!(pid = link.pid, "keeper link restored");
                    let mut srv = shared.lock();
                    for pane in held {
                        if !srv.panes.contains_key(&ccmux_model::PaneId(pane)) {
                            tracing::info!(pane, "the keeper held a pane this server gave up on");
                            link.forget(pane);
                        }
                    }
                    srv.keeper = Some(link);
                }
                Ok(Err(e)) => {
                    tracing::warn!("keeper link still down: {e:#}");
                    still_down = true;
                }
                Err(e) => {
                    tracing::warn!("keeper reconnect task failed: {e}");
                    still_down = true;
                }
            }
        }
    }
}

/// The keeper died while this server runs: start a new one and hand it every pane (the server holds
/// all the masters, so nothing is lost). False when no new keeper could be started.
async fn replace_keeper(shared: &Arc<Shared>, path: std::path::PathBuf) -> bool {
    let (old, masters) = {
        let srv = shared.lock();
        (srv.keeper.as_ref().map_or(0, |k| k.pid), srv.masters())
    };
    tracing::warn!(pid = old, "the keeper died: starting a new one");
    let started = tokio::task::spawn_blocking(move || {
        let link = keeper_link::KeeperLink::start_new(&path)?;
        // Tests only: widen the window in which the new keeper holds no pane yet.
        if let Some(ms) = std::env::var("CCMUX_TEST_ADOPT_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        let handle = link.handle();
        let mut adopted = Vec::new();
        for (pane, pid, master, ring) in masters {
            match handle.adopt(pane.0, pid, master, ring) {
                Ok(()) => adopted.push(pane),
                Err(e) => tracing::error!(%pane, "new keeper did not adopt the pane: {e}"),
            }
        }
        anyhow::Ok((link, adopted))
    })
    .await;
    match started {
        Ok(Ok((link, adopted))) => {
            let mut srv = shared.lock();
            // Panes closed meanwhile were adopted all the same: the new keeper lets them go.
            for pane in adopted {
                if !srv.panes.contains_key(&pane) {
                    link.forget(pane.0);
                }
            }
            tracing::info!(pid = link.pid, "new keeper holds the panes");
            srv.keeper = Some(link);
            true
        }
        Ok(Err(e)) => {
            tracing::error!("cannot start a new keeper: {e:#}");
            false
        }
        Err(e) => {
            tracing::error!("keeper restart task failed: {e}");
            false
        }
    }
}

/// How a pane's process ended: the status the server reaped itself (it was the parent), else what the
/// keeper (the parent) reaped, asked without the state lock.
async fn exit_of(
    shared: &Arc<Shared>,
    pane: ccmux_model::PaneId,
    pid: i32,
    status: Option<i32>,
    signal: Option<i32>,
) -> (Option<i32>, Option<i32>) {
    if status.is_some() || signal.is_some() {
        return (status, signal);
    }
    let keeper = {
        let srv = shared.lock();
        // The keeper answers for a pane's latest process: a replaced one (respawn -k) must not take
        // the answer meant for its successor, and its end matters to nobody.
        if srv.respawning.contains(&pane) || srv.panes.get(&pane).map(|h| h.pid) != Some(pid) {
            return (None, None);
        }
        srv.keeper.as_ref().map(|k| k.handle())
    };
    let Some(keeper) = keeper else {
        return (None, None);
    };
    // The keeper reaps within its poll interval: ask again a few times while it says "still runs".
    for _ in 0..10 {
        let keeper = keeper.clone();
        match tokio::task::spawn_blocking(move || keeper.status(pane.0)).await {
            Ok(Ok(ended)) => return ended,
            Ok(Err(_)) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            Err(_) => break,
        }
    }
    (None, None)
}

async fn serve(
    listener: std::os::unix::net::UnixListener,
    shared: Arc<Shared>,
    mut events: tokio::sync::mpsc::UnboundedReceiver<PaneEvent>,
) -> Result<()> {
    listener.set_nonblocking(true)?;
    let listener = UnixListener::from_std(listener)?;
    let pane_events = {
        let shared = shared.clone();
        async move {
            while let Some(PaneEvent::Exited {
                pane,
                pid,
                status,
                signal,
            }) = events.recv().await
            {
                tracing::info!(%pane, pid, ?status, ?signal, "pane process exited");
                // At a machine shutdown every process gets SIGTERM at once, and a pane may die just
                // before the server hears of it: a pane's end is recorded only once it is clear the
                // server is not being stopped too.
                let shared = shared.clone();
                tokio::spawn(async move {
                    let (status, signal) = exit_of(&shared, pane, pid, status, signal).await;
                    tracing::info!(%pane, ?status, ?signal, "pane process ended");
                    tokio::time::sleep(EXIT_GRACE).await;
                    if shared.signalled.load(Ordering::SeqCst) {
                        tracing::info!(%pane, "pane ended during a shutdown: kept in the saved state");
                        return;
                    }
                    {
                        let mut srv = shared.lock();
                        // tmux's pane-exited (the pane closes) or pane-died (it stays, dead).
                        let session = srv.model.session_of_pane(pane);
                        let exited = session
                            .and_then(|s| alerts::lookup(&srv, "pane-exited", s, Some(pane)));
                        let window = srv.model.panes.get(&pane).map(|p| p.window);
                        let was_active = window
                            .and_then(|w| srv.model.windows.get(&w))
                            .is_some_and(|w| w.active_pane == pane);
                        let linked = window
                            .map(|w| srv.model.sessions_of_window(w))
                            .unwrap_or_default();
                        if let Some(change) = srv.pane_exited(pane, pid, status, signal) {
                            match (&change, session) {
                                (ccmux_model::Change::PaneClosed { .. }, _) => {
                                    srv.alerts.events.extend(exited);
                                    srv.alerts.due.notify_one();
                                    // tmux's layout_close_pane and window_lost_pane, if the
                                    // window stays.
                                    let left = window
                                        .and_then(|w| srv.model.windows.get(&w))
                                        .map(|w| w.active_pane);
                                    if let (Some(s), Some(p)) = (session, left) {
                                        alerts::event(
                                            &mut srv,
                                            "window-layout-changed",
                                            s,
                                            Some(p),
                                        );
                                        if was_active {
                                            alerts::event(
                                                &mut srv,
                                                "window-pane-changed",
                                                s,
                                                Some(p),
                                            );
                                        }
                                    }
                                }
                                (_, Some(s)) => alerts::event(&mut srv, "pane-died", s, Some(pane)),
                                _ => {}
                            }
                            let mut changes = vec![change];
                            // Its window gone, the sessions it was in are renumbered if
                            // renumber-windows is on (tmux's server_kill_window).
                            if window.is_some_and(|w| !srv.model.windows.contains_key(&w)) {
                                changes.extend(renumber_after_exit(&mut srv, &linked));
                            }
                            srv.commit_in_background(&changes);
                        }
                    }
                    alerts::run_hooks(&shared).await;
                    shared.check_exit();
                });
            }
        }
    };
    tokio::spawn(pane_events);
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut accept_trouble = RepeatedLog::default();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                // At the cap a new connection is closed at once (its client reports a lost server).
                Ok(_) if shared.connections.load(Ordering::SeqCst) >= MAX_CONNECTIONS => {
                    accept_trouble.note("connection refused: too many connections");
                }
                Ok((stream, _)) => {
                    accept_trouble.clear();
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let shared = shared.clone();
                    tokio::spawn(async move {
                        connection::handle(stream, &shared).await;
                        shared.connections.fetch_sub(1, Ordering::SeqCst);
                        code_ran();
                        shared.check_exit();
                    });
                }
                Err(e) => {
                    // Out of file descriptors (EMFILE, ENFILE) or memory: the listener stays
                    // readable, so back off instead of spinning, and log a repeat only now and then.
                    accept_trouble.note(&format!("accept failed: {e}"));
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            },
            _ = shared.shutdown.notified() => break,
            _ = terminate.recv() => {
                shared.signalled.store(true, Ordering::SeqCst);
                tracing::info!("SIGTERM: exiting, sessions stay saved");
                break;
            }
            _ = hangup.recv() => {
                shared.signalled.store(true, Ordering::SeqCst);
                tracing::info!("SIGHUP: exiting, sessions stay saved");
                break;
            }
            _ = interrupt.recv() => {
                shared.signalled.store(true, Ordering::SeqCst);
                tracing::info!("SIGINT: exiting, sessions stay saved");
                break;
            }
        }
    }
    Ok(())
}

/// How long after it starts the server lets go of the code pages its start ran (`code_pages.rs`):
/// the first client has its answer by then, a restored server's panes have started. Likewise
/// after connections: once none has ended for as long.
const RELEASE_CODE_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// Code ran that an idle server need not keep resident: a connection ended (a command, a
/// detach), a pane's emulator was frozen (`pane.rs`); when it last happened.
static CODE_RAN: Notify = Notify::const_new();
static CODE_RAN_AT: Mutex<Option<std::time::Instant>> = Mutex::new(None);

/// When a pane last had input ([`pane_input`]): nanoseconds after `ACTIVITY_BASE`.
static ACTIVITY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static ACTIVITY_BASE: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// A pane got input: someone types, the code of the key's echo is in use, [`release_code`] waits
/// (no wake-up: a store of the time, on every write to a pane).
pub(crate) fn pane_input() {
    let base = ACTIVITY_BASE.get_or_init(std::time::Instant::now);
    let now = base.elapsed().as_nanos() as u64;
    ACTIVITY.store(now, Ordering::Relaxed);
}

/// How long since a pane last had input (`None`: never).
fn since_pane_input() -> Option<std::time::Duration> {
    let base = ACTIVITY_BASE.get()?;
    let at = std::time::Duration::from_nanos(ACTIVITY.load(Ordering::Relaxed));
    Some(base.elapsed().saturating_sub(at))
}

/// Something ran that [`release_code`] lets go of once the server has been quiet for a while.
pub(crate) fn code_ran() {
    *CODE_RAN_AT.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::time::Instant::now());
    CODE_RAN.notify_one();
}

/// Code only the start ran leaves the server's RSS (see `code_pages.rs`), and so does code that
/// commands and the panes' idle freezing ran (a script's hundred `split-window`s, a `list-keys`):
/// RELEASE_CODE_AFTER after the start, and after each burst of [`code_ran`] once quiet for as
/// long: no connection ended, no pane froze, and no pane had input for as long (a user typing now
/// and then keeps the code the echo runs). Output alone does not hold the release back: a pane
/// printing a log line every few milliseconds kept everything its start and its last commands had
/// run (`bench/many_panes.py`, 20 printing panes: 0.9 MiB more RSS); the pages its output runs
/// come back on its next read, once. An idle server sets no timer: it waits for the next
/// [`code_ran`].
async fn release_code() {
    let last_end = || *CODE_RAN_AT.lock().unwrap_or_else(|e| e.into_inner());
    tokio::time::sleep(RELEASE_CODE_AFTER).await;
    loop {
        while let Some(quiet) = since_pane_input().filter(|q| *q < RELEASE_CODE_AFTER) {
            tokio::time::sleep(RELEASE_CODE_AFTER - quiet).await;
        }
        let released = std::time::Instant::now();
        let bytes = crate::code_pages::release();
        tracing::debug!(bytes, "code pages released");
        // No timer until a connection ends after this release (one ending in between leaves
        // the Notify a permit).
        while last_end().is_none_or(|at| at <= released) {
            CODE_RAN.notified().await;
        }
        // Then until none has ended for RELEASE_CODE_AFTER.
        while let Some(quiet) = last_end()
            .map(|at| at.elapsed())
            .filter(|q| *q < RELEASE_CODE_AFTER)
        {
            tokio::time::sleep(RELEASE_CODE_AFTER - quiet).await;
        }
    }
}

/// At most two malloc arenas (glibc makes up to eight per core): every pane has its own IO thread, and
/// with the runtime's one thread handing their output to the WAL writer, each of a busy pane's
/// threads got an arena of its own that idle panes' trims could not give back (`bench/many_panes.py`,
/// 200 panes: idle RSS 66 MiB with the default, 49 MiB with two arenas, the same CPU).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter (under the allocator's own lock).
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// A panic anywhere in the server is written to `server.log` with its place and a backtrace (the
/// server's stderr goes nowhere once it runs in the background); the connection that panicked answers
/// its client with an error (`connection.rs`).
fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!("panic: {info}\n{backtrace}");
        previous(info);
    }));
}

fn init_logging(path: &Path) -> Result<()> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot open log {}", path.display()))?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("CCMUX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(())
}

/// How long a pane's end waits before it is recorded (see `serve`).
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

const LOCK_FD_ENV: &str = "CCMUX_SERVER_LOCK_FD";

/// The socket lock handed over by the server this process was before `server-restart`'s exec.
fn inherited_lock() -> Option<std::fs::File> {
    use std::os::fd::FromRawFd;
    let fd: i32 = std::env::var(LOCK_FD_ENV).ok()?.parse().ok()?;
    std::env::remove_var(LOCK_FD_ENV);
    // SAFETY: the previous image of this process left this fd open for us and nothing else uses it.
    let file = unsafe { std::fs::File::from_raw_fd(fd) };
    let _ = rustix::io::fcntl_setfd(&file, rustix::io::FdFlags::CLOEXEC);
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive)
        .is_ok()
        .then_some(file)
}

/// Most client connections served at once; more are closed as they come.
const MAX_CONNECTIONS: usize = 1024;

/// A warning that may repeat many times a second: logged the first time, then once per 10 s with how
/// many times it happened meanwhile.
#[derive(Default)]
struct RepeatedLog {
    last: Option<std::time::Instant>,
    suppressed: u64,
}

impl RepeatedLog {
    fn note(&mut self, what: &str) {
        let due = self
            .last
            .is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(10));
        if due {
            if self.suppressed > 0 {
                tracing::warn!("{what} (and {} more times)", self.suppressed);
            } else {
                tracing::warn!("{what}");
            }
            self.last = Some(std::time::Instant::now());
            self.suppressed = 0;
        } else {
            self.suppressed += 1;
        }
    }

    fn clear(&mut self) {
        if self.suppressed > 0 {
            tracing::warn!("(and {} more times)", self.suppressed);
        }
        self.last = None;
        self.suppressed = 0;
    }
}

/// Problems recovery found after the server answered (deferred reads of saved state).
pub fn late_recovery_notes() -> Vec<String> {
    recovery::late_notes()
}

/// A file beside the socket: its name with `.suffix` added (never replacing a dot in the name, so
/// `-L work` and `-L work.2` keep apart).
pub fn side_file(socket: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = socket.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    std::path::PathBuf::from(name)
}

/// An exclusive lock held for the server's life, so two servers never race for one socket.
fn lock_file(path: &Path) -> Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    if rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).is_err() {
        bail!(
            "a server is already running on {}",
            path.display().to_string().trim_end_matches(".lock")
        );
    }
    Ok(file)
}

/// Binds the socket (0600); a live server on it is refused, a stale socket file is replaced.
fn bind(socket: &Path) -> Result<std::os::unix::net::UnixListener> {
    if socket.exists() {
        if std::os::unix::net::UnixStream::connect(socket).is_ok() {
            bail!("a server is already running on {}", socket.display());
        }
        tracing::info!(socket = %socket.display(), "replacing stale socket");
        std::fs::remove_file(socket)
            .with_context(|| format!("cannot remove stale socket {}", socket.display()))?;
    }
    let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o177));
    let bound = std::os::unix::net::UnixListener::bind(socket);
    rustix::process::umask(old);
    let listener = bound.with_context(|| format!("cannot bind {}", socket.display()))?;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))?;
    Ok(listener)
}
