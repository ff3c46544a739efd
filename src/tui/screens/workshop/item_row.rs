//! The cells of one row of a step's list: number, text, details, each side's rating as the
//! person rating now may see it, and the gap. Reads the `Workshop`, never changes it.

use super::{Workshop, steps};
use crate::domain::*;
use crate::text::{fit, width};
use crate::tui::theme::Theme;
use ratatui::layout::Alignment;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Cell;
use std::ops::Range;

/// What every row on screen shares: the columns' widths and one number format per column.
pub(super) struct RowCells<'a> {
    w: &'a Workshop,
    theme: &'a Theme,
    /// The first row on screen.
    start: usize,
    text_width: usize,
    /// The details column's width, when the list shows one.
    detail_width: Option<usize>,
    /// The ratings of the rows on screen (none on a step without ratings).
    ratings: Vec<Ratings>,
    side_tenths: Vec<bool>,
    gap_tenths: bool,
}

impl<'a> RowCells<'a> {
    /// The rows `shown` of the current step, with its text and details columns that wide.
    pub(super) fn new(
        w: &'a Workshop,
        theme: &'a Theme,
        shown: Range<usize>,
        text_width: usize,
        detail_width: Option<usize>,
    ) -> RowCells<'a> {
        // One format per column over the rows on screen, as the reports do: `2.0` beside
        // `1.7`, never `2`. Only the window is read: a key press must not walk every item.
        let ratings: Vec<Ratings> = match w.step.dimension() {
            Some(d) => shown
                .clone()
                .map(|i| w.session.ratings(d, i).unwrap_or_default())
                .collect(),
            None => Vec::new(),
        };
        let side_tenths = w
            .session
            .mode
            .sides()
            .iter()
            .map(|side| Points::tenths(ratings.iter().map(|r| shown_side(w, r, *side))))
            .collect();
        let gap_tenths = Points::tenths(ratings.iter().map(|r| Points::new(shown_gap(w, r))));
        RowCells {
            w,
            theme,
            start: shown.start,
            text_width,
            detail_width,
            ratings,
            side_tenths,
            gap_tenths,
        }
    }

    /// The cells of row `i`.
    pub(super) fn cells(&self, i: usize) -> Vec<Cell<'static>> {
        let (w, theme) = (self.w, self.theme);
        let (text, details) = steps::cells(&w.session, w.step, i);
        let mut cells = vec![
            Cell::from(Span::styled(format!("{:>2}", i + 1), theme.muted)),
            Cell::from(fit(text, self.text_width)),
        ];
        if let Some(detail_width) = self.detail_width {
            cells.push(self.details_cell(i, details, detail_width));
        } else if overdue(w, i) {
            cells[1] = Cell::from(Span::styled(
                fit(&format!("! {text}"), self.text_width),
                theme.bad,
            ));
        }
        if w.step.dimension().is_some() {
            self.rating_cells(&self.ratings[i - self.start], &mut cells);
        }
        cells
    }

    /// Row `i`'s details, `OVERDUE` first for an agreement past its date.
    fn details_cell(&self, i: usize, details: String, detail_width: usize) -> Cell<'static> {
        let w = self.w;
        // Too long for the column, an agreement shows what matters most of it.
        let flag = if overdue(w, i) { "OVERDUE ".len() } else { 0 };
        let details = match w.session.agreements.get(i) {
            Some(a) if w.step == Step::Agreements && width(&details) + flag > detail_width => {
                let with_year = steps::agreement_brief(a, true);
                if width(&with_year) + flag <= detail_width {
                    with_year
                } else {
                    steps::agreement_brief(a, false)
                }
            }
            _ => details,
        };
        let (details, style) = match overdue(w, i) {
            true => (format!("OVERDUE {details}"), self.theme.bad),
            false => (details, self.theme.muted),
        };
        Cell::from(Span::styled(fit(&details, detail_width), style))
    }

    /// Each side's rating of `r` and the gap, as the person rating now may see them: under
    /// blind rating their own rating only, and that others have rated.
    fn rating_cells(&self, r: &Ratings, cells: &mut Vec<Cell<'static>>) {
        let (w, theme) = (self.w, self.theme);
        let sides = w.session.mode.sides();
        let seen = w.seen(r);
        let any_hidden = !w.alone && seen.count() < r.count();
        for (side, tenths) in sides.iter().zip(&self.side_tenths) {
            let style = side_style(*side, theme);
            let (all, shown) = (r.raters(*side).len(), seen.raters(*side).len());
            let number = shown_side(w, r, *side);
            let span = if w.alone || shown == all {
                // Rating alone, others' ratings are not there at all, not even as marks.
                rating_span(number, *tenths, style, theme)
            } else if shown == 0 {
                // A hidden rating shows only that someone rated: a neutral mark.
                Span::styled("•", theme.muted.add_modifier(Modifier::BOLD))
            } else {
                // Their own rating, and a mark for the others' hidden ones.
                Span::styled(format!("{}•", number.shown(*tenths)), style)
            };
            cells.push(Cell::from(Line::from(span).alignment(Alignment::Center)));
        }
        if sides.len() == 2 {
            let gap = match if w.alone { seen.gap() } else { r.gap() } {
                Some(_) if any_hidden => Span::styled("?", theme.muted),
                Some(g) if g >= 2.0 => {
                    Span::styled(Points::new(Some(g)).shown(self.gap_tenths), theme.gap)
                }
                Some(g) => Span::raw(Points::new(Some(g)).shown(self.gap_tenths)),
                None => Span::styled("·", theme.muted),
            };
            cells.push(Cell::from(Line::from(gap).alignment(Alignment::Center)));
        }
    }
}

/// A side's colour.
pub(super) fn side_style(side: Side, theme: &Theme) -> Style {
    match side {
        Side::Provider => theme.provider,
        Side::Consumer => theme.consumer,
    }
}

/// A rating as its column's format shows it, or a muted dot for none.
fn rating_span(rating: Points, tenths: bool, style: Style, theme: &Theme) -> Span<'static> {
    if rating.is_none() {
        Span::styled("·", theme.muted)
    } else {
        Span::styled(rating.shown(tenths), style)
    }
}

/// The number a side's cell shows for `r` (none when it shows only a mark), so a column's
/// format can be chosen from what it really shows.
fn shown_side(w: &Workshop, r: &Ratings, side: Side) -> Points {
    let seen = w.seen(r);
    let (all, shown) = (r.raters(side).len(), seen.raters(side).len());
    if w.alone || shown < all {
        seen.side(side)
    } else {
        r.side(side)
    }
}

/// The gap a row shows as a number: none when it shows `?` because a rating is hidden.
fn shown_gap(w: &Workshop, r: &Ratings) -> Option<f64> {
    if w.alone {
        return w.seen(r).gap();
    }
    let any_hidden = w.seen(r).count() < r.count();
    r.gap().filter(|_| !any_hidden)
}

/// Whether row `i` of the current step is an open agreement past its due date.
pub(super) fn overdue(w: &Workshop, i: usize) -> bool {
    w.step == Step::Agreements
        && w.today.is_some_and(|today| {
            w.session
                .agreements
                .get(i)
                .is_some_and(|a| a.is_overdue(today))
        })
}
