//! The values behind `#{...}` formats and `--json` listings.

use super::state::Server;
use ccmux_model::{PaneId, SessionId, WindowId};
use std::collections::BTreeMap;

pub type Vars = BTreeMap<&'static str, String>;

pub fn server_vars(srv: &Server) -> Vars {
    let mut v = Vars::new();
    v.insert("pid", srv.pid.to_string());
    v.insert("socket_path", srv.socket_path.display().to_string());
    let host = hostname();
    v.insert(
        "host_short",
        host.split('.').next().unwrap_or("").to_string(),
    );
    v.insert("host", host);
    v.insert("version", env!("CARGO_PKG_VERSION").to_string());
    let uid = rustix::process::getuid().as_raw();
    v.insert("uid", uid.to_string());
    v.insert("user", user_name(uid).unwrap_or_default());
    if let Some(k) = &srv.keeper {
        v.insert("keeper_pid", k.pid.to_string());
    }
    v
}

pub fn session_vars(srv: &Server, id: SessionId) -> Vars {
    let mut v = server_vars(srv);
    let Some(s) = srv.model.sessions.get(&id) else {
        return v;
    };
    v.insert("session_name", s.name.clone());
    v.insert("session_id", s.id.to_string());
    v.insert("session_windows", s.windows.len().to_string());
    v.insert("session_created", s.created.to_string());
    v.insert("session_created_string", time_string(s.created));
    v.insert("session_width", s.cols.to_string());
    v.insert("session_height", s.rows.to_string());
    // tmux's session_alerts: each flagged window's index and flags, by index.
    let alerts: Vec<String> = (s.windows.iter())
        .filter_map(|(index, w)| {
            let f = srv.alerts.flags(id, *w);
            (f != 0).then(|| format!("{index}{}", super::alerts::flag_text(f)))
        })
        .collect();
    v.insert("session_alerts", alerts.join(","));
    let attached = srv.clients.of_session(id).len();
    v.insert("session_attached", attached.to_string());
    v.insert("session_attached_flag", u8::from(attached > 0).to_string());
    v.insert("session_many_attached", u8::from(attached > 1).to_string());
    let index_of = |w: Option<ccmux_model::WindowId>| {
        w.and_then(|w| srv.model.window_index_in(Some(id), w))
            .map(|i| i.to_string())
            .unwrap_or_default()
    };
    v.insert("active_window_index", index_of(Some(s.active_window)));
    // tmux: the index of the session's last (highest) window, not of the previously current one.
    v.insert(
        "last_window_index",
        index_of(s.windows.values().next_back().copied()),
    );
    v.insert("session_last_attached", s.created.to_string());
    let activity = srv.session_activity(id);
    let secs = activity
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    v.insert("session_activity", secs.to_string());
    group_vars(srv, s, &mut v);
    v.insert(
        "session_marked",
        u8::from(srv.marked_pane().and_then(|p| srv.model.session_of_pane(p)) == Some(id))
            .to_string(),
    );
    v
}

/// A session's group variables (tmux leaves them empty outside a group, `session_grouped` 0). The
/// group's sessions are listed in the order they joined it (by id).
fn group_vars(srv: &Server, s: &ccmux_model::Session, v: &mut Vars) {
    v.insert("session_grouped", u8::from(s.group.is_some()).to_string());
    let Some(group) = &s.group else {
        return;
    };
    let members = srv.model.group_members(s.id);
    let names: Vec<&str> = members
        .iter()
        .filter_map(|m| srv.model.sessions.get(m))
        .map(|m| m.name.as_str())
        .collect();
    let clients: Vec<&str> = srv
        .clients
        .clients
        .values()
        .filter(|c| members.contains(&c.session))
        .map(|c| c.tty.as_str())
        .collect();
    v.insert("session_group", group.clone());
    v.insert("session_group_size", members.len().to_string());
    v.insert("session_group_list", names.join(","));
    v.insert("session_group_attached", clients.len().to_string());
    v.insert(
        "session_group_many_attached",
        u8::from(clients.len() > 1).to_string(),
    );
    v.insert("session_group_attached_list", clients.join(","));
}

