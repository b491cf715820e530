//! Numbers as tmux reads them (strtonum(3), strtod(3)) and the `e|op|flags|precision:` arithmetic.

/// Precision beyond this is not honoured (tmux would print as many digits as asked).
const MAX_PRECISION: i64 = 1_000;

fn is_c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// strtonum(3): a whole base-10 integer (leading blanks and a sign allowed) within `min..=max`.
pub(super) fn strtonum(s: &str, min: i64, max: i64) -> Option<i64> {
    let t = s.trim_start_matches(is_c_space);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: i64 = 0;
    for b in digits.bytes() {
        let d = i64::from(b - b'0');
        n = n.checked_mul(10)?;
        n = if negative {
            n.checked_sub(d)?
        } else {
            n.checked_add(d)?
        };
    }
    (min..=max).contains(&n).then_some(n)
}

/// strtod(3) that must consume the whole string: decimal, hexadecimal (`0x1p3`), `inf`, `infinity`, `nan`.
/// The empty string is 0, as strtod leaves the end pointer on its NUL.
pub(super) fn strtod(s: &str) -> Option<f64> {
    if s.is_empty() {
        return Some(0.0);
    }
    let t = s.trim_start_matches(is_c_space);
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let value = if lower == "inf" || lower == "infinity" {
        f64::INFINITY
    } else if lower == "nan"
        || lower
            .strip_prefix("nan(")
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|inner| {
                inner
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            })
    {
        f64::NAN
    } else if let Some(hex) = lower.strip_prefix("0x") {
        hex_float(hex)?
    } else {
        decimal(body)?
    };
    Some(if negative { -value } else { value })
}

/// `digits[.digits][e[+-]digits]` with at least one mantissa digit.
fn decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac = b.iter().skip(i).take_while(|c| c.is_ascii_digit()).count();
        i += frac;
    }
    if int + frac == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp = b.iter().skip(j).take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return None;
        }
        i = j + exp;
    }
    if i != b.len() {
        return None;
    }
    // Rust's parser takes this grammar, except a bare trailing or leading `.` which it also takes.
    s.parse().ok()
}

/// The part after `0x` of a hexadecimal float: `hex[.hex][p[+-]digits]`.
fn hex_float(s: &str) -> Option<f64> {
    let (mantissa, exponent) = match s.split_once('p') {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.len() + frac.len() == 0 {
        return None;
    }
    let mut value = 0f64;
    for c in int.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    if let Some(e) = exponent {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: i32 = digits.parse().unwrap_or(i32::MAX).min(4096);
        value *= 2f64.powi(if e.starts_with('-') { -n } else { n });
    }
    Some(value)
}

#[derive(Clone, Copy)]
pub(super) enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "+" => Op::Add,
            "-" => Op::Sub,
            "*" => Op::Mul,
            "/" => Op::Div,
            "%" | "m" => Op::Mod,
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            _ => return None,
        })
    }
}

/// C's `(long long)x` on x86-64: truncation, and the "integer indefinite" value when out of range.
fn to_long_long(x: f64) -> f64 {
    // 2^63 as a double: i64 holds [-2^63, 2^63).
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !(-LIMIT..LIMIT).contains(&x) {
        i64::MIN as f64
    } else {
        x.trunc()
    }
}

/// printf's `%.*f` (a negative precision means the default, 6).
fn printf_f(x: f64, precision: i64) -> String {
    let precision = if precision < 0 {
        6
    } else {
        precision.min(MAX_PRECISION)
    } as usize;
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_nan() {
        format!("{sign}nan")
    } else if x.is_infinite() {
        format!("{sign}inf")
    } else {
        format!("{x:.precision$}")
    }
}

pub(super) fn evaluate(op: Op, left: f64, right: f64, float: bool, precision: i64) -> String {
    let (l, r) = if float {
        (left, right)
    } else {
        (to_long_long(left), to_long_long(right))
    };
    let truth = |b: bool| if b { 1.0 } else { 0.0 };
    let result = match op {
        Op::Add => l + r,
        Op::Sub => l - r,
        Op::Mul => l * r,
        Op::Div => l / r,
        Op::Mod => l % r,
        Op::Eq => truth((l - r).abs() < 1e-9),
        Op::Ne => truth((l - r).abs() > 1e-9),
        Op::Gt => truth(l > r),
        Op::Ge => truth(l >= r),
        Op::Lt => truth(l < r),
        Op::Le => truth(l <= r),
    };
    if float {
        printf_f(result, precision)
    } else {
        printf_f(to_long_long(result), precision)
    }
}
