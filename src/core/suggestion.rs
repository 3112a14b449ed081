//! Suggested answers: a question's `prefill` names an item field holding a model's answer
//! (`"model_label": "positive"`), shown as the answer to accept with one key (Enter) or
//! change with another. Only a value the question can take is suggested.

use super::config::{Control, ControlKind, Label, TaskConfig};
use super::item::Item;
use serde_json::{Map, Value};

/// The field a model's span is on when it does not say: the spans control's first field,
/// else the task's first shown one.
pub fn span_field<'a>(cfg: &'a TaskConfig, spans: &'a Control) -> Option<&'a str> {
    (spans.fields.first())
        .or(cfg.task.show.first())
        .map(String::as_str)
}

/// Whether the model that gave an item's segments or spans (their control's `prefill`)
/// doubted any of them ([`super::segments::unsure`], [`super::spans::doubted`]): the item
/// list's "model doubted" filter, the items to check first.
pub fn doubted(cfg: &TaskConfig, item: &Item) -> bool {
    let model = |kind: ControlKind| {
        let c = cfg.controls.iter().find(|c| c.kind == kind)?;
        Some((c, item.data.get(c.prefill.as_deref()?)?))
    };
    let labels = &cfg.labels;
    let segments = model(ControlKind::Segments).is_some_and(|(_, v)| {
        let duration = item.duration_ms.map(|ms| ms as f64 / 1000.0);
        !super::segments::unsure(v, labels, duration).is_empty()
    });
    segments
        || model(ControlKind::Spans).is_some_and(|(c, v)| {
            let field = span_field(cfg, c);
            !super::spans::doubted(v, labels, field, &item.data).is_empty()
        })
}

/// Whether a question of this kind can start from an item field.
pub fn can_prefill(control: &Control) -> bool {
    match control.kind {
        ControlKind::Text
        | ControlKind::Choice
        | ControlKind::MultiChoice
        | ControlKind::Flags
        | ControlKind::Rating
        | ControlKind::Spans
        | ControlKind::Segments => true,
        // A ranking's suggestion would be an order: not asked for yet.
        ControlKind::Compare => control.fields.len() < 3,
        ControlKind::Boxes => false,
    }
}

