//! Project statistics: progress, labels, annotators, time per item.

use super::{Cached, Result, Store};
use crate::core::Status;
use crate::core::agreement::Agreement;
use crate::core::config::{Control, ControlKind};

/// Counts and times over a whole project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub items: u64,
    pub by_status: Vec<(Status, u64)>,
    pub flagged: u64,
    /// Items someone wrote a note on.
    pub noted: u64,
    /// Each label's use, by name: a boxes task's "person: 40 items, 95 boxes" says how many
    /// images hold one; a segments task's "speech: 12 clips, 30 segments, 0:01:40" how much
    /// was marked.
    pub by_label: Vec<LabelUse>,
    /// Box attribute → boxes that have it (occluded, truncated…), by name; on a spans task,
    /// span attribute → spans that have it (negated, uncertain…).
    pub by_attribute: Vec<(String, u64)>,
    /// `by_attribute` counts spans, not boxes.
    pub span_attributes: bool,
    /// Relation between spans → how many (works_at, located_in…), by name.
    pub by_relation: Vec<(String, u64)>,
    /// Each annotator's work and time, by name.
    pub annotators: Vec<AnnotatorStats>,
    /// Over submitted items.
    pub total_active_ms: u64,
    pub median_active_ms: Option<u64>,
    /// Submitted items per hour of active time.
    pub items_per_hour: Option<f64>,
    /// Agreement on the items two or more annotators answered.
    pub agreement: Agreement,
    /// Items with a gold answer (see [`Store::set_gold`]).
    pub gold_items: u64,
    /// Each annotator's work per UTC day, by day then name: a timesheet.
    pub by_day: Vec<DayStats>,
    /// The answers each annotator gives to each one-answer question.
    pub shares: Vec<super::QuestionShares>,
    /// How often each annotator kept a suggested answer (see
    /// [`Store::suggestions_kept`]; set by the caller, which knows the labels).
    pub suggestions: Vec<super::SuggestionsKept>,
}

/// One annotator's day: items submitted that day, and the active time on the items of
/// that day (an item counts on the day it was submitted, else the day it was first opened).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayStats {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub annotator: String,
    pub submitted: u64,
    pub active_ms: u64,
}

/// How a label is used on the newest answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelUse {
    pub name: String,
    /// Items it was chosen for, or marked on.
    pub items: u64,
    pub boxes: u64,
    pub spans: u64,
    pub segments: u64,
    /// The length of its segments, in seconds.
    pub seconds: f64,
}

/// One annotator's share: what a team plans and pays by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnotatorStats {
    pub name: String,
    /// Items they answered.
    pub annotated: u64,
    /// Items they submitted that are still submitted.
    pub submitted: u64,
    /// Active time on every item they opened (skipped ones too: time spent is time spent).
    pub active_ms: u64,
    /// Median active time of their submitted items whose time was recorded.
    pub median_ms: Option<u64>,
    /// Their submitted items whose time was recorded: answers imported from another tool
    /// carry none, and must not make a rate look a hundred times faster.
    pub timed: u64,
    /// Median keys pressed on their submitted items: how much effort one takes them.
    pub median_keys: Option<u64>,
    /// The length of the clips they submitted (audio projects), in ms: against their active
    /// time, how many times real time the work takes — what transcription is planned and
    /// paid by.
    pub audio_ms: u64,
    /// Gold items they submitted, and how many of those match the gold answer.
    pub gold_checked: u64,
    pub gold_correct: u64,
    /// Mean closeness to the gold answers (partial credit; box F1 for boxes).
    pub gold_closeness: Option<f64>,
    /// Per question compared on gold items: its name, on how many, and the mean score
    /// (1 or 0 an item; box F1 for boxes).
    pub gold_by_question: Vec<(String, u64, f64)>,
}

impl Stats {
    /// The timesheet's rows of the last `days` days that have any (all of them in `by_day`).
    pub fn recent_days(&self, days: usize) -> &[DayStats] {
        let mut seen = 0;
        let mut start = self.by_day.len();
        while start > 0 {
            let day = &self.by_day[start - 1].day;
            if self.by_day.get(start).is_none_or(|next| next.day != *day) {
                seen += 1;
                if seen > days {
                    break;
                }
            }
            start -= 1;
        }
        &self.by_day[start..]
    }

