//! Drawing the session browser: the grouped list, the filter line, the new-session wizard and
//! the delete confirmation. Reads the `Browser`, never changes it.

use super::{Browser, BrowserEntry, Mode, SessionRow, group_key};
use crate::domain::value::Status;
use crate::store::TEMPLATES;
use crate::text::{fit, one_line, pad, score_text, status_mark, trend_text};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    footer::footer,
    popup::{centered, clear_for, confirm, popup_block},
    window_start,
};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use std::path::Path;

pub fn render(b: &Browser, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let title = Line::from(vec![
        Span::styled(" covalue ", theme.current_step),
        Span::styled("  value co-creation workshops", theme.title),
    ]);
    let folder = Line::styled(
        format!(
            " sessions in {}",
            fit(&b.dir_label, area.width.saturating_sub(14) as usize)
        ),
        theme.muted,
    );
    Paragraph::new(vec![title, folder]).render(head, buf);

    let visible = b.visible();
    if let Some(error) = &b.error {
        Paragraph::new(vec![
            Line::raw(""),
            Line::styled(format!("  {}", one_line(error)), theme.bad),
        ])
        .wrap(Wrap { trim: false })
        .render(body, buf);
    } else if b.entries.is_empty() {
        no_sessions(body, buf, theme);
    } else {
        let [table_area, detail_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(4)]).areas(body);
        table(b, &visible, table_area, buf, theme);
        detail(visible.get(b.selected).copied(), detail_area, buf, theme);
    }
    footer(
        status_line(b, visible.len(), theme),
        &b.hints(),
        foot,
        buf,
        theme,
    );
    match &b.mode {
        Mode::ConfirmDelete(path) => confirm_delete(b, path, area, buf, theme),
        Mode::Pick(selected) => pick(b, *selected, area, buf, theme),
        Mode::Title { form, .. } => {
            // Grows with the terminal, as the workshop's forms do.
            let width = if area.width >= 120 {
                (area.width * 2 / 3).min(120)
            } else {
                70
            };
            let rect = centered(area, width, form.height(width));
            form.render(rect, buf, theme);
        }
        Mode::List | Mode::Filter => {}
    }
}

/// An empty folder: how to start, and the templates to start from.
fn no_sessions(body: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut lines = vec![
        Line::raw(""),
        Line::styled("  No sessions yet.", theme.title),
        Line::raw(""),
        Line::from(vec![
            Span::raw("  Press "),
            Span::styled("n", theme.key),
            Span::raw(" to start one: blank, or from a template's items or worked example:"),
        ]),
        Line::raw(""),
    ];
    for t in TEMPLATES {
        let room = (body.width as usize).saturating_sub(21);
        lines.push(Line::from(vec![
            Span::styled(format!("    {:<16}", t.name), theme.key),
            Span::styled(fit(t.about, room), theme.muted),
        ]));
    }
    Paragraph::new(lines).render(body, buf);
}

/// The list of sessions, a header row above each service's group, scrolled to the selection.
fn table(b: &Browser, visible: &[&BrowserEntry], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(16),
        Constraint::Length(5),
        Constraint::Length(5),
    ];
    let columns = Layout::horizontal(widths).spacing(1).split(area);
    let cells = |values: [String; 6]| -> String {
        let padded: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| pad(v, columns[i].width as usize))
            .collect();
        padded.join(" ")
    };
    let mut lines = vec![Line::styled(
        cells(["Title", "Id", "Mode", "Updated", "Value", "Align"].map(String::from)),
        theme.muted.add_modifier(Modifier::BOLD),
    )];
    // Group headers between the sessions: one service each, with its trend.
    let mut display: Vec<Option<usize>> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let mut group: Option<Option<String>> = None;
    for (i, e) in visible.iter().enumerate() {
        let key = e.group();
        if group.as_ref() != Some(&key) {
            headers.push(group_header(b, key.as_deref()));
            display.push(None);
            group = Some(key);
        }
        display.push(Some(i));
    }
    let height = area.height.saturating_sub(1) as usize;
    let selected_row = display
        .iter()
        .position(|d| *d == Some(b.selected))
        .unwrap_or(0);
    let start = window_start(selected_row, height, display.len());
    let mut headers = headers
        .into_iter()
        .skip(display[..start].iter().filter(|d| d.is_none()).count());
    for row in display.iter().skip(start).take(height) {
        let Some(i) = row else {
            let header = headers.next().unwrap_or_default();
            lines.push(Line::styled(fit(&header, area.width as usize), theme.title));
            continue;
        };
        let e = visible[*i];
        let style = if *i == b.selected {
            theme.selected
        } else {
            Style::default()
        };
        lines.push(match &e.row {
            Ok(r) => Line::styled(
                cells([
                    title_cell(r),
                    r.id.clone(),
                    r.mode.to_string(),
                    r.updated.clone(),
                    value_cell(r),
                    score_text(r.alignment),
                ]),
                style,
            ),
            Err(error) => Line::styled(
                pad(&format!("  ⚠ {} — {}", e.file, error), area.width as usize),
                theme.bad.patch(style),
            ),
        });
    }
    Paragraph::new(lines).render(area, buf);
}

