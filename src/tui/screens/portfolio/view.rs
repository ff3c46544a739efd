//! Drawing the Portfolio screen: the table of services with a sparkline each, the selected
//! service's reasons, and a service's trend as a chart (targets as flat lines). Reads the
//! `PortfolioScreen`, never changes it.

use super::{PortfolioScreen, Series, TrendView};
use crate::domain::portfolio::Row;
use crate::domain::trend::{Point, Trend};
use crate::domain::value::Score;
use crate::domain::{Dimension, Side};
use crate::report::portfolio::{footer as counts, reasons, vocr_marks};
use crate::text::{fit, one_line, score_text};
use crate::tui::theme::Theme;
use crate::tui::widgets::{footer::footer, window_start};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Cell, Chart, Dataset, GraphType, Paragraph, Row as TableRow, Table, Widget, Wrap,
};

/// A value index history as block characters, oldest first: `·` where a review has none.
pub fn sparkline(values: &[Score], cells: usize) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let recent = &values[values.len().saturating_sub(cells)..];
    recent
        .iter()
        .map(|v| match v {
            Some(v) => BLOCKS[((v.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize],
            None => '·',
        })
        .collect()
}

pub fn render(p: &PortfolioScreen, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let detail_height = if p.trend.is_some() { 6 } else { 3 };
    let [head, body, detail, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(detail_height),
        Constraint::Length(2),
    ])
    .areas(area);
    match &p.trend {
        Some(t) => {
            title(
                &format!("Trend of {}", one_line(&t.trend.service)),
                "Tab next chart · ←/→ a review · Enter opens it · Esc the portfolio",
                head,
                buf,
                theme,
            );
            trend_chart(t, p, body, buf, theme);
            trend_detail(t, detail, buf, theme);
        }
        None => {
            title(
                &format!("Portfolio on {}, {}", p.portfolio.today, p.sort.words()),
                &counts(&p.portfolio),
                head,
                buf,
                theme,
            );
            table(p, body, buf, theme);
            let reasons = p
                .rows()
                .get(p.selected)
                .map(|r| reasons(r).join("; "))
                .unwrap_or_default();
            Paragraph::new(Line::styled(format!(" {reasons}"), theme.muted))
                .wrap(Wrap { trim: true })
                .render(detail, buf);
        }
    }
    if let Some(open) = &p.form {
        let rect = crate::tui::widgets::popup::centered(area, 60, open.form.height(60));
        open.form.render(rect, buf, theme);
    }
    let message = p.message.as_deref().unwrap_or("");
    footer(Line::raw(message.to_string()), &p.hints(), foot, buf, theme);
}

fn title(text: &str, sub: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = area.width as usize;
    Paragraph::new(vec![
        Line::styled(
            format!(" {}", fit(text, width.saturating_sub(2))),
            theme.title,
        ),
        Line::styled(
            format!(" {}", fit(sub, width.saturating_sub(2))),
            theme.muted,
        ),
    ])
    .render(area, buf);
}

fn flag_style(row: &Row, theme: &Theme) -> Style {
    use crate::domain::portfolio::Flag;
    match row.flags.first() {
        Some(Flag::BelowTarget) => theme.bad,
        Some(_) => theme.warn,
        None => theme.good,
    }
}

/// One service's cells: reviews, latest index and its change, alignment, trend, VOCR marks,
/// late agreements and flags (whole words from 100 columns, one word each below).
fn row_cells(row: &Row, width: u16, spark: usize, theme: &Theme) -> Vec<Cell<'static>> {
    let latest = row.latest();
    let series: Vec<Score> = row.reviews.iter().map(|r| r.value_index).collect();
    let wide = width >= 100;
    let flags: Vec<&str> = row
        .flags
        .iter()
        .map(|f| if wide { f.words() } else { f.short() })
        .collect();
    let delta = row
        .delta
        .and_then(|_| crate::text::change(row.previous, latest.and_then(|l| l.value_index)))
        .map(crate::text::signed)
        .unwrap_or_default();
    vec![
        Cell::from(one_line(&row.service)),
        Cell::from(format!("{:>3}", row.reviews.len())),
        Cell::from(latest.map_or("–".into(), |l| l.date().to_string())),
        Cell::from(format!(
            "{:>5}",
            crate::report::portfolio::index_cell(latest)
        )),
        Cell::from(format!("{delta:>4}")),
        Cell::from(format!(
            "{:>5}",
            score_text(latest.and_then(|l| l.alignment))
        )),
        Cell::from(sparkline(&series, spark)),
        Cell::from(latest.map_or("···".into(), |l| vocr_marks(&l.vocr))),
        Cell::from(format!("{:>4}", row.overdue_agreements)),
        Cell::from(Span::styled(
            if flags.is_empty() {
                "on track".to_string()
            } else {
                flags.join(if wide { ", " } else { " " })
            },
            flag_style(row, theme),
        )),
    ]
}

