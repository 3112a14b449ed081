//! Audio manifests: NeMo-style JSONL (`audio_filepath`, `duration`, `text`, …) and CSV/TSV
//! like Common Voice's (`path`, `sentence`, …). Relative audio paths resolve against the
//! manifest's folder (and its `clips/` folder, where Common Voice keeps them).

use super::audio::{duration_ms, is_audio};
use crate::core::{MediaKind, NewItem};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The field naming the audio file, if this record is a manifest line.
pub fn audio_field(data: &Map<String, Value>) -> Option<&'static str> {
    if data.contains_key("audio_filepath") {
        return Some("audio_filepath");
    }
    match data.get("path") {
        Some(Value::String(p)) if is_audio(Path::new(p)) => Some("path"),
        _ => None,
    }
}

/// Turns one manifest record into an audio item. `root` is how the manifest's folder is
/// recorded in the project. The message of an error names the field that is wrong.
pub fn manifest_item(
    manifest: &Path,
    root: &str,
    mut data: Map<String, Value>,
) -> Result<NewItem, String> {
    let field = audio_field(&data).ok_or("no `audio_filepath` (or `path`) field")?;
    let rel = match data.remove(field) {
        Some(Value::String(p)) if !p.trim().is_empty() => p,
        other => {
            return Err(format!(
                "`{field}` should be a file path, found {}",
                other.map_or("nothing".into(), |v| v.to_string())
            ));
        }
    };
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let candidates: Vec<PathBuf> = if Path::new(&rel).is_absolute() {
        vec![PathBuf::from(&rel)]
    } else {
        vec![dir.join(&rel), dir.join("clips").join(&rel)]
    };
    let Some(found) = candidates.iter().find(|p| p.is_file()) else {
        return Err(format!("`{field}`: audio file {rel} not found"));
    };
    // Kept as written, relative to the manifest's folder (or absolute).
    let media = match found.strip_prefix(dir) {
        Ok(r) if !Path::new(&rel).is_absolute() => r.to_string_lossy().replace('\\', "/"),
        _ => found.to_string_lossy().into_owned(),
    };
    let duration_ms = match data.get("duration") {
        None | Some(Value::Null) => duration_ms(found).map_err(|e| format!("{media}: {e}"))?,
        Some(Value::Number(n)) if n.as_f64().is_some_and(|d| d.is_finite() && d >= 0.0) => {
            (n.as_f64().unwrap_or(0.0) * 1000.0).round() as u64
        }
        Some(v) => {
            return Err(format!(
                "`duration` should be seconds (a number ≥ 0), found {v}"
            ));
        }
    };
    let root = if Path::new(&media).is_absolute() {
        String::new()
    } else {
        root.to_string()
    };
    Ok(NewItem {
        key: format!("m:{root}/{media}"),
        kind: MediaKind::Audio,
        root: (!root.is_empty()).then_some(root),
        media: Some(media),
        data,
        width: None,
        height: None,
        duration_ms: Some(duration_ms),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_and_checks_duration() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("clips")).unwrap();
        super::super::audio::write_wav(&d.path().join("a.wav"), 8000, &[0.0; 8000]).unwrap();
        super::super::audio::write_wav(&d.path().join("clips/b.wav"), 8000, &[0.0; 4000]).unwrap();
        let m = d.path().join("m.jsonl");
        let rec = |j: &str| serde_json::from_str::<Map<String, Value>>(j).unwrap();
        let a = manifest_item(
            &m,
            "data",
            rec(r#"{"audio_filepath":"a.wav","duration":1.25,"text":"hi"}"#),
        )
        .unwrap();
        assert_eq!(
            (a.media.as_deref(), a.duration_ms, a.data["text"].as_str()),
            (Some("a.wav"), Some(1250), Some("hi"))
        );
        let b = manifest_item(&m, "data", rec(r#"{"path":"b.wav","sentence":"yo"}"#)).unwrap();
        assert_eq!(
            (b.media.as_deref(), b.duration_ms),
            (Some("clips/b.wav"), Some(500))
        );
        assert!(
            manifest_item(&m, "data", rec(r#"{"audio_filepath":"nope.wav"}"#))
                .unwrap_err()
                .contains("not found")
        );
        assert!(
            manifest_item(
                &m,
                "data",
                rec(r#"{"audio_filepath":"a.wav","duration":"long"}"#)
            )
            .unwrap_err()
            .contains("`duration`")
        );
        assert!(
            manifest_item(
                &m,
                "data",
                rec(r#"{"audio_filepath":"a.wav","duration":-1}"#)
            )
            .is_err()
        );
    }
}
