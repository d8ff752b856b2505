//! Numbers as the charts and tables write them.

/// `1234567` → `1,234,567`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '−');
    }
    out
}

/// A simulated duration: `850 ms`, `1.3 s`, `4 min 10 s`.
pub fn duration(ms: f64) -> String {
    if ms < 1_000.0 {
        format!("{} ms", trim(ms, if ms < 10.0 { 1 } else { 0 }))
    } else if ms < 60_000.0 {
        format!("{} s", trim(ms / 1_000.0, if ms < 10_000.0 { 2 } else { 1 }))
    } else {
        let s = (ms / 1_000.0).round() as i64;
        if s % 60 == 0 {
            format!("{} min", count(s / 60))
        } else {
            format!("{} min {} s", count(s / 60), s % 60)
        }
    }
}

/// Bytes in the largest unit that keeps the number at least 1: `512 B`, `16 KiB`, `1.9 GiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{} {}", trim(value, if value < 10.0 && unit > 0 { 1 } else { 0 }), UNITS[unit])
}

/// `value` with at most `decimals` decimals, trailing zeros dropped.
pub fn trim(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    match text.split_once('.') {
        Some((whole, frac)) => format!("{}.{frac}", count(whole.parse().unwrap_or(0))),
        None => text.parse::<i64>().map_or(text, count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_person_writes_them() {
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(999), "999");
        assert_eq!(count(-1234), "−1,234");
        assert_eq!(duration(850.0), "850 ms");
        assert_eq!(duration(2.5), "2.5 ms");
        assert_eq!(duration(1_340.0), "1.34 s");
        assert_eq!(duration(12_000.0), "12 s");
        assert_eq!(duration(250_000.0), "4 min 10 s");
        assert_eq!(duration(7_200_000.0), "120 min");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(16 * 1024), "16 KiB");
        assert_eq!(bytes(2047 * 1024 * 1024), "2 GiB");
        assert_eq!(bytes(1536 * 1024), "1.5 MiB");
        assert_eq!(trim(12345.678, 1), "12,345.7");
    }
}
