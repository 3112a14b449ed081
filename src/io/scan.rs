//! Image folders: a recursive walk in natural order, sizes from headers, on worker threads.

use super::header::image_size;
use super::{IoError, Problem};
use crate::core::natural::natural_cmp;
use crate::core::{MediaKind, NewItem};
use serde_json::Map;
use std::path::{Path, PathBuf};

/// Extensions of the images Keylabel reads.
pub const IMAGE_EXTENSIONS: [&str; 8] = ["jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff"];

/// The images found under a folder.
#[derive(Debug, Default)]
pub struct Scan {
    pub items: Vec<NewItem>,
    pub problems: Vec<Problem>,
}

pub fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Lists image files under `dir` (hidden files and folders skipped), relative to it, in
/// natural order. Symlinks are followed; a loop is reported, not walked forever.
pub fn list_images(dir: &Path) -> Result<(Vec<String>, Vec<Problem>), IoError> {
    list_media(dir, is_image)
}

/// Lists the files under `dir` that `wanted` accepts, as [`list_images`] does.
pub fn list_media(
    dir: &Path,
    wanted: fn(&Path) -> bool,
) -> Result<(Vec<String>, Vec<Problem>), IoError> {
    if !dir.is_dir() {
        return Err(IoError::invalid(
            dir,
            "media folder not found (or not a folder)",
        ));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && wanted(e.path()) => {
                match e.path().strip_prefix(dir).ok().and_then(|p| p.to_str()) {
                    Some(rel) => files.push(rel.replace('\\', "/")),
                    None => problems.push(Problem::new(
                        e.path(),
                        None,
                        "file name is not valid UTF-8; skipped",
                    )),
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let message = if err.loop_ancestor().is_some() {
                    "symlink loop; not followed".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), |e| e.to_string())
                };
                problems.push(Problem::new(&path, None, message));
            }
        }
    }
    files.sort_by(|a, b| natural_cmp(a, b));
    Ok((files, problems))
}

/// Scans an image folder: each readable image becomes a new item keyed by `root/media`.
/// `root` is how the folder is recorded in the project (relative to it where possible).
pub fn scan_images(dir: &Path, root: &str) -> Result<Scan, IoError> {
    let (files, mut problems) = list_images(dir)?;
    let sizes = read_sizes(dir, &files);
    let mut items = Vec::with_capacity(files.len());
    for (rel, size) in files.into_iter().zip(sizes) {
        match size {
            Ok((w, h)) => items.push(NewItem {
                key: format!("m:{root}/{rel}"),
                kind: MediaKind::Image,
                root: Some(root.to_string()),
                media: Some(rel),
                data: Map::new(),
                width: Some(w),
                height: Some(h),
                duration_ms: None,
            }),
            Err(msg) => problems.push(Problem::new(&dir.join(&rel), None, msg)),
        }
    }
    Ok(Scan { items, problems })
}

/// Scans an audio folder: each clip whose duration can be read becomes a new item.
pub fn scan_audio(dir: &Path, root: &str) -> Result<Scan, IoError> {
    let (files, mut problems) = list_media(dir, super::audio::is_audio)?;
    let durations = parallel(&files, |f| super::audio::duration_ms(&dir.join(f)));
    let mut items = Vec::with_capacity(files.len());
    for (rel, d) in files.into_iter().zip(durations) {
        match d {
            Ok(ms) => items.push(NewItem {
                key: format!("m:{root}/{rel}"),
                kind: MediaKind::Audio,
                root: Some(root.to_string()),
                media: Some(rel),
                data: Map::new(),
                width: None,
                height: None,
                duration_ms: Some(ms),
            }),
            Err(msg) => problems.push(Problem::new(&dir.join(&rel), None, msg)),
        }
    }
    Ok(Scan { items, problems })
}

/// Runs `f` over `files` on all cores; the answers are in the order of `files`.
fn parallel<T: Send>(
    files: &[String],
    f: impl Fn(&str) -> Result<T, String> + Sync,
) -> Vec<Result<T, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|x| f(x)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .zip(files.chunks(chunk))
            .flat_map(|(h, part)| {
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|_| Err("reader failed".to_string()))
                        .collect()
                })
            })
            .collect()
    })
}

/// Reads header sizes on all cores; the answer is in the order of `files`.
fn read_sizes(dir: &Path, files: &[String]) -> Vec<Result<(u32, u32), String>> {
    parallel(files, |f| image_size(&dir.join(f)))
}

/// `path` relative to `base` when one can be derived (both made absolute first), else
/// `path` made absolute.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let abs = |p: &Path| {
        std::fs::canonicalize(p)
            .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
    };
    let (p, b) = (abs(path), abs(base));
    let pc: Vec<_> = p.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = pc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return p;
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &pc[common..] {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_siblings() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("a/b")).unwrap();
        std::fs::create_dir_all(d.path().join("proj")).unwrap();
        assert_eq!(
            relative_to(&d.path().join("a/b"), &d.path().join("proj")),
            PathBuf::from("../a/b")
        );
        assert_eq!(
            relative_to(&d.path().join("proj"), &d.path().join("proj")),
            PathBuf::from(".")
        );
    }

    #[test]
    fn walk_is_natural_skips_hidden_and_non_images() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "img10.jpg",
            "img2.PNG",
            "notes.txt",
            ".hidden.jpg",
            "sub/img1.jpg",
            ".git/x.jpg",
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        let (files, problems) = list_images(d.path()).unwrap();
        assert_eq!(files, vec!["img2.PNG", "img10.jpg", "sub/img1.jpg"]);
        assert!(problems.is_empty());
        let scan = scan_images(d.path(), "imgs").unwrap();
        assert!(scan.items.is_empty(), "1-byte files are not images");
        assert_eq!(scan.problems.len(), 3);
    }

    #[test]
    fn missing_folder_is_an_error_naming_it() {
        let e = list_images(Path::new("/no/such/folder")).unwrap_err();
        assert!(e.to_string().contains("/no/such/folder"));
    }
}
