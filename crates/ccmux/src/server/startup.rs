//! What a server does before it listens: the default key bindings (once in a server's life), and for a
//! server that starts afresh (nothing recovered), the options tmux takes from the environment
//! (`default-shell` from `$SHELL`, `editor` and vi keys from `$VISUAL`/`$EDITOR`), then `config.toml`'s
//! option keys, then the tmux-syntax config files. A recovered server keeps the options, bindings and
//! hooks it had: they are part of the saved state.

use super::state::Server;
use crate::cmd::queue::QueueState;
use crate::cmd::{self, Ctx, Source};
use std::path::PathBuf;

/// The tmux-syntax files to source at start: the `-f` ones, or the default ones that exist.
pub fn tmux_files(explicit: &[PathBuf]) -> Vec<PathBuf> {
    if !explicit.is_empty() {
        return explicit.to_vec();
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    if let Some(own) = config.as_ref().map(|c| c.join("ccmux/ccmux.conf")) {
        if own.exists() {
            return vec![own];
        }
    }
    // tmux's list: every one that exists is sourced.
    let mut out = vec![PathBuf::from("/etc/tmux.conf")];
    if let Some(h) = &home {
        out.push(h.join(".tmux.conf"));
    }
    if let Some(c) = &config {
        out.push(c.join("tmux/tmux.conf"));
    }
    if let Some(h) = &home {
        out.push(h.join(".config/tmux/tmux.conf"));
    }
    out.dedup();
    out.into_iter().filter(|p| p.exists()).collect()
}

/// Runs the start-up commands until the first job (if-shell, run-shell in a config); returns the errors
/// to show (config file problems) and, if a job waits, the queue to run on once the server listens
/// (a plugin script's `tmux` calls must reach it).
pub fn initialize(
    srv: &mut Server,
    fresh: bool,
    tmux_files: &[PathBuf],
) -> (Vec<String>, Option<(cmd::queue::Wait, QueueState)>) {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/".into());
    let state = QueueState::new(Source::Internal, Default::default(), home);
    let mut ctx = Ctx::with_queue(srv, state);
    let mut errors = Vec::new();
    // Queued in reverse (each goes to the front): defaults, environment, config.toml, the files.
    if fresh {
        for file in tmux_files.iter().rev() {
            let path = file.display().to_string();
            errors.extend(cmd::source(&mut ctx, &path, Default::default()));
        }
        for line in ctx.srv.config.as_commands().iter().rev() {
            if let Err(e) = cmd::run_text_in(&mut ctx, line) {
                errors.push(format!("config.toml: {line}: {e}"));
            }
        }
        for line in environment_defaults().iter().rev() {
            if let Err(e) = cmd::run_text_in(&mut ctx, line) {
                errors.push(format!("{line}: {e}"));
            }
        }
    }
    if !ctx.srv.model.keys_initialized {
        if let Err(e) = cmd::install_defaults(&mut ctx) {
            errors.push(format!("default key bindings: {e}"));
        }
    }
    cmd::queue::drain(&mut ctx);
    let mut outcome = ctx.finish();
    errors.extend(outcome.reply.stderr.lines().map(String::from));
    srv.commit_in_background(&outcome.changes);
    (errors, outcome.suspended.take())
}

/// Runs the rest of the start-up queue (its jobs off the lock, while the server serves), reporting
/// errors as config errors; then lets the first client in.
pub async fn finish(
    shared: std::sync::Arc<super::Shared>,
    mut next: Option<(cmd::queue::Wait, QueueState)>,
) {
    while let Some((wait, state)) = next.take() {
        let result = cmd::queue::run_job(wait.job.clone()).await;
        let mut srv = shared.lock();
        let outcome = cmd::resume(&mut srv, wait, state, result);
        let errors: Vec<String> = outcome.reply.stderr.lines().map(String::from).collect();
        for e in &errors {
            tracing::warn!("config: {e}");
        }
        srv.add_messages(&errors);
        srv.config_causes.extend(errors);
        srv.commit_in_background(&outcome.changes);
        next = outcome.suspended;
    }
    load_prompt_history(shared.clone()).await;
    let _ = shared.config_done.send(true);
}

/// Reads `history-file` (once the config set it), as tmux does after its config.
pub async fn load_prompt_history(shared: std::sync::Arc<super::Shared>) {
    let (path, limit) = {
        let srv = shared.lock();
        let model = &srv.model;
        let scope = ccmux_model::OptionScope::Server;
        (
            super::prompt_history::file(&model.option_text(scope, "history-file")),
            model.option_number(scope, "prompt-history-limit").max(0) as usize,
        )
    };
    let Some(path) = path else {
        return;
    };
    let text = tokio::task::spawn_blocking(move || std::fs::read_to_string(path).ok())
        .await
        .ok()
        .flatten();
    if let Some(text) = text {
        shared.lock().prompt_history.load(&text, limit);
    }
}

/// `default-shell` from `$SHELL` (if it is a usable absolute path), `editor` and the vi key modes from
/// `$VISUAL` or `$EDITOR`, as tmux's client sets them when it starts a server.
fn environment_defaults() -> Vec<String> {
    let q = ccmux_lang::quote_word;
    let mut out = Vec::new();
    if let Some(shell) = std::env::var("SHELL").ok().filter(|s| usable_shell(s)) {
        out.push(format!("set -g default-shell {}", q(&shell)));
    }
    let editor = std::env::var("VISUAL")
        .ok()
        .or_else(|| std::env::var("EDITOR").ok());
    if let Some(e) = editor {
        out.push(format!("set -s editor {}", q(&e)));
        let base = e.rsplit('/').next().unwrap_or(&e);
        let keys = if base.contains("vi") { "vi" } else { "emacs" };
        out.push(format!("set -g status-keys {keys}"));
        out.push(format!("set -gw mode-keys {keys}"));
    }
    out
}

/// tmux's checkshell: absolute, executable, and not tmux (or ccmux) itself.
fn usable_shell(shell: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    if !shell.starts_with('/') {
        return false;
    }
    let base = shell.rsplit('/').next().unwrap_or(shell);
    if base == "tmux" || base == "ccmux" {
        return false;
    }
    std::fs::metadata(shell).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
