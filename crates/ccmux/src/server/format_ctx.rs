//! The server's side of formats: the variables of a session, window or pane (from `format_vars`), options
//! as variables (`#{status-left}`, `#{@user}`), the `S:`/`W:`/`P:` loops, and strftime in local time.

use super::format_jobs::Tag;
use super::format_vars::{pane_vars, server_vars, session_vars, window_vars, Vars};
use super::state::Server;
use ccmux_model::format::{FormatContext, LoopItem};
use ccmux_model::{OptionScope, PaneId, SessionId, WindowId};

/// Formats expanded for one target (none, a session, a window or a pane).
pub struct Target<'a> {
    srv: &'a Server,
    session: Option<SessionId>,
    window: Option<WindowId>,
    pane: Option<PaneId>,
    /// The target's variables, computed on the first lookup (most expansions need none: text without
    /// `#`, or only options).
    vars: std::cell::OnceCell<Vars>,
    kind: Kind,
    /// Extra variables (a hook's), looked up first.
    extra: Option<&'a std::collections::BTreeMap<String, String>>,
    /// Whose `#()` jobs run, and how (the server's unless [`Target::with_jobs`] says whose).
    jobs: super::format_jobs::Scope<'a>,
    /// The loop item (window or pane) the format is expanded for: its jobs are its own.
    job_tag: super::format_jobs::Tag,
}

/// Which variables a target has.
#[derive(Clone, Copy)]
enum Kind {
    Server,
    Session(SessionId),
    Window(Option<SessionId>, WindowId),
    Pane(Option<SessionId>, PaneId),
}

