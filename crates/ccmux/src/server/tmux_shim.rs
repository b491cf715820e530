//! A `tmux` that reaches ccmux: a symlink to the running binary named `tmux`, in a private directory of
//! the server's state directory, put first on `PATH` for jobs (run-shell, if-shell, `#()`). Invoked as `tmux`,
//! ccmux talks to the server named by `$TMUX` (see `main.rs`), so plugin scripts that call `tmux` drive
//! this server and never start or change a real tmux server.

use std::path::{Path, PathBuf};

/// The directory holding the `tmux` link of the server listening on `socket`, created on first use
/// (0700; the link is replaced if it points elsewhere, e.g. after an upgrade). `None` if it cannot be
/// made.
fn dir(socket: &Path) -> Option<PathBuf> {
    let name = crate::paths::server_name(socket);
    let state = crate::paths::state_dir(&name).ok()?;
    let dir = state.join("bin");
    crate::paths::private_dir(&dir).ok()?;
    let exe = std::env::current_exe().ok()?;
    let exe = PathBuf::from(exe.to_string_lossy().trim_end_matches(" (deleted)"));
    let link = dir.join("tmux");
    if std::fs::read_link(&link).ok().as_ref() != Some(&exe) {
        let tmp = dir.join("tmux.tmp");
        let _ = std::fs::remove_file(&tmp);
        std::os::unix::fs::symlink(&exe, &tmp).ok()?;
        std::fs::rename(&tmp, &link).ok()?;
    }
    Some(dir)
}

/// The environment of a job (run-shell, if-shell, `#()`) of the server listening on `socket` (process
/// `pid`) for `session`: the server named in `TMUX` and `CCMUX`, and the `tmux` shim first on PATH.
pub fn job_env(socket: &Path, pid: u32, session: u32) -> Vec<(String, String)> {
    let id = format!("{},{},{}", socket.display(), pid, session);
    let mut env = vec![("TMUX".to_string(), id.clone()), ("CCMUX".to_string(), id)];
    if let Some(dir) = dir(socket) {
        let path = std::env::var("PATH").unwrap_or_default();
        env.push(("PATH".into(), format!("{}:{path}", dir.display())));
    }
    env
}
