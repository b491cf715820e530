//! Properties beyond the tmux scenarios: exact round trips, layout strings, robustness.

use super::super::custom::parse;
use super::super::preset::{size_option, strtonum};
use super::*;

fn world(cols: u16, rows: u16, cmds: &[&str]) -> World {
    let mut w = World::new(cols, rows);
    for c in cmds {
        w.run(c).unwrap();
    }
    w
}

fn first_line(snapshot: &str) -> &str {
    snapshot.lines().next().unwrap()
}

/// tmux 3.3a drifts here: 200 -> 20 -> 200 columns turns `100,49,24,24` into `59,46,46,46`
/// (`6916,200x50,0,0{59x50,...}`). The first step matches tmux (scenario
/// window_resize_first_step_of_drift); the way back restores the layout exactly.
#[test]
fn window_resize_round_trip_is_exact() {
    let cmds = [
        "splitw -h -t %0",
        "splitw -h -t %1",
        "splitw -h -t %2",
        "splitw -v -t %3",
    ];
    let mut w = world(200, 50, &cmds);
    let before = w.snapshot();
    assert_eq!(
        first_line(&before),
        "0 200x50 daf9,200x50,0,0{100x50,0,0,0,49x50,101,0,1,24x50,151,0,2,24x50,176,0[24x25,176,0,3,24x24,176,26,4]}"
    );
    w.run("resizew -x 20").unwrap();
    assert_eq!(
        first_line(&w.snapshot()),
        "0 20x50 b7f7,20x50,0,0{14x50,0,0,0,1x50,15,0,1,1x50,17,0,2,1x50,19,0[1x25,19,0,3,1x24,19,26,4]}"
    );
    w.run("resizew -x 200").unwrap();
    assert_eq!(w.snapshot(), before);
}

#[test]
fn geometry_depends_only_on_the_stored_tree_and_the_size() {
    let mut w = world(
        200,
        50,
        &[
            "splitw -h -t %0",
            "splitw -v -t %1",
            "splitw -h -b -l 30 -t %0",
            "splitw -v -t %2",
            "resizep -t %1 -L 7",
            "resizep -t %3 -D 4",
        ],
    );
    let reference = w.snapshot();
    let sizes = [(120, 30), (7, 3), (201, 51), (1, 1), (333, 99), (80, 24)];
    let mut seen = Vec::new();
    for (cols, rows) in sizes {
        w.run(&format!("resizew -x {cols} -y {rows}")).unwrap();
        seen.push(w.snapshot());
    }
    w.run("resizew -x 200 -y 50").unwrap();
    assert_eq!(w.snapshot(), reference);
    // Visiting the sizes again, in another order, gives the same layouts.
    for (i, (cols, rows)) in sizes.iter().enumerate().rev() {
        w.run(&format!("resizew -x {cols} -y {rows}")).unwrap();
        assert_eq!(w.snapshot(), seen[i]);
    }
}

#[test]
fn changing_cells_makes_a_new_reference_and_moving_panes_keeps_it() {
    let mut w = world(200, 50, &["splitw -h -t %0", "splitw -v -t %1"]);
    let at_200 = w.snapshot();
    w.run("resizew -x 120 -y 30").unwrap();
    w.run("swapp -s %0 -t %2").unwrap();
    w.run("rotatew -t %0").unwrap();
    w.run("rotatew -D -t %0").unwrap();
    w.run("swapp -s %0 -t %2").unwrap();
    w.run("resizep -t %0 -U 5").unwrap(); // no top-bottom split holds %0: nothing changes
    w.run("resizew -x 200 -y 50").unwrap();
    assert_eq!(w.snapshot(), at_200);
    assert_eq!(w.layout(0).reference_size(), (200, 50));

    w.run("resizew -x 120 -y 30").unwrap();
    w.run("resizep -t %0 -R 2").unwrap();
    assert_eq!(w.layout(0).reference_size(), (120, 30));
    assert_eq!(
        first_line(&w.snapshot()),
        "0 120x30 d897,120x30,0,0{62x30,0,0,0,57x30,63,0[57x15,63,0,1,57x14,63,16,2]}"
    );
}

