//! The magic wand in the app (egui_kittest, the real worker): a click fills the region of
//! like colour into an object or out of it, `[ ]` its tolerance; the pointer resting shows
//! the region a click would fill.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::Key;

#[test]
fn the_wand_fills_the_region_of_like_colour_into_an_object_and_out_of_it() {
    let t = tempfile::tempdir().unwrap();
    // A grey card on a dark table, with a little noise the tolerance lets through.
    let d = t.path().join("images");
    std::fs::create_dir_all(&d).unwrap();
    let img = image::RgbImage::from_fn(80, 60, |x, y| {
        let noise = ((x * 7 + y * 13) % 5) as u8;
        if (20..50).contains(&x) && (10..40).contains(&y) {
            image::Rgb([180 + noise, 180, 170])
        } else {
            image::Rgb([30, 35 + noise, 40])
        }
    });
    img.save(d.join("card.png")).unwrap();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &d, &"--template", &"outlines"]);
    let mut h = harness(&p);
    wait_loaded(&mut h);

    key(&mut h, Key::Num2);
    assert!(work(&h).detail.as_ref().is_none_or(|d| d.held().is_none()));
    key(&mut h, Key::U);
    assert_eq!(work(&h).canvas.wand, Some(32), "{}", work(&h).message);
    // Taken up, the wand has the worker decode the image at once: the first click (or
    // rest) does not wait for it.
    let item = work(&h).session.item.as_ref().map(|i| i.id);
    assert_eq!(work(&h).detail.as_ref().and_then(|d| d.held()), item);
    // A click on the card: a new cat, its outline the card's.
    click_on_image(&mut h, 30.0, 20.0);
    wait_shapes(&mut h);
    let boxes = stored(&h).boxes;
    assert_eq!(boxes.len(), 1, "{}", work(&h).message);
    let b = &boxes[0];
    assert_eq!(b.label, "cat");
    assert_eq!((b.x, b.y, b.w, b.h), (20.0, 10.0, 30.0, 30.0), "{b:?}");
    assert_eq!(work(&h).session.selected, Some(0));

    // [ lowers the tolerance (to 0 at the least), ] raises it.
    for _ in 0..4 {
        key(&mut h, Key::OpenBracket);
    }
    assert_eq!(work(&h).canvas.wand, Some(0));
    key(&mut h, Key::CloseBracket);
    key(&mut h, Key::CloseBracket);
    assert_eq!(work(&h).canvas.wand, Some(16));
    // The table clicked, the cat selected: it joins in, the whole picture one object;
    // one undo step.
    click_on_image(&mut h, 5.0, 5.0);
    wait_shapes(&mut h);
    let b = stored(&h).boxes[0].clone();
    assert_eq!((b.x, b.y, b.w, b.h), (0.0, 0.0, 80.0, 60.0), "{b:?}");
    key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
    assert_eq!(stored(&h).boxes[0].w, 30.0);

    // Shift+click on the card takes it out: nothing is left of the cat.
    let p = on_image(&h, 30.0, 20.0);
    let button = |pressed| egui::Event::PointerButton {
        pos: p,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::SHIFT,
    };
    h.event(egui::Event::PointerMoved(p));
    h.event(button(true));
    h.event_modifiers(button(false), egui::Modifiers::SHIFT);
    h.run_steps(1);
    wait_shapes(&mut h);
    assert!(stored(&h).boxes.is_empty(), "{:?}", stored(&h).boxes);

    // Esc puts the wand down; on a task without outlines it is not taken up.
    key(&mut h, Key::Escape);
    assert_eq!(work(&h).canvas.wand, None);
}

#[test]
fn the_pointer_resting_with_the_wand_shows_the_region_a_click_would_fill() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("images");
    std::fs::create_dir_all(&d).unwrap();
    let img = image::RgbImage::from_fn(80, 60, |x, y| {
        if (20..50).contains(&x) && (10..40).contains(&y) {
            image::Rgb([180, 180, 170])
        } else {
            image::Rgb([30, 35, 40])
        }
    });
    img.save(d.join("card.png")).unwrap();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &d, &"--template", &"outlines"]);
    let mut h = harness(&p);
    wait_loaded(&mut h);
    key(&mut h, Key::U);
    // The pointer comes to rest on the card: after a moment, its outline is asked for
    // and drawn, and nothing is stored.
    let on_card = on_image(&h, 30.0, 20.0);
    h.event(egui::Event::PointerMoved(on_card));
    let shown = |h: &egui_kittest::Harness<'_, keylabel::ui::app::KeylabelApp>| {
        (work(h).canvas.wand_preview.as_ref())
            .filter(|p| (p.at[0] - 30.0).abs() <= 1.0 && !p.parts.is_empty())
            .map(|p| p.parts.clone())
    };
    for _ in 0..20_000 {
        if shown(&h).is_some() {
            break;
        }
        h.step();
    }
    let parts = shown(&h).expect("no preview came");
    let xs = parts[0].iter().map(|p| p[0]);
    let (lo, hi) = xs.fold((f32::MAX, f32::MIN), |(a, b), x| (a.min(x), b.max(x)));
    assert_eq!((lo, hi), (20.0, 50.0), "{parts:?}");
    assert!(stored(&h).boxes.is_empty());
    // Put down, the wand asks for nothing more.
    key(&mut h, Key::Escape);
    h.event(egui::Event::PointerMoved(on_image(&h, 5.0, 5.0)));
    h.run_steps(3);
    assert!(!work(&h).detail.as_ref().is_some_and(|d| d.preview_pending));
}
