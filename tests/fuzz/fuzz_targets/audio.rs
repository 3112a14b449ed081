//! Audio files as the waveform's worker reads them: decoded once into the envelope and the
//! spectrogram, then a segment over the clip fitted to its sound as Shift+T does, all of
//! them as Ctrl+Shift+T does, and the middle half's spectrogram in detail (a seek into it)
//! as a zoomed view asks.
#![no_main]
use keylabel::core::{Segment, segments};
use keylabel::io::spectrogram::ROWS;
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // A panic inside the decoder is caught and made an error (`io::audio::guarded`):
        // only those unwind; any other panic aborts, as libFuzzer's hook has it.
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/symphonia")) {
                abort(info);
            }
        }));
    },
    |data: &[u8]| {
        // One file per fuzzing process; the decoder reads it by path, as the app does.
        let path = std::env::temp_dir().join(format!("keylabel-fuzz-{}.wav", std::process::id()));
        if std::fs::write(&path, data).is_err() {
            return;
        }
        if let Ok(env) = keylabel::io::audio::envelope(&path) {
            assert_eq!(env.min.len(), env.max.len());
            assert_eq!(env.spectrogram.levels.len() % ROWS, 0);
            assert!(env.spectrogram.hop_s > 0.0);
            let whole = Segment {
                label: "speech".into(),
                start_s: env.duration_s * 0.1,
                end_s: env.duration_s * 0.9,
                text: String::new(),
            };
            if let Some((a, b)) = segments::fit_to_sound(&whole, &env.levels(), env.step_s(), &[]) {
                assert!(a.is_finite() && b.is_finite() && a <= b, "{a} {b}");
            }
            let levels = env.levels();
            if let Some(sound) = segments::Sound::new(&levels, env.step_s()) {
                let halves = [
                    Segment { end_s: env.duration_s * 0.5, ..whole.clone() },
                    Segment { start_s: env.duration_s * 0.5, ..whole.clone() },
                ];
                let (fitted, moved) = sound.fit_all(&halves);
                assert!(moved <= 2 && fitted.len() == 2);
                assert!(fitted[0].end_s <= fitted[1].start_s + 1e-9, "{fitted:?}");
            }
            let (from, to) = (env.duration_s * 0.25, env.duration_s * 0.75);
            if let Ok(detail) = keylabel::io::audio::spectrogram_of(&path, from, to) {
                assert_eq!(detail.levels.len() % ROWS, 0);
                assert!(detail.hop_s > 0.0 && detail.start_s == from.max(0.0));
            }
        }
    }
);
