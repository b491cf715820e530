//! Client <-> server messages and their framing.
//!
//! A frame is a 4-byte big-endian length followed by a postcard payload (tokio-util's
//! `LengthDelimitedCodec` on the server, the blocking helpers here in the command-line client). The first
//! frame each way is a `Hello` carrying [`PROTOCOL_VERSION`]; a mismatch is refused with a clear message.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::io::{Read, Write};

/// Bumped whenever a message changes shape.
pub const PROTOCOL_VERSION: u32 = 7;
/// The oldest client version a server still serves: version 6 only added messages at the ends of
/// the enums ([`ClientMsg::AttachWith`], [`ServerMsg::DetachedHup`], [`ServerMsg::Exec`]), which a
/// server sends only to a client that attached with `AttachWith`; version 7 only added
/// [`ClientMsg::AttachTty`], which only a version 7 client sends.
pub const OLDEST_CLIENT_VERSION: u32 = 5;
/// The byte an `AttachTty` client sends right after `Attached`, outside any frame, with its terminal's
/// descriptor attached (`SCM_RIGHTS`; the byte alone when it has none to give).
pub const TTY_MARK: u8 = 0x54;
/// Frames larger than this are refused and the connection is dropped.
pub const MAX_FRAME: usize = 16 * 1024 * 1024;
/// Standard input and output of a command travel in frames of at most this many bytes.
pub const CHUNK: usize = 1024 * 1024;

