//! Every target of tmux_cases.rs (captured from tmux 3.3a by tools/target_cases.py on a server set
//! up as `fixture()`), resolved here as a session, a window, a pane and a window index, must give
//! what tmux gave.

use super::tests::fixture;
use super::tmux_cases::{CASES, GEOMETRY};
use super::*;
use crate::OptionScope;

/// `session:index`.
fn window_name(m: &Model, s: SessionId, w: WindowId) -> String {
    format!("{}:{}", m.sessions[&s].name, m.window_index(w).unwrap())
}

/// `#{session_name}:#{window_index}.#{pane_index}` (the pane index counts in the pane's own window).
fn pane_name(m: &Model, s: SessionId, w: WindowId, p: PaneId) -> String {
    let window = m.panes[&p].window;
    let base = m.option_number(OptionScope::Window(window), "pane-base-index");
    let index = m.pane_index(p).unwrap() as i64 + base;
    format!("{}.{index}", window_name(m, s, w))
}

/// What `new-window -d -t TARGET` does with the result: the index, the first free one from
/// `base-index` when none was named, or tmux's error for one in use.
fn new_window_at(m: &Model, found: WindowIndex) -> String {
    let s = &m.sessions[&found.session];
    let index = match found.index {
        Some(i) if s.windows.contains_key(&i) => {
            return format!("create window failed: index {i} in use")
        }
        Some(i) => i,
        None => {
            let base = m.option_number(OptionScope::Session(s.id), "base-index");
            m.free_window_index(s.id, base as u32)
        }
    };
    format!("{}:{index}", s.name)
}

fn show<T>(r: Result<T, TargetError>, ok: impl FnOnce(T) -> String) -> String {
    r.map_or_else(|e| e.to_string(), ok)
}

#[test]
fn fixture_is_laid_out_as_in_tmux() {
    let m = fixture();
    let mut ours: Vec<String> = Vec::new();
    for p in m.panes_in_order() {
        let (s, w, _) = m
            .find_pane(Some(&p.to_string()), &Current::default())
            .unwrap();
        let r = m.pane_rect(p).unwrap();
        let mut line = format!(
            "{} {p} {},{} {}x{}",
            pane_name(&m, s, w, p),
            r.x,
            r.y,
            r.cols,
            r.rows
        );
        // tmux gives a pane at the window's top (bottom) its first (last) line for the status line.
        let status = m.option_text(OptionScope::Window(w), "pane-border-status");
        if status == "top" && r.y == 0 {
            line = format!(
                "{} {p} {},{} {}x{}",
                pane_name(&m, s, w, p),
                r.x,
                1,
                r.cols,
                r.rows - 1
            );
        } else if status == "bottom" && r.y + r.rows == 24 {
            line = format!(
                "{} {p} {},{} {}x{}",
                pane_name(&m, s, w, p),
                r.x,
                r.y,
                r.cols,
                r.rows - 1
            );
        }
        ours.push(line);
    }
    ours.sort();
    let mut theirs: Vec<String> = GEOMETRY.iter().map(|s| s.to_string()).collect();
    theirs.sort();
    assert_eq!(ours, theirs);
}

#[test]
fn targets_resolve_as_in_tmux() {
    let m = fixture();
    let mut failures = Vec::new();
    for (context, target, expected) in CASES {
        // The context is the active pane of the session's current window; %2 is marked except in
        // play (the script unmarks it there).
        let session = m.session_by_name(context).unwrap().id;
        let cur = Current {
            pane: m.active_pane(session),
            session: None,
            marked: (*context != "play").then_some(PaneId(2)),
        };
        let t = Some(*target);
        let got = [
            show(m.find_session(t, &cur), |s| m.sessions[&s].name.clone()),
            show(m.find_window(t, &cur), |(s, w)| window_name(&m, s, w)),
            show(m.find_pane(t, &cur), |(s, w, p)| pane_name(&m, s, w, p)),
            show(m.find_window_index(t, &cur), |f| new_window_at(&m, f)),
        ];
        for (kind, (got, want)) in ["session", "window", "pane", "index"]
            .iter()
            .zip(got.iter().zip(expected))
        {
            if got != want {
                failures.push(format!(
                    "in {context}, {target:?} as {kind}: got {got:?}, tmux {want:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        CASES.len() * 4,
        failures.join("\n")
    );
}
