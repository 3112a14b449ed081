//! Clips a text record's fields name (a TTS comparison's two readings of one sentence, the
//! recording a transcript is checked against), each with a player where its path would be:
//! the waveform, the playhead, a click seeks. Space plays the current clip (the record's
//! first when it opens), Shift+Space the next one from its start — A, then B, then A again —
//! and ←/→ seek. One clip plays at a time; playback stops when the item changes. The
//! waveforms are read on workers, the next items' ahead of time.

use super::work::Work;
use crate::core::Item;
use crate::io::pictures::clip_ref;
use egui::{Color32, RichText, Sense, Stroke, pos2, vec2};
use std::path::{Path, PathBuf};

/// Waveform height in points: enough to see where the speech is, little of the view.
const HEIGHT: f32 = 96.0;

#[derive(Default)]
pub struct FieldClips {
    /// The item whose clips (and its neighbours') were last asked for.
    asked_for: Option<i64>,
    /// Some record named a clip: from then on finished reads are taken every frame.
    seen: bool,
}

/// A clip's key among the player's clips: from its file (a clip many records name is read
/// once), negative so it is never an audio item's id.
fn key(path: &Path) -> i64 {
    -(((super::field_images::key(path) as u64) >> 1) as i64) - 1
}

/// The clips an item's fields name, in reading order, where they are on disk.
fn clips(w: &Work, item: &Item) -> Vec<(i64, PathBuf)> {
    let cfg = &w.session.project.config;
    let mut out: Vec<(i64, PathBuf)> = Vec::new();
    for f in super::text_task::reading_order(cfg, item) {
        let Some(rel) = item.data.get(&f).and_then(clip_ref) else {
            continue;
        };
        let p = w.session.project.field_file(item, rel);
        let k = key(&p);
        if !out.iter().any(|(x, _)| *x == k) {
            out.push((k, p));
        }
    }
    out
}

/// Takes the finished reads; on a new item stops the playback, makes its first clip the one
/// Space plays and asks for its clips' waveforms, then the next two items' and the previous
/// one's. Records that name no clip never start a worker.
pub fn prefetch(w: &mut Work, ctx: &egui::Context) {
    if w.field_clips.seen {
        w.audio.want(ctx, &[]);
    }
    let Some(item) = w.session.item.clone() else {
        return;
    };
    if w.field_clips.asked_for == Some(item.id) {
        return;
    }
    w.field_clips.asked_for = Some(item.id);
    w.audio.leave();
    let mine = clips(w, &item);
    if mine.is_empty() && !w.field_clips.seen {
        return;
    }
    w.field_clips.seen = true;
    if let Some((k, p)) = mine.first() {
        w.audio.choose(*k, p);
    }
    let mut wanted: Vec<(i64, PathBuf)> = Vec::new();
    for it in w.neighbour_items() {
        for (k, p) in clips(w, &it) {
            if !wanted.iter().any(|(x, _)| *x == k) {
                wanted.push((k, p));
            }
        }
    }
    w.audio.want(ctx, &wanted);
}

/// The records moved with their clips and point at the new place: the clips are asked for
/// again.
pub fn forget_failed(w: &mut Work) {
    w.field_clips.asked_for = None;
}

/// True when the item on screen names a clip (records are alike: so do the others).
pub fn names_clips(w: &Work) -> bool {
    (w.session.item.as_ref()).is_some_and(|i| i.data.values().any(|v| clip_ref(v).is_some()))
}

/// True while a clip of the item is still being read.
pub fn loading(w: &Work, item: &Item) -> bool {
    (clips(w, item).iter()).any(|(k, _)| w.audio.envelope_of(*k).is_none())
}

/// True when the item on screen has a clip to play: Space, Shift+Space and ←/→ are its.
pub fn has_clips(w: &Work) -> bool {
    w.session.project.config.task.media == crate::core::MediaKind::Text
        && w.audio.current().is_some_and(|k| k < 0)
}

