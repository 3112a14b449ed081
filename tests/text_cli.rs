//! Text and evaluation tasks through the real binary: presets, every control type through a
//! JSONL round trip, CSV export, config problems.

mod common;
use common::*;
use keylabel::core::Annotation;
use keylabel::project::Project;
use serde_json::{Map, Value, json};
use std::path::Path;

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(name)
}

#[test]
fn every_preset_inits_from_its_sample_folder_and_by_template() {
    let t = tempfile::tempdir().unwrap();
    for (name, items) in [
        ("text-classification", "texts.jsonl"),
        ("moderation", "items.jsonl"),
        ("rlhf-comparison", "items.jsonl"),
        ("search-relevance", "items.jsonl"),
        ("response-correction", "items.jsonl"),
    ] {
        let dir = sample(name);
        let p = t.path().join(name);
        let o = keylabel(&[
            &"init",
            &p,
            &"--media",
            &dir.join(items),
            &"--config",
            &dir.join("task.toml"),
        ]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{name} warns: {}", stderr(&o));
        let q = t.path().join(format!("{name}-tpl"));
        ok(&[
            &"init",
            &q,
            &"--media",
            &dir.join(items),
            &"--template",
            &name,
        ]);
        assert_eq!(
            std::fs::read_to_string(p.join("keylabel.toml")).unwrap(),
            std::fs::read_to_string(q.join("keylabel.toml")).unwrap()
        );
    }
}

fn answer_all(p: &Path) {
    let mut pr = Project::open(p, Some("ana".into())).unwrap();
    let ids = pr.store.item_ids(Default::default()).unwrap();
    let mut fields = Map::new();
    fields.insert("preference".into(), json!("response_a"));
    fields.insert("confidence".into(), json!(4));
    fields.insert("issues".into(), json!(["hallucination", "unsafe"]));
    fields.insert("note".into(), json!("multi\nline, with \"quotes\""));
    let ann = Annotation {
        fields,
        ..Default::default()
    };
    pr.store
        .save_annotation(ids[0], "ana", &ann, 1_000)
        .unwrap();
    pr.store.submit(ids[0], "ana", 2_000).unwrap();
    let mut f2 = Map::new();
    f2.insert("preference".into(), json!("tie"));
    f2.insert("confidence".into(), json!(1));
    f2.insert("issues".into(), json!([]));
    pr.store
        .save_annotation(
            ids[1],
            "ana",
            &Annotation {
                fields: f2,
                ..Default::default()
            },
            3_000,
        )
        .unwrap();
    pr.store.submit(ids[1], "ana", 4_000).unwrap();
}

#[test]
fn every_control_type_round_trips_through_jsonl_and_exports_as_csv() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    init_preset(&p, "rlhf-comparison", "items.jsonl");
    answer_all(&p);
    let e = t.path().join("e.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &e]);
    let rows = read_jsonl(&e);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["fields"]["confidence"], 4);
    assert_eq!(
        rows[0]["fields"]["issues"],
        json!(["hallucination", "unsafe"])
    );
    assert_eq!(rows[0]["data"]["id"], "c-01");
    // One JSON type per field across rows.
    for k in ["preference", "confidence", "issues"] {
        let kinds: std::collections::BTreeSet<String> = rows
            .iter()
            .map(|r| format!("{:?}", std::mem::discriminant(&r["fields"][k])))
            .collect();
        assert_eq!(kinds.len(), 1, "fields.{k}");
    }

    let q = t.path().join("q");
    init_preset(&q, "rlhf-comparison", "items.jsonl");
    ok(&[&"import", &q, &e]);
    let e2 = t.path().join("e2.jsonl");
    ok(&[&"export", &q, &"--format", &"jsonl", &"--out", &e2]);
    let again = read_jsonl(&e2);
    for (a, b) in rows.iter().zip(&again) {
        assert_eq!(a["fields"], b["fields"]);
        assert_eq!(a["data"], b["data"]);
        assert_eq!(a["active_ms"], b["active_ms"]);
        assert_eq!(a["submitted_at"], b["submitted_at"]);
    }

    let c = t.path().join("e.csv");
    ok(&[&"export", &p, &"--format", &"csv", &"--out", &c]);
    let mut r = csv::Reader::from_path(&c).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    for col in [
        "id",
        "status",
        "field.preference",
        "field.confidence",
        "field.issues",
        "data.prompt",
        "active_ms",
        "submitted_at",
    ] {
        assert!(
            head.contains(&col.to_string()),
            "no column {col} in {head:?}"
        );
    }
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 2);
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(&recs[0][col("field.issues")], "hallucination; unsafe");
    assert_eq!(&recs[0][col("field.confidence")], "4");
    assert_eq!(&recs[1][col("field.preference")], "tie");
    assert_eq!(
        &recs[0][col("data.prompt")],
        "Explain in two sentences why the sky is blue."
    );
}

