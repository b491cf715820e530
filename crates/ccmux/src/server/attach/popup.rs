//! display-popup (tmux's popup.c): a box over the client's screen running a command on its own PTY.
//! The popup is not a pane: not in the model, not logged, gone with the server (as tmux's). Keys go
//! to the command; `-E` closes the popup when the command exits, `-EE` only when it exits with 0;
//! while no command runs (or without `-E`), Escape or C-c closes it. The queue that ran
//! display-popup waits until it closes; a command-line client gets the command's exit status.

use super::draw::{colour, draw_over};
use crate::cmd::answer::{AnswerHandle, Answered};
use crate::server::pty;
use ccmux_model::keys::{KeyCode, KeyEvent, Mods, PaneModes};
use ccmux_model::options::{Colour, Style};
use ccmux_term::{Emulator, RenderCell, RenderColor, RenderCursor};
use rustix::fd::OwnedFd;
use rustix::io::Errno;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};

/// tmux's box lines (`popup-border-lines`, `-b`; `-B` is none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    Single,
    Rounded,
    Double,
    Heavy,
    Simple,
    Padded,
    None,
}

impl Lines {
    pub fn parse(s: &str) -> Option<Lines> {
        Some(match s {
            "single" => Lines::Single,
            "rounded" => Lines::Rounded,
            "double" => Lines::Double,
            "heavy" => Lines::Heavy,
            "simple" => Lines::Simple,
            "padded" => Lines::Padded,
            "none" => Lines::None,
            _ => return None,
        })
    }

    /// Top left, horizontal, top right, vertical, bottom left, bottom right.
    fn chars(self) -> [char; 6] {
        match self {
            Lines::Single => ['┌', '─', '┐', '│', '└', '┘'],
            Lines::Rounded => ['╭', '─', '╮', '│', '╰', '╯'],
            Lines::Double => ['╔', '═', '╗', '║', '╚', '╝'],
            Lines::Heavy => ['┏', '━', '┓', '┃', '┗', '┛'],
            Lines::Simple => ['+', '-', '+', '|', '+', '+'],
            Lines::Padded | Lines::None => [' '; 6],
        }
    }

    /// Cells the border takes on each side.
    fn edge(self) -> u16 {
        u16::from(self != Lines::None)
    }
}

/// When the popup closes by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Close {
    /// Only on Escape or C-c once the command has exited (no `-E`).
    Never,
    /// `-E`: when the command exits.
    OnExit,
    /// `-EE`: when the command exits with status 0.
    OnSuccess,
}

/// What to run in a popup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// argv; one string runs through `/bin/sh -c`.
    pub argv: Vec<String>,
    pub shell: String,
    pub cwd: String,
    pub env: Vec<(String, String)>,
}

/// A popup to open (display-popup's arguments, resolved).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopupSpec {
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
    pub lines: Lines,
    pub title: String,
    /// The contents' default colours (`popup-style`, `-s`).
    pub style: Style,
    /// The border's (`popup-border-style`, `-S`).
    pub border: Style,
    pub close: Close,
    pub command: Command,
    /// The waiting queue.
    pub answer: Option<AnswerHandle>,
}

/// The command running in a popup: its PTY, an emulator fed by a reader thread, a writer thread
/// for keys (a process that does not read never blocks the server), and its end seen by a waiter.
/// The process starts on the job's own thread, off the state lock.
struct Job {
    shared: Arc<Shared>,
    input: mpsc::Sender<Vec<u8>>,
}

struct Shared {
    emu: Mutex<Emulator>,
    /// How the command ended (tmux's status: the exit code, or the signal's number).
    ended: Mutex<Option<i32>>,
    /// The process and its PTY master, once started.
    process: OnceLock<(i32, Arc<OwnedFd>)>,
    /// The popup closed: a process started after that is hung up at once.
    closed: AtomicBool,
}

impl Shared {
    fn emu(&self) -> std::sync::MutexGuard<'_, Emulator> {
        self.emu.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn end(&self, code: i32) {
        *self.ended.lock().unwrap_or_else(|e| e.into_inner()) = Some(code);
        crate::server::pane::signal_redraw();
    }

    fn hang_up(&self) {
        if let Some(pid) = self
            .process
            .get()
            .and_then(|(p, _)| rustix::process::Pid::from_raw(*p))
        {
            for sig in [rustix::process::Signal::HUP, rustix::process::Signal::TERM] {
                let _ = rustix::process::kill_process_group(pid, sig);
            }
        }
    }
}

impl Job {
    fn start(cmd: &Command, cols: u16, rows: u16) -> std::io::Result<Job> {
        let shared = Arc::new(Shared {
            emu: Mutex::new(Emulator::new(cols, rows, 0)),
            ended: Mutex::new(None),
            process: OnceLock::new(),
            closed: AtomicBool::new(false),
        });
        let (input, keys) = mpsc::channel::<Vec<u8>>();
        let (cmd, sh, replies) = (cmd.clone(), shared.clone(), input.clone());
        std::thread::Builder::new()
            .name("ccmux-popup".into())
            .spawn(move || run(&cmd, cols, rows, &sh, keys, &replies))?;
        Ok(Job { shared, input })
    }