fn table(p: &PortfolioScreen, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let rows = p.rows();
    let height = area.height.saturating_sub(1) as usize;
    let start = window_start(p.selected, height, rows.len());
    let spark = if area.width >= 120 { 16 } else { 8 };
    let shown: Vec<TableRow> = rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, row)| {
            let style = if i == p.selected {
                theme.selected
            } else {
                theme.base
            };
            TableRow::new(row_cells(row, area.width, spark, theme)).style(style)
        })
        .collect();
    let header = TableRow::new(
        [
            "Service", "Rev", "Latest", "Index", "   Δ", "Align", "Trend", "VOCR", "Late", "Flags",
        ]
        .map(|h| Cell::from(Span::styled(h, theme.muted))),
    );
    let widths = [
        Constraint::Fill(2),
        Constraint::Length(3),
        Constraint::Length(10),
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Length(5),
        Constraint::Length(spark as u16),
        Constraint::Length(4),
        Constraint::Length(4),
        Constraint::Fill(1),
    ];
    Widget::render(Table::new(shown, widths).header(header), area, buf);
}

/// The lines of the chart: (name, style, values per review).
fn series_of(t: &TrendView, theme: &Theme) -> Vec<(String, Style, Vec<Score>)> {
    let of = |f: &dyn Fn(&Point) -> Score| t.trend.points.iter().map(f).collect::<Vec<_>>();
    match t.series {
        Series::Overall => vec![
            ("value index".into(), theme.provider, of(&|p| p.value_index)),
            ("alignment".into(), theme.consumer, of(&|p| p.alignment)),
        ],
        Series::Dimension(i) => {
            let d = Dimension::ALL[i];
            Side::BOTH
                .iter()
                .map(|side| {
                    (
                        format!("{} {}", d.title(), side.name()),
                        theme.side(*side),
                        of(&|p| Trend::score(p, d, *side)),
                    )
                })
                .collect()
        }
    }
}

/// The target lines of the service, flat across a chart `right` wide (only on the overall
/// chart): (name, its two ends).
fn target_lines(t: &TrendView, p: &PortfolioScreen, right: f64) -> Vec<(String, Vec<(f64, f64)>)> {
    let target = p
        .portfolio
        .rows
        .iter()
        .find(|r| r.service.eq_ignore_ascii_case(&t.trend.service))
        .map(|r| r.target);
    let mut flat = Vec::new();
    if t.series == Series::Overall
        && let Some(target) = target
    {
        for (name, value) in [
            ("index target", target.value_index),
            ("alignment target", target.alignment),
        ] {
            if let Some(v) = value {
                flat.push((name.to_string(), vec![(0.0, v), (right, v)]));
            }
        }
    }
    flat
}

fn trend_chart(t: &TrendView, p: &PortfolioScreen, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let n = t.trend.points.len();
    let lines = series_of(t, theme);
    let points: Vec<Vec<(f64, f64)>> = lines
        .iter()
        .map(|(_, _, values)| {
            values
                .iter()
                .enumerate()
                .filter_map(|(x, v)| v.map(|v| (x as f64, v)))
                .collect()
        })
        .collect();
    let right = (n.max(2) - 1) as f64;
    // Targets of the service, as flat lines across the chart.
    let flat = target_lines(t, p, right);
    let selected: Vec<(f64, f64)> = points
        .iter()
        .flat_map(|line| line.iter().filter(|(x, _)| *x as usize == t.selected))
        .copied()
        .collect();
    let line = |name: &str, marker, style, data| {
        Dataset::default()
            .name(name.to_string())
            .marker(marker)
            .graph_type(GraphType::Line)
            .style(style)
            .data(data)
    };
    let mut datasets: Vec<Dataset> = lines
        .iter()
        .zip(&points)
        .map(|((name, style, _), data)| line(name, Marker::Braille, *style, data))
        .collect();
    for (name, data) in &flat {
        datasets.push(line(name, Marker::Dot, theme.muted, data));
    }
    datasets.push(
        Dataset::default()
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(theme.gap)
            .data(&selected),
    );
    // Every period while they fit (about 10 columns each), else the first and the last.
    let labels: Vec<Line> = if n * 10 <= area.width as usize {
        t.trend
            .points
            .iter()
            .map(|p| Line::raw(p.label.clone()))
            .collect()
    } else {
        [&t.trend.points[0], &t.trend.points[n - 1]]
            .iter()
            .map(|p| Line::raw(p.label.clone()))
            .collect()
    };
    Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([0.0, right])
                .labels(labels)
                .style(theme.muted),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0", "50", "100"])
                .style(theme.muted),
        )
        .legend_position(Some(ratatui::widgets::LegendPosition::BottomRight))
        .hidden_legend_constraints((Constraint::Percentage(60), Constraint::Percentage(60)))
        .render(area, buf);
}

