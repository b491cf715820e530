//! Random models, built from random changes (as WAL replay builds them).

use crate::gen::pick;
use arbitrary::{Result, Unstructured};
use ccmux_model::{
    Axis, Change, Model, OptionScope, OptionValue, PaneId, PaneSpec, SessionId, SplitDir, WindowId,
};

/// Names that are also target syntax, patterns or prefixes of each other.
pub const NAMES: &[&str] = &[
    "work",
    "w",
    "wo",
    "logs",
    "log-archive",
    "a.b",
    "x:y",
    "1",
    "12",
    "$0",
    "@1",
    "%2",
    "{last}",
    "*",
    "w*",
    "[a-z]*",
    "",
    "é",
    "=work",
    "a b",
    "-",
    "+1",
    "!",
    "~",
];

/// A small id: mostly one that exists (ids start at 0 and stay small), sometimes any.
fn id(u: &mut Unstructured) -> Result<u32> {
    Ok(if u.ratio(7, 8)? {
        u.int_in_range(0..=6)?
    } else {
        u.arbitrary()?
    })
}

fn name(u: &mut Unstructured) -> Result<String> {
    Ok((*pick(u, NAMES)?).to_string())
}

/// One change, mostly with ids the model would hand out next or has.
pub fn change(u: &mut Unstructured, model: &Model) -> Result<Change> {
    let next = model.next;
    let spec = PaneSpec::default();
    if u.ratio(1, 3)? {
        return linked_change(u, model);
    }
    Ok(match u.int_in_range(0..=15)? {
        0..=2 => Change::SessionCreated {
            id: SessionId(next.session),
            name: name(u)?,
            created: u.arbitrary()?,
            cols: u.int_in_range(0..=300)?,
            rows: u.int_in_range(0..=100)?,
            window: WindowId(next.window),
            window_name: name(u)?,
            pane: PaneId(next.pane),
            spec,
        },
        3..=4 => Change::WindowCreated {
            id: WindowId(next.window),
            session: SessionId(id(u)?),
            index: u.int_in_range(0..=12)?,
            name: name(u)?,
            pane: PaneId(next.pane),
            spec,
            select: u.arbitrary()?,
        },
        5..=7 => Change::PaneSplit {
            target: PaneId(id(u)?),
            pane: PaneId(next.pane),
            dir: if u.arbitrary()? {
                SplitDir::LeftRight
            } else {
                SplitDir::TopBottom
            },
            size: u.arbitrary()?,
            before: u.arbitrary()?,
            spec,
            select: u.arbitrary()?,
        },
        8 => Change::WindowSelected {
            id: WindowId(id(u)?),
        },
        9 => Change::PaneSelected { id: PaneId(id(u)?) },
        10 => Change::SessionRenamed {
            id: SessionId(id(u)?),
            name: name(u)?,
        },
        11 => Change::WindowRenamed {
            id: WindowId(id(u)?),
            name: name(u)?,
        },
        12 => match u.int_in_range(0..=2)? {
            0 => Change::PaneClosed { id: PaneId(id(u)?) },
            1 => Change::WindowClosed {
                id: WindowId(id(u)?),
            },
            _ => Change::SessionClosed {
                id: SessionId(id(u)?),
            },
        },
        13 => Change::PaneResized {
            id: PaneId(id(u)?),
            axis: if u.arbitrary()? { Axis::X } else { Axis::Y },
            size: u.arbitrary()?,
        },
        14 => Change::WindowZoomed {
            id: WindowId(id(u)?),
            zoomed: u.arbitrary()?,
        },
        _ => {
            let (option, value) = *pick(
                u,
                &[
                    ("base-index", 1i64),
                    ("base-index", 3),
                    ("pane-base-index", 1),
                    ("renumber-windows", 1),
                ],
            )?;
            let scope = if u.arbitrary()? {
                OptionScope::GlobalSession
            } else {
                OptionScope::Session(SessionId(id(u)?))
            };
            Change::OptionSet {
                scope,
                name: option.into(),
                value: u.arbitrary::<bool>()?.then_some(OptionValue::Number(value)),
            }
        }
    })
}

