//! Active time on an item: counted while it is shown, the window focused, and the annotator
//! not idle (no input for `idle_after`). Time comes through [`Clock`] so tests can fake it.

use std::time::{SystemTime, UNIX_EPOCH};

/// A source of wall-clock time in unix milliseconds.
pub trait Clock {
    fn now_ms(&self) -> i64;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }
}

/// Counts active milliseconds for the item on screen. Feed it every input event and call
/// [`ActivityTimer::tick`] now and then (each frame is fine); it never reads a clock itself.
#[derive(Debug, Clone)]
pub struct ActivityTimer {
    idle_after_ms: i64,
    active_ms: u64,
    /// Up to when time has been accounted.
    counted_to: i64,
    last_input: i64,
    focused: bool,
    keys: u32,
    clicks: u32,
}

impl ActivityTimer {
    /// Starts timing an item just opened at `now`: opening counts as activity.
    pub fn start(now: i64, idle_after_ms: u64) -> Self {
        ActivityTimer {
            idle_after_ms: i64::try_from(idle_after_ms).unwrap_or(i64::MAX),
            active_ms: 0,
            counted_to: now,
            last_input: now,
            focused: true,
            keys: 0,
            clicks: 0,
        }
    }

    /// Accounts time up to `now`.
    pub fn tick(&mut self, now: i64) {
        if now <= self.counted_to {
            return;
        }
        if self.focused {
            let active_until = now.min(self.last_input.saturating_add(self.idle_after_ms));
            if active_until > self.counted_to {
                self.active_ms += (active_until - self.counted_to) as u64;
            }
        }
        self.counted_to = now;
    }

    /// A key press on this item.
    pub fn key(&mut self, now: i64) {
        self.keys += 1;
        self.input(now);
    }

    /// A click on this item.
    pub fn click(&mut self, now: i64) {
        self.clicks += 1;
        self.input(now);
    }

    /// Any other sign of life (pointer motion, scrolling).
    pub fn input(&mut self, now: i64) {
        self.tick(now);
        self.last_input = self.last_input.max(now);
    }

    pub fn set_focused(&mut self, focused: bool, now: i64) {
        if focused == self.focused {
            return;
        }
        self.tick(now);
        self.focused = focused;
        if focused {
            // Coming back to the window is activity.
            self.last_input = self.last_input.max(now);
        }
    }

    /// The item was off screen (another screen of the app was up) until `now`: that time is
    /// not counted, and coming back counts as activity.
    pub fn skip_to(&mut self, now: i64) {
        self.counted_to = self.counted_to.max(now);
        self.last_input = self.last_input.max(now);
    }

    /// True when the timer is not counting at `now` (idle or unfocused): the UI shows it paused.
    pub fn is_paused(&self, now: i64) -> bool {
        !self.focused || now >= self.last_input.saturating_add(self.idle_after_ms)
    }

    /// Milliseconds from `now` until what the timer shows next changes, given the time
    /// shown (`shown_ms`, whole seconds on screen): the next whole second, or the moment it
    /// pauses for idleness, whichever is first. `None` while paused: only input or focus,
    /// which wake the window anyway, start it again — an idle window draws nothing.
    pub fn next_change_in(&self, now: i64, shown_ms: u64) -> Option<u64> {
        if self.is_paused(now) {
            return None;
        }
        let to_second = 1_000 - shown_ms % 1_000;
        let to_idle =
            u64::try_from(self.last_input.saturating_add(self.idle_after_ms) - now).unwrap_or(0);
        Some(to_second.min(to_idle))
    }

    /// Active time so far, accounted up to `now`.
    pub fn active_ms(&mut self, now: i64) -> u64 {
        self.tick(now);
        self.active_ms
    }

    /// Takes what was counted since the last take, for saving; the timer goes on.
    pub fn take(&mut self, now: i64) -> TimingDelta {
        self.tick(now);
        let delta = TimingDelta {
            active_ms: self.active_ms,
            keys: self.keys,
            clicks: self.clicks,
        };
        self.active_ms = 0;
        self.keys = 0;
        self.clicks = 0;
        delta
    }
}

/// Time and effort spent on an item since the last save, to add to its stored timing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimingDelta {
    pub active_ms: u64,
    pub keys: u32,
    pub clicks: u32,
}