    /// Each annotator's gold score per question, for those who have one worth showing (see
    /// [`AnnotatorStats::gold_by_question_text`]).
    pub fn gold_by_question(&self) -> Vec<(&str, String)> {
        self.annotators
            .iter()
            .filter_map(|a| Some((a.name.as_str(), a.gold_by_question_text()?)))
            .collect()
    }
}

impl AnnotatorStats {
    /// Share of their gold items answered as the gold answer; `None` before any.
    pub fn accuracy(&self) -> Option<f64> {
        (self.gold_checked > 0).then(|| self.gold_correct as f64 / self.gold_checked as f64)
    }

    /// "preference 90% · confidence 60%": how they did on gold items question by question,
    /// when more than one question is compared (else the item score says it all).
    pub fn gold_by_question_text(&self) -> Option<String> {
        (self.gold_by_question.len() > 1).then(|| {
            self.gold_by_question
                .iter()
                .map(|(q, _, mean)| format!("{q} {:.0}%", mean * 100.0))
                .collect::<Vec<_>>()
                .join(" · ")
        })
    }

    /// Their submitted items per hour of their active time (items timed only).
    pub fn per_hour(&self) -> Option<f64> {
        (self.active_ms > 0 && self.timed > 0)
            .then(|| self.timed as f64 * 3_600_000.0 / self.active_ms as f64)
    }

    /// Active time per second of audio submitted (10 = ten minutes for a minute of speech).
    pub fn times_real_time(&self) -> Option<f64> {
        (self.active_ms > 0 && self.audio_ms > 0)
            .then(|| self.active_ms as f64 / self.audio_ms as f64)
    }
}

