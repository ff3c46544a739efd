//! The dashboard's quadrants: usefulness and outcome items placed by how much they matter and
//! how well they do, or why nothing could be placed yet.

use super::super::Workshop;
use crate::domain::value::{Quadrant, Summary};
use crate::domain::*;
use crate::text::{fit, whole};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// Usefulness and outcome items placed by how much they matter and how well they do.
pub(super) fn quadrants(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let summary = &w.summary;
    if area.width < 20 || area.height < 6 {
        return;
    }
    let [axis, grid] = Layout::vertical([Constraint::Length(1), Constraint::Min(4)]).areas(area);
    Paragraph::new(Line::styled(
        "Usefulness and outcomes by importance/performance (0–100), high above 50",
        theme.muted,
    ))
    .render(axis, buf);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(grid);
    let [top_left, top_right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let [bottom_left, bottom_right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    for (quadrant, rect, style) in [
        (Quadrant::ConcentrateHere, top_left, theme.bad),
        (Quadrant::KeepItUp, top_right, theme.good),
        (Quadrant::LowPriority, bottom_left, theme.muted),
        (Quadrant::PossibleOverkill, bottom_right, theme.warn),
    ] {
        // Grouped once per change (`Workshop::views`).
        let rows = &w.views.by_quadrant[Quadrant::ALL
            .iter()
            .position(|q| *q == quadrant)
            .unwrap_or(0)];
        let items: Vec<_> = rows
            .iter()
            .take(usize::from(rect.height) + 1)
            .filter_map(|&i| summary.quadrants.get(i))
            .collect();
        let total = rows.len();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(
                format!(" {} ({}) ", quadrant.words(), total),
                style.add_modifier(Modifier::BOLD),
            ));
        let inner = block.inner(rect);
        block.render(rect, buf);
        if summary.quadrants.is_empty() && quadrant == Quadrant::ConcentrateHere {
            Paragraph::new(Line::styled(why_no_quadrants(summary), theme.muted))
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            continue;
        }
        let room = (inner.width as usize).saturating_sub(9);
        let mut lines: Vec<Line> = items
            .iter()
            .take(inner.height as usize)
            .map(|p| {
                Line::from(vec![
                    Span::styled(
                        format!("{:>3}/{:<3} ", whole(p.importance), whole(p.performance)),
                        theme.muted,
                    ),
                    Span::raw(fit(&p.text, room)),
                ])
            })
            .collect();
        if total > inner.height as usize && !lines.is_empty() {
            lines.pop();
            lines.push(Line::styled(
                format!("… {} more", total + 1 - inner.height as usize),
                theme.muted,
            ));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// Why no item could be placed: what is missing, naming the step, never just "nothing rated".
fn why_no_quadrants(summary: &Summary) -> String {
    let rated = |d: Dimension| {
        let d = summary.dimension(d);
        d.rated_provider + d.rated_consumer > 0
    };
    if !rated(Dimension::Usefulness) && !rated(Dimension::Outcomes) {
        "Nothing placed yet: rate usefulness or outcomes items to place them here.".to_string()
    } else if summary.dimension(Dimension::Importance).items == 0 {
        "Nothing placed: the Importance step is empty. Add and rate how much the service matters there.".to_string()
    } else {
        "Nothing placed: the Importance step has no ratings yet. Rate how much its items matter there.".to_string()
    }
}
