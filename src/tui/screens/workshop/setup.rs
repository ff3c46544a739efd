//! The Setup step: the session's details and its participants.

use super::Workshop;
use super::steps::{self, SETUP_DETAIL_ROWS};
use crate::domain::*;
use crate::text::fit;
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
        let room = (area.width as usize).saturating_sub(16);
        lines.push(Line::from(vec![
            Span::styled(format!(" {label:<13} "), theme.muted.patch(style)),
            Span::styled(fit(&value, room), style),
        ]));
    }
    lines.push(Line::raw(""));
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
        lines.push(Line::from(vec![
            Span::styled(format!("   {:<30}", fit(&p.name, 30)), style),
            Span::styled(
                format!(" {}{group}", steps::role_label(p.role)),
                role_style.patch(style),
            ),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            " {} edits · {} adds a person · {} removes one",
            keymap::key_for(Context::Workshop, Action::Edit),
            keymap::key_for(Context::Workshop, Action::Add),
            keymap::key_for(Context::Workshop, Action::Delete)
        ),
        theme.muted,
    ));
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
