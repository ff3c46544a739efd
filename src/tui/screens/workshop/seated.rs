//! A workshop screen seated as one participant over SSH (`covalue serve`): the turn and the
//! viewer are that person's for good, the session and the step are the server's, and only the
//! keys the participant may use are offered. What their keys change is decided by
//! `tui::seat`, which sends it to the server; nothing here changes the session itself.

use super::*;

/// What a seated participant may do now, as the server last said.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeatRules {
    /// They rate (a provider or a consumer of the session).
    pub rates: bool,
    /// The facilitator locked this step, or a pre-work window has closed.
    pub locked: bool,
    pub notes: bool,
    pub items: bool,
    /// A pre-work window: they move through the steps at their own pace.
    pub window: bool,
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

    /// Whether `action` does something for the participant now (the footer hints only those).
    pub fn offers(&self, action: Action, rated: bool, rows: usize) -> bool {
        let open = !self.locked;
        match action {
            Action::Rate(_) => open && self.rates && rated && rows > 0,
            Action::Edit => open && self.notes && rated && rows > 0,
            Action::Add => open && self.items && rated,
            Action::NextStep | Action::PrevStep => self.window,
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
    pub fn seat(&self) -> Option<SeatRules> {
        self.seat
    }

    /// Takes the server's session and step (the facilitator's, or in a pre-work window the
    /// participant's own) and the rules now, keeping the seat's turn.
    pub(crate) fn follow(&mut self, session: &Session, step: Step, rules: SeatRules) {
        let (turn, rater) = (self.turn, self.rater.clone());
        self.seat = Some(rules);
        self.session = session.clone();
        self.derived = derived::Derived::people(&self.session);
        self.refresh();
        // A new step starts at its first item, as the facilitator's screen does.
        if step != self.step {
            self.go_to(step);
            self.selected[step.index()] = 0;
        }
        (self.turn, self.rater) = (turn, rater);
        for s in Step::ALL {
            let last = self.rows_of(s).saturating_sub(1);
            self.selected[s.index()] = self.selected[s.index()].min(last);
        }
        self.recount();
    }

    /// Selects row `row` of the step on screen (as far as it exists).
    pub(crate) fn select_row(&mut self, row: usize) {
        self.select(row);
    }
}

/// What a seated participant's status line says when no message is on it, longest first.
pub(super) fn status(w: &Workshop, seat: SeatRules) -> Vec<String> {
    let rate = keymap::key_for(Context::Workshop, Action::Rate(None));
    let Some(_) = w.step.dimension() else {
        return vec![format!(
            "{} · the facilitator moves the steps",
            w.step.title()
        )];
    };
    if seat.locked {
        return vec!["This step is closed to changes; you can look around.".into()];
    }
    let meaning = steps::rating_meaning(w.step);
    let you = if seat.rates {
        format!(
            "You rate as {} ({meaning}) · 1–5 rate, {rate} clears",
            w.rater
        )
    } else {
        "You take part without rating".to_string()
    };
    let hidden = w.hidden_on_step();
    if w.session.blind && w.session.mode == Mode::Workshop && hidden > 0 {
        return vec![
            format!("{you} · others' ratings show as • until the facilitator reveals them"),
            format!("{you} · others' ratings hidden (•) until revealed"),
            you,
        ];
    }
    vec![you]
}
