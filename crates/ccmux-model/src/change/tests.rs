use super::*;
use crate::NextIds;
use crate::Pane;

fn spec() -> PaneSpec {
    PaneSpec {
        shell: "/bin/sh".into(),
        cwd: "/tmp".into(),
        ..PaneSpec::default()
    }
}

fn new_session(m: &mut Model, id: u32, name: &str) {
    m.apply(&Change::SessionCreated {
        id: SessionId(id),
        name: name.into(),
        created: 0,
        cols: 80,
        rows: 24,
        window: WindowId(m.next.window),
        window_name: "sh".into(),
        pane: PaneId(m.next.pane),
        spec: spec(),
    })
    .unwrap();
}

#[test]
fn create_split_close_cascades_to_session() {
    let mut m = Model::default();
    new_session(&mut m, 0, "work");
    assert!(m.check().is_empty());
    let fx = m
        .apply(&Change::PaneSplit {
            target: PaneId(0),
            pane: PaneId(1),
            dir: SplitDir::LeftRight,
            size: None,
            before: false,
            spec: spec(),
            select: true,
        })
        .unwrap();
    assert_eq!(fx.relayout, vec![WindowId(0)]);
    assert_eq!(m.windows[&WindowId(0)].active_pane, PaneId(1));
    assert_eq!(m.pane_index(PaneId(1)), Some(1));
    m.apply(&Change::PaneClosed { id: PaneId(1) }).unwrap();
    assert_eq!(m.windows[&WindowId(0)].active_pane, PaneId(0));
    let fx = m.apply(&Change::PaneClosed { id: PaneId(0) }).unwrap();
    assert_eq!(fx.closed_windows, vec![WindowId(0)]);
    assert_eq!(fx.closed_sessions, vec![SessionId(0)]);
    assert!(m.sessions.is_empty() && m.windows.is_empty() && m.panes.is_empty());
    assert_eq!(
        m.next,
        NextIds {
            session: 1,
            window: 1,
            pane: 2,
        },
        "ids never reused"
    );
}

#[test]
fn windows_select_and_close_picks_last() {
    let mut m = Model::default();
    new_session(&mut m, 0, "s");
    for (id, pane, index) in [(1, 1, 1), (2, 2, 2)] {
        m.apply(&Change::WindowCreated {
            id: WindowId(id),
            session: SessionId(0),
            index,
            name: format!("w{id}"),
            pane: PaneId(pane),
            spec: spec(),
            select: true,
        })
        .unwrap();
    }
    let s = &m.sessions[&SessionId(0)];
    assert_eq!(
        (s.active_window, s.last_window),
        (WindowId(2), Some(WindowId(1)))
    );
    m.apply(&Change::WindowClosed { id: WindowId(2) }).unwrap();
    assert_eq!(m.sessions[&SessionId(0)].active_window, WindowId(1));
    assert_eq!(m.free_window_index(SessionId(0), 0), 2);
    assert_eq!(
        m.apply(&Change::WindowCreated {
            id: WindowId(9),
            session: SessionId(0),
            index: 1,
            name: "x".into(),
            pane: PaneId(9),
            spec: spec(),
            select: false,
        }),
        Err(ChangeError::IndexInUse(1))
    );
    assert!(m.check().is_empty());
}

#[test]
fn errors_leave_model_unchanged() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    let before = m.clone();
    assert!(m.apply(&Change::PaneClosed { id: PaneId(7) }).is_err());
    assert!(m
        .apply(&Change::SessionRenamed {
            id: SessionId(3),
            name: "x".into()
        })
        .is_err());
    new_session(&mut m, 1, "b");
    assert_eq!(
        m.apply(&Change::SessionRenamed {
            id: SessionId(1),
            name: "a".into()
        }),
        Err(ChangeError::DuplicateName("a".into()))
    );
    assert_eq!(m.sessions[&SessionId(0)], before.sessions[&SessionId(0)]);
}

