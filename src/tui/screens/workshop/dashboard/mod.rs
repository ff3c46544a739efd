//! The value dashboard of the Summary step: scores and verdicts, the risk heat maps, the
//! importance–performance quadrants, and the closing answers. All four at once on a large
//! terminal; one at a time (`v` cycles) on a small one.

use super::live_summary::{reasons_fitting, summary_lines};
use super::{Page, Workshop, clock};
use crate::domain::value::{Discussion, HeatMap, Quadrant, Status, Summary};
use crate::domain::*;
use crate::text::{fit, pad, score_text, status_mark, whole, width};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::widgets::popup::{centered, clear_for, popup_block};
use crate::tui::widgets::window_start;
use crate::tui::widgets::wrap::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

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
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
        let [overview_area, risks_area] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(top);
        let [quadrants_area, closing_area] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(bottom);
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
        return;
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

fn hidden_note(summary: &Summary, theme: &Theme) -> Option<Line<'static>> {
    (summary.hidden > 0).then(|| {
        Line::styled(
            format!(
                "{} rating{} hidden (blind) · {} reveals",
                summary.hidden,
                if summary.hidden == 1 { "" } else { "s" },
                keymap::key_for(Context::Summary, Action::Reveal)
            ),
            theme.warn,
        )
    })
}

/// Scores and verdicts on the left, the discuss-next list on the right.
fn overview(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = &w.summary;
    let wide = area.width >= 90;
    let bar_cells = if wide { 10 } else { 4 };
    let most = if wide {
        50
    } else {
        38.min(area.width / 2).max(20)
    };
    // The scores and verdicts, without the live summary's own discuss-next list.
    let lines = |width: u16| {
        // Rows to spare: the overview cuts the list at discuss-next, and shows the balance
        // lines before it whatever the live panel would leave out for it.
        let mut lines = summary_lines(
            s,
            w.session.mode,
            (width as usize, area.height as usize + 8),
            bar_cells,
            theme,
        );
        if let Some(cut) = lines.iter().position(|l| {
            l.spans
                .first()
                .is_some_and(|s| s.content.starts_with("Discuss next"))
        }) {
            lines.truncate(cut.saturating_sub(1));
        }
        lines
    };
    // Wide, the scores take what their lines need and discuss-next the rest.
    let used = s.value_index.used().map(|c| c.words());
    let from = width(&format!("from {}", used.collect::<Vec<_>>().join(", ")));
    let shown = |l: &Line| {
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        width(text.trim_end())
    };
    let needed = lines(most).iter().map(shown).max().unwrap_or(0).max(from);
    let left_width = if wide {
        (needed as u16 + 1).clamp(40, most)
    } else {
        most
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Min(1)]).areas(area);
    let mut lines = lines(left.width);
    let used: Vec<&str> = s.value_index.used().map(|c| c.words()).collect();
    // Under the value index and, in a workshop, the alignment.
    let under = if w.session.mode == Mode::Workshop {
        2
    } else {
        1
    };
    if !used.is_empty() && lines.len() >= 2 {
        lines.insert(
            under,
            Line::styled(
                fit(
                    &format!("from {}", used.join(", ")),
                    (left.width as usize).saturating_sub(1),
                ),
                theme.muted,
            ),
        );
    }
    if let Some(note) = hidden_note(s, theme) {
        lines.insert(0, note);
    }
    Paragraph::new(lines).render(left, buf);

    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme.border)
        .title(Span::styled(
            if w.session.mode == Mode::Workshop {
                " Discuss next · Enter jumps "
            } else {
                " Discuss next "
            },
            theme.title,
        ));
    let inner = block.inner(right);
    block.render(right, buf);
    // The watermelons under the discuss-next list: both are where the room should talk.
    let melons = super::live_summary::watermelon_lines(s, inner.width as usize, theme);
    let melon_rows = (melons.len() as u16).min(inner.height / 2);
    let [inner, melon_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(melon_rows)]).areas(inner);
    Paragraph::new(melons).render(melon_area, buf);
    if s.discuss_items.is_empty() {
        let text = if w.session.mode != Mode::Workshop {
            "A self-assessment has one side, so no gaps between sides. The lowest scores on the left are where to look first."
        } else if s.hidden > 0 {
            "Gaps show once the ratings are revealed (r)."
        } else {
            "No item has a gap of 2 or more between the sides."
        };
        Paragraph::new(Line::styled(text, theme.muted))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    discuss_rows(w, inner, buf, theme);
}

