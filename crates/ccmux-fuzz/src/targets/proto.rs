//! Client/server frames (ccmux-proto).

use crate::gen::mutate;
use arbitrary::{Result, Unstructured};
use ccmux_proto::{
    decode, encode, read_frame, write_frame, AttachRequest, ClientMsg, CommandReply,
    CommandRequest, ControlRequest, ControlState, ProtoError, ServerMsg,
};

fn string(u: &mut Unstructured) -> Result<String> {
    let n = u.int_in_range(0..=12)?;
    (0..n).map(|_| crate::gen::any_char(u)).collect()
}

fn command(u: &mut Unstructured) -> Result<CommandRequest> {
    Ok(CommandRequest {
        argv: (0..u.int_in_range(0..=4)?)
            .map(|_| string(u))
            .collect::<Result<_>>()?,
        cwd: string(u)?,
        pane: if u.arbitrary()? {
            Some(string(u)?)
        } else {
            None
        },
        stdin: u.arbitrary()?,
    })
}

fn control_state(u: &mut Unstructured) -> Result<ControlState> {
    Ok(ControlState {
        session: string(u)?,
        flags: string(u)?,
        size: u.arbitrary()?,
        subscriptions: (0..u.int_in_range(0..=2)?)
            .map(|_| string(u))
            .collect::<Result<_>>()?,
    })
}

fn client(u: &mut Unstructured) -> Result<ClientMsg> {
    Ok(match u.int_in_range(0..=6)? {
        5 => ClientMsg::Control(ControlRequest {
            command: if u.arbitrary()? {
                Some(command(u)?)
            } else {
                None
            },
            resume: if u.arbitrary()? {
                Some(control_state(u)?)
            } else {
                None
            },
            term: string(u)?,
            tty: string(u)?,
        }),
        6 => ClientMsg::ControlLine(u.arbitrary()?),
        0 => ClientMsg::Hello {
            version: u.arbitrary()?,
        },
        1 => ClientMsg::Command(command(u)?),
        2 => ClientMsg::Attach(AttachRequest {
            target: if u.arbitrary()? {
                Some(string(u)?)
            } else {
                None
            },
            command: if u.arbitrary()? {
                Some(command(u)?)
            } else {
                None
            },
            create: u.arbitrary()?,
            detach_others: u.arbitrary()?,
            cols: u.arbitrary()?,
            rows: u.arbitrary()?,
            term: string(u)?,
            tty: string(u)?,
            cwd: string(u)?,
        }),
        3 => ClientMsg::Input(u.arbitrary()?),
        _ => ClientMsg::Resize {
            cols: u.arbitrary()?,
            rows: u.arbitrary()?,
        },
    })
}

fn server(u: &mut Unstructured) -> Result<ServerMsg> {
    Ok(match u.int_in_range(0..=10)? {
        8 => ServerMsg::ControlLineDone,
        9 => ServerMsg::ControlState(control_state(u)?),
        10 => ServerMsg::ControlExit {
            reason: string(u)?,
            status: u.arbitrary()?,
        },
        6 => ServerMsg::Suspend,
        7 => ServerMsg::Lock(string(u)?),
        0 => ServerMsg::Hello {
            version: u.arbitrary()?,
            pid: u.arbitrary()?,
        },
        1 => ServerMsg::Done(CommandReply {
            status: u.arbitrary()?,
            stdout: u.arbitrary()?,
            stderr: string(u)?,
        }),
        2 => ServerMsg::Refused(string(u)?),
        3 => ServerMsg::Attached(string(u)?),
        4 => ServerMsg::Output(u.arbitrary()?),
        _ => ServerMsg::Detached(string(u)?),
    })
}

/// Messages round-trip through frames; a stream of frames with damage reads as messages or errors,
/// never a panic; anything that decodes encodes back to the same bytes' meaning.
pub fn frames(u: &mut Unstructured) -> Result<()> {
    let msgs = (0..u.int_in_range(0..=3)?)
        .map(|_| client(u))
        .collect::<Result<Vec<_>>>()?;
    let replies = (0..u.int_in_range(0..=3)?)
        .map(|_| server(u))
        .collect::<Result<Vec<_>>>()?;
    let mut stream = Vec::new();
    for m in &msgs {
        write_frame(&mut stream, m).expect("write to a Vec");
    }
    let mut r = stream.as_slice();
    for m in &msgs {
        assert_eq!(&read_frame::<ClientMsg>(&mut r).expect("read back"), m);
    }
    assert!(matches!(
        read_frame::<ClientMsg>(&mut r),
        Err(ProtoError::Closed)
    ));
    for m in &replies {
        assert_eq!(
            &decode::<ServerMsg>(&encode(m).expect("encode")).expect("decode"),
            m
        );
    }

    // Damaged streams, and random bytes as a message of either side.
    let (damaged, _) = mutate(u, &stream)?;
    let mut r = damaged.as_slice();
    while let Ok(m) = read_frame::<ClientMsg>(&mut r) {
        assert_eq!(
            decode::<ClientMsg>(&encode(&m).expect("encode")).expect("decode"),
            m
        );
    }
    let raw = u.bytes(u.len())?;
    if let Ok(m) = decode::<ClientMsg>(raw) {
        assert_eq!(
            decode::<ClientMsg>(&encode(&m).expect("encode")).expect("decode"),
            m
        );
    }
    if let Ok(m) = decode::<ServerMsg>(raw) {
        assert_eq!(
            decode::<ServerMsg>(&encode(&m).expect("encode")).expect("decode"),
            m
        );
    }
    Ok(())
}
