//! `persistence restore --dry-run`: what a restore after a reboot would start again in each pane, by
//! the restore rules (issue 13), read offline from the saved state before anything runs; and
//! `persistence restore --last`: the state a `kill-server` ended, brought back.

use std::path::Path;

pub fn dry_run(socket: &Path, config: Option<&Path>) -> anyhow::Result<i32> {
    let r = super::persistence::recovered(socket, config)?;
    let m = &r.model;
    let rules = crate::config::Config::load(config)?
        .0
        .restore
        .with_options(m);
    let mut any = false;
    for s in m.sessions.values() {
        for (index, w) in &s.windows {
            let Some(win) = m.windows.get(w) else {
                continue;
            };
            for (n, p) in win.layout.panes().into_iter().enumerate() {
                let Some(pane) = m.panes.get(&p) else {
                    continue;
                };
                let h = r.panes.get(&p);
                let plan = crate::restore_rules::plan_with_screen(
                    &rules,
                    pane,
                    h.and_then(|h| h.term.as_deref()),
                    h.map_or(&[][..], |h| &h.output),
                );
                let what = match plan {
                    Some(plan) => plan.describe(false),
                    None if pane.dead.is_some() => "stays dead".to_string(),
                    None => "a shell".to_string(),
                };
                println!("{}:{index}.{n} {p} in {}: {what}", s.name, pane.cwd);
                any = true;
            }
        }
    }
    if !any {
        println!("nothing saved to restore");
    }
    for p in &r.problems {
        println!("problem: {p}");
    }
    Ok(0)
}

/// `persistence restore --last`: makes the state the last `kill-server` set aside the saved state
/// again, when no server runs and nothing else is saved; the next command (`ccmux attach`) restores
/// it as after a reboot.
pub fn last(socket: &Path, config: Option<&Path>) -> anyhow::Result<i32> {
    let dir = crate::client::persistence_dir(socket, config)?;
    let Some(at) = ccmux_persist::last::saved_at(&dir) else {
        eprintln!(
            "persistence restore --last: nothing kept (a kill-server keeps its state for \
             persistence.keep_last_hours)"
        );
        return Ok(1);
    };
    let when = crate::server::format_vars::time_string(at);
    if std::os::unix::net::UnixStream::connect(socket).is_ok() {
        eprintln!(
            "persistence restore --last: a server is running; the state of {when} is kept in {} \
             until no server runs",
            dir.join("last").display()
        );
        return Ok(1);
    }
    // Only over nothing: an empty saved state that reads without a problem.
    let live = super::persistence::recovered(socket, config)?;
    if !live.model.sessions.is_empty() || !live.problems.is_empty() {
        eprintln!(
            "persistence restore --last: the state directory holds other saved state; the state \
             of {when} is kept in {}",
            dir.join("last").display()
        );
        return Ok(1);
    }
    ccmux_persist::last::bring_back(&dir)?;
    println!("the state of {when} is back: `ccmux attach` restores it");
    Ok(0)
}
