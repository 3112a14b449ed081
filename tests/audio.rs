//! Audio items: decoding several formats, manifests in and out, bad input, and the
//! segment and transcript flows in the real app.

mod common;
use common::*;
use keylabel::io::audio::{duration_ms, envelope, write_wav};
use std::path::Path;

fn sample(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(p)
}

#[test]
fn tones_decode_in_every_format() {
    for ext in ["wav", "flac", "ogg", "mp3"] {
        let p = sample(&format!("audio/tones/tone.{ext}"));
        let d = duration_ms(&p).unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert!((950..=1100).contains(&d), "{ext}: {d} ms");
        let e = envelope(&p).unwrap();
        // A 0.5-amplitude sine: peaks near ±0.5 once the codec has settled.
        let mid = e.max.len() / 2;
        assert!((e.max[mid] - 0.5).abs() < 0.08, "{ext}: max {}", e.max[mid]);
        assert!((e.min[mid] + 0.5).abs() < 0.08, "{ext}: min {}", e.min[mid]);
    }
}

#[test]
fn an_audio_folder_becomes_audio_items_and_bad_clips_are_named() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("clips");
    std::fs::create_dir_all(&dir).unwrap();
    for ext in ["wav", "flac", "ogg", "mp3"] {
        std::fs::copy(
            sample(&format!("audio/tones/tone.{ext}")),
            dir.join(format!("tone.{ext}")),
        )
        .unwrap();
    }
    std::fs::write(dir.join("empty.wav"), b"").unwrap();
    std::fs::write(dir.join("text.mp3"), b"not audio at all").unwrap();
    let p = t.path().join("p");
    let o = keylabel(&[&"init", &p, &"--media", &dir, &"--labels", &"speech,noise"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("empty.wav: empty file"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("text.mp3"), "{}", stderr(&o));
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter()
            .all(|r| r["kind"] == "audio" && r["segments"] == serde_json::json!([]))
    );
}

#[test]
fn a_nemo_manifest_round_trips_and_bad_lines_are_reported() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    ok(&[
        &"init",
        &p,
        &"--media",
        &sample("speech-transcription/manifest.jsonl"),
        &"--template",
        &"speech-transcription",
    ]);
    let nemo = t.path().join("out.nemo.jsonl");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"nemo",
        &"--out",
        &nemo,
        &"--status",
        &"all",
    ]);
    let rows = read_jsonl(&nemo);
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0]["text"],
        "the quick brown fox jumps over the lazy dog"
    );
    assert_eq!(rows[0]["duration"], 3.287);
    let clip = rows[0]["audio_filepath"].as_str().unwrap();
    assert!(Path::new(clip).is_file());
    assert!(
        !clip.starts_with(r"\\?\"),
        "a path as people write it: {clip}"
    );

    // The exported manifest is itself importable and exports the same lines.
    let q = t.path().join("q");
    ok(&[
        &"init",
        &q,
        &"--media",
        &nemo,
        &"--template",
        &"speech-transcription",
    ]);
    let again = t.path().join("again.jsonl");
    ok(&[
        &"export",
        &q,
        &"--format",
        &"nemo",
        &"--out",
        &again,
        &"--status",
        &"all",
    ]);
    assert_eq!(read_jsonl(&again), rows);

    // Bad paths and durations are named with their lines; the good lines load.
    // A copy beside the manifest: its absolute path is a real one on every system (a
    // Windows build under Wine sees the source tree's path without a drive).
    let clip = t.path().join("clip1.wav");
    std::fs::copy(sample("audio/clip1.wav"), &clip).unwrap();
    let m = t.path().join("bad.jsonl");
    std::fs::write(
        &m,
        format!(
            "{{\"audio_filepath\": {c}, \"duration\": 3.3, \"text\": \"ok\"}}\n{{\"audio_filepath\": \"missing.wav\", \"duration\": 1}}\n{{\"audio_filepath\": {c}, \"duration\": \"soon\"}}\n",
            c = serde_json::Value::from(clip.to_string_lossy()) // a Windows path's \\ escaped
        ),
    )
    .unwrap();
    let r = t.path().join("r");
    let o = keylabel(&[
        &"init",
        &r,
        &"--media",
        &m,
        &"--template",
        &"speech-transcription",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("bad.jsonl:2: `audio_filepath`: audio file missing.wav not found"),
        "{err}"
    );
    assert!(
        err.contains("bad.jsonl:3: `duration` should be seconds"),
        "{err}"
    );
    let out = stdout(&o);
    assert!(
        out.contains("added 1 item") && !out.contains("1 items"),
        "{out}"
    );
}

#[test]
fn common_voice_tsv_finds_clips_in_their_folder() {
    let t = tempfile::tempdir().unwrap();
    let clips = t.path().join("clips");
    std::fs::create_dir_all(&clips).unwrap();
    write_wav(&clips.join("cv_1.wav"), 16_000, &vec![0.1; 16_000]).unwrap();
    write_wav(&clips.join("cv_2.wav"), 16_000, &vec![0.1; 8_000]).unwrap();
    let tsv = t.path().join("validated.tsv");
    std::fs::write(
        &tsv,
        "client_id\tpath\tsentence\nabc\tcv_1.wav\tHello there.\ndef\tcv_2.wav\tGood morning.\n",
    )
    .unwrap();
    let p = t.path().join("p");
    ok(&[
        &"init",
        &p,
        &"--media",
        &tsv,
        &"--template",
        &"speech-transcription",
    ]);
    let nemo = t.path().join("n.jsonl");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"nemo",
        &"--out",
        &nemo,
        &"--status",
        &"all",
    ]);
    let rows = read_jsonl(&nemo);
    assert_eq!(rows[1]["text"], "Good morning.");
    assert_eq!(rows[1]["duration"], 0.5);
}

