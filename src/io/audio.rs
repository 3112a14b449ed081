//! Audio: duration from headers, a min/max envelope for the waveform (the samples are never
//! all held), and full decodes of a clip for playback. Decoding is symphonia's.

use super::spectrogram::{Spectrogram, SpectrogramBuilder};
use std::fs::File;
use std::path::Path;
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

/// Extensions of the audio Keylabel reads.
pub const AUDIO_EXTENSIONS: [&str; 5] = ["wav", "flac", "mp3", "ogg", "oga"];

/// Envelope resolution: one min/max pair per 10 ms (an hour is 360,000 pairs, 2.9 MB).
pub const ENVELOPE_STEP_S: f64 = 0.01;

pub fn is_audio(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| AUDIO_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The waveform of a clip: min and max of each [`ENVELOPE_STEP_S`] slice, over all channels.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub sample_rate: u32,
    pub channels: u16,
    pub duration_s: f64,
    pub min: Vec<f32>,
    pub max: Vec<f32>,
    /// Made in the same pass: the samples are decoded once for both.
    pub spectrogram: Spectrogram,
}

impl Envelope {
    /// The seconds each min/max pair covers: [`ENVELOPE_STEP_S`] in whole samples.
    pub fn step_s(&self) -> f64 {
        let rate = f64::from(self.sample_rate.max(1));
        ((rate * ENVELOPE_STEP_S) as u64).max(1) as f64 / rate
    }

    /// The loudest sample of each slice.
    pub fn levels(&self) -> Vec<f32> {
        (self.min.iter().zip(&self.max))
            .map(|(lo, hi)| lo.abs().max(hi.abs()))
            .collect()
    }
}

/// A whole clip's samples, interleaved, for playback.
#[derive(Debug, Clone)]
pub struct Clip {
    pub sample_rate: u32,
    pub channels: u16,
    pub samples: Vec<f32>,
}

struct Opened {
    format: Box<dyn FormatReader>,
    decoder: Box<dyn symphonia::core::codecs::audio::AudioDecoder>,
    track_id: u32,
    sample_rate: u32,
    channels: u16,
    frames: Option<u64>,
}

/// Runs a call into the decoder, a panic in it made an error: a damaged clip must never
/// take the app, or an import, down with it (fuzzing found a header that overflowed a
/// multiplication inside symphonia's WAV reader).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| {
        "the decoder failed on this file (damaged, or written in a way it does not expect)"
            .to_string()
    })
}

