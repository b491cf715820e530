//! A pane at run time: its PTY master, its process, its emulator, and the one thread that owns the PTY's IO.
//!
//! The IO thread reads the master (non-blocking, up to 64 KiB at a time), feeds the emulator, and writes
//! queued input; it sleeps in poll(2) on the master and an eventfd that wakes it for new input or shutdown.
//! Emulating a flood therefore never delays other panes or clients. A pidfd tells when the process exits;
//! that works whether or not the server is the process's parent.

use super::pty;
use ccmux_model::PaneId;
use ccmux_term::Emulator;
use rustix::event::{eventfd, poll, EventfdFlags, PollFd, PollFlags};
use rustix::fd::{AsFd, OwnedFd};
use rustix::io::Errno;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use tokio::io::unix::AsyncFd;
use tokio::sync::mpsc::UnboundedSender;

/// What panes tell the server.
#[derive(Debug)]
pub enum PaneEvent {
    /// The pane's process exited (status when the server could reap it).
    Exited { pane: PaneId, status: Option<i32> },
}

enum Control {
    Input(Vec<u8>),
    Shutdown,
}

/// Receives every chunk of output read from the PTY, in order (the persistence layer's hook).
pub type OutputSink = Box<dyn FnMut(&[u8]) + Send>;

pub struct PaneHandle {
    pub pid: i32,
    pub emulator: Arc<Mutex<Emulator>>,
    master: Arc<OwnedFd>,
    control: mpsc::Sender<Control>,
    wake: Arc<OwnedFd>,
    size: (u16, u16),
}

impl PaneHandle {
    /// Takes over a started process: starts its IO thread and its exit watcher.
    pub fn start(
        id: PaneId,
        spawned: pty::Spawned,
        cols: u16,
        rows: u16,
        history_limit: usize,
        events: UnboundedSender<PaneEvent>,
        sink: Option<OutputSink>,
    ) -> std::io::Result<PaneHandle> {
        rustix::fs::fcntl_setfl(&spawned.master, rustix::fs::OFlags::NONBLOCK)?;
        let master = Arc::new(spawned.master);
        let wake = Arc::new(eventfd(0, EventfdFlags::CLOEXEC | EventfdFlags::NONBLOCK)?);
        let emulator = Arc::new(Mutex::new(Emulator::new(cols, rows, history_limit)));
        let (control, rx) = mpsc::channel();
        let io = IoLoop {
            master: master.clone(),
            wake: wake.clone(),
            emulator: emulator.clone(),
            control: rx,
            sink,
        };
        std::thread::Builder::new()
            .name(format!("pane-{}", id.0))
            .spawn(move || io.run())?;
        watch_exit(id, spawned.pid, events)?;
        Ok(PaneHandle {
            pid: spawned.pid,
            emulator,
            master,
            control,
            wake,
            size: (cols, rows),
        })
    }

    fn poke(&self) {
        let _ = rustix::io::write(&*self.wake, &1u64.to_ne_bytes());
    }

    /// Queues bytes for the pane's process.
    pub fn write(&self, bytes: Vec<u8>) {
        if self.control.send(Control::Input(bytes)).is_ok() {
            self.poke();
        }
    }

    /// Resizes the emulator and the PTY (the process gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        if self.size == (cols, rows) {
            return;
        }
        self.size = (cols, rows);
        if let Ok(mut emu) = self.emulator.lock() {
            emu.resize(cols, rows);
        }
        if let Err(e) = pty::set_size(&*self.master, cols, rows) {
            tracing::warn!("resize of pane pty failed: {e}");
        }
    }

    /// The foreground process group of the PTY (what runs in the pane right now).
    pub fn foreground_pid(&self) -> Option<i32> {
        rustix::termios::tcgetpgrp(&*self.master)
            .ok()
            .map(|p| p.as_raw_nonzero().get())
    }

    /// Ends the pane: stops the IO thread (closing the master hangs up the terminal) and sends SIGHUP to
    /// the process group.
    pub fn kill(self) {
        let _ = self.control.send(Control::Shutdown);
        self.poke();
        for pgrp in [self.foreground_pid(), Some(self.pid)]
            .into_iter()
            .flatten()
        {
            if let Some(pid) = rustix::process::Pid::from_raw(pgrp) {
                let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::HUP);
            }
        }
    }
}

