//! Audio flows in the real app with egui_kittest: segments by dragging, relabel, adjust,
//! delete, undo; transcript validation; playback with no device says so and goes on.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::core::Status;
use keylabel::project::{InitOptions, Project};
use keylabel::ui::KeylabelApp;
use std::path::Path;

fn preset(dir: &Path, name: &str) -> std::path::PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(name);
    let p = dir.join(name);
    Project::init(
        &p,
        &InitOptions {
            media: base.join("manifest.jsonl"),
            config: Some(base.join("task.toml")),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    p
}

fn segments(h: &Harness<'_, KeylabelApp>) -> Vec<keylabel::core::Segment> {
    stored(h).segments
}

#[test]
fn segments_draw_relabel_adjust_delete_undo() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&preset(t.path(), "audio-segments"));
    let (a, b) = (waveform_at(&h, 0.5), waveform_at(&h, 1.5));
    drag(&mut h, a, b);
    let s = segments(&h);
    assert_eq!(s.len(), 1, "a dragged segment is saved");
    assert_eq!(s[0].label, "speech");
    assert!(
        (s[0].start_s - 0.5).abs() < 0.02 && (s[0].end_s - 1.5).abs() < 0.02,
        "{s:?}"
    );

    // Naming the next segment leaves the one just drawn alone; a click picks it to rename.
    h.key_press(Key::Num2);
    h.run_steps(1);
    assert_eq!(segments(&h)[0].label, "speech");
    // Tab walks the segments (this task has no questions to walk).
    assert_eq!(work(&h).session.selected, None);
    h.key_press(Key::Tab);
    h.run_steps(1);
    assert_eq!(work(&h).session.selected, Some(0));
    let inside = waveform_at(&h, 1.0);
    click(&mut h, inside);
    h.key_press(Key::Num3);
    h.run_steps(1);
    assert_eq!(
        segments(&h)[0].label,
        "noise",
        "number key relabels the selected segment"
    );

    // Drag its end edge out to 2.0 s.
    let (e, to) = (waveform_at(&h, 1.5), waveform_at(&h, 2.0));
    drag(&mut h, e, to);
    let s = segments(&h);
    assert!(
        (s[0].end_s - 2.0).abs() < 0.02 && (s[0].start_s - 0.5).abs() < 0.02,
        "adjusted: {s:?}"
    );

    h.key_press(Key::Delete);
    h.run_steps(1);
    assert!(segments(&h).is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(segments(&h).len(), 1, "undo brings it back");

    // Space with no output device (CI has none) or with one: it never stops the work.
    h.key_press(Key::Space);
    h.run_steps(2);
    h.key_press(Key::Space);
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(1);
    assert_eq!(work(&h).session.pos, 1);
}

#[test]
fn the_view_menu_puts_a_spectrogram_under_the_waveform_and_segments_are_drawn_across_it() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&preset(t.path(), "audio-segments"));
    let before = work(&h).audio.last_view.unwrap().0;
    assert!(
        h.query_by_label_contains("View menu: spectrogram")
            .is_some()
    );
    assert_eq!(
        work(&h).audio.spectrogram.made(),
        (None, 0),
        "none until asked for"
    );
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Spectrogram under the waveform").click();
    h.run_steps(2);
    assert!(keylabel::ui::view_prefs::spectrogram(&h.ctx));
    let view = work(&h).audio.last_view.unwrap().0;
    assert!(view.height() > before.height() + 50.0, "{view:?}");
    let first = work(&h).session.item.as_ref().unwrap().id;
    // A 3 s clip is 300 columns: one texture, made when shown.
    assert_eq!(work(&h).audio.spectrogram.made(), (Some(first), 1));
    assert!(
        h.query_by_label_contains("View menu: spectrogram")
            .is_none()
    );
    // A drag across the spectrogram makes a segment, as on the waveform.
    let (a, b) = (waveform_at(&h, 0.5), waveform_at(&h, 1.5));
    assert!(
        a.y > view.top() + 0.4 * view.height(),
        "over the spectrogram"
    );
    // The pointer there reads out the time, the pitch and how loud it is; over the
    // waveform, the time alone.
    h.event(egui::Event::PointerMoved(a));
    h.run_steps(2);
    let readout = h
        .query_by_label_contains(" Hz · ")
        .map(|n| format!("{n:?}"));
    assert!(
        readout
            .as_ref()
            .is_some_and(|r| r.contains(" s · ") && r.contains(" dB")),
        "{readout:?}"
    );
    h.event(egui::Event::PointerMoved(egui::pos2(
        a.x,
        view.top() + 10.0,
    )));
    h.run_steps(2);
    assert!(h.query_by_label_contains(" Hz · ").is_none());
    let time = (h.query_all_by_label_contains(" s"))
        .filter_map(|n| n.value())
        .find_map(|l| l.strip_suffix(" s")?.parse::<f64>().ok());
    assert!(time.is_some_and(|t| (t - 0.5).abs() < 0.02), "{time:?}");
    drag(&mut h, a, b);
    assert_eq!(segments(&h).len(), 1);
    // The next clip shows its own.
    h.key_press(Key::D);
    wait_loaded(&mut h);
    h.run_steps(2);
    let next = work(&h).session.item.as_ref().unwrap().id;
    assert_ne!(next, first);
    assert_eq!(work(&h).audio.spectrogram.made(), (Some(next), 1));
}

