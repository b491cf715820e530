//! What commands share: the execution context, errors, pane creation and list output.

use crate::server::format_vars::Vars;
use crate::server::state::Server;
use ccmux_model::{
    Change, ChangeError, Current, Effects, PaneId, PaneSpec, SessionId, TargetError, WindowId,
};
use ccmux_proto::{CommandReply, CommandRequest};
use clap::Parser;

/// A command's failure: printed on stderr, exit status 1.
#[derive(Debug, thiserror::Error)]
pub enum CmdError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error(transparent)]
    Change(#[from] ChangeError),
    #[error("{0}")]
    Msg(String),
}

pub type CmdResult = Result<(), CmdError>;

pub fn fail<T>(msg: impl Into<String>) -> Result<T, CmdError> {
    Err(CmdError::Msg(msg.into()))
}

/// The execution context of one command.
pub struct Ctx<'a> {
    pub srv: &'a mut Server,
    pub current: Current,
    /// The client's working directory.
    pub cwd: String,
    pub out: String,
    /// Changes applied so far: logged together, as one record.
    pub changes: Vec<Change>,
}

/// Parses and runs one command; returns the reply and the changes it made.
pub fn run(srv: &mut Server, req: CommandRequest) -> (CommandReply, Vec<Change>) {
    let argv = std::iter::once("ccmux".to_string()).chain(req.argv);
    let command = match crate::cli::Cli::try_parse_from(argv) {
        Ok(cli) => cli.command,
        Err(e) => {
            return (
                CommandReply {
                    status: 1,
                    stdout: String::new(),
                    stderr: e.render().to_string(),
                },
                Vec::new(),
            )
        }
    };
    let Some(command) = command else {
        return (CommandReply::default(), Vec::new());
    };
    let current = Current {
        pane: req.pane.as_deref().and_then(PaneId::parse),
        session: srv.recent_session(),
    };
    let mut ctx = Ctx {
        srv,
        current,
        cwd: req.cwd,
        out: String::new(),
        changes: Vec::new(),
    };
    let result = command.exec(&mut ctx);
    let (status, stderr) = match result {
        Ok(()) => (0, String::new()),
        Err(e) => (1, format!("{e}\n")),
    };
    (
        CommandReply {
            status,
            stdout: ctx.out,
            stderr,
        },
        ctx.changes,
    )
}

impl Ctx<'_> {
    pub fn find_session(&mut self, target: Option<&str>) -> Result<SessionId, CmdError> {
        let s = self.srv.model.find_session(target, &self.current)?;
        self.srv.touch(s);
        Ok(s)
    }

    pub fn find_window(&mut self, target: Option<&str>) -> Result<(SessionId, WindowId), CmdError> {
        let found = self.srv.model.find_window(target, &self.current)?;
        self.srv.touch(found.0);
        Ok(found)
    }

    pub fn find_pane(
        &mut self,
        target: Option<&str>,
    ) -> Result<(SessionId, WindowId, PaneId), CmdError> {
        let found = self.srv.model.find_pane(target, &self.current)?;
        self.srv.touch(found.0);
        Ok(found)
    }

    /// Applies a change and records it for the log.
    pub fn apply(&mut self, change: Change) -> Result<Effects, CmdError> {
        let fx = self.srv.apply(&change)?;
        self.changes.push(change);
        Ok(fx)
    }

    /// Applies a change that creates `pane` and starts the pane's process; if the process cannot be
    /// started, the change is undone and not logged.
    pub fn create_pane(&mut self, change: Change, pane: PaneId) -> CmdResult {
        self.apply(change)?;
        if let Err(e) = self.srv.start_pane(pane, None) {
            let _ = self.srv.apply(&Change::PaneClosed { id: pane });
            self.changes.pop();
            return fail(format!("create pane failed: {e}"));
        }
        Ok(())
    }

    /// A new pane's spec from `-c`, `-e` and the command words.
    pub fn pane_spec(
        &self,
        cwd: Option<&str>,
        env: &[String],
        command: Vec<String>,
        format_pane: Option<PaneId>,
    ) -> Result<PaneSpec, CmdError> {
        let env = env
            .iter()
            .map(|e| match e.split_once('=') {
                Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
                _ => fail(format!("bad environment variable (want VAR=value): {e}")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cwd = match cwd {
            Some(c) if c.contains('#') => self.expand(c, format_pane),
            Some(c) => c.to_string(),
            None => self.cwd.clone(),
        };
        let cwd = if cwd.starts_with('/') {
            cwd
        } else {
            format!("{}/{cwd}", self.cwd)
        };
        Ok(PaneSpec {
            command,
            shell: self.srv.config.shell(),
            env,
            cwd,
        })
    }

    /// A window's default name: the program it runs.
    pub fn default_window_name(spec: &PaneSpec) -> String {
        let program = match spec.command.as_slice() {
            [] => spec.shell.as_str(),
            [one] => one.split_whitespace().next().unwrap_or(one),
            [first, ..] => first.as_str(),
        };
        program.rsplit('/').next().unwrap_or(program).to_string()
    }

    /// Expands a format for a pane (or for the server when none).
    pub fn expand(&self, fmt: &str, pane: Option<PaneId>) -> String {
        let vars = match pane {
            Some(p) => crate::server::format_vars::pane_vars(self.srv, p),
            None => crate::server::format_vars::server_vars(self.srv),
        };
        expand_vars(fmt, &vars)
    }

    /// Prints one line per row: the format expanded, or JSON objects with `--json`.
    pub fn emit_rows(&mut self, rows: &[Vars], format: Option<&str>, default: &str, json: bool) {
        if json {
            let text = serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into());
            self.out.push_str(&text);
            self.out.push('\n');
            return;
        }
        for row in rows {
            self.out
                .push_str(&expand_vars(format.unwrap_or(default), row));
            self.out.push('\n');
        }
    }

    pub fn print(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }
}

pub fn expand_vars(fmt: &str, vars: &Vars) -> String {
    ccmux_model::expand_format(fmt, &|name| vars.get(name).cloned())
}

/// Unix time now, in seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A size in cells, or a percentage of `extent` (`30%`; a non-zero percentage is at least one cell).
pub fn parse_size(s: &str, extent: u16) -> Result<u16, CmdError> {
    let parsed = match s.strip_suffix('%') {
        Some(p) => p.parse::<u32>().map(|p| percent(p, extent)),
        None => s.parse::<u16>(),
    };
    match parsed {
        Ok(n) if n > 0 => Ok(n),
        _ => fail(format!("invalid size: {s}")),
    }
}

/// `p` percent of `extent`, at least one cell unless `p` is 0.
pub fn percent(p: u32, extent: u16) -> u16 {
    let cells = (extent as u32 * p.min(100)) / 100;
    if p > 0 {
        cells.max(1) as u16
    } else {
        0
    }
}