impl Store {
    /// Whether anyone has done anything here yet: an answer, a history entry or time.
    pub fn has_work(&self) -> Result<bool> {
        self.conn
            .one(
                "SELECT EXISTS(SELECT 1 FROM annotations) OR EXISTS(SELECT 1 FROM history)
                    OR EXISTS(SELECT 1 FROM timing)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// The project's counts and times, and the agreement on the questions `controls` asks.
    pub fn stats(&self, controls: &[Control]) -> Result<Stats> {
        let e = |e| self.err(e);
        let mut s = Stats {
            agreement: self.agreement(controls)?,
            ..Default::default()
        };
        let mut stmt = self
            .conn
            .prepare("SELECT status, COUNT(*) FROM items GROUP BY status")
            .map_err(e)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(e)?;
        let mut counts = std::collections::HashMap::new();
        for row in rows {
            let (st, n) = row.map_err(e)?;
            if let Ok(st) = st.parse::<Status>() {
                counts.insert(st, n as u64);
            }
            s.items += n as u64;
        }
        s.by_status = Status::ALL
            .iter()
            .map(|st| (*st, counts.get(st).copied().unwrap_or(0)))
            .collect();
        s.flagged = self
            .conn
            .query_row("SELECT COUNT(*) FROM items WHERE flagged = 1", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(e)? as u64;
        s.noted = self
            .conn
            .query_row("SELECT COUNT(DISTINCT item_id) FROM notes", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(e)? as u64;

        // Spans are looked for only where the task marks them: one more pass over every
        // answer's JSON otherwise.
        let spans = if controls.iter().any(|c| c.kind == ControlKind::Spans) {
            "UNION ALL
             SELECT json_extract(j.value, '$.label'), a.item_id, 0, 1, 0, 0.0
             FROM a, json_each(a.data, '$.spans') j"
        } else {
            ""
        };
        let segments = if controls.iter().any(|c| c.kind == ControlKind::Segments) {
            "UNION ALL
             SELECT json_extract(j.value, '$.label'), a.item_id, 0, 0, 1,
                    json_extract(j.value, '$.end_s') - json_extract(j.value, '$.start_s')
             FROM a, json_each(a.data, '$.segments') j"
        } else {
            ""
        };
        let mut stmt = self
            .conn
            .prepare(&format!(
                "WITH a AS ({NEWEST_ANSWERS}),
                      uses AS (SELECT j.value AS label, a.item_id AS item, 0 AS box, 0 AS span,
                                      0 AS seg, 0.0 AS secs
                               FROM a, json_each(a.data, '$.labels') j
                               UNION ALL
                               SELECT json_extract(j.value, '$.label'), a.item_id, 1, 0, 0, 0.0
                               FROM a, json_each(a.data, '$.boxes') j
                               {spans} {segments})
                 SELECT label, COUNT(DISTINCT item), SUM(box), SUM(span), SUM(seg),
                        TOTAL(secs)
                 FROM uses WHERE label IS NOT NULL GROUP BY label ORDER BY label"
            ))
            .map_err(e)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(LabelUse {
                    name: r.get::<_, String>(0)?,
                    items: r.get::<_, i64>(1)? as u64,
                    boxes: r.get::<_, i64>(2)? as u64,
                    spans: r.get::<_, i64>(3)? as u64,
                    segments: r.get::<_, i64>(4)? as u64,
                    seconds: r.get::<_, f64>(5)?,
                })
            })
            .map_err(e)?;
        s.by_label = rows.collect::<rusqlite::Result<_>>().map_err(e)?;

        // A spans task's attributes are its spans' (negated, uncertain…).
        s.span_attributes = (controls.iter()).any(|c| c.kind == ControlKind::Spans);
        let shapes = if s.span_attributes {
            "$.spans"
        } else {
            "$.boxes"
        };
        s.by_attribute = self.counts_by_name(&format!(
            "WITH a AS ({NEWEST_ANSWERS})
             SELECT k.value, COUNT(*) FROM a, json_each(a.data, '{shapes}') b,
                    json_each(b.value, '$.attributes') k
             WHERE k.type = 'text' GROUP BY k.value ORDER BY k.value"
        ))?;
        if controls.iter().any(|c| !c.relations.is_empty()) {
            s.by_relation = self.counts_by_name(&format!(
                "WITH a AS ({NEWEST_ANSWERS})
                 SELECT json_extract(r.value, '$.label') AS l, COUNT(*)
                 FROM a, json_each(a.data, '$.relations') r
                 WHERE l IS NOT NULL GROUP BY l ORDER BY l"
            ))?;
        }

        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.annotator, COUNT(*),
                        SUM(CASE WHEN t.submitted_at IS NOT NULL AND i.status = 'submitted' THEN 1 ELSE 0 END),
                        SUM(CASE WHEN t.submitted_at IS NOT NULL AND i.status = 'submitted'
                                 THEN COALESCE(i.duration_ms, 0) ELSE 0 END)
                 FROM annotations a JOIN items i ON i.id = a.item_id
                 LEFT JOIN timing t ON t.item_id = a.item_id AND t.annotator = a.annotator
                 GROUP BY a.annotator ORDER BY a.annotator",
            )
            .map_err(e)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AnnotatorStats {
                    name: r.get(0)?,
                    annotated: r.get::<_, i64>(1)? as u64,
                    submitted: r.get::<_, i64>(2)? as u64,
                    audio_ms: r.get::<_, i64>(3)?.max(0) as u64,
                    ..Default::default()
                })
            })
            .map_err(e)?;
        s.annotators = rows.collect::<rusqlite::Result<_>>().map_err(e)?;
        self.add_annotator_times(&mut s.annotators, &mut s.by_day)?;
        s.shares = self.answer_shares(controls)?;
        s.gold_items = self.gold_count()?;
        if s.gold_items > 0 {
            for g in self.gold_scores(controls)? {
                if let Some(a) = s.annotators.iter_mut().find(|a| a.name == g.annotator) {
                    (a.gold_checked, a.gold_correct) = (g.checked, g.correct);
                    a.gold_closeness = (g.checked > 0).then(|| g.closeness / g.checked as f64);
                    a.gold_by_question = g
                        .by_question
                        .iter()
                        .map(|(q, n, sum)| (q.clone(), *n, sum / *n as f64))
                        .collect();
                }
            }
        }

        // Time per submitted item, all annotators' time on it together; items whose time
        // was never recorded (answers imported from another tool) are not "0 s" items.
        let mut stmt = self
            .conn
            .prepare(
                "SELECT SUM(t.active_ms) AS ms FROM timing t JOIN items i ON i.id = t.item_id
                 WHERE i.status = 'submitted' GROUP BY t.item_id HAVING ms > 0 ORDER BY ms",
            )
            .map_err(e)?;
        let times: Vec<u64> = stmt
            .query_map([], |r| r.get::<_, i64>(0).map(|v| v.max(0) as u64))
            .map_err(e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(e)?;
        s.total_active_ms = times.iter().sum();
        s.median_active_ms = median(&times);
        if s.total_active_ms > 0 {
            s.items_per_hour = Some(times.len() as f64 * 3_600_000.0 / s.total_active_ms as f64);
        }
        Ok(s)
    }
}