/// A segments project of one 3 s clip at 16 kHz: near silence, with a 200 Hz tone (a
/// "word") over each of `words` (seconds).
fn words_project(dir: &Path, words: &[(f32, f32)]) -> std::path::PathBuf {
    clip_project(dir, 16_000, 3, words)
}

/// [`words_project`] with a clip `secs` long at `rate`.
fn clip_project(dir: &Path, rate: u32, secs: u32, words: &[(f32, f32)]) -> std::path::PathBuf {
    let clips = dir.join("clips");
    std::fs::create_dir_all(&clips).unwrap();
    let samples: Vec<f32> = (0..rate * secs)
        .map(|i| {
            let t = i as f32 / rate as f32;
            if words.iter().any(|(a, b)| (*a..*b).contains(&t)) {
                0.5 * (std::f32::consts::TAU * 200.0 * t).sin()
            } else {
                0.001 * (i % 7) as f32 / 7.0
            }
        })
        .collect();
    keylabel::io::audio::write_wav(&clips.join("word.wav"), rate, &samples).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/audio-segments");
    let p = dir.join("p");
    Project::init(
        &p,
        &InitOptions {
            media: clips,
            config: Some(base.join("task.toml")),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    p
}

#[test]
fn shift_t_fits_a_segment_to_its_sound_trimming_silence_and_taking_in_a_cut_word() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&words_project(t.path(), &[(0.5, 1.5)]));
    let fitted = |h: &Harness<'_, KeylabelApp>| {
        let s = &segments(h)[0];
        let pad = keylabel::core::segments::FIT_PAD_S;
        (s.start_s - (0.5 - pad)).abs() < 0.02 && (s.end_s - (1.5 + pad)).abs() < 0.02
    };
    // Nothing picked: it says how.
    key_mod(&mut h, Modifiers::SHIFT, Key::T);
    assert!(
        work(&h).message.contains("select a segment"),
        "{}",
        work(&h).message
    );
    // Loose around the word: trimmed to it, with a little kept either side.
    let (a, b) = (waveform_at(&h, 0.2), waveform_at(&h, 2.4));
    drag(&mut h, a, b);
    key_mod(&mut h, Modifiers::SHIFT, Key::T);
    assert!(fitted(&h), "{:?}", segments(&h));
    assert!(
        work(&h).message.contains("fitted to its sound"),
        "{}",
        work(&h).message
    );
    key_mod(&mut h, Modifiers::SHIFT, Key::T);
    assert!(
        work(&h).message.contains("already fits"),
        "{}",
        work(&h).message
    );
    // Undo, then cut it inside the word at both ends: pushed out to the word's edges.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!fitted(&h));
    h.key_press(Key::Delete);
    h.run_steps(1);
    let (a, b) = (waveform_at(&h, 0.8), waveform_at(&h, 1.2));
    drag(&mut h, a, b);
    key_mod(&mut h, Modifiers::SHIFT, Key::T);
    assert!(fitted(&h), "{:?}", segments(&h));
    // A segment over silence alone is left as it is, with the reason.
    let (a, b) = (waveform_at(&h, 2.0), waveform_at(&h, 2.8));
    drag(&mut h, a, b);
    key_mod(&mut h, Modifiers::SHIFT, Key::T);
    assert!(
        work(&h).message.contains("no sound"),
        "{}",
        work(&h).message
    );
    assert_eq!(segments(&h).len(), 2);
}

