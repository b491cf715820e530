//! The tmux 3.3a format language: `#{name}`, the short aliases (`#S #I #W #P #D #T #H #h #F`), `##`, `#,`,
//! `#}`, `#{?cond,a,b}`, comparisons, and every modifier of tmux 3.3a's format.c (`m: C: s/// =N: p: n: w: b:
//! d: l: q: E: T: t: e|op|: a: c: N: S: W: P:`, combined with `;`), `#(command)` and `#[style]` blocks
//! (passed through for the status-line drawer).
//!
//! The expansion follows format.c step by step, including its corner cases (a malformed `#{...}` ends the
//! expansion there, a conditional on a literal such as `#{?1,a,b}` is false, the order in which modifiers apply
//! is fixed whatever order they are written in). Everything that needs the outside world (variables, the
//! session/window/pane lists, the local time zone, shell commands, pane contents) goes through
//! [`FormatContext`], so this module does no IO.
//!
//! `tests_tmux.rs` checks ~190 formats against what tmux 3.3a printed for them
//! (`tools/format_cases.py` regenerates the table). Known differences from tmux, all deliberate:
//! - Regexes (`m/r:`, `s///`) are POSIX EREs translated for the `regex` crate: leftmost-first, not POSIX
//!   leftmost-longest (`#{s/a|ab/X/:...}` on `ab` gives `Xb`, tmux `X`); back-references inside a pattern
//!   are unsupported (the pattern counts as invalid: `m` gives 0, `s` leaves the value alone).
//! - After an empty regex match, `s///` moves on one character where tmux moves one byte (and can split a
//!   UTF-8 character, printing invalid UTF-8).
//! - Widths come from `unicode-width`, not the system's wcwidth. A character tmux cannot measure (U+0085...)
//!   counts 0 columns; tmux 3.3a loops forever on it in `#{w:...}` and `#{=-N:...}`.
//! - fnmatch ranges compare code points (glibc uses the locale's collation); `[.x.]`/`[=x=]` are not
//!   special in fnmatch patterns.
//! - Padding stops at 10000 columns and `e|...|` precision at 1000 digits (tmux allocates what is asked).
//! - `t:` on a name that is only an environment variable: tmux skips the environment there; a context has
//!   one namespace ([`FormatContext::var`]).

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

mod colour;
mod expand;
mod expr;
pub(crate) mod fnmatch;
mod modifiers;
mod pattern;
mod text;
mod time;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_tmux;

/// One item of a `#{S:...}`, `#{W:...}` or `#{P:...}` loop.
pub struct LoopItem<'a> {
    /// Variables (and nested loops) of this session, window or pane.
    pub ctx: Box<dyn FormatContext + 'a>,
    /// The session's current window, or the window's active pane: it gets the second format of
    /// `#{W:all,current}` / `#{P:all,active}`.
    pub current: bool,
}

/// Everything a format needs from the server.
pub trait FormatContext {
    /// A variable (`session_name`, `pane_id`, an option such as `status-left` or `@user`...); `None` when it
    /// does not exist. Time variables (`window_activity`...) are unix seconds as digits.
    fn var(&self, name: &str) -> Option<String>;

    /// `#{S:...}`: one context per session, in tmux's order (sorted by name).
    fn sessions(&self) -> Vec<LoopItem<'_>> {
        Vec::new()
    }

    /// `#{W:...}`: one context per window of the current session, by index. `None` when there is no session
    /// (tmux then abandons the rest of the format).
    fn windows(&self) -> Option<Vec<LoopItem<'_>>> {
        Some(Vec::new())
    }

    /// `#{P:...}`: one context per pane of the current window, in layout order. `None` when there is no
    /// window (tmux then abandons the rest of the format).
    fn panes(&self) -> Option<Vec<LoopItem<'_>>> {
        Some(Vec::new())
    }

    /// `#{N/s:name}`: does a session with this name exist?
    fn has_session(&self, name: &str) -> bool {
        self.sessions()
            .iter()
            .any(|s| s.ctx.var("session_name").as_deref() == Some(name))
    }

    /// `#{N:name}`, `#{N/w:name}`: does the current session have a window with this name? `None` when there
    /// is no session.
    fn has_window(&self, name: &str) -> Option<bool> {
        let windows = self.windows()?;
        Some(
            windows
                .iter()
                .any(|w| w.ctx.var("window_name").as_deref() == Some(name)),
        )
    }

    /// strftime(3) of `fmt` at `t` (unix seconds) in local time. Used by `t:`, `t/p:`, `t/f/FMT:`, `T:` and
    /// [`expand_time`]. The default returns `fmt` unchanged.
    fn strftime(&self, fmt: &str, t: i64) -> String {
        let _ = t;
        fmt.to_owned()
    }

    /// The current unix time, for [`expand_time`] and `t/p:`. The default is 0.
    fn now(&self) -> i64 {
        0
    }

    /// `#(command)`: the last line of the command's output, or `None` when none is available (expands to
    /// nothing). `raw` is the command as written in the format (what tmux keeps a job by), `command` the
    /// same expanded as a format (what runs); the returned line is expanded again, as tmux does. tmux
    /// runs the command asynchronously and shows the previous result (or a placeholder such as
    /// `<'cmd' not ready>`) meanwhile: that is the implementor's business.
    fn shell(&self, raw: &str, command: &str) -> Option<String> {
        let _ = (raw, command);
        None
    }

    /// `#{C:pattern}` (`/r` regex, `/i` ignore case): the line number where the pane's contents match,
    /// 0 when nothing matches; `None` when there is no pane (expands to `0`).
    fn search_pane(&self, pattern: &str, regex: bool, ignore_case: bool) -> Option<u32> {
        let _ = (pattern, regex, ignore_case);
        None
    }
}

/// Whether a pane's line matches a `#{C:}` search (tmux's window_pane_search): the term anywhere in
/// the line (a glob `*term*`), or a regular expression with `regex`; `icase` ignores case.
pub fn search_line(term: &str, line: &str, regex: bool, icase: bool) -> bool {
    if regex {
        pattern::matches(term, line, true, icase)
    } else {
        pattern::matches(&format!("*{term}*"), line, false, icase)
    }
}

/// Expands `fmt` as tmux's `format_expand` does (the `-F` of list commands, hooks...).
pub fn expand(fmt: &str, ctx: &dyn FormatContext) -> String {
    expand::Expander::new(ctx, false).expand(fmt)
}

/// Expands `fmt` as tmux's `format_expand_time` does (status-left/right, window-status-format,
/// display-message): strftime(3) is applied to the format (and again to each nested part) before expansion,
/// so a literal `%` must be written `%%`.
pub fn expand_time(fmt: &str, ctx: &dyn FormatContext) -> String {
    expand::Expander::new(ctx, true).expand(fmt)
}

/// Expands `fmt`, asking `lookup` for each variable; unknown variables expand to nothing, as in tmux. No
/// loops, times, shell commands or pane searches: see [`expand`] for those.
pub fn expand_format(fmt: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    struct Lookup<'a>(&'a dyn Fn(&str) -> Option<String>);
    impl FormatContext for Lookup<'_> {
        fn var(&self, name: &str) -> Option<String> {
            (self.0)(name)
        }
    }
    expand(fmt, &Lookup(lookup))
}