#[test]
fn repair_fixes_dangling_references() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    m.windows.get_mut(&WindowId(0)).unwrap().active_pane = PaneId(42);
    m.panes.insert(
        PaneId(5),
        Pane {
            id: PaneId(5),
            window: WindowId(8),
            spec: spec(),
            cwd: "/".into(),
            options: Options::new(),
            title: String::new(),
            dead: None,
            foreground: None,
        },
    );
    m.next.pane = 0;
    assert!(!m.check().is_empty());
    let done = m.repair();
    assert!(done.len() >= 3, "{done:?}");
    assert!(m.check().is_empty(), "{:?}", m.check());
    assert_eq!(m.windows[&WindowId(0)].active_pane, PaneId(0));
}

#[test]
fn session_resize_round_trip_and_window_layout_change() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    let resize = |m: &mut Model, cols, rows| {
        m.apply(&Change::SessionResized {
            id: SessionId(0),
            cols,
            rows,
        })
        .unwrap()
    };
    resize(&mut m, 200, 50);
    for (target, pane, dir) in [(0, 1, SplitDir::LeftRight), (1, 2, SplitDir::TopBottom)] {
        m.apply(&Change::PaneSplit {
            target: PaneId(target),
            pane: PaneId(pane),
            dir,
            size: None,
            before: false,
            spec: spec(),
            select: false,
        })
        .unwrap();
    }
    let before = m.window_geometry(WindowId(0));
    resize(&mut m, 120, 30);
    assert_eq!(m.pane_rect(PaneId(0)).map(|r| r.cols), Some(60));
    resize(&mut m, 200, 50);
    assert_eq!(m.window_geometry(WindowId(0)), before);

    // resize-pane -x: the last pane of a split moves its left border.
    m.apply(&Change::PaneResized {
        id: PaneId(1),
        axis: Axis::X,
        size: 49,
    })
    .unwrap();
    assert_eq!(m.pane_rect(PaneId(0)).map(|r| r.cols), Some(150));

    let area = m.window_area(WindowId(0)).unwrap();
    let mut layout = m.windows[&WindowId(0)].layout.clone();
    layout.rotate(crate::Rotate::Down);
    layout
        .select(area, crate::Select::Named("even-v"), &Default::default())
        .unwrap();
    let fx = m
        .apply(&Change::WindowLayout {
            id: WindowId(0),
            layout: layout.clone(),
        })
        .unwrap();
    assert_eq!(fx.relayout, vec![WindowId(0)]);
    assert_eq!(m.windows[&WindowId(0)].layout, layout);
    assert_eq!(m.pane_index(PaneId(2)), Some(0));
    let stranger = Layout::new(PaneId(7), 10, 10);
    assert_eq!(
        m.apply(&Change::WindowLayout {
            id: WindowId(0),
            layout: stranger,
        }),
        Err(ChangeError::LayoutPanes(WindowId(0)))
    );
    assert!(m.check().is_empty());
}

#[test]
fn session_resize_refits_layouts() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    m.apply(&Change::PaneSplit {
        target: PaneId(0),
        pane: PaneId(1),
        dir: SplitDir::TopBottom,
        size: None,
        before: false,
        spec: spec(),
        select: false,
    })
    .unwrap();
    m.apply(&Change::SessionResized {
        id: SessionId(0),
        cols: 200,
        rows: 51,
    })
    .unwrap();
    let g = m.window_geometry(WindowId(0));
    assert_eq!(g[0].1.rows + g[1].1.rows + 1, 51);
    assert!(g.iter().all(|(_, r)| r.cols == 200));
}

fn new_window(m: &mut Model, session: u32, index: u32) -> WindowId {
    let id = WindowId(m.next.window);
    m.apply(&Change::WindowCreated {
        id,
        session: SessionId(session),
        index,
        name: format!("w{index}"),
        pane: PaneId(m.next.pane),
        spec: spec(),
        select: false,
    })
    .unwrap();
    id
}

fn split(m: &mut Model, target: u32) -> PaneId {
    let pane = PaneId(m.next.pane);
    m.apply(&Change::PaneSplit {
        target: PaneId(target),
        pane,
        dir: SplitDir::LeftRight,
        size: None,
        before: false,
        spec: spec(),
        select: false,
    })
    .unwrap();
    pane
}