#[test]
fn ctrl_shift_t_or_fit_all_fits_every_segment_in_one_undo_step() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&words_project(t.path(), &[(0.4, 1.2), (1.6, 2.4)]));
    let pad = keylabel::core::segments::FIT_PAD_S;
    let want = [(0.4 - pad, 1.2 + pad), (1.6 - pad, 2.4 + pad)];
    let fitted = |h: &Harness<'_, KeylabelApp>| {
        let s = segments(h);
        s.len() == 2
            && (s.iter().zip(want))
                .all(|(s, w)| (s.start_s - w.0).abs() < 0.02 && (s.end_s - w.1).abs() < 0.02)
    };
    // Two loose segments, the first cutting its word off, the second wide of it.
    for (a, b) in [(0.2, 0.9), (1.4, 2.9)] {
        let (a, b) = (waveform_at(&h, a), waveform_at(&h, b));
        drag(&mut h, a, b);
    }
    h.key_press(Key::Escape);
    h.run_steps(1);
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    assert!(fitted(&h), "{:?}", segments(&h));
    assert!(
        work(&h).message.contains("2 of 2 segments fitted"),
        "{}",
        work(&h).message
    );
    // One undo step takes both back; the panel's button does it again.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    let s = segments(&h);
    assert!(
        (s[0].end_s - 0.9).abs() < 0.02 && (s[1].end_s - 2.9).abs() < 0.02,
        "{s:?}"
    );
    h.get_by_label("fit all").click();
    h.run_steps(2);
    assert!(fitted(&h), "{:?}", segments(&h));
    assert_eq!(work(&h).session.annotation.segments, segments(&h), "saved");
}

#[test]
fn zoomed_in_on_a_long_clip_the_spectrogram_in_view_is_worked_out_again_in_detail() {
    let t = tempfile::tempdir().unwrap();
    // 20 minutes at 1 kHz: the whole clip's spectrogram has 20 ms columns.
    let mut h = audio_harness(&clip_project(t.path(), 1000, 1200, &[(600.0, 601.0)]));
    keylabel::ui::view_prefs::set_spectrogram(&h.ctx, true);
    h.run_steps(2);
    let id = work(&h).session.item.as_ref().unwrap().id;
    assert_eq!(
        work(&h).audio.detail.shown(),
        None,
        "the whole clip in view"
    );
    {
        let a = &mut h.state_mut().work_mut().unwrap().audio;
        a.span_s = Some(10.0);
        a.start_s = 595.0;
    }
    for _ in 0..500_000 {
        if work(&h).audio.detail.shown().is_some() {
            break;
        }
        h.step();
    }
    h.run_steps(2);
    let (of, from, to) = work(&h).audio.detail.shown().expect("a detail");
    assert_eq!(of, id);
    assert!(from <= 595.0 && to >= 605.0, "{from}–{to}");
    let a = &work(&h).audio;
    assert!(
        a.detail
            .at(id, 600.5)
            .is_some_and(|s| (s.hop_s - 0.01).abs() < 1e-9)
    );
    // 30 s of 10 ms columns in 6 textures of 512: the 3 under the view made.
    assert_eq!(a.detail.tiles_made(), 3);
    // The pointer over it reads the detail: the tone at 600.5 s, silence before it.
    let view = a.last_view.unwrap().0;
    let y = view.bottom() - 0.4 * 0.6 * view.height(); // 200 Hz of 500, on the lower 60%
    for (t, loud) in [(600.5, true), (599.0, false)] {
        let x = waveform_at(&h, t).x;
        h.event(egui::Event::PointerMoved(egui::pos2(x, y)));
        h.run_steps(2);
        let db = (h.query_all_by_label_contains(" dB"))
            .filter_map(|n| n.value())
            .find_map(|l| {
                l.strip_suffix(" dB")?
                    .rsplit(' ')
                    .next()?
                    .parse::<f32>()
                    .ok()
            });
        assert_eq!(db.is_some_and(|d| d > -20.0), loud, "{t} s: {db:?}");
    }
}

