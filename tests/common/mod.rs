//! Helpers shared by the integration tests: media made on the fly, the real binary.
#![allow(dead_code)]

#[cfg(feature = "gui")]
pub mod ui;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Writes a JPEG of `w`×`h` stored pixels, with an EXIF orientation tag when given.
pub fn write_jpeg(path: &Path, w: u32, h: u32, orientation: Option<u16>) {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
        .unwrap();
    if let Some(o) = orientation {
        // APP1 Exif segment right after SOI, little-endian TIFF with one IFD0 entry.
        let mut tiff = b"Exif\0\0II".to_vec();
        tiff.extend_from_slice(&42u16.to_le_bytes());
        tiff.extend_from_slice(&8u32.to_le_bytes());
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&0x0112u16.to_le_bytes());
        tiff.extend_from_slice(&3u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&o.to_le_bytes());
        tiff.extend_from_slice(&[0, 0]);
        tiff.extend_from_slice(&0u32.to_le_bytes());
        let mut seg = vec![0xFF, 0xE1];
        seg.extend_from_slice(&((tiff.len() + 2) as u16).to_be_bytes());
        seg.extend_from_slice(&tiff);
        bytes.splice(2..2, seg);
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

pub fn write_png(path: &Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([x as u8, 40, 200]));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    img.save(path).unwrap();
}

/// Runs the real binary.
pub fn keylabel(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keylabel"))
        .args(args.iter().map(|a| a.as_ref()))
        .env("USER", "tester")
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and asserts success, returning stdout.
pub fn ok(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let o = keylabel(args);
    assert!(
        o.status.success(),
        "keylabel failed: {}\n{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// Reads a JSONL file into values.
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Exports a project's items with `status` as JSONL through the binary and reads the rows.
pub fn export_rows(project: &Path, status: &str) -> Vec<serde_json::Value> {
    let out = project.with_extension(format!("{status}.jsonl"));
    ok(&[
        &"export",
        &project,
        &"--format",
        &"jsonl",
        &"--out",
        &out,
        &"--status",
        &status,
    ]);
    read_jsonl(&out)
}

/// The sample photos shipped in the repo.
pub fn sample_images() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/images")
}

/// A folder of small generated images: 3 plain, 1 rotated by EXIF, names with spaces/unicode.
pub fn image_folder(dir: &Path) -> PathBuf {
    let d = dir.join("images");
    write_jpeg(&d.join("img10.jpg"), 64, 48, None);
    write_jpeg(&d.join("img2.jpg"), 64, 48, None);
    write_png(&d.join("sub dir/猫 1.png"), 30, 20);
    write_jpeg(&d.join("rotated.jpg"), 80, 40, Some(6));
    d
}