/// Two annotators' answers on the sample transcripts and segments, merged into `p` the way
/// a team does (each one's JSONL export imported).
fn merge_answers(p: &Path, rows: &[serde_json::Value], answers: &[(&str, serde_json::Value)]) {
    for (who, answer) in answers {
        let lines: String = rows
            .iter()
            .take(1)
            .map(|r| {
                let mut r = r.clone();
                r["annotator"] = (*who).into();
                r["status"] = "submitted".into();
                for (k, v) in answer.as_object().unwrap() {
                    r[k] = v.clone();
                }
                format!("{r}\n")
            })
            .collect();
        let file = p.with_extension(format!("{who}.jsonl"));
        std::fs::write(&file, lines).unwrap();
        ok(&[&"import", &p, &file]);
    }
}

#[test]
fn stats_compare_transcripts_word_by_word_and_a_word_in_five_heard_otherwise_is_a_disagreement() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("asr");
    init_preset(&p, "speech-transcription", "manifest.jsonl");
    let rows = export_rows(&p, "all");
    merge_answers(
        &p,
        &rows,
        &[
            (
                "ana",
                serde_json::json!({"fields": {"transcript": "Turn left at the station.", "verdict": "fixed"}}),
            ),
            (
                "ben",
                serde_json::json!({"fields": {"transcript": "turn left at the nation", "verdict": "fixed"}}),
            ),
        ],
    );
    // The preset counts transcripts under 90% alike as a disagreement.
    let out = ok(&[&"stats", &p]);
    assert!(out.contains("with a disagreement: 1"), "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("words alike"))
        .unwrap_or_default();
    assert!(
        line.trim_start().starts_with("transcript")
            && line.contains("80.0% words alike over 1 pairs"),
        "{out}"
    );
    // And how often each kept the ASR's text word for word (the draft they started from).
    assert!(
        out.contains("transcript: drafts from `text` kept word for word"),
        "{out}"
    );
    assert!(
        out.contains("1 pair under 90% alike (disagreements)"),
        "{out}"
    );
    let j: serde_json::Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let q = &j["agreement"]["questions"][0];
    assert_eq!(
        (q["question"].as_str(), q["measure"].as_str()),
        (Some("transcript"), Some("words"))
    );
    assert_eq!(
        (q["disagree_below"].as_f64(), q["pairs_below"].as_u64()),
        (Some(0.9), Some(1))
    );

    // Without the threshold, words alone never make a disagreement.
    let config = p.join("keylabel.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("disagree_below = 0.9"), "{text}");
    std::fs::write(&config, text.replace("disagree_below = 0.9", "")).unwrap();
    let out = ok(&[&"stats", &p]);
    assert!(out.contains("with a disagreement: 0"), "{out}");
    assert!(!out.contains("under 90%"), "{out}");
}

#[test]
fn stats_compare_time_segments_by_their_overlap() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("vad");
    init_preset(&p, "audio-segments", "manifest.jsonl");
    let rows = export_rows(&p, "all");
    let segments = |end: f64| serde_json::json!({"segments": [{"label": "speech", "start_s": 0.2, "end_s": end}]});
    // ben's speech covers a fifth of ana's (IoU 0.2): another stretch of sound.
    merge_answers(&p, &rows, &[("ana", segments(1.2)), ("ben", segments(0.4))]);
    let out = ok(&[&"stats", &p]);
    assert!(out.contains("with a disagreement: 1"), "{out}");
    let line = line_starting(&out, "segments");
    assert!(line.contains("0.0% segment F1 over 1 pairs"), "{line}");
}

