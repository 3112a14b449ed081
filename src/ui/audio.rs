//! Audio items: the waveform (envelope computed on a worker), a playhead, click to seek,
//! zoom in time, segments drawn by dragging, and playback through the default output
//! device. With no device, the app says so once and everything else works.

use crate::core::Segment;
use crate::io::audio::{ClipStream, Envelope, envelope};
use crate::session::Action;
use egui::{Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// The share of the clip view the waveform takes over the spectrogram.
const SPLIT: f32 = 0.4;

/// Envelopes kept: the clip on screen and its neighbours (or the clips of the records on
/// screen and of their neighbours).
const CACHE: usize = 12;
/// Edge grab distance in points.
const EDGE: f32 = 6.0;
/// A new segment narrower than this on screen (points) was a slipped click: none is made.
const SLIP: f32 = 4.0;

enum Slot {
    Loading,
    Ready(Arc<Envelope>),
    Failed(String),
}

enum Done {
    Envelope(i64, Result<Envelope, String>),
    /// A clip opened for playback (streamed: one packet in memory at a time).
    Stream(i64, Result<ClipStream, String>),
}

#[derive(Debug, Clone)]
enum Drag {
    New {
        start_s: f64,
    },
    Edge {
        idx: usize,
        orig: Segment,
        start_edge: bool,
    },
}

pub struct AudioView {
    tx: Sender<Done>,
    rx: Receiver<Done>,
    envelopes: HashMap<i64, Slot>,
    order: Vec<i64>,
    /// The clip on screen, and whether a stream for it is being opened to play.
    path: Option<PathBuf>,
    opening: bool,
    output: Option<Output>,
    /// Said once: there is no output device.
    pub no_device: Option<String>,
    pub playing: bool,
    /// Where playback is or will start, seconds.
    pub position_s: f64,
    pub speed: f32,
    pub loop_segment: bool,
    /// A segment begun with M at this second of the clip shown, not yet ended.
    pub mark: Option<f64>,
    /// A seek by keys: the next frame brings the playhead into view.
    follow: bool,
    /// Seconds shown across the view; `None`: the whole clip.
    pub span_s: Option<f64>,
    pub start_s: f64,
    drag: Option<Drag>,
    item: Option<i64>,
    /// The waveform's rect and the time span it showed last frame (tests place the pointer
    /// with it).
    pub last_view: Option<(Rect, f64, f64)>,
    /// To wake the UI when a worker answers.
    ctx: Option<egui::Context>,
    /// Where playback was paused from a transcript being typed (Ctrl+P), while the playhead
    /// has not moved since.
    paused_typing_at: Option<f64>,
    pub spectrogram: super::waveform::SpectrogramTiles,
    /// Segments a speech model doubted (by index): marked "?".
    pub unsure: Vec<bool>,
    /// Zoomed in on a long clip: the part in view at full detail.
    pub detail: super::spectrogram_detail::SpectrogramDetail,
}

/// Seconds played again when playback resumes from a transcript: the words just before
/// the pause, so a transcriber hears where they are (a transcription machine's backstep).
pub const BACKSTEP_S: f64 = 1.0;

impl AudioView {
    /// Screen x of time `t` in the last frame's waveform.
    pub fn x_of(&self, t: f64) -> Option<Pos2> {
        let (r, start, span) = self.last_view?;
        Some(pos2(
            r.left() + ((t - start) / span) as f32 * r.width(),
            r.center().y,
        ))
    }
}

struct Output {
    // Kept alive: dropping it closes the device.
    _sink: rodio::MixerDeviceSink,
    player: rodio::Player,
}

impl AudioView {
    pub fn new() -> Self {
        let (tx, rx) = channel();
        AudioView {
            tx,
            rx,
            envelopes: HashMap::new(),
            order: Vec::new(),
            path: None,
            opening: false,
            output: None,
            no_device: None,
            playing: false,
            position_s: 0.0,
            speed: 1.0,
            loop_segment: false,
            mark: None,
            follow: false,
            span_s: None,
            start_s: 0.0,
            drag: None,
            item: None,
            last_view: None,
            ctx: None,
            paused_typing_at: None,
            spectrogram: Default::default(),
            detail: Default::default(),
            unsure: Vec::new(),
        }
    }

    /// Asks for the envelopes of these clips (the current first) on workers.
    pub fn want(&mut self, ctx: &egui::Context, items: &[(i64, PathBuf)]) {
        self.ctx = Some(ctx.clone());
        while let Ok(done) = self.rx.try_recv() {
            match done {
                Done::Envelope(id, r) => {
                    let slot = match r {
                        Ok(e) => Slot::Ready(Arc::new(e)),
                        Err(m) => Slot::Failed(m),
                    };
                    self.envelopes.insert(id, slot);
                }
                Done::Stream(id, r) => {
                    self.opening = false;
                    match r {
                        Ok(stream) if Some(id) == self.item => self.start(stream),
                        Ok(_) => {} // the annotator moved on meanwhile
                        Err(m) => self.no_device = Some(format!("cannot play: {m}")),
                    }
                }
            }
        }
        for (id, path) in items {
            self.order.retain(|x| x != id);
            self.order.push(*id);
            if !self.envelopes.contains_key(id) {
                self.envelopes.insert(*id, Slot::Loading);
                let (tx, ctx, path, id) = (self.tx.clone(), ctx.clone(), path.clone(), *id);
                std::thread::spawn(move || {
                    let _ = tx.send(Done::Envelope(id, envelope(&path)));
                    ctx.request_repaint();
                });
            }
        }
        while self.order.len() > CACHE {
            let old = self.order.remove(0);
            self.envelopes.remove(&old);
        }
    }

    pub fn is_loading(&self, id: i64) -> bool {
        matches!(self.envelopes.get(&id), Some(Slot::Loading) | None)
    }

    /// The clip could not be read.
    pub fn failed(&self, id: i64) -> bool {
        matches!(self.envelopes.get(&id), Some(Slot::Failed(_)))
    }

    /// Lets go of the clips that could not be read, so they are read again.
    pub fn forget_failed(&mut self) {
        self.envelopes.retain(|_, s| !matches!(s, Slot::Failed(_)));
    }

    /// A new clip on screen: stop playback, reset the view.
    fn enter(&mut self, ctx: &egui::Context, id: i64, path: &std::path::Path) {
        self.ctx = Some(ctx.clone());
        self.choose(id, path);
    }

    /// Makes this clip the one Space plays (another one playing stops).
    pub fn choose(&mut self, id: i64, path: &std::path::Path) {
        if self.item == Some(id) {
            return;
        }
        self.item = Some(id);
        self.path = Some(path.to_path_buf());
        self.stop();
        self.position_s = 0.0;
        self.span_s = None;
        self.start_s = 0.0;
        self.drag = None;
        self.mark = None;
    }

    fn stop(&mut self) {
        if let Some(o) = &self.output {
            o.player.clear();
        }
        self.playing = false;
    }

    /// Space: play from the playhead, or pause where it is.
    pub fn toggle_play(&mut self) {
        if self.playing {
            self.position_s = self.current_position();
            self.stop();
            return;
        }
        let (Some(id), Some(path)) = (self.item, self.path.clone()) else {
            return;
        };
        if self.opening {
            return;
        }
        // Opening reads the file's header: a worker does it; playback starts on its answer.
        self.opening = true;
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Done::Stream(id, ClipStream::open(&path)));
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
    }

    /// Ctrl+P in a transcript: pause, or play — from [`BACKSTEP_S`] before where it was
    /// paused, unless the playhead was moved since.
    pub fn toggle_play_typing(&mut self) {
        if self.playing {
            self.toggle_play();
            self.paused_typing_at = Some(self.position_s);
            return;
        }
        if self.paused_typing_at.take() == Some(self.position_s) {
            self.position_s = (self.position_s - BACKSTEP_S).max(0.0);
        }
        self.toggle_play();
    }

    fn start(&mut self, stream: ClipStream) {
        if self.output.is_none() {
            match rodio::DeviceSinkBuilder::open_default_sink() {
                Ok(mut sink) => {
                    sink.log_on_drop(false);
                    let player = rodio::Player::connect_new(sink.mixer());
                    self.output = Some(Output {
                        _sink: sink,
                        player,
                    });
                }
                Err(e) => {
                    self.no_device = Some(format!(
                        "no audio output device ({e}): playback is off; everything else works"
                    ));
                    return;
                }
            }
        }
        let (Some(o), Some(channels), Some(rate)) = (
            &self.output,
            std::num::NonZero::new(stream.channels()),
            std::num::NonZero::new(stream.sample_rate()),
        ) else {
            return;
        };
        o.player.clear();
        o.player.append(super::stream_source::StreamSource {
            stream,
            chunk: Vec::new(),
            at: 0,
            channels,
            rate,
        });
        let _ = o
            .player
            .try_seek(Duration::from_secs_f64(self.position_s.max(0.0)));
        o.player.set_speed(self.speed);
        o.player.play();
        self.playing = true;
    }

    pub fn seek_by(&mut self, delta_s: f64, duration_s: f64) {
        let p = (self.current_position() + delta_s).clamp(0.0, duration_s);
        self.seek(p);
        self.follow = true;
    }

    fn seek(&mut self, t: f64) {
        self.position_s = t;
        if let (true, Some(o)) = (self.playing, &self.output) {
            let _ = o.player.try_seek(Duration::from_secs_f64(t));
        }
    }

    pub fn set_speed(&mut self, factor: f32) {
        self.speed = (self.speed * factor).clamp(0.5, 2.0);
        if let Some(o) = &self.output {
            o.player.set_speed(self.speed);
        }
    }

    /// Where the playhead is, in seconds.
    pub fn current_position(&self) -> f64 {
        match (&self.output, self.playing) {
            (Some(o), true) => o.player.get_pos().as_secs_f64(),
            _ => self.position_s,
        }
    }

    /// While playing: stops at the clip's end (or where the player ran dry) and asks for the
    /// frame that moves the playhead.
    pub fn keep_playing(&mut self, ctx: &egui::Context, duration_s: f64) {
        if !self.playing {
            return;
        }
        let p = self.current_position();
        if p >= duration_s || self.output.as_ref().is_some_and(|o| o.player.empty()) {
            self.playing = false;
            self.position_s = 0.0;
        }
        ctx.request_repaint_after(Duration::from_millis(30));
    }

    /// A clip's waveform once read, or why it could not be; `None` while it is being read.
    pub fn envelope_of(&self, id: i64) -> Option<Result<Arc<Envelope>, &str>> {
        match self.envelopes.get(&id)? {
            Slot::Ready(e) => Some(Ok(e.clone())),
            Slot::Failed(m) => Some(Err(m)),
            Slot::Loading => None,
        }
    }

    /// The clip Space plays.
    pub fn current(&self) -> Option<i64> {
        self.item
    }

    /// Nothing to play any more (the item changed): stops.
    pub fn leave(&mut self) {
        self.stop();
        self.item = None;
        self.path = None;
    }

    /// Moves the playhead (and the playback) to `t` seconds.
    pub fn seek_to(&mut self, t: f64) {
        self.seek(t.max(0.0));
    }

    /// The length of the clip Space plays, once its waveform is read.
    pub fn current_duration(&self) -> Option<f64> {
        match self.envelopes.get(&self.item?)? {
            Slot::Ready(e) => Some(e.duration_s),
            _ => None,
        }
    }

    /// The clip view: returns the actions the mouse gave (segments, selection).
    #[allow(clippy::too_many_arguments)]
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        id: i64,
        path: &std::path::Path,
        segments: &[Segment],
        selected: Option<usize>,
        current_label: &str,
        color_of: &dyn Fn(&str) -> Color32,
        can_segment: bool,
    ) -> Vec<Action> {
        let ctx = ui.ctx().clone();
        self.enter(&ctx, id, path);
        let mut actions = Vec::new();
        let env = match self.envelopes.get(&id) {
            Some(Slot::Ready(e)) => e.clone(),
            Some(Slot::Failed(m)) => {
                ui.vertical_centered(|ui| {
                    ui.add_space(60.0);
                    ui.heading("This clip cannot be played");
                    ui.label(format!("{}\n{m}", path.display()));
                    ui.label("Ctrl+Space skips it, F flags it for review. Everything else keeps working.");
                });
                return actions;
            }
            _ => {
                ui.centered_and_justified(|ui| ui.label("computing the waveform…"));
                return actions;
            }
        };
        let dur = env.duration_s.max(1e-3);
        if self.playing
            && self.loop_segment
            && let Some(s) = selected.and_then(|i| segments.get(i))
            && self.current_position() >= s.end_s
        {
            self.seek(s.start_s);
        }
        self.keep_playing(&ctx, dur);
        ui.horizontal(|ui| {
            let t = self.current_position();
            ui.label(format!(
                "{:.2} / {:.2} s   speed {:.2}×{}",
                t,
                dur,
                self.speed,
                if self.loop_segment { "   loop" } else { "" }
            ));
            if ui
                .button(if self.playing {
                    "Pause (Space)"
                } else {
                    "Play (Space)"
                })
                .clicked()
            {
                self.toggle_play();
            }
            if let Some(m) = &self.no_device {
                ui.colored_label(super::palette::caution(ui.visuals()), m);
            }
            if let Some(r) = self.readout(ui.ctx(), &env) {
                // On the right, where its changing width moves nothing else.
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(egui::RichText::new(r).monospace())
                });
            }
        });
        // The spectrogram (View menu) goes under the waveform, in a taller view.
        let spectrogram = super::view_prefs::spectrogram(ui.ctx());
        let height: f32 = if spectrogram {
            (ui.available_height() * 0.55).clamp(320.0, 480.0)
        } else {
            220.0
        };
        let (rect, resp) = ui.allocate_exact_size(
            vec2(ui.available_width(), height.min(ui.available_height())),
            Sense::click_and_drag(),
        );
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::from_gray(22));

        // Zoom in time with the wheel around the pointer.
        let span = self.span_s.unwrap_or(dur).clamp(0.05, dur);
        if let Some(h) = resp.hover_pos() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y);
            if scroll.abs() > 0.1 {
                let at = self.start_s + f64::from((h.x - rect.left()) / rect.width()) * span;
                let new_span = (span * f64::from((-scroll * 0.002).exp())).clamp(0.05, dur);
                self.start_s = (at - f64::from((h.x - rect.left()) / rect.width()) * new_span)
                    .clamp(0.0, (dur - new_span).max(0.0));
                self.span_s = Some(new_span);
            }
        }
        let span = self.span_s.unwrap_or(dur).clamp(0.05, dur);
        // Zoomed in time, the view turns the page with the playhead while it plays (or after
        // a seek by keys): marking a long recording never loses it off the edge.
        if self.playing || std::mem::take(&mut self.follow) {
            let p = self.current_position();
            if p < self.start_s || p > self.start_s + span {
                self.start_s = (p - span * 0.1).clamp(0.0, (dur - span).max(0.0));
            }
        }
        let view = Some((rect, self.start_s, span));
        // The pointer's readout above is read from the view as last drawn: one more frame
        // once it moves (a wheel's zoom), or it shows where the pointer was.
        if self.last_view != view && resp.hovered() {
            ctx.request_repaint();
        }
        self.last_view = view;
        let x_of = |t: f64| rect.left() + ((t - self.start_s) / span) as f32 * rect.width();
        let t_of = |x: f32| {
            (self.start_s + f64::from((x - rect.left()) / rect.width()) * span).clamp(0.0, dur)
        };

        let wave_rect = if spectrogram {
            let (wave, below) = rect.split_top_bottom_at_fraction(SPLIT);
            let view = (self.start_s, span);
            (self.spectrogram).paint(&painter, below, id, &env.spectrogram, view);
            let (whole, clip) = (&env.spectrogram, (id, path));
            (self.detail).paint(&ctx, &painter, below, clip, whole, view, dur);
            super::waveform::scale(&painter, below, whole.top_hz);
            wave
        } else {
            rect
        };
        super::waveform::waveform(
            &painter,
            wave_rect,
            &env,
            (self.start_s, span),
            Color32::from_rgb(90, 170, 230),
        );

        // Segments (the one being edited as it would end now).
        let pointer = resp.hover_pos().or(resp.interact_pointer_pos());
        let mut preview: Option<(Option<usize>, Segment)> = None;
        if let (Some(d), Some(p)) = (&self.drag, pointer) {
            let t = t_of(p.x);
            preview = Some(match d {
                Drag::New { start_s } => (
                    None,
                    Segment {
                        label: current_label.to_string(),
                        start_s: start_s.min(t),
                        end_s: start_s.max(t),
                        text: String::new(),
                    },
                ),
                Drag::Edge {
                    idx,
                    orig,
                    start_edge,
                } => {
                    let (a, b) = if *start_edge {
                        (t, orig.end_s)
                    } else {
                        (orig.start_s, t)
                    };
                    (
                        Some(*idx),
                        Segment {
                            start_s: a.min(b),
                            end_s: a.max(b),
                            ..orig.clone()
                        },
                    )
                }
            });
        }
        for (i, s) in segments.iter().enumerate() {
            let s = match &preview {
                Some((Some(pi), ps)) if *pi == i => ps,
                _ => s,
            };
            let r = Rect::from_min_max(
                pos2(x_of(s.start_s), rect.top()),
                pos2(x_of(s.end_s), rect.bottom()),
            );
            let c = color_of(&s.label);
            painter.rect_filled(
                r,
                0.0,
                c.gamma_multiply(if selected == Some(i) { 0.35 } else { 0.18 }),
            );
            let w = if selected == Some(i) { 3.0 } else { 1.0 };
            painter.line_segment([r.left_top(), r.left_bottom()], Stroke::new(w, c));
            painter.line_segment([r.right_top(), r.right_bottom()], Stroke::new(w, c));
            super::shape_texts::segment_tag(&painter, r, s, c);
            if self.unsure.get(i) == Some(&true) {
                super::shape_texts::unsure_badge(&painter, r);
            }
        }
        if let Some((None, s)) = &preview {
            let r = Rect::from_min_max(
                pos2(x_of(s.start_s), rect.top()),
                pos2(x_of(s.end_s), rect.bottom()),
            );
            painter.rect_filled(r, 0.0, color_of(&s.label).gamma_multiply(0.3));
        }
        // A segment begun with M: from its start to the playhead, as it would end now.
        if let Some(t0) = self.mark {
            let t = self.current_position();
            let (a, b) = (x_of(t0.min(t)), x_of(t0.max(t)));
            let c = color_of(current_label);
            painter.rect_filled(
                Rect::from_min_max(pos2(a, rect.top()), pos2(b, rect.bottom())),
                0.0,
                c.gamma_multiply(0.3),
            );
            let x0 = x_of(t0);
            painter.line_segment(
                [pos2(x0, rect.top()), pos2(x0, rect.bottom())],
                Stroke::new(2.0, c),
            );
        }
        // Playhead.
        let px = x_of(self.current_position());
        painter.line_segment(
            [pos2(px, rect.top()), pos2(px, rect.bottom())],
            Stroke::new(2.0, Color32::WHITE),
        );

        if resp.drag_started() && can_segment {
            let origin = ui
                .input(|i| i.pointer.press_origin())
                .or(pointer)
                .unwrap_or(rect.center());
            self.drag = Some(match edge_at(segments, selected, origin, &x_of) {
                Some((idx, start_edge)) => Drag::Edge {
                    idx,
                    orig: segments[idx].clone(),
                    start_edge,
                },
                None => Drag::New {
                    start_s: t_of(origin.x),
                },
            });
        }
        let slipped = |s: &Segment| x_of(s.end_s) - x_of(s.start_s) < SLIP;
        if resp.drag_stopped() {
            match preview.take() {
                Some((Some(i), s)) => actions.push(Action::SetSegment(i, s)),
                // A few points wide is a click that slipped: it seeks, as a click does.
                Some((None, s)) if slipped(&s) => {
                    let t = pointer.map_or(s.start_s, |p| t_of(p.x));
                    self.seek(t);
                    actions.push(Action::Select(
                        segments.iter().position(|s| s.start_s <= t && t <= s.end_s),
                    ));
                }
                Some((None, s)) => actions.push(Action::AddSegment(s)),
                None => {}
            }
            self.drag = None;
        } else if resp.clicked()
            && let Some(p) = pointer
        {
            // A click seeks there, and selects the segment under it.
            let t = t_of(p.x);
            self.seek(t);
            actions.push(Action::Select(
                segments.iter().position(|s| s.start_s <= t && t <= s.end_s),
            ));
        }
        let hint = if can_segment {
            "drag: new segment · drag an edge of the selected one: adjust · click: seek · wheel: zoom in time"
        } else {
            "click: seek · wheel: zoom in time"
        };
        let more = if spectrogram {
            ""
        } else {
            " · View menu: spectrogram"
        };
        ui.label(egui::RichText::new(format!("{hint}{more}")).weak());
        actions
    }
}

