//! Bringing recovered state back to life: the model, and each pane respawned with its scrollback.

use super::format_vars::time_string;
use super::state::{Restore, Server};
use ccmux_persist::store::{PaneHistory, Recovered};

/// Installs the recovered model and starts every pane again (in its last working directory, with its
/// saved scrollback, replayed output and a `[restored <time>]` marker). Returns what to report.
pub fn restore(srv: &mut Server, recovered: Recovered) -> Vec<String> {
    let mut notes = recovered.problems;
    srv.model = recovered.model;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let marker = format!("[restored {}]", time_string(now));
    let mut histories = recovered.panes;
    for pane in srv.model.panes_in_order() {
        let history = histories.remove(&pane).unwrap_or_default();
        let restore = Restore {
            offset: history.offset,
            preload: preload(&history, &marker),
        };
        if let Err(e) = srv.start_pane(pane, Some(restore)) {
            notes.push(format!("pane {pane} could not be started again: {e}"));
            let _ = srv.apply(&ccmux_model::Change::PaneClosed { id: pane });
        }
    }
    notes
}

/// The bytes a restored pane shows before its new process: saved lines, the output logged after them,
/// a reset of modes a crashed program may have left on, then the dim marker line.
fn preload(history: &PaneHistory, marker: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, line) in history.lines.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(line.text.as_bytes());
        out.extend_from_slice(b"\x1b[0m");
    }
    out.extend_from_slice(&history.output);
    // Leave the alternate screen, reset attributes, show the cursor, then start a fresh line.
    out.extend_from_slice(b"\x1b[?1049l\x1b[0m\x1b[?25h");
    if !history.lines.is_empty() || !history.output.is_empty() {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("\x1b[2m{marker}\x1b[0m\r\n").as_bytes());
    out
}
