//! Full-resolution detail under the zoom. The item's texture is downscaled (to
//! [`TEXTURE_SIDE`]); zoomed past it, a 12 MP photo would show 2×2 blocks and a box could not
//! be drawn tight. A worker keeps the current image decoded at full size and cuts out the
//! part in view; the canvas draws it over the texture.

use super::loader::TEXTURE_SIDE;
use crate::core::BoxAnn;
use crate::core::brush::{Brushed, filled};
use crate::io::decode::wand_outline;
use crate::io::decode::{DetailSource, crop_detail, decode_detail};
use egui::{ColorImage, Rect, TextureHandle, TextureOptions, pos2};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

/// The most the worker keeps decoded (a 24 MP JPEG, inside the app's 300 MB); a larger
/// image is kept downscaled to it, still far sharper than the texture.
const KEEP_BYTES: u64 = 72_000_000;
/// The texture must be magnified at least this much before detail is fetched.
const MAGNIFIED: f32 = 1.25;

/// The part of an item's image in view, sharper than its texture.
pub struct Detail {
    pub item: i64,
    /// Where it lies, in display pixels.
    pub region: Rect,
    pub texture: TextureHandle,
    /// Texels per display pixel.
    pub density: f32,
    /// The zoom (screen points per display pixel) it was cut for.
    cut_for: f32,
}

enum Job {
    Cut {
        item: i64,
        path: PathBuf,
        region: [f32; 4],
    },
    Wand(WandJob),
    /// The item changed: let go of the image kept.
    Forget,
}

type Cut = (i64, Result<(egui::ColorImage, [f32; 4]), String>);

/// A click of the magic wand, done where the image's pixels are kept.
#[derive(Debug, Clone)]
pub struct WandJob {
    pub item: i64,
    pub path: PathBuf,
    /// Where it was clicked, in display pixels.
    pub at: [f32; 2],
    pub tolerance: u8,
    /// Takes the region out of the object instead.
    pub erase: bool,
    /// The object it goes into (its index and itself, as it was at the click), or none.
    pub target: Option<(usize, BoxAnn)>,
    /// A new object's label.
    pub label: String,
    /// The image's size as displayed.
    pub image: [f32; 2],
}

/// A wand click done: the object as it became, or why the image could not be read.
pub struct WandDone {
    pub job: WandJob,
    pub result: Result<Brushed, String>,
}

pub struct DetailLoader {
    jobs: Sender<Job>,
    done: Receiver<Cut>,
    wands: Receiver<WandDone>,
    /// Wand clicks sent and not answered yet.
    pub wands_pending: usize,
    /// The zoom of the cut asked for and not answered yet: one at a time, the newest view
    /// wins.
    pending: Option<f32>,
    pub current: Option<Detail>,
    /// An image the worker could not decode: asked for no more.
    failed: Option<i64>,
    /// The item of the last update: a new one lets the kept image go.
    item: Option<i64>,
}

impl DetailLoader {
    pub fn new(ctx: &egui::Context) -> Self {
        let (jobs, rx) = channel::<Job>();
        let (tx, done) = channel::<Cut>();
        let (wand_tx, wands) = channel::<WandDone>();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("detail".into())
            .spawn(move || {
                let mut kept: Option<(i64, DetailSource)> = None;
                while let Ok(first) = rx.recv() {
                    let mut jobs = vec![first];
                    jobs.extend(rx.try_iter());
                    // Views go stale while a cut is made: only the newest is worth cutting.
                    // Wand clicks are each done, in turn.
                    let newest = jobs.iter().rposition(|j| matches!(j, Job::Cut { .. }));
                    for (i, job) in jobs.into_iter().enumerate() {
                        let sent = match job {
                            Job::Forget => {
                                kept = None;
                                continue;
                            }
                            Job::Cut { .. } if Some(i) != newest => continue,
                            Job::Cut { item, path, region } => {
                                let cut = hold(&mut kept, item, &path).map(|img| {
                                    let (rgba, covered) = crop_detail(img, region, TEXTURE_SIDE);
                                    let size = [rgba.width() as usize, rgba.height() as usize];
                                    let image =
                                        ColorImage::from_rgba_unmultiplied(size, rgba.as_raw());
                                    (image, covered)
                                });
                                tx.send((item, cut)).is_ok()
                            }
                            Job::Wand(job) => {
                                let result = hold(&mut kept, job.item, &job.path).map(|img| {
                                    let parts = wand_outline(img, job.at, job.tolerance);
                                    let target = job.target.as_ref().map(|t| &t.1);
                                    filled(target, &job.label, &parts, job.erase, job.image)
                                });
                                wand_tx.send(WandDone { job, result }).is_ok()
                            }
                        };
                        if !sent {
                            return;
                        }
                        ctx.request_repaint();
                    }
                }
            });
        // Without the worker there is no detail; the texture still shows the image.
        drop(spawned);
        DetailLoader {
            jobs,
            done,
            wands,
            wands_pending: 0,
            pending: None,
            current: None,
            failed: None,
            item: None,
        }
    }

