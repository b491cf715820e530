//! The server's state: the model plus each pane's run-time handle. One lock guards it; commands run under
//! it in order, and every structural change goes through [`Server::apply`].

use super::pane::{PaneEvent, PaneHandle};
use super::pty;
use crate::config::Config;
use ccmux_model::{Change, ChangeError, Effects, Model, PaneId, SessionId};
use std::collections::HashMap;
use std::path::PathBuf;
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
    use_counter: u64,
    /// Paste buffers, newest last.
    pub buffers: Vec<String>,
    /// Set by kill-server.
    pub shutting_down: bool,
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
            use_counter: 0,
            buffers: Vec::new(),
            shutting_down: false,
        }
    }

    /// Applies a change to the model and carries out its effects on the panes.
    pub fn apply(&mut self, change: &Change) -> Result<Effects, ChangeError> {
        let fx = self.model.apply(change)?;
        for pane in &fx.closed_panes {
            if let Some(handle) = self.panes.remove(pane) {
                handle.kill();
            }
        }
        for s in &fx.closed_sessions {
            self.last_used.remove(s);
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
        }
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

    /// Starts the process of a pane that is in the model.
    pub fn start_pane(&mut self, pane: PaneId) -> std::io::Result<()> {
        let p = self
            .model
            .panes
            .get(&pane)
            .ok_or(std::io::ErrorKind::NotFound)?;
        let rect = self
            .model
            .pane_rect(pane)
            .ok_or(std::io::ErrorKind::NotFound)?;
        let session = self.model.session_of_pane(pane).map_or(0, |s| s.0);
        let mut env = vec![
            (
                "CCMUX".to_string(),
                format!("{},{},{}", self.socket_path.display(), self.pid, session),
            ),
            ("CCMUX_PANE".to_string(), pane.to_string()),
            ("TERM".to_string(), self.config.default_terminal.clone()),
        ];
        env.extend(p.spec.env.iter().cloned());
        let spawned = pty::spawn(&pty::SpawnSpec {
            command: &p.spec.command,
            shell: &p.spec.shell,
            cwd: &p.cwd,
            env,
            cols: rect.cols,
            rows: rect.rows,
        })?;
        let handle = PaneHandle::start(
            pane,
            spawned,
            rect.cols,
            rect.rows,
            self.config.history_limit,
            self.events.clone(),
            None,
        )?;
        self.panes.insert(pane, handle);
        Ok(())
    }

    /// Ends every pane (kill-server).
    pub fn kill_all(&mut self) {
        for (_, handle) in self.panes.drain() {
            handle.kill();
        }
    }
}