/// The discuss-next list, one row per item: step, words, each side's rating and every reason
/// the item is listed, the numbers and reasons in aligned columns.
fn discuss_rows(w: &Workshop, inner: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = &w.summary;
    let height = inner.height as usize;
    let total = s.discuss_items.len();
    let start = window_start(w.selection(), height, total);
    let shown = start..(start + height).min(total);
    let step_width = if inner.width >= 60 { 11 } else { 6 };
    let firsts: Vec<&Discussion> = shown
        .clone()
        .filter_map(|row| s.reasons(row).next())
        .collect();
    let widest = |text: &dyn Fn(&Discussion) -> String| {
        firsts.iter().map(|d| width(&text(d))).max().unwrap_or(0)
    };
    // One format for every row of a column: tenths on all of them, or on none.
    let tenths =
        crate::domain::Points::tenths(firsts.iter().flat_map(|d| [d.provider, d.consumer]));
    let provider_width = widest(&|d| d.provider.shown(tenths));
    let consumer_width = widest(&|d| d.consumer.shown(tenths));
    // A space before the step, " P" and " C" before the ratings, a space before the reasons and
    // one spare column at the end.
    let fixed = 1 + step_width + 2 + provider_width + 2 + consumer_width + 2;
    // The long reasons, and one column for them, when they leave the item's words 20 columns.
    let reasons = reasons_fitting(s, shown.clone(), inner.width as usize, fixed + 20);
    let lines: Vec<Line> = shown
        .zip(firsts)
        .zip(reasons)
        .map(|((i, d), (why, reason_width))| {
            let text_width = (inner.width as usize).saturating_sub(fixed + reason_width);
            let style = if i == w.selection() {
                theme.selected
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(
                    format!(" {:<step_width$}", fit(d.step.title(), step_width - 1)),
                    theme.muted.patch(style),
                ),
                Span::styled(
                    format!(
                        "{:<text_width$}",
                        fit(&with_note(w, d.step, &d.text), text_width)
                    ),
                    style,
                ),
                Span::styled(
                    format!(" P{}", pad(&d.provider.shown(tenths), provider_width)),
                    theme.provider.patch(style),
                ),
                Span::styled(
                    format!(" C{}", pad(&d.consumer.shown(tenths), consumer_width)),
                    theme.consumer.patch(style),
                ),
                Span::styled(
                    format!(" {}", pad(&why, reason_width)),
                    theme.gap.patch(style),
                ),
            ])
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

fn heat_lines(title: String, map: &HeatMap, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(title, theme.title),
        Line::styled("L╲I  1  2  3  4  5", theme.muted),
    ];
    for likelihood in (1..=5).rev() {
        let mut spans = vec![Span::styled(format!(" {likelihood}  "), theme.muted)];
        for impact in 1..=5 {
            let count = map[likelihood - 1][impact - 1];
            let exposure = likelihood * impact;
            let zone = if exposure >= 15 {
                theme.bad
            } else if exposure >= 8 {
                theme.warn
            } else {
                theme.good
            };
            let cell = if count == 0 {
                " · ".to_string()
            } else {
                format!("{count:>2} ")
            };
            let style = if count == 0 {
                theme.muted
            } else {
                zone.add_modifier(Modifier::BOLD | Modifier::REVERSED)
            };
            spans.push(Span::styled(cell, style));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// The two 5×5 heat maps (likelihood up, impact across) and the risks by exposure.
fn risks(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (summary, session) = (&w.summary, &w.session);
    let r = &summary.risk;
    let mitigated = heat_lines(
        format!("Mitigated · exposure {}", r.mitigated),
        &r.heat_mitigated,
        theme,
    );
    let introduced = heat_lines(
        format!("Introduced · exposure {}", r.introduced),
        &r.heat_introduced,
        theme,
    );
    let side_by_side = area.width >= 48;
    let mut lines: Vec<Line> = Vec::new();
    if side_by_side {
        for (a, b) in mitigated.into_iter().zip(introduced) {
            let mut spans = a.spans;
            let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
            spans.push(Span::raw(" ".repeat(26usize.saturating_sub(used))));
            spans.extend(b.spans);
            lines.push(Line::from(spans));
        }
    } else {
        lines.extend(mitigated);
        lines.extend(introduced);
    }
    lines.push(Line::raw(""));
    let balance = if r.mitigated == 0 && r.introduced == 0 {
        "No risks recorded yet.".to_string()
    } else if r.mitigated >= r.introduced {
        format!(
            "The service takes away more exposure ({}) than it brings ({}).",
            r.mitigated, r.introduced
        )
    } else {
        format!(
            "The service brings more exposure ({}) than it takes away ({}).",
            r.introduced, r.mitigated
        )
    };
    lines.push(Line::styled(balance, theme.base));
    if let Some(removed) = r.removed_by_mitigation {
        lines.push(Line::styled(
            format!(
                "Mitigation removes {removed} of the {} (before → after).",
                r.mitigated
            ),
            theme.base,
        ));
    }
    let room = (area.width as usize).saturating_sub(18);
    // Sorted once per change (`Workshop::views`); only the rows that fit are built.
    let fits = (area.height as usize).saturating_sub(lines.len());
    let by_exposure = w
        .views
        .risks_by_exposure
        .iter()
        .filter_map(|&i| session.risks.get(i));
    // With residual levels, each risk shows where it goes (`cuts 15 → 3`). Words, not a
    // sign: `−15 → 3` read as minus fifteen.
    let arrows = session.risks.iter().any(|r| r.counted_after().is_some());
    let room = room.saturating_sub(if arrows { 8 } else { 3 });
    for risk in by_exposure.take(fits) {
        let effect = if risk.effect == RiskEffect::Mitigated {
            "cuts "
        } else {
            "adds "
        };
        let exposure = match (arrows, risk.exposure_after()) {
            (true, Some(after)) => format!("{:>2} → {after:<2}", risk.exposure()),
            (true, None) => format!("{:>2}     ", risk.exposure()),
            (false, _) => format!("{:>2}", risk.exposure()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{effect}{exposure} "), theme.muted),
            Span::raw(fit(&risk.text, room)),
        ]));
    }
    Paragraph::new(lines).render(area, buf);
}

/// Usefulness and outcome items placed by how much they matter and how well they do.
fn quadrants(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
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

/// An item's text followed by its discussion note, when it has one.
fn with_note(w: &Workshop, step: Step, text: &str) -> String {
    match w.session.note(step, text) {
        Some(note) => format!("{text} — {note}"),
        None => text.to_string(),
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

/// The closing answers, then completeness and the time spent per step.
fn closing(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = area.width as usize;
    let mut lines = Vec::new();
    for (question, answer) in w.session.closing.answers() {
        lines.push(Line::styled(fit(question, width), theme.muted));
        if answer.trim().is_empty() {
            // Only where the answers can be written (not in a review, not rating alone).
            let unanswered = if w.offers(Action::Edit) {
                "  not answered yet (e writes the answers)"
            } else {
                "  not answered yet"
            };
            lines.push(Line::styled(unanswered, theme.muted));
        } else {
            for line in wrap(answer, width.saturating_sub(2)) {
                lines.push(Line::raw(format!("  {line}")));
            }
        }
    }
    lines.push(Line::raw(""));
    let mut steps = vec![Span::styled("Steps ", theme.muted)];
    for c in &w.summary.completeness {
        let style = match c.status {
            Status::Complete => theme.good,
            Status::Partial => theme.warn,
            Status::Empty => theme.muted,
        };
        steps.push(Span::styled(
            format!(
                "{}{} ",
                status_mark(c.status),
                c.step.title().chars().take(5).collect::<String>()
            ),
            style,
        ));
    }
    lines.push(Line::from(steps));
    let spent: Vec<String> = Step::ALL
        .iter()
        .filter(|s| w.spent(**s) > 0)
        .map(|s| format!("{} {}", s.title(), clock(w.spent(*s) as i64)))
        .collect();
    if !spent.is_empty() {
        lines.push(Line::styled(
            format!("Time spent: {}", spent.join(", ")),
            theme.muted,
        ));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

/// The weighted index explained: each component raised to its share of the weights of the
/// components that have ratings, and the equal-weight index beside it.
fn weighted_lines(s: &Summary, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    let index = &s.value_index;
    let present: Vec<(f64, u8)> = index
        .components
        .iter()
        .filter_map(|(c, v)| Some(((*v)?, index.weight(*c)?)))
        .collect();
    let total: u32 = present.iter().map(|(_, w)| u32::from(*w)).sum();
    lines.push(Line::raw(
        "Value index = each component to the power of its weight's share",
    ));
    lines.push(Line::raw(
        "  (agreed in Setup; shares of the components that have ratings)",
    ));
    let terms: Vec<String> = present
        .iter()
        .filter(|(_, w)| *w > 0)
        .map(|(v, w)| format!("{v:.1}^({w}/{total})"))
        .collect();
    if !terms.is_empty() {
        lines.push(Line::styled(
            format!("  = {} = {}", terms.join(" × "), score_text(index.value)),
            theme.title,
        ));
    }
    lines.push(Line::styled(
        format!(
            "  With equal weights it would be {}.",
            score_text(index.equal)
        ),
        theme.title,
    ));
}

/// The value index explained with this session's own numbers.
pub fn explain(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = &w.summary;
    let mut lines = vec![
        Line::raw("Each rating 1–5 becomes a score: 1 → 0, 2 → 25, 3 → 50, 4 → 75, 5 → 100."),
        Line::raw(match w.session.mode.sides() {
            [side] => format!("Each component is the {}'s score:", side.name()),
            _ => "Each component is the mean of the provider's and the consumer's scores:"
                .to_string(),
        }),
        Line::raw(""),
    ];
    for (component, score) in &s.value_index.components {
        let shown = match score {
            Some(v) => format!("{v:.1}"),
            None => "no ratings, left out".to_string(),
        };
        let weight = s
            .value_index
            .weight(*component)
            .map_or(String::new(), |w| format!("  weight {w}"));
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<18}", component.words()), theme.title),
            Span::raw(shown),
            Span::styled(weight, theme.muted),
        ]));
    }
    lines.push(Line::raw(""));
    if s.value_index.weights.is_some() {
        weighted_lines(s, theme, &mut lines);
    } else {
        lines.push(Line::raw(
            "Value index = geometric mean of the components that have ratings",
        ));
    }
    let used: Vec<f64> = s
        .value_index
        .components
        .iter()
        .filter_map(|(_, v)| *v)
        .collect();
    if !used.is_empty() && s.value_index.weights.is_none() {
        let product: Vec<String> = used.iter().map(|v| format!("{v:.1}")).collect();
        lines.push(Line::styled(
            format!(
                "  = ({})^(1/{}) = {}",
                product.join(" × "),
                used.len(),
                score_text(s.value_index.value)
            ),
            theme.title,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Geometric, because value needs all of them: one very low component",
        theme.muted,
    ));
    lines.push(Line::styled(
        "pulls the index down hard, and a zero makes it zero. Perceived value",
        theme.muted,
    ));
    lines.push(Line::styled(
        "is the mean of benefits, usefulness and importance.",
        theme.muted,
    ));
    if s.hidden > 0 {
        lines.push(Line::styled(
            "Ratings hidden by blind rating are not counted until revealed.",
            theme.warn,
        ));
    }
    lines.push(Line::styled(
        "docs/value-model.md has a worked example. Any key closes.",
        theme.muted,
    ));
    let rect = centered(area, 76.min(area.width), lines.len() as u16 + 2);
    clear_for(rect, buf);
    Paragraph::new(lines)
        .block(popup_block("How the value index is computed", theme))
        .render(rect, buf);
}