/// The selected entry in full: its whole title and id, or the whole error.
fn detail(entry: Option<&BrowserEntry>, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines: Vec<Line> = match entry.map(|e| (e, &e.row)) {
        Some((_, Ok(r))) => {
            let mut lines = vec![
                Line::styled(one_line(&r.title), theme.title),
                Line::styled(
                    format!(
                        "{} · id {} · {}",
                        one_line(&r.service),
                        one_line(&r.id),
                        r.mode
                    ),
                    theme.muted,
                ),
            ];
            lines.extend(partial_note(r).map(|note| Line::styled(note, theme.muted)));
            lines.extend(weighted_note(r).map(|note| Line::styled(note, theme.muted)));
            lines
        }
        Some((e, Err(error))) => vec![
            Line::styled(
                format!(
                    "{} cannot be read:",
                    one_line(&e.path.display().to_string())
                ),
                theme.bad,
            ),
            Line::styled(one_line(&error.to_string()), theme.bad),
        ],
        None => Vec::new(),
    };
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.border),
        )
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The status line: the filter while it is typed or kept, else the message or the count.
fn status_line(b: &Browser, shown: usize, theme: &Theme) -> Line<'static> {
    let filtering = matches!(b.mode, Mode::Filter);
    if filtering || !b.filter.text().is_empty() {
        let cursor = if filtering { "▏" } else { "" };
        return Line::from(vec![
            Span::styled(" filter: ", theme.key),
            Span::raw(b.filter.line_with_cursor(cursor)),
            Span::styled(
                format!(
                    "   {shown} shown · {} clears",
                    keymap::key_for(Context::Filter, Action::Cancel)
                ),
                theme.muted,
            ),
        ]);
    }
    let text = b.message.clone().unwrap_or_else(|| {
        // A file that does not read is no session: counted apart, as the list shows it.
        let read = b.entries.iter().filter(|e| e.row.is_ok()).count();
        let unread = b.entries.len() - read;
        let mut text = format!(" {read} session{}", if read == 1 { "" } else { "s" });
        if unread > 0 {
            let files = if unread == 1 { "file" } else { "files" };
            text.push_str(&format!(", {unread} {files} that cannot be read"));
        }
        text
    });
    Line::styled(format!(" {}", one_line(text.trim_start())), theme.muted)
}

/// "Move … to the trash?" for the session at `path`.
fn confirm_delete(b: &Browser, path: &Path, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // People know a session by its title; a file that cannot be read has only its name.
    let entry = b.entries.iter().find(|e| e.path == path);
    let name = match entry.map(|e| &e.row) {
        Some(Ok(row)) if !row.title.trim().is_empty() => format!("“{}”", row.title),
        _ => path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
    };
    confirm(
        &format!("Move {} to the trash?", fit(&name, 50)),
        &format!(
            "{} moves it · any other key keeps it",
            keymap::key_for(Context::Confirm, Action::Yes)
        ),
        area,
        buf,
        theme,
    );
}

