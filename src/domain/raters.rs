//! Who rates in a session: the turn order, every rater with their count, the raters who are
//! not participants, what one person may see of an item, and rating as one person.

use super::people::{Group, Participant, Rater};
use super::rating::{Rating, Ratings, Side};
use super::session::{Dimension, Session};

/// Why a name given to rate alone (`covalue open --as NAME`) names no one who rates.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotARater {
    /// The name is part of more than one participant's name; `matches` lists them.
    #[error("{name:?} is part of several participants' names: {matches}; give more of the name")]
    Several { name: String, matches: String },
    /// The name is the facilitator's (it holds the whole name).
    #[error(
        "{0} is the facilitator, who rates nothing; rate as a provider or consumer participant"
    )]
    Facilitator(String),
    /// No participant has the name, and nobody in the session rates.
    #[error(
        "{0:?} is not a participant, and this session has none who rate; add them in Setup first"
    )]
    NobodyRates(String),
    /// No participant has the name; `raters` lists those who rate.
    #[error("{name:?} is not a participant; the participants who rate are: {raters}")]
    Unknown { name: String, raters: String },
}

impl Session {
    /// The group of the rater `name` on `side`: the participant's of that name and side, else
    /// the side's default group (a rater named after the side, from a format-1 file).
    pub fn rater_group(&self, side: Side, name: &str) -> Group {
        self.participants
            .iter()
            .find(|p| p.name == name && p.role.side() == Some(side))
            .and_then(Participant::group)
            .unwrap_or_else(|| Group::default_for(side))
    }

    /// The people the turn passes between at one terminal, in order: the participants who
    /// rate for a side this mode collects, as listed in Setup; a side without any is rated by
    /// its default rater (`Side::rater`), as a format-1 file was.
    pub fn turns(&self) -> Vec<Rater> {
        self.turns_from(&self.raters())
    }

    /// `turns`, from the session's `raters` already counted.
    pub fn turns_from(&self, raters: &[Rater]) -> Vec<Rater> {
        let mut turns: Vec<Rater> = Vec::new();
        for side in self.mode.sides() {
            let people: Vec<&Participant> = self
                .participants
                .iter()
                .filter(|p| p.role.side() == Some(*side))
                .collect();
            let names: Vec<&str> = if people.is_empty() {
                vec![side.rater()]
            } else {
                people.iter().map(|p| p.name.as_str()).collect()
            };
            for name in names {
                let rated = raters
                    .iter()
                    .find(|r| r.side == *side && r.name == name)
                    .map_or(0, |r| r.rated);
                turns.push(Rater {
                    name: name.to_string(),
                    side: *side,
                    group: self.rater_group(*side, name),
                    rated,
                });
            }
        }
        turns
    }

    /// Whether `name` is the only participant rating for `side`, so that the side's default
    /// rater's ratings (a format-1 file's single number, a template's) were theirs: they see
    /// those as their own, and their first rating of an item takes that one's place.
    pub fn speaks_for_side(&self, side: Side, name: &str) -> bool {
        let mut people = self
            .participants
            .iter()
            .filter(|p| p.role.side() == Some(side));
        matches!((people.next(), people.next()), (Some(p), None) if p.name == name && name != side.rater())
    }

    /// An item's ratings as `name` on `side` may see them: with blind rating, only their own
    /// until revealed (`Ratings::visible_to`), the side's default rater's counting as theirs
    /// when they speak for the side.
    pub fn seen_by(&self, ratings: &Ratings, side: Side, name: &str) -> Ratings {
        self.with_legacy(
            ratings.visible_to(side, name, self.blind),
            ratings,
            side,
            name,
        )
    }

    /// `name`'s own rating of an item on `side`: theirs, or the side's default rater's when
    /// they speak for the side (`speaks`, from `speaks_for_side`, asked once by a caller that
    /// walks many items). The rule `own_of` and `seen_by` follow, without building ratings.
    pub fn own_rating(ratings: &Ratings, side: Side, name: &str, speaks: bool) -> Option<Rating> {
        ratings
            .by(side, name)
            .or_else(|| speaks.then(|| ratings.by(side, side.rater())).flatten())
    }

    /// Only `name`'s own ratings of an item (rating alone), the side's default rater's
    /// counting as theirs when they speak for the side.
    pub fn own_of(&self, ratings: &Ratings, side: Side, name: &str) -> Ratings {
        self.with_legacy(ratings.own(side, name), ratings, side, name)
    }