/// A window's variables as linked in `session` (`None`: the first session it is linked in).
pub fn window_vars(srv: &Server, session: Option<SessionId>, id: WindowId) -> Vars {
    let Some(w) = srv.model.windows.get(&id) else {
        return server_vars(srv);
    };
    let Some(s) = srv
        .model
        .session_of_window(id, session)
        .and_then(|s| srv.model.sessions.get(&s))
    else {
        return server_vars(srv);
    };
    let mut v = session_vars(srv, s.id);
    let active = s.active_window == id;
    let last = s.last_window == Some(id);
    let area = srv.model.window_area(id).unwrap_or_default();
    // tmux's window_printable_flags: alerts, current, last, marked, zoomed.
    let alerts = srv.alerts.flags(s.id, id);
    let marked = srv
        .marked_pane()
        .and_then(|p| srv.model.panes.get(&p))
        .map(|p| p.window)
        == Some(id);
    let mut flags = super::alerts::flag_text(alerts);
    if active {
        flags.push('*');
    }
    if last {
        flags.push('-');
    }
    if marked {
        flags.push('M');
    }
    if w.zoomed {
        flags.push('Z');
    }
    v.insert(
        "window_index",
        srv.model
            .window_index_in(Some(s.id), id)
            .unwrap_or(0)
            .to_string(),
    );
    v.insert("window_id", id.to_string());
    v.insert("window_name", w.name.clone());
    v.insert("window_panes", w.layout.panes().len().to_string());
    v.insert("window_active", u8::from(active).to_string());
    v.insert("window_last_flag", u8::from(last).to_string());
    v.insert("window_zoomed_flag", u8::from(w.zoomed).to_string());
    v.insert("window_raw_flags", flags.clone());
    // As tmux, `#{window_flags}` doubles the `#` so the status line shows one.
    v.insert("window_flags", flags.replace('#', "##"));
    let flag = |f: u8| u8::from(alerts & f != 0).to_string();
    v.insert("window_activity_flag", flag(super::alerts::ACTIVITY));
    v.insert("window_bell_flag", flag(super::alerts::BELL));
    v.insert("window_silence_flag", flag(super::alerts::SILENCE));
    // Its last activity (output, being selected); before any since the server started, its
    // session's creation.
    let active_at = srv.alerts.active_at(id).unwrap_or(s.created);
    v.insert("window_activity", active_at.to_string());
    v.insert("window_width", area.cols.to_string());
    v.insert("window_height", area.rows.to_string());
    v.insert("window_layout", w.layout.to_tmux_string(area));
    let visible = if w.zoomed {
        ccmux_model::Layout::zoomed_string(area, w.active_pane)
    } else {
        w.layout.to_tmux_string(area)
    };
    v.insert("window_visible_layout", visible);
    let first = s.windows.values().next() == Some(&id);
    let last_w = s.windows.values().next_back() == Some(&id);
    v.insert("window_start_flag", u8::from(first).to_string());
    v.insert("window_end_flag", u8::from(last_w).to_string());
    // tmux's session_is_linked: linked in more sessions than its group has.
    let links = srv.model.sessions_of_window(id).len();
    let group = srv.model.group_members(s.id).len();
    v.insert("window_linked", u8::from(links != group).to_string());
    let linked: Vec<&str> = srv
        .model
        .sessions_of_window(id)
        .iter()
        .filter_map(|s| srv.model.sessions.get(s))
        .map(|s| s.name.as_str())
        .collect();
    v.insert("window_linked_sessions", links.to_string());
    v.insert("window_linked_sessions_list", linked.join(","));
    v.insert("window_bigger", "0".into());
    v.insert("window_offset_x", String::new());
    v.insert("window_offset_y", String::new());
    v.insert("window_marked_flag", u8::from(marked).to_string());
    v
}

/// `#{pane_current_command}`: what the process tracker last read (`tracked`), or before its first
/// look, the program the pane was started with.
pub fn current_command(p: &ccmux_model::Pane, tracked: String) -> String {
    Some(tracked).filter(|c| !c.is_empty()).unwrap_or_else(|| {
        let program = p.spec.command.first().unwrap_or(&p.spec.shell);
        program.rsplit('/').next().unwrap_or(program).to_string()
    })
}

