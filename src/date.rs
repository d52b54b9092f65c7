//! Calendar dates with the precision a text supports.
//!
//! In: year/month/day parts as an article gives them. Out: [`When`], printed as the XSD lexical
//! form that carries exactly that precision (`2022-10-21`, `2022-10`, `2022`, `--05-13`, `--05`).
//! Must not: invent a part the text does not give, or read a wall clock.

use std::fmt;

/// A calendar day (proleptic Gregorian).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// A day, if the parts name a real one.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn ordinal(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The day `ordinal` days after 1970-01-01.
    pub fn from_ordinal(ordinal: i64) -> Day {
        let (year, month, day) = civil_from_days(ordinal);
        Day { year, month, day }
    }

    /// The day `n` days later (earlier when negative).
    pub fn plus_days(self, n: i64) -> Day {
        Day::from_ordinal(self.ordinal() + n)
    }

    /// 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        (self.ordinal() + 3).rem_euclid(7) as u8
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Day> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.get(..2)?.parse().ok()?;
        Day::new(year, month, day)
    }

    pub fn when(self) -> When {
        When {
            year: Some(self.year),
            month: Some(self.month),
            day: Some(self.day),
        }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date known to some precision: any of year, month and day may be missing, but a day needs a
/// month.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct When {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl When {
    pub fn year(year: i32) -> When {
        When {
            year: Some(year),
            ..When::default()
        }
    }

    /// The full day, when all three parts are known.
    pub fn as_day(&self) -> Option<Day> {
        Day::new(self.year?, self.month?, self.day?)
    }

    pub fn is_empty(&self) -> bool {
        self.year.is_none() && self.month.is_none()
    }

    /// The XSD lexical form, or `None` when nothing is known.
    pub fn lexical(&self) -> Option<String> {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
            (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
            (Some(y), None, _) => Some(format!("{y:04}")),
            (None, Some(m), Some(d)) => Some(format!("--{m:02}-{d:02}")),
            (None, Some(m), None) => Some(format!("--{m:02}")),
            (None, None, _) => None,
        }
    }

    /// The XSD datatype local name of [`When::lexical`].
    pub fn xsd_type(&self) -> &'static str {
        match (self.year, self.month, self.day) {
            (Some(_), Some(_), Some(_)) => "date",
            (Some(_), Some(_), None) => "gYearMonth",
            (Some(_), None, _) => "gYear",
            (None, Some(_), Some(_)) => "gMonthDay",
            _ => "gMonth",
        }
    }

    /// Parses any lexical form that [`When::lexical`] prints.
    pub fn parse_lexical(text: &str) -> Option<When> {
        let num = |s: &str| s.parse::<u32>().ok();
        if let Some(rest) = text.strip_prefix("--") {
            let mut parts = rest.split('-');
            let month = num(parts.next()?)? as u8;
            let day = parts.next().and_then(num).map(|d| d as u8);
            return Some(When {
                year: None,
                month: Some(month),
                day,
            });
        }
        let mut parts = text.split('-');
        let year = num(parts.next()?)? as i32;
        let month = parts.next().and_then(num).map(|m| m as u8);
        let day = parts.next().and_then(|d| num(d.get(..2)?)).map(|d| d as u8);
        Some(When {
            year: Some(year),
            month,
            day: month.and(day),
        })
    }

    /// How many parts are known (more is finer).
    pub fn precision(&self) -> u8 {
        self.year.is_some() as u8 + self.month.is_some() as u8 + self.day.is_some() as u8
    }

    /// True when the two can describe the same day: every part known on both sides agrees.
    /// (`2022-10` and `2022-10-21` are compatible; so are `--05-13` and `2022-05-13`.)
    pub fn compatible(&self, other: &When) -> bool {
        fn agree<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
            a.is_none() || b.is_none() || a == b
        }
        agree(self.year, other.year) && agree(self.month, other.month) && agree(self.day, other.day)
    }

    /// The finer of two compatible dates, each part taken from whichever side knows it.
    pub fn merge(&self, other: &When) -> When {
        When {
            year: self.year.or(other.year),
            month: self.month.or(other.month),
            day: self.day.or(other.day),
        }
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil calendar algorithms.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_round_trip_and_weekdays_are_right() {
        let day = Day::new(2022, 10, 21).unwrap();
        assert_eq!(Day::from_ordinal(day.ordinal()), day);
        assert_eq!(day.weekday(), 4, "2022-10-21 was a Friday");
        assert_eq!(Day::new(2024, 7, 12).unwrap().weekday(), 4);
        assert_eq!(
            Day::new(2000, 2, 29).unwrap().plus_days(1).to_string(),
            "2000-03-01"
        );
        assert!(Day::new(2023, 2, 29).is_none());
    }

    #[test]
    fn lexical_forms_carry_precision() {
        let cases = [
            ("2022-10-21", "date"),
            ("2022-10", "gYearMonth"),
            ("2022", "gYear"),
            ("--05-13", "gMonthDay"),
            ("--05", "gMonth"),
        ];
        for (text, xsd) in cases {
            let when = When::parse_lexical(text).unwrap();
            assert_eq!(when.lexical().as_deref(), Some(text));
            assert_eq!(when.xsd_type(), xsd);
        }
    }

    #[test]
    fn compatibility_is_agreement_of_known_parts() {
        let p = |s| When::parse_lexical(s).unwrap();
        assert!(p("2022-10").compatible(&p("2022-10-21")));
        assert!(p("--05-13").compatible(&p("2022-05-13")));
        assert!(!p("--05-13").compatible(&p("2022-05-14")));
        assert!(!p("2021").compatible(&p("2022-05-14")));
        assert_eq!(
            p("--05-13").merge(&p("2022")).lexical().unwrap(),
            "2022-05-13"
        );
    }
}