#[test]
fn a_transcribers_gold_score_is_how_alike_their_words_are_to_the_gold_transcript() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("asr");
    init_preset(&p, "speech-transcription", "manifest.jsonl");
    let rows = export_rows(&p, "all");
    let answer = |who: &str, text: &str| {
        let mut r = rows[0].clone();
        r["annotator"] = who.into();
        r["status"] = "submitted".into();
        r["submitted_at"] = "2026-11-22T01:02:03Z".into();
        r["fields"] = serde_json::json!({"transcript": text, "verdict": "fixed"});
        format!("{r}\n")
    };
    let gold = t.path().join("gold.jsonl");
    std::fs::write(&gold, answer("lead", "turn left at the station")).unwrap();
    ok(&[&"import", &p, &gold, &"--gold"]);
    let work = t.path().join("ana.jsonl");
    std::fs::write(&work, answer("ana", "Turn left at the nation.")).unwrap();
    ok(&[&"import", &p, &work]);

    // The verdict is right and the words 80% alike, under the preset's 90%: not right on
    // gold, but 90% close.
    let stats = ok(&[&"stats", &p]);
    let ana = stats
        .lines()
        .find(|l| l.trim_start().starts_with("ana") && l.contains("close"))
        .unwrap_or_else(|| panic!("{stats}"));
    assert!(ana.ends_with(" 0/1 (0%), 90% close"), "{stats}");
    let j: serde_json::Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let by_question = &j["annotators"][0]["gold_by_question"];
    assert!(
        by_question
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["question"] == "transcript"
                && (q["score"].as_f64().unwrap() - 0.8).abs() < 1e-9),
        "{by_question}"
    );
}

#[test]
fn an_audio_project_exports_as_an_hf_audio_folder_with_its_answers() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("asr");
    init_preset(&p, "speech-transcription", "manifest.jsonl");
    let rows = export_rows(&p, "all");
    let fixed =
        serde_json::json!({"fields": {"transcript": "the quick brown fox", "verdict": "fixed"}});
    merge_answers(&p, &rows, &[("ana", fixed)]);
    let out = t.path().join("hf");
    let said = ok(&[&"export", &p, &"--format", &"audiofolder", &"--out", &out]);
    assert!(said.contains("1 item"), "{said}");
    let meta = read_jsonl(&out.join("train/metadata.jsonl"));
    assert_eq!(meta.len(), 1);
    // The clip linked beside its line, named as HF reads an audio column: `file_name`.
    assert_eq!(meta[0]["file_name"], "audio__clip1.wav");
    assert!(out.join("train/audio__clip1.wav").is_file());
    assert_eq!(meta[0]["transcript"], "the quick brown fox");
    assert_eq!(meta[0]["verdict"], "fixed");
    assert_eq!(meta[0]["annotator"], "ana");

    // Segments go as lists side by side, in seconds.
    let q = t.path().join("vad");
    init_preset(&q, "audio-segments", "manifest.jsonl");
    let rows = export_rows(&q, "all");
    let segments =
        serde_json::json!({"segments": [{"label": "speech", "start_s": 0.2, "end_s": 1.25}]});
    merge_answers(&q, &rows, &[("ana", segments)]);
    let out = t.path().join("hf-vad");
    ok(&[&"export", &q, &"--format", &"audiofolder", &"--out", &out]);
    let meta = read_jsonl(&out.join("train/metadata.jsonl"));
    assert_eq!(
        meta[0]["segments"],
        serde_json::json!({"start": [0.2], "end": [1.25], "label": ["speech"]})
    );
    // An image project is told which folder it exports as.
    let img = t.path().join("img");
    ok(&[
        &"init",
        &img,
        &"--media",
        &sample_images(),
        &"--labels",
        &"cat",
    ]);
    let o = keylabel(&[
        &"export",
        &img,
        &"--format",
        &"audiofolder",
        &"--out",
        &t.path().join("x"),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--format imagefolder"),
        "{}",
        stderr(&o)
    );
}
