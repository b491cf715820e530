//! A state directory written by the first on-disk format (committed in ccmux-persist's
//! `tests/samples/state-v1/`, made by the real binary) comes back under this build: the migration path
//! from every older version to the live model.

mod common;
use common::Ccmux;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn sessions_saved_by_the_v1_format_come_back() {
    let t = Ccmux::new();
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ccmux-persist/tests/samples/state-v1");
    copy_dir(&sample, &t.state_dir());
    let ls = t.ok(&["ls", "-F", "#{session_name} #{session_windows}"]);
    assert!(ls.contains("work 2") && ls.contains("other 1"), "{ls}");
    let panes = t.ok(&["lsp", "-t", "work:0", "-F", "#{pane_width}x#{pane_height}"]);
    assert_eq!(panes, "59x30\n40x21\n40x8\n");
    assert_eq!(
        t.ok(&["lsw", "-t", "work", "-F", "#{window_name}"]),
        "sh\ntail\n"
    );
    let screen = t.wait_for("work:0.0", "[restored");
    assert!(
        screen.contains("from-v1-checkpoint") && screen.contains("from-v1-wal"),
        "{screen}"
    );
    // What this build writes now is read back by this build too.
    t.ok(&["persistence", "checkpoint"]);
    let pid = t.server_pid().unwrap();
    common::kill9(pid);
    assert_eq!(
        t.ok(&["lsw", "-t", "work", "-F", "#{window_name}"]),
        "sh\ntail\n"
    );
}
