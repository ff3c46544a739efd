//! The dashboard's risk page: the two 5×5 heat maps (likelihood up, impact across), which way
//! the exposure leans, and the risks by exposure.

use super::super::Workshop;
use crate::domain::value::{HeatMap, RiskPicture};
use crate::domain::*;
use crate::text::fit;
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

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
pub(super) fn risks(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let r = &w.summary.risk;
    let mut lines = heat_maps(r, area.width >= 48, theme);
    lines.push(Line::raw(""));
    lines.extend(exposure_lines(r, area.width as usize, theme));
    let fits = (area.height as usize).saturating_sub(lines.len());
    lines.extend(risk_rows(
        &w.session,
        &w.views.risks_by_exposure,
        fits,
        area.width,
        theme,
    ));
    Paragraph::new(lines).render(area, buf);
}

/// The mitigated and the introduced heat map, side by side when `side_by_side`.
fn heat_maps(r: &RiskPicture, side_by_side: bool, theme: &Theme) -> Vec<Line<'static>> {
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
    lines
}

/// Whether the service takes away more exposure than it brings, and what mitigation removes,
/// wrapped at word boundaries to `width` columns.
fn exposure_lines(r: &RiskPicture, width: usize, theme: &Theme) -> Vec<Line<'static>> {
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
    let mut sentences = vec![balance];
    if let Some(removed) = r.removed_by_mitigation {
        sentences.push(format!(
            "Mitigation removes {removed} of the {} (before → after).",
            r.mitigated
        ));
    }
    sentences
        .iter()
        .flat_map(|sentence| wrap(sentence, width))
        .map(|line| Line::styled(line, theme.base))
        .collect()
}

/// The first `fits` risks in `by_exposure` order, each `cuts` or `adds` its exposure, on a
/// page `width` wide.
fn risk_rows(
    session: &Session,
    by_exposure: &[usize],
    fits: usize,
    width: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let room = (width as usize).saturating_sub(18);
    // Sorted once per change (`Workshop::views`); only the rows that fit are built.
    let by_exposure = by_exposure.iter().filter_map(|&i| session.risks.get(i));
    // With residual levels, each risk shows where it goes (`cuts 15 → 3`). Words, not a
    // sign: `−15 → 3` read as minus fifteen.
    let arrows = session
        .risks
        .iter()
        .any(|r| r.risk().counted_after().is_some());
    let room = room.saturating_sub(if arrows { 8 } else { 3 });
    by_exposure
        .take(fits)
        .map(|item| {
            let risk = item.risk();
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
            Line::from(vec![
                Span::styled(format!("{effect}{exposure} "), theme.muted),
                Span::raw(fit(&item.text, room)),
            ])
        })
        .collect()
}
