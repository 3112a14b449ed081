//! Words typed on time segments (`segment_text` on a segments control, the
//! `segment-transcription` preset): typed in the app right after a segment is marked, out in
//! JSONL (a `text` in every segment), CSV and a NeMo manifest of a line per segment, back
//! in from JSONL, compared word by word between annotators.

mod common;

use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn preset(dir: &Path) -> PathBuf {
    let p = dir.join("utterances");
    init_preset(&p, "segment-transcription", "manifest.jsonl");
    p
}

/// Gives the first clip `who`'s `segments` (submitted) through a JSONL import.
fn import_segments(p: &Path, dir: &Path, who: &str, segments: Value) {
    let mut rows = export_rows(p, "all");
    let r = &mut rows[0];
    r["annotator"] = json!(who);
    r["status"] = json!("submitted");
    r["segments"] = segments;
    // Ten times the clip's 3.287 s of work.
    r["active_ms"] = json!(32_870);
    r["submitted_at"] = json!("2026-12-04T07:00:00Z");
    let f = dir.join(format!("{who}.jsonl"));
    std::fs::write(&f, format!("{r}\n")).unwrap();
    ok(&[&"import", &p, &f]);
}

#[test]
fn segment_texts_go_out_in_jsonl_csv_and_nemo_and_come_back() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["segments"] == json!([])));
    import_segments(
        &p,
        t.path(),
        "ana",
        json!([
            {"label": "speech", "start_s": 0.1, "end_s": 1.4, "text": "the quick brown fox"},
            {"label": "speech", "start_s": 1.4, "end_s": 3.2, "text": "jumps over the lazy dog"},
            {"label": "noise", "start_s": 3.2, "end_s": 3.28}
        ]),
    );
    // JSONL: every segment says its words, "" for none (one shape in every row).
    let rows = export_rows(&p, "submitted");
    assert_eq!(rows.len(), 1);
    let texts: Vec<&str> = (rows[0]["segments"].as_array().unwrap().iter())
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        ["the quick brown fox", "jumps over the lazy dog", ""]
    );
    // NeMo: a line per segment with words, at its offset in the clip.
    let nemo = t.path().join("utterances.nemo.jsonl");
    let o = ok(&[&"export", &p, &"--format", &"nemo", &"--out", &nemo]);
    let lines: Vec<Value> = read_jsonl(&nemo);
    assert_eq!(lines.len(), 2, "the noise has no words: left out");
    assert_eq!(lines[1]["offset"], json!(1.4));
    assert_eq!(lines[1]["duration"], json!(1.8));
    assert_eq!(lines[1]["text"], "jumps over the lazy dog");
    assert!(
        lines[0]["audio_filepath"]
            .as_str()
            .unwrap()
            .ends_with("clip1.wav")
    );
    let said = o;
    assert!(
        said.contains("2 segments") && said.contains("1 segment with no text left out"),
        "{said}"
    );
    // CSV: the segments control's column holds them as JSON.
    let csv = t.path().join("utterances.csv");
    ok(&[&"export", &p, &"--format", &"csv", &"--out", &csv]);
    let mut r = csv::Reader::from_path(&csv).unwrap();
    let head = r.headers().unwrap().clone();
    let col = head.iter().position(|h| h == "field.utterances").unwrap();
    let first = r.records().next().unwrap().unwrap();
    let cell: Value = serde_json::from_str(&first[col]).unwrap();
    assert_eq!(cell[0]["text"], "the quick brown fox");
    // RTTM: who speaks when, a line per segment, the clip by its path without extension.
    let rttm = t.path().join("utterances.rttm");
    ok(&[&"export", &p, &"--format", &"rttm", &"--out", &rttm]);
    let text = std::fs::read_to_string(&rttm).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[1],
        "SPEAKER audio/clip1 1 1.400 1.800 <NA> <NA> speech <NA> <NA>"
    );
    // Statistics: how much audio each label marks.
    let stats = ok(&[&"stats", &p]);
    assert!(
        stats.contains("labels (clips marked, segments, their length):"),
        "{stats}"
    );
    assert!(
        stats
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["speech", "1", "2", "0:00:03"]),
        "{stats}"
    );
    let json: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let speech = (json["labels"].as_array().unwrap().iter())
        .find(|l| l["label"] == "speech")
        .unwrap();
    assert_eq!(
        (&speech["segments"], &speech["seconds"]),
        (&json!(2), &json!(3.1))
    );
    // What transcription is paid by: the audio submitted, and the time it took.
    let ana = &json["annotators"][0];
    assert_eq!(
        (&ana["audio_ms"], &ana["times_real_time"]),
        (&json!(3287), &json!(10.0))
    );
    assert!(
        stats
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["ana", "0:00:03", "10.0×"]),
        "{stats}"
    );
}

