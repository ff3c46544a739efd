//! What a participant may see of the session's ratings.

use super::*;
use crate::domain::Viewer;
use std::fmt::Write as _;

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
/// is shown, so no screen of theirs can hold a hidden number. The rule is the domain's
/// (`value::Viewer`: `Person`, which is `Session::seen_by`, for a rater; `Room` for anyone
/// else): with blind rating, only their own until the reveal; the side's default rater
/// counts as them when they speak for the side. Everyone else who rated shows as "rated".
pub fn rows(session: &Session, dimension: Dimension, who: Option<&(Side, String)>) -> Vec<Row> {
    // Asked once, not per item and rater: it looks through every participant.
    let speaks = who.is_some_and(|(side, name)| session.speaks_for_side(*side, name));
    let is_me = |side: Side, rater: &str| {
        who.is_some_and(|(s, n)| *s == side && (n == rater || speaks && rater == side.rater()))
    };
    let viewer = match who {
        Some((side, name)) => Viewer::Person(*side, name),
        None => Viewer::Room,
    };
    session
        .rated_items()
        .filter(|i| i.dimension == dimension)
        .map(|i| {
            let ratings: &Ratings = i.rating;
            let seen = viewer.sees(session, ratings);
            let own = who.and_then(|(side, name)| {
                seen.by(*side, name)
                    .or_else(|| seen.by(*side, side.rater()).filter(|_| speaks))
            });
            let mut others = Vec::new();
            for side in Side::BOTH {
                for rater in ratings.raters(side).keys() {
                    if is_me(side, rater) {
                        continue;
                    }
                    let shown = match seen.raters(side).get(rater) {
                        Some(rating) => Shown::Number(*rating),
                        None => Shown::Rated,
                    };
                    others.push((rater.to_string(), shown));
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

/// How many items of `dimension` `who` has rated, of how many: the facilitator's view of
/// each person's progress, without building their rows.
pub fn rated_count(
    session: &Session,
    dimension: Dimension,
    who: &(Side, String),
) -> (usize, usize) {
    let (side, name) = who;
    let speaks = session.speaks_for_side(*side, name);
    let mut done = 0;
    let mut all = 0;
    for item in session.rated_items().filter(|i| i.dimension == dimension) {
        all += 1;
        let rated = item.rating.by(*side, name).is_some()
            || speaks && item.rating.by(*side, side.rater()).is_some();
        done += usize::from(rated);
    }
    (done, all)
}

/// How many items `who` has rated of all the rated steps' items: a person's pre-work progress
/// (`Priya Raman 31/42`).
pub fn progress(session: &Session, who: &(Side, String)) -> (usize, usize) {
    Dimension::ALL
        .into_iter()
        .map(|d| rated_count(session, d, who))
        .fold((0, 0), |(done, all), (d, a)| (done + d, all + a))
}

/// Every participant who rates, with their pre-work progress, in the participants' order.
pub fn everyone_progress(session: &Session) -> Vec<(String, usize, usize)> {
    session
        .participants
        .iter()
        .filter_map(|p| rater_of(session, &p.name))
        .map(|who| {
            let (done, all) = progress(session, &who);
            (who.1, done, all)
        })
        .collect()
}

/// Everyone else's ratings of an item in words: by name while they fit in `columns`, else how
/// many have rated and, once shown, the range and mean of their numbers.
pub(super) fn others_fit(others: &[(String, Shown)], columns: usize) -> String {
    // Built name by name and given up once too wide: fifty names on every row of every screen
    // after every rating would cost more than the rest of the frame.
    let mut full = String::new();
    let mut fits = true;
    for (i, (name, shown)) in others.iter().enumerate() {
        if i > 0 {
            full.push_str(" · ");
        }
        let _ = match shown {
            Shown::Rated => write!(full, "{}: rated", one_line(name)),
            Shown::Number(r) => write!(full, "{}: {r}", one_line(name)),
        };
        if crate::text::width(&full) > columns {
            fits = false;
            break;
        }
    }
    if others.is_empty() {
        return "nobody yet".into();
    }
    if fits {
        return full;
    }
    let numbers: Vec<u32> = others
        .iter()
        .filter_map(|(_, shown)| match shown {
            Shown::Number(r) => Some(u32::from(r.get())),
            Shown::Rated => None,
        })
        .collect();
    let (Some(low), Some(high)) = (numbers.iter().min(), numbers.iter().max()) else {
        return format!("{} rated", others.len());
    };
    // Tenths rounded half away from zero, as every number people read here is.
    let tenths =
        crate::text::whole(f64::from(numbers.iter().sum::<u32>()) * 10.0 / numbers.len() as f64);
    let n = others.len();
    if low == high {
        return format!("{n} rated · all {low}");
    }
    format!(
        "{n} rated · mean {}.{} ({low}–{high})",
        tenths / 10,
        tenths % 10
    )
}

/// The value summary as `who` may see it (`None`: someone who rates nothing sees what the
/// room may): with blind rating, no number from a rating hidden from them.
pub(super) fn summary_lines(session: &Session, who: Option<&(Side, String)>) -> Vec<String> {
    let summary = match who {
        Some((side, name)) => crate::domain::summarize_seen_by(session, *side, name),
        None => crate::domain::summarize_for_room(session),
    };
    let mut lines: Vec<String> = Vec::new();
    // Said first: this summary is one person's view, not the room's final numbers.
    if summary.hidden > 0 {
        lines.push("Your view: your own ratings and what has been revealed.".to_string());
        lines.push("The numbers change once the facilitator reveals the rest.".to_string());
        lines.push(String::new());
    }
    lines.extend(
        crate::report::summary::text(session, &summary)
            .lines()
            .map(str::to_string),
    );
    if summary.hidden > 0 {
        let (s, stay) = if summary.hidden == 1 {
            ("", "stays")
        } else {
            ("s", "stay")
        };
        let them = if summary.hidden == 1 { "it" } else { "them" };
        lines.push(format!(
            "{} rating{s} by others {stay} hidden until the facilitator reveals {them}.",
            summary.hidden
        ));
    }
    lines
}

/// The items of a step nothing is rated on (Context, Agreements), one line each to read;
/// `None` on the other steps.
pub(super) fn step_list(session: &Session, step: Step) -> Option<Vec<String>> {
    matches!(step, Step::Context | Step::Agreements).then(|| {
        (0..session.item_count(step))
            .map(|i| {
                let (text, about) = crate::tui::workshop::steps::cells(session, step, i);
                if about.is_empty() {
                    one_line(text)
                } else {
                    format!("{} ({})", one_line(text), one_line(&about))
                }
            })
            .collect()
    })
}
