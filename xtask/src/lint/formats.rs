//! The string `format`s typify turns into parsed Rust types (`uuid::Uuid`, chrono's dates,
//! `std::net` addresses): a written value must parse, or the generated code that builds it
//! from the spec (`serde_json::from_str(..).unwrap()`) panics.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `None` when `s` is a valid `format` value (or the format is not a parsed one), else what a
/// value of the format looks like.
pub fn misfit(format: &str, s: &str) -> Option<&'static str> {
    let (ok, shape) = match format {
        "uuid" => (is_uuid(s), "32 hex digits as 8-4-4-4-12"),
        "date" => (is_date(s), "YYYY-MM-DD"),
        "date-time" => (is_date_time(s), "RFC 3339, such as 2024-01-31T09:30:00Z"),
        "ip" => (s.parse::<IpAddr>().is_ok(), "an IPv4 or IPv6 address"),
        "ipv4" => (s.parse::<Ipv4Addr>().is_ok(), "an IPv4 address"),
        "ipv6" => (s.parse::<Ipv6Addr>().is_ok(), "an IPv6 address"),
        _ => (true, ""),
    };
    (!ok).then_some(shape)
}

fn is_uuid(s: &str) -> bool {
    let hex = |part: &str| part.chars().all(|c| c.is_ascii_hexdigit());
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [whole] => whole.len() == 32 && hex(whole),
        [..] => parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| hex(p)),
    }
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn is_date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(year), Some(month), Some(day)) = (digits(y), digits(m), digits(d)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y.len() == 4 && m.len() == 2 && d.len() == 2 && (1..=days).contains(&day)
}

/// RFC 3339 as chrono reads it: a date, `T` (or `t` or a space), a time with optional
/// fraction, and `Z` or an offset.
fn is_date_time(s: &str) -> bool {
    let Some((date, rest)) = s.split_once(['T', 't', ' ']) else {
        return false;
    };
    let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => return false,
    };
    let (clock, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let fields: Vec<Option<u32>> = clock.split(':').map(digits).collect();
    let clock_ok = match fields.as_slice() {
        [Some(h), Some(m), Some(s)] => {
            clock.len() == 8 && *h < 24 && *m < 60 && *s <= 60 // 60: a leap second
        }
        _ => false,
    };
    let offset_ok = match offset {
        "Z" | "z" => true,
        _ => {
            let o = &offset[1..];
            let (h, m) = o
                .split_once(':')
                .unwrap_or((o.get(..2).unwrap_or(""), o.get(2..).unwrap_or("")));
            h.len() == 2
                && m.len() == 2
                && digits(h).is_some_and(|h| h < 24)
                && digits(m).is_some_and(|m| m < 60)
        }
    };
    is_date(date) && clock_ok && digits(fraction).is_some() && offset_ok
}

#[cfg(test)]
mod tests {
    use super::misfit;

    #[test]
    fn parsed_formats_are_checked() {
        for (format, good) in [
            ("uuid", "00000000-0000-4000-8000-000000000001"),
            ("uuid", "0123456789abcdefABCDEF0123456789"),
            ("date", "2024-02-29"),
            ("date-time", "2024-01-31T09:30:00Z"),
            ("date-time", "2024-01-31t09:30:00.123+01:00"),
            ("date-time", "2024-01-31 09:30:60-0130"),
            ("ip", "::1"),
            ("ipv4", "10.0.0.1"),
            ("email", "anything"),
        ] {
            assert_eq!(misfit(format, good), None, "{format} {good}");
        }
        for (format, bad) in [
            ("uuid", "not-a-uuid"),
            ("uuid", "00000000-0000-4000-8000-00000000000g"),
            ("date", "2023-02-29"),
            ("date", "2024-1-01"),
            ("date", "2024-13-01"),
            ("date-time", "2024-01-31"),
            ("date-time", "2024-01-31T25:00:00Z"),
            ("date-time", "2024-01-31T09:30:00"),
            ("date-time", "2024-01-31T09:30:00.Z"),
            ("date-time", "2024-01-31T09:30:00+1:00"),
            ("ipv4", "::1"),
            ("ipv6", "10.0.0.1"),
        ] {
            assert!(misfit(format, bad).is_some(), "{format} {bad}");
        }
    }
}