/// A pane's variables, its window as linked in `session` (`None`: the first session).
pub fn pane_vars(srv: &Server, session: Option<SessionId>, id: PaneId) -> Vars {
    let Some(p) = srv.model.panes.get(&id) else {
        return server_vars(srv);
    };
    let mut v = window_vars(srv, session, p.window);
    let w = &srv.model.windows[&p.window];
    let rect = srv.model.pane_rect(id).unwrap_or_default();
    let handle = srv.panes.get(&id);
    let base = srv.model.option_number(
        ccmux_model::OptionScope::Window(p.window),
        "pane-base-index",
    );
    v.insert(
        "pane_index",
        (srv.model.pane_index(id).unwrap_or(0) as i64 + base).to_string(),
    );
    v.insert("pane_id", id.to_string());
    v.insert("pane_active", u8::from(w.active_pane == id).to_string());
    v.insert("pane_width", rect.cols.to_string());
    v.insert("pane_height", rect.rows.to_string());
    v.insert("pane_left", rect.x.to_string());
    v.insert("pane_top", rect.y.to_string());
    v.insert(
        "pane_right",
        (rect.x + rect.cols.saturating_sub(1)).to_string(),
    );
    v.insert(
        "pane_bottom",
        (rect.y + rect.rows.saturating_sub(1)).to_string(),
    );
    let area = srv.model.window_area(p.window).unwrap_or_default();
    let edges = rect.edges(area);
    v.insert("pane_at_top", u8::from(edges.top).to_string());
    v.insert("pane_at_bottom", u8::from(edges.bottom).to_string());
    v.insert("pane_at_left", u8::from(edges.left).to_string());
    v.insert("pane_at_right", u8::from(edges.right).to_string());
    v.insert(
        "pane_marked",
        u8::from(srv.marked_pane() == Some(id)).to_string(),
    );
    v.insert(
        "pane_marked_set",
        u8::from(srv.marked_pane().is_some()).to_string(),
    );
    v.insert("pane_last", u8::from(w.last_pane == Some(id)).to_string());
    let dead = p.dead;
    v.insert("pane_dead", u8::from(dead.is_some()).to_string());
    let num = |n: Option<i32>| n.map_or(String::new(), |n| n.to_string());
    v.insert("pane_dead_status", num(dead.and_then(|d| d.status)));
    v.insert("pane_dead_signal", num(dead.and_then(|d| d.signal)));
    v.insert(
        "pane_dead_time",
        dead.map_or(String::new(), |d| d.time.to_string()),
    );
    let piped = handle
        .and_then(|h| super::pane::lock_cold(&h.screen))
        .is_some_and(|s| s.pipe.is_some());
    v.insert("pane_pipe", u8::from(piped).to_string());
    v.insert(
        "pane_input_off",
        u8::from(srv.input_off.contains(&id)).to_string(),
    );
    // A mode a client shows over the pane (a chooser, clock mode) is above the pane's own copy or
    // view mode, as the top of tmux's mode stack.
    let shown = (srv.clients.clients.values())
        .flat_map(|c| c.modes.iter())
        .find(|(p, _)| *p == id)
        .map(|(_, m)| *m);
    let copy = srv.modes.panes.get(&id);
    let copy_name = copy.map(|cm| {
        if cm.viewmode {
            "view-mode"
        } else {
            "copy-mode"
        }
    });
    let mode = shown.or(copy_name);
    // How many modes the pane is in (tmux counts its mode stack).
    let stacked = (srv.clients.clients.values())
        .flat_map(|c| c.stacked.iter())
        .any(|p| *p == id);
    let depth = u8::from(shown.is_some()) + u8::from(copy.is_some()) + u8::from(stacked);
    v.insert("pane_in_mode", depth.to_string());
    v.insert("pane_mode", mode.unwrap_or_default().to_string());
    if let Some(cm) = copy {
        super::copy::formats(cm, &mut v);
    }
    v.insert(
        "pane_search_string",
        srv.modes
            .search
            .get(&id)
            .map(|s| s.0.clone())
            .unwrap_or_default(),
    );
    v.insert(
        "pane_synchronized",
        u8::from(
            srv.model
                .option_flag(ccmux_model::OptionScope::Pane(id), "synchronize-panes"),
        )
        .to_string(),
    );
    v.insert(
        "pane_tty",
        handle.map(|h| h.tty.clone()).unwrap_or_default(),
    );
    v.insert(
        "pane_pid",
        handle
            .filter(|h| h.pid > 0)
            .map_or(String::new(), |h| h.pid.to_string()),
    );
    // As tmux's cmd_stringify_argv: each word quoted as tmux's args_escape quotes it.
    let start: Vec<String> = p
        .spec
        .command
        .iter()
        .map(|w| ccmux_lang::quote_word(w))
        .collect();
    v.insert("pane_start_command", start.join(" "));
    // What runs, as the process tracker last read it (no /proc read under the state lock; it is at
    // most a second old); before its first look, what the pane was started with.
    let info = handle
        .and_then(|h| h.proc_info.lock().ok().map(|i| i.clone()))
        .unwrap_or_default();
    let cwd = Some(info.cwd)
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| p.cwd.clone());
    v.insert("pane_current_path", cwd);
    v.insert("pane_current_command", current_command(p, info.command));
    if let Some(screen) = handle.and_then(|h| super::pane::lock_cold(&h.screen)) {
        let emu = &screen.emu;
        v.insert("history_size", emu.history_len().to_string());
        v.insert("history_bytes", emu.history_bytes().to_string());
        // tmux starts a pane's title as the host name; a program's title escape or select-pane -T
        // replaces it.
        let title = if !p.title.is_empty() {
            p.title.clone()
        } else {
            emu.title()
                .filter(|t| !t.is_empty())
                .map_or_else(hostname, str::to_string)
        };
        v.insert("pane_title", title);
        let (x, y) = emu.cursor();
        v.insert("cursor_x", x.to_string());
        v.insert("cursor_y", y.to_string());
        v.insert("alternate_on", u8::from(emu.alternate_screen()).to_string());
        let m = emu.modes();
        let flag = |b: bool| u8::from(b).to_string();
        v.insert("cursor_flag", flag(m.show_cursor));
        v.insert("keypad_cursor_flag", flag(m.app_cursor));
        v.insert("keypad_flag", flag(m.app_keypad));
        v.insert(
            "mouse_any_flag",
            flag(m.mouse_click || m.mouse_drag || m.mouse_motion),
        );
        v.insert("mouse_standard_flag", flag(m.mouse_click));
        v.insert("mouse_button_flag", flag(m.mouse_drag));
        v.insert("mouse_all_flag", flag(m.mouse_motion));
        v.insert("mouse_sgr_flag", flag(m.sgr_mouse));
        v.insert("mouse_utf8_flag", flag(m.utf8_mouse));
    }
    let session = srv.model.session_of_pane(id);
    let limit = session.map_or(2000, |s| {
        srv.model
            .option_number(ccmux_model::OptionScope::Session(s), "history-limit")
    });
    v.insert("history_limit", limit.to_string());
    v
}