/// The new-session wizard's first page: what to start from, `selected` highlighted.
fn pick(b: &Browser, selected: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // As wide as the longest choice needs, from 76 columns up to the screen's width.
    let widest = b
        .choices()
        .iter()
        .map(|c| crate::text::width(&c.about))
        .max()
        .unwrap_or(0);
    let width = (widest as u16 + 20).clamp(76, area.width.saturating_sub(4).max(76));
    let about_width = usize::from(width).saturating_sub(20);
    let mut lines = vec![Line::styled("Start from:", theme.muted)];
    for (i, choice) in b.choices().iter().enumerate() {
        let (name, about) = (choice.label.as_str(), choice.about.as_str());
        let style = if i == selected {
            theme.selected
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {name:<15}"), style.patch(theme.key)),
            Span::styled(format!(" {}", fit(about, about_width)), style),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "{}{} choose · {} next · {} cancel",
            keymap::key_for(Context::Pick, Action::Up),
            keymap::key_for(Context::Pick, Action::Down),
            keymap::key_for(Context::Pick, Action::Choose),
            keymap::key_for(Context::Pick, Action::Cancel),
        ),
        theme.muted,
    ));
    let rect = centered(area, width, lines.len() as u16 + 2);
    clear_for(rect, buf);
    Paragraph::new(lines)
        .block(popup_block("New session", theme))
        .render(rect, buf);
}

/// A session's title with what a reviewer must not miss: partial, overdue actions.
fn title_cell(r: &SessionRow) -> String {
    let mut cell = format!("  {}", r.title);
    if r.overdue > 0 {
        cell.push_str(&format!(" ⚠{} overdue", r.overdue));
    }
    if r.partial {
        cell.push_str(" (partial)");
    }
    cell
}

/// "Service · N sessions · value 48→60 ↑ · alignment 61→78 ↑", oldest to newest.
fn group_header(b: &Browser, key: Option<&str>) -> String {
    let Some(key) = key else {
        return "Unreadable files (covalue check FILE shows where)".to_string();
    };
    let rows: Vec<&SessionRow> = b
        .entries
        .iter()
        .filter_map(|e| e.row.as_ref().ok())
        .filter(|r| group_key(&r.service) == key)
        .collect();
    let name = rows
        .first()
        .map(|r| r.service.trim())
        .filter(|s| !s.is_empty())
        .unwrap_or("No service named");
    let count = rows.len();
    let mut text = format!(
        "{} · {count} session{}",
        one_line(name),
        if count == 1 { "" } else { "s" }
    );
    // Entries are newest first; a trend reads oldest to newest. A partial session is left
    // out: its numbers rest on too little (or on ratings still hidden) to move a trend; a
    // worked example too, as the portfolio leaves it out: a demo is no review.
    let settled = || rows.iter().rev().filter(|r| !r.partial && !r.example);
    for (label, values) in [
        (
            "value",
            settled()
                .filter_map(|r| r.value_index)
                .collect::<Vec<f64>>(),
        ),
        (
            "alignment",
            settled().filter_map(|r| r.alignment).collect::<Vec<f64>>(),
        ),
    ] {
        if let Some(trend) = trend_text(&values) {
            text.push_str(&format!(" · {label} {trend}"));
        }
    }
    let partial = rows.iter().filter(|r| r.partial).count();
    if partial > 0 {
        text.push_str(&format!(" · {partial} partial"));
    }
    match rows.iter().filter(|r| r.example).count() {
        0 => {}
        1 => text.push_str(" · 1 example"),
        n => text.push_str(&format!(" · {n} examples")),
    }
    text
}

/// The value column: the score, marked as partial when the session is (see `partial_note`)
/// and `w` when weighted (see `weighted_note`).
fn value_cell(r: &SessionRow) -> String {
    let weighted = if r.equal_index.is_some() && r.value_index.is_some() {
        "w"
    } else {
        ""
    };
    if r.partial {
        format!(
            "{} {}{weighted}",
            status_mark(Status::Partial),
            score_text(r.value_index)
        )
    } else {
        format!("{}{weighted}", score_text(r.value_index))
    }
}

/// What a `w` beside a value means, with the equal-weight index that stands beside it.
fn weighted_note(r: &SessionRow) -> Option<String> {
    r.equal_index
        .filter(|_| r.value_index.is_some())
        .map(|equal| {
            format!(
                "Value {}w is weighted by the room's agreed weights; with equal weights {}.",
                score_text(r.value_index),
                score_text(Some(equal))
            )
        })
}

/// Why a session's numbers are marked partial, for the detail lines.
fn partial_note(r: &SessionRow) -> Option<String> {
    match (r.partial, r.hidden) {
        (false, _) => None,
        (true, 0) => Some(format!(
            "{} Partial: little rated yet, so not in the trend.",
            status_mark(Status::Partial)
        )),
        (true, n) => Some(format!(
            "{} Partial: {n} rating{} not revealed yet, left out of its numbers and the trend.",
            status_mark(Status::Partial),
            if n == 1 { "" } else { "s" }
        )),
    }
}
