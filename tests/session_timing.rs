//! Item timing through a session on a fake clock: what counts as work.

mod common;
use common::*;
use keylabel::core::Clock;
use keylabel::project::Project;
use keylabel::session::Session;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone)]
struct FakeClock(Arc<AtomicI64>);
impl Clock for FakeClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Active ms of the first item after 60 s of frames with no key, playing or not.
fn active_after_a_minute(playing: bool) -> u64 {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("st");
    init_preset(&p, "speech-transcription", "manifest.jsonl");
    let clock = FakeClock(Arc::new(AtomicI64::new(1_000_000)));
    let project = Project::open(&p, Some("ana".into())).unwrap();
    let mut s = Session::new(project, Box::new(clock.clone())).unwrap();
    let id = s.item.as_ref().unwrap().id;
    for _ in 0..600 {
        clock.0.fetch_add(100, Ordering::SeqCst);
        s.tick(true, 0, 0, false, playing).unwrap();
    }
    s.close().unwrap();
    s.project
        .store
        .timing(id, "ana")
        .unwrap()
        .unwrap()
        .active_ms
}

#[test]
fn listening_to_a_clip_is_active_time() {
    // The preset pauses after 30 s without input: a clip played through is counted whole,
    // silence with nothing playing is not.
    assert_eq!(active_after_a_minute(true), 60_000);
    assert_eq!(active_after_a_minute(false), 30_000);
}

#[test]
fn the_rate_waits_for_the_first_submit() {
    use keylabel::session::Action;
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("st");
    init_preset(&p, "speech-transcription", "manifest.jsonl");
    let clock = FakeClock(Arc::new(AtomicI64::new(1_000_000)));
    let project = Project::open(&p, Some("ana".into())).unwrap();
    let mut s = Session::new(project, Box::new(clock.clone())).unwrap();
    let work = |s: &mut Session| {
        for _ in 0..50 {
            clock.0.fetch_add(100, Ordering::SeqCst);
            s.tick(true, 1, 0, false, false).unwrap();
        }
    };
    work(&mut s);
    s.apply(Action::Next).unwrap();
    work(&mut s);
    // Ten seconds of work, nothing submitted yet: no rate, rather than "0 items/h".
    assert_eq!(s.items_per_hour(), None);
    s.apply(Action::Answer(1, 0)).unwrap();
    s.apply(Action::Submit).unwrap();
    let rate = s.items_per_hour().expect("a rate after a submit");
    assert!((rate - 360.0).abs() < 1.0, "{rate}");
}
