//! Sample data shared by the committed-sample tests of several versions. The lists are frozen with
//! the samples generated from them: add a new list for a new version, never edit one.
#![allow(dead_code)]

use ccmux_model::options::Colour;
use ccmux_model::{
    Axis, Binding, Change, EnvValue, Model, OptionScope, OptionValue, PaneId, PaneSpec, SessionId,
    SplitDir, WindowId,
};

pub fn spec(cwd: &str) -> PaneSpec {
    PaneSpec {
        command: vec!["vim".into(), "notes.md".into()],
        shell: "/bin/sh".into(),
        env: vec![("A".into(), "1".into())],
        cwd: cwd.into(),
    }
}

/// A model with a nested layout, options everywhere, bindings, environments and a title.
pub fn base() -> Model {
    let (s, w, p) = (SessionId, WindowId, PaneId);
    let mut m = Model::default();
    let changes = [
        Change::SessionCreated {
            id: s(0),
            name: "alpha".into(),
            created: 1_795_600_000,
            cols: 120,
            rows: 40,
            window: w(0),
            window_name: "sh".into(),
            pane: p(0),
            spec: spec("/tmp"),
        },
        Change::PaneSplit {
            target: p(0),
            pane: p(1),
            dir: SplitDir::LeftRight,
            size: Some(40),
            before: false,
            spec: spec("/srv"),
            select: true,
        },
        Change::PaneSplit {
            target: p(1),
            pane: p(2),
            dir: SplitDir::TopBottom,
            size: None,
            before: true,
            spec: spec("/var"),
            select: false,
        },
    ];
    for c in changes {
        m.apply(&c).unwrap();
    }
    m
}

