//! A `tmux` that reaches ccmux: a symlink to the running binary named `tmux`, in a private directory of
//! the server's state directory, put first on `PATH` for jobs (run-shell, if-shell). Invoked as `tmux`,
//! ccmux talks to the server named by `$TMUX` (see `main.rs`), so plugin scripts that call `tmux` drive
//! this server and never start or change a real tmux server.

use super::state::Server;
use std::path::PathBuf;

/// The directory holding the `tmux` link, created on first use (0700; the link is replaced if it
/// points elsewhere, e.g. after an upgrade). `None` if it cannot be made.
pub fn dir(srv: &Server) -> Option<PathBuf> {
    let name = crate::paths::server_name(&srv.socket_path);
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