impl<'a> Target<'a> {
    pub fn server(srv: &'a Server) -> Target<'a> {
        Target {
            srv,
            session: None,
            window: None,
            pane: None,
            vars: std::cell::OnceCell::new(),
            kind: Kind::Server,
            extra: None,
            jobs: super::format_jobs::Scope::SERVER,
            job_tag: Default::default(),
        }
    }

    pub fn session(srv: &'a Server, s: SessionId) -> Target<'a> {
        Target {
            srv,
            session: Some(s),
            window: srv.model.sessions.get(&s).map(|s| s.active_window),
            pane: srv.model.active_pane(s),
            vars: std::cell::OnceCell::new(),
            kind: Kind::Session(s),
            extra: None,
            jobs: super::format_jobs::Scope::SERVER,
            job_tag: Default::default(),
        }
    }

    /// A window as linked in `session` (a window may be linked in several; `None`: the first).
    pub fn window(srv: &'a Server, session: Option<SessionId>, w: WindowId) -> Target<'a> {
        let win = srv.model.windows.get(&w);
        let session = srv.model.session_of_window(w, session);
        Target {
            srv,
            session,
            window: Some(w),
            pane: win.map(|w| w.active_pane),
            vars: std::cell::OnceCell::new(),
            kind: Kind::Window(session, w),
            extra: None,
            jobs: super::format_jobs::Scope::SERVER,
            job_tag: Default::default(),
        }
    }

    /// A pane, its window as linked in `session` (`None`: the first session it is linked in).
    pub fn pane(srv: &'a Server, session: Option<SessionId>, p: PaneId) -> Target<'a> {
        let window = srv.model.panes.get(&p).map(|p| p.window);
        let session = window.and_then(|w| srv.model.session_of_window(w, session));
        Target {
            srv,
            session,
            window,
            pane: Some(p),
            vars: std::cell::OnceCell::new(),
            kind: Kind::Pane(session, p),
            extra: None,
            jobs: super::format_jobs::Scope::SERVER,
            job_tag: Default::default(),
        }
    }

    /// The most specific target `pane` names (its window as linked in `session` if it is), or the
    /// server.
    pub fn for_pane(
        srv: &'a Server,
        session: Option<SessionId>,
        pane: Option<PaneId>,
    ) -> Target<'a> {
        match pane {
            Some(p) if srv.model.panes.contains_key(&p) => Target::pane(srv, session, p),
            _ => Target::server(srv),
        }
    }

    /// Adds extra variables (looked up before the target's own).
    pub fn with_formats(mut self, extra: &'a std::collections::BTreeMap<String, String>) -> Self {
        self.extra = Some(extra);
        self
    }

    /// `#()` jobs run for `scope` (a client's, a status line's) rather than for no client.
    pub fn with_jobs(mut self, scope: super::format_jobs::Scope<'a>) -> Self {
        self.jobs = scope;
        self
    }

    /// `#()` jobs of this target's own (tmux's format tag: a pane's status line has its own jobs).
    pub fn with_job_tag(mut self, tag: Tag) -> Self {
        self.job_tag = tag;
        self
    }

    /// A `#{S:}`, `#{W:}` or `#{P:}` loop's item: with this target's jobs, its own for `tag`
    /// (tmux's format_loop_*: the client and flags kept, the tag the item's).
    fn item(&self, mut target: Target<'a>, tag: super::format_jobs::Tag) -> Target<'a> {
        target.jobs = self.jobs;
        target.job_tag = tag;
        target
    }

    pub fn expand(&self, fmt: &str) -> String {
        if !fmt.contains('#') {
            return fmt.to_string();
        }
        ccmux_model::format::expand(fmt, self)
    }

    fn vars(&self) -> &Vars {
        self.vars.get_or_init(|| match self.kind {
            Kind::Server => server_vars(self.srv),
            // As tmux's format_defaults: a session brings its current window and that window's
            // active pane.
            Kind::Session(s) => match self.pane {
                Some(p) => pane_vars(self.srv, Some(s), p),
                None => session_vars(self.srv, s),
            },
            Kind::Window(s, w) => window_vars(self.srv, s, w),
            Kind::Pane(s, p) => pane_vars(self.srv, s, p),
        })
    }

    /// Every variable of the target, by name (display-message -a).
    pub fn all_vars(&self) -> Vec<(String, String)> {
        let mut all: std::collections::BTreeMap<String, String> = self
            .vars()
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        if let Some(extra) = self.extra {
            all.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        all.into_iter().collect()
    }

    /// With strftime applied, as tmux does for the status line and display-message.
    pub fn expand_time(&self, fmt: &str) -> String {
        ccmux_model::format::expand_time(fmt, self)
    }

    fn option(&self, name: &str) -> Option<String> {
        let model = &self.srv.model;
        let scopes = [
            self.pane.map(OptionScope::Pane),
            self.window.map(OptionScope::Window),
            self.session.map(OptionScope::Session),
            Some(OptionScope::GlobalSession),
            Some(OptionScope::GlobalWindow),
            Some(OptionScope::Server),
        ];
        for scope in scopes.into_iter().flatten() {
            let chain = model.option_chain(scope);
            if let Some(v) = chain.iter().find_map(|o| o.get(name)) {
                return Some(match v.as_array() {
                    Some(items) => items.values().cloned().collect::<Vec<_>>().join(" "),
                    None => format_text(v),
                });
            }
        }
        let def = ccmux_model::options::find(name)?;
        Some(format_text(def.default_value()))
    }
}

impl FormatContext for Target<'_> {
    fn var(&self, name: &str) -> Option<String> {
        if let Some(v) = self.extra.and_then(|e| e.get(name)) {
            return Some(v.clone());
        }
        if let Some(v) = self.vars().get(name) {
            return Some(v.clone());
        }
        self.option(name)
    }

    fn sessions(&self) -> Vec<LoopItem<'_>> {
        let mut sessions: Vec<_> = self.srv.model.sessions.values().collect();
        sessions.sort_by(|a, b| a.name.cmp(&b.name));
        sessions
            .into_iter()
            .map(|s| LoopItem {
                ctx: Box::new(self.item(Target::session(self.srv, s.id), Tag::None)),
                current: self.session == Some(s.id),
            })
            .collect()
    }

    fn windows(&self) -> Option<Vec<LoopItem<'_>>> {
        let s = self.srv.model.sessions.get(&self.session?)?;
        Some(
            s.windows
                .values()
                .map(|w| LoopItem {
                    ctx: Box::new(
                        self.item(Target::window(self.srv, Some(s.id), *w), Tag::Window(w.0)),
                    ),
                    current: *w == s.active_window,
                })
                .collect(),
        )
    }

    fn panes(&self) -> Option<Vec<LoopItem<'_>>> {
        let w = self.srv.model.windows.get(&self.window?)?;
        Some(
            w.layout
                .panes()
                .into_iter()
                .map(|p| LoopItem {
                    ctx: Box::new(
                        self.item(Target::pane(self.srv, self.session, p), Tag::Pane(p.0)),
                    ),
                    current: p == w.active_pane,
                })
                .collect(),
        )
    }

    /// The first line of the pane's screen (1-based) that matches, 0 if none.
    fn search_pane(&self, pattern: &str, regex: bool, ignore_case: bool) -> Option<u32> {
        let h = self.srv.panes.get(&self.pane?)?;
        let screen = super::pane::lock(&h.screen)?;
        let (_, rows) = screen.emu.size();
        let mut cells = Vec::new();
        for r in 0..rows {
            cells.clear();
            screen.emu.render_row(r, &mut cells);
            let line: String = cells.iter().filter(|c| c.width > 0).map(|c| c.c).collect();
            if ccmux_model::format::search_line(pattern, line.trim_end(), regex, ignore_case) {
                return Some(u32::from(r) + 1);
            }
        }
        Some(0)
    }

    fn strftime(&self, fmt: &str, t: i64) -> String {
        strftime_local(fmt, t)
    }

    /// Runs in the background (`format_jobs.rs`): what the command printed last, if anything.
    fn shell(&self, raw: &str, command: &str) -> Option<String> {
        let session = self.session.map_or(0, |s| s.0);
        super::format_jobs::get(
            self.srv,
            session,
            self.jobs,
            self.job_tag,
            raw,
            command,
            self.now(),
        )
    }

    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    }
}

/// strftime(3) of `t` in local time (the C library's, as tmux uses: the user's TZ and locale).
pub fn strftime_local(fmt: &str, t: i64) -> String {
    if fmt.is_empty() {
        return String::new();
    }
    let Ok(cfmt) = std::ffi::CString::new(fmt) else {
        return fmt.to_string();
    };
    let time: libc::time_t = t as libc::time_t;
    // SAFETY: tm is plain data filled by localtime_r; strftime writes at most buf.len() bytes.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&time, &mut tm).is_null() {
            return fmt.to_string();
        }
        let mut buf = vec![0u8; fmt.len() * 8 + 256];
        let n = libc::strftime(buf.as_mut_ptr().cast(), buf.len(), cfmt.as_ptr(), &tm);
        buf.truncate(n);
        String::from_utf8_lossy(&buf).into_owned()
    }
}

/// An option's value in a format: as `show-options` prints it, but a flag as 1 or 0 (tmux's
/// options_to_string with `numeric`).
fn format_text(v: &ccmux_model::OptionValue) -> String {
    match v.as_flag() {
        Some(on) => u8::from(on).to_string(),
        None => ccmux_model::options::value_text(v),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn strftime_formats_local_time() {
        assert_eq!(super::strftime_local("%Y", 0).len(), 4);
        assert_eq!(super::strftime_local("100%%", 0), "100%");
        assert_eq!(super::strftime_local("", 0), "");
        assert_eq!(super::strftime_local("a\0b", 0), "a\0b");
    }
}
