//! Inline SVG charts for the HTML reports: paired bars, the importance–performance quadrant,
//! the risk heat map and a sparkline. Each returns one `<svg>` with a `<title>` (and a `<desc>`
//! with the numbers) for screen readers; scores are 0–100 and shown as whole numbers.
//! They know nothing of sessions: the caller hands in labels and numbers.

use super::escape;
use crate::domain::value::{HeatMap, Score};
use crate::text::{score_text, whole};
use std::fmt::Write;

/// The opening of an accessible chart of `width` × `height` user units.
fn open(width: u32, height: u32, title: &str, desc: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title><desc>{}</desc>\n",
        escape(title),
        escape(desc)
    )
}

/// One row of `paired_bars`: a label and up to two scores (one per series).
pub struct BarRow {
    pub label: String,
    pub values: Vec<Score>,
    /// What a missing score of the row says instead of a bar ("no ratings").
    pub missing: &'static str,
}

/// Horizontal bars, one group per row, one bar per series (`series`: at most two, each a name
/// and the class of its colour, "provider" or "consumer"), each 0–100 with its number; a
/// missing score says its row's `missing` words instead of drawing a bar of 0.
pub fn paired_bars(title: &str, series: &[(&str, &str)], rows: &[BarRow]) -> String {
    const LABEL: u32 = 74;
    const SCALE: f64 = 200.0;
    let per_row = 6 + 12 * series.len() as u32;
    let height = 18 + per_row * rows.len() as u32;
    let desc: Vec<String> = rows
        .iter()
        .map(|r| {
            let numbers: Vec<String> = series
                .iter()
                .zip(&r.values)
                .map(|((s, _), v)| format!("{s} {}", score_text(*v)))
                .collect();
            format!("{}: {}", r.label, numbers.join(", "))
        })
        .collect();
    let mut out = open(300, height, title, &desc.join("; "));
    // The legend on top.
    let mut x = LABEL;
    for (name, class) in series {
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"3\" width=\"9\" height=\"9\" class=\"{class}\"/><text x=\"{}\" y=\"11\" font-size=\"10\">{}</text>",
            x + 12,
            escape(name)
        );
        x += 80;
    }
    for (row, r) in rows.iter().enumerate() {
        let top = 18 + per_row * row as u32;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\" font-size=\"10.5\">{}</text>",
            top + 6 * series.len() as u32 + 4,
            escape(&r.label)
        );
        for (i, (value, (_, class))) in r.values.iter().zip(series).enumerate() {
            let y = top + 12 * i as u32;
            match value {
                Some(v) => {
                    let w = (v.clamp(0.0, 100.0) / 100.0 * SCALE).max(1.0);
                    let _ = write!(
                        out,
                        "<rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"10\" class=\"{class}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"9.5\">{}</text>",
                        f64::from(LABEL) + w + 3.0,
                        y + 9,
                        whole(*v)
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "<text x=\"{LABEL}\" y=\"{}\" font-size=\"9\" fill-opacity=\"0.6\">{}</text>",
                        y + 9,
                        escape(r.missing)
                    );
                }
            }
        }
        out.push('\n');
    }
    out.push_str("</svg>\n");
    out
}

/// One point of the `quadrant`: what is placed and its two scores.
pub struct QuadrantPoint {
    pub label: String,
    /// How much it matters, 0–100 (the vertical axis).
    pub importance: f64,
    /// How well it is done, 0–100 (the horizontal axis).
    pub performance: f64,
}

/// The importance–performance square: numbered dots (the n-th point is dot n, for a legend
/// the caller lists), the quadrants named in their corners; above 50 counts as high.
pub fn quadrant(title: &str, points: &[QuadrantPoint]) -> String {
    const LEFT: f64 = 22.0;
    const TOP: f64 = 16.0;
    const SIDE: f64 = 196.0;
    let desc: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{} {}: importance {}, performance {}",
                i + 1,
                p.label,
                whole(p.importance),
                whole(p.performance)
            )
        })
        .collect();
    let mut out = open(224, 262, title, &desc.join("; "));
    let (mid, my, bottom) = (LEFT + SIDE / 2.0, TOP + SIDE / 2.0, TOP + SIDE);
    let _ = writeln!(
        out,
        "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{SIDE}\" height=\"{SIDE}\" fill=\"#f7f9fb\" stroke=\"#8a94a3\"/>\
<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{h}\" height=\"{h}\" fill=\"#fdecec\"/>\
<line x1=\"{mid}\" y1=\"{TOP}\" x2=\"{mid}\" y2=\"{bottom}\" stroke=\"#8a94a3\" stroke-dasharray=\"3 3\"/>\
<line x1=\"{LEFT}\" y1=\"{my}\" x2=\"{r}\" y2=\"{my}\" stroke=\"#8a94a3\" stroke-dasharray=\"3 3\"/>",
        h = SIDE / 2.0,
        r = LEFT + SIDE
    );
    // The quadrants' names outside the square, where no dot can cover them.
    for (x, y, anchor, words) in [
        (LEFT, TOP - 4.0, "start", "concentrate here"),
        (LEFT + SIDE, TOP - 4.0, "end", "keep it up"),
        (LEFT, bottom + 11.0, "start", "low priority"),
        (LEFT + SIDE, bottom + 11.0, "end", "possible overkill"),
    ] {
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"9.5\" text-anchor=\"{anchor}\" fill-opacity=\"0.75\">{words}</text>"
        );
    }
    let _ = write!(
        out,
        "\n<text x=\"{mid}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">performance →</text>\
<text x=\"12\" y=\"{my}\" font-size=\"10\" text-anchor=\"middle\" transform=\"rotate(-90 12 {my})\">importance →</text>\n",
        bottom + 30.0
    );
    let mut placed: Vec<(f64, f64)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let x = LEFT + p.performance.clamp(0.0, 100.0) / 100.0 * SIDE;
        let y = bottom - p.importance.clamp(0.0, 100.0) / 100.0 * SIDE;
        // Dots at the edge stay inside the square.
        let (x, y) = (
            x.clamp(LEFT + 8.0, LEFT + SIDE - 8.0),
            y.clamp(TOP + 8.0, bottom - 8.0),
        );
        let (x, y) = beside(&placed, x, y, LEFT + SIDE - 8.0);
        placed.push((x, y));
        let _ = writeln!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7.5\" fill=\"#2d3748\" fill-opacity=\"0.85\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" style=\"fill:#fff\">{}</text>",
            y + 3.2,
            i + 1
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Where a dot at (x, y) can go without covering one already `placed`: the same place, or
/// the first free place to its right, else to its left (items with equal scores are common).
fn beside(placed: &[(f64, f64)], x: f64, y: f64, right_edge: f64) -> (f64, f64) {
    let free = |x: f64| placed.iter().all(|(px, py)| (px - x).hypot(py - y) >= 14.0);
    (0..12)
        .flat_map(|n| {
            let shift = 15.0 * f64::from(n);
            [x + shift, x - shift]
        })
        .filter(|x| (30.0..=right_edge).contains(x))
        .find(|x| free(*x))
        .map_or((x, y), |x| (x, y))
}

