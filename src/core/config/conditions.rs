//! Follow-up questions (`when = { policy = ["spam", "harassment"] }`): a question asked only
//! after certain answers to an earlier one — a post's severity once it breaks a policy, why
//! a result is irrelevant once it is graded 1. Hidden otherwise, with no answer kept. Or
//! after any answer but some (`{ policy = { not = "ok" } }`), or any at all (`{ not = [] }`).

use super::{ConfigError, Control, ControlKind, TaskConfig};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The earlier questions a follow-up waits on, each with the answers that ask it.
pub type When = BTreeMap<String, Wanted>;

/// The answers to an earlier question that ask a follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Wanted {
    /// One of these (`policy = ["spam", "scam"]`).
    AnyOf(Vec<String>),
    /// Any answer but these (`policy = { not = ["ok"] }`); none listed: any answer at all. A
    /// new option added to the question later then asks the follow-up without a change here.
    Not { not: Vec<String> },
}

impl Wanted {
    /// The answers named, either way.
    pub fn answers(&self) -> &[String] {
        match self {
            Wanted::AnyOf(a) | Wanted::Not { not: a } => a,
        }
    }

    /// Whether `answer` (as stored in an annotation's fields) asks the follow-up: for a list
    /// of ticked options, whether one of them does.
    pub fn met_by(&self, answer: &Value) -> bool {
        match self {
            Wanted::AnyOf(a) => answer_is_one_of(answer, a),
            Wanted::Not { not } => {
                let other = |v: &Value| match v {
                    Value::String(s) => !s.is_empty() && !not.contains(s),
                    Value::Number(n) => !not.contains(&n.to_string()),
                    _ => false,
                };
                match answer {
                    Value::Array(a) => a.iter().any(other),
                    v => other(v),
                }
            }
        }
    }
}

/// `when` as written: each question's answers one or a list, names or (ratings) numbers, or
/// a table `{ not = … }` of the answers that do not ask it.
pub(super) fn deserialize_when<'de, D: Deserializer<'de>>(d: D) -> Result<When, D::Error> {
    let written = BTreeMap::<String, toml::Value>::deserialize(d)?;
    let mut when = When::new();
    for (question, answers) in written {
        let one = |v: &toml::Value| match v {
            toml::Value::String(s) => Ok(s.clone()),
            toml::Value::Integer(n) => Ok(n.to_string()),
            other => Err(D::Error::custom(format!(
                "`when`: {question} = {other}: an answer is an option's name or a rating's \
                 number, e.g. when = {{ {question} = [\"spam\", \"scam\"] }}, or \
                 {{ {question} = {{ not = \"ok\" }} }} for any answer but ok"
            ))),
        };
        let list = |v: &toml::Value| match v {
            toml::Value::Array(a) => a.iter().map(one).collect::<Result<Vec<_>, _>>(),
            v => Ok(vec![one(v)?]),
        };
        let wanted = match &answers {
            toml::Value::Table(t) => match (t.get("not"), t.len()) {
                (Some(not), 1) => Wanted::Not { not: list(not)? },
                _ => {
                    return Err(D::Error::custom(format!(
                        "`when`: {question} = {answers}: a table here takes only `not`, e.g. \
                         {{ {question} = {{ not = \"ok\" }} }} for any answer but ok"
                    )));
                }
            },
            v => Wanted::AnyOf(list(v)?),
        };
        when.insert(question, wanted);
    }
    Ok(when)
}

/// Whether `answer` (as stored in an annotation's fields) is one of `wanted`, or for a list
/// of ticked options holds one of them.
pub fn answer_is_one_of(answer: &Value, wanted: &[String]) -> bool {
    let one = |v: &Value| match v {
        Value::String(s) => wanted.contains(s),
        Value::Number(n) => wanted.contains(&n.to_string()),
        _ => false,
    };
    match answer {
        Value::Array(a) => a.iter().any(one),
        v => one(v),
    }
}