/// The answer the item's `prefill` field suggests for a choice, multi-choice, flags, rating
/// or two-response compare question, as that question stores it; `None` when there is no
/// such field or its value is not an answer the question can take. Text questions read
/// their field as is (see `Session::text_of`).
pub fn suggested(control: &Control, labels: &[Label], data: &Map<String, Value>) -> Option<Value> {
    let value = data.get(control.prefill.as_deref()?)?;
    let choices = control.choices(labels);
    // A model's "Positive" or " positive" is the option "positive".
    let choice = |s: &str| -> Option<String> {
        let s = s.trim();
        choices
            .iter()
            .find(|c| *c == s)
            .or_else(|| {
                choices
                    .iter()
                    .find(|c| c.to_lowercase() == s.to_lowercase())
            })
            .cloned()
    };
    match control.kind {
        ControlKind::Choice => Some(Value::String(choice(value.as_str()?)?)),
        ControlKind::Compare if control.fields.len() < 3 => {
            Some(Value::String(choice(value.as_str()?)?))
        }
        ControlKind::Rating => {
            let n = match value {
                Value::Number(n) => n.as_f64()?,
                Value::String(s) => s.trim().parse::<f64>().ok()?,
                _ => return None,
            };
            let scale = f64::from(control.scale.unwrap_or(5));
            (n.fract() == 0.0 && (1.0..=scale).contains(&n)).then(|| Value::from(n as u64))
        }
        ControlKind::MultiChoice | ControlKind::Flags => {
            let given: Vec<&str> = match value {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => return None,
            };
            let mut picked: Vec<String> = given.into_iter().filter_map(choice).collect();
            // In the order of the options, once each, as a key press keeps them.
            picked.sort_by_key(|x| choices.iter().position(|c| c == x));
            picked.dedup();
            (!picked.is_empty()).then(|| Value::from(picked))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn control(kind: ControlKind, options: &[&str]) -> Control {
        let mut c = Control::new("q", kind);
        c.options = options.iter().map(|s| s.to_string()).collect();
        c.prefill = Some("model".into());
        c
    }

    fn of(c: &Control, v: Value) -> Option<Value> {
        let data = json!({ "model": v });
        suggested(c, &[], data.as_object().unwrap())
    }

    #[test]
    fn a_choice_is_suggested_only_when_it_is_an_option() {
        let c = control(ControlKind::Choice, &["positive", "negative"]);
        assert_eq!(of(&c, json!("negative")), Some(json!("negative")));
        assert_eq!(of(&c, json!(" Positive ")), Some(json!("positive")));
        assert_eq!(of(&c, json!("neutral")), None);
        assert_eq!(of(&c, json!(1)), None);
        let mut none = c.clone();
        none.prefill = Some("absent".into());
        assert_eq!(of(&none, json!("positive")), None);
    }

    #[test]
    fn a_choice_among_the_labels_takes_a_label_name() {
        let c = control(ControlKind::Choice, &[]);
        let label = |name: &str| Label {
            name: name.into(),
            color: "#ff0000".into(),
            hotkey: String::new(),
            description: String::new(),
        };
        let labels = vec![label("cat"), label("dog")];
        let data = json!({"model": "dog"});
        assert_eq!(
            suggested(&c, &labels, data.as_object().unwrap()),
            Some(json!("dog"))
        );
    }

    #[test]
    fn a_rating_takes_a_whole_number_on_its_scale() {
        let c = control(ControlKind::Rating, &[]);
        assert_eq!(of(&c, json!(4)), Some(json!(4)));
        assert_eq!(of(&c, json!("2")), Some(json!(2)));
        assert_eq!(of(&c, json!(4.0)), Some(json!(4)));
        for bad in [json!(0), json!(6), json!(3.5), json!("x"), json!(null)] {
            assert_eq!(of(&c, bad.clone()), None, "{bad}");
        }
    }

    #[test]
    fn a_multi_choice_keeps_the_options_in_their_order_once() {
        let c = control(ControlKind::Flags, &["spam", "hate", "violence"]);
        assert_eq!(
            of(&c, json!(["violence", "spam", "SPAM", "other"])),
            Some(json!(["spam", "violence"]))
        );
        assert_eq!(of(&c, json!("hate")), Some(json!(["hate"])));
        assert_eq!(of(&c, json!(["other"])), None);
        assert_eq!(of(&c, json!([])), None);
    }

    #[test]
    fn a_config_refuses_a_prefill_where_nothing_can_be_suggested() {
        use crate::core::TaskConfig;
        let e = TaskConfig::from_toml_str(
            "[task]\nmedia = \"image\"\n[[controls]]\nname = \"objects\"\ntype = \"boxes\"\nprefill = \"model\"\n",
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("`prefill` is for text, choice"),
            "{e}"
        );
        let ok = TaskConfig::from_toml_str(
            "[task]\nmedia = \"text\"\n[[controls]]\nname = \"q\"\ntype = \"rating\"\nprefill = \"model\"\n",
        )
        .unwrap();
        // Items without a model's answer are normal (the preset on other data): no field
        // the items "lack" is said for it.
        assert!(ok.fields_read().is_empty(), "{:?}", ok.fields_read());
    }

    #[test]
    fn a_comparison_takes_a_response_or_a_tie() {
        let mut c = control(ControlKind::Compare, &[]);
        c.fields = vec!["response_a".into(), "response_b".into()];
        assert_eq!(of(&c, json!("response_b")), Some(json!("response_b")));
        assert_eq!(of(&c, json!("tie")), Some(json!("tie")));
        c.fields.push("response_c".into());
        assert!(!can_prefill(&c));
        assert_eq!(of(&c, json!("response_b")), None);
    }
}
