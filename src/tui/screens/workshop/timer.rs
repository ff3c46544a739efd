//! Step timers: the clock they read, starting, pausing, and how a step's timebox stands.

use super::*;

/// Seconds as m:ss, with a sign once past zero ("+1:05" over).
pub fn clock(seconds: i64) -> String {
    let sign = if seconds < 0 { "+" } else { "" };
    let s = seconds.unsigned_abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

/// A running step timer: its step and when it was (re)started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunningTimer {
    pub step: Step,
    pub since: Duration,
}

/// How a step's timer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerView {
    pub running: bool,
    /// Seconds left; negative once the timebox is overrun.
    pub left: i64,
}

impl Workshop {
    /// Advances the clock the step timer reads.
    pub fn tick(&mut self, now: Duration) {
        self.now = now;
    }

    /// The seconds of the running timer, if one runs: what the screen shows that moves by itself.
    pub fn running_seconds(&self) -> Option<u64> {
        self.timer
            .map(|t| self.now.saturating_sub(t.since).as_secs())
    }

    /// Seconds the timer has counted on `step`, including a run in progress.
    pub fn spent(&self, step: Step) -> u64 {
        let saved = u64::from(self.session.time_spent.get(&step).copied().unwrap_or(0));
        let running = match self.timer {
            Some(t) if t.step == step => self.now.saturating_sub(t.since).as_secs(),
            _ => 0,
        };
        saved + running
    }

    /// The timer of `step`, if it has run at all.
    pub fn timer_view(&self, step: Step) -> Option<TimerView> {
        let running = self.timer.is_some_and(|t| t.step == step);
        let spent = self.spent(step);
        if !running && spent == 0 {
            return None;
        }
        let planned = i64::from(self.session.minutes_for(step)) * 60;
        Some(TimerView {
            running,
            left: planned - spent as i64,
        })
    }

    /// Stops the running timer, adding its time to the session.
    pub fn pause_timer(&mut self) {
        if let Some(t) = self.timer.take() {
            let secs = self.now.saturating_sub(t.since).as_secs();
            if secs > 0 && self.read_only.is_none() {
                // Saturates: a total near the top of its range never wraps (or panics).
                self.session.add_time_spent(t.step, secs);
                self.changed();
            }
        }
    }

    pub(super) fn toggle_timer(&mut self) {
        match self.timer {
            Some(t) if t.step == self.step => {
                self.pause_timer();
                let left = self.timer_view(self.step).map_or(0, |v| v.left);
                self.say(format!("Timer paused with {} left.", clock(left)));
            }
            _ => {
                if !self.editable() {
                    return;
                }
                self.pause_timer();
                self.timer = Some(RunningTimer {
                    step: self.step,
                    since: self.now,
                });
                // What is left, as the header shows it: a resumed timer has less than planned.
                let left = self.timer_view(self.step).map_or(0, |v| v.left);
                let left = if left < 0 {
                    format!("{} over", clock(left))
                } else {
                    format!("{} left", clock(left))
                };
                let resumed = if self.spent(self.step) > 0 {
                    "resumed"
                } else {
                    "started"
                };
                self.say(format!(
                    "Timer {resumed}: {left} for {}. {} pauses; nothing moves on by itself.",
                    self.step.title(),
                    keymap::key_for(Context::Workshop, Action::ToggleTimer)
                ));
            }
        }
    }
}
