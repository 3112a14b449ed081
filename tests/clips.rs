//! Records that name audio clips (a TTS comparison's `audio_a` and `audio_b`, the recording
//! a transcript is checked against): the paths are found from the records file's folder, a
//! missing clip is said at import with its line, and the app shows a player in place of each
//! path — Space plays the current clip, Shift+Space the next, ←/→ seek.

mod common;
use common::*;
use keylabel::io::audio::write_wav;
use serde_json::json;
use std::path::Path;

/// A tone of `seconds` at 8 kHz.
fn tone(path: &Path, seconds: f32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let n = (8000.0 * seconds) as usize;
    let samples: Vec<f32> = (0..n).map(|i| (i as f32 * 0.07).sin() * 0.5).collect();
    write_wav(path, 8000, &samples).unwrap();
}

/// Records in `dir/run/items.jsonl` naming clips in `dir/clips` (one of them missing on
/// line 2 when `missing`).
fn records(dir: &Path, missing: bool) -> std::path::PathBuf {
    tone(&dir.join("clips/a.wav"), 2.0);
    tone(&dir.join("clips/b.wav"), 3.0);
    let gone = if missing { "gone.wav" } else { "a.wav" };
    let lines = [
        json!({"text": "good morning", "audio_a": "../clips/a.wav", "audio_b": "../clips/b.wav"}),
        json!({"text": "good night", "audio_a": "../clips/b.wav", "audio_b": format!("../clips/{gone}")}),
    ];
    write_records(&dir.join("run/items.jsonl"), &lines)
}

fn task() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/tts-comparison/task.toml")
}

#[test]
fn a_missing_clip_is_said_with_its_line_and_the_records_go_in() {
    let t = tempfile::tempdir().unwrap();
    let items = records(t.path(), true);
    let p = t.path().join("p");
    let out = keylabel(&[&"init", &p, &"--media", &items, &"--config", &task()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains("items.jsonl:2") && said.contains("1 clip named here was not found"),
        "{said}"
    );
    assert!(
        said.contains("line 2 `audio_b`: ../clips/gone.wav"),
        "{said}"
    );
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["kind"], "text");
    assert_eq!(rows[0]["data"]["audio_b"], "../clips/b.wav");
}

#[test]
fn the_tts_preset_makes_a_project_of_the_sample() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/tts-comparison/items.jsonl");
    let said = ok(&[
        &"init",
        &p,
        &"--media",
        &sample,
        &"--template",
        &"tts-comparison",
    ]);
    assert!(said.contains("4 items"), "{said}");
    assert!(!said.contains("not found"), "{said}");
}

#[test]
fn an_audio_folder_export_links_the_clips_and_names_the_one_preferred() {
    let t = tempfile::tempdir().unwrap();
    let items = records(t.path(), true);
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &task()]);
    {
        let mut pr = keylabel::project::Project::open(&p, Some("ana".into())).unwrap();
        let ids = pr.store.item_ids(Default::default()).unwrap();
        for (id, pick) in ids.iter().zip(["audio_b", "audio_a"]) {
            let mut fields = serde_json::Map::new();
            fields.insert("preference".into(), json!(pick));
            let ann = keylabel::core::Annotation {
                fields,
                ..Default::default()
            };
            pr.store.save_annotation(*id, "ana", &ann, 1_000).unwrap();
            pr.store.submit(*id, "ana", 2_000).unwrap();
        }
    }
    let out = t.path().join("hf");
    let said = ok(&[&"export", &p, &"--format", &"audiofolder", &"--out", &out]);
    assert!(
        said.contains("2 items; 1 clip not found, left empty"),
        "{said}"
    );
    let rows = read_jsonl(&out.join("train/metadata.jsonl"));
    assert_eq!(rows.len(), 2);
    let file = |v: &serde_json::Value| out.join("train").join(v.as_str().unwrap());
    // Each clip linked once, named as HF reads an audio column: `<field>_file_name`.
    assert_eq!(rows[0]["audio_a_file_name"], "clips__a.wav");
    assert_eq!(
        file(&rows[0]["audio_b_file_name"]),
        file(&rows[1]["audio_a_file_name"])
    );
    assert!(file(&rows[0]["audio_b_file_name"]).is_file());
    assert_eq!(rows[0]["chosen_file_name"], rows[0]["audio_b_file_name"]);
    assert_eq!(rows[0]["rejected_file_name"], rows[0]["audio_a_file_name"]);
    // The preferred clip there, the other one missing: left empty.
    assert_eq!(rows[1]["chosen_file_name"], rows[1]["audio_a_file_name"]);
    assert!(rows[1]["rejected_file_name"].is_null());
    assert_eq!(rows[0]["text"], "good morning");
    // An image folder of records naming no picture says what it needs.
    let out = keylabel(&[
        &"export",
        &p,
        &"--format",
        &"imagefolder",
        &"--out",
        &t.path().join("x"),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("records naming pictures"),
        "{}",
        stderr(&out)
    );
}

/// A NeMo manifest (`audio_filepath`, `text`) and a text task on it: rate the transcript.
fn manifest(dir: &Path) -> std::path::PathBuf {
    tone(&dir.join("a.wav"), 1.0);
    let items = dir.join("manifest.jsonl");
    let line = json!({"audio_filepath": "a.wav", "duration": 1.0, "text": "hello"});
    std::fs::write(&items, format!("{line}\n")).unwrap();
    std::fs::write(
        dir.join("task.toml"),
        "[task]\nname = \"Is the transcript right?\"\nmedia = \"text\"\n\
         show = [\"audio_filepath\", \"text\"]\n[[controls]]\nname = \"verdict\"\n\
         type = \"choice\"\noptions = [\"right\", \"wrong\"]\n",
    )
    .unwrap();
    items
}

