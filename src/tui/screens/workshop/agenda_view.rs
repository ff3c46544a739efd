//! Drawing the gaps agenda: its header line (`Gap 3 of 9`, the gap's timer), then the gap
//! shown (why it is listed, its text, both sides' and each person's ratings, its note, the
//! agreements that resolve it), or at the end what was walked and what was agreed beforehand.
//! Reads the `Workshop`, never changes it.

use super::{Agenda, Workshop, clock, steps};
use crate::domain::*;
use crate::text::{fit, one_line, width};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::collections::HashSet;

/// The agenda's header: where the walk is, and the gap's timer once it has run.
pub fn header_line(w: &Workshop, agenda: &Agenda, theme: &Theme) -> Line<'static> {
    let total = agenda.gaps.len();
    let place = if agenda.finished() {
        format!(" Gaps agenda · done, {total} walked")
    } else {
        format!(" Gaps agenda · Gap {} of {total}", agenda.at + 1)
    };
    let mut spans = vec![Span::styled(place, theme.title)];
    let spent = agenda.spent_on(agenda.at, w.now());
    if !agenda.finished() && (spent > 0 || agenda.running.is_some()) {
        let icon = if agenda.running.is_some() {
            "⏱"
        } else {
            "⏸"
        };
        spans.push(Span::styled(
            format!(" · {icon} {} on this gap", clock(spent as i64)),
            theme.muted,
        ));
    }
    Line::from(spans)
}

/// The agenda's body in `area`.
pub fn render(w: &Workshop, agenda: &Agenda, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = match w.gap_at(agenda.at) {
        Some((step, index)) if !agenda.finished() => gap_lines(w, step, index, area, theme),
        _ => end_lines(w, agenda, theme),
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

fn key(context: Context, action: Action) -> String {
    keymap::key_for(context, action)
}

/// One gap: why, its text, the ratings, the note and its agreements.
fn gap_lines(
    w: &Workshop,
    step: Step,
    index: usize,
    area: Rect,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let session = w.session();
    let text = steps::cells(session, step, index).0.to_string();
    let why = w
        .agenda()
        .and_then(|a| a.gaps.get(a.at))
        .map(|g| g.why.clone())
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!(" {} {}", step.title(), index + 1), theme.muted),
            Span::styled(format!(" · {why}"), theme.gap),
        ]),
        Line::styled(
            format!(" {}", one_line(&text)),
            theme.title.add_modifier(Modifier::BOLD),
        ),
        Line::default(),
    ];
    let ratings = step
        .dimension()
        .and_then(|d| session.ratings(d, index))
        .map(|r| w.seen(&r))
        .unwrap_or_default();
    let tenths = Points::tenths(session.mode.sides().iter().map(|s| ratings.side(*s)));
    for side in session.mode.sides() {
        let people: Vec<String> = ratings
            .raters(*side)
            .iter()
            .map(|(name, rating)| format!("{} {}", fit(name, 24), rating.get()))
            .collect();
        let style = match side {
            Side::Provider => theme.provider,
            Side::Consumer => theme.consumer,
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<9}", side.name()), style),
            Span::styled(format!("{:>4}", ratings.side(*side).shown(tenths)), style),
            Span::styled(format!("   {}", people.join(" · ")), theme.base),
        ]));
    }
    lines.push(Line::default());
    let note = session.note_at(step, index).unwrap_or_default().to_string();
    let edit = key(Context::Agenda, Action::Edit);
    // A review writes nothing, so it offers no key to.
    let editable = w.read_only().is_none();
    lines.push(if note.trim().is_empty() {
        Line::styled(
            if editable {
                format!(" Note: none yet; {edit} writes what the room said.")
            } else {
                " Note: none.".to_string()
            },
            theme.muted,
        )
    } else {
        Line::from(vec![
            Span::styled(" Note: ", theme.muted),
            Span::styled(one_line(&note), theme.base),
        ])
    });
    lines.push(Line::default());
    lines.extend(agreement_lines(
        session,
        (step, index),
        editable,
        area,
        theme,
    ));
    lines
}

