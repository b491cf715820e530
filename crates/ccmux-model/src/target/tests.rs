//! The fixture the tmux cases were captured with, and unit tests of what the cases cannot show.

use super::*;
use crate::{Change, OptionScope, OptionValue, PaneSpec, SplitDir};

/// Builds the model step by step with the ids tmux hands out in the same order.
struct Build(Model);

impl Build {
    fn apply(&mut self, c: Change) {
        self.0.apply(&c).unwrap();
    }

    fn session(&mut self, name: &str, window: &str) -> PaneId {
        let next = self.0.next;
        self.apply(Change::SessionCreated {
            id: SessionId(next.session),
            name: name.into(),
            created: 0,
            cols: 80,
            rows: 24,
            window: WindowId(next.window),
            window_name: window.into(),
            pane: PaneId(next.pane),
            spec: PaneSpec::default(),
        });
        PaneId(next.pane)
    }

    fn window(&mut self, session: &str, index: u32, name: &str) -> WindowId {
        let next = self.0.next;
        let session = self.0.session_by_name(session).unwrap().id;
        self.apply(Change::WindowCreated {
            id: WindowId(next.window),
            session,
            index,
            name: name.into(),
            pane: PaneId(next.pane),
            spec: PaneSpec::default(),
            select: false,
        });
        WindowId(next.window)
    }

    /// `split-window -d` (`-h` is `SplitDir::LeftRight`).
    fn split(&mut self, target: u32, dir: SplitDir) {
        let pane = PaneId(self.0.next.pane);
        self.apply(Change::PaneSplit {
            target: PaneId(target),
            pane,
            dir,
            size: None,
            before: false,
            spec: PaneSpec::default(),
            select: false,
        });
    }

    fn set(&mut self, scope: OptionScope, name: &str, value: Option<OptionValue>) {
        self.apply(Change::OptionSet {
            scope,
            name: name.into(),
            value,
        });
    }
}

/// The sessions of tools/target_cases.py's SETUP, built the same way (same names, indexes, ids,
/// splits, selections and options).
pub(super) fn fixture() -> Model {
    let mut b = Build(Model::default());
    b.session("work", "editor"); // $0 @0 %0
    b.split(0, SplitDir::LeftRight); // %1
    b.split(1, SplitDir::TopBottom); // %2
    b.window("work", 1, "logs"); // @1 %3
    b.window("work", 2, "log-archive"); // @2 %4
    b.window("work", 4, "vim"); // @3 %5
    b.window("work", 7, "build.x"); // @4 %6
    b.apply(Change::WindowSelected { id: WindowId(2) });
    b.apply(Change::WindowSelected { id: WindowId(0) });
    for p in [2, 0, 1] {
        b.apply(Change::PaneSelected { id: PaneId(p) });
    }
    b.session("workshop", "main"); // $1 @5 %7
    b.split(7, SplitDir::LeftRight); // %8
    b.split(8, SplitDir::TopBottom); // %9
    for p in [9, 8, 7] {
        b.apply(Change::PaneSelected { id: PaneId(p) });
    }
    let base = |n| Some(OptionValue::Number(n));
    b.set(OptionScope::GlobalSession, "base-index", base(1));
    b.session("play", "sh"); // $2 @6 %10
    b.set(OptionScope::GlobalSession, "base-index", None);
    b.set(OptionScope::Session(SessionId(2)), "base-index", base(1));
    b.window("play", 3, "sh"); // @7 %11
    let music = b.window("play", 5, "music"); // @8 %12
    b.split(12, SplitDir::TopBottom); // %13
    b.set(OptionScope::Window(music), "pane-base-index", base(1));
    let bottom = Some(OptionValue::Choice("bottom".into()));
    b.set(OptionScope::Window(music), "pane-border-status", bottom);
    b.apply(Change::WindowSelected { id: music });
    b.session("logs", "x*y"); // $3 @9 %14
    b.split(14, SplitDir::TopBottom); // %15
    b.split(15, SplitDir::TopBottom); // %16
    let top = Some(OptionValue::Choice("top".into()));
    b.set(OptionScope::Window(WindowId(9)), "pane-border-status", top);
    b.apply(Change::PaneSelected { id: PaneId(15) });
    b.session("2", "two"); // $4 @10 %17
    assert!(b.0.check().is_empty(), "{:?}", b.0.check());
    b.0
}

fn at(pane: u32) -> Current {
    Current {
        pane: Some(PaneId(pane)),
        ..Current::default()
    }
}

