//! Progress of a long job (creating a project from 100k files), shared between the worker
//! doing it and the front end showing it; the front end can ask the worker to stop.

use super::item::Status;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Counters a worker advances and a front end reads. Cheap to touch per item: relaxed
/// atomics, because a display a frame late is fine and nothing else is ordered by them.
#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicU64,
    done: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// How many units the job has in all, once known (0 while unknown).
    pub fn set_total(&self, n: u64) {
        self.total.store(n, Ordering::Relaxed);
    }

    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    pub fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Asks the worker to stop at its next unit; it then undoes what it made.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Done over total, in 0..=1; `None` while the total is unknown.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total();
        (total > 0).then(|| (self.done().min(total) as f64 / total as f64) as f32)
    }
}

/// 100000 as "100,000": counts of files are read at a glance.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 item", "1,000 items": a count with its noun.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// How many items a project holds in each status. The app counts once when it opens a
/// project and then follows the current item's changes: counting a million rows after each
/// key would stall it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts([u64; 4]);

impl StatusCounts {
    pub fn from_pairs(pairs: &[(Status, u64)]) -> StatusCounts {
        let mut c = StatusCounts::default();
        for (s, n) in pairs {
            c.0[Self::slot(*s)] += n;
        }
        c
    }

    fn slot(s: Status) -> usize {
        Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
    }

    pub fn get(&self, s: Status) -> u64 {
        self.0[Self::slot(s)]
    }

    /// One item went from `from` to `to`.
    pub fn moved(&mut self, from: Status, to: Status) {
        let f = Self::slot(from);
        self.0[f] = self.0[f].saturating_sub(1);
        self.0[Self::slot(to)] += 1;
    }

    /// New or draft: what is still to do.
    pub fn to_do(&self) -> u64 {
        self.get(Status::New) + self.get(Status::Draft)
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// How many items a list filter holds; `None` for the flag, which is not counted here.
    pub fn of(&self, filter: crate::core::ItemFilter) -> Option<u64> {
        use crate::core::ItemFilter;
        match filter {
            ItemFilter::All => Some(self.total()),
            ItemFilter::Status(s) => Some(self.get(s)),
            ItemFilter::Unfinished => Some(self.to_do()),
            ItemFilter::Flagged | ItemFilter::Noted => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Progress, Status, StatusCounts, count, grouped};

    #[test]
    fn status_counts_follow_moves() {
        let mut c = StatusCounts::from_pairs(&[(Status::New, 3), (Status::Submitted, 1)]);
        assert_eq!((c.to_do(), c.total()), (3, 4));
        c.moved(Status::New, Status::Draft);
        assert_eq!(c.to_do(), 3, "a draft is still to do");
        c.moved(Status::Draft, Status::Submitted);
        c.moved(Status::New, Status::Skipped);
        assert_eq!((c.to_do(), c.total()), (1, 4));
        assert_eq!(c.get(Status::Submitted), 2);
        // A move from an empty status never wraps around.
        c.moved(Status::Draft, Status::New);
        assert_eq!(c.get(Status::Draft), 0);
    }

    #[test]
    fn a_count_takes_the_noun_it_needs() {
        assert_eq!(count(1, "box", "boxes"), "1 box");
        assert_eq!(count(0, "box", "boxes"), "0 boxes");
        assert_eq!(count(12_000, "item", "items"), "12,000 items");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn counts_and_cancels() {
        let p = Progress::default();
        assert_eq!(p.fraction(), None, "no total yet");
        p.set_total(4);
        p.advance(1);
        assert_eq!(p.fraction(), Some(0.25));
        p.advance(9);
        assert_eq!(p.fraction(), Some(1.0), "never above one");
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
    }
}