/// A change of what v3 added: links, groups, window moves and swaps, panes between windows, dead
/// panes. Layouts are computed from the model (so most apply), sometimes taken from the wrong window.
fn linked_change(u: &mut Unstructured, model: &Model) -> Result<Change> {
    let s = SessionId(id(u)?);
    let w = WindowId(id(u)?);
    let p = PaneId(id(u)?);
    let layout_without = |pane: PaneId| {
        let win = model.windows.get(&model.panes.get(&pane)?.window)?;
        let mut l = win.layout.clone();
        l.remove(model.window_area(win.id)?, pane).ok()?;
        Some(l)
    };
    let some_layout = || {
        model
            .windows
            .values()
            .next()
            .map(|w| w.layout.clone())
            .unwrap_or_else(|| ccmux_model::Layout::new(PaneId(0), 80, 24))
    };
    Ok(match u.int_in_range(0..=11)? {
        0 => Change::WindowLinked {
            window: w,
            session: s,
            index: u.int_in_range(0..=12)?,
            select: u.arbitrary()?,
        },
        1 => Change::WindowUnlinked {
            window: w,
            session: s,
        },
        2 => Change::WindowMoved {
            session: s,
            from: u.int_in_range(0..=12)?,
            to: u.int_in_range(0..=12)?,
        },
        3 => Change::WindowsSwapped {
            a: (s, u.int_in_range(0..=12)?),
            b: (SessionId(id(u)?), u.int_in_range(0..=12)?),
        },
        4 => Change::SessionGrouped {
            id: SessionId(model.next.session),
            name: name(u)?,
            created: 0,
            cols: u.int_in_range(0..=300)?,
            rows: u.int_in_range(0..=100)?,
            group: name(u)?,
            with: s,
        },
        5 => Change::SessionGroupSet {
            id: s,
            group: if u.arbitrary()? { Some(name(u)?) } else { None },
        },
        6 => Change::WindowSelectedIn {
            session: s,
            window: w,
        },
        7 => Change::PaneDied {
            id: p,
            status: u.arbitrary()?,
            signal: u.arbitrary()?,
            time: u.arbitrary()?,
        },
        8 => Change::PaneRespawned {
            id: p,
            spec: PaneSpec::default(),
        },
        9 => Change::PaneBroken {
            pane: p,
            window: WindowId(model.next.window),
            session: s,
            index: u.int_in_range(0..=12)?,
            name: name(u)?,
            select: u.arbitrary()?,
            from_layout: layout_without(p).unwrap_or_else(some_layout),
        },
        10 => {
            let to_layout = model
                .windows
                .get(&w)
                .and_then(|win| {
                    let mut l = win.layout.clone();
                    let target = *win.layout.panes().first()?;
                    l.join(
                        model.window_area(w)?,
                        target,
                        p,
                        ccmux_model::SplitOpts::new(SplitDir::LeftRight),
                    )
                    .ok()?;
                    Some(l)
                })
                .unwrap_or_else(some_layout);
            Change::PaneMoved {
                pane: p,
                to: w,
                from_layout: layout_without(p),
                to_layout,
                select: u.arbitrary()?,
            }
        }
        _ => {
            let b = PaneId(id(u)?);
            let (la, lb) = match (model.panes.get(&p), model.panes.get(&b)) {
                (Some(pa), Some(pb)) if pa.window != pb.window => {
                    let mut la = model.windows[&pa.window].layout.clone();
                    let mut lb = model.windows[&pb.window].layout.clone();
                    let _ = la.swap_with(p, &mut lb, b);
                    (la, lb)
                }
                _ => (some_layout(), some_layout()),
            };
            Change::PanesSwapped {
                a: p,
                b,
                layout_a: la,
                layout_b: lb,
            }
        }
    })
}

/// A model made of up to `n` random changes (those that fail are left out), and the changes applied.
pub fn model(u: &mut Unstructured, n: usize) -> Result<(Model, Vec<Change>)> {
    let mut m = Model::default();
    let mut applied = Vec::new();
    let count = u.int_in_range(0..=n)?;
    for _ in 0..count {
        let c = change(u, &m)?;
        if m.apply(&c).is_ok() {
            applied.push(c);
        }
    }
    Ok((m, applied))
}

/// What a change may touch but the global options (which no change that can fail touches, and which
/// are too big to copy before each change).
fn structure(m: &Model) -> impl PartialEq + std::fmt::Debug {
    (
        m.sessions.clone(),
        m.windows.clone(),
        m.panes.clone(),
        m.next,
        m.environment.clone(),
        m.key_tables.clone(),
    )
}

/// Any change applies or fails without a panic; a failed one changes nothing; the model's invariants
/// hold after each one.
pub fn apply(u: &mut Unstructured) -> Result<()> {
    let mut m = Model::default();
    for _ in 0..u.int_in_range(0..=40)? {
        let c = change(u, &m)?;
        let before = structure(&m);
        match m.apply(&c) {
            Ok(_) => {
                let problems = m.check();
                assert!(problems.is_empty(), "{c:?} broke the model: {problems:?}");
            }
            Err(e) => assert!(
                structure(&m) == before,
                "{c:?} failed ({e}) but changed the model"
            ),
        }
    }
    Ok(())
}
