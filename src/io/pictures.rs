//! Pictures and clips named by a record's fields: a text-to-image comparison's `image_a` and
//! `image_b`, a chart a question is about, a TTS comparison's two readings of a sentence.
//! The record stays a text item; the app shows the picture (or a player for the clip) where
//! the path would be. Paths are relative to the records file's folder (or absolute); web
//! addresses are left as text — nothing is fetched, nothing leaves the machine.

use super::Problem;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Longer strings are text, not a path.
const MAX_PATH_CHARS: usize = 1_024;
/// Missing files named one by one in an import's notice; the rest are counted.
const NAMED: usize = 3;

/// What a field's value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldFile {
    Picture,
    Clip,
}

/// The path a field's value names, when it is a picture's: one line, an image file
/// extension, not a web address.
pub fn picture_ref(v: &Value) -> Option<&str> {
    path_with(v, &super::scan::IMAGE_EXTENSIONS)
}

/// The path a field's value names, when it is an audio clip's (`audio_b`: `tts/b/0412.wav`).
pub fn clip_ref(v: &Value) -> Option<&str> {
    path_with(v, &super::audio::AUDIO_EXTENSIONS)
}

/// A picture's or a clip's path, and which.
pub fn file_ref(v: &Value) -> Option<(&str, FieldFile)> {
    (picture_ref(v).map(|p| (p, FieldFile::Picture)))
        .or_else(|| clip_ref(v).map(|p| (p, FieldFile::Clip)))
}

fn path_with<'a>(v: &'a Value, extensions: &[&str]) -> Option<&'a str> {
    let s = v.as_str()?;
    if s.len() > MAX_PATH_CHARS {
        return None;
    }
    let s = s.trim();
    // The extension first: every field of every record comes here, and prose ends in none.
    let (_, ext) = s.rsplit_once('.')?;
    if !extensions.iter().any(|x| x.eq_ignore_ascii_case(ext)) || ext.contains(['/', '\\']) {
        return None;
    }
    let plain = !s.contains(['\n', '\r']) && !s.contains("://") && !s.starts_with("data:");
    (plain && Path::new(s).extension().is_some()).then_some(s)
}

/// Where a picture or clip named `rel` is, for a records file in `base`.
pub fn named_file(base: &Path, rel: &str) -> PathBuf {
    let rel = rel.replace('\\', "/");
    let p = Path::new(&rel);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        super::clean_path(&base.join(p))
    }
}

/// The pictures and clips an import's records name that are not on disk: the records still
/// go in (the app says so in the file's place); the import says how many, and where.
#[derive(Debug, Default)]
pub struct MissingFiles {
    pictures: u64,
    clips: u64,
    first: Vec<(Option<u64>, String, String)>,
}

impl MissingFiles {
    /// Checks the files one record names (a file check only for a value that is a path).
    pub fn check(&mut self, base: &Path, line: Option<u64>, data: &Map<String, Value>) {
        for (field, v) in data {
            let Some((rel, kind)) = file_ref(v) else {
                continue;
            };
            if named_file(base, rel).is_file() {
                continue;
            }
            match kind {
                FieldFile::Picture => self.pictures += 1,
                FieldFile::Clip => self.clips += 1,
            }
            if self.first.len() < NAMED {
                self.first.push((line, field.clone(), rel.to_string()));
            }
        }
    }

