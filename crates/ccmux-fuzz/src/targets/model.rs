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
