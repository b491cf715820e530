//! The server: binds the socket, accepts clients, runs their commands against the state, and watches panes.

mod connection;
pub mod format_vars;
pub mod pane;
pub mod pty;
pub mod state;

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
}

impl Shared {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Server> {
        self.server.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// tmux's exit-empty: no sessions and no clients left.
    pub fn check_exit(&self) {
        let empty = {
            let srv = self.lock();
            srv.shutting_down || srv.model.sessions.is_empty()
        };
        if empty && self.connections.load(Ordering::SeqCst) == 0 {
            self.shutdown.notify_one();
        }
    }
}

/// Runs the server in this (already detached) process until it exits.
pub fn run(socket: PathBuf, config_file: Option<PathBuf>) -> Result<()> {
    let (config, _) = Config::load(config_file.as_deref())?;
    let state_dir = crate::paths::state_dir(&crate::paths::server_name(&socket))?;
    crate::paths::private_dir(&state_dir)?;
    init_logging(&state_dir.join("server.log"))?;
    let socket_dir = socket.parent().unwrap_or(Path::new("/"));
    crate::paths::private_dir(socket_dir)?;
    let _lock = lock_file(&socket.with_extension("lock"))?;
    let listener = bind(&socket)?;
    tracing::info!(socket = %socket.display(), pid = std::process::id(), "server started");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = runtime.block_on(serve(listener, socket.clone(), config));
    let _ = std::fs::remove_file(&socket);
    tracing::info!("server exited");
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result
}

async fn serve(
    listener: std::os::unix::net::UnixListener,
    socket: PathBuf,
    config: Config,
) -> Result<()> {
    listener.set_nonblocking(true)?;
    let listener = UnixListener::from_std(listener)?;
    let (events_tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        server: Mutex::new(Server::new(config, socket, events_tx)),
        connections: AtomicUsize::new(0),
        shutdown: Notify::new(),
    });
    let pane_events = {
        let shared = shared.clone();
        async move {
            while let Some(PaneEvent::Exited { pane, status }) = events.recv().await {
                tracing::info!(%pane, ?status, "pane process exited");
                {
                    let mut srv = shared.lock();
                    if srv.model.panes.contains_key(&pane) {
                        if let Err(e) = srv.apply(&ccmux_model::Change::PaneClosed { id: pane }) {
                            tracing::warn!(%pane, "closing pane failed: {e}");
                        }
                    }
                }
                shared.check_exit();
            }
        }
    };
    tokio::spawn(pane_events);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let shared = shared.clone();
                    tokio::spawn(async move {
                        connection::handle(stream, &shared).await;
                        shared.connections.fetch_sub(1, Ordering::SeqCst);
                        shared.check_exit();
                    });
                }
                Err(e) => tracing::warn!("accept failed: {e}"),
            },
            _ = shared.shutdown.notified() => break,
        }
    }
    shared.lock().kill_all();
    Ok(())
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
            path.with_extension("").display()
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