fn indexes(m: &Model, s: u32) -> Vec<(u32, u32)> {
    m.sessions[&SessionId(s)]
        .windows
        .iter()
        .map(|(i, w)| (*i, w.0))
        .collect()
}

fn grouped(
    m: &mut Model,
    id: u32,
    name: &str,
    group: &str,
    with: u32,
) -> Result<Effects, ChangeError> {
    m.apply(&Change::SessionGrouped {
        id: SessionId(id),
        name: name.into(),
        created: 0,
        cols: 100,
        rows: 30,
        group: group.into(),
        with: SessionId(with),
    })
}

#[test]
fn grouped_sessions_share_windows_and_outlive_each_other() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    new_window(&mut m, 0, 1);
    grouped(&mut m, 1, "a-1", "a", 0).unwrap();
    assert_eq!(m.sessions[&SessionId(0)].group.as_deref(), Some("a"));
    assert_eq!(indexes(&m, 1), indexes(&m, 0));
    // A window created in either appears in both; each keeps its own current window.
    let w = new_window(&mut m, 1, 5);
    assert_eq!(indexes(&m, 0), vec![(0, 0), (1, 1), (5, w.0)]);
    m.apply(&Change::WindowSelectedIn {
        session: SessionId(1),
        window: w,
    })
    .unwrap();
    assert_eq!(m.sessions[&SessionId(1)].active_window, w);
    assert_eq!(m.sessions[&SessionId(0)].active_window, WindowId(0));
    // Moves and kills act on the whole group.
    m.apply(&Change::WindowMoved {
        session: SessionId(0),
        from: 5,
        to: 9,
    })
    .unwrap();
    assert_eq!(indexes(&m, 1), vec![(0, 0), (1, 1), (9, w.0)]);
    m.apply(&Change::WindowClosed { id: WindowId(1) }).unwrap();
    assert_eq!(indexes(&m, 0), indexes(&m, 1));
    assert!(m.check().is_empty(), "{:?}", m.check());
    // Closing one session leaves the other with the windows, still in its group of one (tmux).
    let fx = m
        .apply(&Change::SessionClosed { id: SessionId(0) })
        .unwrap();
    assert!(fx.closed_windows.is_empty() && fx.closed_panes.is_empty());
    assert_eq!(m.sessions[&SessionId(1)].group.as_deref(), Some("a"));
    assert!(m.check().is_empty(), "{:?}", m.check());
}

#[test]
fn a_group_refuses_a_session_with_other_windows() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    new_session(&mut m, 1, "b");
    grouped(&mut m, 2, "a-2", "a", 0).unwrap();
    let before = m.clone();
    // b has its own windows: it cannot join group a, and a's group is a.
    assert!(matches!(
        m.apply(&Change::SessionGroupSet {
            id: SessionId(1),
            group: Some("a".into())
        }),
        Err(ChangeError::GroupDiffers(_))
    ));
    assert!(matches!(
        grouped(&mut m, 3, "x", "other", 0),
        Err(ChangeError::GroupDiffers(_))
    ));
    assert_eq!(m, before);
    // A session alone starts a group of its own; leaving it is allowed.
    m.apply(&Change::SessionGroupSet {
        id: SessionId(1),
        group: Some("solo".into()),
    })
    .unwrap();
    assert_eq!(m.group_members(SessionId(1)), vec![SessionId(1)]);
    m.apply(&Change::SessionGroupSet {
        id: SessionId(1),
        group: None,
    })
    .unwrap();
    assert!(m.check().is_empty(), "{:?}", m.check());
}

#[test]
fn a_linked_window_s_panes_are_listed_once() {
    // Recovery starts (or re-adopts) every pane of panes_in_order: a pane listed twice would be
    // started twice, or found gone the second time.
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    new_session(&mut m, 1, "b");
    m.apply(&Change::WindowLinked {
        window: WindowId(0),
        session: SessionId(1),
        index: 5,
        select: false,
    })
    .unwrap();
    grouped(&mut m, 2, "a-2", "a", 0).unwrap();
    assert_eq!(m.panes_in_order(), vec![PaneId(0), PaneId(1)]);
}

