//! Driving the real app with egui_kittest: the harness and input helpers the UI tests share.

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::ui::KeylabelApp;
use keylabel::ui::work::Work;
use std::path::Path;

/// The app for "ana", keeping no recent list (never the user's), asked to open `p`.
pub fn app_opening(p: &Path) -> KeylabelApp {
    let mut app = KeylabelApp::new(Some("ana".into()), None);
    app.recent_file = None;
    app.open(p);
    app
}

/// The app on a project, one frame drawn, any picture or waveform of the first item loaded.
pub fn harness(p: &Path) -> Harness<'static, KeylabelApp> {
    let mut h = app_harness(app_opening(p));
    wait_ready(&mut h);
    assert!(
        h.state().work().is_some(),
        "project did not open: {}",
        h.state().message
    );
    h
}

/// The harness around an app in any state, two frames drawn.
pub fn app_harness(app: KeylabelApp) -> Harness<'static, KeylabelApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // Test machines may lack CJK fonts; the app loads system fallbacks, the harness not.
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut KeylabelApp| app.ui(ui), app);
    h.run_steps(2);
    h
}

/// On the new-project screen: types the labels and clicks Create (one frame drawn after).
pub fn create_with_labels(h: &mut Harness<'_, KeylabelApp>, labels: &str) {
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(labels);
    h.run_steps(1);
    h.get_by_label("Create (Enter)").click();
    h.run_steps(1);
}

pub fn work<'a>(h: &'a Harness<'_, KeylabelApp>) -> &'a Work {
    h.state().work().unwrap()
}

/// What the store holds for the current item, by "ana" (empty when nothing is saved).
pub fn stored(h: &Harness<'_, KeylabelApp>) -> keylabel::core::Annotation {
    let s = &work(h).session;
    let id = s.item.as_ref().unwrap().id;
    s.project
        .store
        .annotation(id, "ana")
        .unwrap()
        .unwrap_or_default()
}

/// Steps frames (no sleeping) until the worker has decoded the current item's media.
pub fn wait_loaded(h: &mut Harness<'_, KeylabelApp>) {
    for _ in 0..500_000 {
        if !work(h).current_image_loading() {
            break;
        }
        h.step();
    }
    assert!(
        !work(h).current_image_loading(),
        "the decoder never answered"
    );
    h.run_steps(2);
}

/// Steps frames (no sleeping) until the worker making the list has answered.
pub fn wait_list(h: &mut Harness<'_, KeylabelApp>) {
    for _ in 0..500_000 {
        if !work(h).list_pending() {
            break;
        }
        h.step();
    }
    assert!(!work(h).list_pending(), "the list never came");
    h.run_steps(2);
}

/// Steps frames (no sleeping) until the worker making or opening a project has answered.
pub fn wait_ready(h: &mut Harness<'_, KeylabelApp>) {
    for _ in 0..500_000 {
        if !h.state().busy() {
            break;
        }
        h.step();
    }
    assert!(!h.state().busy(), "the project never opened");
    h.run_steps(2);
}

/// A press-move-release drag over several frames, as a hand makes it.
pub fn drag(h: &mut Harness<'_, KeylabelApp>, from: Pos2, to: Pos2) {
    drag_mod(h, from, to, Modifiers::NONE);
}

/// A drag with modifier keys held all along (Shift: the brush paints out).
pub fn drag_mod(h: &mut Harness<'_, KeylabelApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.event_modifiers(Event::PointerMoved(from), modifiers);
    h.run_steps(1);
    let button = |pos, pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    };
    h.event_modifiers(button(from, true), modifiers);
    h.run_steps(1);
    h.event_modifiers(Event::PointerMoved(from + (to - from) * 0.5), modifiers);
    h.run_steps(1);
    h.event_modifiers(Event::PointerMoved(to), modifiers);
    h.run_steps(1);
    h.event_modifiers(button(to, false), modifiers);
    h.run_steps(2);
}

