//! Merge conflicts on the Setup step: each shown in full (wrapped, never cut), and the first one
//! settled with one key, keeping either side's value (`domain::merge::settle`). Drawing and the
//! one action; the rest of Setup is setup.rs.

use super::Workshop;
use super::history::Part;
use crate::domain::Step;
use crate::domain::merge::settle;
use crate::text::clean;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use ratatui::style::Modifier;
use ratatui::text::Line;
use unicode_width::UnicodeWidthChar;

/// Which side of a conflict to keep: the value the merge kept (left of `vs`), or the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keep {
    /// The first copy's value, already in place.
    Kept,
    /// The other copy's value.
    Other,
}

/// The lines Setup shows for the session's merge conflicts in `width` columns: a heading that
/// names the keys, then every conflict in full, the first (the one the keys settle) marked.
pub fn lines(w: &Workshop, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let conflicts = &w.session.conflicts;
    if conflicts.is_empty() {
        return Vec::new();
    }
    let heading = format!(
        "Merge conflicts ({}): the first copy's value was kept; {} keeps it, {} takes the other",
        conflicts.len(),
        keymap::key_for(Context::Workshop, Action::KeepConflictValue),
        keymap::key_for(Context::Workshop, Action::TakeOtherConflictValue),
    );
    let bold = theme.warn.add_modifier(Modifier::BOLD);
    let mut out = vec![Line::raw("")];
    for row in wrap(&heading, usize::from(width).saturating_sub(2).max(10)) {
        out.push(Line::styled(format!(" {row}"), bold));
    }
    let room = usize::from(width).saturating_sub(5).max(10);
    for (i, conflict) in conflicts.iter().enumerate() {
        let mark = if i == 0 { " ▸ " } else { "   " };
        let style = if i == 0 { bold } else { theme.warn };
        for (j, row) in wrap(&clean(&conflict.message), room)
            .into_iter()
            .enumerate()
        {
            let lead = if j == 0 { mark } else { "     " };
            out.push(Line::styled(format!("{lead}{row}"), style));
        }
    }
    out
}

/// `text` in rows of at most `width` columns, broken at spaces where it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    for paragraph in text.split('\n') {
        let mut row = String::new();
        let mut used = 0;
        for word in paragraph.split(' ') {
            let w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
            if used > 0 && used + 1 + w > width {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            if used > 0 {
                row.push(' ');
                used += 1;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && used > 0 {
                    rows.push(std::mem::take(&mut row));
                    used = 0;
                }
                row.push(c);
                used += cw;
            }
        }
        rows.push(row);
    }
    rows
}

impl Workshop {
    /// Settles the first merge conflict, keeping `keep`'s value; the change itself can be
    /// undone (the conflict, once decided, stays decided).
    pub(super) fn settle_conflict(&mut self, keep: Keep) {
        if self.session.conflicts.is_empty() {
            return self.say("No merge conflict to settle.");
        }
        if !self.editable() {
            return;
        }
        let before = Part::Several(
            Step::ALL
                .into_iter()
                .filter(|s| *s != Step::Summary)
                .map(|s| Part::of(&self.session, s))
                .chain([Part::Closing(self.session.closing.clone())])
                .collect(),
        );
        let side = match keep {
            Keep::Kept => 0,
            Keep::Other => 1,
        };
        match settle(&mut self.session, 0, side) {
            Ok(()) => {
                self.history.push(before);
                self.changed();
                let left = self.session.conflicts.len();
                self.say(match (keep, left) {
                    (Keep::Kept, 0) => "Kept the first copy's value; no conflict is left.".into(),
                    (Keep::Other, 0) => "Took the other copy's value; no conflict is left.".into(),
                    (Keep::Kept, n) => format!("Kept the first copy's value; {n} left."),
                    (Keep::Other, n) => format!("Took the other copy's value; {n} left."),
                });
            }
            Err(e) => self.say(format!("Not settled: {e}.")),
        }
    }
}
