use super::support::{parse_size, CmdResult, Ctx};
use ccmux_model::{Axis, Change};
use clap::Args;

/// Resize a pane: to `-x` columns / `-y` rows, or by an adjustment with -L -R -U -D; -Z toggles zoom.
#[derive(Args, Debug)]
pub struct ResizePane {
    #[arg(short = 't', value_name = "target-pane")]
    pub target: Option<String>,
    #[arg(short = 'x', value_name = "width")]
    pub width: Option<String>,
    #[arg(short = 'y', value_name = "height")]
    pub height: Option<String>,
    #[arg(short = 'L')]
    pub left: bool,
    #[arg(short = 'R')]
    pub right: bool,
    #[arg(short = 'U')]
    pub up: bool,
    #[arg(short = 'D')]
    pub down: bool,
    /// Zoom or unzoom the pane.
    #[arg(short = 'Z')]
    pub zoom: bool,
    #[arg(value_name = "adjustment")]
    pub adjustment: Option<u16>,
}

impl ResizePane {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let (_, window, pane) = ctx.find_pane(self.target.as_deref())?;
        if self.zoom {
            let w = &ctx.srv.model.windows[&window];
            let zoomed = !w.zoomed;
            if w.active_pane != pane {
                ctx.apply(Change::PaneSelected { id: pane })?;
            }
            ctx.apply(Change::WindowZoomed { id: window, zoomed })?;
            return Ok(());
        }
        let rect = ctx.srv.model.pane_rect(pane).unwrap_or_default();
        let area = ctx.srv.model.window_area(window).unwrap_or_default();
        let mut wanted = Vec::new();
        if let Some(w) = &self.width {
            wanted.push((Axis::X, parse_size(w, area.cols)?));
        }
        if let Some(h) = &self.height {
            wanted.push((Axis::Y, parse_size(h, area.rows)?));
        }
        let by = self.adjustment.unwrap_or(1);
        if self.left || self.right {
            let cols = if self.right {
                rect.cols.saturating_add(by)
            } else {
                rect.cols.saturating_sub(by)
            };
            wanted.push((Axis::X, cols.max(1)));
        }
        if self.up || self.down {
            let rows = if self.down {
                rect.rows.saturating_add(by)
            } else {
                rect.rows.saturating_sub(by)
            };
            wanted.push((Axis::Y, rows.max(1)));
        }
        for (axis, size) in wanted {
            ctx.apply(Change::PaneResized {
                id: pane,
                axis,
                size,
            })?;
        }
        Ok(())
    }
}
