//! The list of a step's items with both sides' ratings, under the band saying who rates, above
//! the detail pane of the selected one (`item_row.rs` makes a row, `item_detail.rs` the pane).

use super::item_detail::{detail_lines, pane};
use super::item_row::{RowCells, overdue, side_style};
use super::{Workshop, steps};
use crate::domain::*;
use crate::text::width;
use crate::tui::theme::Theme;
use crate::tui::widgets::band::SideBand;
use crate::tui::widgets::window_start;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

/// The turn band's and the detail pane's heights in a list `area`, with the detail lines.
fn heights(w: &Workshop, area: Rect) -> (u16, u16, Vec<(String, bool)>) {
    let count = w.rows();
    // Whose turn it is, across the list in that side's colour: hard to miss, even from the back.
    let band_height = match (w.step.dimension(), w.read_only.is_some(), w.projector) {
        (Some(_), false, true) => 3,
        (Some(_), false, false) => 1,
        _ => 0,
    };
    // The detail pane takes the rows the list does not need (at least 4), up to what it shows.
    let detail = if count > 0 {
        detail_lines(w, area.width as usize)
    } else {
        Vec::new()
    };
    let free = area
        .height
        .saturating_sub(band_height)
        .saturating_sub(count as u16 + 1);
    let detail_height = if count == 0 {
        0
    } else {
        (detail.len() as u16 + 1).min(free).max(4)
    };
    (band_height, detail_height, detail)
}

/// How far the detail pane in a list `area` can scroll: its lines less the rows it shows.
pub(super) fn detail_overflow(w: &Workshop, area: Rect) -> usize {
    let (_, detail_height, detail) = heights(w, area);
    detail
        .len()
        .saturating_sub(usize::from(detail_height.saturating_sub(1)))
}