#[test]
fn a_config_naming_missing_fields_says_so() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("task.toml");
    std::fs::write(&cfg, "[task]\nmedia = \"text\"\nshow = [\"text\", \"title\"]\n[[labels]]\nname = \"a\"\n[[controls]]\nname = \"c\"\ntype = \"choice\"\n").unwrap();
    let items = t.path().join("i.jsonl");
    std::fs::write(&items, "{\"text\":\"x\"}\n").unwrap();
    let o = keylabel(&[
        &"init",
        &t.path().join("p"),
        &"--media",
        &items,
        &"--config",
        &cfg,
    ]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("reads field 'title', but the items have no such field"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn huge_rtl_emoji_and_combining_records_load_intact() {
    let t = tempfile::tempdir().unwrap();
    let big = "word ".repeat(1_000_000); // 5 MB
    let items = t.path().join("i.jsonl");
    let lines = [
        json!({"id": 1, "text": big}),
        json!({"id": 2, "text": "مرحبا بالعالم — שלום עולם"}),
        json!({"id": 3, "text": "e\u{301}te\u{301} 👩‍👩‍👧 🇵🇹"}),
    ];
    let mut body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    body.push_str("{\"id\": 4, \"text\": \"\\ud800\"}\n"); // a lone surrogate: bad line
    std::fs::write(&items, body).unwrap();
    let p = t.path().join("p");
    let o = keylabel(&[&"init", &p, &"--media", &items, &"--labels", &"a"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("i.jsonl:4:"), "{}", stderr(&o));
    let rows = export_rows(&p, "all");
    assert_eq!(rows[0]["data"]["text"].as_str().unwrap().len(), big.len());
    assert_eq!(rows[1]["data"]["text"], "مرحبا بالعالم — שלום עולם");
    assert_eq!(rows[2]["data"]["text"], "e\u{301}te\u{301} 👩‍👩‍👧 🇵🇹");
    let _: Value = rows[0].clone();
}

/// A project of three records that ana and bob both labelled apart, merged from their
/// exports as a team does: they agree on "a" and "b", not on "c".
fn merged_project(dir: &Path) -> std::path::PathBuf {
    let p = abc_project(dir);
    for (who, labels) in [
        ("ana", ["pos", "neg", "pos"]),
        ("bob", ["pos", "neg", "neg"]),
    ] {
        let rows: String = ["a", "b", "c"]
            .iter()
            .zip(labels)
            .map(|(text, label)| {
                format!(
                    "{{\"id\":\"{who}-{text}\",\"kind\":\"text\",\"status\":\"submitted\",\"annotator\":\"{who}\",\"labels\":[\"{label}\"],\"boxes\":[],\"data\":{{\"text\":\"{text}\"}}}}\n"
                )
            })
            .collect();
        let file = dir.join(format!("{who}.jsonl"));
        std::fs::write(&file, rows).unwrap();
        ok(&[&"import", &p, &file]);
    }
    p
}

#[test]
fn stats_measures_agreement_between_merged_annotators() {
    let t = tempfile::tempdir().unwrap();
    let p = merged_project(t.path());
    let out = ok(&[&"stats", &p]);
    assert!(
        out.contains("agreement (items answered by 2+ annotators: 3, with a disagreement: 1):"),
        "{out}"
    );
    let line = out.lines().find(|l| l.contains(" pairs")).unwrap();
    assert!(
        line.contains("66.7%") && line.contains("over 3 pairs"),
        "{line}"
    );
    // Beyond chance: pos and neg are as common, so 2 of 3 alike is less than it looks.
    // Coincidences pos-pos 2, neg-neg 2, pos-neg 1, neg-pos 1: 1 - 5·2/18.
    assert!(line.ends_with("Krippendorff's alpha 0.44"), "{line}");
    // What each one answered: ana pos 2 of 3, bob pos 1 of 3.
    assert!(out.contains("answers given, by annotator"), "{out}");
    let ana = out
        .lines()
        .find(|l| l.trim_start().starts_with("ana ") && l.contains('%'))
        .unwrap_or_default();
    assert!(ana.ends_with("pos: 67% · neg: 33% (3)"), "{out}");
    let j: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(
        j["answers_by_annotator"][1],
        json!({"question": "label", "annotator": "bob", "counts": {"neg": 2, "pos": 1}})
    );
    let alpha = j["agreement"]["questions"][0]["alpha"].as_f64().unwrap();
    assert!((alpha - (1.0 - 10.0 / 18.0)).abs() < 1e-9, "{alpha}");
    assert!(out.contains("most often told apart: neg / pos 1"), "{out}");
    // Each one against the other: alike on 2 items of 3.
    let peers = out
        .split("each annotator against the others")
        .nth(1)
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line_starting(peers, "bob").ends_with("66.7% over 3 pairs"),
        "{out}"
    );
    assert_eq!(
        j["agreement"]["by_annotator"][0]["annotator"], "ana",
        "{}",
        j["agreement"]
    );
    assert_eq!(j["agreement"]["by_annotator"][1]["pairs"], 3);
}

#[test]
fn every_annotators_answer_exports_as_a_row_and_imports_back() {
    let t = tempfile::tempdir().unwrap();
    let p = merged_project(t.path());
    let out = t.path().join("every.jsonl");
    let said = ok(&[
        &"export",
        &p,
        &"--format",
        &"jsonl",
        &"--answers",
        &"every",
        &"--out",
        &out,
    ]);
    assert!(said.contains("exported 3 items (6 answers)"), "{said}");
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let who: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["annotator"].as_str().unwrap(),
                r["labels"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        who,
        [
            ("ana", "pos"),
            ("bob", "pos"),
            ("ana", "neg"),
            ("bob", "neg"),
            ("ana", "pos"),
            ("bob", "neg")
        ]
    );
    assert_eq!(rows[0]["id"], rows[1]["id"], "an item's rows share its id");
    // The newest answer only, as before: one row per item.
    let newest = t.path().join("newest.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &newest]);
    assert_eq!(std::fs::read_to_string(&newest).unwrap().lines().count(), 3);
    // CSV too, a row each.
    let csv = t.path().join("every.csv");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"csv",
        &"--answers",
        &"every",
        &"--out",
        &csv,
    ]);
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 7);

    // Read into a fresh project, each answer lands under its annotator again.
    let items = t.path().join("items.jsonl");
    let q = t.path().join("copy");
    ok(&[&"init", &q, &"--media", &items, &"--labels", &"pos,neg"]);
    ok(&[&"import", &q, &out]);
    let stats = ok(&[&"stats", &q]);
    assert!(
        stats.contains("2+ annotators: 3, with a disagreement: 1"),
        "{stats}"
    );
}