/// Stored timing of one item for one annotator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timing {
    pub active_ms: u64,
    /// First open to (last) submit.
    pub wall_ms: u64,
    pub visits: u32,
    pub first_seen_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub keys: u32,
    pub clicks: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    struct FakeClock(Cell<i64>);
    impl Clock for FakeClock {
        fn now_ms(&self) -> i64 {
            self.0.get()
        }
    }
    impl FakeClock {
        fn advance(&self, ms: i64) -> i64 {
            self.0.set(self.0.get() + ms);
            self.0.get()
        }
    }

    #[test]
    fn counts_time_while_active() {
        let c = FakeClock(Cell::new(1_000));
        let mut t = ActivityTimer::start(c.now_ms(), 30_000);
        t.key(c.advance(5_000));
        t.tick(c.advance(2_000));
        assert_eq!(t.active_ms(c.now_ms()), 7_000);
        assert!(!t.is_paused(c.now_ms()));
    }

    #[test]
    fn the_timer_says_when_its_display_next_changes() {
        let c = FakeClock(Cell::new(0));
        let mut t = ActivityTimer::start(c.now_ms(), 30_000);
        t.key(c.advance(1_300));
        let shown = t.active_ms(c.now_ms());
        assert_eq!(
            t.next_change_in(c.now_ms(), shown),
            Some(700),
            "the next second"
        );
        // Near the idle limit: the pause is the next change.
        t.tick(c.advance(29_800));
        let shown = t.active_ms(c.now_ms());
        assert_eq!(t.next_change_in(c.now_ms(), shown), Some(200));
        // Paused: nothing to draw until input comes.
        t.tick(c.advance(500));
        assert!(t.is_paused(c.now_ms()));
        assert_eq!(t.next_change_in(c.now_ms(), shown), None);
        t.set_focused(false, c.advance(10));
        t.key(c.advance(10));
        assert_eq!(t.next_change_in(c.now_ms(), shown), None, "unfocused");
    }

    #[test]
    fn idle_time_is_not_counted() {
        let c = FakeClock(Cell::new(0));
        let mut t = ActivityTimer::start(c.now_ms(), 30_000);
        t.key(c.advance(10_000));
        // Five minutes away: only the 30 s after the last key count.
        t.tick(c.advance(300_000));
        assert!(t.is_paused(c.now_ms()));
        assert_eq!(t.active_ms(c.now_ms()), 40_000);
        // Back: counting resumes from the new input.
        t.key(c.advance(1_000));
        t.tick(c.advance(3_000));
        assert_eq!(t.active_ms(c.now_ms()), 43_000);
    }

    #[test]
    fn unfocused_time_is_not_counted() {
        let c = FakeClock(Cell::new(0));
        let mut t = ActivityTimer::start(c.now_ms(), 30_000);
        t.set_focused(false, c.advance(2_000));
        t.tick(c.advance(10_000));
        assert!(t.is_paused(c.now_ms()));
        t.set_focused(true, c.advance(1_000));
        t.tick(c.advance(4_000));
        assert_eq!(t.active_ms(c.now_ms()), 6_000);
    }

    #[test]
    fn time_off_screen_is_not_counted() {
        let c = FakeClock(Cell::new(0));
        let mut t = ActivityTimer::start(c.now_ms(), 30_000);
        t.key(c.advance(3_000));
        // Twenty seconds on another screen (an import form), with no tick on this item.
        t.skip_to(c.advance(20_000));
        t.tick(c.advance(2_000));
        assert_eq!(t.active_ms(c.now_ms()), 5_000);
        assert!(!t.is_paused(c.now_ms()));
    }

    #[test]
    fn take_resets_but_keeps_counting() {
        let c = FakeClock(Cell::new(0));
        let mut t = ActivityTimer::start(0, 30_000);
        t.key(c.advance(1_000));
        t.click(c.advance(1_000));
        let d = t.take(c.now_ms());
        assert_eq!(
            d,
            TimingDelta {
                active_ms: 2_000,
                keys: 1,
                clicks: 1
            }
        );
        t.tick(c.advance(500));
        assert_eq!(t.take(c.now_ms()).active_ms, 500);
    }

    #[test]
    fn clock_going_backwards_counts_nothing() {
        let mut t = ActivityTimer::start(10_000, 30_000);
        t.tick(5_000);
        assert_eq!(t.active_ms(5_000), 0);
        assert_eq!(t.active_ms(11_000), 1_000);
    }
}