struct IoLoop {
    master: Arc<OwnedFd>,
    wake: Arc<OwnedFd>,
    emulator: Arc<Mutex<Emulator>>,
    control: mpsc::Receiver<Control>,
    sink: Option<OutputSink>,
}

impl IoLoop {
    fn run(mut self) {
        let mut buf = vec![0u8; 64 * 1024];
        let mut pending: Vec<u8> = Vec::new();
        loop {
            loop {
                match self.control.try_recv() {
                    Ok(Control::Input(bytes)) => pending.extend_from_slice(&bytes),
                    Ok(Control::Shutdown) | Err(mpsc::TryRecvError::Disconnected) => return,
                    Err(mpsc::TryRecvError::Empty) => break,
                }
            }
            if !pending.is_empty() {
                match rustix::io::write(&*self.master, &pending) {
                    Ok(n) => {
                        pending.drain(..n);
                    }
                    Err(Errno::AGAIN) | Err(Errno::INTR) => {}
                    Err(_) => pending.clear(),
                }
            }
            match rustix::io::read(&*self.master, &mut buf) {
                Ok(0) => return,
                Ok(n) => self.output(&buf[..n], &mut pending),
                Err(Errno::INTR) => {}
                Err(Errno::AGAIN) => self.wait(!pending.is_empty()),
                Err(_) => return, // EIO: every slave fd is closed
            }
        }
    }

    fn output(&mut self, bytes: &[u8], pending: &mut Vec<u8>) {
        if let Ok(mut emu) = self.emulator.lock() {
            emu.advance(bytes);
            pending.extend(emu.take_replies());
        }
        if let Some(sink) = self.sink.as_mut() {
            sink(bytes);
        }
    }

    fn wait(&self, want_write: bool) {
        let mut flags = PollFlags::IN;
        if want_write {
            flags |= PollFlags::OUT;
        }
        let mut fds = [
            PollFd::new(&*self.master, flags),
            PollFd::new(&*self.wake, PollFlags::IN),
        ];
        let _ = poll(&mut fds, None);
        if !fds[1].revents().is_empty() {
            let mut counter = [0u8; 8];
            let _ = rustix::io::read(&*self.wake, &mut counter);
        }
    }
}

/// Waits for the process to exit (pidfd), reaps it if it is our child, and reports it.
fn watch_exit(id: PaneId, pid: i32, events: UnboundedSender<PaneEvent>) -> std::io::Result<()> {
    let raw = rustix::process::Pid::from_raw(pid).ok_or(std::io::ErrorKind::InvalidInput)?;
    let pidfd = rustix::process::pidfd_open(raw, rustix::process::PidfdFlags::empty())?;
    // SAFETY: the OwnedFd is moved into the AsyncFd and stays open, the same fd, for its whole life.
    let pidfd = unsafe { AsyncFd::register_with_interest(pidfd, tokio::io::Interest::READABLE) }
        .map_err(|e| e.into_parts().1)?;
    tokio::spawn(async move {
        let _ = pidfd.readable().await;
        let status = rustix::process::waitid(
            rustix::process::WaitId::PidFd(pidfd.get_ref().as_fd()),
            rustix::process::WaitIdOptions::EXITED | rustix::process::WaitIdOptions::NOHANG,
        )
        .ok()
        .flatten()
        .and_then(|s| s.exit_status());
        let _ = events.send(PaneEvent::Exited { pane: id, status });
    });
    Ok(())
}