#[test]
fn no_session_is_no_current_target() {
    let m = Model::default();
    let cur = Current::default();
    assert_eq!(
        m.find_session(Some("$0"), &cur),
        Err(TargetError::NoCurrent)
    );
    assert_eq!(m.find_pane(None, &cur), Err(TargetError::NoCurrent));
    assert_eq!(TargetError::NoCurrent.to_string(), "no current target");
}

#[test]
fn current_from_pane_session_or_newest() {
    let m = fixture();
    // A pane: its own window, even when it is not the session's current window.
    assert_eq!(
        m.find_pane(None, &at(3)),
        Ok((SessionId(0), WindowId(1), PaneId(3)))
    );
    let cur = Current {
        session: Some(SessionId(2)),
        ..Current::default()
    };
    assert_eq!(
        m.find_pane(None, &cur),
        Ok((SessionId(2), WindowId(8), PaneId(12)))
    );
    // Neither (or both gone): the newest session.
    let gone = Current {
        pane: Some(PaneId(99)),
        session: Some(SessionId(99)),
        marked: None,
    };
    assert_eq!(m.find_session(None, &gone), Ok(SessionId(4)));
    // A client outside tmux in pane %3 (window 1 of work) resolves from work's current window.
    assert_eq!(m.current_pane_of_client_in(PaneId(3)), Some(PaneId(1)));
}

#[test]
fn window_index_results() {
    let m = fixture();
    let cur = at(1);
    let wi = |t: &str| m.find_window_index(Some(t), &cur);
    assert_eq!(
        wi("work:3"),
        Ok(WindowIndex {
            session: SessionId(0),
            window: WindowId(0),
            index: Some(3)
        })
    );
    assert_eq!(
        wi("work:logs").map(|w| (w.window, w.index)),
        Ok((WindowId(1), Some(1)))
    );
    assert_eq!(
        wi("play").map(|w| (w.session, w.index)),
        Ok((SessionId(2), None))
    );
    assert_eq!(wi("work:0.1"), Err(TargetError::PaneHere));
    assert_eq!(m.find_window_index(None, &cur).map(|w| w.index), Ok(None));
}

#[test]
fn stale_marked_pane_is_no_marked_target() {
    let m = fixture();
    let cur = Current {
        marked: Some(PaneId(99)),
        ..at(1)
    };
    assert_eq!(m.find_pane(Some("~"), &cur), Err(TargetError::NoMarked));
}

#[test]
fn neighbours_prefer_active_then_last_then_first() {
    let mut m = fixture();
    // From the left pane of editor both right-hand panes touch its right edge (wrapping to the left
    // edge, too). %1 is active, %0 last.
    assert_eq!(
        m.find_pane(Some("{right-of}"), &at(0)).map(|t| t.2),
        Ok(PaneId(1))
    );
    m.apply(&Change::PaneSelected { id: PaneId(2) }).unwrap(); // active %2, last %1
    assert_eq!(
        m.find_pane(Some("{left-of}"), &at(0)).map(|t| t.2),
        Ok(PaneId(2))
    );
    m.apply(&Change::PaneSelected { id: PaneId(0) }).unwrap(); // active %0, last %2
    assert_eq!(
        m.find_pane(Some("{right-of}"), &at(0)).map(|t| t.2),
        Ok(PaneId(2))
    );
    // Neither candidate active nor last: the first in pane order.
    let mut b = Build(Model::default());
    b.session("t", "w"); // %0
    b.split(0, SplitDir::TopBottom); // %1 below %0
    b.split(0, SplitDir::LeftRight); // %2 right of %0
    b.split(2, SplitDir::LeftRight); // %3 right of %2
    b.apply(Change::PaneSelected { id: PaneId(1) }); // active %1, last %0
    b.apply(Change::PaneClosed { id: PaneId(0) }); // last gone: %2 and %3 above %1
    assert_eq!(
        b.0.find_pane(Some("{up-of}"), &at(1)).map(|t| t.2),
        Ok(PaneId(2))
    );
    b.apply(Change::PaneSelected { id: PaneId(3) });
    b.apply(Change::PaneSelected { id: PaneId(1) }); // last %3
    assert_eq!(
        b.0.find_pane(Some("{up-of}"), &at(1)).map(|t| t.2),
        Ok(PaneId(3))
    );
    // Zoomed, %1 fills the window while the others keep their places: nothing is above it, %3 is
    // left of it (wrapping). tmux 3.3a, after the same commands and `resize-pane -Z -t %1`, printed
    // nothing for `display -p -t '{up-of}' '#{pane_id}'` and %3 for `{left-of}`.
    b.apply(Change::WindowZoomed {
        id: WindowId(0),
        zoomed: true,
    });
    let geometry: Vec<_> = b.0.window_geometry(WindowId(0));
    let rect = |x, y, cols, rows| crate::Rect { x, y, cols, rows };
    assert_eq!(
        geometry,
        [
            (PaneId(2), rect(0, 0, 60, 12)),
            (PaneId(3), rect(61, 0, 19, 12)),
            (PaneId(1), rect(0, 0, 80, 24))
        ]
    );
    let up = b.0.find_pane(Some("{up-of}"), &at(1));
    assert_eq!(up, Err(TargetError::Pane("{up-of}".into())));
    assert_eq!(
        b.0.find_pane(Some("{left-of}"), &at(1)).map(|t| t.2),
        Ok(PaneId(3))
    );
}