impl Control {
    /// "asked when policy is spam, harassment or self-harm"; None for a question always asked.
    pub fn when_said(&self) -> Option<String> {
        if self.when.is_empty() {
            return None;
        }
        let each: Vec<String> = (self.when.iter())
            .map(|(q, wanted)| match wanted {
                Wanted::AnyOf(a) => format!("{q} is {}", or_list(a)),
                Wanted::Not { not } if not.is_empty() => format!("{q} is answered"),
                Wanted::Not { not } => format!("{q} is other than {}", or_list(not)),
            })
            .collect();
        Some(format!("asked when {}", each.join(" and ")))
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

impl TaskConfig {
    /// Which controls are asked, in config order, given each one's answer (`answer(i)`, a
    /// suggested one included): a follow-up whose earlier question is itself not asked is
    /// not asked either.
    pub fn asked(&self, mut answer: impl FnMut(usize) -> Option<Value>) -> Vec<bool> {
        let mut asked: Vec<bool> = Vec::with_capacity(self.controls.len());
        for c in &self.controls {
            let shown = c.when.iter().all(|(name, wanted)| {
                let j = self.controls.iter().position(|x| x.name == *name);
                // Validation has the question before this one; one that is not reads as unmet.
                j.is_some_and(|j| {
                    asked.get(j).copied().unwrap_or(false)
                        && answer(j).is_some_and(|v| wanted.met_by(&v))
                })
            });
            asked.push(shown);
        }
        asked
    }

    /// `when` of control `i` (named `at` in the errors): each question it names comes
    /// before it and is answered by picking, and each answer is one of that question's.
    pub(super) fn check_when(&self, i: usize, c: &Control, at: &str) -> Result<(), ConfigError> {
        let err = |m: String| Err(ConfigError(format!("{at}: `when` {m}")));
        if c.when.is_empty() {
            return Ok(());
        }
        if matches!(
            c.kind,
            ControlKind::Boxes | ControlKind::Segments | ControlKind::Spans
        ) {
            return err(
                "is for questions; boxes, segments and spans are always there to draw".into(),
            );
        }
        for (name, wanted) in &c.when {
            let answers = wanted.answers();
            let Some(j) = self.controls.iter().position(|x| x.name == *name) else {
                let names: Vec<&str> = self.controls.iter().map(|x| x.name.as_str()).collect();
                return err(format!(
                    "names '{name}', which is not a question of this task ({})",
                    names.join(", ")
                ));
            };
            if j >= i {
                return err(format!(
                    "names '{name}', which is not asked before this question: a follow-up \
                     comes after the question it follows"
                ));
            }
            let earlier = &self.controls[j];
            let picked = match earlier.kind {
                ControlKind::Choice
                | ControlKind::MultiChoice
                | ControlKind::Flags
                | ControlKind::Rating => true,
                ControlKind::Compare => earlier.fields.len() == 2,
                _ => false,
            };
            if !picked {
                return err(format!(
                    "names '{name}': a follow-up waits on an answer picked from a list (a \
                     choice, multi_choice, flags, rating or two-response compare)"
                ));
            }
            let not = matches!(wanted, Wanted::Not { .. });
            if answers.is_empty() && !not {
                return err(format!(
                    "gives no answer of '{name}' to wait for (`{{ not = [] }}`: any answer)"
                ));
            }
            let choices = earlier.choices(&self.labels);
            if let Some(a) = answers.iter().find(|a| !choices.contains(a)) {
                let waits = if not { "leaves out" } else { "waits for" };
                return err(format!(
                    "{waits} '{a}', which is not an answer of '{name}' ({})",
                    choices.join(", ")
                ));
            }
            if not && choices.iter().all(|c| answers.contains(c)) {
                return err(format!(
                    "leaves out every answer of '{name}': the question would never be asked"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BASE: &str = "[task]\nmedia = \"text\"\n[[labels]]\nname = \"ok\"\n[[labels]]\nname = \"spam\"\n\
        [[controls]]\nname = \"policy\"\ntype = \"multi_choice\"\n\
        [[controls]]\nname = \"quality\"\ntype = \"rating\"\nscale = 3\n";

    fn with(extra: &str) -> Result<TaskConfig, ConfigError> {
        TaskConfig::from_toml_str(&format!("{BASE}[[controls]]\n{extra}"))
    }

    #[test]
    fn answers_are_read_as_one_or_a_list_of_names_or_numbers() {
        let cfg = with(
            "name = \"why\"\ntype = \"text\"\nwhen = { quality = [1, 2], policy = \"spam\" }\n",
        )
        .unwrap();
        let why = &cfg.controls[2];
        assert_eq!(why.when["quality"].answers(), ["1", "2"]);
        assert_eq!(why.when["policy"], Wanted::AnyOf(vec!["spam".into()]));
        assert_eq!(
            why.when_said().unwrap(),
            "asked when policy is spam and quality is 1 or 2"
        );
        // Written back and read again, the same.
        let again = TaskConfig::from_toml_str(&cfg.to_toml()).unwrap();
        assert_eq!(again.controls[2].when, why.when);
        let e = with("name = \"why\"\ntype = \"text\"\nwhen = { quality = 1.5 }\n").unwrap_err();
        assert!(e.0.contains("quality = 1.5") && e.0.contains("line"), "{e}");
    }

    #[test]
    fn a_follow_up_is_asked_only_after_its_answers_and_with_its_question() {
        let cfg = with("name = \"why\"\ntype = \"text\"\nwhen = { quality = [1] }\n").unwrap();
        let cfg = TaskConfig::from_toml_str(&format!(
            "{}[[controls]]\nname = \"more\"\ntype = \"text\"\nwhen = {{ policy = \"spam\" }}\n",
            cfg.to_toml()
        ))
        .unwrap();
        let answers = |policy: Value, quality: Value| {
            cfg.asked(|i| match i {
                0 => Some(policy.clone()),
                1 => Some(quality.clone()),
                _ => None,
            })
        };
        assert_eq!(
            answers(json!(["ok"]), json!(1)),
            vec![true, true, true, false]
        );
        assert_eq!(
            answers(json!(["ok", "spam"]), json!(3)),
            vec![true, true, false, true]
        );
        assert_eq!(cfg.asked(|_| None), vec![true, true, false, false]);
    }

    #[test]
    fn any_answer_but_some_or_any_at_all() {
        let cfg = TaskConfig::from_toml_str(&format!(
            "{BASE}[[controls]]\nname = \"why\"\ntype = \"text\"\nwhen = {{ policy = {{ not = \"ok\" }} }}\n\
             [[controls]]\nname = \"note\"\ntype = \"text\"\nwhen = {{ quality = {{ not = [] }} }}\n"
        ))
        .unwrap();
        let (why, note) = (&cfg.controls[2], &cfg.controls[3]);
        assert_eq!(
            why.when_said().unwrap(),
            "asked when policy is other than ok"
        );
        assert_eq!(note.when_said().unwrap(), "asked when quality is answered");
        let asked = |policy: Value, quality: Option<Value>| {
            cfg.asked(|i| match i {
                0 => Some(policy.clone()),
                1 => quality.clone(),
                _ => None,
            })
        };
        assert_eq!(asked(json!(["ok"]), None), vec![true, true, false, false]);
        assert_eq!(
            asked(json!([]), Some(json!(2))),
            vec![true, true, false, true]
        );
        // One ticked answer other than ok is enough.
        assert!(asked(json!(["ok", "spam"]), None)[2]);
        // Written back and read again, the same.
        let again = TaskConfig::from_toml_str(&cfg.to_toml()).unwrap();
        assert_eq!(again.controls[2].when, why.when);
        assert_eq!(again.controls[3].when, note.when);
    }

    #[test]
    fn a_follow_up_hides_those_that_follow_it() {
        let cfg = TaskConfig::from_toml_str(&format!(
            "{BASE}[[controls]]\nname = \"kind\"\ntype = \"choice\"\noptions = [\"a\", \"b\"]\n\
             when = {{ quality = 1 }}\n\
             [[controls]]\nname = \"why\"\ntype = \"text\"\nwhen = {{ kind = \"a\" }}\n"
        ))
        .unwrap();
        // "kind" keeps an answer of "a", but is not asked: nor is what follows it.
        let asked = cfg.asked(|i| [None, Some(json!(2)), Some(json!("a")), None][i].clone());
        assert_eq!(asked, vec![true, true, false, false]);
    }

    #[test]
    fn mistakes_are_named_with_the_question() {
        let cases = [
            (
                "type = \"text\"\nwhen = { tone = \"x\" }",
                "not a question of this task",
            ),
            (
                "type = \"text\"\nwhen = { late = \"x\" }",
                "not asked before",
            ),
            (
                "type = \"text\"\nwhen = { policy = \"maybe\" }",
                "'maybe', which is not an answer of 'policy' (ok, spam)",
            ),
            ("type = \"text\"\nwhen = { quality = 4 }", "'4'"),
            ("type = \"text\"\nwhen = { policy = [] }", "gives no answer"),
            (
                "type = \"text\"\nwhen = { policy = { not = [\"ok\", \"spam\"] } }",
                "never be asked",
            ),
            (
                "type = \"text\"\nwhen = { policy = { not = \"maybe\" } }",
                "leaves out 'maybe'",
            ),
            (
                "type = \"spans\"\nwhen = { policy = \"ok\" }",
                "always there",
            ),
        ];
        for (extra, said) in cases {
            let e = TaskConfig::from_toml_str(&format!(
                "{BASE}[[controls]]\nname = \"f\"\n{extra}\n[[controls]]\nname = \"late\"\ntype = \"choice\"\n"
            ))
            .unwrap_err();
            assert!(e.0.contains(said), "{extra}: {e}");
            assert!(e.0.contains("('f')"), "{extra}: {e}");
        }
        let e = TaskConfig::from_toml_str(&format!(
            "{BASE}[[controls]]\nname = \"t\"\ntype = \"text\"\n\
             [[controls]]\nname = \"f\"\ntype = \"text\"\nwhen = {{ t = \"x\" }}\n"
        ))
        .unwrap_err();
        assert!(e.0.contains("picked from a list"), "{e}");
        // A table of anything but `not`: named with its line, as any mistake in the file.
        let e = with("name = \"f\"\ntype = \"text\"\nwhen = { policy = { only = \"ok\" } }\n")
            .unwrap_err();
        assert!(
            e.0.contains("takes only `not`") && e.0.contains("line"),
            "{e}"
        );
    }
}
