//! The task config's parsing, defaults and validation.

use super::*;

#[test]
fn minimal_config_gets_defaults() {
    let cfg = TaskConfig::from_toml_str(
        "[task]\nmedia = \"image\"\n[[labels]]\nname = \"cat\"\n[[labels]]\nname = \"dog\"\nhotkey = \"1\"\n",
    )
    .unwrap();
    assert_eq!(cfg.task.idle_after_s, 30);
    assert_eq!(cfg.labels[0].hotkey, "2");
    assert_eq!(cfg.labels[1].hotkey, "1");
    assert_eq!(cfg.labels[0].color, PALETTE[0]);
    assert_eq!(cfg.controls[0].kind, ControlKind::Boxes);
}

#[test]
fn unknown_keys_and_wrong_types_name_the_line() {
    let e = TaskConfig::from_toml_str("[task]\nmedia = \"image\"\nidle_after = 3\n").unwrap_err();
    assert!(e.0.contains("line 3"), "{e}");
    assert!(e.0.contains("idle_after"), "{e}");
    let e = TaskConfig::from_toml_str("[task]\nmedia = \"image\"\nidle_after_s = \"ten\"\n")
        .unwrap_err();
    assert!(e.0.contains("line 3"), "{e}");
    let e = TaskConfig::from_toml_str("[task]\nmedia = \"video\"\n").unwrap_err();
    assert!(e.0.contains("video"), "{e}");
}

#[test]
fn clashes_are_refused() {
    let dup = "[task]\nmedia = \"image\"\n[[labels]]\nname = \"a\"\nhotkey = \"1\"\n[[labels]]\nname = \"b\"\nhotkey = \"1\"\n";
    assert!(
        TaskConfig::from_toml_str(dup)
            .unwrap_err()
            .0
            .contains("hotkey '1'")
    );
    let boxes_on_text = "[task]\nmedia = \"text\"\n[[controls]]\nname = \"b\"\ntype = \"boxes\"\n";
    assert!(
        TaskConfig::from_toml_str(boxes_on_text)
            .unwrap_err()
            .0
            .contains("boxes need image")
    );
    let bad_color = "[task]\nmedia = \"text\"\n[[labels]]\nname = \"a\"\ncolor = \"red\"\n";
    assert!(TaskConfig::from_toml_str(bad_color).is_err());
}