/// Every layout tmux printed in the scenarios applies to a window of its size and prints back the
/// same, or is refused as tmux refuses it.
#[test]
fn layouts_printed_by_tmux_apply_and_print_back_identically() {
    let mut checked = 0;
    for case in cases::CASES {
        for snap in case.snapshots {
            for line in snap.lines().filter(|l| !l.contains('%')) {
                let Some(string) = line.split(' ').nth(2) else {
                    continue;
                };
                let cells = parse(string).expect(string);
                let mut panes = Vec::new();
                cells.leaves(&mut panes);
                let mut layout = Layout::new(panes[0], 1, 1);
                layout.panes = panes;
                let result = layout.apply_string(string);
                if cells.is_consistent() {
                    result.unwrap();
                    let size = area(cells.cols, cells.rows);
                    assert_eq!(layout.to_tmux_string(size), string);
                    checked += 1;
                } else {
                    assert_eq!(result, Err(LayoutError::SizeMismatch(string.into())));
                }
            }
        }
    }
    assert!(checked > 150, "{checked}");
}

#[test]
fn checksum_is_tmuxs() {
    let body = "200x50,0,0{100x50,0,0,0,99x50,101,0[99x25,101,0,1,99x24,101,26,2]}";
    assert_eq!(layout_checksum(body), 0x21be);
    assert_eq!(layout_checksum(""), 0);
}

#[test]
fn layout_string_errors_leave_the_layout_alone() {
    let mut w = world(80, 24, &["splitw -h -t %0"]);
    let before = w.layout(0).clone();
    let bad = [
        "",
        "xyz",
        "e1de",
        "e1de,",
        "020a,80x24,0,0{40x24,0,0,1,39x24,41,0,2}}",
        "020a,80x24,0,0{40x24,0,0,1,39x24,41,0,2",
        "020b,80x24,0,0{40x24,0,0,1,39x24,41,0,2}",
        "020a,80x24,0,0{40x24,0,0,1,39x24,41,0,2}\u{e9}",
        "\u{e9}\u{e9}\u{e9},80x24,0,0,1",
    ];
    for s in bad {
        assert_eq!(
            w.layout(0)
                .clone()
                .select(area(80, 24), Select::Named(s), &PresetOptions::default()),
            Err(LayoutError::Invalid(s.into())),
            "{s:?}"
        );
    }
    let err = w.run("selectl 'b25e,80x24,0,0,1'").unwrap_err();
    assert_eq!(err, "have 2 panes but need 1: b25e,80x24,0,0,1");
    assert_eq!(w.layout(0), &before);
}

#[test]
fn absurd_layout_strings_are_refused_without_harm() {
    let deep = format!(
        "{}80x24,0,0,1{}",
        "80x24,0,0[".repeat(5000),
        "]".repeat(5000)
    );
    let deep = format!("{:04x},{deep}", layout_checksum(&deep));
    let huge = "100000x24,0,0{40x24,0,0,1,39x24,41,0,2}";
    let huge = format!("{:04x},{huge}", layout_checksum(huge));
    let mut l = Layout::new(PaneId(0), 80, 24);
    assert!(matches!(
        l.apply_string(&deep),
        Err(LayoutError::Invalid(_))
    ));
    assert!(matches!(
        l.apply_string(&huge),
        Err(LayoutError::Invalid(_))
    ));
    // A single pane in a one-child split is valid in tmux.
    let nested = "80x24,0,0{80x24,0,0[80x24,0,0,7]}";
    let nested = format!("{:04x},{nested}", layout_checksum(nested));
    l.apply_string(&nested).unwrap();
    assert_eq!(l.geometry(area(80, 24)), vec![(PaneId(0), area(80, 24))]);
}

#[test]
fn preset_names_and_sizes() {
    assert_eq!(Preset::lookup("t"), Some(Preset::Tiled));
    assert_eq!(Preset::lookup("main-v"), Some(Preset::MainVertical));
    assert_eq!(
        Preset::lookup("even-horizontal"),
        Some(Preset::EvenHorizontal)
    );
    assert_eq!(Preset::lookup("even"), None);
    assert_eq!(Preset::lookup("main"), None);
    assert_eq!(Preset::lookup(""), None);
    assert_eq!(Preset::lookup("tiledx"), None);
    assert_eq!(strtonum(" +12", 0, 20), Some(12));
    assert_eq!(strtonum("12 ", 0, 20), None);
    assert_eq!(strtonum("21", 0, 20), None);
    assert_eq!(strtonum("-0", 0, 20), Some(0));
    assert_eq!(strtonum("99999999999999999999", 0, 20), None);
    assert_eq!(size_option("30%", 49), Some(14));
    assert_eq!(size_option("100%", 49), Some(49));
    assert_eq!(size_option("101%", 49), None);
    assert_eq!(size_option("50", 49), None);
    assert_eq!(size_option("%", 49), None);
    assert_eq!(size_option("", 49), None);
}