/// A project of three records, "a", "b" and "c", labelled pos or neg.
fn abc_project(dir: &Path) -> std::path::PathBuf {
    let items = dir.join("items.jsonl");
    std::fs::write(
        &items,
        "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n",
    )
    .unwrap();
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &items, &"--labels", &"pos,neg"]);
    p
}

/// One JSONL export row for record `text`, labelled `label`.
fn answer_row(who: &str, text: &str, label: &str, submitted: bool) -> String {
    let at = if submitted {
        "\"2026-11-20T10:00:00Z\""
    } else {
        "null"
    };
    format!(
        "{{\"id\":\"{who}-{text}\",\"kind\":\"text\",\"status\":\"submitted\",\"annotator\":\"{who}\",\"labels\":[\"{label}\"],\"boxes\":[],\"data\":{{\"text\":\"{text}\"}},\"active_ms\":3000,\"submitted_at\":{at}}}\n"
    )
}

#[test]
fn gold_answers_score_each_annotator_and_change_nothing_else() {
    let t = tempfile::tempdir().unwrap();
    let p = abc_project(t.path());
    let gold = t.path().join("gold.jsonl");
    // A gold row for a record the project lacks is reported, not added as an item.
    let rows = answer_row("lead", "a", "pos", true)
        + &answer_row("lead", "b", "neg", true)
        + &answer_row("lead", "not in the project", "neg", true);
    std::fs::write(&gold, rows).unwrap();
    let o = keylabel(&[&"import", &p, &gold, &"--gold"]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(said.contains("gold answers for 2 items"), "{said}");
    assert!(said.contains("no item in the project"), "{said}");
    let stats = ok(&[&"stats", &p]);
    assert!(stats.contains("items with a gold answer: 2"), "{stats}");
    assert!(
        stats.contains("new        3"),
        "statuses untouched: {stats}"
    );
    assert!(!stats.contains("lead"), "gold is no annotator: {stats}");

    // ana gets "a" right, "b" wrong, and "c" has no gold; bob's "a" is not submitted yet.
    let work = t.path().join("ana.jsonl");
    let rows = answer_row("ana", "a", "pos", true)
        + &answer_row("ana", "b", "pos", true)
        + &answer_row("ana", "c", "neg", true)
        + &answer_row("bob", "a", "neg", false);
    std::fs::write(&work, rows).unwrap();
    ok(&[&"import", &p, &work]);
    let stats = ok(&[&"stats", &p]);
    let line = |who: &str| {
        stats
            .lines()
            .find(|l| l.trim_start().starts_with(who))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("ana").ends_with(" 1/2 (50%), 50% close"), "{stats}");
    assert!(line("bob").ends_with(" -"), "{stats}");
    assert!(stats.contains("right on gold items"), "{stats}");
    // The same for scripts: one JSON object.
    let j: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(j["gold_items"], 2);
    assert_eq!(j["by_status"]["submitted"], 3);
    let ana = &j["annotators"][0];
    assert_eq!(
        (
            &ana["annotator"],
            &ana["gold_checked"],
            &ana["gold_correct"]
        ),
        (&json!("ana"), &json!(2), &json!(1))
    );
    assert_eq!(ana["active_ms"], 9000, "a, b and c at 3 s each");
    // The timesheet: ana's three items on the day she submitted them.
    assert_eq!(
        j["by_day"],
        json!([{"day": "2026-11-20", "annotator": "ana", "submitted": 3, "active_ms": 9000}])
    );
    let day = stats
        .lines()
        .find(|l| l.contains("2026-11-20"))
        .unwrap_or_default();
    assert!(
        day.contains("ana") && day.trim_end().ends_with("3   0:00:09"),
        "{stats}"
    );
    assert_eq!(ana["gold_closeness"], 0.5);
    assert_eq!(
        j["annotators"][1]["items_per_hour"],
        Value::Null,
        "bob submitted none"
    );
    let q = &j["agreement"]["questions"][0];
    assert_eq!(q["most_confused"][0]["answers"], json!(["neg", "pos"]));

    // Exports carry the annotators' work only.
    let out = t.path().join("all.jsonl");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"jsonl",
        &"--status",
        &"all",
        &"--answers",
        &"every",
        &"--out",
        &out,
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("lead"), "{text}");

    // Gold answers come from a JSONL export; anything else is refused, nothing changed.
    let o = keylabel(&[&"import", &p, &t.path().join("items.jsonl"), &"--gold"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Keylabel's export format"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn preference_pairs_export_for_dpo_with_ties_left_out() {
    let t = tempfile::tempdir().unwrap();
    let dir = sample("rlhf-comparison");
    let p = t.path().join("p");
    init_preset(&p, "rlhf-comparison", "items.jsonl");
    // ana: response_a on c-01, a tie on c-02; bob, later: response_b on c-01.
    answer_all(&p);
    {
        let mut pr = Project::open(&p, Some("bob".into())).unwrap();
        let first = pr.store.item_ids(Default::default()).unwrap()[0];
        let mut f = Map::new();
        f.insert("preference".into(), json!("response_b"));
        let ann = Annotation {
            fields: f,
            ..Default::default()
        };
        pr.store.save_annotation(first, "bob", &ann, 5_000).unwrap();
        pr.store.submit(first, "bob", 6_000).unwrap();
    }
    let e = t.path().join("pairs.jsonl");
    let o = ok(&[&"export", &p, &"--format", &"preference", &"--out", &e]);
    assert!(
        o.contains("1 item, 1 preference pair (1 answer with a tie or no preference left out)"),
        "{o}"
    );
    let rows = read_jsonl(&e);
    assert_eq!(
        rows.len(),
        1,
        "the newest answer per item; the tie gives no pair"
    );
    let record = &read_jsonl(&dir.join("items.jsonl"))[0];
    assert_eq!(rows[0]["prompt"], record["prompt"]);
    assert_eq!(
        rows[0]["chosen"], record["response_b"],
        "bob's is the newest"
    );
    assert_eq!(rows[0]["rejected"], record["response_a"]);
    assert_eq!(rows[0]["annotator"], "bob");
    assert_eq!(rows[0]["chosen_field"], "response_b");
    assert_eq!(
        rows[0]["id"].as_str().map(str::len),
        Some(36),
        "the item's uuid"
    );

    // Every annotator's answer: ana's and bob's opposite pairs on c-01.
    let every = t.path().join("every.jsonl");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"preference",
        &"--answers",
        &"every",
        &"--out",
        &every,
    ]);
    let rows = read_jsonl(&every);
    let who: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["annotator"].as_str().unwrap(),
                r["chosen_field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(who.contains(&("ana", "response_a")) && who.contains(&("bob", "response_b")));
    for r in &rows {
        for k in ["prompt", "chosen", "rejected", "id", "annotator"] {
            assert!(r[k].is_string(), "{k} is a string in every row: {r}");
        }
    }

    // A project without a compare control says what to use, and writes nothing.
    let q = t.path().join("q");
    init_preset(&q, "text-classification", "texts.jsonl");
    let none = t.path().join("none.jsonl");
    let o = keylabel(&[&"export", &q, &"--format", &"preference", &"--out", &none]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("need a `compare` control"),
        "{}",
        stderr(&o)
    );
    assert!(!none.exists());
}

#[test]
fn gold_scores_each_question_so_a_lead_sees_which_one_goes_wrong() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    init_preset(&p, "rlhf-comparison", "items.jsonl");
    let answer = |pref: &str, conf: u64| Annotation {
        fields: [
            ("preference".to_string(), json!(pref)),
            ("confidence".to_string(), json!(conf)),
            ("issues".to_string(), json!([])),
        ]
        .into_iter()
        .collect(),
        ..Default::default()
    };
    {
        let mut pr = Project::open(&p, Some("ana".into())).unwrap();
        let ids = pr.store.item_ids(Default::default()).unwrap();
        // Gold: a and 5, b and 2. ana: the right preference twice, the confidence once.
        pr.store
            .set_gold(ids[0], &answer("response_a", 5), 1)
            .unwrap();
        pr.store
            .set_gold(ids[1], &answer("response_b", 2), 1)
            .unwrap();
        for (id, ann) in [
            (ids[0], answer("response_a", 5)),
            (ids[1], answer("response_b", 4)),
        ] {
            pr.store.save_annotation(id, "ana", &ann, 10).unwrap();
            pr.store.submit(id, "ana", 20).unwrap();
        }
    }
    let stats = ok(&[&"stats", &p]);
    assert!(stats.contains("on gold items, by question"), "{stats}");
    let line = stats
        .lines()
        .skip_while(|l| !l.starts_with("on gold items"))
        .nth(1)
        .unwrap_or_default();
    assert!(line.trim_start().starts_with("ana"), "{stats}");
    assert!(
        line.ends_with("preference 100% · confidence 50% · issues 100%"),
        "{stats}"
    );
    let j: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let q = &j["annotators"][0]["gold_by_question"];
    assert_eq!(
        q[1],
        json!({"question": "confidence", "items": 2, "score": 0.5})
    );
    assert_eq!(j["annotators"][0]["gold_correct"], 1);
}

