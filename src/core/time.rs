//! Timestamps: unix milliseconds inside, RFC 3339 UTC outside.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A duration as h:mm:ss (active time in stats).
pub fn hms(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Formats unix milliseconds as RFC 3339 UTC, e.g. `2026-11-22T01:02:03Z` (whole seconds).
pub fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

/// Parses an RFC 3339 timestamp into unix milliseconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_utc() {
        let ms = 1_795_309_323_000; // 2026-11-22T01:02:03Z
        assert_eq!(rfc3339(ms), "2026-11-22T01:02:03Z");
        assert_eq!(parse_rfc3339("2026-11-22T01:02:03Z"), Some(ms));
        assert_eq!(parse_rfc3339("2026-11-22T02:02:03+01:00"), Some(ms));
        assert_eq!(parse_rfc3339("yesterday"), None);
    }
}
