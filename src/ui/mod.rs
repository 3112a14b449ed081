//! The desktop app (egui/eframe). Draws and maps input to actions; never blocks on disk.

use std::path::PathBuf;

/// What the app was started with.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    pub path: Option<PathBuf>,
    pub annotator: Option<String>,
    pub screenshot: Option<PathBuf>,
}

/// Runs the window until it is closed.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let _ = launch;
    anyhow::bail!("the desktop app is not built yet")
}