#[test]
fn transcript_validation_accept_or_fix() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&preset(t.path(), "speech-transcription"));
    let first = work(&h).session.item.as_ref().unwrap().id;
    // No segments in this task: the waveform does not offer to draw them.
    assert!(
        h.query_by_label("click: seek · wheel: zoom in time · View menu: spectrogram")
            .is_some()
    );
    // The list names a clip from the manifest's folder without the "../" that gets there.
    assert!(
        h.query_by_label(&format!("{:>6}  audio/clip1.wav", 1))
            .is_some()
    );
    // Tab into the transcript: Ctrl+P plays the clip (or says there is no device) without
    // leaving the text, and types nothing.
    h.key_press(Key::Tab);
    h.run_steps(1);
    assert!(h.ctx.text_edit_focused());
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    for _ in 0..100_000 {
        let a = &work(&h).audio;
        if a.playing || a.no_device.is_some() {
            break;
        }
        h.step();
    }
    let a = &work(&h).audio;
    assert!(
        a.playing || a.no_device.is_some(),
        "Ctrl+P started the clip"
    );
    assert!(h.ctx.text_edit_focused(), "still typing");
    if a.playing {
        h.key_press_modifiers(Modifiers::COMMAND, Key::P);
        h.run_steps(1);
        assert!(!work(&h).audio.playing);
    }
    h.key_press(Key::Escape);
    h.run_steps(1);
    assert!(
        work(&h)
            .session
            .annotation
            .fields
            .get("transcript")
            .is_none(),
        "nothing typed"
    );
    // One line: Enter leaves the field, no line break typed, nothing submitted.
    h.key_press(Key::Tab);
    h.run_steps(1);
    h.event(egui::Event::Text("!".into()));
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(!h.ctx.text_edit_focused(), "Enter left the field");
    let typed = work(&h).session.annotation.fields["transcript"].clone();
    assert_eq!(typed, "the quick brown fox jumps over the lazy dog!");
    assert_eq!(
        work(&h).session.item.as_ref().unwrap().id,
        first,
        "not submitted"
    );
    assert_eq!(
        work(&h).session.active_control,
        1,
        "the verdict takes the keys"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    // Accept as it is: verdict 1 (correct), Enter.
    h.key_press(Key::Num1);
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
    let s = &work(&h).session;
    let f = s
        .project
        .store
        .annotation(first, "ana")
        .unwrap()
        .unwrap()
        .fields;
    assert_eq!(f["verdict"], "correct");
    assert_eq!(
        f["transcript"],
        "the quick brown fox jumps over the lazy dog"
    );
    assert_eq!(
        s.project.store.item(first).unwrap().status,
        Status::Submitted
    );

    // Fix the second one: "ring" → "bring" by typing at the end, verdict 2 (fixed).
    let second = s.item.as_ref().unwrap().id;
    wait_loaded(&mut h);
    h.key_press(Key::Tab);
    h.run_steps(1);
    h.event(egui::Event::Text(" (fixed)".into()));
    h.run_steps(1);
    h.key_press(Key::Escape);
    h.run_steps(1);
    h.key_press(Key::Num2);
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(1);
    let s = &work(&h).session;
    let f = s
        .project
        .store
        .annotation(second, "ana")
        .unwrap()
        .unwrap()
        .fields;
    assert_eq!(f["verdict"], "fixed");
    assert!(
        f["transcript"]
            .as_str()
            .unwrap()
            .ends_with("these things (fixed)"),
        "{f:?}"
    );
    assert_eq!(
        s.project.store.item(second).unwrap().status,
        Status::Submitted
    );
}

