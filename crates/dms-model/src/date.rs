//! Calendar dates without a time-zone library: the rules only need "is this a real day", "is it in the
//! future" and an ISO timestamp for `leadDate`.

use std::fmt;

/// A proleptic Gregorian calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses exactly `yyyy-mm-dd`.
    pub fn parse_ymd(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(
            digits(&s[0..4])? as i32,
            digits(&s[5..7])? as u8,
            digits(&s[8..10])? as u8,
        )
    }

    /// The day `days` after 1970-01-01 (negative: before). Howard Hinnant's civil-from-days.
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today in UTC from the system clock (native only; the browser passes its own date).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Date::from_unix_days(secs.div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Formats a Unix time in milliseconds as `yyyy-mm-ddThh:mm:ss.sssZ`, the `leadDate` spelling of the
/// API document.
pub fn iso_timestamp(unix_ms: i64) -> String {
    let date = Date::from_unix_days(unix_ms.div_euclid(86_400_000));
    let ms_of_day = unix_ms.rem_euclid(86_400_000);
    let (h, m, s, ms) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000,
    );
    format!("{date}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
}

/// Days since 1970-01-01 of a calendar day (inverse of [`Date::from_unix_days`]).
pub fn unix_days(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an ISO 8601 date or date-time, `yyyy-mm-dd[Thh:mm[:ss[.fff…]]][Z|±hh:mm]`, into Unix
/// milliseconds (a missing zone is taken as UTC, a missing time as midnight).
pub fn parse_iso_instant(s: &str) -> Option<i64> {
    let date = Date::parse_ymd(s.get(..10)?)?;
    let day_ms = unix_days(date) * 86_400_000;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(day_ms);
    }
    let time = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    };
    let offset_min: i64 = match zone {
        "" | "Z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let z = &z[1..];
            let (hh, mm) = z.split_once(':').unwrap_or((z.get(..2)?, z.get(2..)?));
            if hh.len() != 2 || mm.len() != 2 {
                return None;
            }
            let (h, m) = (digits(hh)?, digits(mm)?);
            if h > 14 || m > 59 {
                return None;
            }
            sign * i64::from(h * 60 + m)
        }
    };
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let two = |p: Option<&str>, max: u32| -> Option<i64> {
        let p = p?;
        (p.len() == 2).then_some(())?;
        let n = digits(p)?;
        (n <= max).then_some(i64::from(n))
    };
    let mut parts = hms.split(':');
    let h = two(parts.next(), 23)?;
    let m = two(parts.next(), 59)?;
    let sec = match parts.next() {
        None => 0,
        some => two(some, 59)?,
    };
    if parts.next().is_some() {
        return None;
    }
    digits(fraction)?;
    let millis: i64 = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |acc, b| acc * 10 + i64::from(b - b'0'));
    Some(day_ms + ((h * 60 + m) * 60 + sec) * 1000 + millis - offset_min * 60_000)
}

/// Checks an ISO 8601 date or date-time (see [`parse_iso_instant`]) and returns its calendar day as
/// written (before any zone shift).
pub fn parse_iso_datetime(s: &str) -> Option<Date> {
    parse_iso_instant(s)?;
    Date::parse_ymd(&s[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_days_only() {
        assert_eq!(Date::parse_ymd("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse_ymd("2023-02-29"), None);
        assert_eq!(Date::parse_ymd("2023-13-01"), None);
        assert_eq!(Date::parse_ymd("2023-1-01"), None);
        assert_eq!(Date::parse_ymd("17/08/2025"), None);
        assert_eq!(Date::parse_ymd("+123-01-01"), None);
    }

    #[test]
    fn days_from_epoch() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_317).to_string(), "2025-08-17");
        assert_eq!(Date::from_unix_days(-1).to_string(), "1969-12-31");
    }

    #[test]
    fn instants() {
        assert_eq!(parse_iso_instant("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(
            parse_iso_instant("2025-08-17T06:49:41.761Z"),
            Some(1_755_413_381_761)
        );
        assert_eq!(
            parse_iso_instant("2025-08-17T09:49:41.761+03:00"),
            Some(1_755_413_381_761)
        );
        for days in [-800_000, -1, 0, 59, 20_317, 800_000] {
            assert_eq!(unix_days(Date::from_unix_days(days)), days);
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(iso_timestamp(1_755_413_381_761), "2025-08-17T06:49:41.761Z");
        for ok in [
            "2025-08-17T06:49:41.761Z",
            "2025-08-17",
            "2025-08-17T06:49",
            "2025-08-17T06:49:41+03:00",
            "2024-10-15T05:29:19.5139414+02:00",
        ] {
            assert!(parse_iso_datetime(ok).is_some(), "{ok}");
        }
        for bad in [
            "2025-08-17T25:00",
            "2025-08-17X",
            "2025-08-17T06:49:41.Z",
            "yesterday",
        ] {
            assert!(parse_iso_datetime(bad).is_none(), "{bad}");
        }
    }
}
