//! What a reader may see of a session's ratings: the one visibility rule (`Viewer`), applied
//! item by item (`Sight`).

use crate::domain::rating::{Ratings, Side};
use crate::domain::session::Session;
use std::borrow::Cow;

/// Whose eyes an output is for: the one rule of what a reader may see of a session's
/// ratings. Every output asks it (`Viewer::sees`), the screens, `list`, `summary`, `compare`,
/// `show` and the exports alike, instead of deciding for itself.
///
/// Whatever the viewer, a self-assessment counts only the side it assesses: the other side's
/// ratings (left in a file from a template or an earlier workshop) are never seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer<'a> {
    /// Every rating, revealed or not: the facilitator's own use (`--include-hidden`).
    Everything,
    /// The room while `Side` rates: the other side's unrevealed ratings are hidden.
    Turn(Side),
    /// The room while one person rates: with blind rating, everyone else's unrevealed rating
    /// is hidden, the people of the same side included.
    Person(Side, &'a str),
    /// One person rating alone (`open --as`): nobody else's rating, revealed or not.
    Alone(Side, &'a str),
    /// Anyone outside the workshop screens (the browser, `list`, `summary`, `compare`,
    /// `show`, the exports): no rating that is not yet revealed (`not_yet_revealed`).
    Room,
}

impl<'a> Viewer<'a> {
    /// The ratings of an item this viewer sees; borrowed when that is all of them. For many
    /// items of one session, `over` works out what the whole session decides once.
    pub fn sees<'r>(self, session: &Session, ratings: &'r Ratings) -> Cow<'r, Ratings> {
        self.over(session).sees(ratings)
    }

    /// This viewer over `session`, with what depends on the whole session (whether more than
    /// one person rates) worked out once, so a walk over every item stays one walk.
    pub fn over<'s>(self, session: &'s Session) -> Sight<'s, 'a> {
        Sight {
            session,
            viewer: self,
            several: session.blind && several_rate(session),
        }
    }
}

/// A viewer bound to one session (`Viewer::over`): the one visibility rule, item by item.
#[derive(Clone, Copy, Debug)]
pub struct Sight<'s, 'a> {
    session: &'s Session,
    viewer: Viewer<'a>,
    /// `several_rate`, for a blind session (unused otherwise).
    several: bool,
}

impl Sight<'_, '_> {
    /// The ratings of an item this viewer sees; borrowed when that is all of them.
    pub fn sees<'r>(&self, ratings: &'r Ratings) -> Cow<'r, Ratings> {
        let session = self.session;
        let counted = counted(session, ratings);
        let seen = match self.viewer {
            Viewer::Everything => return counted,
            Viewer::Turn(turn) => counted.visible(turn, session.blind),
            Viewer::Person(side, name) => session.seen_by(&counted, side, name),
            Viewer::Alone(side, name) => session.own_of(&counted, side, name),
            // Not revealed yet, so none of it shows (and it is not revealed).
            Viewer::Room if self.not_yet_revealed(ratings) => Ratings::default(),
            Viewer::Room => return counted,
        };
        Cow::Owned(seen)
    }

    /// How many of `ratings` this viewer may not see, `seen` being what they see of them.
    pub(super) fn hidden(&self, ratings: &Ratings, seen: &Ratings) -> usize {
        counted(self.session, ratings).count() - seen.count()
    }

    /// The session this sight is over.
    pub(super) fn session(&self) -> &Session {
        self.session
    }

    /// Whether several people rate (worked out for a blind session only).
    pub(super) fn several(&self) -> bool {
        self.several
    }

    /// `not_yet_revealed` for one item of this session.
    pub fn not_yet_revealed(&self, ratings: &Ratings) -> bool {
        self.session.blind && !ratings.revealed && !ratings.is_empty() && self.several
    }
}

/// Whether an item's ratings are not yet revealed, so the room may not see them: the session
/// rates blind, the item has not been revealed (`r`), and someone who has still to rate could
/// be anchored by them. In a workshop that is always so; in a self-assessment only when more
/// than one person rates its side (one person alone has seen their own numbers). A session
/// that does not rate blind showed every rating as it was given, so nothing in it is hidden.
pub fn not_yet_revealed(session: &Session, ratings: &Ratings) -> bool {
    session.blind && !ratings.revealed && !ratings.is_empty() && several_rate(session)
}

/// Whether more than one person rates the sides the session's mode collects.
fn several_rate(session: &Session) -> bool {
    if session.mode == crate::domain::session::Mode::Workshop {
        return true;
    }
    // Stops at the second name: most files answer within their first items.
    let mut names = session.mode.sides().iter().flat_map(|side| {
        let people = session
            .participants
            .iter()
            .filter(move |p| p.role.side() == Some(*side))
            .map(|p| p.name.as_str());
        let raters = session
            .rated_items()
            .flat_map(move |item| item.rating.raters(*side).keys());
        people.chain(raters)
    });
    match names.next() {
        Some(first) => names.any(|name| name != first),
        None => false,
    }
}

/// The ratings a session counts: in a self-assessment only its own side's.
pub(super) fn counted<'r>(session: &Session, ratings: &'r Ratings) -> Cow<'r, Ratings> {
    let sides = session.mode.sides();
    if Side::BOTH
        .iter()
        .all(|s| sides.contains(s) || !ratings.is_rated(*s))
    {
        return Cow::Borrowed(ratings);
    }
    let mut own = ratings.clone();
    for side in Side::BOTH.into_iter().filter(|s| !sides.contains(s)) {
        own.raters_mut(side).clear();
    }
    Cow::Owned(own)
}

/// How many ratings the room may not see yet (`Viewer::Room`): what an output that leaves
/// them out says it left out, and one that includes them says it included.
pub fn hidden_ratings(session: &Session) -> usize {
    if !session.blind || !several_rate(session) {
        return 0;
    }
    session
        .rated_items()
        .filter(|i| !i.rating.revealed)
        .map(|i| counted(session, i.rating).count())
        .sum()
}
