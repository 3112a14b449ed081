//! Zoomed past the display texture, the part of the image in view is shown at full
//! resolution: the real app driven with egui_kittest over a large generated image.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::Key;
use keylabel::project::{InitOptions, Project};
use std::path::Path;

/// A boxes project on a 6000×400 image (its texture holds 2048, about one texel for three
/// pixels) and a small one after it.
fn wide_project(dir: &Path) -> std::path::PathBuf {
    let images = dir.join("images");
    write_png(&images.join("wide.png"), 6000, 400);
    write_png(&images.join("x.png"), 60, 40);
    let p = dir.join("proj");
    let cfg = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/boxes/task.toml");
    Project::init(
        &p,
        &InitOptions {
            media: images,
            config: Some(cfg),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    p
}

#[test]
fn zooming_past_the_texture_brings_full_resolution_detail() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&wide_project(t.path()));
    wait_loaded(&mut h);
    let id = work(&h).session.item.as_ref().unwrap().id;
    let detail = |h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>| {
        work(h)
            .detail
            .as_ref()
            .and_then(|d| d.for_item(id))
            .map(|d| (d.region, d.density))
    };
    // Fitted, the texture is sharp enough: no detail is cut.
    h.run_steps(3);
    assert_eq!(detail(&h), None);

    for _ in 0..14 {
        key(&mut h, Key::Plus);
    }
    let scale = work(&h).canvas.last_view.unwrap().scale;
    assert!(scale > 1.0, "zoomed to {scale} screen points a pixel");
    for _ in 0..500_000 {
        let busy = work(&h).detail.as_ref().is_some_and(|d| d.busy());
        if detail(&h).is_some() && !busy {
            break;
        }
        h.step();
    }
    h.run_steps(2);
    let (region, density) = detail(&h).expect("the detail worker answered");
    let visible = work(&h).canvas.last_visible.unwrap();
    assert!(region.contains_rect(visible), "{region:?} ⊇ {visible:?}");
    assert!(
        (density - 1.0).abs() < 0.01,
        "one texel per image pixel, not {density}"
    );

    // At the image's right edge: a cut is made that reaches it, and then held (no cut after
    // cut over float rounding at the edge).
    let v = work(&h).canvas.last_visible.unwrap();
    let shift = (6000.0 - v.center().x - v.width() / 4.0) * scale;
    h.state_mut().work_mut().unwrap().canvas.pan.x -= shift;
    h.run_steps(1);
    for _ in 0..500_000 {
        let w = work(&h);
        let covered = detail(&h)
            .is_some_and(|(r, _)| r.expand(0.5).contains_rect(w.canvas.last_visible.unwrap()));
        if covered && !w.detail.as_ref().unwrap().busy() {
            break;
        }
        h.step();
    }
    let (edge_region, _) = detail(&h).unwrap();
    assert_eq!(edge_region.max.x, 6000.0, "{edge_region:?}");
    for _ in 0..5 {
        h.step();
        assert!(
            !work(&h).detail.as_ref().unwrap().busy(),
            "held, not cut again"
        );
    }
    let region = edge_region;

    // Zoomed out to fit again it is kept; on the next item it is gone.
    key_mod(&mut h, egui::Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    let (region_after, _) = detail(&h).unwrap();
    assert_eq!(
        region_after, region,
        "kept while it still covers nothing new"
    );
    key(&mut h, Key::D);
    wait_loaded(&mut h);
    assert_ne!(work(&h).session.item.as_ref().unwrap().id, id);
    assert_eq!(
        detail(&h),
        None,
        "the next item shows no detail of this one"
    );
    assert!(work(&h).detail.as_ref().unwrap().current.is_none());
}

#[test]
fn arrows_move_a_zoomed_view_when_no_box_is_selected() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&wide_project(t.path()));
    wait_loaded(&mut h);
    // Fitted, an arrow moves nothing.
    key(&mut h, Key::ArrowRight);
    assert_eq!(work(&h).canvas.pan, egui::Vec2::ZERO);
    for _ in 0..8 {
        key(&mut h, Key::Plus);
    }
    let left = work(&h).canvas.last_visible.unwrap().min.x;
    key(&mut h, Key::ArrowRight);
    h.run_steps(1);
    let moved = work(&h).canvas.last_visible.unwrap().min.x;
    assert!(moved > left, "the view went right: {left} → {moved}");
    // Shift+→ a screen at a time, up to the image's right edge and no further.
    for _ in 0..40 {
        key_mod(&mut h, egui::Modifiers::SHIFT, Key::ArrowRight);
    }
    h.run_steps(1);
    let v = work(&h).canvas.last_visible.unwrap();
    assert!((v.max.x - 6000.0).abs() < 0.5, "at the edge: {v:?}");
    let c = work(&h).canvas.last_canvas.unwrap();
    let edge = work(&h)
        .canvas
        .last_view
        .unwrap()
        .to_screen(egui::pos2(6000.0, 0.0));
    assert!(
        (edge.x - c.max.x).abs() < 0.5,
        "the image's edge meets the canvas's"
    );
    assert!(stored(&h).boxes.is_empty(), "no box was made or moved");
}

#[test]
fn plus_zooms_around_the_pointer_over_the_image() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&wide_project(t.path()));
    wait_loaded(&mut h);
    let view = work(&h).canvas.last_view.unwrap();
    let p = view.to_screen(egui::pos2(4500.0, 300.0));
    h.event(egui::Event::PointerMoved(p));
    h.run_steps(1);
    for _ in 0..4 {
        key(&mut h, Key::Plus);
    }
    let view = work(&h).canvas.last_view.unwrap();
    let under = view.to_image(p);
    assert!(
        (under.x - 4500.0).abs() < 1.0 && (under.y - 300.0).abs() < 1.0,
        "the point under the pointer stays under it: {under:?}"
    );
    assert!(work(&h).canvas.zoom > 2.0);
}