/// What a client sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientMsg {
    Hello {
        version: u32,
    },
    /// Run one command: its words as typed after the global flags.
    Command(CommandRequest),
    /// Become an interactive client of a session (after which only `Input` and `Resize` follow).
    Attach(AttachRequest),
    /// Bytes typed in the client's terminal; before a `Command` whose `stdin` is set, the client's
    /// standard input (in frames of at most [`CHUNK`] bytes, to its end).
    Input(#[serde(with = "serde_bytes")] Vec<u8>),
    /// The client's terminal changed size.
    Resize {
        cols: u16,
        rows: u16,
    },
    /// Become a control-mode client (`-C`, `-CC`); after which only `ControlLine` follows.
    Control(ControlRequest),
    /// One line read by a control-mode client (without its newline): a command line, or empty to
    /// leave.
    ControlLine(#[serde(with = "serde_bytes")] Vec<u8>),
    /// `Attach` with what version 6 added (a version 5 client sends `Attach`).
    AttachWith(AttachRequest, AttachExtra),
    /// `AttachWith`, and the server writes frames straight to the client's terminal, as tmux's
    /// server does (version 7): once `Attached` arrives, the client sends the byte [`TTY_MARK`]
    /// outside any frame with a descriptor of its terminal attached (`SCM_RIGHTS`), its own open
    /// file description (the server makes it non-blocking). Without a descriptor, or one that is not
    /// a terminal, frames come as `Output` messages, as to older clients.
    AttachTty(AttachRequest, AttachExtra),
}

/// What an attaching client tells besides its [`AttachRequest`] (protocol version 6).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachExtra {
    /// The client's environment (`NAME=value`): the session's `update-environment` variables are
    /// taken from it.
    pub env: Vec<String>,
    /// Client flags (`attach -f`, `-r` as `read-only,ignore-size`), as `refresh-client -f` takes
    /// them.
    pub flags: String,
    /// `attach -x`: the other clients of the session are detached with SIGHUP to their parents.
    pub hup_others: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlRequest {
    /// The command line given after the flags (none: `new-session`); `None` when coming back after
    /// the server was lost (`resume` says where to).
    pub command: Option<CommandRequest>,
    /// Coming back after the server was lost: the state the server last reported.
    pub resume: Option<ControlState>,
    /// `$TERM` of the client.
    pub term: String,
    /// The client's terminal device, if its standard input is one (its name in `list-clients`).
    pub tty: String,
}

/// What a control client asked for that outlives a connection: the server reports it whenever it
/// changes, and a client coming back after the server was lost asks for it again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlState {
    /// The session attached to (`$id`).
    pub session: String,
    /// `refresh-client -f` flags in force (`pause-after=2,wait-exit`).
    pub flags: String,
    /// `refresh-client -C` size, if given.
    pub size: Option<(u16, u16)>,
    /// `refresh-client -B` subscriptions, as given (`name:what:format`).
    pub subscriptions: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachRequest {
    /// The session to attach to (`-t`); default the most recently used.
    pub target: Option<String>,
    /// A command to run first (`new-session` ...); the client then attaches to the session it made.
    pub command: Option<CommandRequest>,
    /// Create a session when there is none (plain `ccmux`).
    pub create: bool,
    /// Detach every other client of the session (`-d`).
    pub detach_others: bool,
    pub cols: u16,
    pub rows: u16,
    /// `$TERM` of the client.
    pub term: String,
    /// The client's terminal device (its name in `list-clients`).
    pub tty: String,
    pub cwd: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRequest {
    pub argv: Vec<String>,
    /// The client's working directory (the default for `-c`).
    pub cwd: String,
    /// `$CCMUX_PANE` of the client, when it runs inside a pane: the default target.
    pub pane: Option<String>,
    /// The `Input` frames sent just before this request carry the client's standard input to its end
    /// (`load-buffer -`).
    pub stdin: bool,
}

/// What the server sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerMsg {
    Hello {
        version: u32,
        pid: u32,
    },
    /// A command finished: its exit status and output.
    Done(CommandReply),
    /// The connection is refused (version mismatch, wrong user, ...).
    Refused(String),
    /// Attached to a session (its `$id`, to come back to it after a reconnect).
    Attached(String),
    /// Bytes for the client's terminal; to a command-line client, part of its command's standard
    /// output, ahead of the `Done` that carries the rest.
    Output(#[serde(with = "serde_bytes")] Vec<u8>),
    /// The client is detached (the reason is printed); it should exit.
    Detached(String),
    /// The client should give the terminal back and stop itself (suspend-client); once continued it
    /// takes the terminal again and sends its size (which redraws it).
    Suspend,
    /// The client should give the terminal back, run this shell command in it (`lock-command`) and
    /// wait for it to end, then take the terminal again and send its size.
    Lock(String),
    /// To a control client: everything its last line produced has been sent.
    ControlLineDone,
    /// To a control client: its state changed (see [`ControlState`]).
    ControlState(ControlState),
    /// To a control client: it is done (`%exit` and the reason, if any) with this exit status.
    ControlExit {
        reason: String,
        status: i32,
    },
    /// As `Detached`, and the client then sends SIGHUP to its parent process (`detach-client -P`).
    /// Only to a client that attached with `AttachWith`.
    DetachedHup(String),
    /// The client is detached and runs `command` with `shell -c` in place of itself
    /// (`detach-client -E`). Only to a client that attached with `AttachWith`.
    Exec {
        shell: String,
        command: String,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandReply {
    pub status: i32,
    /// Bytes, not text: `show-buffer` and `save-buffer -` write a buffer as it is.
    #[serde(with = "serde_bytes")]
    pub stdout: Vec<u8>,
    pub stderr: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProtoError {
    #[error("connection closed")]
    Closed,
    #[error("frame of {0} bytes is larger than the limit")]
    TooLarge(usize),
    #[error("malformed message: {0}")]
    Malformed(#[from] postcard::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The server's codec: length-delimited frames capped at [`MAX_FRAME`].
pub fn codec() -> tokio_util::codec::LengthDelimitedCodec {
    tokio_util::codec::LengthDelimitedCodec::builder()
        .max_frame_length(MAX_FRAME)
        .new_codec()
}

pub fn encode<T: Serialize>(msg: &T) -> Result<Vec<u8>, ProtoError> {
    Ok(postcard::to_stdvec(msg)?)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ProtoError> {
    Ok(postcard::from_bytes(bytes)?)
}

/// Writes one frame (blocking).
pub fn write_frame<T: Serialize>(w: &mut impl Write, msg: &T) -> Result<(), ProtoError> {
    let payload = encode(msg)?;
    if payload.len() > MAX_FRAME {
        return Err(ProtoError::TooLarge(payload.len()));
    }
    let mut buf = Vec::with_capacity(4 + payload.len());
    buf.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    buf.extend_from_slice(&payload);
    w.write_all(&buf)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame (blocking).
pub fn read_frame<T: DeserializeOwned>(r: &mut impl Read) -> Result<T, ProtoError> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(ProtoError::Closed),
        other => other?,
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(ProtoError::TooLarge(len));
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload)?;
    decode(&payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let msg = ClientMsg::Command(CommandRequest {
            argv: vec!["new-session".into(), "-d".into()],
            cwd: "/tmp".into(),
            pane: Some("%3".into()),
            stdin: true,
        });
        let mut buf = Vec::new();
        write_frame(&mut buf, &msg).unwrap();
        let back: ClientMsg = read_frame(&mut buf.as_slice()).unwrap();
        assert_eq!(back, msg);
    }

    #[test]
    fn attach_messages_round_trip_bytes_compactly() {
        let msg = ClientMsg::Input(vec![0x1b, b'[', b'A']);
        let bytes = encode(&msg).unwrap();
        assert!(
            bytes.len() <= 6,
            "bytes are encoded as a byte string: {bytes:?}"
        );
        assert_eq!(decode::<ClientMsg>(&bytes).unwrap(), msg);
        let out = ServerMsg::Output(b"\x1b[H".to_vec());
        assert_eq!(decode::<ServerMsg>(&encode(&out).unwrap()).unwrap(), out);
    }

    #[test]
    fn control_messages_round_trip() {
        let msg = ClientMsg::Control(ControlRequest {
            command: None,
            resume: Some(ControlState {
                session: "$1".into(),
                flags: "pause-after=2".into(),
                size: Some((100, 30)),
                subscriptions: vec!["a::#{session_name}".into()],
            }),
            term: "xterm".into(),
            tty: String::new(),
        });
        assert_eq!(decode::<ClientMsg>(&encode(&msg).unwrap()).unwrap(), msg);
        let line = ClientMsg::ControlLine(b"list-windows".to_vec());
        assert_eq!(decode::<ClientMsg>(&encode(&line).unwrap()).unwrap(), line);
        let exit = ServerMsg::ControlExit {
            reason: "too far behind".into(),
            status: 0,
        };
        assert_eq!(decode::<ServerMsg>(&encode(&exit).unwrap()).unwrap(), exit);
    }

    #[test]
    fn bad_frames_are_errors() {
        let huge = (MAX_FRAME as u32 + 1).to_be_bytes();
        assert!(matches!(
            read_frame::<ClientMsg>(&mut huge.as_slice()),
            Err(ProtoError::TooLarge(_))
        ));
        let garbage = [0, 0, 0, 3, 0xff, 0xff, 0xff];
        assert!(matches!(
            read_frame::<ClientMsg>(&mut garbage.as_slice()),
            Err(ProtoError::Malformed(_))
        ));
        assert!(matches!(
            read_frame::<ClientMsg>(&mut [0u8, 0].as_slice()),
            Err(ProtoError::Closed)
        ));
        let truncated = [0, 0, 0, 9, 1];
        assert!(matches!(
            read_frame::<ClientMsg>(&mut truncated.as_slice()),
            Err(ProtoError::Io(_))
        ));
    }
}