#[test]
fn linked_windows_live_until_their_last_link() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    new_session(&mut m, 1, "b");
    let w = WindowId(0);
    m.apply(&Change::WindowLinked {
        window: w,
        session: SessionId(1),
        index: 3,
        select: true,
    })
    .unwrap();
    assert_eq!(m.sessions_of_window(w), vec![SessionId(0), SessionId(1)]);
    assert_eq!(m.sessions[&SessionId(1)].active_window, w);
    assert_eq!(m.window_index_in(Some(SessionId(1)), w), Some(3));
    assert_eq!(m.window_index_in(Some(SessionId(0)), w), Some(0));
    // Linking it again in the same session, or at a used index, is refused.
    let before = m.clone();
    assert!(m
        .apply(&Change::WindowLinked {
            window: w,
            session: SessionId(1),
            index: 4,
            select: false
        })
        .is_err());
    assert!(m
        .apply(&Change::WindowLinked {
            window: WindowId(1),
            session: SessionId(0),
            index: 0,
            select: false
        })
        .is_err());
    assert_eq!(m, before);
    // The latest session resized gives the window its size.
    m.apply(&Change::SessionResized {
        id: SessionId(1),
        cols: 50,
        rows: 10,
    })
    .unwrap();
    assert_eq!((m.windows[&w].cols, m.windows[&w].rows), (50, 10));
    // Unlinked from a: a ends (it had no other window), the window lives on in b.
    let fx = m
        .apply(&Change::WindowUnlinked {
            window: w,
            session: SessionId(0),
        })
        .unwrap();
    assert_eq!(fx.closed_sessions, vec![SessionId(0)]);
    assert!(fx.closed_panes.is_empty());
    assert!(m.windows.contains_key(&w));
    // Unlinked from its last session, it ends with its panes.
    let fx = m
        .apply(&Change::WindowUnlinked {
            window: w,
            session: SessionId(1),
        })
        .unwrap();
    assert_eq!(fx.closed_panes, vec![PaneId(0)]);
    assert!(!m.windows.contains_key(&w));
    assert!(m.check().is_empty(), "{:?}", m.check());
}

#[test]
fn windows_swap_across_sessions_and_keep_current_ones_valid() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    new_window(&mut m, 0, 1);
    new_session(&mut m, 1, "b");
    m.apply(&Change::WindowsSwapped {
        a: (SessionId(0), 0),
        b: (SessionId(1), 0),
    })
    .unwrap();
    assert_eq!(indexes(&m, 0), vec![(0, 2), (1, 1)]);
    assert_eq!(indexes(&m, 1), vec![(0, 0)]);
    assert_eq!(m.sessions[&SessionId(0)].active_window, WindowId(2));
    assert_eq!(m.sessions[&SessionId(1)].active_window, WindowId(0));
    // Within one session.
    m.apply(&Change::WindowsSwapped {
        a: (SessionId(0), 0),
        b: (SessionId(0), 1),
    })
    .unwrap();
    assert_eq!(indexes(&m, 0), vec![(0, 1), (1, 2)]);
    assert!(m.check().is_empty(), "{:?}", m.check());
    let before = m.clone();
    assert!(matches!(
        m.apply(&Change::WindowsSwapped {
            a: (SessionId(0), 0),
            b: (SessionId(0), 7),
        }),
        Err(ChangeError::NoIndex(7))
    ));
    assert_eq!(m, before);
}