#[test]
fn notes_go_out_in_jsonl_csv_and_coco_and_come_back_in_under_their_writers() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    init_preset(&p, "text-classification", "texts.jsonl");
    let ids = {
        let mut pr = Project::open(&p, None).unwrap();
        let ids = pr.store.item_ids(keylabel::core::ItemFilter::All).unwrap();
        pr.store
            .set_note(ids[1], "ana", "sarcasm, I think", 1)
            .unwrap();
        pr.store
            .set_note(ids[1], "lead", "yes: negative", 2)
            .unwrap();
        ids
    };
    let rows = export_rows(&p, "all");
    let e = p.with_extension("all.jsonl"); // where export_rows wrote them
    assert_eq!(rows.len(), ids.len());
    // Every row has the list (empty where none): one JSON type for pandas and datasets.
    assert!(rows.iter().all(|r| r["notes"].is_array()));
    assert_eq!(
        rows[1]["notes"],
        json!([{"annotator": "ana", "text": "sarcasm, I think"},
               {"annotator": "lead", "text": "yes: negative"}])
    );
    // Counted in the statistics, text and JSON.
    let stats = ok(&[&"stats", &p]);
    assert!(stats.contains("noted      1"), "{stats}");
    let j: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(j["noted"], 1);
    // Only the noted items.
    assert_eq!(export_rows(&p, "noted").len(), 1);
    // A spreadsheet cell, a line each.
    let c = t.path().join("e.csv");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"csv",
        &"--out",
        &c,
        &"--status",
        &"all",
    ]);
    let mut r = csv::Reader::from_path(&c).unwrap();
    let col = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "notes")
        .unwrap();
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(&recs[1][col], "ana: sarcasm, I think\nlead: yes: negative");
    assert_eq!(&recs[0][col], "");
    // Into a fresh project: each note under its writer.
    let q = t.path().join("q");
    init_preset(&q, "text-classification", "texts.jsonl");
    ok(&[&"import", &q, &e]);
    let back = Project::open(&q, None).unwrap();
    let qids = back
        .store
        .item_ids(keylabel::core::ItemFilter::Noted)
        .unwrap();
    assert_eq!(qids.len(), 1);
    let notes = back.store.notes(qids[0]).unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[1].annotator, "lead");
}