/// Each item's newest answer — the one exports take — with its item: label counts are of
/// the dataset, not of every annotator's copy of it.
impl Store {
    /// The (name, count) rows a query gives: attributes, relations by kind.
    fn counts_by_name(&self, sql: &str) -> Result<Vec<(String, u64)>> {
        let e = |e| self.err(e);
        let mut stmt = self.conn.prepare(sql).map_err(e)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })
            .map_err(e)?;
        rows.collect::<rusqlite::Result<_>>().map_err(e)
    }
}

const NEWEST_ANSWERS: &str = "SELECT a.item_id, a.data FROM annotations a
     WHERE a.annotator = (SELECT annotator FROM annotations WHERE item_id = a.item_id
                          ORDER BY updated_at DESC LIMIT 1)";

impl Store {
    /// Agreement between annotators on the items two or more of them answered (see
    /// [`Agreement`]). Streams the answers item by item: a project with a million shared
    /// items holds one item's answers at a time.
    pub fn agreement(&self, controls: &[Control]) -> Result<Agreement> {
        let mut tally = Agreement::with_texts();
        self.each_item_answered_twice(|_, answers, names| {
            tally.add_item_by(controls, answers, names)
        })?;
        Ok(tally)
    }

    /// Items whose annotators gave different answers to a question `controls` asks, in
    /// project order: the list a reviewer goes through to settle them.
    pub fn disagreed_item_ids(&self, controls: &[Control]) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        self.each_item_answered_twice(|id, answers, _| {
            if crate::core::agreement::answers_differ(controls, answers) {
                ids.push(id);
            }
        })?;
        Ok(ids)
    }

    /// Calls `f` with each item answered by two or more annotators, their answers and their
    /// names, in item order, one item in memory at a time.
    fn each_item_answered_twice(
        &self,
        mut f: impl FnMut(i64, &[crate::core::Annotation], &[String]),
    ) -> Result<()> {
        let e = |e| self.err(e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT item_id, data, annotator FROM annotations
                 WHERE item_id IN (SELECT item_id FROM annotations GROUP BY item_id HAVING COUNT(*) > 1)
                 ORDER BY item_id, annotator",
            )
            .map_err(e)?;
        let mut rows = stmt.query([]).map_err(e)?;
        let mut item: Option<i64> = None;
        let mut answers: Vec<crate::core::Annotation> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        while let Some(row) = rows.next().map_err(e)? {
            let id: i64 = row.get(0).map_err(e)?;
            let data: String = row.get(1).map_err(e)?;
            if item != Some(id) {
                if let Some(done) = item {
                    f(done, &answers, &names);
                }
                answers.clear();
                names.clear();
                item = Some(id);
            }
            answers.push(self.parse_annotation(id, &data)?);
            names.push(row.get(2).map_err(e)?);
        }
        if let Some(done) = item {
            f(done, &answers, &names);
        }
        Ok(())
    }
}