/// A user's login name from the password database, read once per uid (every status line and
/// format expansion asks; reading `/etc/passwd` each time cost a quarter of a frame).
fn user_name(uid: u32) -> Option<String> {
    static NAMES: std::sync::Mutex<Vec<(u32, Option<String>)>> = std::sync::Mutex::new(Vec::new());
    let lock = || NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, name)) = lock().iter().find(|(u, _)| *u == uid) {
        return name.clone();
    }
    // Read without the lock held.
    let name = read_user_name(uid);
    lock().push((uid, name.clone()));
    name
}

fn read_user_name(uid: u32) -> Option<String> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: buffers outlive the call; getpwuid_r writes only within them.
    let rc =
        unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if rc != 0 || out.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    Some(name.to_string_lossy().into_owned())
}

/// An attached client's variables, on top of those of its session's current pane (tmux's
/// format_defaults for a client).
pub fn client_vars(srv: &Server, id: u32) -> Vars {
    let Some(c) = srv.clients.clients.get(&id) else {
        return server_vars(srv);
    };
    let mut v = match srv.model.active_pane(c.session) {
        Some(p) => pane_vars(srv, Some(c.session), p),
        None => session_vars(srv, c.session),
    };
    add_client_own(srv, id, c, &mut v);
    v
}

/// Only the `client_*` variables of attached client `id` (none if it is gone): a command's formats
/// have those of the client it runs for on top of its target's (tmux's target client).
pub fn client_own_vars(srv: &Server, id: u32) -> Vars {
    let mut v = Vars::new();
    if let Some(c) = srv.clients.clients.get(&id) {
        add_client_own(srv, id, c, &mut v);
    }
    v
}

