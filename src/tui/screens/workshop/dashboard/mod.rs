//! The value dashboard of the Summary step: scores and verdicts, the risk heat maps, the
//! importance–performance quadrants, and the closing answers. All four at once on a large
//! terminal; one at a time (`v` cycles) on a small one.

mod closing;
mod explain;
mod overview;
mod quadrants;
mod risks;

pub use explain::explain;

use super::{Page, Workshop};
use crate::tui::theme::Theme;
use closing::closing;
use overview::overview;
use quadrants::quadrants;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use risks::risks;

/// The smallest terminal that shows every part of the dashboard at once (README says so too).
pub const FULL_DASHBOARD: (u16, u16) = (150, 45);

/// Big enough to show every part of the dashboard at once: the terminal less the 5 rows of
/// header, stepper, question and footer.
fn roomy(area: Rect) -> bool {
    area.width >= FULL_DASHBOARD.0 && area.height >= FULL_DASHBOARD.1 - 5
}

/// Whether a screen of `width` × `height` shows the whole dashboard, so `v` has no other view
/// to show. The Summary step leaves 5 rows for the header, stepper, question and footer.
pub fn shows_all(width: u16, height: u16) -> bool {
    roomy(Rect::new(0, 0, width, height.saturating_sub(5)))
}

pub fn render(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.width < 20 || area.height < 5 {
        return;
    }
    if roomy(area) {
        return all_at_once(w, area, buf, theme);
    }
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let mut spans = vec![Span::raw(" ")];
    for page in Page::ALL {
        let style = if page == w.page {
            theme.current_step
        } else {
            theme.muted
        };
        spans.push(Span::styled(format!(" {} ", page.title()), style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("v next view · x explains", theme.muted));
    Paragraph::new(Line::from(spans)).render(tabs, buf);
    match w.page {
        Page::Overview => overview(w, body, buf, theme),
        Page::Risks => risks(w, body, buf, theme),
        Page::Quadrants => quadrants(w, body, buf, theme),
        Page::Closing => closing(w, body, buf, theme),
    }
}

/// Every part of the dashboard at once, each in its box.
fn all_at_once(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let [overview_area, risks_area] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(top);
    let [quadrants_area, closing_area] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(bottom);
    overview(
        w,
        boxed(Page::Overview, overview_area, buf, theme),
        buf,
        theme,
    );
    risks(w, boxed(Page::Risks, risks_area, buf, theme), buf, theme);
    quadrants(
        w,
        boxed(Page::Quadrants, quadrants_area, buf, theme),
        buf,
        theme,
    );
    closing(
        w,
        boxed(Page::Closing, closing_area, buf, theme),
        buf,
        theme,
    );
}

fn boxed(page: Page, area: Rect, buf: &mut Buffer, theme: &Theme) -> Rect {
    // Every box closed on all four sides.
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", page.title()), theme.title));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}