    fn with_legacy(&self, mut seen: Ratings, ratings: &Ratings, side: Side, name: &str) -> Ratings {
        if self.speaks_for_side(side, name) {
            seen.copy_from(ratings, side, side.rater());
        }
        seen
    }

    /// Sets `name`'s rating of one item on `side`; when they speak for the side, their rating
    /// replaces the side's default rater's (it was theirs).
    pub fn rate_as(
        &mut self,
        dimension: Dimension,
        index: usize,
        side: Side,
        name: &str,
        rating: Option<Rating>,
    ) {
        let adopt = self.speaks_for_side(side, name);
        let blind = self.blind;
        if let Some(r) = self.ratings_mut(dimension, index) {
            // Only the two entries this can change, not a copy of the item's ratings: this runs
            // on every rating key.
            let entries = |r: &Ratings| {
                let side_ratings = r.raters(side);
                (
                    side_ratings.get(name).copied(),
                    side_ratings.get(side.rater()).copied(),
                )
            };
            let before = entries(r);
            if adopt {
                r.set_by(side, side.rater(), None);
            }
            r.set_by(side, name, rating);
            // Blind rating holds after a reveal too: a rating given or changed on a revealed
            // item is hidden (with the item's others) until the facilitator reveals again, so
            // nobody reads a late number, and nobody rating late reads theirs first.
            if blind && r.revealed && entries(r) != before {
                r.revealed = false;
            }
        }
    }

    /// Drops the merge conflicts a person has just decided: `rater`'s rating of the item
    /// (`rater` given), or the item's other fields (an edit, `rater` empty). Returns how many.
    pub fn resolve_conflicts(&mut self, item: &str, rater: &str) -> usize {
        let before = self.conflicts.len();
        self.conflicts
            .retain(|c| !(c.item == item && !item.is_empty() && c.rater == rater));
        before - self.conflicts.len()
    }

    /// The participant `name` (a whole name, or a unique part of one, in any case) as a
    /// rater, for rating alone (`covalue open --as NAME`); the error says who can.
    pub fn rater_named(&self, name: &str) -> Result<Rater, NotARater> {
        let whole = self
            .participants
            .iter()
            .find(|p| p.name == name || super::name::same_words(&p.name, name));
        let needle = name.trim().to_lowercase();
        let parts: Vec<&Participant> = self
            .participants
            .iter()
            .filter(|p| !needle.is_empty() && p.name.to_lowercase().contains(&needle))
            .collect();
        let found = match (whole, parts.as_slice()) {
            (Some(p), _) => Some(p),
            (None, [p]) => Some(*p),
            (None, []) => None,
            (None, several) => {
                let names: Vec<&str> = several.iter().map(|p| p.name.as_str()).collect();
                return Err(NotARater::Several {
                    name: name.to_string(),
                    matches: names.join(", "),
                });
            }
        };
        match found.map(|p| (p, p.role.side())) {
            Some((p, Some(side))) => Ok(self
                .turns()
                .into_iter()
                .chain(self.raters())
                .find(|r| r.side == side && r.name == p.name)
                .unwrap_or(Rater {
                    name: p.name.clone(),
                    side,
                    group: self.rater_group(side, &p.name),
                    rated: 0,
                })),
            Some((p, None)) => Err(NotARater::Facilitator(p.name.clone())),
            None => {
                let names: Vec<&str> = self
                    .participants
                    .iter()
                    .filter(|p| p.role.side().is_some())
                    .map(|p| p.name.as_str())
                    .collect();
                let name = name.to_string();
                Err(if names.is_empty() {
                    NotARater::NobodyRates(name)
                } else {
                    NotARater::Unknown {
                        name,
                        raters: names.join(", "),
                    }
                })
            }
        }
    }

    /// Everyone who rates: each participant on a side, then every other name found among the
    /// ratings, with how many items each has rated. Sorted by side, group and name.
    pub fn raters(&self) -> Vec<Rater> {
        RATER_WALKS.with(|walks| walks.set(walks.get() + 1));
        // Borrowed names, so a walk over every rating copies no name.
        let mut tally = Tally::new();
        for p in &self.participants {
            if let Some(side) = p.role.side() {
                tally.add(side, &p.name, 0);
            }
        }
        for item in self.rated_items() {
            for side in Side::BOTH {
                for name in item.rating.raters(side).keys() {
                    tally.add(side, name, 1);
                }
            }
        }
        let mut raters: Vec<Rater> = tally
            .counts
            .into_iter()
            .map(|(side, name, rated)| Rater {
                group: self.rater_group(side, name),
                name: name.to_string(),
                side,
                rated,
            })
            .collect();
        raters.sort_by(|a, b| (a.side, &a.group, &a.name).cmp(&(b.side, &b.group, &b.name)));
        raters
    }
}