/// Shift+Space: the clip after the current one (the first after the last) plays from its
/// start.
pub fn play_next(w: &mut Work) {
    if !has_clips(w) {
        return;
    }
    let Some(item) = w.session.item.clone() else {
        return;
    };
    let all = clips(w, &item);
    let at = (all.iter()).position(|(k, _)| Some(*k) == w.audio.current());
    let Some((k, p)) = all.get(at.map_or(0, |i| (i + 1) % all.len())) else {
        return;
    };
    if Some(*k) == w.audio.current() {
        // The only clip: from its start again.
        w.audio.seek_to(0.0);
        if !w.audio.playing {
            w.audio.toggle_play();
        }
        return;
    }
    w.audio.choose(*k, p);
    w.audio.toggle_play();
}

/// A field that names a clip: its title, then the player. `chosen` frames it (the response
/// preferred). Returns false when the value is not a clip's path, for the caller to show it
/// as text.
pub fn block(
    ui: &mut egui::Ui,
    w: &mut Work,
    title: &str,
    item: &Item,
    value: &serde_json::Value,
    chosen: bool,
) -> bool {
    let Some(rel) = clip_ref(value) else {
        return false;
    };
    let path = w.session.project.field_file(item, rel);
    let k = key(&path);
    let current = w.audio.current() == Some(k);
    let hint = match (current, w.audio.playing) {
        (true, true) => " · playing",
        (true, false) => " · Space plays",
        _ => "",
    };
    ui.label(RichText::new(format!("{title}{hint}")).small().weak());
    let stroke = if chosen {
        Stroke::new(2.0, ui.visuals().selection.stroke.color)
    } else {
        Stroke::NONE
    };
    egui::Frame::new()
        .stroke(stroke)
        .inner_margin(2.0)
        .show(ui, |ui| match w.audio.envelope_of(k) {
            None => {
                ui.label(RichText::new(format!("reading {rel}…")).weak());
            }
            Some(Err(m)) => {
                ui.label(format!("This clip cannot be played: {m}"));
                ui.label(RichText::new(path.display().to_string()).small().weak());
                if !path.exists() {
                    super::relocate::offer_named(ui, w, item, rel);
                }
            }
            Some(Ok(env)) => player(ui, w, (k, &path), &env, current),
        });
    if current && let Some(m) = &w.audio.no_device {
        ui.colored_label(super::palette::caution(ui.visuals()), m);
    }
    ui.label(RichText::new(rel).small().weak());
    true
}

/// The play button, the waveform with the playhead (a click moves it there), the time.
fn player(
    ui: &mut egui::Ui,
    w: &mut Work,
    (k, path): (i64, &Path),
    env: &crate::io::audio::Envelope,
    current: bool,
) {
    let dur = env.duration_s.max(1e-3);
    let ctx = ui.ctx().clone();
    if current {
        w.audio.keep_playing(&ctx, dur);
    }
    let playing = current && w.audio.playing;
    let at = if current {
        w.audio.current_position()
    } else {
        0.0
    };
    ui.horizontal(|ui| {
        // "Pause" in words: the fonts have no pause sign.
        // One width for both, so the waveforms side by side line up.
        let label = if playing { "Pause" } else { "▶" };
        let button = ui.add_sized([48.0, 22.0], egui::Button::new(label));
        let button = button.on_hover_text(if playing {
            "pause (Space)"
        } else {
            "play (Space plays the current clip, Shift+Space the next)"
        });
        if button.clicked() {
            if !current {
                w.audio.choose(k, path);
            }
            w.audio.toggle_play();
        }
        let width = (ui.available_width() - 90.0).max(60.0);
        let (rect, resp) = ui.allocate_exact_size(vec2(width, HEIGHT), Sense::click());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 2.0, Color32::from_gray(22));
        let col = if current {
            Color32::from_rgb(90, 170, 230)
        } else {
            Color32::from_rgb(70, 110, 140)
        };
        super::waveform::waveform(&painter, rect, env, (0.0, dur), col);
        if current {
            let x = rect.left() + (at / dur) as f32 * rect.width();
            painter.line_segment(
                [pos2(x, rect.top()), pos2(x, rect.bottom())],
                Stroke::new(2.0, Color32::WHITE),
            );
        }
        if let Some(p) = resp.interact_pointer_pos().filter(|_| resp.clicked()) {
            if !current {
                w.audio.choose(k, path);
            }
            let t = f64::from((p.x - rect.left()) / rect.width()) * dur;
            w.audio.seek_to(t.clamp(0.0, dur));
        }
        ui.label(
            RichText::new(format!("{at:.1} / {dur:.1} s"))
                .monospace()
                .small(),
        );
    });
}