#[test]
fn items_imported_without_their_time_do_not_speed_up_the_rate() {
    let t = tempfile::tempdir().unwrap();
    let p = abc_project(t.path());
    // "a" took ana 3 s here; "b" and "c" were labelled in another tool, with no time.
    let untimed = |text: &str| {
        answer_row("ana", text, "pos", true).replace("\"active_ms\":3000", "\"active_ms\":0")
    };
    let rows = answer_row("ana", "a", "pos", true) + &untimed("b") + &untimed("c");
    let work = t.path().join("ana.jsonl");
    std::fs::write(&work, rows).unwrap();
    ok(&[&"import", &p, &work]);
    let j: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(j["by_status"]["submitted"], 3);
    let ana = &j["annotators"][0];
    // One timed item in 3 s: 1,200 an hour, not 3,600; its median 3 s, not 0.
    assert_eq!(ana["items_per_hour"], 1200.0);
    assert_eq!(ana["median_active_ms"], 3000);
    assert_eq!(j["items_per_hour"], 1200.0);
    assert_eq!(j["median_active_ms"], 3000);
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let t = tempfile::tempdir().unwrap();
    let p = abc_project(t.path());
    // `keylabel stats | head -0`: the reader is gone before the first line is written.
    for args in [vec!["stats"], vec!["stats", "--json"], vec!["templates"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_keylabel"));
        cmd.args(&args);
        if args[0] == "stats" {
            cmd.arg(&p);
        }
        let o = cmd
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(o.status.success(), "{args:?}: {:?} {err}", o.status);
    }
    // An import whose warnings and report nobody reads (`2>&1 | head -0`) still imports.
    let more = t.path().join("more.jsonl");
    std::fs::write(&more, "{\"text\":\"d\"}\nnot json\n{\"text\":\"e\"}\n").unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_keylabel"))
        .arg("import")
        .arg(&p)
        .arg(&more)
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", o.status);
    assert!(ok(&[&"stats", &p]).contains("items: 5"));
}
