//! What a participant may see of the session's ratings.

use super::*;

/// How one person sees another's rating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Rated, but hidden until the facilitator reveals.
    Rated,
    Number(Rating),
}

/// One item as a participant may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub index: usize,
    pub text: String,
    /// Their own rating.
    pub own: Option<Rating>,
    /// Everyone else who rated the item, by name, as far as this person may see it.
    pub others: Vec<(String, Shown)>,
}

/// The items of `dimension` as `who` (side and name as the session spells it; `None` for
/// someone who rates nothing) may see them: the one place that decides what a participant
/// is shown, so no screen of theirs can hold a hidden number. The rule itself is the
/// domain's (`Session::seen_by`): with blind rating, only their own until the reveal.
pub fn rows(session: &Session, dimension: Dimension, who: Option<&(Side, String)>) -> Vec<Row> {
    session
        .rated_items()
        .filter(|i| i.dimension == dimension)
        .map(|i| {
            let ratings: &Ratings = i.rating;
            let (own, seen) = match who {
                Some((side, name)) => {
                    let mine = session.own_of(ratings, *side, name);
                    let own = mine
                        .by(*side, name)
                        .or_else(|| mine.by(*side, side.rater()));
                    (own, session.seen_by(ratings, *side, name))
                }
                None if session.blind && !ratings.revealed => (None, Ratings::default()),
                None => (None, ratings.clone()),
            };
            let mut others = Vec::new();
            for side in Side::BOTH {
                for rater in ratings.raters(side).keys() {
                    let me = who.is_some_and(|(s, n)| {
                        *s == side
                            && (n == rater
                                || session.speaks_for_side(side, n) && rater == side.rater())
                    });
                    if me {
                        continue;
                    }
                    let shown = match seen.by(side, rater) {
                        Some(r) => Shown::Number(r),
                        None => Shown::Rated,
                    };
                    others.push((rater.clone(), shown));
                }
            }
            Row {
                index: i.index,
                text: i.text.to_string(),
                own,
                others,
            }
        })
        .collect()
}

pub(super) fn others_text(others: &[(String, Shown)]) -> String {
    if others.is_empty() {
        return "nobody yet".into();
    }
    others
        .iter()
        .map(|(name, shown)| match shown {
            Shown::Rated => format!("{}: rated", one_line(name)),
            Shown::Number(r) => format!("{}: {r}", one_line(name)),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