    fn ended(&self) -> Option<i32> {
        *self.shared.ended.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn resize(&self, cols: u16, rows: u16) {
        if let Some((_, master)) = self.shared.process.get() {
            let _ = pty::set_size(&**master, cols, rows);
        }
        self.shared.emu().resize(cols, rows);
    }
}

impl Drop for Job {
    /// A command still running when its popup closes is hung up (tmux's job_free sends SIGTERM).
    fn drop(&mut self) {
        self.shared.closed.store(true, Ordering::SeqCst);
        if self.ended().is_none() {
            self.shared.hang_up();
        }
    }
}

/// The job's thread: starts the process (a failure is shown in the popup), then a writer and a
/// waiter, then reads the output.
fn run(
    cmd: &Command,
    cols: u16,
    rows: u16,
    shared: &Arc<Shared>,
    keys: mpsc::Receiver<Vec<u8>>,
    replies: &mpsc::Sender<Vec<u8>>,
) {
    let spawned = pty::spawn(&pty::SpawnSpec {
        command: &cmd.argv,
        shell: &cmd.shell,
        cwd: &cmd.cwd,
        env: cmd.env.clone(),
        cols,
        rows,
    });
    let spawned = match spawned {
        Ok(s) => s,
        Err(e) => {
            shared
                .emu()
                .advance(format!("popup failed: {e}").as_bytes());
            shared.end(1);
            return;
        }
    };
    let (pid, master) = (spawned.pid, Arc::new(spawned.master));
    let _ = shared.process.set((pid, master.clone()));
    if shared.closed.load(Ordering::SeqCst) {
        shared.hang_up();
    }
    let m = master.clone();
    let writer = std::thread::Builder::new()
        .name("ccmux-popup-write".into())
        .spawn(move || {
            for bytes in keys {
                if write_all(&m, &bytes).is_err() {
                    break;
                }
            }
        });
    let sh = shared.clone();
    let waiter = std::thread::Builder::new()
        .name("ccmux-popup-wait".into())
        .spawn(move || sh.end(wait(pid)));
    if writer.is_err() || waiter.is_err() {
        shared.hang_up();
        shared.end(1);
        return;
    }
    read(&master, &shared.emu, replies);
}

/// The reader thread: output into the emulator (its answers to queries back to the command) until
/// every slave fd is closed.
fn read(master: &OwnedFd, emu: &Mutex<Emulator>, replies: &mpsc::Sender<Vec<u8>>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match rustix::io::read(master, &mut buf) {
            Ok(0) => return,
            Ok(n) => {
                let answer = {
                    let mut e = emu.lock().unwrap_or_else(|e| e.into_inner());
                    e.advance(&buf[..n]);
                    e.take_replies()
                };
                if !answer.is_empty() {
                    let _ = replies.send(answer);
                }
                crate::server::pane::signal_redraw();
            }
            Err(Errno::INTR) | Err(Errno::AGAIN) => {}
            Err(_) => return,
        }
    }
}

fn write_all(master: &OwnedFd, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match rustix::io::write(master, bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(Errno::INTR) | Err(Errno::AGAIN) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Waits for the command (the server is its parent) and gives tmux's status for it.
fn wait(pid: i32) -> i32 {
    let mut status = 0;
    loop {
        // SAFETY: waitpid writes only to `status`.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r == pid {
            break;
        }
        if r < 0 && std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            // Not ours to reap after all: an end of unknown kind.
            return 0;
        }
    }
    if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        libc::WTERMSIG(status)
    } else {
        0
    }
}

/// An open popup.
pub struct Popup {
    spec: PopupSpec,
    /// Where it was asked to be, kept across client resizes (tmux's ppx/ppy/psx/psy).
    asked: (u16, u16, u16, u16),
    job: Option<Job>,
    /// tmux's status before the command ends: 128 + SIGHUP.
    status: i32,
}

impl Popup {
    /// Starts the command and opens the popup.
    pub fn open(spec: PopupSpec) -> std::io::Result<Popup> {
        let e = spec.lines.edge();
        let (cols, rows) = (spec.w - 2 * e, spec.h - 2 * e);
        let job = Job::start(&spec.command, cols.max(1), rows.max(1))?;
        Ok(Popup {
            asked: (spec.x, spec.y, spec.w, spec.h),
            spec,
            job: Some(job),
            status: 128 + libc::SIGHUP,
        })
    }

    /// Whether the popup closes now because its command ended (tmux's popup_job_complete_cb).
    pub fn finished(&mut self) -> bool {
        let Some(code) = self.job.as_ref().and_then(Job::ended) else {
            return false;
        };
        self.status = code;
        // The command's last output stays shown (the emulator is kept) until the popup closes.
        match self.spec.close {
            Close::OnExit => true,
            Close::OnSuccess => code == 0,
            Close::Never => false,
        }
    }

