//! What a clip looks like on screen: its waveform (min/max of the envelope under each
//! pixel column) and, when the View menu asks, its spectrogram under it — drawn from
//! textures of a few hundred columns each, made the first time they come into view.

use crate::io::audio::{ENVELOPE_STEP_S, Envelope};
use crate::io::spectrogram::{ROWS, Spectrogram};
use egui::{Color32, Rect, Stroke, pos2};

/// The waveform of `env` from `start_s` over `span` seconds in `rect`: the min/max of the
/// envelope slices under each pixel column.
pub fn waveform(
    painter: &egui::Painter,
    rect: Rect,
    env: &Envelope,
    (start_s, span): (f64, f64),
    col: Color32,
) {
    let mid = rect.center().y;
    let half = rect.height() * 0.45;
    let n = env.max.len();
    for px in 0..rect.width() as usize {
        let t0 = start_s + px as f64 / f64::from(rect.width()) * span;
        let t1 = start_s + (px + 1) as f64 / f64::from(rect.width()) * span;
        let (a, b) = (
            (t0 / ENVELOPE_STEP_S) as usize,
            ((t1 / ENVELOPE_STEP_S) as usize).max((t0 / ENVELOPE_STEP_S) as usize + 1),
        );
        if a >= n {
            break;
        }
        let (mut lo, mut hi) = (0.0f32, 0.0f32);
        for k in a..b.min(n) {
            lo = lo.min(env.min[k]);
            hi = hi.max(env.max[k]);
        }
        let x = rect.left() + px as f32 + 0.5;
        painter.line_segment(
            [pos2(x, mid - hi * half), pos2(x, mid - lo * half)],
            Stroke::new(1.0, col),
        );
    }
}

/// Columns per texture: an hour's clip is about a hundred, and only those in view are made.
const TILE: usize = 512;
/// Decibels shown below the clip's loudest band, as Praat shows by default.
const RANGE_DB: f32 = 70.0;

/// The spectrogram textures of the clip on screen.
#[derive(Default)]
pub struct SpectrogramTiles {
    clip: Option<i64>,
    tiles: Vec<Option<egui::TextureHandle>>,
}

impl SpectrogramTiles {
    /// The clip whose textures these are, and how many of them have been made.
    pub fn made(&self) -> (Option<i64>, usize) {
        (self.clip, self.tiles.iter().flatten().count())
    }

    /// Paints clip `id`'s spectrogram from `start_s` over `span` seconds in `rect`, low
    /// pitches at the bottom.
    pub fn paint(
        &mut self,
        painter: &egui::Painter,
        rect: Rect,
        id: i64,
        spec: &Spectrogram,
        (start_s, span): (f64, f64),
    ) {
        if self.clip != Some(id) {
            self.clip = Some(id);
            self.tiles = (0..spec.columns().div_ceil(TILE)).map(|_| None).collect();
        }
        let x_of = |t: f64| rect.left() + ((t - start_s) / span) as f32 * rect.width();
        let tile_s = TILE as f64 * spec.hop_s;
        let first = ((start_s - spec.start_s) / tile_s).floor().max(0.0) as usize;
        let last = ((start_s + span - spec.start_s) / tile_s).ceil().max(0.0) as usize;
        for k in first..last.min(self.tiles.len()) {
            let cols = TILE.min(spec.columns() - k * TILE);
            let tex = self.tiles[k].get_or_insert_with(|| {
                painter.ctx().load_texture(
                    format!("spectrogram {id} {k}"),
                    tile_image(spec, k * TILE, cols),
                    egui::TextureOptions::LINEAR,
                )
            });
            let t0 = spec.start_s + k as f64 * tile_s;
            let r = Rect::from_min_max(
                pos2(x_of(t0), rect.top()),
                pos2(x_of(t0 + cols as f64 * spec.hop_s), rect.bottom()),
            );
            let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            painter.image(tex.id(), r, uv, Color32::WHITE);
        }
    }
}

/// The spectrogram's scale at its left edge: its top frequency and 0.
pub fn scale(painter: &egui::Painter, rect: Rect, top_hz: f64) {
    let tag = |y: f32, text: String| {
        painter.text(
            pos2(rect.left() + 4.0, y),
            egui::Align2::LEFT_CENTER,
            text,
            egui::FontId::proportional(10.0),
            Color32::from_gray(170),
        )
    };
    tag(rect.top() + 7.0, format!("{:.0} kHz", top_hz / 1000.0));
    tag(rect.bottom() - 7.0, "0".into());
}

/// Columns `from..from + cols` as a picture, the highest band on top.
fn tile_image(spec: &Spectrogram, from: usize, cols: usize) -> egui::ColorImage {
    let floor = Spectrogram::db(spec.peak) - RANGE_DB;
    let lut: Vec<Color32> = (0..=u8::MAX)
        .map(|l| heat(((Spectrogram::db(l) - floor) / RANGE_DB).clamp(0.0, 1.0)))
        .collect();
    let mut pixels = Vec::with_capacity(cols * ROWS);
    for row in (0..ROWS).rev() {
        for c in from..from + cols {
            pixels.push(lut[usize::from(spec.levels[c * ROWS + row])]);
        }
    }
    egui::ColorImage::new([cols, ROWS], pixels)
}

/// Quiet to loud: near black, violet, red, orange, pale yellow — loud bands stand out on
/// the dark view and faint ones stay visible.
fn heat(v: f32) -> Color32 {
    const STOPS: [(f32, [f32; 3]); 5] = [
        (0.0, [12.0, 10.0, 24.0]),
        (0.35, [80.0, 24.0, 120.0]),
        (0.65, [205.0, 65.0, 70.0]),
        (0.85, [250.0, 165.0, 40.0]),
        (1.0, [255.0, 250.0, 200.0]),
    ];
    let i = STOPS
        .iter()
        .position(|(at, _)| *at >= v)
        .unwrap_or(STOPS.len() - 1);
    if i == 0 {
        let [r, g, b] = STOPS[0].1;
        return Color32::from_rgb(r as u8, g as u8, b as u8);
    }
    let ((a, ca), (b, cb)) = (STOPS[i - 1], STOPS[i]);
    let f = (v - a) / (b - a);
    let mix = |k: usize| (ca[k] + (cb[k] - ca[k]) * f) as u8;
    Color32::from_rgb(mix(0), mix(1), mix(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn louder_is_brighter_and_the_top_row_is_the_highest_band() {
        let mut levels = vec![0u8; 3 * ROWS];
        levels[ROWS + ROWS - 1] = 200; // column 1, the highest band
        levels[2 * ROWS] = 100; // column 2, the lowest band
        let spec = Spectrogram {
            start_s: 0.0,
            hop_s: 0.01,
            top_hz: 8000.0,
            levels,
            peak: 200,
        };
        let img = tile_image(&spec, 0, 3);
        assert_eq!(img.size, [3, ROWS]);
        let sum = |c: Color32| u32::from(c.r()) + u32::from(c.g()) + u32::from(c.b());
        let loud = img.pixels[1];
        let faint = img.pixels[(ROWS - 1) * 3 + 2];
        let silent = img.pixels[0];
        assert!(sum(loud) > sum(faint) && sum(faint) >= sum(silent));
        // 100 is 50 dB under the peak: inside the 70 dB shown, so not black.
        assert!(sum(faint) > sum(silent));
        for v in [0.0, 0.2, 0.35, 0.5, 0.9, 1.0] {
            assert!(sum(heat(v)) <= sum(heat((v + 0.1_f32).min(1.0))) + 1, "{v}");
        }
    }
}