fn trend_detail(t: &TrendView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(point) = t.trend.points.get(t.selected) else {
        return;
    };
    let width = area.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {} ", point.label), theme.current_step),
        Span::styled(
            fit(
                &format!(
                    " {} · {} · index {} · alignment {}{}",
                    point.date,
                    one_line(&point.title),
                    score_text(point.value_index),
                    score_text(point.alignment),
                    if point.partial { " · partial" } else { "" }
                ),
                width.saturating_sub(10),
            ),
            theme.title,
        ),
    ])];
    for r in &point.resolved {
        // The mark says what the numbers say: narrowed, not, or not measured yet.
        let mark = match r.narrowed() {
            Some(true) => "  ✓ ",
            Some(false) => "  ✗ ",
            None => "  · ",
        };
        for (i, line) in crate::report::compare::resolved_lines(r, width.saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { mark } else { "    " };
            lines.push(Line::styled(format!("{lead}{line}"), theme.base));
        }
    }
    if point.resolved.is_empty() && t.selected > 0 {
        lines.push(Line::styled(
            "  No action of the review before resolved an item.",
            theme.muted,
        ));
    }
    Paragraph::new(lines).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_keeps_the_latest_reviews_and_marks_missing_numbers() {
        let values = [Some(0.0), None, Some(50.0), Some(100.0), Some(120.0)];
        assert_eq!(sparkline(&values, 8), "▁·▅██");
        assert_eq!(sparkline(&values, 2), "██");
        assert_eq!(sparkline(&[], 8), "");
    }

    /// A new user's report: a check mark beside a gap nobody had measured again read as "the
    /// action worked".
    #[test]
    fn each_resolved_item_is_marked_by_what_its_gaps_say() {
        use crate::domain::compare::Resolved;
        use crate::domain::{AgreementStatus, Date, Points, Step};
        let resolved = |item: &str, new: Option<f64>| Resolved {
            step: Step::Benefits,
            item: item.into(),
            agreement: "Act".into(),
            status: AgreementStatus::Open,
            old_gap: Points::new(Some(2.0)),
            new_gap: Points::new(new),
        };
        let point = Point {
            session: "s2".into(),
            title: "Q2".into(),
            date: Date::new(2026, 6, 1).unwrap(),
            period: "2026-Q2".into(),
            label: "2026-Q2".into(),
            value_index: None,
            alignment: None,
            dimensions: Vec::new(),
            partial: true,
            resolved: vec![
                resolved("Closer", Some(0.0)),
                resolved("Wider", Some(3.0)),
                resolved("Unmeasured", None),
            ],
        };
        let view = TrendView {
            trend: Trend {
                service: "Desk".into(),
                points: vec![point],
                equal_indexes: vec![None],
            },
            paths: Vec::new(),
            selected: 0,
            series: Series::Overall,
        };
        let area = Rect::new(0, 0, 80, 6);
        let mut buf = Buffer::empty(area);
        let theme = Theme::new(crate::tui::theme::ThemeKind::Default);
        trend_detail(&view, area, &mut buf, &theme);
        let rows: Vec<String> = (0..area.height)
            .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect())
            .collect();
        let row = |item: &str| rows.iter().find(|r| r.contains(item)).cloned().unwrap();
        assert!(
            row("Closer").starts_with("  ✓ Closer: gap 2 → 0"),
            "{rows:?}"
        );
        assert!(row("Wider").starts_with("  ✗ Wider: gap 2 → 3"), "{rows:?}");
        assert!(
            row("Unmeasured").starts_with("  · Unmeasured: gap 2 → –"),
            "{rows:?}"
        );
    }
}