#[test]
fn edges_follow_tmux() {
    let w = world(80, 24, &["splitw -h -t %0", "splitw -v -t %1"]);
    let win = area(80, 24);
    let edges: Vec<Edges> = w
        .layout(0)
        .geometry(win)
        .iter()
        .map(|(_, r)| r.edges(win))
        .collect();
    let e = |top, bottom, left, right| Edges {
        top,
        bottom,
        left,
        right,
    };
    assert_eq!(
        edges,
        vec![
            e(true, true, true, false),
            e(true, false, false, true),
            e(false, true, false, true)
        ]
    );
}

#[test]
fn operations_refuse_unknown_and_duplicate_panes() {
    let a = area(80, 24);
    let mut l = Layout::new(PaneId(0), 80, 24);
    let opts = SplitOpts::new(SplitDir::LeftRight);
    assert_eq!(l.remove(a, PaneId(0)), Err(LayoutError::LastPane));
    assert_eq!(
        l.split(a, PaneId(9), PaneId(1), opts),
        Err(LayoutError::NoPane(PaneId(9)))
    );
    assert_eq!(
        l.split(a, PaneId(0), PaneId(0), opts),
        Err(LayoutError::DuplicatePane(PaneId(0)))
    );
    l.split(a, PaneId(0), PaneId(1), opts).unwrap();
    assert_eq!(
        l.move_pane(a, PaneId(1), PaneId(1), opts),
        Err(LayoutError::SamePane)
    );
    assert_eq!(
        l.swap(PaneId(1), PaneId(5)),
        Err(LayoutError::NoPane(PaneId(5)))
    );
    assert_eq!(
        l.resize_pane(a, PaneId(5), Axis::X, 3),
        Err(LayoutError::NoPane(PaneId(5)))
    );
    let mut other = Layout::new(PaneId(1), 80, 24);
    assert_eq!(
        l.swap_with(PaneId(0), &mut other, PaneId(1)),
        Err(LayoutError::DuplicatePane(PaneId(1)))
    );
    let tiny = area(2, 2);
    let mut t = Layout::new(PaneId(0), 2, 2);
    assert_eq!(
        t.split(tiny, PaneId(0), PaneId(1), opts),
        Err(LayoutError::NoSpace)
    );
    assert_eq!(
        t.join(tiny, PaneId(0), PaneId(1), opts),
        Err(LayoutError::PaneTooSmall)
    );
}

/// A small deterministic generator (xorshift) for the robustness tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn random_command(rng: &mut Rng, panes: u32) -> String {
    let p = |rng: &mut Rng| format!("%{}", rng.below(panes as u64 + 2));
    let n = |rng: &mut Rng| rng.below(40).to_string();
    let (t, s) = (p(rng), p(rng));
    match rng.below(12) {
        0 | 1 => {
            let flags = rng.pick(&["-h", "-v", "-h -b", "-v -f", "-h -f -b", "-v -b"]);
            let size = match rng.below(3) {
                0 => String::new(),
                1 => format!("-l {}", n(rng)),
                _ => format!("-l {}%", rng.below(101)),
            };
            format!("splitw {flags} {size} -t {t}")
        }
        2 => format!("killp -t {t}"),
        3 => {
            let dir = rng.pick(&["-L", "-R", "-U", "-D"]);
            format!("resizep -t {t} {dir} {}", n(rng))
        }
        4 => format!("resizep -t {t} -x {} -y {}%", n(rng), rng.below(101)),
        5 => {
            let l = rng.pick(&[
                "tiled", "even-h", "even-v", "main-h", "main-v", "-n", "-p", "-o", "",
            ]);
            format!("selectl -t {t} {l}")
        }
        6 => format!("selectl -E -t {t}"),
        7 => format!("swapp -s {s} -t {t}"),
        8 => format!("rotatew {} -t {t}", rng.pick(&["-U", "-D"])),
        9 => format!(
            "movep {} -s {s} -t {t}",
            rng.pick(&["-h", "-v -b", "-h -f", "-v -f -b"])
        ),
        10 => format!("resizew -x {} -y {}", 1 + rng.below(150), 1 + rng.below(60)),
        _ => {
            let opt = rng.pick(&["main-pane-width", "main-pane-height", "other-pane-width"]);
            format!(
                "set -w {opt} {}",
                rng.pick(&["0", "5", "50%", "200", "x", "100%"])
            )
        }
    }
}

