//! A workshop screen seated as one participant over SSH (`covalue serve`): the turn and the
//! viewer are that person's for good, the session and the step are the server's, and only the
//! keys the participant may use are offered. What their keys change is decided by
//! `tui::seat`, which sends it to the server; nothing here changes the session itself.

use super::*;

/// What a seated participant may do now, as the server last said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeatRules {
    /// They rate (a provider or a consumer of the session).
    pub rates: bool,
    /// The facilitator locked this step, or a pre-work window has closed.
    pub locked: bool,
    pub notes: bool,
    pub items: bool,
    /// A pre-work window, in words (when it closes, how far they are): they move through
    /// the steps at their own pace.
    pub window: Option<String>,
}

impl SeatRules {
    /// Whether the participant's help lists `action` at all.
    pub fn ever_offers(action: Action) -> bool {
        matches!(
            action,
            Action::Up
                | Action::Down
                | Action::Top
                | Action::Bottom
                | Action::Rate(_)
                | Action::Edit
                | Action::Add
                | Action::Help
                | Action::Explain
                | Action::Quit
                | Action::NextStep
                | Action::PrevStep
                | Action::ScrollDetail(_)
                | Action::NextPage
                | Action::ToggleSummary
                | Action::CycleTheme
                | Action::Cancel
                | Action::Submit
                | Action::NextField
                | Action::PrevField
        )
    }

    /// Whether the participant's `?` help lists `action` now: what they may ever do, less
    /// what the room has not opened to them (steps of their own, notes, items).
    pub fn lists(&self, action: Action) -> bool {
        match action {
            Action::NextStep | Action::PrevStep => self.window.is_some(),
            Action::Add => self.items,
            Action::Edit => self.notes,
            action => Self::ever_offers(action),
        }
    }

    /// Whether `action` does something for the participant now (the footer hints only those).
    pub fn offers(&self, action: Action, rated: bool, rows: usize) -> bool {
        let open = !self.locked;
        match action {
            Action::Rate(_) => open && self.rates && rated && rows > 0,
            Action::Edit => open && self.notes && rated && rows > 0,
            Action::Add => open && self.items && rated,
            Action::NextStep | Action::PrevStep => self.window.is_some(),
            action => Self::ever_offers(action),
        }
    }
}

impl Workshop {
    /// Seats this screen as `name` on `side` (`None`: someone who rates nothing, who sees what
    /// the room may): their turn for good, so the domain's rule shows them what they may see.
    pub(crate) fn seat_as(&mut self, who: Option<(Side, &str)>, rules: SeatRules) {
        self.seat = Some(rules);
        self.room = who.is_none();
        if let Some((side, name)) = who {
            self.turn = side;
            self.rater = name.to_string();
        }
        self.recount();
    }

    /// What the seated participant may do now; `None` on any other screen.
    pub fn seat(&self) -> Option<&SeatRules> {
        self.seat.as_ref()
    }

    /// Takes the server's session and step (the facilitator's, or in a pre-work window the
    /// participant's own) and the rules now, keeping the seat's turn.
    pub(crate) fn follow(
        &mut self,
        session: Session,
        step: Step,
        rules: SeatRules,
        timer: Option<TimerView>,
    ) {
        let (turn, rater) = (self.turn, self.rater.clone());
        self.seat = Some(rules);
        self.session = session;
        self.derived = derived::Derived::people(&self.session);
        // The server's timer is taken below; a step move must not pause (and book) a copy.
        self.timer = None;
        // A new step starts at its first item, as the facilitator's screen does.
        if step != self.step {
            self.go_to(step);
            self.selected[step.index()] = 0;
        }
        (self.turn, self.rater) = (turn, rater);
        // Worked out once per change, not as `refresh` does for the room and then again:
        // someone who rates nothing sees the room's numbers, a rater their own view (their
        // ratings and what is revealed), never anyone's hidden number.
        let viewer = if self.room {
            Viewer::Room
        } else {
            Viewer::Person(self.turn, &self.rater)
        };
        self.summary = summarize_remembering(&self.session, viewer, &mut self.memo);
        self.views.update(&self.session, &self.summary);
        self.worked = Vec::new();
        self.run_timer_as(timer);
        for s in Step::ALL {
            let last = self.rows_of(s).saturating_sub(1);
            self.selected[s.index()] = self.selected[s.index()].min(last);
        }
        self.recount();
    }

