//! Target resolution (ccmux-model's target/): random target strings on a random model.

use super::model::{model, NAMES};
use crate::gen::{pick, text};
use arbitrary::{Result, Unstructured};
use ccmux_model::{Current, Model, PaneId, SessionId};

const PIECES: &[&str] = &[
    ":",
    ".",
    "=",
    "$",
    "@",
    "%",
    "0",
    "1",
    "2",
    "9",
    "-1",
    "+",
    "-",
    "+2",
    "!",
    "^",
    "~",
    "*",
    "?",
    "[",
    "]",
    "{last}",
    "{start}",
    "{end}",
    "{next}",
    "{previous}",
    "{marked}",
    "{mouse}",
    "{up-of}",
    "{down-of}",
    "{left-of}",
    "{right-of}",
    "top",
    "bottom-right",
    "left",
    "{top-left}",
    "work",
    "w",
    "logs",
    "log",
    "a.b",
    "x:y",
    " ",
    "é",
    "4294967296",
    "-2147483649",
];

fn target_text(u: &mut Unstructured) -> Result<Option<String>> {
    Ok(match u.int_in_range(0..=7)? {
        0 => None,
        1 => Some((*pick(u, NAMES)?).to_string()),
        _ => Some(text(u, PIECES, 6)?),
    })
}

fn current(u: &mut Unstructured) -> Result<Current> {
    let small = |u: &mut Unstructured| -> Result<Option<u32>> {
        Ok(if u.arbitrary()? {
            Some(u.int_in_range(0..=8)?)
        } else {
            None
        })
    };
    Ok(Current {
        pane: small(u)?.map(PaneId),
        session: small(u)?.map(SessionId),
        marked: small(u)?.map(PaneId),
    })
}

fn in_model(m: &Model, s: SessionId, w: Option<ccmux_model::WindowId>, p: Option<PaneId>) {
    assert!(m.sessions.contains_key(&s), "session {s} does not exist");
    if let Some(w) = w {
        assert!(m.windows.contains_key(&w), "window {w} does not exist");
    }
    if let Some(p) = p {
        assert!(m.panes.contains_key(&p), "pane {p} does not exist");
    }
}

/// Every kind of lookup gives an error or objects that exist; ids name themselves.
pub fn resolve(u: &mut Unstructured) -> Result<()> {
    let (m, _) = model(u, 24)?;
    for _ in 0..u.int_in_range(1..=6)? {
        let target = target_text(u)?;
        let t = target.as_deref();
        let cur = current(u)?;
        if let Ok(s) = m.find_session(t, &cur) {
            in_model(&m, s, None, None);
        }
        if let Ok((s, w)) = m.find_window(t, &cur) {
            in_model(&m, s, Some(w), None);
            let in_session = m
                .sessions
                .get(&s)
                .is_some_and(|x| x.windows.values().any(|x| *x == w));
            assert!(in_session, "{t:?}: window {w} is not in session {s}");
        }
        if let Ok((s, w, p)) = m.find_pane(t, &cur) {
            in_model(&m, s, Some(w), Some(p));
        }
        if let Ok(found) = m.find_window_index(t, &cur) {
            in_model(&m, found.session, Some(found.window), None);
        }
    }
    let cur = current(u)?;
    for s in m.sessions.keys() {
        assert_eq!(m.find_session(Some(&format!("${}", s.0)), &cur), Ok(*s));
    }
    for w in m.windows.keys() {
        // A window linked in several sessions is found in one of them.
        let found = m.find_window(Some(&format!("@{}", w.0)), &cur);
        let (s, found) = found.expect("a window by id");
        assert_eq!(found, *w);
        assert!(
            m.sessions_of_window(*w).contains(&s),
            "@{}: not in {s}",
            w.0
        );
    }
    for (p, pane) in &m.panes {
        let found = m.find_pane(Some(&format!("%{}", p.0)), &cur);
        assert_eq!(found.map(|(_, w, p)| (w, p)), Ok((pane.window, *p)));
    }
    Ok(())
}
