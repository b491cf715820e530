//! `persistence restore --dry-run`: what a restore after a reboot would start again in each pane, by
//! the restore rules (issue 13), read offline from the saved state before anything runs.

use std::path::Path;

pub fn dry_run(socket: &Path, config: Option<&Path>) -> anyhow::Result<i32> {
    let r = super::persistence::recovered(socket, config)?;
    let rules = crate::config::Config::load(config)?.0.restore;
    let m = &r.model;
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
                let what = match crate::restore_rules::plan(&rules, pane) {
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