    /// Sends a wand click to the worker; its answer comes from `wand_done`.
    pub fn wand(&mut self, job: WandJob) {
        if self.jobs.send(Job::Wand(job)).is_ok() {
            self.wands_pending += 1;
        }
    }

    /// A wand click the worker has done.
    pub fn wand_done(&mut self) -> Option<WandDone> {
        let done = self.wands.try_recv().ok()?;
        self.wands_pending = self.wands_pending.saturating_sub(1);
        Some(done)
    }

    /// A cut is being made.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// The detail to draw over item `item`, if there is one for it.
    pub fn for_item(&self, item: i64) -> Option<&Detail> {
        self.current.as_ref().filter(|d| d.item == item)
    }

    /// Takes a finished cut; asks for a new one when the view (`visible`, in display
    /// pixels, at `scale` screen points per display pixel) magnifies the item's texture
    /// (`texture_density` texels per display pixel) and the detail held does not cover it.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        item: i64,
        path: Option<PathBuf>,
        visible: Rect,
        scale: f32,
        texture_density: f32,
    ) {
        while let Ok((id, cut)) = self.done.try_recv() {
            let cut_for = self.pending.take().unwrap_or(scale);
            match cut {
                Ok((image, covered)) if id == item && image.size[0] > 0 && image.size[1] > 0 => {
                    let region = Rect::from_min_max(
                        pos2(covered[0], covered[1]),
                        pos2(covered[2], covered[3]),
                    );
                    let density = image.size[0] as f32 / region.width().max(1e-3);
                    let opts = TextureOptions {
                        magnification: egui::TextureFilter::Nearest,
                        ..TextureOptions::LINEAR
                    };
                    let texture = ctx.load_texture("detail", image, opts);
                    self.current = Some(Detail {
                        item,
                        region,
                        texture,
                        density,
                        cut_for,
                    });
                }
                Ok(_) => {}
                Err(_) => self.failed = Some(id),
            }
        }
        if self.item != Some(item) {
            self.item = Some(item);
            self.current = None;
            // A cut still queued for the old item may be passed over for the Forget and never
            // answered: waiting for it would stop detail for good.
            self.pending = None;
            let _ = self.jobs.send(Job::Forget);
        }
        let Some(path) = path else { return };
        // A texture that holds every pixel already is as sharp as the file.
        let magnified = texture_density < 0.99 && scale > texture_density * MAGNIFIED;
        if !magnified
            || self.pending.is_some()
            || self.failed == Some(item)
            || visible.area() <= 0.0
        {
            return;
        }
        // As sharp as the screen can show, and no sharper than the file; a cut is at most
        // TEXTURE_SIDE wide, so a wide view gets what fits.
        let side = TEXTURE_SIDE as f32;
        let need = scale.min(1.0);
        let widest = visible.width().max(visible.height());
        let reachable = need.min(side / widest);
        // Held: it covers the view, and is as sharp as wanted or was cut for this zoom
        // already (a file with fewer pixels than the screen cannot give more).
        let held = self.current.as_ref().is_some_and(|d| {
            // Half a pixel of slack: float rounding at the image's edge must not ask again.
            d.region.expand(0.5).contains_rect(visible)
                && (d.density >= reachable * 0.9 || scale <= d.cut_for * 1.1)
        });
        if held {
            return;
        }
        // A margin around the view, so small pans stay inside the cut, as far as the
        // sharpness allows.
        let cap = (side / need).max(widest);
        let margin = |extent: f32| ((cap - extent) / 2.0).clamp(0.0, extent * 0.5);
        let region = visible.expand2(egui::vec2(
            margin(visible.width()),
            margin(visible.height()),
        ));
        let job = Job::Cut {
            item,
            path,
            region: [region.min.x, region.min.y, region.max.x, region.max.y],
        };
        if self.jobs.send(job).is_ok() {
            self.pending = Some(scale);
        }
    }
}

/// The image of `item`, decoded at full size and kept (the one kept before let go first).
fn hold<'a>(
    kept: &'a mut Option<(i64, DetailSource)>,
    item: i64,
    path: &std::path::Path,
) -> Result<&'a DetailSource, String> {
    if kept.as_ref().is_none_or(|(id, _)| *id != item) {
        *kept = None; // the old one goes before the new one is decoded
        *kept = Some((item, decode_detail(path, KEEP_BYTES)?));
    }
    match kept {
        Some((_, img)) => Ok(img),
        None => Err("the image is not held".into()),
    }
}
