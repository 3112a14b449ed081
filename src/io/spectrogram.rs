//! A clip's spectrogram: how loud each band of pitch is over time. Word edges that a
//! waveform hides — the hiss of an "s", the silence before a "t", a breath — show plainly
//! in it, which is why speech tools put one under the waveform. Computed in the waveform's
//! one decoding pass (a short-time Fourier transform of the channels' mean) and kept as a
//! byte per cell, so an hour's clip stays a few megabytes.

use rustfft::num_complex::Complex;
use rustfft::{Fft, FftPlanner};
use std::sync::Arc;

/// Bands of pitch, from 0 Hz up to [`TOP_HZ`] (or half the sample rate, if lower).
pub const ROWS: usize = 128;
/// Speech lies below 8 kHz; above it a spectrogram shows mostly noise.
pub const TOP_HZ: f64 = 8000.0;
/// One column per 10 ms, as the envelope has.
pub const HOP_S: f64 = 0.01;
/// At most about this many columns: longer clips get wider ones (an hour: 60 ms each).
pub const MAX_COLUMNS: usize = 60_000;
/// Levels are kept in half decibels from -120 dBFS: 0 is silence, 240 a full-scale tone.
const DB_FLOOR: f32 = -120.0;
const DB_STEP: f32 = 0.5;
const TOP_LEVEL: u8 = 240;

#[derive(Debug, Clone, PartialEq)]
pub struct Spectrogram {
    /// The clip's second where the first column starts: 0, or where a detail of part of a
    /// long clip (drawn when zoomed in) begins.
    pub start_s: f64,
    /// Seconds each column covers; column `c` is centred on `start_s + (c + 0.5) * hop_s`.
    pub hop_s: f64,
    /// The frequency at the top of the highest row.
    pub top_hz: f64,
    /// Column after column, each [`ROWS`] levels from the lowest band up.
    pub levels: Vec<u8>,
    /// The loudest level anywhere, so the view can show the clip's own range.
    pub peak: u8,
}

impl Spectrogram {
    pub fn columns(&self) -> usize {
        self.levels.len() / ROWS
    }

    /// The second the last column ends.
    pub fn end_s(&self) -> f64 {
        self.start_s + self.columns() as f64 * self.hop_s
    }

    /// Decibels (relative to a full-scale tone) of a stored level.
    pub fn db(level: u8) -> f32 {
        DB_FLOOR + f32::from(level) * DB_STEP
    }

    /// How loud pitch `hz` is at second `t_s`, in decibels (the pointer's readout); `None`
    /// outside the clip or the bands.
    pub fn db_at(&self, t_s: f64, hz: f64) -> Option<f32> {
        let t_s = t_s - self.start_s;
        if !(t_s >= 0.0 && (0.0..self.top_hz).contains(&hz)) || self.hop_s <= 0.0 {
            return None;
        }
        let col = (t_s / self.hop_s) as usize;
        let row = ((hz / self.top_hz) * ROWS as f64) as usize;
        let level = self
            .levels
            .get(col.checked_mul(ROWS)?.checked_add(row.min(ROWS - 1))?)?;
        Some(Self::db(*level))
    }
}

/// Builds a [`Spectrogram`] from samples pushed one at a time.
pub struct SpectrogramBuilder {
    fft: Arc<dyn Fft<f32>>,
    window: Vec<f32>,
    /// The last `window.len()` samples, circular, the newest at `pos - 1`.
    ring: Vec<f32>,
    pos: usize,
    /// Samples pushed, counting the half window of silence put before the first.
    pushed: u64,
    /// Samples of the clip (not the padding) pushed.
    frames: u64,
    hop: u64,
    /// The count of samples pushed at which the next column's window is full.
    next_at: u64,
    /// Each row's FFT bins, `lo..hi`.
    bands: Vec<(usize, usize)>,
    /// Full scale: the power of a full-scale tone's bin, to read levels in dBFS.
    full_scale: f32,
    buf: Vec<Complex<f32>>,
    scratch: Vec<Complex<f32>>,
    out: Spectrogram,
}

