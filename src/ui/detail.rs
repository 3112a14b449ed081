//! Full-resolution detail under the zoom. The item's texture is downscaled (to
//! [`TEXTURE_SIDE`]); zoomed past it, a 12 MP photo would show 2×2 blocks and a box could not
//! be drawn tight. A worker keeps the current image decoded at full size and cuts out the
//! part in view; the canvas draws it over the texture.

use super::loader::TEXTURE_SIDE;
use crate::core::BoxAnn;
use crate::core::brush::{Brushed, Stroke, brushed, filled};
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
    Shape(ShapeJob),
    /// The region the wand would fill at `at`, outlined for the pointer resting there.
    Preview(WandPreview),
    /// The item changed: let go of the image kept.
    Forget,
    /// Decode the item's image now and keep it (the wand was taken up): its first preview
    /// and click need not wait for the decode.
    Hold {
        item: i64,
        path: PathBuf,
    },
}

/// The region the wand would fill where the pointer rests (display pixels), outlined:
/// seen before the click, so a tolerance too wide or too narrow is caught without an undo.
#[derive(Debug, Clone, PartialEq)]
pub struct WandPreview {
    pub item: i64,
    pub path: PathBuf,
    pub at: [f32; 2],
    pub tolerance: u8,
    /// The region's outline, once worked out (empty until then, or where none can be).
    pub parts: Vec<Vec<[f32; 2]>>,
}

type Cut = (i64, Result<(egui::ColorImage, [f32; 4]), String>);

/// A change to an object's shape worked out off the UI thread: a wand click (done where the
/// image's pixels are kept) or a brush stroke (its pixels traced again).
#[derive(Debug, Clone)]
pub struct ShapeJob {
    pub item: i64,
    pub tool: Tool,
    /// The object it changes (its index and itself, as it was when sent), or none.
    pub target: Option<(usize, BoxAnn)>,
    /// A new object's label.
    pub label: String,
    /// The image's size as displayed.
    pub image: [f32; 2],
}

#[derive(Debug, Clone)]
pub enum Tool {
    /// Clicked at `at` (display pixels) of the image at `path`; `erase` takes it out.
    Wand {
        path: PathBuf,
        at: [f32; 2],
        tolerance: u8,
        erase: bool,
    },
    Brush(Stroke),
}

/// A shape job done: the object as it became, or why the image could not be read.
pub struct ShapeDone {
    pub job: ShapeJob,
    pub result: Result<Brushed, String>,
}

pub struct DetailLoader {
    jobs: Sender<Job>,
    done: Receiver<Cut>,
    shapes: Receiver<ShapeDone>,
    previews: Receiver<WandPreview>,
    /// Shape jobs sent and not answered yet.
    pub shapes_pending: usize,
    /// A wand preview asked for and not answered yet: one at a time, the newest wins.
    pub preview_pending: bool,
    /// The zoom of the cut asked for and not answered yet: one at a time, the newest view
    /// wins.
    pending: Option<f32>,
    pub current: Option<Detail>,
    /// An image the worker could not decode: asked for no more.
    failed: Option<i64>,
    /// The item of the last update: a new one lets the kept image go.
    item: Option<i64>,
    /// The item whose image the worker was asked to hold.
    held: Option<i64>,
}

impl DetailLoader {
    pub fn new(ctx: &egui::Context) -> Self {
        let (jobs, rx) = channel::<Job>();
        let (tx, done) = channel::<Cut>();
        let (shape_tx, shapes) = channel::<ShapeDone>();
        let (preview_tx, previews) = channel::<WandPreview>();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("detail".into())
            .spawn(move || {
                let mut kept: Option<(i64, DetailSource)> = None;
                while let Ok(first) = rx.recv() {
                    let mut jobs = vec![first];
                    jobs.extend(rx.try_iter());
                    // Views go stale while a cut is made: only the newest is worth cutting.
                    // Shape jobs are each done, in turn.
                    let newest = jobs.iter().rposition(|j| matches!(j, Job::Cut { .. }));
                    // So are previews: the pointer has moved on from the older ones.
                    let last_preview = jobs.iter().rposition(|j| matches!(j, Job::Preview(_)));
                    for (i, job) in jobs.into_iter().enumerate() {
                        let sent = match job {
                            Job::Forget => {
                                kept = None;
                                continue;
                            }
                            Job::Hold { item, path } => {
                                // A failure is said by the click that needs the image.
                                let _ = hold(&mut kept, item, &path);
                                continue;
                            }
                            Job::Cut { .. } if Some(i) != newest => continue,
                            Job::Preview(mut p) => {
                                // A preview passed over is still answered (with no region):
                                // the one waiting for it asks again.
                                if Some(i) == last_preview
                                    && let Ok(img) = hold(&mut kept, p.item, &p.path)
                                {
                                    p.parts = wand_outline(img, p.at, p.tolerance);
                                }
                                preview_tx.send(p).is_ok()
                            }
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
                            Job::Shape(job) => {
                                let target = job.target.as_ref().map(|t| &t.1);
                                let (label, image) = (&job.label, job.image);
                                let result = match &job.tool {
                                    Tool::Wand {
                                        path,
                                        at,
                                        tolerance,
                                        erase,
                                    } => hold(&mut kept, job.item, path).map(|img| {
                                        let parts = wand_outline(img, *at, *tolerance);
                                        filled(target, label, &parts, *erase, image)
                                    }),
                                    Tool::Brush(stroke) => {
                                        Ok(brushed(target, label, stroke, image))
                                    }
                                };
                                shape_tx.send(ShapeDone { job, result }).is_ok()
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
            shapes,
            previews,
            shapes_pending: 0,
            preview_pending: false,
            pending: None,
            current: None,
            failed: None,
            item: None,
            held: None,
        }
    }

    /// Sends a shape job to the worker; its answer comes from `shape_done`. False when
    /// there is no worker to do it.
    pub fn shape(&mut self, job: ShapeJob) -> bool {
        let sent = self.jobs.send(Job::Shape(job)).is_ok();
        self.shapes_pending += usize::from(sent);
        sent
    }

    /// A shape job the worker has done.
    pub fn shape_done(&mut self) -> Option<ShapeDone> {
        let done = self.shapes.try_recv().ok()?;
        self.shapes_pending = self.shapes_pending.saturating_sub(1);
        Some(done)
    }

    /// Asks for the region the wand would fill (`job.parts` empty); its answer comes from
    /// `preview_done`.
    pub fn preview(&mut self, job: WandPreview) {
        self.preview_pending = self.jobs.send(Job::Preview(job)).is_ok();
    }

    /// The item whose image the worker was asked to hold (the wand up on it).
    pub fn held(&self) -> Option<i64> {
        self.held
    }

    /// Has the worker decode item `item`'s image now and keep it, once per item shown.
    pub fn hold(&mut self, item: i64, path: PathBuf) {
        if self.held != Some(item) && self.item == Some(item) {
            self.held = Some(item);
            let _ = self.jobs.send(Job::Hold { item, path });
        }
    }

    /// The newest wand preview the worker has done.
    pub fn preview_done(&mut self) -> Option<WandPreview> {
        let last = self.previews.try_iter().last()?;
        self.preview_pending = false;
        Some(last)
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
            self.held = None;
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
