//! The start screen, driven with egui_kittest: recent projects with what each holds.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use egui::Key;
use egui_kittest::kittest::Queryable;
use keylabel::project::{InitOptions, Project};
use keylabel::ui::KeylabelApp;
use std::path::Path;

fn records(dir: &Path, name: &str, n: usize) -> std::path::PathBuf {
    let file = dir.join(format!("{name}.jsonl"));
    let lines: String = (0..n)
        .map(|i| format!("{{\"text\":\"{name} {i}\"}}\n"))
        .collect();
    std::fs::write(&file, lines).unwrap();
    let p = dir.join(name);
    Project::init(
        &p,
        &InitOptions {
            media: file,
            labels: vec!["yes".into(), "no".into()],
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    std::fs::canonicalize(&p).unwrap()
}

/// A recent list in its own config folder, naming `projects` newest first.
fn recent_list(dir: &Path, projects: &[&Path]) -> std::path::PathBuf {
    let list = dir.join("config/recent");
    std::fs::create_dir_all(list.parent().unwrap()).unwrap();
    let text: String = projects
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    std::fs::write(&list, text).unwrap();
    list
}

/// The app's start screen, with that recent list.
fn start_screen(list: &Path) -> egui_kittest::Harness<'static, KeylabelApp> {
    let mut app = KeylabelApp::new(Some("ana".into()), None);
    app.recent_file = Some(list.to_path_buf());
    app_harness(app)
}

/// Runs frames until every one of `words` shows (the summaries are read on a worker), and
/// then two more: the grid lays its columns out by the last frame's widths.
fn summaries_in(h: &mut egui_kittest::Harness<'static, KeylabelApp>, words: &[&str]) {
    for _ in 0..100_000 {
        if words.iter().all(|w| h.query_by_label(w).is_some()) {
            break;
        }
        h.step();
    }
    h.run_steps(2);
}

#[test]
fn recent_projects_show_their_progress_and_a_number_key_opens_one() {
    let t = tempfile::tempdir().unwrap();
    let reviews = records(t.path(), "reviews", 5);
    let tweets = records(t.path(), "tweets", 3);
    {
        let mut p = Project::open(&reviews, Some("ana".into())).unwrap();
        let first = p.store.item_ids(keylabel::core::ItemFilter::All).unwrap()[0];
        p.store.submit(first, "ana", 1).unwrap();
    }
    let list = recent_list(t.path(), &[&reviews, &tweets]);

    let mut h = start_screen(&list);
    summaries_in(&mut h, &["0 of 3 done · 3 to do", "1 of 5 done · 4 to do"]);
    assert!(h.query_by_label("1 of 5 done · 4 to do").is_some());
    assert!(h.query_by_label("0 of 3 done · 3 to do").is_some());
    // Each by its task's name, and its path.
    assert!(h.query_by_label("reviews").is_some());
    assert!(h.query_by_label(tweets.to_str().unwrap()).is_some());

    key(&mut h, Key::Num2);
    wait_ready(&mut h);
    let w = h.state().work().expect("the second project opened");
    assert_eq!(
        std::fs::canonicalize(&w.session.project.dir).unwrap(),
        tweets
    );
}

#[test]
fn a_recent_project_can_be_taken_off_the_list_and_is_left_as_it_was() {
    let t = tempfile::tempdir().unwrap();
    let reviews = records(t.path(), "reviews", 5);
    let tweets = records(t.path(), "tweets", 3);
    let list = recent_list(t.path(), &[&reviews, &tweets]);
    let mut h = start_screen(&list);
    // The rows widen as the summaries come in: click once they are, where the × stays.
    summaries_in(&mut h, &["0 of 5 done · 5 to do", "0 of 3 done · 3 to do"]);
    assert!(h.query_by_label(reviews.to_str().unwrap()).is_some());

    h.query_all_by_label("×").next().unwrap().click();
    h.run_steps(2);
    assert!(h.query_by_label(reviews.to_str().unwrap()).is_none());
    assert_eq!(
        std::fs::read_to_string(&list).unwrap(),
        format!("{}\n", tweets.display())
    );
    assert!(Project::exists(&reviews), "the project itself is kept");
    // The keys follow the list: 1 is now the project left.
    key(&mut h, Key::Num1);
    wait_ready(&mut h);
    let w = h.state().work().expect("the project left opened");
    assert_eq!(
        std::fs::canonicalize(&w.session.project.dir).unwrap(),
        tweets
    );
}

#[test]
fn a_project_dropped_on_the_start_screen_opens() {
    let t = tempfile::tempdir().unwrap();
    let reviews = records(t.path(), "reviews", 2);
    let mut app = KeylabelApp::new(Some("ana".into()), None);
    app.recent_file = None;
    let mut h = app_harness(app);
    drop_files(&mut h, &[&reviews]);
    wait_ready(&mut h);
    let w = h.state().work().expect("the dropped project opened");
    assert_eq!(w.session.ids.len(), 2);
}

#[test]
fn a_single_photo_dropped_says_to_open_its_folder() {
    let t = tempfile::tempdir().unwrap();
    let imgs = common::image_folder(t.path());
    let mut app = KeylabelApp::new(Some("ana".into()), None);
    app.recent_file = None;
    let mut h = app_harness(app);
    drop_files(&mut h, &[&imgs.join("img2.jpg")]);
    h.run_steps(1);
    assert!(h.state().work().is_none());
    assert!(
        h.state().message.contains("open the folder that holds it"),
        "{}",
        h.state().message
    );
}

#[test]
fn a_project_open_in_another_window_is_said_and_opens_once_that_one_closes() {
    use keylabel::project::ProjectLock;
    let t = tempfile::tempdir().unwrap();
    let reviews = records(t.path(), "reviews", 2);
    // The other window.
    let other = ProjectLock::acquire(&reviews).unwrap().expect("a lock");
    let mut h = app_harness(common::ui::app_opening(&reviews));
    wait_ready(&mut h);
    assert!(h.state().work().is_none(), "opened over another window");
    assert!(h.query_by_label("Already open in another window").is_some());
    // Still open there: trying again says so again.
    key(&mut h, Key::Enter);
    wait_ready(&mut h);
    assert!(h.state().work().is_none());
    assert!(h.query_by_label("Already open in another window").is_some());
    drop(other);
    key(&mut h, Key::Enter);
    wait_ready(&mut h);
    assert!(h.state().work().is_some(), "{}", h.state().message);
    // Now this window holds it, until it goes back to the start screen.
    assert!(ProjectLock::check_free(&reviews).is_err());
    h.state_mut().work_mut().unwrap().wants_start_screen = true;
    h.run_steps(2);
    assert!(h.state().work().is_none());
    assert!(ProjectLock::check_free(&reviews).is_ok());
}

#[test]
fn open_here_anyway_opens_it_and_says_what_that_risks() {
    use keylabel::project::ProjectLock;
    let t = tempfile::tempdir().unwrap();
    let reviews = records(t.path(), "reviews", 2);
    let _other = ProjectLock::acquire(&reviews).unwrap().expect("a lock");
    let mut h = app_harness(common::ui::app_opening(&reviews));
    wait_ready(&mut h);
    h.get_by_label("Open here anyway").click();
    h.run_steps(1);
    wait_ready(&mut h);
    let w = h.state().work().expect("opened anyway");
    assert!(w.message.contains("another window"), "{}", w.message);
    // Back to the start screen: the other window's lock is untouched.
    h.state_mut().work_mut().unwrap().wants_start_screen = true;
    h.run_steps(2);
    assert!(ProjectLock::check_free(&reviews).is_err());
}