/// A press and release in one place.
pub fn click(h: &mut Harness<'_, KeylabelApp>, at: Pos2) {
    h.event(Event::PointerMoved(at));
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(1);
}

/// Draws a box by dragging from one image point to another (image pixels).
pub fn draw_box(h: &mut Harness<'_, KeylabelApp>, from: (f32, f32), to: (f32, f32)) {
    let view = work(h).canvas.last_view.expect("canvas drawn");
    let at = |(x, y): (f32, f32)| view.to_screen(egui::pos2(x, y));
    drag(h, at(from), at(to));
}

pub fn key(h: &mut Harness<'_, KeylabelApp>, k: Key) {
    h.key_press(k);
    h.run_steps(1);
}

pub fn key_mod(h: &mut Harness<'_, KeylabelApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(1);
}

/// A file dragged from the desktop onto the window.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `paths` on the window, as a file manager does.
#[allow(dead_code)] // each test binary uses its own helpers
pub fn drop_files(h: &mut Harness<'_, KeylabelApp>, paths: &[&Path]) {
    h.input_mut().dropped_files = paths
        .iter()
        .map(|p| std::sync::Arc::new(Dropped(p.to_path_buf())) as egui::DroppedFileHandle)
        .collect();
    h.run_steps(1);
}

/// Steps until the export running on its worker is done.
pub fn wait_export(h: &mut Harness<'_, KeylabelApp>) {
    for _ in 0..500_000 {
        if !work(h).exporting() {
            break;
        }
        h.step();
    }
    assert!(!work(h).exporting(), "the export never finished");
    h.run_steps(1);
}

/// Project ▸ Export…: the export form.
pub fn open_form(h: &mut Harness<'_, KeylabelApp>) {
    h.get_by_label("Project").click();
    h.run_steps(3);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    assert!(matches!(
        h.state().screen,
        keylabel::ui::app::Screen::ExportForm(_)
    ));
}

/// Where the image point `(x, y)` (display pixels) is on screen, as the canvas last drew it.
pub fn on_image(h: &Harness<'_, KeylabelApp>, x: f32, y: f32) -> Pos2 {
    let view = work(h).canvas.last_view.expect("canvas drawn");
    view.to_screen(egui::pos2(x, y))
}

/// A click on the image point `(x, y)`.
pub fn click_on_image(h: &mut Harness<'_, KeylabelApp>, x: f32, y: f32) {
    let p = on_image(h, x, y);
    click(h, p);
}

/// Steps until every brush stroke and wand click is worked out by the worker and applied.
pub fn wait_shapes(h: &mut egui_kittest::Harness<'_, keylabel::ui::app::KeylabelApp>) {
    let busy = |h: &egui_kittest::Harness<'_, keylabel::ui::app::KeylabelApp>| {
        !work(h).canvas.requests.is_empty()
            || (work(h).detail.as_ref()).is_some_and(|d| d.shapes_pending > 0)
    };
    for _ in 0..500_000 {
        if !busy(h) {
            break;
        }
        h.step();
    }
    assert!(!busy(h), "the worker never answered");
    h.run_steps(2);
}

/// The app on an audio project, the first clip's waveform drawn.
pub fn audio_harness(p: &Path) -> Harness<'static, KeylabelApp> {
    let mut h = harness(p);
    wait_loaded(&mut h);
    assert!(work(&h).audio.last_view.is_some(), "waveform never drawn");
    h
}

/// Where second `t` of the clip shown is on the waveform.
pub fn waveform_at(h: &Harness<'_, KeylabelApp>, t: f64) -> Pos2 {
    work(h).audio.x_of(t).unwrap()
}

/// Picks `name` in the item list's status filter ("disagreed", "model doubted") and waits
/// for the list its worker makes.
pub fn status_filter(h: &mut Harness<'_, KeylabelApp>, name: &str) {
    (h.query_all_by_role(egui::accesskit::Role::ComboBox).next())
        .expect("the status filter")
        .click();
    h.run_steps(2);
    h.get_by_label(name).click();
    h.run_steps(2);
    wait_list(h);
}