fn add_client_own(srv: &Server, id: u32, c: &super::attach::ClientEntry, v: &mut Vars) {
    let name = |s: Option<SessionId>| {
        s.and_then(|s| srv.model.sessions.get(&s))
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    v.insert("client_name", c.name());
    v.insert("client_tty", c.tty.clone());
    v.insert("client_session", name(Some(c.session)));
    v.insert("client_last_session", name(c.last_session));
    v.insert("client_width", c.cols.to_string());
    // tmux 3.3a has no height for a control client (its tty is never started): kept as it is.
    let height = match c.control {
        Some(_) => String::new(),
        None => c.rows.to_string(),
    };
    v.insert("client_height", height);
    v.insert("client_termname", c.term.clone());
    v.insert("client_termtype", String::new());
    v.insert("client_created", c.created.to_string());
    v.insert("client_activity", c.created.to_string());
    v.insert(
        "client_pid",
        c.pid.map(|p| p.to_string()).unwrap_or_default(),
    );
    let uid = rustix::process::getuid().as_raw();
    v.insert("client_uid", uid.to_string());
    v.insert("client_user", user_name(uid).unwrap_or_default());
    let mut flags = vec!["attached".to_string()];
    if !srv.alerts.unfocused.contains(&id) {
        flags.push("focused".into());
    }
    if c.control.is_some() {
        flags.push("control-mode".into());
    }
    flags.extend(c.flags.shown());
    flags.push("UTF-8".into());
    v.insert("client_flags", flags.join(","));
    v.insert("client_readonly", u8::from(c.flags.read_only).to_string());
    v.insert(
        "client_control_mode",
        u8::from(c.control.is_some()).to_string(),
    );
    v.insert("client_utf8", "1".into());
    v.insert("client_key_table", "root".into());
    v.insert("client_prefix", "0".into());
}

fn hostname() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

/// `Wed Nov 25 21:42:00 2026` (UTC), tmux's style of a creation time.
pub fn time_string(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        year
    )
}

/// Every variable name the functions above produce, for the man page: read from a scratch server with
/// one session, window, pane and attached client (nothing started, no IO), so the list is the code's.
pub fn documented() -> Vec<&'static str> {
    let (events, _) = tokio::sync::mpsc::unbounded_channel();
    let mut srv = Server::new(
        crate::config::Config::default(),
        std::path::PathBuf::from("/nonexistent"),
        events,
    );
    let (session, window, pane) = (SessionId(1), WindowId(1), PaneId(1));
    let _ = srv.apply(&ccmux_model::Change::SessionCreated {
        id: session,
        name: "s".into(),
        created: 0,
        cols: 80,
        rows: 24,
        window,
        window_name: "w".into(),
        pane,
        spec: ccmux_model::PaneSpec {
            command: Vec::new(),
            shell: "/bin/sh".into(),
            env: Vec::new(),
            cwd: "/".into(),
        },
    });
    let (ctl, _rx) = tokio::sync::mpsc::unbounded_channel();
    srv.clients.clients.insert(
        1,
        super::attach::ClientEntry {
            session,
            cols: 80,
            rows: 24,
            term: String::new(),
            tty: String::new(),
            last_session: None,
            pid: None,
            umask: None,
            created: 0,
            flags: Default::default(),
            control: None,
            modes: Vec::new(),
            stacked: Vec::new(),
            ctl,
        },
    );
    let mut names: std::collections::BTreeSet<&'static str> = std::collections::BTreeSet::new();
    names.extend(pane_vars(&srv, Some(session), pane).into_keys());
    names.extend(window_vars(&srv, Some(session), window).into_keys());
    names.extend(session_vars(&srv, session).into_keys());
    names.extend(client_vars(&srv, 1).into_keys());
    // Present only when the server has a keeper.
    names.insert("keeper_pid");
    names.into_iter().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn time_string_matches_calendar() {
        assert_eq!(super::time_string(0), "Thu Jan  1 00:00:00 1970");
        assert_eq!(
            super::time_string(1_795_646_520),
            "Wed Nov 25 22:42:00 2026"
        );
    }
}
