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
        let value = crate::server::format_ctx::Target::for_pane(self.srv, self.session, pane)
            .expand(format);
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
    let _ = srv;
    let mut env = NoEnv;
    let opts = ParseOptions {
        parse_only: true,
        ..ParseOptions::default()
    };
    let parsed = ccmux_lang::parse(text, &opts, &mut env).map_err(|e| e.to_string())?;
    canonical_commands(&parsed)
}

/// [`canonical`] for commands already parsed (a `{ }` block, or command-line words).
pub fn canonical_commands(cmds: &[ParsedCommand]) -> Result<String, String> {
    let prepared = super::prepare_all(cmds)?;
    Ok(print(&prepared, false))
}

/// Commands printed as tmux's cmd_list_print: each with its full name and its arguments as args_print
/// gives them, joined with ` ; ` (` \; ` when `escaped`, as list-keys shows them). Blocks inside are
/// printed the same way, unescaped.
pub fn print(cmds: &[Prepared], escaped: bool) -> String {
    let block = |inner: &[ParsedCommand]| match super::prepare_all(inner) {
        Ok(p) => print(&p, false),
        Err(_) => ccmux_lang::print_commands(inner),
    };
    let sep = if escaped { " \\; " } else { " ; " };
    cmds.iter()
        .map(|c| {
            let args = c.args.print(&block);
            if args.is_empty() {
                c.entry.name.to_string()
            } else {
                format!("{} {args}", c.entry.name)
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// A stored command text (a binding's, a hook's) printed for listing.
pub fn print_text(text: &str, escaped: bool) -> String {
    let opts = ParseOptions {
        parse_only: true,
        ..ParseOptions::default()
    };
    let mut env = NoEnv;
    match ccmux_lang::parse(text, &opts, &mut env)
        .map_err(|e| e.to_string())
        .and_then(|c| super::prepare_all(&c))
    {
        Ok(p) => print(&p, escaped),
        Err(_) => text.to_string(),
    }
}

/// Stored command text is parsed as is: nothing is expanded again (it was when it was first parsed).
pub struct NoEnv;

impl ParseEnv for NoEnv {
    fn get_env(&self, _: &str) -> Option<String> {
        None
    }
    fn set_env(&mut self, _: &str, _: &str, _: bool) {}
    fn home_dir(&self, _: Option<&str>) -> Option<String> {
        None
    }
    fn condition(&mut self, _: &str) -> bool {
        false
    }
}