impl AudioView {
    /// What is under the pointer, from the view as last drawn: the time, and over the
    /// spectrogram the pitch and how loud it is there (where a fricative starts, whether a
    /// hum is 50 or 60 Hz).
    fn readout(&self, ctx: &egui::Context, env: &Envelope) -> Option<String> {
        let p = ctx.pointer_hover_pos()?;
        let (rect, start_s, span) = self.last_view?;
        if !rect.contains(p) {
            return None;
        }
        let t = (start_s + f64::from((p.x - rect.left()) / rect.width()) * span)
            .clamp(0.0, env.duration_s);
        let mut out = format!("{t:.3} s");
        let below = rect.split_top_bottom_at_fraction(SPLIT).1;
        if super::view_prefs::spectrogram(ctx) && below.contains(p) {
            let detail = self.item.and_then(|id| self.detail.at(id, t));
            let spec = detail.unwrap_or(&env.spectrogram);
            let hz = f64::from((below.bottom() - p.y) / below.height()) * spec.top_hz;
            if let Some(db) = spec.db_at(t, hz) {
                out.push_str(&format!(" · {hz:.0} Hz · {db:.0} dB"));
            }
        }
        Some(out)
    }
}

impl Default for AudioView {
    fn default() -> Self {
        Self::new()
    }
}