#[test]
fn two_people_hearing_a_word_differently_disagree() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let heard = |last: &str| json!([{"label": "speech", "start_s": 0.1, "end_s": 3.2, "text": format!("over the lazy {last}")}]);
    import_segments(&p, t.path(), "ana", heard("dog"));
    import_segments(&p, t.path(), "ben", heard("fog"));
    let o = ok(&[&"stats", &p, &"--json"]);
    let stats: Value = serde_json::from_str(&o).unwrap();
    let q = (stats["agreement"]["questions"].as_array().unwrap().iter())
        .find(|q| q["question"] == "utterances · text")
        .unwrap_or_else(|| panic!("{}", stats["agreement"]));
    assert_eq!(q["pairs"], 1);
    assert!(
        (q["agreement"].as_f64().unwrap() - 0.75).abs() < 1e-9,
        "{q}"
    );
    assert_eq!(stats["agreement"]["disagreed"], 1);
}

#[test]
fn a_diarizers_rttm_comes_in_as_segments_to_correct() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let rttm = t.path().join("diar.rttm");
    std::fs::write(
        &rttm,
        "SPEAKER audio/clip1 1 0.10 1.30 <NA> <NA> SPEAKER_00 <NA> <NA>\n\
         SPEAKER clip1 1 1.50 5.00 <NA> <NA> speech <NA> <NA>\n\
         SPEAKER nosuch 1 0 1 <NA> <NA> ghost <NA> <NA>\n\
         SPEAKER audio/clip2 1 soon 1 <NA> <NA> speech <NA> <NA>\n",
    )
    .unwrap();
    let o = keylabel(&[&"import", &p, &rttm, &"--draft"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains("diar.rttm:3") && said.contains("diar.rttm:4"),
        "{said}"
    );
    let rows = export_rows(&p, "draft");
    assert_eq!(rows.len(), 1, "clip1, a draft to correct");
    let segs = rows[0]["segments"].as_array().unwrap();
    assert_eq!(segs.len(), 2);
    assert_eq!(
        (&segs[0]["label"], &segs[1]["end_s"]),
        (&json!("SPEAKER_00"), &json!(3.287))
    );
    let cfg = std::fs::read_to_string(p.join("keylabel.toml")).unwrap();
    assert!(
        cfg.contains("SPEAKER_00") && !cfg.contains("ghost"),
        "{cfg}"
    );
    // Out again as it came in (the speech turn cut at the clip's end).
    let out = t.path().join("out.rttm");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"rttm",
        &"--status",
        &"all",
        &"--out",
        &out,
    ]);
    let back = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        back.lines().collect::<Vec<_>>(),
        [
            "SPEAKER audio/clip1 1 0.100 1.300 <NA> <NA> SPEAKER_00 <NA> <NA>",
            "SPEAKER audio/clip1 1 1.500 1.787 <NA> <NA> speech <NA> <NA>"
        ]
    );
}

