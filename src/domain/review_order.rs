//! The one order of a service's reviews, oldest first, shared by the portfolio, the trend and
//! their screens, so that they all agree on which review is the latest. It only sorts what it
//! is given; which sessions are reviews of a service is the caller's question.
//!
//! A review comes after another when it was created later, to the second. Two created in the
//! same second (a script, or `new --from` run at once) are told apart by, in turn: a follow-up
//! comes after the session it names in `follows`; the one updated later comes later; the
//! greater id comes later. That is a total order, so every run and every command gives the
//! same one.

use super::session::Session;
use super::time::Timestamp;
use std::collections::HashMap;

/// What places a review among its service's reviews.
pub trait Placed {
    fn id(&self) -> &str;
    fn created(&self) -> Timestamp;
    fn updated(&self) -> Timestamp;
    /// The id of the session this one follows up (`new --from`); empty for a first review.
    fn follows(&self) -> &str;
}

impl Placed for Session {
    fn id(&self) -> &str {
        &self.id
    }
    fn created(&self) -> Timestamp {
        self.created
    }
    fn updated(&self) -> Timestamp {
        self.updated
    }
    fn follows(&self) -> &str {
        &self.follows
    }
}

impl<T: Placed> Placed for &T {
    fn id(&self) -> &str {
        (*self).id()
    }
    fn created(&self) -> Timestamp {
        (*self).created()
    }
    fn updated(&self) -> Timestamp {
        (*self).updated()
    }
    fn follows(&self) -> &str {
        (*self).follows()
    }
}

/// `reviews` (any order) oldest first, the latest last, as the module says.
pub fn oldest_first<T: Placed>(reviews: Vec<T>) -> Vec<T> {
    let keys: Vec<(Timestamp, usize, Timestamp, String)> = {
        let at: HashMap<(Timestamp, &str), usize> = reviews
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.created(), r.id()), i))
            .collect();
        (0..reviews.len())
            .map(|i| {
                let r = &reviews[i];
                let link = generation(i, &reviews, &at);
                (r.created(), link, r.updated(), r.id().to_string())
            })
            .collect()
    };
    // A key per review, not a comparison that looks up `follows`: a tuple is always a total
    // order, where "follows, else updated" between pairs need not be (and sort may panic).
    let mut keyed: Vec<_> = keys.into_iter().zip(reviews).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// How many follow-up links lead back from `reviews[i]` through sessions created in the same
/// second: a follow-up's is one more than its predecessor's, so it sorts after it.
fn generation<T: Placed>(i: usize, reviews: &[T], at: &HashMap<(Timestamp, &str), usize>) -> usize {
    let mut depth = 0;
    let mut here = &reviews[i];
    // A cycle of `follows` (hand-edited files) ends at the count of reviews.
    while depth < reviews.len() && !here.follows().is_empty() {
        match at.get(&(here.created(), here.follows())) {
            Some(&before) => {
                depth += 1;
                here = &reviews[before];
            }
            None => break,
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn session(id: &str, created: &str, updated: &str, follows: &str) -> Session {
        let mut s = Session::new(id, id, at(created));
        s.updated = at(updated);
        s.follows = follows.into();
        s
    }

    fn ids(sessions: Vec<&Session>) -> Vec<&str> {
        sessions.iter().map(|s| s.id.as_str()).collect()
    }

    /// The bug a new user found: on one day the portfolio went by id, the trend by time.
    #[test]
    fn the_time_of_day_decides_not_the_id() {
        let morning = session(
            "rghhacy8",
            "2026-12-07T09:00:00Z",
            "2026-12-07T10:00:00Z",
            "",
        );
        let afternoon = session(
            "emq4623a",
            "2026-12-07T15:00:00Z",
            "2026-12-07T15:00:00Z",
            "rghhacy8",
        );
        assert_eq!(
            ids(oldest_first(vec![&morning, &afternoon])),
            ["rghhacy8", "emq4623a"]
        );
        assert_eq!(
            ids(oldest_first(vec![&afternoon, &morning])),
            ["rghhacy8", "emq4623a"]
        );
    }

    #[test]
    fn in_the_same_second_a_follow_up_then_the_later_update_then_the_id_decides() {
        let second = "2026-12-07T09:00:00Z";
        let first = session("zz", second, "2026-12-07T12:00:00Z", "");
        let follow_up = session("aa", second, "2026-12-07T09:00:00Z", "zz");
        let next = session("mm", second, "2026-12-07T09:00:00Z", "aa");
        let edited = session("bb", second, "2026-12-07T11:00:00Z", "");
        let untouched = session("cc", second, "2026-12-07T09:00:00Z", "");
        let older = session("yy", "2026-12-06T09:00:00Z", "2026-12-08T09:00:00Z", "");
        let all = vec![&next, &edited, &first, &untouched, &older, &follow_up];
        // Generation 0 by update then id (cc, bb, zz), then the follow-up chain zz → aa → mm.
        assert_eq!(ids(oldest_first(all)), ["yy", "cc", "bb", "zz", "aa", "mm"]);
    }

    #[test]
    fn a_follows_cycle_or_a_missing_predecessor_still_sorts() {
        let second = "2026-12-07T09:00:00Z";
        let a = session("a", second, second, "b");
        let b = session("b", second, second, "a");
        let gone = session("c", second, second, "not-here");
        let sorted = ids(oldest_first(vec![&a, &b, &gone]));
        assert_eq!(sorted.len(), 3);
        assert_eq!(sorted[0], "c", "a missing predecessor is no link");
    }
}
