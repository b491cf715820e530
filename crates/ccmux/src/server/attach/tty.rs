//! The client's terminal, written by the server itself, as tmux's server writes its clients'
//! terminals: a client that attached with `AttachTty` (protocol 7) passes a descriptor of its
//! terminal right after `Attached` (the byte [`TTY_MARK`] with `SCM_RIGHTS`), and frames go straight
//! to it instead of through the client process (one hop less on every echo). Without one (an older
//! client, a client that could not open its terminal, a write that failed) frames go over the socket.
//!
//! The descriptor is the client's own open file description of its terminal, made non-blocking here:
//! a terminal that does not read holds up only this client's task (it waits for the terminal to take
//! more, as it waited for the socket), never the server or other clients. It is closed when the
//! client's task ends (detach, exit, the client gone).

use ccmux_proto::TTY_MARK;
use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags};
use std::io::{Error, ErrorKind, IoSliceMut};
use std::mem::MaybeUninit;
use std::os::fd::OwnedFd;
use std::time::Duration;
use tokio::io::unix::AsyncFd;
use tokio::io::Interest;
use tokio::net::UnixStream;

/// How long the server waits for the descriptor after `Attached` (the client sends it at once).
const RECEIVE_TIMEOUT: Duration = Duration::from_secs(5);

/// The client's terminal, non-blocking; `reads`: the client gave it open for reading too, so the
/// server reads the keys from it (the client then reads nothing while attached).
pub struct Tty {
    fd: AsyncFd<OwnedFd>,
    pub reads: bool,
}

/// Receives what the client sends after `Attached`: `Ok(Some)` a usable terminal, `Ok(None)` none
/// (frames go over the socket), `Err` the client broke the protocol or went away. The socket's frame
/// reader must hold no bytes (the client sends nothing between `AttachTty` and the mark).
pub async fn receive(stream: &UnixStream) -> Result<Option<Tty>, Error> {
    let fd = tokio::time::timeout(RECEIVE_TIMEOUT, receive_fd(stream))
        .await
        .map_err(|_| Error::new(ErrorKind::TimedOut, "no terminal from the client"))??;
    let Some(fd) = fd else { return Ok(None) };
    if !rustix::termios::isatty(&fd) {
        tracing::warn!("the client's descriptor is not a terminal: frames go over the socket");
        return Ok(None);
    }
    let flags = rustix::fs::fcntl_getfl(&fd)?;
    let reads = flags & rustix::fs::OFlags::ACCMODE == rustix::fs::OFlags::RDWR;
    rustix::fs::fcntl_setfl(&fd, flags | rustix::fs::OFlags::NONBLOCK)?;
    let interest = if reads {
        Interest::WRITABLE | Interest::READABLE
    } else {
        Interest::WRITABLE
    };
    // A client that gave its terminal for reading reads nothing itself: failing here is an error
    // for it (it never happens with a terminal; epoll watches them).
    // SAFETY: an owned descriptor, open and the same for the AsyncFd's whole life.
    let fd =
        unsafe { AsyncFd::register_with_interest(fd, interest) }.map_err(|e| e.into_parts().1)?;
    Ok(Some(Tty { fd, reads }))
}

async fn receive_fd(stream: &UnixStream) -> Result<Option<OwnedFd>, Error> {
    loop {
        stream.readable().await?;
        let got = stream.try_io(Interest::READABLE, || {
            let mut byte = [0u8; 1];
            let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
            let mut control = RecvAncillaryBuffer::new(&mut space);
            let msg = rustix::net::recvmsg(
                stream,
                &mut [IoSliceMut::new(&mut byte)],
                &mut control,
                RecvFlags::CMSG_CLOEXEC,
            )?;
            // Any descriptor beyond the first is closed with the buffer.
            let fd = control.drain().find_map(|m| match m {
                RecvAncillaryMessage::ScmRights(mut fds) => fds.next(),
                _ => None,
            });
            Ok((msg.bytes, byte[0], fd))
        });
        match got {
            Ok((0, _, _)) => return Err(ErrorKind::UnexpectedEof.into()),
            Ok((_, TTY_MARK, fd)) => return Ok(fd),
            Ok((_, other, _)) => {
                return Err(Error::new(
                    ErrorKind::InvalidData,
                    format!("expected the terminal mark, got byte {other:#x}"),
                ))
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

impl Tty {
    /// Writes all of `bytes`, waiting (this task only) while the terminal takes no more.
    pub async fn write_all(&self, mut bytes: &[u8]) -> Result<(), Error> {
        while !bytes.is_empty() {
            let mut ready = self.fd.writable().await?;
            match ready.try_io(|fd| Ok(rustix::io::write(fd.get_ref(), bytes)?)) {
                Ok(Ok(0)) => return Err(ErrorKind::WriteZero.into()),
                Ok(Ok(n)) => bytes = bytes.get(n..).unwrap_or_default(),
                Ok(Err(e)) if e.kind() == ErrorKind::Interrupted => {}
                Ok(Err(e)) => return Err(e),
                // Not writable after all: wait again.
                Err(_) => {}
            }
        }
        Ok(())
    }
}

/// Keys typed in the client's terminal, when the server reads them (else never ready). Cancel-safe:
/// bytes are read only once the terminal is readable, in the same step that returns them. `Ok` empty:
/// the terminal is gone (end of file).
pub async fn read_keys(tty: Option<&Tty>) -> Result<Vec<u8>, Error> {
    let Some(tty) = tty.filter(|t| t.reads) else {
        return std::future::pending().await;
    };
    let mut buf = [0u8; 4096];
    loop {
        let mut ready = tty.fd.readable().await?;
        match ready.try_io(|fd| Ok(rustix::io::read(fd.get_ref(), &mut buf[..])?)) {
            Ok(Ok(n)) => {
                // A short read emptied the terminal: no second read (an EAGAIN on the key's path
                // before its echo) to learn it. Tokio's own streams do the same (epoll reports
                // the next bytes as a new edge).
                if 0 < n && n < buf.len() {
                    ready.clear_ready();
                }
                return Ok(buf.get(..n).unwrap_or_default().to_vec());
            }
            Ok(Err(e)) if e.kind() == ErrorKind::Interrupted => {}
            Ok(Err(e)) => return Err(e),
            Err(_) => {}
        }
    }
}
