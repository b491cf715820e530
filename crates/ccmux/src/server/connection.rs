//! One client connection: hello, then commands, each answered once its changes are applied.

use super::Shared;
use ccmux_proto::{decode, ClientMsg, ServerMsg, PROTOCOL_VERSION};
use futures_util::{SinkExt, StreamExt};
use tokio::net::UnixStream;
use tokio_util::codec::Framed;

pub async fn handle(stream: UnixStream, shared: &std::sync::Arc<Shared>) {
    let peer_ok = stream
        .peer_cred()
        .map(|c| c.uid() == rustix::process::getuid().as_raw())
        .unwrap_or(false);
    let mut framed = Framed::new(stream, ccmux_proto::codec());
    if !peer_ok {
        tracing::warn!("refused a client of another user");
        let _ = send(
            &mut framed,
            &ServerMsg::Refused("permission denied: not your server".into()),
        )
        .await;
        return;
    }
    match next(&mut framed).await {
        Some(ClientMsg::Hello { version }) if version == PROTOCOL_VERSION => {}
        Some(ClientMsg::Hello { version }) => {
            let msg = format!(
                "protocol version mismatch (server {PROTOCOL_VERSION}, client {version}): \
                 restart the server or use the matching ccmux binary"
            );
            let _ = send(&mut framed, &ServerMsg::Refused(msg)).await;
            return;
        }
        _ => return,
    }
    let hello = ServerMsg::Hello {
        version: PROTOCOL_VERSION,
        pid: std::process::id(),
    };
    if send(&mut framed, &hello).await.is_err() {
        return;
    }
    while let Some(msg) = next(&mut framed).await {
        match msg {
            ClientMsg::Command(req) => {
                let (outcome, commit) = {
                    let mut srv = shared.lock();
                    let outcome = crate::cmd::run(&mut srv, req);
                    let commit = srv.commit(&outcome.changes);
                    (outcome, commit)
                };
                let mut reply = outcome.reply;
                // The reply waits until the command's changes are durable; processes the command
                // ended (kill-window ...) end only then.
                if let Err(e) = commit.finish(shared).await {
                    tracing::error!("change not durable: {e}");
                    reply.stderr.push_str(&format!(
                        "ccmux: warning: persistence is degraded, this change is not saved: {e}\n"
                    ));
                }
                let after = super::effects::before_reply(shared, &outcome.effects).await;
                if send(&mut framed, &ServerMsg::Done(reply)).await.is_err() {
                    return;
                }
                after.carry_out(shared);
            }
            ClientMsg::Attach(req) => {
                super::attach::run(framed, shared, req).await;
                return;
            }
            ClientMsg::Hello { .. } | ClientMsg::Input(_) | ClientMsg::Resize { .. } => return,
        }
    }
}

pub type Conn = Framed<UnixStream, tokio_util::codec::LengthDelimitedCodec>;

/// The next well-formed message; `None` on close, on an oversized or malformed frame (the connection is
/// then dropped: the server and other clients are unaffected).
pub async fn next(framed: &mut Conn) -> Option<ClientMsg> {
    match framed.next().await? {
        Ok(bytes) => match decode::<ClientMsg>(&bytes) {
            Ok(msg) => Some(msg),
            Err(e) => {
                tracing::warn!("dropping client: {e}");
                None
            }
        },
        Err(e) => {
            tracing::warn!("dropping client: {e}");
            None
        }
    }
}

pub async fn send(framed: &mut Conn, msg: &ServerMsg) -> Result<(), ()> {
    let bytes = ccmux_proto::encode(msg).map_err(|_| ())?;
    framed.send(bytes::Bytes::from(bytes)).await.map_err(|_| ())
}
