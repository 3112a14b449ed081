//! Gold answers: the expected answer of some items, imported by a lead and never shown to
//! annotators. Each annotator's submitted answers on those items are scored against them,
//! the accuracy check paid annotation work is judged by.

use super::{Cached, Result, Store};
use crate::core::Annotation;
use crate::core::agreement::score;
use crate::core::config::Control;
use rusqlite::params;

/// How one annotator did on the gold items they submitted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldScore {
    pub annotator: String,
    /// Gold items they submitted an answer to.
    pub checked: u64,
    /// Of those, answers that match the gold one on every question compared (see
    /// `core::agreement::score`: boxes at IoU 0.5, free text aside).
    pub correct: u64,
    /// Sum over those items of how close the answer came (`core::agreement::score`:
    /// partial credit, the F1 for boxes and segments, words alike for text).
    pub closeness: f64,
    /// Per question compared: its name, the gold items it was compared on, and the sum of
    /// its scores there — which question an annotator gets wrong most.
    pub by_question: Vec<(String, u64, f64)>,
}

impl Store {
    /// Sets an item's gold answer (one per item: a later import replaces it).
    pub fn set_gold(&mut self, item_id: i64, ann: &Annotation, now: i64) -> Result<()> {
        let data = serde_json::to_string(ann).unwrap_or_else(|_| "{}".into());
        let path = self.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = self.change().map_err(w)?;
        tx.exec(
            "INSERT INTO gold(item_id, data, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(item_id) DO UPDATE SET data = ?2, updated_at = ?3",
            params![item_id, data, now],
        )
        .map_err(w)?;
        tx.commit().map_err(w)
    }

    /// The gold answer of an item, if it has one.
    pub fn gold(&self, item_id: i64) -> Result<Option<Annotation>> {
        use rusqlite::OptionalExtension;
        let data: Option<String> = self
            .conn
            .one("SELECT data FROM gold WHERE item_id = ?1", [item_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))?;
        data.map(|d| self.parse_annotation(item_id, &d)).transpose()
    }

    /// How many items have a gold answer.
    pub fn gold_count(&self) -> Result<u64> {
        self.conn
            .one("SELECT COUNT(*) FROM gold", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }

    /// Each annotator's score on the gold items they submitted, by name.
    pub fn gold_scores(&self, controls: &[Control]) -> Result<Vec<GoldScore>> {
        let e = |e| self.err(e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT g.item_id, g.data, a.annotator, a.data
                 FROM gold g JOIN annotations a ON a.item_id = g.item_id
                 JOIN timing t ON t.item_id = a.item_id AND t.annotator = a.annotator
                 WHERE t.submitted_at IS NOT NULL
                 ORDER BY a.annotator",
            )
            .map_err(e)?;
        let mut rows = stmt.query([]).map_err(e)?;
        let mut scores: Vec<GoldScore> = Vec::new();
        while let Some(row) = rows.next().map_err(e)? {
            let id: i64 = row.get(0).map_err(e)?;
            let mut gold = self.parse_annotation(id, &row.get::<_, String>(1).map_err(e)?)?;
            let who: String = row.get(2).map_err(e)?;
            let mut theirs = self.parse_annotation(id, &row.get::<_, String>(3).map_err(e)?)?;
            // Answers carried as labels only compare as the choice they are.
            gold.answer_from_labels(controls);
            theirs.answer_from_labels(controls);
            if scores.last().is_none_or(|s| s.annotator != who) {
                scores.push(GoldScore {
                    annotator: who,
                    ..Default::default()
                });
            }
            if let Some(s) = scores.last_mut() {
                let got = score(controls, &gold, &theirs);
                s.checked += 1;
                s.closeness += got.closeness.unwrap_or(0.0);
                s.correct += u64::from(got.same);
                for (name, rate) in got.questions {
                    match s.by_question.iter_mut().find(|q| q.0 == name) {
                        Some(q) => {
                            q.1 += 1;
                            q.2 += rate;
                        }
                        None => s.by_question.push((name, 1, rate)),
                    }
                }
            }
        }
        Ok(scores)
    }
}