/// A 5×5 heat map of risks: likelihood up (5 at the top), impact across, each cell shaded by
/// its exposure band (likelihood × impact: 15–25 high, 8–14 medium, 1–7 low) with its count.
pub fn risk_map(title: &str, map: &HeatMap) -> String {
    const CELL: u32 = 30;
    const LEFT: u32 = 30;
    let total: u32 = map.iter().flatten().sum();
    let desc = format!(
        "{total} risk{} by likelihood (rows) and impact (columns)",
        if total == 1 { "" } else { "s" }
    );
    let mut out = open(LEFT + 5 * CELL + 4, 5 * CELL + 32, title, &desc);
    for (l, row) in map.iter().enumerate() {
        for (i, count) in row.iter().enumerate() {
            let exposure = (l + 1) * (i + 1);
            let fill = match exposure {
                15.. => "#f4b4b4",
                8..=14 => "#f8dca8",
                _ => "#d4ecd9",
            };
            let x = LEFT + CELL * i as u32;
            let y = 2 + CELL * (4 - l as u32);
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL}\" height=\"{CELL}\" fill=\"{fill}\" stroke=\"#fff\"/>"
            );
            if *count > 0 {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\">{count}</text>",
                    x + CELL / 2,
                    y + CELL / 2 + 4
                );
            }
        }
        out.push('\n');
    }
    let bottom = 2 + 5 * CELL;
    for n in 1..=5u32 {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\">{n}</text><text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"end\">{n}</text>",
            LEFT + CELL * (n - 1) + CELL / 2,
            bottom + 11,
            LEFT - 4,
            2 + CELL * (5 - n) + CELL / 2 + 3
        );
    }
    let _ = write!(
        out,
        "\n<text x=\"{}\" y=\"{}\" font-size=\"9.5\" text-anchor=\"middle\">impact →</text><text x=\"8\" y=\"{y}\" font-size=\"9.5\" text-anchor=\"middle\" transform=\"rotate(-90 8 {y})\">likelihood →</text>\n</svg>\n",
        LEFT + 5 * CELL / 2,
        bottom + 26,
        y = 2 + 5 * CELL / 2
    );
    out
}

/// A small line of scores (0–100) over time, oldest first; a missing score breaks the line
/// rather than dropping to 0. The last point is marked.
pub fn sparkline(title: &str, values: &[Score]) -> String {
    const W: f64 = 80.0;
    const H: f64 = 20.0;
    let desc: Vec<String> = values.iter().map(|v| score_text(*v)).collect();
    let mut out = open(W as u32, H as u32, title, &desc.join(", "));
    let step = if values.len() > 1 {
        (W - 4.0) / (values.len() - 1) as f64
    } else {
        0.0
    };
    let point = |i: usize, v: f64| {
        (
            2.0 + step * i as f64,
            H - 2.0 - v.clamp(0.0, 100.0) / 100.0 * (H - 4.0),
        )
    };
    let mut run: Vec<(f64, f64)> = Vec::new();
    let flush = |run: &mut Vec<(f64, f64)>, out: &mut String| {
        match run.as_slice() {
            [] => {}
            // A review between two without numbers has no line to sit on: a small dot.
            [(x, y)] => {
                let _ = write!(
                    out,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"#2b6cb0\"/>"
                );
            }
            points => {
                let points: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{x:.1},{y:.1}"))
                    .collect();
                let _ = write!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.5\"/>",
                    points.join(" ")
                );
            }
        }
        run.clear();
    };
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push(point(i, *v)),
            None => flush(&mut run, &mut out),
        }
    }
    // The latest point is marked, unless a lone dot already marks it.
    let ends_a_line = run.len() > 1;
    flush(&mut run, &mut out);
    if let Some((i, Some(v))) = values.iter().enumerate().next_back()
        && ends_a_line
    {
        let (x, y) = point(i, *v);
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"#2b6cb0\"/>"
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
#[path = "svg_tests.rs"]
mod tests;