#[test]
fn a_text_task_on_a_speech_manifest_makes_text_items_that_play_the_clip() {
    let t = tempfile::tempdir().unwrap();
    let items = manifest(t.path());
    let p = t.path().join("p");
    // It used to be refused: "holds audio items, but the task config asks for text items".
    let said = ok(&[&"init", &p, &"--media", &items]);
    assert!(said.contains("1 item"), "{said}");
    let pr = keylabel::project::Project::open(&p, None).unwrap();
    let it = pr
        .store
        .items_page(Default::default(), 0, 1)
        .unwrap()
        .remove(0);
    assert_eq!(it.kind, keylabel::core::MediaKind::Text);
    assert!(pr.field_file(&it, "a.wav").is_file());
}

#[test]
fn records_moved_with_their_clips_are_found_again() {
    let t = tempfile::tempdir().unwrap();
    let items = records(&t.path().join("data"), false);
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &task()]);
    std::fs::rename(t.path().join("data"), t.path().join("moved")).unwrap();
    let said = ok(&[&"relocate", &p, &t.path().join("moved/run")]);
    assert!(said.contains("2 items moved"), "{said}");
    let pr = keylabel::project::Project::open(&p, None).unwrap();
    let it = pr
        .store
        .items_page(Default::default(), 0, 1)
        .unwrap()
        .remove(0);
    assert!(pr.field_file(&it, "../clips/b.wav").is_file());
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;

    /// The title over the clip Space plays, however the playback went (no device in CI).
    fn current(h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>) -> String {
        let titles = ["[1] audio_a", "[2] audio_b", "audio_filepath"];
        let on: Vec<&str> = titles
            .into_iter()
            .filter(|t| h.query_by_label_contains(&format!("{t} · ")).is_some())
            .collect();
        assert!(on.len() <= 1, "{on:?}");
        on.first().map(|s| s.to_string()).unwrap_or_default()
    }

    /// The records (one clip missing when `missing`) made into a project and opened, their
    /// first clips read.
    fn opened(
        t: &Path,
        missing: bool,
    ) -> egui_kittest::Harness<'static, keylabel::ui::KeylabelApp> {
        let items = records(t, missing);
        let p = t.join("p");
        ok(&[&"init", &p, &"--media", &items, &"--config", &task()]);
        let mut h = harness(&p);
        wait_loaded(&mut h);
        h
    }

    #[test]
    fn the_clips_get_players_and_the_keys_move_between_them() {
        let t = tempfile::tempdir().unwrap();
        let mut h = opened(t.path(), true);
        // Players in place of the paths; the first clip is the one Space plays.
        assert!(h.query_by_label("../clips/a.wav").is_some());
        assert!(h.query_by_label("0.0 / 2.0 s").is_some());
        assert!(h.query_by_label("0.0 / 3.0 s").is_some());
        assert_eq!(current(&h), "[1] audio_a");
        assert!(
            h.query_by_label("word diff (T)").is_none(),
            "no words to diff"
        );
        // → seeks the current clip by 2 s (to its end here); Shift+Space plays the next one
        // from its start.
        key(&mut h, Key::ArrowRight);
        h.run_steps(2);
        assert!(h.query_by_label("2.0 / 2.0 s").is_some());
        key_mod(&mut h, Modifiers::SHIFT, Key::Space);
        h.run_steps(2);
        assert_eq!(current(&h), "[2] audio_b");
        key_mod(&mut h, Modifiers::SHIFT, Key::Space);
        h.run_steps(2);
        assert_eq!(current(&h), "[1] audio_a", "after the last, the first");
        // A pick frames the reading and says so; playback stops at the next item, whose
        // first clip is then the current one.
        key(&mut h, Key::Num2);
        h.run_steps(2);
        assert!(
            h.query_by_label_contains("[2] audio_b · preferred")
                .is_some()
        );
        key(&mut h, Key::D);
        wait_loaded(&mut h);
        assert!(!work(&h).audio.playing);
        assert_eq!(current(&h), "[1] audio_a");
        // A clip not on disk says so in its place, the other one plays.
        assert!(
            h.query_by_label_contains("This clip cannot be played")
                .is_some()
        );
        assert!(h.query_by_label("0.0 / 3.0 s").is_some());
        // The keys' overlay lists the clip keys for this task.
        key(&mut h, Key::F1);
        h.run_steps(2);
        assert!(
            h.query_by_label_contains("play the next one from its start")
                .is_some()
        );
    }

    #[test]
    fn a_click_on_a_waveform_makes_its_clip_current_there() {
        let t = tempfile::tempdir().unwrap();
        let mut h = opened(t.path(), false);
        // The second waveform: right of the "0.0 / 2.0 s" label's row, under audio_b's title.
        let time = h.get_by_label("0.0 / 3.0 s").rect();
        let at = egui::pos2(time.left() - 60.0, time.center().y);
        click(&mut h, at);
        h.run_steps(2);
        assert_eq!(current(&h), "[2] audio_b");
        assert!(
            work(&h).audio.position_s > 2.0,
            "{}",
            work(&h).audio.position_s
        );
    }

    #[test]
    fn a_speech_manifest_opens_with_its_text_task_and_a_player() {
        let t = tempfile::tempdir().unwrap();
        let items = manifest(t.path());
        let mut h = app_harness(app_opening(&items));
        assert!(h.query_by_label("Use it (Enter)").is_some());
        key(&mut h, Key::Enter);
        wait_ready(&mut h);
        wait_loaded(&mut h);
        assert_eq!(current(&h), "audio_filepath");
        assert!(h.query_by_label("hello").is_some());
        assert!(h.query_by_label("0.0 / 1.0 s").is_some());
    }
}