#[test]
fn box_attributes_belong_to_boxes_and_are_named_once() {
    let with = |kind: &str, attrs: &str| {
        let media = if kind == "boxes" { "image" } else { "text" };
        format!(
            "[task]\nmedia = \"{media}\"\n[[controls]]\nname = \"c\"\ntype = \"{kind}\"\noptions = [\"x\"]\nattributes = {attrs}\n"
        )
    };
    let ok = TaskConfig::from_toml_str(&with("boxes", r#"["occluded", "truncated"]"#));
    assert_eq!(ok.unwrap().box_attributes(), ["occluded", "truncated"]);
    for (kind, attrs, says) in [
        ("flags", r#"["occluded"]"#, "are for boxes"),
        ("boxes", r#"["a", "a"]"#, "named twice"),
        ("boxes", r#"[" "]"#, "is empty"),
        (
            "boxes",
            r#"["1","2","3","4","5","6","7","8","9","10"]"#,
            "at most 9",
        ),
    ] {
        let e = TaskConfig::from_toml_str(&with(kind, attrs)).unwrap_err().0;
        assert!(e.contains(says), "{kind} {attrs}: {e}");
    }
}

#[test]
fn rotated_boxes_are_a_boxes_option_apart_from_outlines_and_keypoints() {
    let with = |kind: &str, more: &str| {
        let media = if kind == "boxes" { "image" } else { "text" };
        format!(
            "[task]\nmedia = \"{media}\"\n[[controls]]\nname = \"c\"\ntype = \"{kind}\"\noptions = [\"x\"]\nrotated = true\n{more}"
        )
    };
    let ok = TaskConfig::from_toml_str(&with("boxes", "box_text = true\n")).unwrap();
    assert!(ok.box_rotated());
    assert!(
        TaskConfig::from_toml_str(&ok.to_toml())
            .unwrap()
            .box_rotated()
    );
    for (kind, more, says) in [
        ("choice", "", "is for boxes"),
        ("boxes", "polygons = true\n", "choose one"),
        ("boxes", "keypoints = [\"a\", \"b\"]\n", "choose one"),
    ] {
        let e = TaskConfig::from_toml_str(&with(kind, more)).unwrap_err().0;
        assert!(e.contains(says), "{kind} {more}: {e}");
    }
}

#[test]
fn control_options_are_checked() {
    let base = "[task]\nmedia = \"text\"\n[[controls]]\nname = \"c\"\n";
    assert!(
        TaskConfig::from_toml_str(&format!("{base}type = \"rating\"\nscale = 11\n"))
            .unwrap_err()
            .0
            .contains("2 to 10")
    );
    assert!(
        TaskConfig::from_toml_str(&format!("{base}type = \"compare\"\nfields = [\"a\"]\n"))
            .unwrap_err()
            .0
            .contains("at least two")
    );
    assert!(
        TaskConfig::from_toml_str(&format!("{base}type = \"flags\"\n"))
            .unwrap_err()
            .0
            .contains("need `options`")
    );
    let ok = TaskConfig::from_toml_str(&format!(
        "{base}type = \"compare\"\nfields = [\"a\", \"b\"]\n"
    ))
    .unwrap();
    assert_eq!(ok.controls[0].choices(&ok.labels), vec!["a", "b", "tie"]);
    let r = TaskConfig::from_toml_str(&format!(
        "{base}type = \"rating\"\nscale = 3\nlow = \"bad\"\n"
    ))
    .unwrap();
    assert_eq!(r.controls[0].choices(&r.labels), vec!["1", "2", "3"]);
    let flags = format!("{base}type = \"flags\"\noptions = [\"none\", \"pii\"]\n");
    let e = TaskConfig::from_toml_str(&format!("{flags}exclusive = [\"nothing\"]\n")).unwrap_err();
    assert!(
        e.0.contains("'nothing' is not one of its options (none, pii)"),
        "{e}"
    );
    assert!(TaskConfig::from_toml_str(&format!("{flags}exclusive = [\"none\"]\n")).is_ok());
    let e = TaskConfig::from_toml_str(&format!(
        "{base}type = \"choice\"\noptions = [\"a\"]\nexclusive = [\"a\"]\n"
    ))
    .unwrap_err();
    assert!(e.0.contains("multi_choice and flags"), "{e}");
    let e = TaskConfig::from_toml_str(&format!("{base}type = \"rating\"\nsingle_line = true\n"))
        .unwrap_err();
    assert!(e.0.contains("`single_line` is for text"), "{e}");
    let text = format!("{base}type = \"text\"\n");
    let ok = TaskConfig::from_toml_str(&format!("{text}disagree_below = 0.9\n")).unwrap();
    assert_eq!(ok.controls[0].disagree_below, Some(0.9));
    let e = TaskConfig::from_toml_str(&format!("{text}disagree_below = 90\n")).unwrap_err();
    assert!(e.0.contains("at most 1 (0.9 = 90%), not 90"), "{e}");
    let e = TaskConfig::from_toml_str(&format!("{base}type = \"rating\"\ndisagree_below = 0.5\n"))
        .unwrap_err();
    assert!(e.0.contains("`disagree_below` is for text"), "{e}");
}

#[test]
fn eighty_labels_get_eighty_colors_the_first_from_the_palette() {
    let names: Vec<String> = (0..80).map(|i| format!("class{i}")).collect();
    let cfg = TaskConfig::new(MediaKind::Image, &names);
    let colors: HashSet<&str> = cfg.labels.iter().map(|l| l.color.as_str()).collect();
    assert_eq!(colors.len(), 80);
    assert_eq!(cfg.labels[0].color, "#e6194b");
    assert_eq!(cfg.labels[11].color, PALETTE[11]);
    for l in &cfg.labels[PALETTE.len()..] {
        assert!(
            l.color.len() == 7 && l.color.starts_with('#'),
            "{}",
            l.color
        );
        // Bright enough to read on a dark photo: its largest channel at least 0xd0.
        let max = (1..7)
            .step_by(2)
            .map(|k| u8::from_str_radix(&l.color[k..k + 2], 16).unwrap())
            .max()
            .unwrap();
        assert!(max >= 0xd0, "{}", l.color);
    }
}

#[test]
fn generated_config_round_trips_and_appended_labels_parse() {
    let mut cfg = TaskConfig::new(MediaKind::Image, &["cat".into(), "dog \"big\"".into()]);
    let text = cfg.to_toml();
    assert_eq!(TaskConfig::from_toml_str(&text).unwrap(), cfg);
    assert!(cfg.add_label("bird"));
    assert!(!cfg.add_label("bird"));
    let appended = text + &TaskConfig::label_block(&cfg.labels[2]);
    assert_eq!(TaskConfig::from_toml_str(&appended).unwrap(), cfg);
}

#[test]
fn word_limits_are_for_text_and_say_what_an_answer_lacks() {
    let base = "[task]\nmedia = \"image\"\n[[controls]]\nname = \"d\"\n";
    let err = |extra: &str| {
        TaskConfig::from_toml_str(&format!("{base}{extra}"))
            .unwrap_err()
            .0
    };
    assert!(err("type = \"choice\"\nmin_words = 3\n").contains("for text questions"));
    assert!(err("type = \"text\"\nmin_words = 9\nmax_words = 8\n").contains("(9) is more"));
    assert!(err("type = \"text\"\nmax_words = 0\n").contains("takes no answer"));
    let c = TaskConfig::from_toml_str(&format!(
        "{base}type = \"text\"\nmin_words = 3\nmax_words = 5\n"
    ))
    .unwrap()
    .controls
    .remove(0);
    assert_eq!(c.word_limits().as_deref(), Some("3–5 words"));
    assert_eq!(
        c.words_problem("a cat").as_deref(),
        Some("has 2 words; 3–5 words asked")
    );
    assert_eq!(c.words_problem("a  cat\non a\tmat"), None);
    assert!(c.words_problem("one two three four five six").is_some());
    assert_eq!(c.words_problem("  "), None, "empty is `required`'s matter");
    let mut open = c.clone();
    open.max_words = None;
    assert_eq!(
        open.words_problem("cat").as_deref(),
        Some("has 1 word; at least 3 words asked")
    );
}
