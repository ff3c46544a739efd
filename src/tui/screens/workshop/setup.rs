//! The Setup step: the session's details, its participants, and anyone whose ratings are in
//! the session without being a participant (with the key that removes those ratings).

use super::Workshop;
use super::history::Part;
use super::steps::{self, SETUP_DETAIL_ROWS};
use crate::domain::*;
use crate::text::{fit, pad};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub fn setup(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let selected = w.selection();
    let mut lines = Vec::new();
    details(w, selected, area.width, &mut lines, theme);
    // No blank line before the participants: the weights row took its place, so the Setup
    // screen (and a merge's conflicts under it) still fits 80×24 as before.
    participants(w, selected, area.width, &mut lines, theme);
    lines.push(Line::raw(""));
    offers(w, &mut lines, theme);
    strays(w, selected, area.width, &mut lines, theme);
    // What a merge of copies could not decide stays in view, in full, until it is settled.
    lines.extend(super::conflicts::lines(w, area.width, theme));
    let height = area.height as usize;
    let skip = if selected + 8 > height {
        (selected + 8).saturating_sub(height)
    } else {
        0
    };
    Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(area, buf);
}

/// The session's details, one selectable row each, on a screen `width` wide.
fn details(
    w: &Workshop,
    selected: usize,
    width: u16,
    lines: &mut Vec<Line<'static>>,
    theme: &Theme,
) {
    for row in 0..SETUP_DETAIL_ROWS {
        let (label, value) = steps::setup_detail(&w.session, row);
        let style = if row == selected {
            theme.selected
        } else {
            Style::default()
        };
        let value = if value.is_empty() {
            "—".to_string()
        } else {
            value
        };
        let room = (width as usize).saturating_sub(16);
        lines.push(Line::from(vec![
            Span::styled(format!(" {label:<13} "), theme.muted.patch(style)),
            Span::styled(fit(&value, room), style),
        ]));
    }
}

/// The participants under a heading, one selectable row each with their side and group, on a
/// screen `width` wide: the names' column as wide as the longest (at most 30), and what does
/// not fit after it cut with "…".
fn participants(
    w: &Workshop,
    selected: usize,
    width: u16,
    lines: &mut Vec<Line<'static>>,
    theme: &Theme,
) {
    lines.push(Line::styled(
        format!(" Participants ({})", w.session.participants.len()),
        theme.title,
    ));
    if w.session.participants.is_empty() {
        lines.push(Line::from(vec![
            Span::raw("   none yet: press "),
            Span::styled("a", theme.key),
            Span::raw(" to add one"),
        ]));
    }
    let names = w
        .session
        .participants
        .iter()
        .map(|p| crate::text::width(&p.name))
        .max()
        .unwrap_or(0)
        .min(30);
    // Three spaces before the name, one after it, one spare column at the end.
    let rest = (width as usize).saturating_sub(names + 5);
    for (i, p) in w.session.participants.iter().enumerate() {
        let style = if SETUP_DETAIL_ROWS + i == selected {
            theme.selected
        } else {
            Style::default()
        };
        let role_style = match p.role {
            Role::Provider => theme.provider,
            Role::Consumer => theme.consumer,
            Role::Facilitator => theme.muted,
        };
        let group = p
            .group()
            .map_or(String::new(), |g| format!(" · {}", fit(g.name(), 20)));
        let role = format!("{}{group}", steps::role_label(p.role));
        lines.push(Line::from(vec![
            Span::styled(format!("   {} ", pad(&fit(&p.name, names), names)), style),
            Span::styled(fit(&role, rest), role_style.patch(style)),
        ]));
    }
}

/// The keys that work on Setup here: rating alone, these would be refused.
fn offers(w: &Workshop, lines: &mut Vec<Line<'static>>, theme: &Theme) {
    let offers: Vec<String> = [
        (Action::Edit, "edits"),
        (Action::Add, "adds a person"),
        (Action::Delete, "removes one"),
    ]
    .into_iter()
    .filter(|(action, _)| w.ever_offers(*action) && w.alone_refuses(*action).is_none())
    .map(|(action, what)| format!("{} {what}", keymap::key_for(Context::Workshop, action)))
    .collect();
    if !offers.is_empty() {
        lines.push(Line::styled(
            format!(" {}", offers.join(" · ")),
            theme.muted,
        ));
    }
}

/// The raters whose ratings count but who are not in Setup, one selectable row each after the
/// participants, and how to remove their ratings.
fn strays(
    w: &Workshop,
    selected: usize,
    width: u16,
    lines: &mut Vec<Line<'static>>,
    theme: &Theme,
) {
    let strays = &w.derived.strays;
    if strays.is_empty() {
        return;
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" Ratings by people not in Setup ({})", strays.len()),
        theme.warn.add_modifier(ratatui::style::Modifier::BOLD),
    ));
    let first = SETUP_DETAIL_ROWS + w.session.participants.len();
    for (i, rater) in strays.iter().enumerate() {
        let style = if first + i == selected {
            theme.selected
        } else {
            Style::default()
        };
        let side_style = match rater.side {
            Side::Provider => theme.provider,
            Side::Consumer => theme.consumer,
        };
        // The count matters more than the whole name on a narrow screen.
        let what = format!(" {} · {}", rater.side.name(), count(rater.rated));
        let room = (width as usize)
            .saturating_sub(3 + crate::text::width(&what))
            .clamp(8, 30);
        lines.push(Line::from(vec![
            Span::styled(format!("   {:<room$}", fit(&rater.name, room)), style),
            Span::styled(what, side_style.patch(style)),
        ]));
    }
    lines.push(Line::styled(
        format!(
            " {} removes their ratings · {} undoes",
            keymap::key_for(Context::Workshop, Action::Delete),
            keymap::key_for(Context::Workshop, Action::Undo)
        ),
        theme.muted,
    ));
}

fn count(ratings: usize) -> String {
    match ratings {
        1 => "1 rating".to_string(),
        n => format!("{n} ratings"),
    }
}

impl Workshop {
    /// The rater on Setup's row `row` when it lists someone who is not a participant.
    pub(super) fn stray_at(&self, row: usize) -> Option<Rater> {
        let first = SETUP_DETAIL_ROWS + self.session.participants.len();
        let index = row.checked_sub(first)?;
        self.derived.strays.get(index).cloned()
    }

    /// Removes every rating of a rater who is not a participant, as one change undo takes back.
    pub(super) fn remove_stray(&mut self, rater: &Rater) {
        // Setup's own part first, so undo and redo come back to Setup, where the change was.
        let before = Part::Several(
            std::iter::once(Step::Setup)
                .chain(Dimension::ALL.iter().map(|d| d.step()))
                .map(|step| Part::of(&self.session, step))
                .collect(),
        );
        let removed = self.session.remove_ratings_by(rater.side, &rater.name);
        self.history.push(before);
        self.changed();
        self.say(format!(
            "Removed {} by {} ({}). {} undoes.",
            count(removed),
            fit(&rater.name, 40),
            rater.side.name(),
            keymap::key_for(Context::Workshop, Action::Undo)
        ));
    }

    /// Says why a rater who is not a participant has no form to edit.
    pub(super) fn explain_stray(&mut self, rater: &Rater) {
        self.say(format!(
            "{} is not a participant: {} removes their ratings, {} adds a person.",
            fit(&rater.name, 30),
            keymap::key_for(Context::Workshop, Action::Delete),
            keymap::key_for(Context::Workshop, Action::Add)
        ));
    }
}
