//! The value index explained with this session's own numbers, in a popup over the dashboard
//! (`x`): each component, the formula with its numbers, and why it is geometric.

use super::super::Workshop;
use crate::domain::Points;
use crate::domain::value::Summary;
use crate::text::score_text;
use crate::tui::theme::Theme;
use crate::tui::widgets::popup::{centered, clear_for, popup_block};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The value index explained with this session's own numbers.
pub fn explain(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = &w.summary;
    let mut lines = component_lines(w, theme);
    lines.push(Line::raw(""));
    if s.value_index.weights.is_some() {
        weighted_lines(s, theme, &mut lines);
    } else {
        geometric_lines(s, theme, &mut lines);
    }
    lines.push(Line::raw(""));
    lines.extend(why_geometric(s, theme));
    let rect = centered(area, 76.min(area.width), lines.len() as u16 + 2);
    clear_for(rect, buf);
    Paragraph::new(lines)
        .block(popup_block("How the value index is computed", theme))
        .render(rect, buf);
}

/// How a rating becomes a score and a component, and each component's score and weight.
fn component_lines(w: &Workshop, theme: &Theme) -> Vec<Line<'static>> {
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
            Some(v) => tenths(*v),
            None if component.dimensions().iter().any(|d| s.only_hidden(*d)) => {
                "not revealed yet, left out".to_string()
            }
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
    lines
}

/// The unweighted index: the geometric mean of the components that have ratings.
fn geometric_lines(s: &Summary, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::raw(
        "Value index = geometric mean of the components that have ratings",
    ));
    let used: Vec<f64> = s
        .value_index
        .components
        .iter()
        .filter_map(|(_, v)| *v)
        .collect();
    if !used.is_empty() {
        let product: Vec<String> = used.iter().map(|v| tenths(*v)).collect();
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
}

/// Why the index is geometric, what blind rating leaves out, and where to read more.
fn why_geometric(s: &Summary, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            "Geometric, because value needs all of them: one very low component",
            theme.muted,
        ),
        Line::styled(
            "pulls the index down hard, and a zero makes it zero. Perceived value",
            theme.muted,
        ),
        Line::styled(
            "is the mean of benefits, usefulness and importance.",
            theme.muted,
        ),
    ];
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
    lines
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
        .map(|(v, w)| format!("{}^({w}/{total})", tenths(*v)))
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

/// A component's score with one decimal, halves rounded away from zero as every number people
/// read (56.25 reads 56.3, as the JSON's 56.25 would round by hand; `{:.1}` gave 56.2).
fn tenths(score: f64) -> String {
    Points::new(Some(score)).shown(true)
}
