//! Bringing recovered state back to life: the model, and each pane respawned with its scrollback.

use super::format_vars::time_string;
use super::pane::Preload;
use super::state::{Restore, Server};
use ccmux_persist::store::{PaneHistory, Recovered};
use ccmux_term::HistoryLine;

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
        let rows = srv.model.pane_rect(pane).map_or(24, |r| r.rows as usize);
        let restore = Restore {
            offset: history.offset,
            preload: preload(history, rows, &marker),
        };
        if let Err(e) = srv.start_pane(pane, Some(restore)) {
            notes.push(format!("pane {pane} could not be started again: {e}"));
            let _ = srv.apply(&ccmux_model::Change::PaneClosed { id: pane });
        }
    }
    notes
}

/// What a restored pane shows before its new process: saved lines (all but the last screenful go
/// straight into the history), the output logged after them, a reset of modes a crashed program may have
/// left on, then the dim marker line.
fn preload(history: PaneHistory, rows: usize, marker: &str) -> Preload {
    let mut lines = history.lines;
    let on_screen = lines.split_off(lines.len().saturating_sub(rows));
    let mut bytes = Vec::new();
    for (i, line) in on_screen.iter().enumerate() {
        if i > 0 {
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(line.text.as_bytes());
        bytes.extend_from_slice(b"\x1b[0m");
    }
    let had_content = !on_screen.is_empty() || !history.output.is_empty();
    bytes.extend_from_slice(&history.output);
    // Leave the alternate screen, reset attributes, show the cursor, then start a fresh line.
    bytes.extend_from_slice(b"\x1b[?1049l\x1b[0m\x1b[?25h");
    if had_content {
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(format!("\x1b[2m{marker}\x1b[0m\r\n").as_bytes());
    Preload {
        history: lines
            .into_iter()
            .map(|l| HistoryLine {
                text: l.text,
                wrapped: l.wrapped,
            })
            .collect(),
        bytes,
    }
}
