use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx, Effect};
use super::Args;
use ccmux_persist::checkpoint::CheckpointState;
use std::fmt::Write;
use std::path::Path;

pub const ENTRY: Entry = Entry {
    name: "persistence",
    alias: None,
    template: "",
    lower: 1,
    upper: Some(2),
    json: false,
    usage: "status | checkpoint | inspect [--json] | restore --dry-run | restore --last",
    about:
        "crash-safe persistence: status, a checkpoint now, what recovery would rebuild, or what \
            a restore after a reboot would start again (the last two offline)",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(exec),
};

/// What the client runs itself, without a server, reading the saved state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offline {
    /// `persistence inspect`, with `--json` or not.
    Inspect { json: bool },
    /// `persistence restore --dry-run`.
    RestoreDryRun,
    /// `persistence restore --last`.
    RestoreLast,
}

/// Whether a command line is one the client runs offline (see [`Offline`]).
pub fn offline(cmds: &[super::Prepared]) -> Option<Offline> {
    let [one] = cmds else { return None };
    if one.entry.name != ENTRY.name {
        return None;
    }
    match (one.args.arg(0).as_deref(), one.args.arg(1).as_deref()) {
        (Some("inspect"), second) => Some(Offline::Inspect {
            json: second == Some("--json"),
        }),
        (Some("restore"), Some("--dry-run")) => Some(Offline::RestoreDryRun),
        (Some("restore"), Some("--last")) => Some(Offline::RestoreLast),
        _ => None,
    }
}

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let sub = args.arg(0).unwrap_or_default();
    if args.len() > 1 && sub != "inspect" && sub != "restore" {
        return fail(format!("persistence {sub}: too many arguments"));
    }
    match sub.as_str() {
        "status" => status(ctx),
        "inspect" => fail("persistence inspect runs in the client"),
        "restore" => fail(
            "persistence restore: give --dry-run (what a restore after a reboot would start again) \
             or --last (the state a kill-server ended)",
        ),
        // Written before the reply; a failure is the command's error (exit 1).
        "checkpoint" => match ctx.srv.store {
            Some(_) => {
                ctx.effects.push(Effect::Checkpoint);
                Ok(())
            }
            None => fail("persistence is off"),
        },
        other => fail(format!(
            "unknown persistence command: {other} (status, checkpoint, inspect, restore)"
        )),
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
    let health = &st.checkpoint_health;
    let time = |ms: u64| crate::server::format_vars::time_string(ms / 1000);
    match (&st.wal.degraded, &health.last_error) {
        (Some(why), _) => {
            let _ = writeln!(
                o,
                "state: DEGRADED: {why} (changes are not being saved; retrying)"
            );
        }
        (None, Some((_, why))) => {
            let _ = writeln!(
                o,
                "state: FAILING: checkpoints fail ({why}); changes are saved in the WAL, which \
                 cannot be trimmed until a checkpoint works"
            );
        }
        (None, None) => {
            let _ = writeln!(o, "state: healthy");
        }
    }
    let last_ok = health
        .last_ok_ms
        .map_or("none since the server started".to_string(), time);
    match &health.last_error {
        Some((at, why)) => {
            let _ = writeln!(
                o,
                "checkpoint: last written {last_ok}; {} failed in a row, the last at {}: {why}",
                health.failures_in_a_row,
                time(*at)
            );
        }
        None => {
            let _ = writeln!(o, "checkpoint: last written {last_ok}");
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
    let bound = ctx.srv.config.persistence.max_wal_size_mb;
    let _ = writeln!(
        o,
        "wal on disk: {} bytes in {} segment(s) (bound {bound} MiB)",
        st.wal.disk_bytes(),
        st.wal.segments.len()
    );
    let _ = writeln!(
        o,
        "fsync: {} syncs, last {:?}, max {:?}",
        st.wal.syncs, st.wal.last_fsync_latency, st.wal.max_fsync_latency
    );
    let late = crate::server::late_recovery_notes();
    for note in ctx.srv.recovery_notes.iter().chain(&late) {
        let _ = writeln!(o, "recovery: {note}");
    }
    ctx.out.push_str(&o);
    Ok(())
}

pub(super) fn recovered(
    socket: &Path,
    config: Option<&Path>,
) -> anyhow::Result<ccmux_persist::store::Recovered> {
    let dir = crate::client::persistence_dir(socket, config)?;
    Ok(ccmux_persist::store::recover(&dir)?)
}

/// `persistence inspect` and `persistence restore --dry-run`, run by the client: what recovery would
/// rebuild, read offline.
pub fn inspect(socket: &Path, config: Option<&Path>, what: Offline) -> anyhow::Result<i32> {
    match what {
        Offline::Inspect { json: true } => inspect_json(socket, config),
        Offline::Inspect { json: false } => inspect_text(socket, config),
        Offline::RestoreDryRun => super::restore_plan::dry_run(socket, config),
        Offline::RestoreLast => super::restore_plan::last(socket, config),
    }
}

fn inspect_text(socket: &Path, config: Option<&Path>) -> anyhow::Result<i32> {
    let r = recovered(socket, config)?;
    let m = &r.model;
    let rules = crate::config::Config::load(config)?
        .0
        .restore
        .with_options(m);
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
                if let Some(fg) = &pane.foreground {
                    println!(
                        "      runs {} in {} ({})",
                        crate::restore_rules::shell_line(&fg.argv),
                        fg.cwd,
                        fg.chain.join(" > ")
                    );
                }
                if let Some(plan) = crate::restore_rules::plan(&rules, pane) {
                    println!("      after a reboot: {}", plan.describe(false));
                }
            }
        }
    }
    for p in &r.problems {
        println!("problem: {p}");
    }
    Ok(0)
}

fn inspect_json(socket: &Path, config: Option<&Path>) -> anyhow::Result<i32> {
    let r = recovered(socket, config)?;
    let rules = (crate::config::Config::load(config)?.0.restore).with_options(&r.model);
    let restore: serde_json::Map<String, serde_json::Value> = r
        .model
        .panes
        .iter()
        .filter_map(|(id, p)| {
            let plan = crate::restore_rules::plan(&rules, p)?;
            let how = match plan.how {
                crate::restore_rules::How::Typed => "typed",
                crate::restore_rules::How::Command => "command",
            };
            Some((
                id.to_string(),
                serde_json::json!({
                    "how": how,
                    "action": plan.decision.action.name(),
                    "rule": plan.decision.rule,
                    "command": plan.decision.argv,
                }),
            ))
        })
        .collect();
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
        "restore": restore,
        "problems": r.problems,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(0)
}
