//! A long clip's spectrogram has wide columns (an hour's are 60 ms, to stay under 8 MB):
//! zoomed in, the stretch around the view is worked out again at full detail (10 ms) on a
//! worker and drawn over it, so where a word starts shows as it does on a short clip.

use super::waveform::SpectrogramTiles;
use crate::io::spectrogram::{HOP_S, Spectrogram};
use egui::Rect;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

/// A worked-out detail: its clip, the seconds asked for, and it (or why not).
type Made = (i64, (f64, f64), Result<Spectrogram, String>);

pub struct SpectrogramDetail {
    /// The detail drawn: its clip and itself.
    have: Option<(i64, Arc<Spectrogram>)>,
    /// The clip and seconds being worked out.
    pending: Option<(i64, (f64, f64))>,
    /// A clip whose detail could not be made (it cannot seek): its whole view stays.
    failed: Option<i64>,
    /// Counts the details made: their textures' names.
    made: i64,
    tiles: SpectrogramTiles,
    tx: Sender<Made>,
    rx: Receiver<Made>,
}

impl Default for SpectrogramDetail {
    fn default() -> Self {
        let (tx, rx) = channel();
        SpectrogramDetail {
            have: None,
            pending: None,
            failed: None,
            made: 0,
            tiles: SpectrogramTiles::default(),
            tx,
            rx,
        }
    }
}

impl SpectrogramDetail {
    /// The detail drawn, as its clip and seconds (tests, the pointer's readout).
    pub fn shown(&self) -> Option<(i64, f64, f64)> {
        let (id, s) = self.have.as_ref()?;
        Some((*id, s.start_s, s.end_s()))
    }

    /// How many of the detail's textures have been made (tests: it was drawn).
    pub fn tiles_made(&self) -> usize {
        self.tiles.made().1
    }

    /// Clip `id`'s detail where it covers second `t`.
    pub fn at(&self, id: i64, t: f64) -> Option<&Spectrogram> {
        let (of, s) = self.have.as_ref()?;
        (*of == id && (s.start_s..s.end_s()).contains(&t)).then_some(s)
    }

    /// Over clip `id`'s `whole` spectrogram painted in `rect` for the view `(start_s, span)`:
    /// when its columns are wider than the screen's, the detail around the view is drawn
    /// over it, asked of a worker first if it is not there yet (the whole one shows until
    /// it comes).
    #[allow(clippy::too_many_arguments)]
    pub fn paint(
        &mut self,
        ctx: &egui::Context,
        painter: &egui::Painter,
        rect: Rect,
        (id, path): (i64, &Path),
        whole: &Spectrogram,
        (start_s, span): (f64, f64),
        duration_s: f64,
    ) {
        while let Ok((of, range, made)) = self.rx.try_recv() {
            if self.pending == Some((of, range)) {
                self.pending = None;
            }
            match made {
                Ok(mut s) if s.columns() > 0 => {
                    // The whole clip's colours, so the detail does not flash brighter.
                    s.peak = whole.peak;
                    self.made += 1;
                    self.have = Some((of, Arc::new(s)));
                }
                _ => self.failed = Some(of),
            }
        }
        if self.have.as_ref().is_some_and(|(of, _)| *of != id) {
            self.have = None;
        }
        let coarse = whole.hop_s > HOP_S * 1.5;
        let zoomed = span / whole.hop_s < f64::from(rect.width());
        if !coarse || !zoomed {
            return;
        }
        let end = (start_s + span).min(duration_s);
        let covers = |(a, b): (f64, f64)| a <= start_s + 1e-6 && b >= end - HOP_S;
        let shown = self.have.as_ref().map(|(_, s)| (s.start_s, s.end_s()));
        let asked = self.pending.filter(|(of, _)| *of == id).map(|(_, r)| r);
        if !shown.is_some_and(covers) && !asked.is_some_and(covers) && self.failed != Some(id) {
            // The view and as much again either side: a little panning needs no new one.
            let range = ((start_s - span).max(0.0), (end + span).min(duration_s));
            self.pending = Some((id, range));
            let (tx, ctx, path) = (self.tx.clone(), ctx.clone(), path.to_path_buf());
            let spawned = std::thread::Builder::new()
                .name("spectrogram detail".into())
                .spawn(move || {
                    let made = crate::io::audio::spectrogram_of(&path, range.0, range.1);
                    let _ = tx.send((id, range, made));
                    ctx.request_repaint();
                });
            if spawned.is_err() {
                // No thread to be had: the whole clip's spectrogram stays, as for a failure.
                self.pending = None;
                self.failed = Some(id);
            }
        }
        if let Some((_, s)) = &self.have {
            self.tiles
                .paint(painter, rect, self.made, s, (start_s, span));
        }
    }
}