#[test]
fn m_marks_a_segment_at_the_playhead_while_listening() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&preset(t.path(), "audio-segments"));
    key(&mut h, Key::Num2); // the next segment's label
    // M at 0 s, the playhead moved on 2 s (as playing would), M again: one segment.
    key(&mut h, Key::M);
    assert_eq!(work(&h).audio.mark, Some(0.0));
    assert!(segments(&h).is_empty(), "nothing saved until it ends");
    key(&mut h, Key::ArrowRight);
    key(&mut h, Key::M);
    let s = segments(&h);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!((s[0].start_s, s[0].end_s), (0.0, 2.0));
    assert_eq!(s[0].label, "silence");
    assert_eq!(work(&h).audio.mark, None);
    // The same spot twice is no segment; undo takes the marked one back like any other.
    key(&mut h, Key::M);
    key(&mut h, Key::M);
    assert_eq!(segments(&h).len(), 1);
    assert!(work(&h).message.contains("dropped"), "{}", work(&h).message);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(segments(&h).is_empty());
    // The shortcuts overlay says what the keys do on a clip, M among them.
    key(&mut h, Key::F1);
    h.run_steps(1);
    for row in [
        "seek 2 s back / on",
        "delete the selected segment",
        "audio: start a segment at the playhead; again: end it there (current label)",
    ] {
        assert!(h.query_by_label(row).is_some(), "{row}");
    }
    assert!(h.query_by_label("delete selected box").is_none());
}

#[test]
fn a_slipped_click_on_the_waveform_seeks_and_makes_no_segment() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&preset(t.path(), "audio-segments"));
    // Pressed at 1 s, swept 12 points on, let go 2 points from where it began.
    let a = waveform_at(&h, 1.0);
    h.event(egui::Event::PointerMoved(a));
    h.run_steps(1);
    let button = |pressed, pos| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    h.event(button(true, a));
    h.run_steps(1);
    h.event(egui::Event::PointerMoved(a + egui::vec2(12.0, 0.0)));
    h.run_steps(1);
    h.event(egui::Event::PointerMoved(a + egui::vec2(2.0, 0.0)));
    h.run_steps(1);
    h.event(button(false, a + egui::vec2(2.0, 0.0)));
    h.run_steps(2);
    assert!(segments(&h).is_empty(), "{:?}", segments(&h));
    let p = work(&h).audio.current_position();
    assert!((p - 1.0).abs() < 0.05, "it seeked there: {p}");
}

#[test]
fn zoomed_in_time_the_view_follows_the_playhead() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&preset(t.path(), "audio-segments"));
    // One second of the 3.3 s clip in view, from 0 s.
    {
        let a = &mut h.state_mut().work_mut().unwrap().audio;
        a.span_s = Some(1.0);
        a.start_s = 0.0;
    }
    h.run_steps(1);
    key(&mut h, Key::ArrowRight); // the playhead to 2 s, off the view's right edge
    h.run_steps(1);
    let a = &work(&h).audio;
    assert!(
        a.start_s <= 2.0 && 2.0 <= a.start_s + 1.0,
        "the view turned to the playhead: from {} s",
        a.start_s
    );
    // Looking elsewhere while paused is left alone.
    h.state_mut().work_mut().unwrap().audio.start_s = 0.0;
    h.run_steps(2);
    assert_eq!(work(&h).audio.start_s, 0.0);
}

#[test]
fn plus_minus_and_ctrl_f_zoom_in_time_around_the_playhead() {
    let t = tempfile::tempdir().unwrap();
    let mut h = audio_harness(&preset(t.path(), "audio-segments"));
    // The clip's length as its item says (as the keys read it).
    let dur = work(&h).session.item.as_ref().unwrap().duration_ms.unwrap() as f64 / 1000.0;
    key(&mut h, Key::ArrowRight); // the playhead to 2 s, in the middle of the view
    key(&mut h, Key::Equals);
    let a = &work(&h).audio;
    assert_eq!(a.span_s, Some(dur / 2.0));
    // 2 s was at 2/dur of the view; it stays there.
    let at = |a: &keylabel::ui::audio::AudioView| (2.0 - a.start_s) / a.span_s.unwrap_or(dur);
    assert!((at(a) - 2.0 / dur).abs() < 1e-6, "{}", a.start_s);
    key(&mut h, Key::Plus);
    assert_eq!(work(&h).audio.span_s, Some(dur / 4.0));
    key(&mut h, Key::Minus);
    assert_eq!(work(&h).audio.span_s, Some(dur / 2.0));
    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    assert_eq!((work(&h).audio.span_s, work(&h).audio.start_s), (None, 0.0));
    key(&mut h, Key::Minus);
    assert_eq!(
        work(&h).audio.span_s,
        None,
        "no further out than the whole clip"
    );
}
