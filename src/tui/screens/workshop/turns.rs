//! Whose turn it is: who takes turns at this terminal, who rates now, what they may see, and
//! rating alone as one person. Changes only the turn and the rater, never the session's items.

use super::*;

/// Why nobody rates alone under the name given (`covalue open --as NAME`); the words say who
/// can.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CannotRateAlone(String);

impl Workshop {
    /// Opens the workshop for one person rating alone; the error says who can.
    pub fn rate_alone(&mut self, name: &str) -> Result<(), CannotRateAlone> {
        let rater = self
            .session
            .rater_named(name)
            .map_err(|e| CannotRateAlone(e.to_string()))?;
        self.turn = rater.side;
        self.rater = rater.name;
        self.alone = true;
        self.refresh();
        Ok(())
    }

    /// Who takes turns at this terminal, in Setup's order (`Session::turns`, as of the last
    /// change).
    pub fn turns(&self) -> &[Rater] {
        &self.derived.turns
    }

    /// Whether the one rating now is a side's default rater (no participants on that side):
    /// the room rates side by side, as before several raters existed.
    pub fn side_by_side(&self) -> bool {
        self.rater == self.turn.rater()
    }

    /// Who rates now, as the band shows it: `PROVIDER`, or `Priya · consumer · user`.
    pub fn turn_label(&self) -> String {
        if self.side_by_side() {
            return side_label(self.turn).to_string();
        }
        let group = self.session.rater_group(self.turn, &self.rater);
        format!("{} · {} · {}", self.rater, self.turn.name(), group.name())
    }

    /// The ratings of an item as the person rating now may see them: the domain's one rule
    /// (`value::Viewer`), for the viewer this screen is.
    pub fn seen(&self, ratings: &Ratings) -> Ratings {
        self.viewer().sees(&self.session, ratings).into_owned()
    }

    /// Who this screen shows ratings to, in the terms of the domain's one rule.
    pub(super) fn viewer(&self) -> Viewer<'_> {
        if self.alone {
            Viewer::Alone(self.turn, &self.rater)
        } else if self.read_only.is_some() || self.room {
            // A review, or the room's view, has no turn: nothing not yet revealed shows.
            Viewer::Room
        } else {
            Viewer::Person(self.turn, &self.rater)
        }
    }

    /// Passes the turn to the next person (or side) in `Session::turns`.
    pub(super) fn pass_turn(&mut self) {
        if self.read_only.is_some() && !self.alone {
            return self.say("A review has no turns: nobody rates in it.");
        }
        if self.alone {
            return self.say(format!(
                "You rate alone as {}: nobody else's ratings are shown or changed here.",
                self.rater
            ));
        }
        if self.room {
            return self.say(room_rates());
        }
        let turns = self.derived.turns.clone();
        if turns.len() < 2 {
            return self.say(format!(
                "Only the {} rates in a self-assessment.",
                self.turn.name()
            ));
        }
        let at = turns
            .iter()
            .position(|r| r.side == self.turn && r.name == self.rater);
        let next_at = at.map_or(0, |i| (i + 1) % turns.len());
        let next = &turns[next_at];
        self.turn = next.side;
        self.rater = next.name.clone();
        let mut derived = std::mem::take(&mut self.derived);
        if !derived.turn_passed(self, next_at) {
            derived.recount(self);
        }
        self.derived = derived;
        self.select_first_unrated();
        if self.side_by_side() {
            let hidden = if self.session.blind {
                format!(
                    " The {}'s ratings are hidden until revealed (r).",
                    self.turn.other().name()
                )
            } else {
                String::new()
            };
            self.say(format!("The {}'s turn to rate.{hidden}", self.turn.name()));
        } else {
            let hidden = if self.session.blind {
                " Everyone else's ratings are hidden until revealed (r)."
            } else {
                ""
            };
            self.say(format!("{}'s turn to rate.{hidden}", self.turn_label()));
        }
    }

    /// Runs `change`; rating alone, only this person's ratings, notes and new items may have
    /// changed, and anything more is undone on the spot with a word why.
    pub(super) fn alone_rules(&mut self, change: impl FnOnce(&mut Self)) {
        if !self.alone {
            return change(self);
        }
        let before = self.session.clone();
        let (revision, history) = (self.saves.revision, self.history.clone());
        change(self);
        // Every change to the session counts a revision (it is what gets saved): a key that
        // counted none (a move, a view) changed nothing to check.
        if self.saves.revision == revision {
            return;
        }
        if let Err(what) =
            crate::domain::alone::check(&before, &self.session, self.turn, &self.rater)
        {
            self.session = before;
            self.history = history;
            self.form = None;
            self.changed();
            self.saves.revision = revision;
            let (whole, shorter) = refused_alone(&self.rater, &what);
            self.say_briefly(whole, shorter);
        }
    }
}