#[test]
fn panes_break_out_move_and_swap_between_windows() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    let p1 = split(&mut m, 0);
    let area = m.window_area(WindowId(0)).unwrap();
    // break-pane: p1 leaves for a new window at index 4, keeping its record.
    m.apply(&Change::PaneTitle {
        id: p1,
        title: "kept".into(),
    })
    .unwrap();
    let mut from = m.windows[&WindowId(0)].layout.clone();
    from.remove(area, p1).unwrap();
    let w = WindowId(m.next.window);
    m.apply(&Change::PaneBroken {
        pane: p1,
        window: w,
        session: SessionId(0),
        index: 4,
        name: "broken".into(),
        select: true,
        from_layout: from,
    })
    .unwrap();
    assert_eq!(m.panes[&p1].window, w);
    assert_eq!(m.panes[&p1].title, "kept");
    assert_eq!(m.windows[&WindowId(0)].layout.panes(), vec![PaneId(0)]);
    assert_eq!(m.sessions[&SessionId(0)].active_window, w);
    assert!(m.check().is_empty(), "{:?}", m.check());
    // Breaking a window's only pane is refused.
    let lone = m.windows[&WindowId(0)].layout.clone();
    assert!(m
        .apply(&Change::PaneBroken {
            pane: PaneId(0),
            window: WindowId(m.next.window),
            session: SessionId(0),
            index: 8,
            name: "x".into(),
            select: false,
            from_layout: lone,
        })
        .is_err());
    // join-pane: p1 goes back; its window, left empty, ends.
    let mut to = m.windows[&WindowId(0)].layout.clone();
    to.join(
        area,
        PaneId(0),
        p1,
        crate::SplitOpts::new(SplitDir::TopBottom),
    )
    .unwrap();
    let fx = m
        .apply(&Change::PaneMoved {
            pane: p1,
            to: WindowId(0),
            from_layout: None,
            to_layout: to,
            select: true,
        })
        .unwrap();
    assert_eq!(fx.closed_windows, vec![w]);
    assert!(fx.closed_panes.is_empty(), "the pane itself lives on");
    assert_eq!(m.windows[&WindowId(0)].active_pane, p1);
    assert_eq!(m.sessions[&SessionId(0)].active_window, WindowId(0));
    assert!(m.check().is_empty(), "{:?}", m.check());
    // swap-pane across windows: the panes trade places and windows.
    let w2 = new_window(&mut m, 0, 2);
    let p3 = m.windows[&w2].active_pane;
    let (mut la, mut lb) = (
        m.windows[&WindowId(0)].layout.clone(),
        m.windows[&w2].layout.clone(),
    );
    la.swap_with(p1, &mut lb, p3).unwrap();
    m.apply(&Change::PanesSwapped {
        a: p1,
        b: p3,
        layout_a: la,
        layout_b: lb,
    })
    .unwrap();
    assert_eq!(m.panes[&p1].window, w2);
    assert_eq!(m.panes[&p3].window, WindowId(0));
    assert_eq!(m.windows[&WindowId(0)].active_pane, p3);
    assert_eq!(m.windows[&w2].active_pane, p1);
    assert!(m.check().is_empty(), "{:?}", m.check());
    // A layout that does not hold the right panes is refused.
    let before = m.clone();
    let wrong = m.windows[&w2].layout.clone();
    assert!(m
        .apply(&Change::PanesSwapped {
            a: p1,
            b: p3,
            layout_a: wrong.clone(),
            layout_b: wrong,
        })
        .is_err());
    assert_eq!(m, before);
}

#[test]
fn dead_panes_stay_until_respawned() {
    let mut m = Model::default();
    new_session(&mut m, 0, "a");
    m.apply(&Change::PaneDied {
        id: PaneId(0),
        status: Some(2),
        signal: None,
        time: 7,
    })
    .unwrap();
    let dead = m.panes[&PaneId(0)].dead.unwrap();
    assert_eq!((dead.status, dead.signal, dead.time), (Some(2), None, 7));
    let mut again = spec();
    again.command = vec!["top".into()];
    again.cwd = "/var".into();
    m.apply(&Change::PaneRespawned {
        id: PaneId(0),
        spec: again.clone(),
    })
    .unwrap();
    let p = &m.panes[&PaneId(0)];
    assert!(p.dead.is_none());
    assert_eq!(p.spec, again);
    assert_eq!(p.cwd, "/var");
}
