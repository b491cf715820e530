//! Where the socket, the config file and the state directory live.

use anyhow::{bail, Context, Result};
use etcetera::BaseStrategy;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

/// The socket directory: `$CCMUX_TMPDIR/ccmux-UID` (as tmux's `$TMUX_TMPDIR/tmux-UID`), else
/// `$XDG_RUNTIME_DIR/ccmux`, else `/tmp/ccmux-UID`.
pub fn socket_dir() -> PathBuf {
    let uid = rustix::process::getuid().as_raw();
    if let Some(dir) = std::env::var_os("CCMUX_TMPDIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join(format!("ccmux-{uid}"));
    }
    if let Some(dir) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("ccmux");
    }
    PathBuf::from(format!("/tmp/ccmux-{uid}"))
}

/// The socket path from `-S`, or `-L name` (default `default`) in the socket directory.
pub fn socket_path(name: Option<&str>, path: Option<&Path>) -> PathBuf {
    match path {
        Some(p) => p.to_path_buf(),
        None => socket_dir().join(name.unwrap_or("default")),
    }
}

/// The name the server's state directory is kept under: the socket's file name.
pub fn server_name(socket: &Path) -> String {
    socket
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "default".into())
}

/// `$XDG_STATE_HOME/ccmux/<server-name>` (default `~/.local/state/ccmux/<server-name>`).
pub fn state_dir(server_name: &str) -> Result<PathBuf> {
    let base = etcetera::choose_base_strategy().context("cannot find the home directory")?;
    let state = base
        .state_dir()
        .unwrap_or_else(|| base.home_dir().join(".local/state"));
    Ok(state.join("ccmux").join(server_name))
}

/// `$XDG_CONFIG_HOME/ccmux/config.toml`.
pub fn default_config_file() -> Option<PathBuf> {
    let base = etcetera::choose_base_strategy().ok()?;
    Some(base.config_dir().join("ccmux").join("config.toml"))
}

/// Makes sure `dir` is a private directory of ours, creating it (and missing parents, each 0700) if
/// need be, as tmux checks its socket directory: after `mkdir`, `lstat` it and refuse a symbolic link,
/// anything not a directory, another owner, or group/other permissions. A directory ccmux did not
/// create is never chmod'ed: an unsafe one is an error saying so.
pub fn private_dir(dir: &Path) -> Result<()> {
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", dir.display())),
    }
    let meta =
        std::fs::symlink_metadata(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    if meta.file_type().is_symlink() {
        bail!(
            "{} is a symbolic link: refusing to use it (remove it, or point -S elsewhere)",
            dir.display()
        );
    }
    if !meta.is_dir() {
        bail!("{} is not a directory", dir.display());
    }
    let uid = rustix::process::getuid().as_raw();
    if meta.uid() != uid {
        bail!(
            "{} is owned by uid {}, not by you ({uid})",
            dir.display(),
            meta.uid()
        );
    }
    if meta.mode() & 0o077 != 0 {
        bail!(
            "{} has unsafe permissions ({:o}): make it private (chmod 700) or use another directory",
            dir.display(),
            meta.mode() & 0o7777
        );
    }
    Ok(())
}

/// The state directory (`$XDG_STATE_HOME/ccmux/<name>`, ccmux's own place in the user's home):
/// created 0700 if missing; an existing one of ours is tightened to 0700 (it holds pane contents), one
/// of another owner refused. A symbolic link to it is followed: moving the state to another disk
/// behind a link is the user's choice, and the parent is not a shared directory.
pub fn state_dir_private(dir: &Path) -> Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let meta = std::fs::metadata(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let uid = rustix::process::getuid().as_raw();
    if meta.uid() != uid {
        bail!(
            "{} is owned by uid {}, not by you ({uid})",
            dir.display(),
            meta.uid()
        );
    }
    if meta.mode() & 0o077 != 0 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make {} private", dir.display()))?;
    }
    Ok(())
}

/// A socket name (`-L`) must not end like the files kept beside a socket (`NAME.lock`, `NAME.keeper`):
/// `-L x.keeper` would take the place of server `x`'s keeper.
pub fn check_socket_name(name: &str) -> Result<()> {
    for suffix in [".lock", ".keeper"] {
        if name.ends_with(suffix) {
            bail!("invalid socket name {name:?}: it must not end in {suffix}");
        }
    }
    if name.contains('/') {
        bail!("invalid socket name {name:?}: use -S for a path");
    }
    Ok(())
}