impl SpectrogramBuilder {
    /// For a clip at `sample_rate`, of `frames` samples per channel when the header says.
    pub fn new(sample_rate: u32, frames: Option<u64>) -> Self {
        let rate = f64::from(sample_rate.max(1));
        // About 15 ms: short enough to see where a word starts, long enough for its pitch.
        let n = ((rate * 0.015) as usize)
            .next_power_of_two()
            .clamp(64, 4096);
        let mut hop = ((rate * HOP_S).round() as u64).max(1);
        if let Some(f) = frames {
            hop = hop.max(f.div_ceil(MAX_COLUMNS as u64));
        }
        let fft = FftPlanner::new().plan_fft_forward(n);
        let window: Vec<f32> = (0..n)
            .map(|i| {
                let x = std::f32::consts::TAU * i as f32 / n as f32;
                0.5 - 0.5 * x.cos()
            })
            .collect();
        let top_hz = TOP_HZ.min(rate / 2.0);
        let bin_hz = rate / n as f64;
        let last_bin = n / 2;
        let bands = (0..ROWS)
            .map(|r| {
                let f0 = top_hz * r as f64 / ROWS as f64;
                let f1 = top_hz * (r + 1) as f64 / ROWS as f64;
                // The bins centred in the band; a band narrower than a bin takes the nearest.
                let lo = ((f0 / bin_hz).ceil() as usize).min(last_bin);
                let hi = ((f1 / bin_hz).ceil() as usize).min(last_bin + 1);
                if hi > lo {
                    (lo, hi)
                } else {
                    let b = ((((f0 + f1) / 2.0) / bin_hz).round() as usize).min(last_bin);
                    (b, b + 1)
                }
            })
            .collect();
        let gain: f32 = window.iter().sum::<f32>() / 2.0;
        let scratch = vec![Complex::default(); fft.get_inplace_scratch_len()];
        SpectrogramBuilder {
            ring: vec![0.0; n],
            pos: 0,
            pushed: 0,
            frames: 0,
            hop,
            next_at: hop / 2 + n as u64,
            bands,
            full_scale: gain * gain,
            buf: vec![Complex::default(); n],
            scratch,
            out: Spectrogram {
                start_s: 0.0,
                hop_s: hop as f64 / rate,
                top_hz,
                levels: Vec::new(),
                peak: 0,
            },
            fft,
            window,
        }
        .padded()
    }

    /// Half a window of silence first, so the first column is centred on its slice.
    fn padded(mut self) -> Self {
        for _ in 0..self.window.len() / 2 {
            self.feed(0.0);
        }
        self
    }

    /// One sample of the clip (the channels' mean).
    pub fn push(&mut self, sample: f32) {
        self.frames += 1;
        self.feed(if sample.is_finite() { sample } else { 0.0 });
    }

    fn feed(&mut self, sample: f32) {
        self.ring[self.pos] = sample;
        self.pos += 1;
        if self.pos == self.ring.len() {
            self.pos = 0;
        }
        self.pushed += 1;
        if self.pushed == self.next_at {
            self.column();
            // Column `c` is centred at clip sample c·hop + hop/2, which is padded sample
            // c·hop + hop/2 + n/2: its window ends n/2 later.
            let c = self.out.columns() as u64;
            self.next_at = c * self.hop + self.hop / 2 + self.window.len() as u64;
        }
    }

    fn column(&mut self) {
        let n = self.window.len();
        for (i, w) in self.window.iter().enumerate() {
            self.buf[i] = Complex::new(self.ring[(self.pos + i) % n] * w, 0.0);
        }
        self.fft
            .process_with_scratch(&mut self.buf, &mut self.scratch);
        for &(lo, hi) in &self.bands {
            let power = self.buf[lo..hi].iter().map(|c| c.norm_sqr()).sum::<f32>()
                / (hi - lo) as f32
                / self.full_scale;
            let db = 10.0 * (power + 1e-20).log10();
            let level = ((db - DB_FLOOR) / DB_STEP).clamp(0.0, f32::from(TOP_LEVEL)) as u8;
            self.out.peak = self.out.peak.max(level);
            self.out.levels.push(level);
        }
        if self.out.columns() > 2 * MAX_COLUMNS {
            self.halve();
        }
    }

    /// Too many columns (a clip whose header did not say its length): pairs become one,
    /// each band the louder of the two.
    fn halve(&mut self) {
        let old = std::mem::take(&mut self.out.levels);
        self.out.levels = old
            .chunks(2 * ROWS)
            .flat_map(|pair| {
                let (a, b) = pair.split_at(ROWS.min(pair.len()));
                (0..ROWS).map(move |r| a[r].max(b.get(r).copied().unwrap_or(0)))
            })
            .collect();
        self.hop *= 2;
        self.out.hop_s *= 2.0;
    }

