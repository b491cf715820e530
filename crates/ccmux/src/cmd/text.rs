//! Commands as text in tmux's syntax (config files, the `:` prompt, key bindings, hooks): parsed with
//! `ccmux-lang` in the server's environment, then checked against the registry.

use super::Prepared;
use crate::server::state::Server;
use ccmux_lang::{ParseEnv, ParseOptions, ParsedCommand};
use ccmux_model::{EnvValue, PaneId, SessionId};

/// What the parser asks of the server: environment variables (the session's, the global ones, then the
/// server's own), home directories, `%if` conditions (formats), and `NAME=value` lines.
pub struct ServerEnv<'a> {
    pub srv: &'a Server,
    pub session: Option<SessionId>,
    pub pane: Option<PaneId>,
    /// `NAME=value` and `%hidden NAME=value` lines seen: (name, value, hidden).
    pub assignments: Vec<(String, String, bool)>,
}

impl<'a> ServerEnv<'a> {
    pub fn new(srv: &'a Server, session: Option<SessionId>, pane: Option<PaneId>) -> Self {
        ServerEnv {
            srv,
            session,
            pane,
            assignments: Vec::new(),
        }
    }
}

impl ParseEnv for ServerEnv<'_> {
    fn get_env(&self, name: &str) -> Option<String> {
        if let Some((_, v, _)) = self.assignments.iter().rev().find(|(n, _, _)| n == name) {
            return Some(v.clone());
        }
        let model = &self.srv.model;
        let scoped = self
            .session
            .and_then(|s| model.sessions.get(&s))
            .and_then(|s| s.environment.get(name));
        match scoped.or_else(|| model.environment.get(name)) {
            Some(EnvValue { value, .. }) => value.clone(),
            None => std::env::var(name).ok(),
        }
    }

    fn set_env(&mut self, name: &str, value: &str, hidden: bool) {
        self.assignments
            .push((name.to_string(), value.to_string(), hidden));
    }

    fn home_dir(&self, user: Option<&str>) -> Option<String> {
        match user {
            None => std::env::var("HOME").ok(),
            Some(u) => home_of(u),
        }
    }

    fn condition(&mut self, format: &str) -> bool {
        let pane = self
            .pane
            .or_else(|| self.session.and_then(|s| self.srv.model.active_pane(s)));
        let value = crate::server::format_ctx::Target::for_pane(self.srv, pane).expand(format);
        ccmux_lang::format_true(&value)
    }
}

/// A user's home directory from the password database.
fn home_of(user: &str) -> Option<String> {
    let name = std::ffi::CString::new(user).ok()?;
    let mut buf = vec![0u8; 16 * 1024];
    // SAFETY: getpwnam_r fills `pwd` with pointers into `buf`, which outlives their use here.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwnam_r(
            name.as_ptr(),
            &mut pwd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        );
        if rc != 0 || result.is_null() || pwd.pw_dir.is_null() {
            return None;
        }
        Some(
            std::ffi::CStr::from_ptr(pwd.pw_dir)
                .to_string_lossy()
                .into_owned(),
        )
    }
}

/// Parses command text and checks every command against the registry (tmux's cmd_parse_from_string):
/// a syntax error, an unknown command or a bad flag is an error before anything runs.
pub fn parse(
    text: &str,
    opts: &ParseOptions,
    env: &mut ServerEnv,
) -> Result<Vec<Prepared>, String> {
    let parsed = ccmux_lang::parse(text, opts, env).map_err(|e| e.to_string())?;
    super::prepare_all(&parsed).map_err(|e| match &opts.file {
        Some(f) => format!("{f}:{}: {e}", first_line(&parsed)),
        None => e,
    })
}

fn first_line(cmds: &[ParsedCommand]) -> u32 {
    cmds.first().map_or(0, |c| c.line)
}

/// Checks command text and prints it back with each command's full name (as tmux stores and lists a
/// binding's or a hook's commands): `display hi` becomes `display-message hi`.
pub fn canonical(text: &str, srv: &Server) -> Result<String, String> {
    let mut env = ServerEnv::new(srv, None, None);
    let opts = ParseOptions {
        parse_only: true,
        ..ParseOptions::default()
    };
    let parsed = ccmux_lang::parse(text, &opts, &mut env).map_err(|e| e.to_string())?;
    canonical_commands(&parsed)
}

/// [`canonical`] for commands already parsed (a `{ }` block, or command-line words).
pub fn canonical_commands(cmds: &[ParsedCommand]) -> Result<String, String> {
    let mut out = Vec::with_capacity(cmds.len());
    for c in cmds {
        let prepared = super::prepare(c)?;
        let mut c = c.clone();
        c.name = prepared.entry.name.to_string();
        out.push(c);
    }
    Ok(ccmux_lang::print_commands(&out))
}