#[test]
fn zoomed_window_positions_see_only_the_active_pane() {
    let mut m = fixture();
    m.apply(&Change::WindowZoomed {
        id: WindowId(0),
        zoomed: true,
    })
    .unwrap();
    // %1 is active and fills the window; the others are not visible (tmux 3.3a: `resize-pane -Z`,
    // then `display -p -t .{left} '#{pane_id}'` and the others printed the active pane).
    for t in [".{left}", ".{bottom-left}", ".top", ".{top-right}"] {
        assert_eq!(
            m.find_pane(Some(t), &at(1)).map(|t| t.2),
            Ok(PaneId(1)),
            "{t}"
        );
    }
}

#[test]
fn huge_offsets_wrap_without_looping() {
    let m = fixture();
    // 2147483647 steps from %1 (index 1 of 3): one to %2, one wrapping to %0, then
    // 2147483645 % 3 == 2 more. tmux 3.3a walks them all (about 5 s each) to the same panes:
    // `display -p -t .+2147483647 '#{pane_id}'` printed %2, `.-2147483647` %0.
    assert_eq!(
        m.find_pane(Some(".+2147483647"), &at(1)).map(|t| t.2),
        Ok(PaneId(2))
    );
    assert_eq!(
        m.find_pane(Some(".-2147483647"), &at(1)).map(|t| t.2),
        Ok(PaneId(0))
    );
}

/// A small deterministic generator (xorshift64*), no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn random_targets_never_panic() {
    const PIECES: &[&str] = &[
        "",
        ":",
        ".",
        "=",
        "$",
        "@",
        "%",
        "+",
        "-",
        "!",
        "^",
        "~",
        "*",
        "?",
        "[",
        "]",
        "\\",
        "{",
        "}",
        "0",
        "1",
        "2",
        "5",
        "9",
        " ",
        "\t",
        "4294967296",
        "2147483647",
        "99999999999999999999",
        "work",
        "play",
        "logs",
        "sh",
        "x*y",
        "é",
        "日本",
        "🦀",
        "\u{301}",
        "{end}",
        "{last}",
        "{up-of}",
        "{marked}",
        "{top}",
        "top",
        "[!a-",
        "[[:alpha:]]",
        "\0",
    ];
    let mut m = fixture();
    m.apply(&Change::WindowZoomed {
        id: WindowId(9),
        zoomed: true,
    })
    .unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let currents = [
        Current::default(),
        at(1),
        at(12),
        at(15),
        Current {
            marked: Some(PaneId(2)),
            ..at(7)
        },
    ];
    for i in 0..20_000 {
        let mut target = String::new();
        for _ in 0..(rng.next() % 6) {
            target.push_str(rng.pick(PIECES));
        }
        let cur = &currents[i % currents.len()];
        let t = Some(target.as_str());
        let _ = m.find_session(t, cur);
        let _ = m.find_window(t, cur);
        let _ = m.find_window_index(t, cur);
        if let Ok((s, w, p)) = m.find_pane(t, cur) {
            assert!(m.sessions.contains_key(&s) && m.windows.contains_key(&w));
            assert!(m.panes.contains_key(&p), "{target:?}");
        }
    }
    // Random bytes as UTF-8 text too.
    for _ in 0..5_000 {
        let bytes: Vec<u8> = (0..(rng.next() % 12)).map(|_| rng.next() as u8).collect();
        let target = String::from_utf8_lossy(&bytes);
        let _ = m.find_pane(Some(&target), &currents[1]);
        let _ = m.find_window_index(Some(&target), &currents[2]);
    }
}
