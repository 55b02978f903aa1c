//! Dates: the ways show notes and feeds write a publication date in, ISO 8601 (`2019-08-08`) out.
//!
//! Front matter and feeds write dates as ISO 8601 (`2019-08-08`, `2019-08-08T10:00:00Z`),
//! RFC 2822 (`Thu, 08 Aug 2019 10:00:00 +0000`) or seconds or milliseconds since 1970
//! (`1534338000260`). Only the calendar day is kept, in UTC. Pure; never fails (`None` for
//! anything it cannot read).

use chrono::{DateTime, NaiveDate};

/// The calendar day a date string names, as `YYYY-MM-DD`.
pub fn parse(text: &str) -> Option<String> {
    let text = text.trim().trim_matches(['"', '\'']);
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return from_epoch(text.parse().ok()?);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.naive_utc().date().to_string());
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.naive_utc().date().to_string());
    }
    // `2019-08-08`, `2019-08-08 10:00`, `2019-08-08T10:00:00` without a zone: the day as written.
    let day = text.get(..10)?;
    is_valid(day).then(|| day.to_string())
}

/// Seconds or milliseconds since 1970: values past the year 5138 in seconds are milliseconds.
pub fn from_epoch(value: i64) -> Option<String> {
    let millis = if value.abs() >= 100_000_000_000 {
        value
    } else {
        value.checked_mul(1000)?
    };
    DateTime::from_timestamp_millis(millis).map(|t| t.date_naive().to_string())
}

/// Whether `YYYY-MM-DD` is a real day.
pub fn is_valid(day: &str) -> bool {
    day.len() == 10 && NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form() {
        let cases = [
            ("2019-08-08", Some("2019-08-08")),
            ("2019-08-08T23:30:00Z", Some("2019-08-08")),
            ("2019-08-08T23:30:00-05:00", Some("2019-08-09")),
            ("2019-08-08 10:00", Some("2019-08-08")),
            ("Thu, 08 Aug 2019 10:00:00 +0000", Some("2019-08-08")),
            ("1534338000260", Some("2018-08-15")),
            ("1534338000", Some("2018-08-15")),
            ("'2020-02-29'", Some("2020-02-29")),
            ("2019-02-30", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text).as_deref(), expected, "{text}");
        }
    }
}