#[test]
fn rttm_needs_segments() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("asr");
    init_preset(&p, "speech-transcription", "manifest.jsonl");
    let o = keylabel(&[
        &"export",
        &p,
        &"--format",
        &"rttm",
        &"--out",
        &t.path().join("x.rttm"),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("segments control"), "{}", stderr(&o));
    assert!(!t.path().join("x.rttm").exists(), "nothing written");
    let rttm = t.path().join("in.rttm");
    std::fs::write(&rttm, "SPEAKER clip1 1 0 1 <NA> <NA> a <NA> <NA>\n").unwrap();
    let o = keylabel(&[&"import", &p, &rttm]);
    assert!(!o.status.success());
    let said = stderr(&o);
    assert!(
        said.contains("in.rttm") && said.contains("segments control"),
        "{said}"
    );
}

#[test]
fn segment_text_belongs_on_segments() {
    let t = tempfile::tempdir().unwrap();
    let o = init_text(
        t.path(),
        "[task]\nmedia = \"text\"\n[[controls]]\nname = \"c\"\ntype = \"choice\"\noptions = [\"a\"]\nsegment_text = true\n",
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("`segment_text` is for segments"),
        "{}",
        stderr(&o)
    );
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::{Event, Key, Modifiers};
    use egui_kittest::kittest::Queryable;

    fn texts(h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>) -> Vec<String> {
        stored(h).segments.iter().map(|s| s.text.clone()).collect()
    }

    #[test]
    fn a_segment_marked_takes_its_words_at_once_and_enter_goes_on() {
        let t = tempfile::tempdir().unwrap();
        let mut h = audio_harness(&preset(t.path()));
        // Drag over the first phrase: the words line takes the keys, no click.
        let (a, b) = (waveform_at(&h, 0.1), waveform_at(&h, 1.4));
        drag(&mut h, a, b);
        h.run_steps(2);
        assert!(h.ctx.text_edit_focused(), "the words line has the keys");
        h.event(Event::Text("the quick brown fox".into()));
        h.run_steps(1);
        assert_eq!(texts(&h), ["the quick brown fox"]);
        // Enter gives the keys back to the clip; the next phrase the same way.
        key(&mut h, Key::Enter);
        assert!(!h.ctx.text_edit_focused());
        assert_eq!(work(&h).session.selected, None);
        let (a, b) = (waveform_at(&h, 1.5), waveform_at(&h, 3.1));
        drag(&mut h, a, b);
        h.run_steps(2);
        h.event(Event::Text("jumps over the lazy dog".into()));
        h.run_steps(1);
        key(&mut h, Key::Enter);
        assert_eq!(
            texts(&h),
            ["the quick brown fox", "jumps over the lazy dog"]
        );
        // The panel lists them in time; a click on one picks it, F2 types in it, and a
        // burst of typing is one undo step.
        let row = h
            .get_by_label_contains("· the quick brown fox")
            .rect()
            .center();
        click(&mut h, row);
        assert_eq!(work(&h).session.selected, Some(0));
        key(&mut h, Key::F2);
        h.run_steps(1);
        assert!(h.ctx.text_edit_focused());
        h.key_press_modifiers(Modifiers::NONE, Key::End);
        h.event(Event::Text(" jumps".into()));
        h.run_steps(1);
        assert_eq!(texts(&h)[0], "the quick brown fox jumps");
        key(&mut h, Key::Escape);
        key_mod(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(texts(&h)[0], "the quick brown fox");
        // Enter with no segment picked submits.
        key(&mut h, Key::Escape);
        let id = work(&h).session.item.as_ref().unwrap().id;
        key(&mut h, Key::Enter);
        let item = work(&h).session.project.store.item(id).unwrap();
        assert_eq!(item.status, keylabel::core::Status::Submitted);
    }

    #[test]
    fn a_models_phrases_are_taken_with_enter_or_fixed_first() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = audio_harness(&p);
        let id = |h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>| {
            work(h).session.item.as_ref().unwrap().id
        };
        // The first clip: the model gave nothing. Enter submits it as it is.
        assert!(work(&h).session.annotation.segments.is_empty());
        assert!(
            h.query_by_label("duration").is_none(),
            "the manifest's clip length is said over the waveform, not as a field"
        );
        key(&mut h, Key::Enter);
        wait_loaded(&mut h);
        // The second: its two phrases are offered, not yet anyone's answer; Enter takes them.
        let second = id(&h);
        let offered: Vec<String> = (work(&h).session.annotation.segments.iter())
            .map(|s| s.text.clone())
            .collect();
        assert_eq!(
            offered,
            ["please call stella", "and ask her to bring these things"]
        );
        assert!(work(&h).session.shapes_suggested);
        assert!(
            h.query_by_label_contains("suggested (model_segments)")
                .is_some()
        );
        assert!(stored(&h).segments.is_empty());
        key(&mut h, Key::Enter);
        wait_loaded(&mut h);
        let a = work(&h)
            .session
            .project
            .store
            .annotation(second, "ana")
            .unwrap()
            .unwrap();
        assert_eq!(a.segments.len(), 2);
        // The third: "left" is "right". Its line picked, F2, the words typed again.
        let row = h.get_by_label_contains("· turn left").rect().center();
        click(&mut h, row);
        key(&mut h, Key::F2);
        key_mod(&mut h, Modifiers::COMMAND, Key::A);
        h.event(Event::Text("turn right at the second traffic light".into()));
        h.run_steps(1);
        assert_eq!(texts(&h), ["turn right at the second traffic light"]);
        assert!(
            !work(&h).session.shapes_suggested,
            "a change makes them ana's"
        );
    }

    #[test]
    fn the_phrases_the_model_doubted_are_marked_until_their_words_are_typed_over() {
        let t = tempfile::tempdir().unwrap();
        let mut h = audio_harness(&preset(t.path()));
        assert!(work(&h).audio.unsure.is_empty(), "the first clip: no model");
        key(&mut h, Key::D);
        wait_loaded(&mut h);
        // Whisper gave "stella" 38%: that phrase is marked, on the waveform and in the list.
        assert_eq!(work(&h).audio.unsure, [true, false]);
        assert!(
            h.query_by_label_contains("? 1 the model was unsure of")
                .is_some()
        );
        assert!(
            h.query_by_label_contains("? 1 0.0 s · please call stella")
                .is_some()
        );
        // Shift+N picks it (and round again from the last), the playhead to its start.
        key_mod(&mut h, Modifiers::SHIFT, Key::N);
        assert_eq!(work(&h).session.selected, Some(0));
        assert!(
            work(&h)
                .message
                .starts_with("doubted 1 of 1: unsure of “stella”")
        );
        h.run_steps(1);
        assert!(
            h.query_by_label_contains("the model was unsure here: unsure of “stella” 38%")
                .is_some()
        );
        // Heard and put right: the mark goes with the model's words.
        key(&mut h, Key::F2);
        key_mod(&mut h, Modifiers::COMMAND, Key::A);
        h.event(Event::Text("please call stella".into()));
        h.run_steps(1);
        assert_eq!(
            work(&h).audio.unsure,
            [true, false],
            "the same words: still doubted"
        );
        h.event(Event::Text(" now".into()));
        h.run_steps(2);
        assert_eq!(texts(&h)[0], "please call stella now");
        assert_eq!(work(&h).audio.unsure, [false, false]);
        let left: Vec<String> = (h.query_all_by_label_contains("the model was unsure"))
            .map(|n| format!("{n:?}"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn the_list_filter_model_doubted_lists_the_clips_to_check_first() {
        let t = tempfile::tempdir().unwrap();
        let mut h = audio_harness(&preset(t.path()));
        let all = work(&h).session.ids.clone();
        status_filter(&mut h, "model doubted");
        // Of the four clips, the second alone: its model gave "stella" 38%.
        assert_eq!(work(&h).session.ids, vec![all[1]]);
        assert_eq!(work(&h).unsure.count(), 1);
    }

    #[test]
    fn s_cuts_a_models_phrase_at_the_playhead_and_shift_s_joins_it_again() {
        let t = tempfile::tempdir().unwrap();
        let mut h = audio_harness(&preset(t.path()));
        key(&mut h, Key::D); // the second clip: two phrases offered
        wait_loaded(&mut h);
        let whole = "and ask her to bring these things";
        assert_eq!(work(&h).session.annotation.segments[1].text, whole);
        // A click at 2.4 s puts the playhead there and picks that phrase; S cuts it there.
        let at = waveform_at(&h, 2.4);
        click(&mut h, at);
        assert_eq!(work(&h).session.selected, Some(1));
        key(&mut h, Key::S);
        let segs = stored(&h).segments;
        assert_eq!(segs.len(), 3, "the cut makes the phrases ana's");
        assert!((segs[1].end_s - 2.4).abs() < 0.02 && segs[2].start_s == segs[1].end_s);
        assert_eq!(
            format!("{} | {}", segs[1].text, segs[2].text),
            "and ask her to bring | these things"
        );
        assert!(
            work(&h).message.contains("split at"),
            "{}",
            work(&h).message
        );
        // The first part picked, Shift+S joins it with the next: as it was.
        let first_part = waveform_at(&h, 1.5);
        click(&mut h, first_part);
        key_mod(&mut h, Modifiers::SHIFT, Key::S);
        let segs = stored(&h).segments;
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[1].text, whole);
        // Undo takes the join back, in one step.
        key_mod(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(stored(&h).segments.len(), 3);
    }

    #[test]
    fn an_rttm_dropped_on_the_clip_comes_in_as_drafts_to_correct() {
        let t = tempfile::tempdir().unwrap();
        let mut h = audio_harness(&preset(t.path()));
        let id = work(&h).session.item.as_ref().unwrap().id;
        let rttm = t.path().join("vad.rttm");
        std::fs::write(
            &rttm,
            "SPEAKER clip1 1 0.2 2.5 <NA> <NA> speech <NA> <NA>\n",
        )
        .unwrap();
        drop_files(&mut h, &[&rttm]);
        h.run_steps(1);
        assert!(
            h.query_by_label_contains("an RTTM file of speaker turns")
                .is_some(),
            "the form says what an audio project takes"
        );
        h.get_by_label_contains("Pre-labels to correct").click();
        h.run_steps(1);
        h.get_by_label("Import (Enter)").click();
        h.run_steps(1);
        wait_ready(&mut h);
        let store = &work(&h).session.project.store;
        let a = store.annotation(id, "ana").unwrap().unwrap();
        assert_eq!(a.segments.len(), 1);
        assert!((a.segments[0].end_s - 2.7).abs() < 1e-9);
        assert_eq!(
            store.item(id).unwrap().status,
            keylabel::core::Status::Draft
        );
    }

    #[test]
    fn tab_in_a_phrases_words_goes_on_to_the_next_phrase() {
        let t = tempfile::tempdir().unwrap();
        let mut h = audio_harness(&preset(t.path()));
        key(&mut h, Key::D); // the second clip: two phrases offered
        wait_loaded(&mut h);
        let row = h
            .get_by_label_contains("· please call stella")
            .rect()
            .center();
        click(&mut h, row);
        key(&mut h, Key::F2);
        h.run_steps(1);
        assert!(h.ctx.text_edit_focused());
        key(&mut h, Key::Tab);
        h.run_steps(2);
        let w = work(&h);
        assert_eq!(w.session.selected, Some(1), "the next phrase");
        assert!(
            (w.audio.current_position() - 1.2).abs() < 1e-9,
            "the playhead at its start"
        );
        assert!(h.ctx.text_edit_focused(), "its words have the keys");
        h.event(Event::Text(" now".into()));
        h.run_steps(1);
        assert_eq!(texts(&h)[1], "and ask her to bring these things now");
        key_mod(&mut h, Modifiers::SHIFT, Key::Tab);
        h.run_steps(2);
        assert_eq!(work(&h).session.selected, Some(0), "Shift+Tab: back");
        assert!(h.ctx.text_edit_focused(), "its words have the keys");
    }

    #[test]
    fn comma_and_period_put_a_phrases_edges_at_the_playhead() {
        let t = tempfile::tempdir().unwrap();
        let mut h = audio_harness(&preset(t.path()));
        key(&mut h, Key::D); // the second clip: phrases at 0–1.2 s and 1.2–3.25 s offered
        wait_loaded(&mut h);
        let at = waveform_at(&h, 1.5);
        click(&mut h, at);
        assert_eq!(work(&h).session.selected, Some(1));
        let here = work(&h).audio.current_position();
        key(&mut h, Key::Comma);
        let start = stored(&h).segments[1].start_s;
        assert!((start - here).abs() < 1e-9, "{start} != {here}");
        assert!(
            work(&h).message.contains("starts at 1.5") && work(&h).message.contains("was 1.20"),
            "{}",
            work(&h).message
        );
        // Alt+← twice: a fifth of a second back, and the start follows it there.
        key_mod(&mut h, Modifiers::ALT, Key::ArrowLeft);
        key_mod(&mut h, Modifiers::ALT, Key::ArrowLeft);
        key(&mut h, Key::Comma);
        let earlier = stored(&h).segments[1].start_s;
        assert!((earlier - (start - 0.2)).abs() < 1e-9, "{earlier}");
        // → is 2 s on: past the phrase's end (3.25 s), where . puts it.
        key(&mut h, Key::ArrowRight);
        key(&mut h, Key::Period);
        let end = stored(&h).segments[1].end_s;
        assert!((end - (earlier + 2.0)).abs() < 1e-9, "{end}");
        assert_eq!(
            stored(&h).segments[1].text,
            "and ask her to bring these things"
        );
        // A start past the end would turn it inside out: said, not done.
        key_mod(&mut h, Modifiers::ALT, Key::ArrowRight);
        key(&mut h, Key::Comma);
        assert!((stored(&h).segments[1].start_s - earlier).abs() < 1e-9);
        assert!(
            work(&h).message.contains("moves the end"),
            "{}",
            work(&h).message
        );
        // One undo step per edge.
        key_mod(&mut h, Modifiers::COMMAND, Key::Z);
        assert!((stored(&h).segments[1].end_s - 3.25).abs() < 1e-9);
        // Nothing picked and no phrase under the playhead: it says how.
        let past = waveform_at(&h, 3.45);
        click(&mut h, past);
        assert_eq!(work(&h).session.selected, None);
        key(&mut h, Key::Period);
        assert!(
            work(&h).message.contains("select a segment"),
            "{}",
            work(&h).message
        );
    }

    #[test]
    fn transcription_paid_by_the_audio_minute_shows_its_earnings() {
        let t = tempfile::tempdir().unwrap();
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_data/segment-transcription");
        let task = std::fs::read_to_string(base.join("task.toml")).unwrap();
        let cfg = t.path().join("task.toml");
        let paid = task.replace("[task]\n", "[task]\npay_per_audio_minute = 0.6\n");
        std::fs::write(&cfg, paid).unwrap();
        let p = t.path().join("p");
        ok(&[
            &"init",
            &p,
            &"--media",
            &base.join("manifest.jsonl"),
            &"--config",
            &cfg,
        ]);
        let mut h = audio_harness(&p);
        assert_eq!(work(&h).session.earned(), Some(0.0));
        // The first clip (3.287 s) submitted: 0.6 × 3.287 / 60 = 0.033.
        key(&mut h, Key::Enter);
        wait_loaded(&mut h);
        let earned = work(&h).session.earned().unwrap();
        assert!((earned - 0.6 * 3.287 / 60.0).abs() < 1e-9, "{earned}");
        assert!(h.query_by_label("earned 0.03").is_some());
    }
}