    /// The spectrogram, with columns to the clip's last sample.
    pub fn finish(mut self) -> Spectrogram {
        // The hop may double meanwhile (see `halve`): asked again each time.
        let wanted = |b: &Self| b.frames.div_ceil(b.hop) as usize;
        while self.out.columns() < wanted(&self) {
            self.feed(0.0);
        }
        let n = wanted(&self) * ROWS;
        self.out.levels.truncate(n);
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(rate: u32, samples: impl Iterator<Item = f32>) -> Spectrogram {
        let mut b = SpectrogramBuilder::new(rate, None);
        samples.for_each(|s| b.push(s));
        b.finish()
    }

    /// The frequency at the middle of the loudest band of column `col`.
    fn loudest_hz(s: &Spectrogram, col: usize) -> f64 {
        let c = &s.levels[col * ROWS..(col + 1) * ROWS];
        let r = (0..ROWS).max_by_key(|&r| c[r]).unwrap();
        (r as f64 + 0.5) * s.top_hz / ROWS as f64
    }

    #[test]
    fn a_tone_lights_its_band_and_silence_is_dark() {
        let rate = 16_000;
        // 1 s of a half-scale 1 kHz tone, then 1 s of silence.
        let tone = (0..rate)
            .map(|i| 0.5 * (std::f32::consts::TAU * 1000.0 * i as f32 / rate as f32).sin());
        let s = of(rate, tone.chain((0..rate).map(|_| 0.0)));
        assert_eq!(s.columns(), 200, "one per 10 ms");
        assert!((s.hop_s - 0.01).abs() < 1e-12);
        assert_eq!(s.top_hz, 8000.0);
        // Within a bin (62.5 Hz here) of the tone.
        assert!((loudest_hz(&s, 50) - 1000.0).abs() <= 62.5);
        // A half-scale tone is about -6 dBFS (1 kHz is row 16 of 128 over 0–8 kHz).
        let db = Spectrogram::db(s.levels[50 * ROWS + 16]);
        assert!((-9.0..=-4.0).contains(&db), "{db}");
        assert!((Spectrogram::db(s.peak) - db).abs() < 3.0);
        // Well inside the silence: nothing.
        assert!(s.levels[150 * ROWS..151 * ROWS].iter().all(|&l| l == 0));
        // Far bands stay quiet beside the tone (the window's leakage is low).
        assert!(Spectrogram::db(s.levels[50 * ROWS + 100]) < db - 60.0);
        // The pointer's readout: the tone where it is, nothing around it.
        assert_eq!(s.db_at(0.505, 1010.0), Some(db));
        assert!(s.db_at(1.5, 1010.0).is_some_and(|d| d < -100.0));
        for (t, hz) in [
            (-0.1, 1000.0),
            (2.5, 1000.0),
            (0.5, 8000.0),
            (0.5, f64::NAN),
        ] {
            assert_eq!(s.db_at(t, hz), None, "{t} s {hz} Hz");
        }
    }

    #[test]
    fn a_low_rate_clip_reaches_half_its_rate_and_a_long_one_gets_wider_columns() {
        let rate = 8_000;
        let tone =
            (0..rate).map(|i| (std::f32::consts::TAU * 3000.0 * i as f32 / rate as f32).sin());
        let s = of(rate, tone);
        assert_eq!(s.top_hz, 4000.0);
        assert!((loudest_hz(&s, 50) - 3000.0).abs() <= 62.5);
        // Told the length: an hour at 8 kHz is 60,000 columns of 60 ms.
        let hour = SpectrogramBuilder::new(rate, Some(3600 * 8000));
        assert!((hour.out.hop_s - 0.06).abs() < 1e-12);
        // Not told: columns pair up once there are too many.
        let mut b = SpectrogramBuilder::new(1000, None);
        for _ in 0..(2 * MAX_COLUMNS + 1) * 10 {
            b.push(0.1);
        }
        let s = b.finish();
        assert!(s.columns() <= 2 * MAX_COLUMNS && s.columns() > MAX_COLUMNS / 2);
        assert!((s.hop_s - 0.02).abs() < 1e-12);
    }

    #[test]
    fn odd_input_never_panics() {
        for rate in [1, 2, 100, 8_000, 384_000] {
            let s = of(rate, [f32::NAN, f32::INFINITY, 1e30, -1.0, 0.0].into_iter());
            assert!(s.columns() >= 1, "{rate}");
            assert_eq!(s.levels.len(), s.columns() * ROWS);
        }
        assert_eq!(of(16_000, std::iter::empty()).columns(), 0);
    }
}