/// What a person rating alone as `rater` is told when a change was not theirs: the whole
/// sentence, and shorter forms that say the reason first (a status line of 80 columns cuts the
/// end off, where the whole sentence gives it).
fn refused_alone(rater: &str, what: &crate::domain::alone::NotTheirs) -> (String, Vec<String>) {
    use crate::domain::alone::NotTheirs;
    let (why, briefly) = match what {
        NotTheirs::Item { at, change } => (format!("{change} ({at})"), change.to_string()),
        NotTheirs::Deleted(at) => (
            format!("deleting {at}"),
            format!("deleting {} {}", at.step.title(), at.number),
        ),
        other => (other.to_string(), other.to_string()),
    };
    (
        format!(
            "Rating alone as {rater}, you can change only your own ratings, notes and new items ({what})."
        ),
        vec![
            format!("Not yours to change: {why}"),
            format!("Not yours to change: {briefly}"),
        ],
    )
}

/// What the room's view says when someone tries to rate or pass the turn on it.
pub(super) fn room_rates() -> String {
    format!(
        "While serving, everyone rates at their own screen; {} reveals.",
        keymap::key_for(Context::Workshop, Action::Reveal)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortest form of a refusal says what was not theirs first and fits 80 columns,
    /// however long the item's words (a second read found a deletion's giving them first).
    #[test]
    fn a_refusal_while_rating_alone_gives_its_reason_in_80_columns() {
        use crate::domain::alone::{ItemAt, ItemChange, NotTheirs};
        let at = ItemAt {
            step: Step::Benefits,
            number: 3,
            text: format!(
                "\"{}\"",
                "Less time lost when laptops or email stop working ".repeat(3)
            ),
        };
        let cases = [
            (
                NotTheirs::Deleted(at.clone()),
                "Not yours to change: deleting Benefits 3",
            ),
            (
                NotTheirs::Item {
                    at,
                    change: ItemChange::Revealed,
                },
                "Not yours to change: it was revealed",
            ),
        ];
        for (what, shortest) in cases {
            let (whole, shorter) = refused_alone("Ola", &what);
            assert!(
                whole.starts_with("Rating alone as Ola, you can change only"),
                "{whole}"
            );
            assert_eq!(shorter.last().map(String::as_str), Some(shortest));
            assert!(crate::text::width(shortest) < 80);
        }
    }

    fn session() -> Session {
        let mut s = Session::new("t", "Review", Timestamp::from_unix(0));
        for (name, role) in [
            ("Priya Raman", Role::Consumer),
            ("Sam Okafor", Role::Provider),
            ("Ola Berg", Role::Facilitator),
        ] {
            s.participants.push(Participant {
                name: name.into(),
                role,
                group: None,
            });
        }
        s
    }

    #[test]
    fn a_name_nobody_rates_under_is_a_typed_error_in_the_domains_words() {
        let mut w = Workshop::new(session(), "t.ron", None);
        let err: CannotRateAlone = w.rate_alone("Ola").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Ola Berg is the facilitator, who rates nothing; rate as a provider or consumer participant"
        );
        assert!(!w.alone, "a refused name leaves the room's view");
        w.rate_alone("priya").unwrap();
        assert!(w.alone);
        assert_eq!((w.turn, w.rater.as_str()), (Side::Consumer, "Priya Raman"));
    }
}
