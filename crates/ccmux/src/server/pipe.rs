//! pipe-pane: a pane's output copied to a shell command (and, with `-I`, the command's output typed
//! into the pane). The pane's IO thread only hands bytes to a channel: a writer thread of the pipe does
//! the (blocking) writes, so a slow command never holds up the pane.

use super::pane::InputSender;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;

/// An open pipe: dropping it closes it (the command sees end of file).
pub struct Pipe {
    tx: Option<mpsc::Sender<Vec<u8>>>,
    socket: UnixStream,
}

impl Pipe {
    /// Starts `sh -c command`: its stdin gets the pane's output when `out`, its stdout goes to the
    /// pane when `input` is given (tmux's `-O` and `-I`); stderr and unused ends are /dev/null.
    pub fn open(command: &str, out: bool, input: Option<InputSender>) -> std::io::Result<Pipe> {
        let (ours, theirs) = UnixStream::pair()?;
        let null = || {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/null")
        };
        let stdin = if out {
            Stdio::from(std::os::fd::OwnedFd::from(theirs.try_clone()?))
        } else {
            Stdio::from(null()?)
        };
        let stdout = if input.is_some() {
            Stdio::from(std::os::fd::OwnedFd::from(theirs.try_clone()?))
        } else {
            Stdio::from(null()?)
        };
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(command)
            .stdin(stdin)
            .stdout(stdout)
            .stderr(Stdio::from(null()?))
            .spawn()?;
        drop(theirs);
        std::thread::Builder::new()
            .name("pipe-reap".into())
            .spawn(move || child.wait())?;
        let tx = if out {
            let (tx, rx) = mpsc::channel::<Vec<u8>>();
            let mut writer = ours.try_clone()?;
            std::thread::Builder::new()
                .name("pipe-out".into())
                .spawn(move || {
                    while let Ok(bytes) = rx.recv() {
                        if writer.write_all(&bytes).is_err() {
                            break;
                        }
                    }
                    let _ = writer.shutdown(std::net::Shutdown::Write);
                })?;
            Some(tx)
        } else {
            let _ = ours.shutdown(std::net::Shutdown::Write);
            None
        };
        if let Some(sender) = input {
            let mut reader = ours.try_clone()?;
            std::thread::Builder::new()
                .name("pipe-in".into())
                .spawn(move || {
                    let mut buf = vec![0u8; 16 * 1024];
                    loop {
                        match reader.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => sender.write(&buf[..n]),
                        }
                    }
                })?;
        }
        Ok(Pipe { tx, socket: ours })
    }

    /// Copies output to the command (never blocks).
    pub fn send(&self, bytes: &[u8]) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(bytes.to_vec());
        }
    }
}

impl Drop for Pipe {
    fn drop(&mut self) {
        // The writer thread finishes what is queued, then closes its side; the reader stops now.
        self.tx = None;
        let _ = self.socket.shutdown(std::net::Shutdown::Read);
    }
}
