//! The keeper's protocol: length-prefixed postcard messages on a Unix stream socket, PTY master fds
//! attached with SCM_RIGHTS to the message they belong to. Requests come from the server, each answered
//! in order (the server may send several before reading their answers).

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::net::{
    recvmsg, sendmsg, RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, SendAncillaryBuffer,
    SendAncillaryMessage, SendFlags,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::io::{self, IoSlice, IoSliceMut, Read};
use std::mem::MaybeUninit;
use std::os::unix::net::UnixStream;

/// Bumped when a message changes shape or is added. A keeper serves a server of any version from
/// [`OLDEST_KEEPER_VERSION`] to its own (it answers `Hello` with the server's version, and takes only
/// that version's messages from it); a server of a newer version than its keeper says `Hello` again
/// with the older version when the keeper refuses the first (`keeper protocol version N, ...`), and
/// then sends only that version's messages. Anything else refuses the other side clearly.
///
/// Version 3 added `StartHeld` and `Release` (appended: the older messages keep their encoding).
pub const KEEPER_VERSION: u32 = 3;
/// The oldest version still spoken (by either side).
pub const OLDEST_KEEPER_VERSION: u32 = 2;
const MAX_MESSAGE: usize = 1 << 20;

/// What a new pane runs (the server resolves shell, command and environment).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SpawnRequest {
    pub pane: u32,
    pub command: Vec<String>,
    pub shell: String,
    pub cwd: String,
    pub env: Vec<(String, String)>,
    pub cols: u16,
    pub rows: u16,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum ToKeeper {
    Hello {
        version: u32,
    },
    /// Start a process on a new PTY; answered with `Spawned` and the master fd.
    Spawn(SpawnRequest),
    /// Keep this pane (its master fd attached): the server hands its panes to a new keeper.
    Adopt {
        pane: u32,
        pid: i32,
    },
    /// The pane was closed: drop its master and hang up its process group.
    Forget {
        pane: u32,
    },
    /// kill-server: end every pane and exit.
    Shutdown,
    /// How the pane's process ended (the server saw it end): answered with `Exit`, or `Failed` while
    /// it still runs.
    Status {
        pane: u32,
    },
    /// Version 3: `Spawn`, but the process waits before its `exec` until `Release` (or until this
    /// server's connection closes): answered with `Spawned` and the master fd as soon as it is forked.
    StartHeld(SpawnRequest),
    /// Version 3: every process started held runs now; answered with `Done`.
    Release,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum FromKeeper {
    /// Answer to Hello: the live panes follow as `Pane` messages, each with its master fd.
    Hello {
        version: u32,
        pid: u32,
        panes: u32,
        /// Panes whose process ended while no server was connected: (pane, pid, how it ended).
        exited: Vec<(u32, i32, String)>,
    },
    Pane {
        pane: u32,
        pid: i32,
    },
    Spawned {
        pane: u32,
        pid: i32,
    },
    Failed(String),
    Done,
    /// How a pane's process ended: its exit status, or the signal that killed it (neither: unknown).
    Exit {
        status: Option<i32>,
        signal: Option<i32>,
    },
}

/// Sends one message with `fds` attached.
pub fn send(stream: &UnixStream, msg: &impl Serialize, fds: &[BorrowedFd<'_>]) -> io::Result<()> {
    let payload = postcard::to_stdvec(msg).map_err(io::Error::other)?;
    let mut frame = Vec::with_capacity(4 + payload.len());
    frame.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    frame.extend_from_slice(&payload);
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(4))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    if !fds.is_empty() && !control.push(SendAncillaryMessage::ScmRights(fds)) {
        return Err(io::Error::other("too many fds for one message"));
    }
    let mut sent = sendmsg(
        stream,
        &[IoSlice::new(&frame)],
        &mut control,
        SendFlags::NOSIGNAL,
    )?;
    while let Some(rest) = frame.get(sent..).filter(|r| !r.is_empty()) {
        sent += rustix::io::write(stream, rest)?;
    }
    Ok(())
}

/// Receives one message and the fds that came with it.
pub fn recv<T: DeserializeOwned>(stream: &UnixStream) -> io::Result<(T, Vec<OwnedFd>)> {
    let mut len = [0u8; 4];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(4))];
    let mut control = RecvAncillaryBuffer::new(&mut space);
    let got = recvmsg(
        stream,
        &mut [IoSliceMut::new(&mut len)],
        &mut control,
        RecvFlags::CMSG_CLOEXEC,
    )?;
    let mut fds = Vec::new();
    for msg in control.drain() {
        if let RecvAncillaryMessage::ScmRights(received) = msg {
            fds.extend(received);
        }
    }
    if got.bytes == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let mut reader = stream;
    if let Some(rest) = len.get_mut(got.bytes..).filter(|r| !r.is_empty()) {
        reader.read_exact(rest)?;
    }
    let n = u32::from_le_bytes(len) as usize;
    if n > MAX_MESSAGE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "keeper message too large",
        ));
    }
    let mut payload = vec![0u8; n];
    reader.read_exact(&mut payload)?;
    let msg = postcard::from_bytes(&payload)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    Ok((msg, fds))
}

/// The peer runs as our own user.
pub fn same_user(stream: &UnixStream) -> bool {
    rustix::net::sockopt::socket_peercred(stream.as_fd())
        .map(|c| c.uid == rustix::process::getuid())
        .unwrap_or(false)
}