pub fn item_list(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (band_height, detail_height, detail) = heights(w, area);
    let [band_area, list_area, detail_area] = Layout::vertical([
        Constraint::Length(band_height),
        Constraint::Min(1),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    if band_height > 0 && w.room {
        room_band(w, band_area, area.width, buf, theme);
    } else if band_height > 0 {
        turn_band(w, band_area, area.width, buf, theme);
    }
    if w.rows() == 0 {
        return empty(
            w.step,
            w.offers(crate::tui::action::Action::Add),
            list_area,
            buf,
            theme,
        );
    }
    let window = table(w, list_area, buf, theme);
    // The selected item in full, its line breaks kept; cut text ends in "…".
    pane(w, &detail, window, detail_area, buf, theme);
}

/// The room's view has no turn: who has rated the selected item, in no side's colour.
fn room_band(w: &Workshop, area: Rect, list_width: u16, buf: &mut Buffer, theme: &Theme) {
    let (rated, people) = w
        .step
        .dimension()
        .and_then(|d| w.session.ratings_ref(d, w.selection()))
        .map(|r| {
            let people = w.turns().len();
            let who = w.who_rated(r);
            (
                who.iter().take(people).filter(|(_, r)| r.is_some()).count(),
                people,
            )
        })
        .unwrap_or((0, w.turns().len()));
    let mut label = if w.rows() == 0 {
        "Everyone rates at their own screen".to_string()
    } else {
        format!("{rated} of {people} rated this item · everyone rates at their own screen")
    };
    if width(&label) + 1 > list_width as usize {
        label = format!("{rated} of {people} rated this item");
    }
    SideBand {
        label: &label,
        side: None,
    }
    .render(area, buf, theme);
}

/// Who rates: the side, or the person ("Priya · consumer · user"); the group goes first when
/// the band is narrow, who and which side stay.
fn turn_band(w: &Workshop, area: Rect, list_width: u16, buf: &mut Buffer, theme: &Theme) {
    let alone = if w.alone { " (alone)" } else { "" };
    let meaning = steps::rating_meaning(w.step);
    let mut label = format!("{}{alone} rates · {meaning}, 1–5", w.turn_label());
    if !w.side_by_side() && width(&label) + 3 > list_width as usize {
        label = format!(
            "{} · {}{alone} rates · {meaning}, 1–5",
            w.rater,
            w.turn.name()
        );
    }
    SideBand {
        label: &label,
        side: Some(w.turn),
    }
    .render(area, buf, theme);
}

/// A step with no items says so, and how to add one where `a` adds one here.
fn empty(step: Step, adds: bool, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let none = format!("  No {} yet.", steps::singular(step));
    let said = if adds {
        Line::from(vec![
            Span::raw(format!("{none} Press ")),
            Span::styled("a", theme.key),
            Span::raw(" to add one."),
        ])
    } else {
        Line::raw(none)
    };
    let lines = vec![Line::raw(""), said];
    Paragraph::new(lines).render(area, buf);
}

/// Draws the rows that fit around the selection; returns the window: its first row and how
/// many rows it holds.
fn table(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) -> (usize, usize) {
    let count = w.rows();
    let details = detail_column(w, area);
    let (widths, titles) = columns(w, details, theme);
    let columns = Layout::horizontal(widths.clone()).spacing(1).split(area);
    let text_width = columns[1].width as usize;
    let detail_width = details.map(|_| columns[2].width as usize);
    let height = area.height.saturating_sub(1) as usize;
    let selected = w.selection();
    let start = window_start(selected, height, count);
    let shown = start..(start + height).min(count);
    let cells = RowCells::new(w, theme, shown.clone(), text_width, detail_width);
    let rows: Vec<Row> = shown
        .map(|i| {
            let row = Row::new(cells.cells(i));
            if i == selected {
                row.style(theme.selected)
            } else {
                row
            }
        })
        .collect();
    Table::new(rows, widths)
        .header(Row::new(titles).style(theme.muted.add_modifier(Modifier::BOLD)))
        .column_spacing(1)
        .render(area, buf);
    (start, height)
}

/// The width of the details column of a list `area`, when it shows one.
fn detail_column(w: &Workshop, area: Rect) -> Option<u16> {
    let step = w.step;
    let count = w.rows();
    // Steps without ratings have room for their details (owner, status, kind) even at 80×24.
    // The details column grows with the terminal (due dates, owner and person at full length).
    // Agreements need room for a due date and the owner side even at 80×24.
    let least = if area.width >= 70 {
        (area.width / 4).clamp(24, 40)
    } else if step == Step::Agreements {
        24
    } else {
        16
    };
    // An agreement's due date, owner and person are what the list is read for: their column
    // takes what they need, up to half the list. Elsewhere the item's words come first.
    let widest = (0..count)
        .filter(|_| step == Step::Agreements)
        .map(|i| {
            let details = steps::cells(&w.session, step, i).1;
            width(&details) + if overdue(w, i) { "OVERDUE ".len() } else { 0 }
        })
        .max()
        .unwrap_or(0) as u16;
    let detail_width = widest.clamp(least, (area.width / 2).max(least));
    // Outcomes had no details before their measures: without a measure the list stays as it was.
    let outcomes_bare = step == Step::Outcomes
        && (0..count).all(|i| steps::cells(&w.session, step, i).1.is_empty());
    let show = (area.width >= 70 || (step.dimension().is_none() && area.width >= 40))
        && !steps::detail_header(step).is_empty()
        && !outcomes_bare;
    show.then_some(detail_width)
}

/// The columns' widths and titles: number, text, the details (`details` wide, when shown),
/// then on a rated step each side's rating (the side rating now reversed) and the gap.
fn columns(
    w: &Workshop,
    details: Option<u16>,
    theme: &Theme,
) -> (Vec<Constraint>, Vec<Cell<'static>>) {
    let step = w.step;
    let sides = w.session.mode.sides();
    let mut widths = vec![Constraint::Length(3), Constraint::Fill(1)];
    let mut titles = vec![Cell::from("#"), Cell::from(step.title())];
    if let Some(detail_width) = details {
        widths.push(Constraint::Length(detail_width));
        titles.push(Cell::from(steps::detail_header(step)));
    }
    if step.dimension().is_some() {
        for side in sides {
            widths.push(Constraint::Length(4));
            let label = match side {
                Side::Provider => "Prov",
                Side::Consumer => "Cons",
            };
            let style = side_style(*side, theme);
            let style = if *side == w.turn && !w.room {
                style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                style
            };
            titles.push(Cell::from(Span::styled(label, style)));
        }
        if sides.len() == 2 {
            widths.push(Constraint::Length(3));
            titles.push(Cell::from("Gap"));
        }
    }
    (widths, titles)
}