/// The agreements that resolve the item, or how to add one (when `editable`).
fn agreement_lines(
    session: &Session,
    (step, index): (Step, usize),
    editable: bool,
    area: Rect,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let agreements: Vec<&Agreement> = session.resolved_by_at(step, index).collect();
    let add = key(Context::Agenda, Action::Add);
    if agreements.is_empty() {
        return vec![Line::styled(
            if editable {
                format!(" No agreement resolves it yet; {add} adds one (its text, then Enter).")
            } else {
                " No agreement resolves it.".to_string()
            },
            theme.muted,
        )];
    }
    let mut lines = vec![Line::styled(" Agreed:", theme.muted)];
    let room = (area.width as usize).saturating_sub(4);
    for agreement in agreements {
        // The status after the text, kept whole when the text is cut: a done agreement read
        // as an open one would send the room after work already finished.
        let status = match agreement.status {
            AgreementStatus::Open => String::new(),
            closed => format!(" {} {closed}", steps::status_mark(closed)),
        };
        let text = fit(&agreement.text, room.saturating_sub(width(&status)));
        lines.push(Line::styled(format!("  · {text}{status}"), theme.base));
    }
    lines
}

/// The end of the walk: how many gaps, how many agreements, and what was agreed in pre-work.
fn end_lines(w: &Workshop, agenda: &Agenda, theme: &Theme) -> Vec<Line<'static>> {
    let session = w.session();
    let walked = agenda.gaps.len();
    // One walk of the items, whatever the number of gaps (this is drawn every frame).
    let listed: HashSet<&str> = agenda.gaps.iter().map(|g| g.id.as_str()).collect();
    let resolved: HashSet<&str> = session
        .resolutions
        .iter()
        .map(|r| r.item_id.as_str())
        .collect();
    let agreed_now = session
        .rated_items()
        .filter(|i| listed.contains(i.id) && resolved.contains(i.id))
        .count();
    if walked == 0 {
        return nothing_to_walk(agenda, theme);
    }
    let first = format!(
        " The agenda is done: {} walked, {agreed_now} with an agreement that resolves it.",
        count(walked, "gap", "gaps")
    );
    let mut lines = vec![Line::styled(first, theme.title), Line::default()];
    if agenda.agreed > 0 {
        lines.push(Line::styled(agreed_line(agenda.agreed), theme.base));
        lines.push(Line::default());
    }
    if agenda.hidden > 0 {
        lines.push(Line::styled(hidden_line(agenda.hidden), theme.base));
        lines.push(Line::default());
    }
    lines.push(Line::styled(
        format!(
            " {} goes back to a gap, {} to the Summary.",
            key(Context::Agenda, Action::PrevStep),
            key(Context::Agenda, Action::LeaveAgenda)
        ),
        theme.muted,
    ));
    lines
}

/// An agenda with no gap to walk: says so, and why (everything agreed, nothing rated by both
/// sides yet, or gaps a review cannot show), with no key to a gap there is not.
fn nothing_to_walk(agenda: &Agenda, theme: &Theme) -> Vec<Line<'static>> {
    let why = if agenda.hidden > 0 {
        format!(
            " Nothing to walk in this review: {} {} ratings not yet revealed.",
            count(agenda.hidden, "gap", "gaps"),
            if agenda.hidden == 1 { "has" } else { "have" }
        )
    } else if agenda.agreed > 0 {
        " Nothing to walk: no item is on discuss-next.".to_string()
    } else {
        " Nothing to walk: no item is rated by both sides yet.".to_string()
    };
    let mut lines = vec![Line::styled(why, theme.title), Line::default()];
    if agenda.hidden > 0 {
        lines.push(Line::styled(
            " A review shows no hidden rating; the session's own agenda (covalue open FILE",
            theme.base,
        ));
        lines.push(Line::styled(
            " --agenda gaps) reveals each gap as it walks it.",
            theme.base,
        ));
        lines.push(Line::default());
    } else if agenda.agreed > 0 {
        lines.push(Line::styled(agreed_line(agenda.agreed), theme.base));
        lines.push(Line::default());
    }
    lines.push(Line::styled(
        format!(
            " {} goes back to the Summary.",
            key(Context::Agenda, Action::LeaveAgenda)
        ),
        theme.muted,
    ));
    lines
}

fn agreed_line(agreed: usize) -> String {
    match agreed {
        1 => " 1 item was agreed in pre-work and not discussed.".to_string(),
        n => format!(" {n} items were agreed in pre-work and not discussed."),
    }
}

fn hidden_line(hidden: usize) -> String {
    format!(
        " {} not walked in this review: {} ratings are not yet revealed.",
        count(hidden, "gap", "gaps"),
        if hidden == 1 { "its" } else { "their" }
    )
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
