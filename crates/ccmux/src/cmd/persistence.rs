use super::support::{fail, CmdResult, Ctx};
use ccmux_persist::checkpoint::CheckpointState;
use clap::{Args, Subcommand};
use std::fmt::Write;
use std::path::Path;

#[derive(Subcommand, Debug)]
pub enum Persistence {
    /// The server's persistence: directory, checkpoints, WAL since the last one, fsync latency, health.
    Status,
    /// What recovery would rebuild from the state directory, read offline (no server needed).
    Inspect(Inspect),
    /// Write a checkpoint now (and drop the WAL it covers).
    Checkpoint,
}

#[derive(Args, Debug)]
pub struct Inspect {
    #[arg(long)]
    pub json: bool,
}

impl Persistence {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        match self {
            Persistence::Status => status(ctx),
            Persistence::Inspect(_) => fail("persistence inspect runs in the client"),
            Persistence::Checkpoint => match ctx.srv.store {
                Some(_) => {
                    ctx.srv.checkpoint_requested = true;
                    Ok(())
                }
                None => fail("persistence is off"),
            },
        }
    }
}

fn status(ctx: &mut Ctx) -> CmdResult {
    let Some(store) = ctx.srv.store.clone() else {
        ctx.print("enabled: no");
        return Ok(());
    };
    let st = store.status();
    let mut o = String::new();
    let _ = writeln!(o, "enabled: yes");
    let _ = writeln!(o, "directory: {}", st.root.display());
    match &st.wal.degraded {
        Some(why) => {
            let _ = writeln!(
                o,
                "state: DEGRADED: {why} (changes are not being saved; retrying)"
            );
        }
        None => {
            let _ = writeln!(o, "state: healthy");
        }
    }
    let _ = writeln!(o, "checkpoints: {}", st.checkpoints.len());
    for c in &st.checkpoints {
        let state = match &c.state {
            CheckpointState::Valid => "valid".to_string(),
            other => format!("{other:?}"),
        };
        let _ = writeln!(
            o,
            "  lsn {} at {} ({} bytes, {state})",
            c.lsn,
            c.unix_ms
                .map_or("?".into(), |ms| crate::server::format_vars::time_string(
                    ms / 1000
                )),
            c.size
        );
    }
    let _ = writeln!(
        o,
        "wal: {} records, {} bytes since the last checkpoint; next lsn {}, durable lsn {}",
        st.records_since_checkpoint, st.bytes_since_checkpoint, st.wal.next_lsn, st.wal.durable_lsn
    );
    let _ = writeln!(
        o,
        "fsync: {} syncs, last {:?}, max {:?}",
        st.wal.syncs, st.wal.last_fsync_latency, st.wal.max_fsync_latency
    );
    for note in &ctx.srv.recovery_notes {
        let _ = writeln!(o, "recovery: {note}");
    }
    ctx.out.push_str(&o);
    Ok(())
}

fn recovered(
    socket: &Path,
    config: Option<&Path>,
) -> anyhow::Result<ccmux_persist::store::Recovered> {
    let dir = crate::client::persistence_dir(socket, config)?;
    Ok(ccmux_persist::store::recover(&dir)?)
}

pub fn inspect_text(socket: &Path, config: Option<&Path>) -> anyhow::Result<i32> {
    let r = recovered(socket, config)?;
    let m = &r.model;
    match &r.checkpoint {
        Some(c) => println!("checkpoint: lsn {} ({})", c.lsn, c.path.display()),
        None => println!("checkpoint: none"),
    }
    println!(
        "wal: {} records replayed, last lsn {}",
        r.records_replayed, r.last_lsn
    );
    for s in m.sessions.values() {
        println!(
            "{}: {} windows [{}x{}] {}",
            s.name,
            s.windows.len(),
            s.cols,
            s.rows,
            s.id
        );
        for (index, w) in &s.windows {
            let win = &m.windows[w];
            println!(
                "  {index}: {} ({} panes) {}",
                win.name,
                win.layout.panes().len(),
                w
            );
            for p in win.layout.panes() {
                let pane = &m.panes[&p];
                let h = r.panes.get(&p);
                println!(
                    "    {p} cwd {} command {:?} scrollback {} lines + {} bytes",
                    pane.cwd,
                    pane.spec.command,
                    h.map_or(0, |h| h.lines.len()),
                    h.map_or(0, |h| h.output.len())
                );
            }
        }
    }
    for p in &r.problems {
        println!("problem: {p}");
    }
    Ok(0)
}

pub fn inspect_json(socket: &Path, config: Option<&Path>) -> anyhow::Result<i32> {
    let r = recovered(socket, config)?;
    let panes: serde_json::Map<String, serde_json::Value> = r
        .panes
        .iter()
        .map(|(p, h)| {
            (
                p.to_string(),
                serde_json::json!({"lines": h.lines.len(), "output_bytes": h.output.len(), "offset": h.offset}),
            )
        })
        .collect();
    let out = serde_json::json!({
        "checkpoint_lsn": r.checkpoint.as_ref().map(|c| c.lsn),
        "last_lsn": r.last_lsn,
        "records_replayed": r.records_replayed,
        "model": r.model,
        "panes": panes,
        "problems": r.problems,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(0)
}