    /// Shows the server's step timer as this screen's own: running, it counts down from what
    /// was left when the server said so; paused, the session's time spent tells what is left.
    fn run_timer_as(&mut self, timer: Option<TimerView>) {
        self.timer = timer.filter(|t| t.running).map(|t| {
            let planned = i64::from(self.session.minutes_for(self.step)) * 60;
            let saved = i64::from(
                self.session
                    .time_spent
                    .get(&self.step)
                    .copied()
                    .unwrap_or(0),
            );
            let ran = u64::try_from(planned - saved - t.left).unwrap_or(0);
            RunningTimer {
                step: self.step,
                since: self.now.saturating_sub(Duration::from_secs(ran)),
            }
        });
    }

    /// Selects row `row` of the step on screen (as far as it exists).
    pub(crate) fn select_row(&mut self, row: usize) {
        self.select(row);
    }
}

/// What a seated participant's status line says when no message is on it, longest first.
pub(super) fn status(w: &Workshop, seat: &SeatRules) -> Vec<String> {
    let forms = status_of_step(w, seat);
    match &seat.window {
        Some(window) => forms
            .iter()
            .map(|f| format!("{window} · {f}"))
            .chain(std::iter::once(window.clone()))
            .collect(),
        None => forms,
    }
}

/// The status line of the step, longest first.
fn status_of_step(w: &Workshop, seat: &SeatRules) -> Vec<String> {
    let rate = keymap::key_for(Context::Workshop, Action::Rate(None));
    let hidden = w.summary.hidden;
    if w.step == Step::Summary && hidden > 0 {
        let (s, stay, them) = if hidden == 1 {
            ("", "stays", "it")
        } else {
            ("s", "stay", "them")
        };
        return vec![
            format!(
                "Your view: your own ratings and what has been revealed · {hidden} rating{s} by others {stay} hidden until the facilitator reveals {them}"
            ),
            format!("Your view: {hidden} rating{s} by others {stay} hidden until revealed"),
        ];
    }
    let Some(_) = w.step.dimension() else {
        return vec![format!(
            "{} · the facilitator moves the steps",
            w.step.title()
        )];
    };
    let given = w.ratings_given().0;
    if seat.window.is_some() && seat.locked {
        return vec!["no more ratings are taken".into()];
    }
    if seat.locked {
        return vec!["The facilitator has locked this step.".into()];
    }
    let meaning = steps::rating_meaning(w.step);
    let keys = format!("1–5 rate, {rate} clears");
    let you = if seat.rates {
        format!("You rate as {} ({meaning}) · {keys}", w.rater)
    } else {
        "You take part without rating".to_string()
    };
    let blind = w.session.blind && w.session.mode == Mode::Workshop;
    let short = if seat.rates { keys } else { you.clone() };
    if blind && w.hidden_on_step() > 0 {
        return vec![
            format!("{you} · others' ratings show as • until the facilitator reveals them"),
            format!("Others show as • until the facilitator reveals · {short}"),
            you,
            short,
        ];
    }
    let dimension = w.step.dimension();
    let all_open = w
        .session
        .rated_items()
        .filter(|i| Some(i.dimension) == dimension && !i.rating.is_empty())
        .all(|i| i.rating.revealed);
    if blind && given > 0 && all_open {
        return vec![
            format!("{you} · everyone's ratings on this step are open to all"),
            format!("{short} · everyone's ratings on this step are open to all"),
            you,
            short,
        ];
    }
    vec![you, short]
}
