//! The formats of tmux_cases.rs, whose expected output is what tmux 3.3a printed for them
//! (`display-message -p`, so [`expand_time`]) on a server with the same sessions, windows, panes and options.

#[path = "tmux_cases.rs"]
mod cases;

use super::{expand_time, FormatContext, LoopItem};
use cases::{CASES, NOW, PANES, VARS};

/// strftime(3) in UTC for the conversions the cases use (the cases were generated with TZ=UTC).
pub(super) fn utc_strftime(fmt: &str, t: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('a') => out.push_str(DAYS[days.rem_euclid(7) as usize]),
            Some('b' | 'h') => out.push_str(MONTHS[(month - 1) as usize]),
            Some('d') => out.push_str(&format!("{day:02}")),
            Some('e') => out.push_str(&format!("{day:2}")),
            Some('H') => out.push_str(&format!("{:02}", secs / 3600)),
            Some('M') => out.push_str(&format!("{:02}", secs / 60 % 60)),
            Some('S') => out.push_str(&format!("{:02}", secs % 60)),
            Some('Y') => out.push_str(&year.to_string()),
            Some('y') => out.push_str(&format!("{:02}", year % 100)),
            Some('m') => out.push_str(&format!("{month:02}")),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// A pane of the generated server (the current one for windows and sessions that are not looped over).
#[derive(Clone, Copy)]
struct Ctx {
    session: &'static str,
    window: &'static str,
    pane: &'static str,
}

type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

impl Ctx {
    fn at(session: &'static str, window: Option<&'static str>, pane: Option<&str>) -> Ctx {
        let row = PANES
            .iter()
            .find(|r| {
                r.0 == session
                    && window.map_or(r.3 == "1", |w| r.1 == w)
                    && pane.map_or(r.6 == "1", |p| r.4 == p)
            })
            .expect("pane in PANES");
        Ctx {
            session,
            window: row.1,
            pane: row.4,
        }
    }

    fn row(&self) -> &'static Row {
        PANES
            .iter()
            .find(|r| r.0 == self.session && r.1 == self.window && r.4 == self.pane)
            .expect("pane in PANES")
    }
}

impl FormatContext for Ctx {
    fn var(&self, name: &str) -> Option<String> {
        let row = self.row();
        let value = match name {
            "session_name" => row.0,
            "window_index" => row.1,
            "window_name" => row.2,
            "window_active" => row.3,
            "pane_index" => row.4,
            "pane_id" => row.5,
            "pane_active" => row.6,
            _ => VARS.iter().find(|(k, _)| *k == name)?.1,
        };
        Some(value.to_owned())
    }

    fn sessions(&self) -> Vec<LoopItem<'_>> {
        let mut names: Vec<&'static str> = PANES.iter().map(|r| r.0).collect();
        names.dedup();
        names
            .into_iter()
            .map(|s| LoopItem {
                ctx: Box::new(Ctx::at(s, None, None)),
                current: s == self.session,
            })
            .collect()
    }

    fn windows(&self) -> Option<Vec<LoopItem<'_>>> {
        let mut rows: Vec<&Row> = PANES.iter().filter(|r| r.0 == self.session).collect();
        rows.dedup_by_key(|r| r.1);
        Some(
            rows.into_iter()
                .map(|r| LoopItem {
                    ctx: Box::new(Ctx::at(self.session, Some(r.1), None)),
                    current: r.3 == "1",
                })
                .collect(),
        )
    }

    fn panes(&self) -> Option<Vec<LoopItem<'_>>> {
        let rows = PANES
            .iter()
            .filter(|r| r.0 == self.session && r.1 == self.window);
        Some(
            rows.map(|r| LoopItem {
                ctx: Box::new(Ctx::at(self.session, Some(r.1), Some(r.4))),
                current: r.6 == "1",
            })
            .collect(),
        )
    }

    fn strftime(&self, fmt: &str, t: i64) -> String {
        utc_strftime(fmt, t)
    }

    fn now(&self) -> i64 {
        NOW
    }
}

#[test]
fn utc_strftime_prints_like_ctime() {
    assert_eq!(
        utc_strftime("%a %b %e %H:%M:%S %Y|%d%h%y|%m|%%|%q", 1_445_765_102),
        "Sun Oct 25 09:25:02 2015|25Oct15|10|%|%q"
    );
    assert_eq!(utc_strftime("%a %Y-%m-%d", 951_782_400), "Tue 2000-02-29");
}

#[test]
fn formats_expand_as_tmux_3_3a_prints_them() {
    let ctx = Ctx::at("work", Some("0"), Some("0"));
    let mut failures = Vec::new();
    for (fmt, want) in CASES {
        let got = expand_time(fmt, &ctx);
        if got != *want {
            failures.push(format!("{fmt:?}\n   tmux: {want:?}\n   ours: {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} formats differ from tmux:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
