//! The charts' unit tests, beside `svg.rs` so that it reads at once.
use super::*;

/// Found by a mutation run: no test read where a dot or a count is drawn.
#[test]
fn dots_and_counts_sit_where_their_numbers_put_them() {
    // Performance across from x 22, importance up from y 212, over 196 points each.
    let quad = quadrant(
        "Q",
        &[QuadrantPoint {
            label: "one".into(),
            importance: 75.0,
            performance: 25.0,
        }],
    );
    assert!(quad.contains("<circle cx=\"71.0\" cy=\"65.0\""), "{quad}");
    // Likelihood up (row 5 at the top), impact across, cells of 30 from x 30.
    let mut map = [[0; 5]; 5];
    map[4][4] = 2;
    map[0][1] = 1;
    let risk = risk_map("Risks", &map);
    let count_at = |x: u32, y: u32, n: u32| {
        format!(
            "<text x=\"{x}\" y=\"{y}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\">{n}</text>"
        )
    };
    assert!(risk.contains(&count_at(165, 21, 2)), "{risk}");
    assert!(risk.contains(&count_at(75, 141, 1)), "{risk}");
}

/// Found by a mutation run: no test had a dot at a corner, where it is pulled 8 points in.
#[test]
fn dots_at_the_corners_stay_inside_the_square() {
    let point = |importance: f64, performance: f64| QuadrantPoint {
        label: "corner".into(),
        importance,
        performance,
    };
    let quad = quadrant("Q", &[point(0.0, 0.0), point(100.0, 100.0)]);
    // The square runs from (22, 16) to (218, 212).
    for dot in ["cx=\"30.0\" cy=\"204.0\"", "cx=\"210.0\" cy=\"24.0\""] {
        assert!(quad.contains(dot), "{dot} in {quad}");
    }
}

/// Found by a mutation run: no test read that an empty cell of the heat map has no count.
#[test]
fn an_empty_heat_map_cell_shows_no_count() {
    let mut map = [[0; 5]; 5];
    map[2][2] = 3;
    let risk = risk_map("Risks", &map);
    assert_eq!(risk.matches("font-weight=\"700\"").count(), 1, "{risk}");
    assert!(risk.contains("text-anchor=\"middle\">3</text>"), "{risk}");
}

/// Found by a mutation run: no test read how tall a bar chart is drawn, per row and series.
#[test]
fn a_bar_chart_is_as_tall_as_its_rows_and_series() {
    let row = |values: Vec<Score>| BarRow {
        label: "Benefits".into(),
        values,
        missing: "no ratings",
    };
    let height = |svg: &str| {
        let view = svg.split("viewBox=\"0 0 ").nth(1).unwrap_or_default();
        view.split(['"', ' '])
            .nth(1)
            .unwrap_or_default()
            .to_string()
    };
    // 18 for the title, then 6 a row and 12 a series.
    let one = paired_bars("S", &[("Provider", "provider")], &[row(vec![Some(50.0)])]);
    assert_eq!(height(&one), "36", "{one}");
    let two = paired_bars(
        "S",
        &[("Provider", "provider"), ("Consumer", "consumer")],
        &[row(vec![Some(50.0), None]), row(vec![None, Some(10.0)])],
    );
    assert_eq!(height(&two), "78", "{two}");
}

/// Found by a mutation run: no test read where the heat map's axis numbers are written.
#[test]
fn the_heat_maps_axes_are_numbered_under_and_beside_their_cells() {
    let risk = risk_map("Risks", &[[0; 5]; 5]);
    let number = |x: u32, y: u32, anchor: &str, n: u32| {
        format!("<text x=\"{x}\" y=\"{y}\" font-size=\"9\" text-anchor=\"{anchor}\">{n}</text>")
    };
    // Impact across, under the bottom row (y 152); likelihood up, left of the cells (x 30).
    for n in 1..=5u32 {
        let impact = number(30 + 30 * (n - 1) + 15, 163, "middle", n);
        let likelihood = number(26, 2 + 30 * (5 - n) + 18, "end", n);
        assert!(risk.contains(&impact), "{impact} in {risk}");
        assert!(risk.contains(&likelihood), "{likelihood} in {risk}");
    }
}

/// Found by a mutation run: no test read where the quadrants' names are written.
#[test]
fn the_quadrants_names_sit_at_its_corners() {
    let quad = quadrant("Q", &[]);
    for (x, y, anchor, words) in [
        (22, 12, "start", "concentrate here"),
        (218, 12, "end", "keep it up"),
        (22, 223, "start", "low priority"),
        (218, 223, "end", "possible overkill"),
    ] {
        let name = format!(
            "<text x=\"{x}\" y=\"{y}\" font-size=\"9.5\" text-anchor=\"{anchor}\" fill-opacity=\"0.75\">{words}</text>"
        );
        assert!(quad.contains(&name), "{name} in {quad}");
    }
}

