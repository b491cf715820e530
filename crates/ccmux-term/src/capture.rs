//! `capture-pane -p` over compact history plus the live screen.

use alacritty_terminal::grid::{Dimensions, Grid};
use alacritty_terminal::index::Line;
use alacritty_terminal::term::cell::Cell;

use crate::history::History;
use crate::occ::row_occ;
use crate::sgr::{encode_cells, row_wraps, strip_sgr};

/// What [`Emulator::capture`](crate::Emulator::capture) returns, modelled on tmux
/// `capture-pane -p [-e] [-J] [-S start] [-E end]`.
#[derive(Clone, Debug, Default)]
pub struct CaptureOptions {
    /// First line (`-S`); default 0, the top of the visible screen.
    pub start: Option<LineBound>,
    /// Last line (`-E`); default the last screen line.
    pub end: Option<LineBound>,
    /// Keep attributes as SGR sequences (`-e`).
    pub escapes: bool,
    /// Join wrapped lines (`-J`); spaces inside a joined line are kept.
    pub join: bool,
}

/// A line number for [`CaptureOptions`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LineBound {
    /// 0 is the first visible screen line, negative numbers reach into history (-1 is the newest
    /// history line). Out-of-range values are clamped.
    Line(i64),
    /// tmux's `-`: the oldest history line as a start, the last screen line as an end.
    Edge,
}

/// Resolve the bounds to absolute indexes (0 = oldest history line), `None` if empty.
fn range(opts: &CaptureOptions, hsize: usize, rows: usize) -> Option<(usize, usize)> {
    let total = (hsize + rows) as i64;
    let resolve = |n: i64| (hsize as i64).saturating_add(n).clamp(0, total - 1);
    let top = match opts.start {
        None => hsize as i64,
        Some(LineBound::Edge) => 0,
        Some(LineBound::Line(n)) => resolve(n),
    };
    let bottom = match opts.end {
        None | Some(LineBound::Edge) => total - 1,
        Some(LineBound::Line(n)) => resolve(n),
    };
    (total > 0 && top <= bottom).then_some((top as usize, bottom as usize))
}

pub(crate) fn capture(history: &History, grid: &Grid<Cell>, opts: &CaptureOptions) -> String {
    let hsize = history.len();
    let Some((top, bottom)) = range(opts, hsize, grid.screen_lines()) else {
        return String::new();
    };
    let mut out = String::new();
    // Start of the current logical line in `out`, for trimming.
    let mut line_start = 0;
    for index in top..=bottom {
        let wrapped = if index < hsize {
            let Some(line) = history.get(index) else {
                break;
            };
            if opts.escapes {
                out.push_str(line.text);
            } else {
                out.push_str(&strip_sgr(line.text));
            }
            line.wrapped
        } else {
            let row = &grid[Line((index - hsize) as i32)];
            let cells = &row[..];
            let wrapped = row_wraps(cells);
            encode_cells(cells, row_occ(row), opts.escapes, wrapped, &mut out);
            wrapped
        };
        if opts.join && wrapped && index != bottom {
            continue;
        }
        if !opts.escapes {
            let kept = out[line_start..].trim_end_matches(' ').len();
            out.truncate(line_start + kept);
        }
        out.push('\n');
        line_start = out.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: Option<LineBound>, end: Option<LineBound>) -> Option<(usize, usize)> {
        range(
            &CaptureOptions {
                start,
                end,
                ..Default::default()
            },
            10,
            5,
        )
    }

    #[test]
    fn bounds() {
        use LineBound::*;
        assert_eq!(r(None, None), Some((10, 14)));
        assert_eq!(r(Some(Edge), None), Some((0, 14)));
        assert_eq!(r(Some(Line(-3)), Some(Line(-1))), Some((7, 9)));
        assert_eq!(r(Some(Line(-100)), Some(Line(100))), Some((0, 14)));
        assert_eq!(r(Some(Line(2)), Some(Line(1))), None);
        assert_eq!(r(Some(Line(i64::MIN)), Some(Edge)), Some((0, 14)));
        assert_eq!(r(Some(Line(i64::MAX)), None), Some((14, 14)));
    }
}