#[test]
fn random_commands_never_panic_and_keep_every_pane_placed() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..60 {
        let (cols, rows) = (1 + rng.below(120) as u16, 1 + rng.below(50) as u16);
        let mut w = World::new(cols, rows);
        for _ in 0..80 {
            let panes = w.next_pane;
            let cmd = random_command(&mut rng, panes);
            let _ = w.run(&cmd);
            let Some(win) = w.windows.first() else {
                break;
            };
            let mut listed = win.layout.panes();
            let mut leaves = win.layout.leaves();
            let mut placed: Vec<PaneId> = win
                .layout
                .geometry(win.area)
                .into_iter()
                .map(|(p, _)| p)
                .collect();
            listed.sort();
            leaves.sort();
            placed.sort();
            assert_eq!(listed, leaves, "round {round}: {cmd}");
            assert_eq!(listed, placed, "round {round}: {cmd}");
        }
        if w.windows.is_empty() {
            continue;
        }
        let snap = w.snapshot();
        assert!(!snap.is_empty());
    }
}

#[test]
fn mangled_layout_strings_never_panic() {
    let mut rng = Rng(42);
    let sources: Vec<&str> = cases::CASES
        .iter()
        .flat_map(|c| c.snapshots.iter())
        .filter_map(|s| s.lines().next()?.split(' ').nth(2))
        .collect();
    let alphabet = b"0123456789x,{}[]";
    for _ in 0..3000 {
        let src = sources[rng.below(sources.len() as u64) as usize];
        let mut body: Vec<u8> = src.as_bytes().get(5..).unwrap_or_default().to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(body.len() as u64 + 1) as usize;
            match rng.below(3) {
                0 if at < body.len() => {
                    body.remove(at);
                }
                1 if at < body.len() => body[at] = alphabet[rng.below(16) as usize],
                _ => body.insert(at, alphabet[rng.below(16) as usize]),
            }
        }
        let body = String::from_utf8(body).unwrap();
        let string = format!("{:04x},{body}", layout_checksum(&body));
        let panes = 1 + rng.below(8) as u32;
        let mut l = Layout::new(PaneId(0), 80, 24);
        l.panes = (0..panes).map(PaneId).collect();
        if l.apply_string(&string).is_ok() {
            let a = area(1 + rng.below(200) as u16, 1 + rng.below(60) as u16);
            assert_eq!(l.geometry(a).len(), panes as usize, "{string}");
            let _ = l.to_tmux_string(a);
            let _ = l.resize_pane(a, PaneId(0), Axis::X, -5);
            let _ = l.split(
                a,
                PaneId(0),
                PaneId(99),
                SplitOpts::new(SplitDir::TopBottom),
            );
            let _ = l.remove(a, PaneId(1));
            l.apply_preset(a, Preset::Tiled, &PresetOptions::default());
        }
    }
}

/// Trees no operation makes (say, read back from damaged state) are handled without panicking.
#[test]
fn malformed_trees_never_panic() {
    let empty = |dir| Cell {
        cols: 10,
        rows: 10,
        node: Node::Split { dir, cells: vec![] },
    };
    let one = Cell {
        cols: 0,
        rows: u16::MAX,
        node: Node::Split {
            dir: SplitDir::LeftRight,
            cells: vec![empty(SplitDir::TopBottom), Cell::leaf(PaneId(3), 0, 0)],
        },
    };
    for root in [empty(SplitDir::LeftRight), one] {
        let mut l = Layout::new(PaneId(0), 1, 1);
        l.root = root;
        l.panes = vec![PaneId(0), PaneId(3), PaneId(3)];
        for a in [
            area(0, 0),
            area(1, 1),
            area(80, 24),
            area(u16::MAX, u16::MAX),
        ] {
            let _ = l.geometry(a);
            let _ = l.to_tmux_string(a);
            let _ = l
                .clone()
                .split(a, PaneId(3), PaneId(4), SplitOpts::new(SplitDir::LeftRight));
            let _ = l.clone().remove(a, PaneId(3));
            let _ = l.clone().resize_pane(a, PaneId(3), Axis::Y, -3);
            let _ = l.clone().resize_pane_to(a, PaneId(3), Axis::X, 2);
            let _ = l.clone().spread_out(a, PaneId(3));
            let _ =
                l.clone()
                    .move_pane(a, PaneId(0), PaneId(3), SplitOpts::new(SplitDir::TopBottom));
            let mut r = l.clone();
            r.rotate(Rotate::Down);
            for p in Preset::ALL {
                l.clone().apply_preset(a, p, &PresetOptions::default());
            }
        }
    }
}