impl Session {
    /// Everyone whose ratings are in the session but who is not one of its participants on
    /// that side: an earlier rating kept by a file upgrade, a template's rater, a participant
    /// since removed. A side with no participants is rated by its default rater
    /// (`Side::rater`, see `turns`), and a side's only participant speaks for that rater
    /// (`speaks_for_side`), so then it is not listed.
    pub fn stray_raters(&self) -> Vec<Rater> {
        self.strays_from(self.raters())
    }

    /// `stray_raters`, from the session's `raters` already counted.
    pub fn strays_from(&self, raters: Vec<Rater>) -> Vec<Rater> {
        raters
            .into_iter()
            .filter(|r| r.rated > 0)
            .filter(|r| {
                let on_side: Vec<&str> = self
                    .participants
                    .iter()
                    .filter(|p| p.role.side() == Some(r.side))
                    .map(|p| p.name.as_str())
                    .collect();
                let listed = on_side.contains(&r.name.as_str());
                // The default rater's ratings are a side's own while no one, or one person
                // who speaks for it, rates for the side: the screens show them as theirs.
                let spoken_for = r.name == r.side.rater()
                    && match on_side[..] {
                        [] => true,
                        [only] => self.speaks_for_side(r.side, only),
                        _ => false,
                    };
                !listed && !spoken_for
            })
            .collect()
    }

    /// Takes out every rating `name` gave on `side`, in every step; returns how many.
    pub fn remove_ratings_by(&mut self, side: Side, name: &str) -> usize {
        let mut removed = 0;
        for dimension in Dimension::ALL {
            for index in 0..self.item_count(dimension.step()) {
                if let Some(ratings) = self.ratings_mut(dimension, index)
                    && ratings.raters_mut(side).remove(name).is_some()
                {
                    removed += 1;
                }
            }
        }
        removed
    }
}

thread_local! {
    /// How many times `Session::raters` has walked every rating on this thread.
    static RATER_WALKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times `Session::raters` has walked every rating on this thread, so a counting test
/// (no clock) can hold drawing to no walk per frame and a change to one.
#[doc(hidden)]
pub fn rater_walks() -> usize {
    RATER_WALKS.with(std::cell::Cell::get)
}

/// Adds `by` to `name` on `side` in `counts`, listing the name if it is new. A handful of
/// people rate each item, so a short list searched in turn beats a map; a file with many
/// names (a merge of many copies, a hostile one) gets an index, so no walk grows with the
/// square of the names.
struct Tally<'a> {
    counts: Vec<(Side, &'a str, usize)>,
    index: std::collections::HashMap<(Side, &'a str), usize>,
    /// Where the last name was found: items list the same people in the same order, so the
    /// next name is most often the entry after it.
    last: usize,
}

impl<'a> Tally<'a> {
    const SHORT: usize = 16;

    fn new() -> Tally<'a> {
        Tally {
            counts: Vec::new(),
            index: std::collections::HashMap::new(),
            last: 0,
        }
    }

    fn add(&mut self, side: Side, name: &'a str, by: usize) {
        let next = self.last + 1;
        let found = if let Some((s, n, _)) = self.counts.get(next)
            && *s == side
            && same(n, name)
        {
            Some(next)
        } else if self.counts.len() <= Self::SHORT {
            self.counts
                .iter()
                .position(|(s, n, _)| *s == side && same(n, name))
        } else {
            self.index.get(&(side, name)).copied()
        };
        match found {
            Some(at) => {
                self.counts[at].2 += by;
                self.last = at;
            }
            None => {
                self.counts.push((side, name, by));
                self.last = self.counts.len() - 1;
                if self.counts.len() > Self::SHORT {
                    if self.index.is_empty() {
                        let all = self.counts.iter().enumerate();
                        self.index = all.map(|(i, (s, n, _))| ((*s, *n), i)).collect();
                    } else {
                        self.index.insert((side, name), self.counts.len() - 1);
                    }
                }
            }
        }
    }
}

/// Whether two names are the same: by address first, as the ratings of one person share one
/// interned name (`domain::Name`), then by text.
fn same(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}
