//! Krippendorff's alpha: agreement corrected for chance, the figure a team compares across
//! tasks (raw agreement looks high whenever one answer is common). Nominal for choices,
//! interval for ratings; any number of annotators per item, missing answers allowed.

use std::collections::BTreeMap;

/// How far apart two answers are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Metric {
    /// Any two different answers are equally far apart (choices, the better of two).
    #[default]
    Nominal,
    /// Numbers: the squared difference (a rating of 2 is nearer 3 than 5).
    Interval,
}

/// The coincidence counts of one question over the items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coincidences {
    pub metric: Metric,
    /// (answer, answer) → weight: each ordered pair of an item's answers by different
    /// annotators counts 1 / (answers on the item − 1).
    counts: BTreeMap<(String, String), f64>,
}

impl Coincidences {
    pub fn new(metric: Metric) -> Self {
        Coincidences {
            metric,
            counts: BTreeMap::new(),
        }
    }

    /// Adds one item's answers, one per annotator who gave one.
    pub fn add_item(&mut self, values: &[String]) {
        let m = values.len();
        if m < 2 {
            return;
        }
        let w = 1.0 / (m - 1) as f64;
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    *self.counts.entry((a.clone(), b.clone())).or_default() += w;
                }
            }
        }
    }

    /// Alpha: 1 is perfect agreement, 0 what chance gives, below 0 worse than chance.
    /// `None` before any pair, or when every answer is the same (no variation to agree on).
    pub fn alpha(&self) -> Option<f64> {
        let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
        for ((c, _), w) in &self.counts {
            *totals.entry(c.as_str()).or_default() += w;
        }
        let n: f64 = totals.values().sum();
        if n <= 1.0 {
            return None;
        }
        let observed: f64 = self
            .counts
            .iter()
            .map(|((c, k), w)| w * self.distance(c, k))
            .sum();
        let mut expected = 0.0;
        for (c, nc) in &totals {
            for (k, nk) in &totals {
                expected += nc * nk * self.distance(c, k);
            }
        }
        if expected <= 0.0 {
            return None;
        }
        Some(1.0 - (n - 1.0) * observed / expected)
    }

    fn distance(&self, a: &str, b: &str) -> f64 {
        match self.metric {
            Metric::Nominal => f64::from(u8::from(a != b)),
            Metric::Interval => match (a.parse::<f64>(), b.parse::<f64>()) {
                (Ok(x), Ok(y)) => (x - y).powi(2),
                _ => f64::from(u8::from(a != b)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(metric: Metric, items: &[&[&str]]) -> Coincidences {
        let mut c = Coincidences::new(metric);
        for item in items {
            c.add_item(&item.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        }
        c
    }

    #[test]
    fn two_annotators_one_split_of_four() {
        // Coincidences a-a 2, a-b 1, b-a 1, b-b 4: n = 8, alpha = 1 - 7·2/30.
        let c = tally(
            Metric::Nominal,
            &[&["a", "a"], &["a", "b"], &["b", "b"], &["b", "b"]],
        );
        let alpha = c.alpha().unwrap();
        assert!((alpha - (1.0 - 14.0 / 30.0)).abs() < 1e-12, "{alpha}");
    }

    #[test]
    fn perfect_chance_and_no_variation() {
        let perfect = tally(Metric::Nominal, &[&["a", "a"], &["b", "b"]]);
        assert_eq!(perfect.alpha(), Some(1.0));
        // Always opposite answers: worse than chance.
        let opposite = tally(Metric::Nominal, &[&["a", "b"], &["b", "a"]]);
        assert!(opposite.alpha().unwrap() < 0.0);
        // Everyone always says "a": agreement, but nothing to tell from chance.
        assert_eq!(
            tally(Metric::Nominal, &[&["a", "a"], &["a", "a"]]).alpha(),
            None
        );
        // A lone answer is no pair.
        assert_eq!(tally(Metric::Nominal, &[&["a"]]).alpha(), None);
    }

    #[test]
    fn interval_counts_near_ratings_as_nearer() {
        let near = tally(Metric::Interval, &[&["4", "5"], &["1", "1"], &["3", "3"]]);
        let far = tally(Metric::Interval, &[&["1", "5"], &["1", "1"], &["3", "3"]]);
        let nominal = tally(Metric::Nominal, &[&["4", "5"], &["1", "1"], &["3", "3"]]);
        let (near, far, nominal) = (
            near.alpha().unwrap(),
            far.alpha().unwrap(),
            nominal.alpha().unwrap(),
        );
        assert!(near > far, "{near} vs {far}");
        assert!(
            near > nominal,
            "a near miss costs less than any miss: {near} vs {nominal}"
        );
    }

    #[test]
    fn three_annotators_with_one_missing() {
        // Item 1: three agree; item 2: two of two agree; item 3: one of three differs.
        let c = tally(
            Metric::Nominal,
            &[&["x", "x", "x"], &["y", "y"], &["x", "x", "y"]],
        );
        // Coincidences x-x 3 + 1, x-y 1, y-x 1, y-y 2: n = 8, alpha = 1 - 7·2/30 again.
        let alpha = c.alpha().unwrap();
        assert!((alpha - (1.0 - 14.0 / 30.0)).abs() < 1e-12, "{alpha}");
    }
}