/// The edge of the selected segment under `p`: (index, is its start).
fn edge_at(
    segments: &[Segment],
    selected: Option<usize>,
    p: Pos2,
    x_of: &dyn Fn(f64) -> f32,
) -> Option<(usize, bool)> {
    let i = selected?;
    let s = segments.get(i)?;
    if (p.x - x_of(s.start_s)).abs() <= EDGE {
        Some((i, true))
    } else if (p.x - x_of(s.end_s)).abs() <= EDGE {
        Some((i, false))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resuming_from_a_transcript_backs_up_unless_the_playhead_moved() {
        let mut a = AudioView::new();
        // Playing at 5.0 s (no device here: the position is the view's own).
        a.playing = true;
        a.position_s = 5.0;
        a.toggle_play_typing();
        assert!(!a.playing);
        assert_eq!(a.position_s, 5.0);
        // Resumed: a second back. (No clip to open here, so it stays paused.)
        a.toggle_play_typing();
        assert_eq!(a.position_s, 5.0 - BACKSTEP_S);
        // Once only: the next resume starts where the playhead is.
        a.toggle_play_typing();
        assert_eq!(a.position_s, 5.0 - BACKSTEP_S);
        // Paused near the start: not before 0.
        a.playing = true;
        a.position_s = 0.4;
        a.toggle_play_typing();
        a.toggle_play_typing();
        assert_eq!(a.position_s, 0.0);
        // The playhead moved (a click on the waveform, a key) since the pause: no backstep.
        a.playing = true;
        a.position_s = 8.0;
        a.toggle_play_typing();
        a.seek(3.0);
        a.toggle_play_typing();
        assert_eq!(a.position_s, 3.0);
    }
}