/// Found by a mutation run: no test crowded dots at the square's right edge, where the
/// next free place must be found to the left, inside the square.
#[test]
fn dots_crowded_at_the_right_edge_move_left_and_stay_inside() {
    let point = |n: usize| QuadrantPoint {
        label: format!("item {n}"),
        importance: 50.0,
        performance: 100.0,
    };
    let quad = quadrant("Q", &[point(1), point(2), point(3)]);
    let xs: Vec<f64> = quad
        .split("<circle cx=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect();
    // The square's right side is at 218; a dot's centre stays 8 inside it.
    assert_eq!(xs, [210.0, 195.0, 180.0], "{quad}");
}

/// Found by a mutation run: no test read where the quadrant's dashed halves are drawn.
#[test]
fn the_quadrant_is_halved_through_its_centre() {
    // The square runs from (22, 16) over 196 points: its centre is (120, 114).
    let quad = quadrant("Q", &[]);
    for line in [
        "<line x1=\"120\" y1=\"16\" x2=\"120\" y2=\"212\"",
        "<line x1=\"22\" y1=\"114\" x2=\"218\" y2=\"114\"",
        "transform=\"rotate(-90 12 114)\"",
        // The quarter to concentrate on, shaded: the top left.
        "<rect x=\"22\" y=\"16\" width=\"98\" height=\"98\" fill=\"#fdecec\"/>",
    ] {
        assert!(quad.contains(line), "{line} in {quad}");
    }
}

/// Found by a mutation run: no test drew a sparkline of one score, which has no width
/// to spread over and must still be drawn where a number can say.
#[test]
fn a_sparkline_of_one_score_is_drawn_at_its_start() {
    let one = sparkline("t", &[Some(50.0)]);
    assert!(!one.contains("NaN") && !one.contains("inf"), "{one}");
    assert!(one.contains("cx=\"2"), "{one}");
}

#[test]
fn every_chart_has_a_title_and_escapes_its_labels() {
    let bars = paired_bars(
        "Scores <b>",
        &[("Provider", "provider"), ("Consumer", "consumer")],
        &[BarRow {
            label: "<i>x</i>".into(),
            values: vec![Some(62.5), None],
            missing: "no ratings",
        }],
    );
    let quad = quadrant(
        "Q",
        &[QuadrantPoint {
            label: "<p>".into(),
            importance: 75.0,
            performance: 25.0,
        }],
    );
    let mut map = [[0; 5]; 5];
    map[4][4] = 2;
    let risk = risk_map("Risks", &map);
    let spark = sparkline("Trend", &[Some(40.0), None, Some(60.0), Some(70.0)]);
    for svg in [&bars, &quad, &risk, &spark] {
        assert!(svg.starts_with("<svg") && svg.contains("<title>"), "{svg}");
        assert!(!svg.contains("<b>") && !svg.contains("<i>") && !svg.contains("<p>"));
    }
    // A missing score is said, never drawn as 0; 62.5 reads 63 as everywhere.
    assert!(
        bars.contains(">63</text>") && bars.contains("no ratings"),
        "{bars}"
    );
    assert!(risk.contains(">2</text>"), "{risk}");
    // Two items with the same scores are two dots side by side, not one on the other.
    let twins = quadrant(
        "Q",
        &[
            QuadrantPoint {
                label: "a".into(),
                importance: 0.0,
                performance: 0.0,
            },
            QuadrantPoint {
                label: "b".into(),
                importance: 0.0,
                performance: 0.0,
            },
        ],
    );
    let centres: Vec<&str> = twins
        .match_indices("<circle cx=\"")
        .map(|(at, m)| &twins[at + m.len()..at + m.len() + 5])
        .collect();
    assert_eq!(centres.len(), 2);
    assert_ne!(centres[0], centres[1], "{twins}");
    // The gap breaks the line: one polyline, over the last two points.
    assert_eq!(spark.matches("<polyline").count(), 1, "{spark}");
}

#[test]
fn a_sparkline_shows_a_lone_review_as_a_dot_and_no_number_as_nothing() {
    // An earlier full review before a latest without numbers: the one point is still seen.
    let lone = sparkline("Hosting", &[Some(50.0), None]);
    assert_eq!(lone.matches("<circle").count(), 1, "{lone}");
    assert!(!lone.contains("<polyline"), "{lone}");
    // Never rated: nothing is drawn, least of all a point at 0.
    let never = sparkline("Backup", &[None]);
    assert!(
        !never.contains("<circle") && !never.contains("<polyline"),
        "{never}"
    );
    assert!(never.contains("<title>Backup</title>"), "{never}");
}

/// Found by a mutation run: no test placed the second series' bar, so drawing it above
/// the first instead of under it went unnoticed. Row 0 starts at y 18; each series' bar is
/// 12 below the one before.
#[test]
fn the_second_series_bar_sits_under_the_first() {
    let bars = paired_bars(
        "Scores",
        &[("Provider", "provider"), ("Consumer", "consumer")],
        &[BarRow {
            label: "Benefits".into(),
            values: vec![Some(50.0), Some(100.0)],
            missing: "no ratings",
        }],
    );
    assert!(
        bars.contains("<rect x=\"74\" y=\"18\" width=\"100.0\" height=\"10\" class=\"provider\"/>"),
        "{bars}"
    );
    assert!(
        bars.contains("<rect x=\"74\" y=\"30\" width=\"200.0\" height=\"10\" class=\"consumer\"/>"),
        "{bars}"
    );
    // The legend names the series side by side, 80 apart, from the bars' left edge (found
    // by a mutation run: multiplying the step put the second name off the chart).
    for (x, class, name) in [(74, "provider", "Provider"), (154, "consumer", "Consumer")] {
        let key = format!(
            "<rect x=\"{x}\" y=\"3\" width=\"9\" height=\"9\" class=\"{class}\"/>\
             <text x=\"{}\" y=\"11\" font-size=\"10\">{name}</text>",
            x + 12
        );
        assert!(bars.contains(&key), "{key}\n{bars}");
    }
}

/// Found by a mutation run: no test placed a sparkline's points, so spacing them by a
/// sum instead of a product went unnoticed. Three scores span the 80-wide chart evenly,
/// 0 at the foot and 100 at the top.
#[test]
fn a_sparklines_points_span_the_chart_evenly() {
    let spark = sparkline("Trend", &[Some(0.0), Some(50.0), Some(100.0)]);
    assert!(
        spark.contains("points=\"2.0,18.0 40.0,10.0 78.0,2.0\""),
        "{spark}"
    );
}

/// Found by a mutation run: a dot far below another on the same column keeps its place;
/// only a dot within reach of one already placed moves aside (`py / y` for `py - y`).
#[test]
fn a_dot_moves_aside_only_from_a_dot_within_reach() {
    assert_eq!(beside(&[(100.0, 50.0)], 100.0, 80.0, 300.0), (100.0, 80.0));
    assert_eq!(beside(&[(100.0, 50.0)], 100.0, 55.0, 300.0), (115.0, 55.0));
}

/// Found by a mutation run: no test read the mark on a sparkline's latest review. A line
/// ends in a dot at its latest point; a latest review with no line to end is one dot, not
/// two (`run.len() > 1` made `== 1`).
#[test]
fn a_sparklines_latest_review_is_marked_once() {
    let line = sparkline("Trend", &[Some(0.0), Some(50.0), Some(100.0)]);
    assert_eq!(line.matches("<circle").count(), 1, "{line}");
    assert!(line.contains("cx=\"78.0\" cy=\"2.0\""), "{line}");
    let lone = sparkline("Trend", &[Some(40.0), None, Some(60.0)]);
    assert_eq!(lone.matches("<circle").count(), 2, "{lone}");
}

/// Found by shard 42: a cell's band read impact as one less (`i * 1` for `i + 1`) and no
/// test read the bands. Likelihood × impact: 15–25 high, 8–14 medium, 1–7 low.
#[test]
fn each_risk_cell_is_shaded_by_its_exposure_band() {
    let risk = risk_map("Risks", &[[0; 5]; 5]);
    let fill = |colour: &str| risk.matches(&format!("fill=\"{colour}\"")).count();
    assert_eq!(
        (fill("#f4b4b4"), fill("#f8dca8"), fill("#d4ecd9")),
        (6, 7, 12),
        "{risk}"
    );
    // Likelihood 1 and impact 5 (exposure 5, bottom right) is low; 3 × 5 is high.
    assert!(
        risk.contains("<rect x=\"150\" y=\"122\" width=\"30\" height=\"30\" fill=\"#d4ecd9\""),
        "{risk}"
    );
    assert!(
        risk.contains("<rect x=\"150\" y=\"62\" width=\"30\" height=\"30\" fill=\"#f4b4b4\""),
        "{risk}"
    );
}

/// Found by a mutation run: no test read how wide the risk map is drawn. Its picture ends
/// just after its last column of cells.
#[test]
fn the_risk_map_is_as_wide_as_its_cells() {
    let risk = risk_map("Risks", &[[1; 5]; 5]);
    let attr = |tag: &str, name: &str| -> u32 {
        let at = format!("{name}=\"");
        tag.split(&at)
            .nth(1)
            .unwrap_or_default()
            .split('"')
            .next()
            .unwrap_or_default()
            .parse()
            .unwrap_or(0)
    };
    let right = risk
        .split("<rect ")
        .skip(1)
        .map(|rect| attr(rect, "x") + attr(rect, "width"))
        .max()
        .unwrap_or(0);
    let view = risk.split("viewBox=\"0 0 ").nth(1).unwrap_or_default();
    let width: u32 = view
        .split(' ')
        .next()
        .unwrap_or_default()
        .parse()
        .unwrap_or(0);
    assert!(
        right > 0 && (right..=right + 10).contains(&width),
        "cells end at {right}, picture {width} wide"
    );
}