/// Every `Change` variant of v2, in an order that applies on top of [`base`].
pub fn every_change_v2() -> Vec<Change> {
    let (s, w, p) = (SessionId, WindowId, PaneId);
    let mut layout = base().windows[&w(0)].layout.clone();
    layout.swap(p(0), p(2)).unwrap();
    vec![
        Change::PaneResized {
            id: p(2),
            axis: Axis::Y,
            size: 10,
        },
        Change::PaneSelected { id: p(0) },
        Change::PaneCwd {
            id: p(1),
            cwd: "/home".into(),
        },
        Change::WindowCreated {
            id: w(1),
            session: s(0),
            index: 3,
            name: "logs".into(),
            pane: p(3),
            spec: spec("/var/log"),
            select: true,
        },
        Change::WindowRenamed {
            id: w(1),
            name: "tail".into(),
        },
        Change::WindowZoomed {
            id: w(0),
            zoomed: true,
        },
        Change::WindowSelected { id: w(0) },
        Change::SessionRenamed {
            id: s(0),
            name: "beta".into(),
        },
        Change::SessionResized {
            id: s(0),
            cols: 100,
            rows: 30,
        },
        Change::SessionCreated {
            id: s(1),
            name: "gone".into(),
            created: 1_795_600_100,
            cols: 80,
            rows: 24,
            window: w(2),
            window_name: "sh".into(),
            pane: p(4),
            spec: spec("/"),
        },
        Change::WindowCreated {
            id: w(3),
            session: s(1),
            index: 1,
            name: "x".into(),
            pane: p(5),
            spec: spec("/"),
            select: false,
        },
        Change::WindowClosed { id: w(3) },
        Change::SessionClosed { id: s(1) },
        Change::PaneSplit {
            target: p(3),
            pane: p(6),
            dir: SplitDir::TopBottom,
            size: Some(5),
            before: false,
            spec: spec("/"),
            select: false,
        },
        Change::PaneClosed { id: p(6) },
        Change::WindowLayout { id: w(0), layout },
        Change::OptionSet {
            scope: OptionScope::GlobalSession,
            name: "status-style".into(),
            value: Some(OptionValue::String("fg=red,bold".into())),
        },
        Change::OptionSet {
            scope: OptionScope::Server,
            name: "escape-time".into(),
            value: Some(OptionValue::Number(10)),
        },
        Change::OptionSet {
            scope: OptionScope::GlobalWindow,
            name: "pane-base-index".into(),
            value: Some(OptionValue::Number(1)),
        },
        Change::OptionSet {
            scope: OptionScope::Session(s(0)),
            name: "mouse".into(),
            value: Some(OptionValue::Flag(true)),
        },
        Change::OptionSet {
            scope: OptionScope::Window(w(0)),
            name: "mode-keys".into(),
            value: Some(OptionValue::Choice("vi".into())),
        },
        Change::OptionSet {
            scope: OptionScope::Pane(p(0)),
            name: "@note".into(),
            value: Some(OptionValue::String("pane user option".into())),
        },
        Change::OptionSet {
            scope: OptionScope::Session(s(0)),
            name: "prefix".into(),
            value: Some(OptionValue::Key("C-a".into())),
        },
        Change::OptionSet {
            scope: OptionScope::GlobalWindow,
            name: "clock-mode-colour".into(),
            value: Some(OptionValue::Colour(Colour::Rgb(1, 2, 3))),
        },
        Change::OptionSet {
            scope: OptionScope::GlobalSession,
            name: "after-new-window".into(),
            value: Some(OptionValue::Array(
                [(0, "display hi".to_string())].into_iter().collect(),
            )),
        },
        Change::OptionSet {
            scope: OptionScope::Session(s(0)),
            name: "mouse".into(),
            value: None,
        },
        Change::KeyBound {
            table: "prefix".into(),
            key: "|".into(),
            binding: Some(Binding {
                command: "split-window -h -c \"#{pane_current_path}\"".into(),
                note: Some("split".into()),
                repeat: true,
            }),
        },
        Change::KeyBound {
            table: "copy-mode-vi".into(),
            key: "v".into(),
            binding: Some(Binding {
                command: "send-keys -X begin-selection".into(),
                note: None,
                repeat: false,
            }),
        },
        Change::KeyBound {
            table: "prefix".into(),
            key: "C-b".into(),
            binding: None,
        },
        Change::EnvSet {
            session: None,
            name: "EDITOR".into(),
            value: Some(EnvValue {
                value: Some("vim".into()),
                hidden: false,
            }),
        },
        Change::EnvSet {
            session: Some(s(0)),
            name: "SECRET".into(),
            value: Some(EnvValue {
                value: Some("x".into()),
                hidden: true,
            }),
        },
        Change::EnvSet {
            session: Some(s(0)),
            name: "DISPLAY".into(),
            value: Some(EnvValue {
                value: None,
                hidden: false,
            }),
        },
        Change::KeysInitialized,
        Change::PaneTitle {
            id: p(1),
            title: "build".into(),
        },
    ]
}

