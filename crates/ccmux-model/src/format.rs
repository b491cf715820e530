//! tmux-style format strings: `#{name}`, `#{?cond,then,else}`, `##`, and the short aliases `#S #I #W #P #D #T #H`.

/// Expands `fmt`, asking `lookup` for each variable; unknown variables expand to nothing, as in tmux.
pub fn expand_format(fmt: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(fmt.len());
    let mut rest = fmt;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let mut chars = rest.chars();
        match chars.next() {
            Some('#') => {
                out.push('#');
                rest = &rest[1..];
            }
            Some('{') => match matching_brace(&rest[1..]) {
                Some(end) => {
                    out.push_str(&expand_braced(&rest[1..1 + end], lookup));
                    rest = &rest[end + 2..];
                }
                None => {
                    out.push_str("#{");
                    rest = &rest[1..];
                }
            },
            Some(c) if short_alias(c).is_some() => {
                out.push_str(&lookup(short_alias(c).unwrap_or_default()).unwrap_or_default());
                rest = &rest[c.len_utf8()..];
            }
            _ => out.push('#'),
        }
    }
    out.push_str(rest);
    out
}

fn short_alias(c: char) -> Option<&'static str> {
    Some(match c {
        'S' => "session_name",
        'I' => "window_index",
        'W' => "window_name",
        'P' => "pane_index",
        'D' => "pane_id",
        'T' => "pane_title",
        'H' => "host",
        'F' => "window_flags",
        _ => return None,
    })
}

/// Index of the `}` closing a `#{` whose content starts at `s`, counting nested `#{`.
fn matching_brace(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits at commas that are not inside a nested `#{...}`.
fn split_top_level(s: &str) -> Vec<&str> {
    let bytes = s.as_bytes();
    let (mut depth, mut start, mut parts) = (0usize, 0usize, Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&s[start..]);
    parts
}

fn expand_braced(inner: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    if let Some(cond) = inner.strip_prefix('?') {
        let parts = split_top_level(cond);
        let value = if parts[0].contains("#{") {
            expand_format(parts[0], lookup)
        } else {
            lookup(parts[0]).unwrap_or_default()
        };
        let truthy = !value.is_empty() && value != "0";
        let branch = if truthy { parts.get(1) } else { parts.get(2) };
        return expand_format(branch.copied().unwrap_or(""), lookup);
    }
    lookup(inner).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Option<String> {
        match name {
            "session_name" => Some("work".into()),
            "window_index" => Some("2".into()),
            "window_active" => Some("1".into()),
            "pane_dead" => Some("0".into()),
            _ => None,
        }
    }

    #[test]
    fn expands_variables_aliases_and_conditionals() {
        assert_eq!(
            expand_format("#{session_name}:#{window_index}", &vars),
            "work:2"
        );
        assert_eq!(expand_format("#S/#I ##x #{nope}.", &vars), "work/2 #x .");
        assert_eq!(expand_format("#{?window_active,*,-}", &vars), "*");
        assert_eq!(expand_format("#{?pane_dead,dead,alive}", &vars), "alive");
        assert_eq!(
            expand_format("#{?window_active,[#{session_name}],}", &vars),
            "[work]"
        );
        assert_eq!(
            expand_format("unterminated #{abc", &vars),
            "unterminated #{abc"
        );
        assert_eq!(expand_format("# x #", &vars), "# x #");
    }
}
