//! The status line of an open session: the message when there is one, else what the room does
//! now, each in forms from longest to shortest for a narrow line. Reads the `Workshop`.

use super::{Workshop, steps};
use crate::domain::*;
use crate::text::{fit, one_line, width};
use crate::tui::action::{Action, side_label};
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use ratatui::text::Line;

/// The status line for a line `room` wide: the message, or what the room does now.
pub(super) fn status_line(w: &Workshop, room: u16, theme: &Theme) -> Line<'static> {
    let (forms, style) = match w.message_forms() {
        forms if forms.is_empty() => (default_status(w), theme.muted),
        forms => (forms.into_iter().map(one_line).collect(), theme.title),
    };
    Line::styled(format!(" {}", longest_fitting(&forms, room)), style)
}

/// The longest of `forms` (longest first) that fits a status line `room` wide after its
/// leading space; the shortest when none fits.
fn longest_fitting(forms: &[String], room: u16) -> &str {
    forms
        .iter()
        .find(|f| width(f) < room as usize)
        .or(forms.last())
        .map_or("", String::as_str)
}

/// What the status line says when no message is on it: its forms, longest first.
fn default_status(w: &Workshop) -> Vec<String> {
    if let Some(seat) = w.seat() {
        return super::seated::status(w, seat);
    }
    if w.agenda().is_some_and(|a| a.finished()) {
        return vec!["Nothing left to walk".into()];
    }
    if w.agenda().is_some() {
        return vec![
            "Talk about this gap, agree an action or write a note, then move on".into(),
            "Talk, agree or note, then move on".into(),
        ];
    }
    if w.ready_to_reveal() {
        let reveal = keymap::key_for(Context::Workshop, Action::Reveal);
        let hidden = w.hidden_on_step();
        return vec![
            format!(
                "Everyone has rated {}: {reveal} reveals the ratings ({hidden} hidden: •)",
                w.step.title()
            ),
            format!("Everyone has rated: {reveal} reveals the ratings"),
        ];
    }
    // A review has no turn to pass.
    if let Some(lopsided) = w.lopsided().filter(|_| w.read_only.is_none()) {
        return lopsided;
    }
    vec![status_now(w)]
}

/// What the status line says when no message is on it and nobody is done.
fn status_now(w: &Workshop) -> String {
    let rated = w.step.dimension().is_some();
    if w.alone && rated {
        return format!(
            "{} rates alone ({}) · 1–5 rate, 0 clears · others' ratings are not shown",
            w.rater,
            steps::rating_meaning(w.step)
        );
    }
    if w.room && rated {
        return room_status(w);
    }
    if w.read_only.is_some() {
        let hidden = if rated && w.hidden_on_step() > 0 {
            " · • a rating not yet revealed"
        } else {
            ""
        };
        return format!(
            "Review (read-only) · {}{hidden} · {}",
            w.step.title(),
            fit(&w.file_label, 40)
        );
    }
    if !rated {
        return format!("{} · {}", w.step.title(), fit(&w.file_label, 50));
    }
    if !w.side_by_side() {
        return person_status(w);
    }
    side_status(w)
}

/// The room's view while serving: what is hidden or how many have rated, then that everyone
/// rates at their own screen (what matters most first, as a narrow screen cuts the end).
fn room_status(w: &Workshop) -> String {
    let hidden = w.hidden_on_step();
    if w.session.blind && w.session.mode == Mode::Workshop && hidden > 0 {
        return format!(
            "Ratings hidden: {hidden}, • rated · {} reveals · everyone rates at their own screen",
            keymap::key_for(Context::Workshop, Action::Reveal)
        );
    }
    let (given, wanted) = w.ratings_given();
    let given = if wanted > 0 {
        format!("{given} of {wanted} ratings given · ")
    } else {
        String::new()
    };
    format!(
        "{given}everyone rates at their own screen ({})",
        steps::rating_meaning(w.step)
    )
}

/// A named person rates: who, and how to pass the turn and rate.
fn person_status(w: &Workshop) -> String {
    let switch = keymap::key_for(Context::Workshop, Action::SwitchTurn);
    // One person rating a self-assessment has nobody to pass the turn to.
    let pass = if w.turns().len() > 1 {
        format!(" · {switch} passes the turn")
    } else {
        String::new()
    };
    let hidden = w.hidden_on_step();
    let rest = if w.session.blind && w.session.mode == Mode::Workshop && hidden > 0 {
        format!(
            "ratings hidden: {hidden}, • rated · {} reveals",
            keymap::key_for(Context::Workshop, Action::Reveal)
        )
    } else {
        "1–5 rate, 0 clears".to_string()
    };
    format!(
        "{} rates ({}){pass} · {rest}",
        w.rater,
        steps::rating_meaning(w.step)
    )
}

/// A side rates as one, as before several raters existed.
fn side_status(w: &Workshop) -> String {
    let switch = keymap::key_for(Context::Workshop, Action::SwitchTurn);
    match w.session.mode {
        Mode::Workshop if w.session.blind && w.hidden_on_step() > 0 => format!(
            "{} rates ({}) · {} {} rating{} hidden: • rated, · not yet · {} reveals",
            side_label(w.turn),
            steps::rating_meaning(w.step),
            w.hidden_on_step(),
            w.turn.other().name(),
            if w.hidden_on_step() == 1 { "" } else { "s" },
            keymap::key_for(Context::Workshop, Action::Reveal)
        ),
        Mode::Workshop => format!(
            "{} rates now ({}) · {switch} switches · 1–5 rate, 0 clears",
            side_label(w.turn),
            steps::rating_meaning(w.step)
        ),
        _ => format!(
            "{} self-assessment · 1–5 rate ({}), 0 clears",
            side_label(w.turn),
            steps::rating_meaning(w.step)
        ),
    }
}
