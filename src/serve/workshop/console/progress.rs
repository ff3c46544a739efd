//! How far each person has rated: counts of their own ratings, which hide nothing, for the
//! console's lines and the headless server's pre-work log. What anyone may see of a rating
//! is the domain's to say (`value::Viewer`), not this module's.

use super::*;

/// How many items of `dimension` `who` has rated, of how many: the facilitator's view of
/// each person's progress.
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
        done += usize::from(Session::own_rating(item.rating, *side, name, speaks).is_some());
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