impl Store {
    /// Each annotator's active time, total and median over their submitted items, from
    /// the timing rows, gathered per name in memory (8 bytes a row; SQLite's sort of a
    /// million rows by name cost a second). Someone with time but no answer (they only
    /// skipped) is listed too.
    fn add_annotator_times(
        &self,
        people: &mut Vec<AnnotatorStats>,
        by_day: &mut Vec<DayStats>,
    ) -> Result<()> {
        let e = |e| self.err(e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT t.annotator, t.active_ms,
                        t.submitted_at IS NOT NULL AND i.status = 'submitted',
                        COALESCE(t.submitted_at, t.first_seen_at), t.keys
                 FROM timing t JOIN items i ON i.id = t.item_id",
            )
            .map_err(e)?;
        let mut rows = stmt.query([]).map_err(e)?;
        // name → (active ms on everything, active ms and keys of each submitted item)
        type Effort = (u64, Vec<u64>, Vec<u64>);
        let mut times: std::collections::HashMap<String, Effort> = Default::default();
        // (day, name) → (submitted, active ms); a day is a whole count of 86,400,000 ms.
        let mut days: std::collections::BTreeMap<(i64, String), (u64, u64)> = Default::default();
        while let Some(row) = rows.next().map_err(e)? {
            let name = row
                .get_ref(0)
                .map_err(e)?
                .as_str()
                .map_err(|x| e(x.into()))?;
            let ms = row.get::<_, i64>(1).map_err(e)?.max(0) as u64;
            let submitted: bool = row.get(2).map_err(e)?;
            if let Some(at) = row.get::<_, Option<i64>>(3).map_err(e)? {
                let day = days
                    .entry((at.div_euclid(DAY_MS), name.to_string()))
                    .or_default();
                day.0 += u64::from(submitted);
                day.1 += ms;
            }
            let entry = match times.get_mut(name) {
                Some(entry) => entry,
                None => times.entry(name.to_string()).or_default(),
            };
            entry.0 += ms;
            if submitted && ms > 0 {
                entry.1.push(ms);
                entry.2.push(row.get::<_, i64>(4).map_err(e)?.max(0) as u64);
            }
        }
        for (name, (total, mut done, mut keys)) in times {
            done.sort_unstable();
            keys.sort_unstable();
            let i = match people.iter().position(|p| p.name == name) {
                Some(i) => i,
                None => {
                    people.push(AnnotatorStats {
                        name,
                        ..Default::default()
                    });
                    people.len() - 1
                }
            };
            people[i].active_ms = total;
            people[i].timed = done.len() as u64;
            people[i].median_ms = median(&done);
            people[i].median_keys = median(&keys);
        }
        people.sort_by(|a, b| a.name.cmp(&b.name));
        *by_day = days
            .into_iter()
            .map(|((day, annotator), (submitted, active_ms))| DayStats {
                day: crate::core::time::rfc3339(day * DAY_MS)
                    .chars()
                    .take(10)
                    .collect(),
                annotator,
                submitted,
                active_ms,
            })
            .collect();
        Ok(())
    }
}

const DAY_MS: i64 = 86_400_000;

/// Median of sorted values.
fn median(sorted: &[u64]) -> Option<u64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn recent_days_keep_whole_days() {
        let row = |day: &str, who: &str| super::DayStats {
            day: day.into(),
            annotator: who.into(),
            ..Default::default()
        };
        let s = super::Stats {
            by_day: vec![
                row("2026-11-01", "ana"),
                row("2026-11-02", "ana"),
                row("2026-11-02", "bob"),
                row("2026-11-03", "bob"),
            ],
            ..Default::default()
        };
        let days: Vec<(&str, &str)> = s
            .recent_days(2)
            .iter()
            .map(|d| (d.day.as_str(), d.annotator.as_str()))
            .collect();
        assert_eq!(
            days,
            [
                ("2026-11-02", "ana"),
                ("2026-11-02", "bob"),
                ("2026-11-03", "bob")
            ]
        );
        assert_eq!(s.recent_days(9).len(), 4);
        assert!(super::Stats::default().recent_days(3).is_empty());
    }

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(super::median(&[]), None);
        assert_eq!(super::median(&[1, 5, 9]), Some(5));
        assert_eq!(super::median(&[1, 3, 5, 9]), Some(4));
    }
}
