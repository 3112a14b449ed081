//! Decoding images on worker threads into a small texture cache, with prefetch of the
//! neighbours. The UI thread only uploads finished pixels; it never waits on disk.

use crate::io::decode::decode_for_display;
use egui::{ColorImage, TextureHandle, TextureOptions};
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

/// Longest texture side: a 20000×20000 image shows downscaled to this.
pub const TEXTURE_SIDE: u32 = 2048;
/// Textures kept: the current item, two ahead and one behind (what is prefetched).
const CAPACITY: usize = 4;
/// One decode at a time: a 12 MP decode holds ~50 MB while it runs, and the 300 MB budget
/// of the app does not fit two; one worker still decodes ~6 such photos a second.
const WORKERS: usize = 1;

/// The state of one item's picture.
pub enum Slot {
    Loading,
    Ready(TextureHandle),
    Failed(String),
}

struct Job {
    id: i64,
    path: PathBuf,
}

type Decoded = (i64, Result<ColorImage, String>);

pub struct ImageLoader {
    jobs: Sender<Job>,
    done: Receiver<Decoded>,
    /// Ids still wanted: a worker drops a queued job whose id is no longer here.
    wanted: Arc<Mutex<HashSet<i64>>>,
    slots: HashMap<i64, Slot>,
    /// Least recently wanted first.
    order: VecDeque<i64>,
}

impl ImageLoader {
    pub fn new(ctx: &egui::Context) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Decoded>();
        let job_rx = Arc::new(Mutex::new(job_rx));
        let wanted = Arc::new(Mutex::new(HashSet::new()));
        for n in 0..WORKERS {
            let (job_rx, done_tx, wanted, ctx) =
                (job_rx.clone(), done_tx.clone(), wanted.clone(), ctx.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("decode-{n}"))
                .spawn(move || {
                    loop {
                        let job = match job_rx.lock() {
                            Ok(rx) => match rx.recv() {
                                Ok(j) => j,
                                Err(_) => return, // the app is gone
                            },
                            Err(_) => return,
                        };
                        let still_wanted =
                            wanted.lock().map(|w| w.contains(&job.id)).unwrap_or(true);
                        if !still_wanted {
                            continue;
                        }
                        let result = decode_for_display(&job.path, TEXTURE_SIDE).map(|img| {
                            let size = [img.rgba.width() as usize, img.rgba.height() as usize];
                            ColorImage::from_rgba_unmultiplied(size, img.rgba.as_raw())
                        });
                        if done_tx.send((job.id, result)).is_err() {
                            return;
                        }
                        ctx.request_repaint();
                    }
                });
            // Without workers nothing decodes; the slots then stay Loading and say so.
            drop(spawned);
        }
        ImageLoader {
            jobs,
            done,
            wanted,
            slots: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// Takes finished decodes and turns them into textures.
    pub fn poll(&mut self, ctx: &egui::Context) {
        while let Ok((id, result)) = self.done.try_recv() {
            let slot = match result {
                Ok(img) => {
                    // Nearest when magnified: pixels stay crisp at high zoom.
                    let opts = TextureOptions {
                        magnification: egui::TextureFilter::Nearest,
                        ..TextureOptions::LINEAR
                    };
                    Slot::Ready(ctx.load_texture(format!("item-{id}"), img, opts))
                }
                Err(e) => Slot::Failed(e),
            };
            if self.slots.contains_key(&id) {
                self.slots.insert(id, slot);
            }
        }
    }

    /// Declares the images wanted now, most important first (the current item, then
    /// the neighbours to prefetch). Starts decodes for the missing ones; evicts the oldest.
    pub fn want(&mut self, items: &[(i64, PathBuf)]) {
        // A queued decode that is no longer wanted is dropped by the worker: forget its slot
        // so a later want queues it again.
        let now_wanted: HashSet<i64> = items.iter().map(|(id, _)| *id).collect();
        self.slots
            .retain(|id, slot| !matches!(slot, Slot::Loading) || now_wanted.contains(id));
        self.order.retain(|id| self.slots.contains_key(id));
        if let Ok(mut w) = self.wanted.lock() {
            w.clear();
            w.extend(items.iter().map(|(id, _)| *id));
        }
        for (id, path) in items {
            self.order.retain(|x| x != id);
            self.order.push_back(*id);
            if !self.slots.contains_key(id) {
                self.slots.insert(*id, Slot::Loading);
                let _ = self.jobs.send(Job {
                    id: *id,
                    path: path.clone(),
                });
            }
        }
        let keep: HashSet<i64> = items.iter().map(|(id, _)| *id).collect();
        while self.order.len() > CAPACITY.max(keep.len()) {
            let Some(old) = self
                .order
                .iter()
                .position(|id| !keep.contains(id))
                .and_then(|p| self.order.remove(p))
            else {
                break;
            };
            self.slots.remove(&old);
        }
    }

    /// Lets go of the images that could not be loaded, so they are asked for again (their
    /// files are back).
    pub fn forget_failed(&mut self) {
        self.slots.retain(|_, s| !matches!(s, Slot::Failed(_)));
    }

    pub fn slot(&self, id: i64) -> Option<&Slot> {
        self.slots.get(&id)
    }

    pub fn is_loading(&self, id: i64) -> bool {
        matches!(self.slots.get(&id), Some(Slot::Loading))
    }

    pub fn cached(&self) -> usize {
        self.slots
            .values()
            .filter(|s| matches!(s, Slot::Ready(_)))
            .count()
    }
}