/// The v3 changes, in an order that applies on top of [`base`] and [`every_change_v2`]: session
/// groups, links, moves and swaps of windows, panes broken out, moved and swapped between windows,
/// a pane dying and respawning.
pub fn every_change_v3() -> Vec<Change> {
    use ccmux_model::{Rect, SplitOpts};
    let (s, w, p) = (SessionId, WindowId, PaneId);
    let mut m = base();
    for c in every_change_v2() {
        m.apply(&c).unwrap();
    }
    let mut out = Vec::new();
    let mut push = |m: &mut Model, c: Change| {
        m.apply(&c).unwrap();
        out.push(c);
    };
    push(
        &mut m,
        Change::SessionGrouped {
            id: s(2),
            name: "beta-2".into(),
            created: 1_795_600_200,
            cols: 100,
            rows: 30,
            group: "beta".into(),
            with: s(0),
        },
    );
    push(
        &mut m,
        Change::SessionCreated {
            id: s(3),
            name: "other".into(),
            created: 1_795_600_300,
            cols: 90,
            rows: 20,
            window: w(4),
            window_name: "sh".into(),
            pane: p(7),
            spec: spec("/opt"),
        },
    );
    push(
        &mut m,
        Change::WindowLinked {
            window: w(1),
            session: s(3),
            index: 5,
            select: false,
        },
    );
    push(
        &mut m,
        Change::WindowSelectedIn {
            session: s(3),
            window: w(1),
        },
    );
    push(
        &mut m,
        Change::WindowMoved {
            session: s(0),
            from: 3,
            to: 7,
        },
    );
    push(
        &mut m,
        Change::WindowsSwapped {
            a: (s(3), 0),
            b: (s(3), 5),
        },
    );
    let area = |m: &Model, win: u32| m.window_area(w(win)).unwrap();
    let mut from = m.windows[&w(0)].layout.clone();
    from.remove(area(&m, 0), p(2)).unwrap();
    push(
        &mut m,
        Change::PaneBroken {
            pane: p(2),
            window: w(5),
            session: s(0),
            index: 8,
            name: "broken".into(),
            select: false,
            from_layout: from,
        },
    );
    let mut to = m.windows[&w(1)].layout.clone();
    to.join(area(&m, 1), p(3), p(2), SplitOpts::new(SplitDir::LeftRight))
        .unwrap();
    push(
        &mut m,
        Change::PaneMoved {
            pane: p(2),
            to: w(1),
            from_layout: None,
            to_layout: to,
            select: true,
        },
    );
    let (mut la, mut lb) = (
        m.windows[&w(0)].layout.clone(),
        m.windows[&w(1)].layout.clone(),
    );
    la.swap_with(p(0), &mut lb, p(3)).unwrap();
    let _: Rect = area(&m, 0);
    push(
        &mut m,
        Change::PanesSwapped {
            a: p(0),
            b: p(3),
            layout_a: la,
            layout_b: lb,
        },
    );
    push(
        &mut m,
        Change::PaneDied {
            id: p(1),
            status: Some(3),
            signal: None,
            time: 1_795_600_400,
        },
    );
    push(
        &mut m,
        Change::PaneDied {
            id: p(7),
            status: None,
            signal: Some(9),
            time: 1_795_600_500,
        },
    );
    push(
        &mut m,
        Change::PaneRespawned {
            id: p(1),
            spec: spec("/root"),
        },
    );
    push(
        &mut m,
        Change::SessionGroupSet {
            id: s(3),
            group: Some("solo".into()),
        },
    );
    push(
        &mut m,
        Change::WindowUnlinked {
            window: w(1),
            session: s(3),
        },
    );
    out
}

/// The v4 changes, applying after [`every_change_v3`]: a program in a pane's foreground (a chain of
/// two, non-ASCII text kept as given), then the pane's own process again, then another program; an
/// item added to an array option and another removed.
pub fn every_change_v4() -> Vec<Change> {
    vec![
        Change::PaneForeground {
            id: PaneId(0),
            foreground: Some(ccmux_model::Foreground {
                argv: vec!["vim".into(), "notes é.md".into()],
                cwd: "/home/u/repo".into(),
                chain: vec!["bash".into(), "vim".into()],
            }),
        },
        Change::PaneForeground {
            id: PaneId(0),
            foreground: None,
        },
        Change::PaneForeground {
            id: PaneId(3),
            foreground: Some(ccmux_model::Foreground {
                argv: vec!["tail".into(), "-f".into(), "log".into()],
                cwd: "/var/log".into(),
                chain: vec!["sh".into(), "tail".into()],
            }),
        },
        Change::OptionItemSet {
            scope: ccmux_model::OptionScope::GlobalSession,
            name: "status-format".into(),
            index: 3,
            item: Some("#[align=centre]third line".into()),
        },
        Change::OptionItemSet {
            scope: ccmux_model::OptionScope::GlobalSession,
            name: "status-format".into(),
            index: 0,
            item: None,
        },
    ]
}

/// A session `name` with one window and one pane, all numbered `id` (for tests that need a few).
pub fn created(id: u32, name: &str) -> Change {
    Change::SessionCreated {
        id: SessionId(id),
        name: name.into(),
        created: 1,
        cols: 80,
        rows: 24,
        window: WindowId(id),
        window_name: "sh".into(),
        pane: PaneId(id),
        spec: PaneSpec {
            shell: "/bin/sh".into(),
            cwd: "/".into(),
            ..PaneSpec::default()
        },
    }
}
