//! One-page HTML reports: the page shell (inline CSS with a print stylesheet for A4), escaping,
//! and the SVG charts (`svg`), shared by the session report (`session`) and the portfolio
//! (`portfolio`).
//! A page is self-contained: no script, nothing fetched (its Content-Security-Policy forbids
//! both), so it can be mailed, archived or printed to PDF by any browser.

mod actions;
mod figures;
pub mod portfolio;
pub mod session;
pub mod svg;

use crate::text::clean_controls;
use std::fmt::Write;

/// `text` safe inside HTML text and attribute values: markup characters become entities and
/// terminal controls are shown as U+FFFD, so session text is always shown, never obeyed.
pub fn escape(text: &str) -> String {
    let text = clean_controls(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text whose line breaks stay line breaks (closing answers, notes).
pub fn escape_lines(text: &str) -> String {
    escape(text.trim()).replace('\n', "<br>")
}

/// The styles of every page. Screen first; `@media print` fits A4 with small type, keeps
/// charts and table rows whole, and keeps the colours of bars and maps; it runs the context
/// on as one paragraph and packs the rated items' rows, so a full session still takes two pages.
const CSS: &str = r#"
:root { --provider: #2b6cb0; --consumer: #c05621; --ink: #1a202c; --muted: #5a6473;
  --rule: #d5dbe3; --holds: #276749; --at-risk: #975a16; --fails: #c53030; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  color: var(--ink); margin: 0; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: .8rem 0 .3rem; }
p { margin: .3rem 0; }
.facts, .note, .muted { color: var(--muted); }
.note { font-style: italic; }
.verdict { font-size: 1.15rem; margin: .5rem 0 .8rem; }
.figures { display: flex; gap: .8rem; flex-wrap: wrap; margin: .6rem 0; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: .4rem .8rem; flex: 1 1 12rem; }
.figure .number { font-size: 1.8rem; font-weight: 700; }
.figure .of { color: var(--muted); }
.vocr { list-style: none; padding: 0; margin: .3rem 0; }
.vocr li { margin: .15rem 0; }
.chip { display: inline-block; min-width: 5.5rem; padding: 0 .4rem; border-radius: 4px;
  color: #fff; font-weight: 600; text-align: center; background: var(--muted); }
.chip.holds { background: var(--holds); } .chip.at_risk { background: var(--at-risk); }
.chip.fails { background: var(--fails); }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.chart { flex: 1 1 14rem; }
.chart svg { width: 100%; height: auto; display: block; }
.chart.bars { flex-basis: 20rem; } .chart.bars svg { max-width: 24rem; }
.chart.quadrant svg { max-width: 15rem; }
.chart.risks figure { display: inline-block; width: 48%; max-width: 10rem; margin: 0 1% 0 0;
  vertical-align: top; }
figcaption { font-size: .85rem; }
svg text { font-family: system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
.provider { fill: var(--provider); } .consumer { fill: var(--consumer); }
.key-provider { color: var(--provider); font-weight: 600; }
.key-consumer { color: var(--consumer); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .6rem; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .2rem .4rem; text-align: left;
  vertical-align: top; }
th { background: #f4f6f9; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.overdue { color: var(--fails); font-weight: 600; }
.big-gap { font-weight: 700; }
p.legend { font-size: .85rem; }
.spark svg { width: 6rem; height: auto; display: block; }
.v.holds { color: var(--holds); } .v.at_risk { color: var(--at-risk); }
.v.fails { color: var(--fails); } .v.none { color: var(--muted); }
table.portfolio td { font-size: .85rem; }
table.portfolio th.n { white-space: normal; }
table.portfolio th:nth-child(1) { width: 20%; }
table.portfolio th:nth-child(10) { width: 30%; }
table.portfolio td:nth-child(3), table.portfolio .v { white-space: nowrap; }
ul.context { margin: .2rem 0 .5rem; padding-left: 1.2rem; }
h3.items + table th:nth-child(1) { width: 8%; }
h3.items + table th:nth-child(2) { width: 21%; }
h3.items + table th:nth-child(3) { width: 11%; }
@media print {
  @page { size: A4; margin: 11mm 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 8.5pt; line-height: 1.25; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 15pt; } h2 { font-size: 11pt; margin: 7pt 0 3pt; } h3 { font-size: 9.5pt; }
  .verdict { font-size: 10.5pt; margin: 3pt 0 5pt; }
  .figure .number { font-size: 16pt; }
  .figures { margin: 3pt 0; }
  .charts { gap: 8pt; }
  .chart { flex: 1 1 30%; }
  .chart.bars { flex-basis: 36%; }
  .chart.quadrant svg { max-width: 44mm; }
  figcaption { font-size: 8pt; }
  table { font-size: 7.5pt; margin: 2pt 0 4pt; }
  th, td { padding: 1pt 3pt; }
  tr, .chart, .figure { break-inside: avoid; }
  h2, h3, h2 + p { break-after: avoid; }
  .detail { font-size: 7.5pt; }
  p.legend { font-size: 7.5pt; line-height: 1.2; }
  .figure p.muted { font-size: 8pt; }
  .detail td { line-height: 1.15; padding: 0 3pt; }
  ul.context { padding-left: 0; }
  ul.context li { display: inline; }
  ul.context li + li::before { content: " · "; }
  .spark svg { width: 20mm; }
  table.portfolio td { font-size: 7.5pt; line-height: 1.2; }
}
"#;

/// A whole page around `body` (HTML already escaped where it must be), titled `title` (plain
/// text, escaped here).
pub fn page(title: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + CSS.len() + 512);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Nothing may be fetched and nothing may run, even if a bug let markup through.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>\n<main>");
    out.push_str(body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A table: the header cells (a leading `#` marks a right-aligned number column, and is not
/// shown) and rows of cells already escaped.
pub fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let numeric: Vec<bool> = head.iter().map(|h| h.starts_with('#')).collect();
    let mut out = String::from("<table>\n<thead><tr>");
    for (h, n) in head.iter().zip(&numeric) {
        let class = if *n { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(h.trim_start_matches('#')));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if numeric.get(i).copied().unwrap_or(false) {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup_and_no_controls() {
        assert_eq!(
            escape("<a href='x'>\"Q&A\"</a>\u{1b}[2J"),
            "&lt;a href=&#39;x&#39;&gt;&quot;Q&amp;A&quot;&lt;/a&gt;\u{FFFD}[2J"
        );
        assert_eq!(escape_lines(" one\ntwo "), "one<br>two");
    }

    #[test]
    fn a_page_has_no_script_and_fetches_nothing() {
        let html = page("<T>", "<p>x</p>");
        assert!(html.contains("<title>&lt;T&gt;</title>"));
        assert!(html.contains("default-src 'none'"));
        assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    }

    #[test]
    fn number_columns_are_right_aligned_and_headers_escaped() {
        let t = table(&["Item", "#Score"], &[vec!["a".into(), "5".into()]]);
        assert!(t.contains("<th class=\"n\">Score</th>"), "{t}");
        assert!(t.contains("<td>a</td><td class=\"n\">5</td>"), "{t}");
    }
}
