//! Where the socket, the config file and the state directory live.

use anyhow::{bail, Context, Result};
use etcetera::BaseStrategy;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The socket directory: `$CCMUX_TMPDIR`, else `$XDG_RUNTIME_DIR/ccmux`, else `/tmp/ccmux-UID`.
pub fn socket_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CCMUX_TMPDIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("ccmux");
    }
    PathBuf::from(format!("/tmp/ccmux-{}", rustix::process::getuid().as_raw()))
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

/// Creates `dir` (and parents) with mode 0700 and checks that it is ours and private.
pub fn private_dir(dir: &Path) -> Result<()> {
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
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make {} private", dir.display()))?;
    }
    Ok(())
}
