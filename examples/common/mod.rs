//! Helpers the benchmarks share.

/// A JPEG of `w`×`h` with a pattern that depends on `seed`.
pub fn jpeg(w: u32, h: u32, seed: u32) -> anyhow::Result<Vec<u8>> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            ((x ^ y) + seed * 40) as u8,
            ((x * 3 + y) / 7) as u8,
            ((y * 5 + seed) / 3) as u8,
        ])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Jpeg,
    )?;
    Ok(bytes)
}

/// The process's peak resident memory so far (VmHWM), in MB.
pub fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|v| v.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