    /// One notice for the lot, on the first one's line.
    pub fn notice(&self, path: &Path) -> Option<Problem> {
        let (line, _, _) = self.first.first()?;
        let named: Vec<String> = (self.first.iter())
            .map(|(l, f, rel)| match l {
                Some(l) => format!("line {l} `{f}`: {rel}"),
                None => format!("`{f}`: {rel}"),
            })
            .collect();
        let count = self.pictures + self.clips;
        let more = match count as usize - self.first.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let what = match (self.pictures, self.clips) {
            (_, 0) => "picture",
            (0, _) => "clip",
            _ => "file",
        };
        let base = path.parent().unwrap_or(Path::new(""));
        Some(Problem::new(
            path,
            *line,
            format!(
                "{count} {what}{} named here {} not found ({}{more}; paths are read from {}): \
                 the records are in, each shows what is missing in the {what}'s place",
                if count == 1 { "" } else { "s" },
                if count == 1 { "was" } else { "were" },
                named.join(", "),
                if base.as_os_str().is_empty() {
                    "this folder".to_string()
                } else {
                    base.display().to_string()
                }
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_path_with_an_image_extension_is_a_picture_and_text_is_not() {
        assert_eq!(picture_ref(&json!("imgs/a.png")), Some("imgs/a.png"));
        assert_eq!(picture_ref(&json!(" out/b.JPG ")), Some("out/b.JPG"));
        for not in [
            json!("a photo of a cat"),
            json!("https://example.com/a.png"),
            json!("see a.png\nand b.png"),
            json!("data:image/png;base64,AAAA.png"),
            json!(3),
            json!(["a.png"]),
            json!(format!("{}.png", "x".repeat(2000))),
        ] {
            assert_eq!(picture_ref(&not), None, "{not}");
        }
    }

    #[test]
    fn a_path_with_an_audio_extension_is_a_clip() {
        assert_eq!(clip_ref(&json!("tts/b/0412.wav")), Some("tts/b/0412.wav"));
        assert_eq!(
            file_ref(&json!("a.FLAC")),
            Some(("a.FLAC", FieldFile::Clip))
        );
        assert_eq!(
            file_ref(&json!("a.png")),
            Some(("a.png", FieldFile::Picture))
        );
        for not in [
            json!("a.png"),
            json!("https://example.com/a.mp3"),
            json!("say it.\nagain.mp3"),
            json!(".wav"),
            json!("notes.wav/readme"),
        ] {
            assert_eq!(clip_ref(&not), None, "{not}");
        }
    }

    #[test]
    fn missing_clips_are_named_as_clips_and_a_mix_as_files() {
        let rec = json!({"a": "gone.wav"});
        let mut m = MissingFiles::default();
        m.check(Path::new("/nowhere"), Some(1), rec.as_object().unwrap());
        let n = m.notice(Path::new("/nowhere/x.jsonl")).unwrap();
        assert!(
            n.message.starts_with("1 clip named here was not found"),
            "{}",
            n.message
        );
        assert!(n.message.ends_with("in the clip's place"), "{}", n.message);
        m.check(
            Path::new("/nowhere"),
            Some(2),
            json!({"b": "gone.png"}).as_object().unwrap(),
        );
        let n = m.notice(Path::new("/nowhere/x.jsonl")).unwrap();
        assert!(n.message.starts_with("2 files named here"), "{}", n.message);
    }

    #[test]
    fn relative_paths_resolve_against_the_records_folder() {
        let base = Path::new("/data/run1");
        assert_eq!(
            named_file(base, "../imgs/a.png"),
            PathBuf::from("/data/imgs/a.png")
        );
        assert_eq!(
            named_file(base, "b\\c.png"),
            PathBuf::from("/data/run1/b/c.png")
        );
    }

    #[test]
    fn missing_pictures_are_counted_and_the_first_named_with_their_lines() {
        let t = tempfile::tempdir().unwrap();
        image::RgbImage::new(2, 2)
            .save(t.path().join("here.png"))
            .unwrap();
        let mut m = MissingFiles::default();
        for line in 1..=5u64 {
            let rec = json!({"prompt": "a cat", "image_a": "here.png", "image_b": format!("gone{line}.png")});
            m.check(t.path(), Some(line), rec.as_object().unwrap());
        }
        let n = m.notice(&t.path().join("items.jsonl")).unwrap();
        assert_eq!(n.line, Some(1));
        assert!(
            n.message
                .starts_with("5 pictures named here were not found"),
            "{}",
            n.message
        );
        assert!(
            n.message.contains("line 2 `image_b`: gone2.png"),
            "{}",
            n.message
        );
        assert!(n.message.contains("and 2 more"), "{}", n.message);
        assert!(!n.message.contains("here.png"), "{}", n.message);
        assert!(
            MissingFiles::default()
                .notice(Path::new("x.jsonl"))
                .is_none()
        );
    }
}
