//! What a spans control adds to its spans: the relations that link them (`relations =
//! ["works_at", …]`) and the attributes each can have (`attributes = ["negated", …]`).

use super::{ConfigError, Control, ControlKind, TaskConfig};
use std::collections::HashSet;

/// The number keys name the relation while one is being made: 1–9, then 0.
pub const MAX_RELATIONS: usize = 10;

impl TaskConfig {
    /// The kinds of relation between spans, in the config's order; empty when the task has
    /// none (or no spans).
    pub fn span_relations(&self) -> &[String] {
        (self.controls.iter())
            .find(|c| c.kind == ControlKind::Spans)
            .map_or(&[], |c| &c.relations[..])
    }

    /// The kinds of relation that go both ways (`symmetric` on the spans control).
    pub fn span_symmetric(&self) -> &[String] {
        (self.controls.iter())
            .find(|c| c.kind == ControlKind::Spans)
            .map_or(&[], |c| &c.symmetric[..])
    }

    /// The attributes a span can have (negated, uncertain…): those of the spans control.
    pub fn span_attributes(&self) -> &[String] {
        (self.controls.iter())
            .find(|c| c.kind == ControlKind::Spans)
            .map_or(&[], |c| &c.attributes[..])
    }

    /// `relations` of control `c` (named `at` in the errors).
    pub(super) fn check_relations(&self, c: &Control, at: &str) -> Result<(), ConfigError> {
        let err = |m: String| Err(ConfigError(format!("{at}: {m}")));
        if c.prefill_relations.is_some() && (c.relations.is_empty() || c.prefill.is_none()) {
            return err(
                "`prefill_relations` names a model's relations between the spans \
                        `prefill` names: it needs both `prefill` and `relations`"
                    .into(),
            );
        }
        if let Some(s) = c.symmetric.iter().find(|s| !c.relations.contains(s)) {
            return err(format!(
                "symmetric relation '{s}' is not one of its `relations` ({})",
                c.relations.join(", ")
            ));
        }
        if c.relations.is_empty() {
            return Ok(());
        }
        if c.kind != ControlKind::Spans {
            return err(
                "`relations` link spans of text (a person works at an organisation): \
                        they go on a `spans` control"
                    .into(),
            );
        }
        if c.relations.len() > MAX_RELATIONS {
            return err(format!(
                "{} relations: at most {MAX_RELATIONS}, one per number key",
                c.relations.len()
            ));
        }
        let mut seen = HashSet::new();
        for r in &c.relations {
            if r.trim().is_empty() {
                return err("a relation has an empty name".into());
            }
            if !seen.insert(r) {
                return err(format!("relation '{r}' is listed twice"));
            }
        }
        Ok(())
    }
}