    /// A key: true when it closes the popup.
    pub fn key(&mut self, typed: &KeyEvent) -> bool {
        let running = self.job.as_ref().is_some_and(|j| j.ended().is_none());
        let k = typed.key;
        let escape = k.code == KeyCode::ESCAPE && k.mods == Mods::NONE;
        let ctrl_c = k.code == KeyCode::Char('\x03') && k.mods == Mods::NONE;
        if (self.spec.close == Close::Never || !running) && (escape || ctrl_c) {
            return true;
        }
        if let Some(job) = self.job.as_ref().filter(|_| running) {
            let modes = job.shared.emu().modes();
            let bytes = typed.encode(PaneModes {
                app_cursor: modes.app_cursor,
                app_keypad: modes.app_keypad,
            });
            let _ = job.input.send(bytes);
        }
        false
    }

    /// Text pasted into the popup.
    pub fn paste(&self, bytes: &[u8]) {
        if let Some(job) = &self.job {
            let _ = job.input.send(bytes.to_vec());
        }
    }

    /// tmux's popup_resize_cb: the size asked for, within the client; moved in if need be.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let (px, py, pw, ph) = self.asked;
        let s = &mut self.spec;
        s.h = ph.min(rows);
        s.w = pw.min(cols);
        s.y = if py + s.h > rows { rows - s.h } else { py };
        s.x = if px + s.w > cols { cols - s.w } else { px };
        let e = s.lines.edge();
        if s.w > 2 * e && s.h > 2 * e {
            if let Some(job) = &self.job {
                job.resize(s.w - 2 * e, s.h - 2 * e);
            }
        }
    }

    /// Draws the popup over the client's rows; the cursor when the command shows one.
    pub fn draw(&self, rows: &mut [&mut [RenderCell]]) -> Option<RenderCursor> {
        let s = &self.spec;
        let (w, h) = (s.w as usize, s.h as usize);
        let e = s.lines.edge() as usize;
        let cell = |c: char, st: &Style| RenderCell::styled(c, colour(st.fg), colour(st.bg), 0);
        let mut out: Vec<Vec<RenderCell>> = vec![vec![cell(' ', &s.style); w]; h];
        if e == 1 && w > 2 && h > 2 {
            let [tl, hz, tr, vt, bl, br] = s.lines.chars();
            for (y, row) in out.iter_mut().enumerate() {
                let (l, m, r) = match y {
                    0 => (tl, hz, tr),
                    y if y == h - 1 => (bl, hz, br),
                    _ => (vt, ' ', vt),
                };
                row[0] = cell(l, &s.border);
                row[w - 1] = cell(r, &s.border);
                if y == 0 || y == h - 1 {
                    row[1..w - 1].fill(cell(m, &s.border));
                }
            }
            if w > 4 && !s.title.is_empty() {
                draw_over(&mut out[0], 2, &s.title, &s.border, w - 4);
            }
        }
        let mut cursor = None;
        if let Some(job) = &self.job {
            let emu = job.shared.emu();
            let mut line = Vec::new();
            let inner = (h.saturating_sub(2 * e), w.saturating_sub(2 * e));
            for r in 0..inner.0 {
                line.clear();
                emu.render_row(r as u16, &mut line);
                for (c, src) in line.iter().take(inner.1).enumerate() {
                    let mut cell = src.clone();
                    if cell.fg == RenderColor::Default && s.style.fg != Colour::Default {
                        cell.fg = colour(s.style.fg);
                    }
                    if cell.bg == RenderColor::Default && s.style.bg != Colour::Default {
                        cell.bg = colour(s.style.bg);
                    }
                    out[r + e][c + e] = cell;
                }
            }
            let c = emu.render_cursor();
            if job.ended().is_none() && c.visible && (c.row as usize) < inner.0 {
                cursor = Some(RenderCursor {
                    col: s.x + e as u16 + c.col,
                    row: s.y + e as u16 + c.row,
                    ..c
                });
            }
        }
        let (px, py) = (s.x as usize, s.y as usize);
        for (r, src) in out.into_iter().enumerate() {
            let Some(dst) = rows.get_mut(py + r) else {
                break;
            };
            for (c, cell) in src.into_iter().enumerate() {
                if let Some(slot) = dst.get_mut(px + c) {
                    *slot = cell;
                }
            }
        }
        cursor
    }
}

impl Drop for Popup {
    /// The waiting queue goes on, with the command's status for a command-line client.
    fn drop(&mut self) {
        if let Some(a) = self.spec.answer.take() {
            a.answer(Answered {
                status: Some(self.status),
                ..Default::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_lines_parse_as_tmux_choices() {
        assert_eq!(Lines::parse("rounded"), Some(Lines::Rounded));
        assert_eq!(Lines::parse("none"), Some(Lines::None));
        assert_eq!(Lines::parse("dotted"), None);
        assert_eq!(Lines::Double.chars()[0], '╔');
        assert_eq!(Lines::None.edge(), 0);
    }
}