fn open(path: &Path) -> Result<Opened, String> {
    let file = File::open(path).map_err(|e| super::open_failure(&e))?;
    if file.metadata().map(|m| m.len()).unwrap_or(0) == 0 {
        return Err("empty file (0 bytes)".into());
    }
    let mss = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let format = guarded(|| {
        symphonia::default::get_probe().probe(
            &hint,
            mss,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
    })?
    .map_err(|e| format!("not an audio file this tool reads (wav, flac, mp3, ogg/vorbis): {e}"))?;
    let track = format
        .default_track(TrackType::Audio)
        .ok_or("no audio track")?;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .ok_or("the audio track has no codec parameters")?
        .clone();
    let track_id = track.id;
    let frames = track.num_frames;
    let sample_rate = params.sample_rate.ok_or("unknown sample rate")?;
    let channels = params.channels.as_ref().map_or(1, |c| c.count()) as u16;
    let decoder = guarded(|| {
        symphonia::default::get_codecs()
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
    })?
    .map_err(|e| format!("unsupported codec: {e}"))?;
    Ok(Opened {
        format,
        decoder,
        track_id,
        sample_rate,
        channels: channels.max(1),
        frames,
    })
}

/// Runs every decoded packet's interleaved samples through `f`. Damaged packets are
/// skipped (as players do); a clip with no decodable audio at all is an error.
fn decode_each(o: &mut Opened, mut f: impl FnMut(&[f32])) -> Result<u64, String> {
    let mut buf: Vec<f32> = Vec::new();
    let mut frames = 0u64;
    loop {
        let format = &mut o.format;
        let packet = match guarded(move || format.next_packet())? {
            Ok(Some(p)) => p,
            Ok(None) => break,
            // A cut file ends early: keep what was there.
            Err(SymError::IoError(_)) => break,
            Err(e) => return Err(format!("cannot read: {e}")),
        };
        if packet.track_id != o.track_id {
            continue;
        }
        let decoder = &mut o.decoder;
        match guarded(move || decoder.decode(&packet))? {
            Ok(audio) => {
                buf.resize(audio.samples_interleaved(), 0.0);
                audio.copy_to_slice_interleaved(&mut buf);
                frames += (buf.len() / o.channels as usize) as u64;
                f(&buf);
            }
            Err(SymError::DecodeError(_)) | Err(SymError::IoError(_)) => continue,
            Err(e) => return Err(format!("cannot decode: {e}")),
        }
    }
    if frames == 0 {
        return Err("no audio could be decoded (truncated or damaged file)".into());
    }
    Ok(frames)
}

/// Duration in milliseconds, from the header where it says, else by decoding.
pub fn duration_ms(path: &Path) -> Result<u64, String> {
    let mut o = open(path)?;
    let frames = match o.frames {
        Some(n) if n > 0 => n,
        _ => decode_each(&mut o, |_| {})?,
    };
    Ok(frames * 1000 / u64::from(o.sample_rate))
}

/// Computes the envelope and the spectrogram in one pass, holding one packet of samples at
/// a time.
pub fn envelope(path: &Path) -> Result<Envelope, String> {
    let mut o = open(path)?;
    let step = ((f64::from(o.sample_rate) * ENVELOPE_STEP_S) as u64).max(1);
    let ch = o.channels as usize;
    let mut spec = SpectrogramBuilder::new(o.sample_rate, o.frames);
    let (mut min, mut max) = (Vec::new(), Vec::new());
    let mut frame = 0u64;
    let (mut lo, mut hi) = (f32::MAX, f32::MIN);
    let frames = decode_each(&mut o, |samples| {
        for chunk in samples.chunks(ch) {
            for &s in chunk {
                lo = lo.min(s);
                hi = hi.max(s);
            }
            spec.push(chunk.iter().sum::<f32>() / chunk.len() as f32);
            frame += 1;
            if frame.is_multiple_of(step) {
                min.push(lo);
                max.push(hi);
                (lo, hi) = (f32::MAX, f32::MIN);
            }
        }
    })?;
    if lo <= hi {
        min.push(lo);
        max.push(hi);
    }
    Ok(Envelope {
        sample_rate: o.sample_rate,
        channels: o.channels,
        duration_s: frames as f64 / f64::from(o.sample_rate),
        min,
        max,
        spectrogram: spec.finish(),
    })
}

/// A clip decoded a packet at a time: playback of a clip of any length holds one packet.
pub struct ClipStream {
    o: Opened,
    buf: Vec<f32>,
    /// Frames still to drop after an accurate seek landed before its target.
    skip_frames: u64,
}

impl ClipStream {
    pub fn open(path: &Path) -> Result<ClipStream, String> {
        Ok(ClipStream {
            o: open(path)?,
            buf: Vec::new(),
            skip_frames: 0,
        })
    }

    pub fn sample_rate(&self) -> u32 {
        self.o.sample_rate
    }

    pub fn channels(&self) -> u16 {
        self.o.channels
    }

    pub fn duration_s(&self) -> Option<f64> {
        self.o
            .frames
            .map(|f| f as f64 / f64::from(self.o.sample_rate))
    }

    /// The next decoded samples, interleaved; `None` at the end (or at a read error, which
    /// ends playback as a cut file would).
    pub fn next_chunk(&mut self) -> Option<&[f32]> {
        loop {
            let format = &mut self.o.format;
            let packet = guarded(move || format.next_packet()).ok()?.ok()??;
            if packet.track_id != self.o.track_id {
                continue;
            }
            let decoder = &mut self.o.decoder;
            let Ok(audio) = guarded(move || decoder.decode(&packet)).ok()? else {
                continue;
            };
            self.buf.resize(audio.samples_interleaved(), 0.0);
            audio.copy_to_slice_interleaved(&mut self.buf);
            let ch = self.o.channels as usize;
            let frames = (self.buf.len() / ch) as u64;
            if self.skip_frames >= frames {
                self.skip_frames -= frames;
                continue;
            }
            let from = self.skip_frames as usize * ch;
            self.skip_frames = 0;
            return Some(&self.buf[from..]);
        }
    }

    /// Jumps to `t` seconds.
    pub fn seek(&mut self, t: f64) -> Result<(), String> {
        use symphonia::core::formats::{SeekMode, SeekTo};
        let time =
            symphonia::core::units::Time::try_from_secs_f64(t.max(0.0)).ok_or("bad seek time")?;
        let (format, track_id) = (&mut self.o.format, self.o.track_id);
        let to = guarded(move || {
            format.seek(
                SeekMode::Accurate,
                SeekTo::Time {
                    time,
                    track_id: Some(track_id),
                },
            )
        })?
        .map_err(|e| format!("cannot seek: {e}"))?;
        let decoder = &mut self.o.decoder;
        guarded(move || decoder.reset())?;
        self.skip_frames =
            u64::try_from(to.required_ts.get().saturating_sub(to.actual_ts.get())).unwrap_or(0);
        Ok(())
    }
}

/// The spectrogram of seconds `from_s..to_s` of a clip at full detail (10 ms columns): the
/// part of a long clip in view when zoomed in, where the whole clip's columns are wider.
pub fn spectrogram_of(path: &Path, from_s: f64, to_s: f64) -> Result<Spectrogram, String> {
    let mut stream = ClipStream::open(path)?;
    let from_s = from_s.max(0.0);
    if from_s > 0.0 {
        stream.seek(from_s)?;
    }
    let rate = stream.sample_rate();
    let ch = usize::from(stream.channels().max(1));
    let frames = ((to_s - from_s).max(0.0) * f64::from(rate)) as u64;
    let mut spec = SpectrogramBuilder::new(rate, Some(frames));
    let mut left = frames;
    while left > 0 {
        let Some(chunk) = stream.next_chunk() else {
            break;
        };
        for frame in chunk
            .chunks(ch)
            .take(usize::try_from(left).unwrap_or(usize::MAX))
        {
            spec.push(frame.iter().sum::<f32>() / frame.len() as f32);
            left -= 1;
        }
    }
    let mut out = spec.finish();
    out.start_s = from_s;
    Ok(out)
}

/// Decodes a whole clip (tests, tools); playback streams with [`ClipStream`].
pub fn decode_clip(path: &Path) -> Result<Clip, String> {
    let mut o = open(path)?;
    let mut samples = Vec::new();
    decode_each(&mut o, |s| samples.extend_from_slice(s))?;
    Ok(Clip {
        sample_rate: o.sample_rate,
        channels: o.channels,
        samples,
    })
}

/// Writes a mono 16-bit PCM WAV: for tests, benchmarks and sample data.
pub fn write_wav(path: &Path, sample_rate: u32, samples: &[f32]) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(File::create(path)?);
    let data_len = (samples.len() * 2) as u32;
    w.write_all(b"RIFF")?;
    w.write_all(&(36 + data_len).to_le_bytes())?;
    w.write_all(b"WAVEfmt ")?;
    w.write_all(&16u32.to_le_bytes())?;
    w.write_all(&1u16.to_le_bytes())?; // PCM
    w.write_all(&1u16.to_le_bytes())?; // mono
    w.write_all(&sample_rate.to_le_bytes())?;
    w.write_all(&(sample_rate * 2).to_le_bytes())?;
    w.write_all(&2u16.to_le_bytes())?;
    w.write_all(&16u16.to_le_bytes())?;
    w.write_all(b"data")?;
    w.write_all(&data_len.to_le_bytes())?;
    for s in samples {
        w.write_all(&((s.clamp(-1.0, 1.0) * 32767.0) as i16).to_le_bytes())?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, secs: f32, amp: f32) -> Vec<f32> {
        (0..(rate as f32 * secs) as usize)
            .map(|i| amp * (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin())
            .collect()
    }

    #[test]
    fn envelope_of_a_known_signal() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("t.wav");
        // 1 s of silence then 1 s of a 0.5-amplitude tone.
        let mut s = vec![0.0; 16_000];
        s.extend(tone(16_000, 1.0, 0.5));
        write_wav(&p, 16_000, &s).unwrap();
        let e = envelope(&p).unwrap();
        assert_eq!(e.sample_rate, 16_000);
        assert!((e.duration_s - 2.0).abs() < 1e-6);
        assert_eq!(e.min.len(), 200);
        assert!(e.max[..100].iter().all(|v| v.abs() < 1e-3), "silence first");
        assert!(
            e.max[100..].iter().all(|v| (v - 0.5).abs() < 0.02),
            "then the tone's peaks"
        );
        assert!(e.min[100..].iter().all(|v| (v + 0.5).abs() < 0.02));
        // The spectrogram from the same pass: a column per 10 ms, dark, then 440 Hz lit.
        let sp = &e.spectrogram;
        assert_eq!(sp.columns(), 200);
        use crate::io::spectrogram::ROWS;
        assert!(sp.levels[50 * ROWS..51 * ROWS].iter().all(|&l| l == 0));
        let row = 440.0 / sp.top_hz * ROWS as f64;
        assert_eq!(sp.levels[150 * ROWS + row as usize], sp.peak);
        assert_eq!(duration_ms(&p).unwrap(), 2000);
        let c = decode_clip(&p).unwrap();
        assert_eq!(c.samples.len(), 32_000);
        // Streaming gives the same samples, and a seek lands where asked.
        let mut st = ClipStream::open(&p).unwrap();
        let mut n = 0;
        while let Some(chunk) = st.next_chunk() {
            n += chunk.len();
        }
        assert_eq!(n, 32_000);
        let mut st = ClipStream::open(&p).unwrap();
        st.seek(1.5).unwrap();
        let mut rest = 0;
        while let Some(chunk) = st.next_chunk() {
            rest += chunk.len();
        }
        assert_eq!(rest, 8_000, "half a second left after seeking to 1.5 s");
    }

    #[test]
    fn a_detail_of_part_of_a_clip_is_at_full_resolution_where_it_is() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("long.wav");
        // 20 minutes at 1 kHz (wider columns than 10 ms for the whole), a 200 Hz tone from
        // 600 s to 601 s.
        let rate = 1000;
        let s: Vec<f32> = (0..rate * 1200)
            .map(|i| {
                let t = i as f32 / rate as f32;
                if (600.0..601.0).contains(&t) {
                    (t * 200.0 * std::f32::consts::TAU).sin() * 0.5
                } else {
                    0.0
                }
            })
            .collect();
        write_wav(&p, rate as u32, &s).unwrap();
        let whole = envelope(&p).unwrap().spectrogram;
        assert!(whole.hop_s > 0.015, "{}", whole.hop_s);
        let detail = spectrogram_of(&p, 598.0, 603.0).unwrap();
        assert_eq!((detail.start_s, detail.columns()), (598.0, 500));
        assert!((detail.hop_s - 0.01).abs() < 1e-9);
        assert!((detail.end_s() - 603.0).abs() < 1e-9);
        let at = |t: f64| detail.db_at(t, 200.0).unwrap();
        assert!(at(600.5) > -10.0 && at(599.5) < -100.0 && at(601.5) < -100.0);
        // The tone starts where it does, to a column or two.
        let onset = (0..500)
            .map(|c| 598.0 + c as f64 * 0.01)
            .find(|&t| at(t) > -30.0)
            .unwrap();
        assert!((onset - 600.0).abs() <= 0.02, "{onset}");
        // Past the clip's end: what there is, no more.
        let tail = spectrogram_of(&p, 1199.0, 1210.0).unwrap();
        assert!((tail.end_s() - 1200.0).abs() < 0.011, "{}", tail.end_s());
        assert!(spectrogram_of(&p, 1300.0, 1310.0).map_or(true, |s| s.columns() == 0));
    }

    #[test]
    fn bad_audio_files_say_why() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.wav");
        std::fs::write(&p, b"").unwrap();
        assert!(duration_ms(&p).unwrap_err().contains("empty"));
        std::fs::write(&p, b"this is not audio at all, just text").unwrap();
        assert!(envelope(&p).unwrap_err().contains("not an audio file"));
        write_wav(&p, 8000, &tone(8000, 1.0, 0.3)).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes[..44]).unwrap(); // header only
        assert!(envelope(&p).is_err());
        // 32,768 channels: symphonia's WAV reader overflows working out the block size
        // (a panic where overflow is checked, as in tests): an error here, never a crash.
        let mut wav = b"RIFF\x30\0\0\0WAVEfmt \x10\0\0\0\x01\0\0\x80".to_vec();
        wav.extend_from_slice(&16_000u32.to_le_bytes());
        wav.extend_from_slice(&32_000u32.to_le_bytes());
        wav.extend_from_slice(b"\x02\0\x10\0data\x04\0\0\0\x01\0\x02\0");
        std::fs::write(&p, &wav).unwrap();
        assert!(envelope(&p).is_err());
        assert!(duration_ms(&p).is_err());
        assert!(ClipStream::open(&p).is_err());
        assert!(
            duration_ms(&d.path().join("missing.wav"))
                .unwrap_err()
                .contains("cannot open")
        );
    }
}
