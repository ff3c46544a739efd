//! The list of a step's items with both sides' ratings, and the detail pane of the selected one.

use super::view::rating_span;
use super::{Workshop, steps};
use crate::domain::*;
use crate::text::{clean, fit, one_line};
use crate::tui::theme::Theme;
use crate::tui::widgets::window_start;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget, Wrap};

pub fn item_list(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let step = w.step;
    let rated = step.dimension();
    let sides = w.session.mode.sides();
    let count = w.rows();
    let detail_height = if count > 0 { 4 } else { 0 };
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(detail_height)]).areas(area);

    if count == 0 {
        let lines = vec![
            Line::raw(""),
            Line::from(vec![
                Span::raw(format!("  No {} yet. Press ", steps::singular(step))),
                Span::styled("a", theme.key),
                Span::raw(" to add one."),
            ]),
        ];
        Paragraph::new(lines).render(list_area, buf);
        return;
    }

    // Steps without ratings have room for their details (owner, status, kind) even at 80×24.
    let detail_width = if list_area.width >= 70 { 24 } else { 16 };
    let show_details = (list_area.width >= 70 || (rated.is_none() && list_area.width >= 40))
        && !steps::detail_header(step).is_empty();
    let mut widths = vec![Constraint::Length(3), Constraint::Fill(1)];
    let mut header = vec![Cell::from("#"), Cell::from(step.title())];
    if show_details {
        widths.push(Constraint::Length(detail_width));
        header.push(Cell::from(steps::detail_header(step)));
    }
    if rated.is_some() {
        for side in sides {
            widths.push(Constraint::Length(4));
            let (label, style) = match side {
                Side::Provider => ("Prov", theme.provider),
                Side::Consumer => ("Cons", theme.consumer),
            };
            let style = if *side == w.turn {
                style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                style
            };
            header.push(Cell::from(Span::styled(label, style)));
        }
        if sides.len() == 2 {
            widths.push(Constraint::Length(3));
            header.push(Cell::from("Gap"));
        }
    }
    let columns = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(list_area);
    let text_width = columns[1].width as usize;
    let detail_width = if show_details {
        columns[2].width as usize
    } else {
        0
    };
    let height = list_area.height.saturating_sub(1) as usize;
    let selected = w.selection();
    let start = window_start(selected, height, count);
    let ratings: Vec<Ratings> = match rated {
        Some(d) => (start..(start + height).min(count))
            .map(|i| w.session.ratings(d, i).unwrap_or_default())
            .collect(),
        None => Vec::new(),
    };
    let rows: Vec<Row> = (start..(start + height).min(count))
        .map(|i| {
            let (text, details) = steps::cells(&w.session, step, i);
            let mut cells = vec![
                Cell::from(Span::styled(format!("{:>2}", i + 1), theme.muted)),
                Cell::from(fit(text, text_width)),
            ];
            if show_details {
                cells.push(Cell::from(Span::styled(
                    fit(&details, detail_width),
                    theme.muted,
                )));
            }
            if rated.is_some() {
                let r = &ratings[i - start];
                // What the person rating now may see: under blind rating their own rating only,
                // and that others have rated.
                let seen = w.seen(r);
                let any_hidden = !w.alone && seen.count() < r.count();
                for side in sides {
                    let style = match side {
                        Side::Provider => theme.provider,
                        Side::Consumer => theme.consumer,
                    };
                    let (all, shown) = (r.raters(*side).len(), seen.raters(*side).len());
                    let span = if w.alone {
                        // Rating alone, others' ratings are not there at all, not even as marks.
                        rating_span(seen.side(*side), style, theme)
                    } else if shown == all {
                        rating_span(r.side(*side), style, theme)
                    } else if shown == 0 {
                        // A hidden rating shows only that someone rated: a neutral mark.
                        Span::styled("•", theme.muted.add_modifier(Modifier::BOLD))
                    } else {
                        // Their own rating, and a mark for the others' hidden ones.
                        Span::styled(format!("{}•", seen.side(*side)), style)
                    };
                    cells.push(Cell::from(Line::from(span).alignment(Alignment::Center)));
                }
                if sides.len() == 2 {
                    let gap = match if w.alone { seen.gap() } else { r.gap() } {
                        Some(_) if any_hidden => Span::styled("?", theme.muted),
                        Some(g) if g >= 2.0 => {
                            Span::styled(Points::new(Some(g)).to_string(), theme.gap)
                        }
                        Some(g) => Span::raw(Points::new(Some(g)).to_string()),
                        None => Span::styled("·", theme.muted),
                    };
                    cells.push(Cell::from(Line::from(gap).alignment(Alignment::Center)));
                }
            }
            let row = Row::new(cells);
            if i == selected {
                row.style(theme.selected)
            } else {
                row
            }
        })
        .collect();
    Table::new(rows, widths)
        .header(Row::new(header).style(theme.muted.add_modifier(Modifier::BOLD)))
        .column_spacing(1)
        .render(list_area, buf);

    // The selected item in full, wrapped, with its details: long text never hides.
    let (text, details) = steps::cells(&w.session, step, selected);
    let mut lines = vec![Line::from(Span::styled(
        clean(text).into_owned(),
        theme.base,
    ))];
    if !details.is_empty() {
        lines.push(Line::styled(one_line(&details), theme.muted));
    }
    if let Some(line) = rated
        .and_then(|d| w.session.ratings_ref(d, selected))
        .and_then(|r| who_rated(w, r))
    {
        lines.push(Line::styled(line, theme.muted));
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border);
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: true })
        .render(detail_area, buf);
}

/// Who has rated the item, without what: `Rated: Sam ✓ · Priya ✓ · Ola ·`. Only where people
/// rate one by one (several raters, or participants named), and never while rating alone.
fn who_rated(w: &Workshop, r: &Ratings) -> Option<String> {
    let turns = w.session.turns();
    if w.alone || turns.iter().all(|t| t.name == t.side.rater()) {
        return None;
    }
    // A side's only participant owns the side's default rater's rating (a format-1 number).
    let speaks = |side: Side, name: &str| w.session.speaks_for_side(side, name);
    let mut names: Vec<String> = turns
        .iter()
        .map(|t| {
            let rated = r.by(t.side, &t.name).is_some()
                || (speaks(t.side, &t.name) && r.by(t.side, t.side.rater()).is_some());
            format!("{} {}", one_line(&t.name), if rated { "✓" } else { "·" })
        })
        .collect();
    // Raters from a merge or an older file who are not in Setup.
    for side in Side::BOTH {
        for name in r.raters(side).keys() {
            let listed = turns.iter().any(|t| {
                t.side == side
                    && (&t.name == name || (name == side.rater() && speaks(side, &t.name)))
            });
            if !listed {
                names.push(format!("{} ✓", one_line(name)));
            }
        }
    }
    Some(format!("Rated: {}", names.join(" · ")))
}
