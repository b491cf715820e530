//! `t:` (ctime(3)'s layout) and `t/p:` (tmux's shorter "pretty" time), through the context's strftime.

use super::FormatContext;

/// ctime(3) without its newline: `Sun Oct 25 09:25:02 2015`.
pub(super) fn ctime(ctx: &dyn FormatContext, t: i64) -> String {
    ctx.strftime("%a %b %e %H:%M:%S %Y", t)
}

/// Local (year, month) of `t`, read back through strftime.
fn year_month(ctx: &dyn FormatContext, t: i64) -> Option<(i64, i64)> {
    let s = ctx.strftime("%Y %m", t);
    let (y, m) = s.split_once(' ')?;
    Some((y.parse().ok()?, m.parse().ok()?))
}

/// `format_pretty_time`: `HH:MM` within a day, `SunDD` within the month or 28 days, `DDMon` within a year,
/// `Monyy` before.
pub(super) fn pretty(ctx: &dyn FormatContext, t: i64, now: i64) -> String {
    let now = now.max(t);
    let age = now - t;
    if age < 24 * 3600 {
        return ctx.strftime("%H:%M", t);
    }
    let (ty, tm) = year_month(ctx, t).unwrap_or((0, 0));
    let (ny, nm) = year_month(ctx, now).unwrap_or((0, 0));
    if (ty == ny && tm == nm) || age < 28 * 24 * 3600 {
        return ctx.strftime("%a%d", t);
    }
    if (ty == ny && tm < nm) || (ty == ny - 1 && tm > nm) {
        return ctx.strftime("%d%b", t);
    }
    ctx.strftime("%h%y", t)
}
