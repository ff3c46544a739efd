//! What one participant's screen shows of the master, built once per change.

use super::*;

/// The master as one participant may see it, built once per change (`Master::version`), not
/// on every frame: fifty screens redraw after every rating.
pub(super) struct View {
    pub(super) version: u64,
    pub(super) step: Step,
    /// Their side and name as the session spells it, when they rate.
    pub(super) who: Option<(Side, String)>,
    /// The step's items, on a rated step.
    pub(super) rows: Option<Vec<Row>>,
    /// How many ratings the step holds: the room's progress, which hides nothing.
    pub(super) count: usize,
    pub(super) locked: bool,
    pub(super) notes: bool,
    pub(super) items: bool,
    /// On the Summary step, the value summary as this person may see it, line by line.
    pub(super) summary: Option<Vec<String>>,
    /// On Context and Agreements, the step's items to read (nothing is rated there).
    pub(super) list: Option<Vec<String>>,
    /// Whether some rating of the step is still hidden from others (blind, not revealed).
    pub(super) hiding: bool,
    /// Which way the session runs, for the step's question.
    pub(super) mode: crate::domain::Mode,
}

impl View {
    pub(super) fn of(state: &State, name: &str) -> View {
        let session = &state.session;
        let who = rater_of(session, name);
        let dimension = state.step.dimension();
        View {
            version: state.version,
            step: state.step,
            rows: dimension.map(|d| rows(session, d, who.as_ref())),
            count: session
                .rated_items()
                .filter(|i| Some(i.dimension) == dimension)
                .map(|i| i.rating.count())
                .sum(),
            summary: (state.step == Step::Summary).then(|| summary_lines(session, who.as_ref())),
            list: step_list(session, state.step),
            // The domain's one rule of what is not yet revealed, as every other output asks.
            hiding: {
                let room = crate::domain::value::Viewer::Room.over(session);
                session
                    .rated_items()
                    .any(|i| Some(i.dimension) == dimension && room.not_yet_revealed(i.rating))
            },
            mode: session.mode,
            who,
            locked: state.locked.contains(&state.step),
            notes: state.notes,
            items: state.items,
        }
    }

    pub(super) fn rows(&self) -> &[Row] {
        self.rows.as_deref().unwrap_or_default()
    }

    /// How many lines the selection moves over: the items, or the summary's lines.
    pub(super) fn len(&self) -> usize {
        match (&self.summary, &self.list) {
            (Some(lines), _) | (None, Some(lines)) => lines.len(),
            (None, None) => self.rows().len(),
        }
    }
}
