//! Drawing: state in, frame out. Nothing here changes state or touches a file. Every piece of
//! text that came from a session file passes through `clean` (via `fit`) before it is drawn.

use super::action::side_label;
use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Popup, Screen};
use super::browser::{Browser, NewWizard, SessionRow, group_key};
use super::keymap::{self, Context};
use super::steps::{self, SETUP_DETAIL_ROWS};
use super::theme::Theme;
use super::workshop::{Workshop, clock};
use crate::domain::value::{Status, Summary, Verdict};
use crate::domain::*;
use crate::store::TEMPLATES;
use crate::text::{bar, clean, fit, one_line, pad, score_text, status_mark, width};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, BorderType, Borders, Cell, Clear, Paragraph, Row, Table, Widget, Wrap,
};

pub fn draw(frame: &mut Frame, app: &App) {
    render(app, frame.area(), frame.buffer_mut());
}

/// Renders the whole app into `buf` (tests render into a `TestBackend` the same way).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.base);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf, theme);
        return;
    }
    match &app.screen {
        Screen::Browser(b) => browser(b, area, buf, theme),
        Screen::Workshop(w) => workshop(w, area, buf, theme),
    }
    match app.popup {
        Some(Popup::Help(context)) => help(context, area, buf, theme),
        Some(Popup::Explain) => {
            if let Screen::Workshop(w) = &app.screen {
                super::dashboard::explain(w, area, buf, theme);
            }
        }
        Some(Popup::ConfirmDiscard) => confirm(
            "Throw away the changes in this form?",
            "y discards · any other key goes back",
            area,
            buf,
            theme,
        ),
        None => {}
    }
}

pub fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = Text::from(vec![
        Line::styled(
            format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})"),
            theme.warn,
        ),
        Line::styled(
            format!("now {}×{} · q quits", area.width, area.height),
            theme.muted,
        ),
    ]);
    let y = area.y + area.height.saturating_sub(2) / 2;
    let rect = Rect::new(area.x, y, area.width, area.height.min(2));
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub(super) fn popup_block<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.title)
        .title(Span::styled(format!(" {title} "), theme.title))
        .style(theme.base)
}

fn confirm(question: &str, keys: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = (width(question).max(width(keys)) as u16 + 4).min(area.width);
    let rect = centered(area, width, 4);
    Clear.render(rect, buf);
    let text = Text::from(vec![
        Line::styled(question.to_string(), theme.title),
        Line::styled(keys.to_string(), theme.muted),
    ]);
    Paragraph::new(text)
        .block(popup_block("Confirm", theme))
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}

fn help(context: Context, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // (heading, entries) sections; drawn in one column when they fit, else in two.
    let mut sections: Vec<(&str, Vec<(String, &str)>)> = match context {
        Context::Browser => vec![("Session list", keymap::help(Context::Browser))],
        Context::Summary => vec![("Summary", keymap::help(Context::Summary))],
        Context::Workshop | Context::Form => {
            vec![
                ("Workshop step", keymap::help(Context::Workshop)),
                ("In a form", keymap::help(Context::Form)),
            ]
        }
    };
    let mut notes = vec!["Ratings: 1 very low · 2 low · 3 moderate · 4 high · 5 very high."];
    if context == Context::Summary {
        notes.push("Value index: geometric mean of perceived value, outcomes, costs, risks.");
        notes.push("Importance × performance: usefulness and outcome items by how much they");
        notes.push("matter and how well they do; 'concentrate here' matters most and does worst.");
    }
    if matches!(
        context,
        Context::Workshop | Context::Form | Context::Summary
    ) {
        notes.push("Blind rating (b): while one side rates, the other side's ratings show as •");
        notes.push("and every score leaves them out, so nobody anchors on them; r reveals. It");
        notes.push("cannot stop people at one screen watching the keys; look away to be sure.");
    }
    notes.push("Any key closes this help.");
    let entry_lines: usize = sections.iter().map(|(_, e)| e.len() + 1).sum();
    let inner_height = area.height.saturating_sub(2) as usize;
    let two_columns = entry_lines + notes.len() + 1 > inner_height;
    let mut lines: Vec<Line> = Vec::new();
    let column_width = if two_columns {
        (area.width.saturating_sub(4) / 2) as usize
    } else {
        74
    };
    let key_width = 10;
    let entry = |keys: &str, what: &str| -> Vec<Span<'static>> {
        vec![
            Span::styled(format!("{:<key_width$} ", fit(keys, key_width)), theme.key),
            Span::raw(format!(
                "{:<w$}",
                fit(what, column_width.saturating_sub(key_width + 1)),
                w = column_width.saturating_sub(key_width + 1)
            )),
        ]
    };
    let mut flat: Vec<Vec<Span>> = Vec::new();
    for (heading, entries) in sections.drain(..) {
        flat.push(vec![Span::styled(
            format!("{heading:<column_width$}"),
            theme.title,
        )]);
        for (keys, what) in entries {
            flat.push(entry(&keys, what));
        }
    }
    if two_columns {
        let half = flat.len().div_ceil(2);
        for i in 0..half {
            let mut spans = flat[i].clone();
            spans.push(Span::raw(" "));
            if let Some(right) = flat.get(i + half) {
                spans.extend(right.clone());
            }
            lines.push(Line::from(spans));
        }
    } else {
        lines.extend(flat.into_iter().map(Line::from));
    }
    lines.push(Line::raw(""));
    for note in notes {
        lines.push(Line::styled(
            fit(note, area.width.saturating_sub(4) as usize),
            theme.muted,
        ));
    }
    let width = if two_columns {
        area.width
    } else {
        78.min(area.width)
    };
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .block(popup_block("Help", theme))
        .render(rect, buf);
}

/// The footer: a status message (or the default) above the key hints.
fn footer(message: Line, context: Context, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [status, keys] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let room = status.width as usize;
    let text: String = message.spans.iter().map(|s| s.content.as_ref()).collect();
    let style = message.spans.first().map(|s| s.style).unwrap_or_default();
    Paragraph::new(Line::styled(fit(&text, room), style)).render(status, buf);
    let mut spans = Vec::new();
    for (key, word) in keymap::hints(context) {
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {word}  "), theme.muted));
    }
    Paragraph::new(Line::from(spans)).render(keys, buf);
}

// ---------------------------------------------------------------- the browser

fn browser(b: &Browser, area: Rect, buf: &mut Buffer, theme: &Theme) {
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
        let lines = vec![
            Line::raw(""),
            Line::styled("  No sessions yet.", theme.title),
            Line::raw(""),
            Line::from(vec![
                Span::raw("  Press "),
                Span::styled("n", theme.key),
                Span::raw(" to start one: blank, or from a built-in example workshop:"),
            ]),
            Line::raw(""),
        ];
        let mut lines = lines;
        for t in TEMPLATES {
            let room = (body.width as usize).saturating_sub(21);
            lines.push(Line::from(vec![
                Span::styled(format!("    {:<16}", t.name), theme.key),
                Span::styled(fit(t.about, room), theme.muted),
            ]));
        }
        Paragraph::new(lines).render(body, buf);
    } else {
        let [table_area, detail_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(4)]).areas(body);
        let widths = [
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(16),
            Constraint::Length(5),
            Constraint::Length(5),
        ];
        let columns = Layout::horizontal(widths).spacing(1).split(table_area);
        let width_of = |i: usize| columns[i].width as usize;
        let cells = |values: [String; 6]| -> String {
            let padded: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, v)| pad(v, width_of(i)))
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
        let height = table_area.height.saturating_sub(1) as usize;
        let selected_row = display
            .iter()
            .position(|d| *d == Some(b.selected))
            .unwrap_or(0);
        let start = window_start(selected_row, height, display.len());
        let mut header_index = display[..start].iter().filter(|d| d.is_none()).count();
        for row in display.iter().skip(start).take(height) {
            match row {
                None => {
                    lines.push(Line::styled(
                        fit(&headers[header_index], table_area.width as usize),
                        theme.title,
                    ));
                    header_index += 1;
                }
                Some(i) => {
                    let e = visible[*i];
                    let style = if *i == b.selected {
                        theme.selected
                    } else {
                        Style::default()
                    };
                    let line = match &e.row {
                        Ok(r) => Line::styled(
                            cells([
                                format!("  {}", r.title),
                                r.id.clone(),
                                r.mode.to_string(),
                                r.updated.clone(),
                                score_text(r.value_index),
                                score_text(r.alignment),
                            ]),
                            style,
                        ),
                        Err(_) => Line::styled(
                            pad(
                                &format!(
                                    "  ⚠ {} — {}",
                                    e.file,
                                    e.row.as_ref().err().map_or("", |m| m.as_str())
                                ),
                                table_area.width as usize,
                            ),
                            theme.bad.patch(style),
                        ),
                    };
                    lines.push(line);
                }
            }
        }
        Paragraph::new(lines).render(table_area, buf);
        // The selected entry in full: its whole title and id, or the whole error.
        let detail: Vec<Line> = match visible.get(b.selected).map(|e| (e, &e.row)) {
            Some((_, Ok(r))) => vec![
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
            ],
            Some((e, Err(error))) => vec![
                Line::styled(
                    format!(
                        "{} cannot be read:",
                        one_line(&e.path.display().to_string())
                    ),
                    theme.bad,
                ),
                Line::styled(one_line(error), theme.bad),
            ],
            None => Vec::new(),
        };
        Paragraph::new(detail)
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(theme.border),
            )
            .wrap(Wrap { trim: true })
            .render(detail_area, buf);
    }

    let message = if b.filtering || !b.filter.is_empty() {
        let cursor = if b.filtering { "▏" } else { "" };
        Line::from(vec![
            Span::styled(" filter: ", theme.key),
            Span::raw(format!("{}{cursor}", b.filter)),
            Span::styled(
                format!("   {} shown · Esc clears", visible.len()),
                theme.muted,
            ),
        ])
    } else {
        let text = b.message.clone().unwrap_or_else(|| {
            format!(
                " {} session{}",
                b.entries.len(),
                if b.entries.len() == 1 { "" } else { "s" }
            )
        });
        Line::styled(format!(" {}", one_line(text.trim_start())), theme.muted)
    };
    footer(message, Context::Browser, foot, buf, theme);

    if let Some(path) = &b.confirm_delete {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        confirm(
            &format!("Move {} to the trash?", fit(&name, 50)),
            "y moves it · any other key keeps it",
            area,
            buf,
            theme,
        );
    }
    match &b.wizard {
        Some(NewWizard::Pick(selected)) => {
            let mut lines = vec![Line::styled("Start from:", theme.muted)];
            for (i, choice) in b.choices().iter().enumerate() {
                let (name, about) = (choice.label.as_str(), choice.about.as_str());
                let style = if i == *selected {
                    theme.selected
                } else {
                    Style::default()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {name:<15}"), style.patch(theme.key)),
                    Span::styled(format!(" {}", fit(about, 56)), style),
                ]));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "↑↓ choose · Enter next · Esc cancel",
                theme.muted,
            ));
            let rect = centered(area, 76, lines.len() as u16 + 2);
            Clear.render(rect, buf);
            Paragraph::new(lines)
                .block(popup_block("New session", theme))
                .render(rect, buf);
        }
        Some(NewWizard::Title { form, .. }) => {
            let rect = centered(area, 70, form.height());
            form.render(rect, buf, theme);
        }
        None => {}
    }
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
    // Entries are newest first; a trend reads oldest to newest.
    for (label, values) in [
        (
            "value",
            rows.iter()
                .rev()
                .filter_map(|r| r.value_index)
                .collect::<Vec<f64>>(),
        ),
        (
            "alignment",
            rows.iter()
                .rev()
                .filter_map(|r| r.alignment)
                .collect::<Vec<f64>>(),
        ),
    ] {
        if values.len() >= 2 {
            let recent = &values[values.len().saturating_sub(4)..];
            let steps: Vec<String> = recent.iter().map(|v| format!("{v:.0}")).collect();
            let (first, last) = (recent[0], recent[recent.len() - 1]);
            let arrow = if last - first >= 1.0 {
                "↑"
            } else if first - last >= 1.0 {
                "↓"
            } else {
                "→"
            };
            text.push_str(&format!(" · {label} {} {arrow}", steps.join("→")));
        } else if let Some(v) = values.first() {
            text.push_str(&format!(" · {label} {v:.0}"));
        }
    }
    text
}

/// The first row to show so that `selected` stays in a window of `height` rows.
pub(super) fn window_start(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height - 1).min(len - height)
}

// ---------------------------------------------------------------- the workshop

fn workshop(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [head, stepper_area, question, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    header(w, head, buf, theme);
    stepper(w, stepper_area, buf, theme);
    Paragraph::new(Line::styled(
        format!(" {}", steps::question(w.step)),
        theme.muted.add_modifier(Modifier::ITALIC),
    ))
    .render(question, buf);

    let panel_width = if w.show_summary && w.step != Step::Summary {
        32
    } else {
        0
    };
    let [main, panel] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(panel_width)]).areas(body);
    match w.step {
        Step::Setup => setup(w, main, buf, theme),
        Step::Summary => super::dashboard::render(w, main, buf, theme),
        _ => item_list(w, main, buf, theme),
    }
    if panel_width > 0 {
        let block = Block::default()
            .borders(Borders::LEFT)
            .border_style(theme.border)
            .title(Span::styled(" Live summary ", theme.title));
        let inner = block.inner(panel);
        block.render(panel, buf);
        Paragraph::new(summary_lines(
            &w.summary,
            w.session.mode,
            inner.height as usize,
            4,
            theme,
        ))
        .render(inner, buf);
    }

    let context = if w.form.is_some() {
        Context::Form
    } else if w.step == Step::Summary {
        Context::Summary
    } else {
        Context::Workshop
    };
    let message = match &w.message {
        Some(m) => Line::styled(format!(" {}", one_line(m)), theme.title),
        None => Line::styled(format!(" {}", default_status(w)), theme.muted),
    };
    footer(message, context, foot, buf, theme);

    if let Some(open) = &w.form {
        let rect = centered(body, 76.min(body.width), open.form.height());
        open.form.render(rect, buf, theme);
    }
}

fn default_status(w: &Workshop) -> String {
    match w.step.dimension() {
        Some(_) if w.session.mode == Mode::Workshop && w.session.blind => format!(
            "{} rates ({}) · {} ratings hidden: • rated, · not yet · r reveals",
            side_label(w.turn),
            steps::rating_meaning(w.step),
            w.turn.other().name()
        ),
        Some(_) if w.session.mode == Mode::Workshop => {
            format!(
                "{} rates now ({}) · Tab switches · 1–5 rate, 0 clears",
                side_label(w.turn),
                steps::rating_meaning(w.step)
            )
        }
        Some(_) => format!(
            "{} self-assessment · 1–5 rate ({}), 0 clears",
            side_label(w.turn),
            steps::rating_meaning(w.step)
        ),
        None => format!("{} · {}", w.step.title(), fit(&w.file_label, 50)),
    }
}

fn header(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (save_text, save_style) =
        match (&w.read_only, &w.save_error, w.revision == w.saved_revision) {
            (Some(_), _, _) => ("read-only".to_string(), theme.warn),
            (None, Some(_), _) => (
                "NOT SAVED".to_string(),
                theme.bad.add_modifier(Modifier::BOLD),
            ),
            (None, None, true) => ("saved".to_string(), theme.good),
            (None, None, false) => ("unsaved".to_string(), theme.warn),
        };
    let mut turn = Vec::new();
    if let Some(timer) = w.timer_view(w.step) {
        let icon = if timer.running { "⏱" } else { "⏸" };
        let (text, style) = if timer.left < 0 {
            (
                format!("{icon} {} over", clock(timer.left)),
                theme.bad.add_modifier(Modifier::BOLD),
            )
        } else if timer.left < 60 {
            (
                format!("{icon} {} left", clock(timer.left)),
                theme.warn.add_modifier(Modifier::BOLD),
            )
        } else {
            (format!("{icon} {} left", clock(timer.left)), theme.base)
        };
        turn.push(Span::styled(text, style));
        turn.push(Span::raw("  "));
    }
    if w.step.dimension().is_some() {
        if w.session.blind && w.session.mode == Mode::Workshop {
            turn.push(Span::styled(
                "BLIND",
                theme.warn.add_modifier(Modifier::BOLD),
            ));
            turn.push(Span::raw(" "));
        }
        let style = match w.turn {
            Side::Provider => theme.provider,
            Side::Consumer => theme.consumer,
        };
        turn.push(Span::styled(
            format!(" ▶ {} ", side_label(w.turn)),
            style.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        ));
        turn.push(Span::raw(" "));
    }
    let right_width: usize =
        turn.iter().map(|s| width(&s.content)).sum::<usize>() + width(&save_text) + 2;
    let service = if w.session.service.is_empty() {
        String::new()
    } else {
        format!(" — {}", w.session.service)
    };
    let left_room = (area.width as usize).saturating_sub(right_width + 12);
    let mut spans = vec![
        Span::styled(" covalue ", theme.current_step),
        Span::styled(
            format!(
                " {}",
                fit(&format!("{}{service}", w.session.title), left_room)
            ),
            theme.title,
        ),
    ];
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::raw(
        " ".repeat((area.width as usize).saturating_sub(used + right_width)),
    ));
    spans.extend(turn);
    spans.push(Span::styled(save_text, save_style));
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn stepper(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let full: usize = Step::ALL.iter().map(|s| s.title().len() + 3).sum();
    let short = full > area.width as usize;
    let mut spans = vec![Span::raw(" ")];
    for (i, step) in Step::ALL.into_iter().enumerate() {
        let status = w.summary.completeness[i].status;
        let mark = status_mark(status);
        let name: String = if short && step != w.step {
            step.title().chars().take(4).collect()
        } else {
            step.title().to_string()
        };
        let style = if step == w.step {
            theme.current_step
        } else {
            match status {
                Status::Complete => theme.good,
                Status::Partial => theme.warn,
                Status::Empty => theme.muted,
            }
        };
        spans.push(Span::styled(format!("{mark}{name}"), style));
        spans.push(Span::raw(" "));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn rating_span(rating: Points, style: Style, theme: &Theme) -> Span<'static> {
    if rating.is_none() {
        Span::styled("·", theme.muted)
    } else {
        Span::styled(rating.to_string(), style)
    }
}

fn item_list(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let step = w.step;
    let rated = step.dimension();
    let sides = w.session.mode.sides();
    let count = w.rows();
    let detail_height = if count > 0 { 4 } else { 0 };
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(detail_height)]).areas(area);

    if count == 0 {
        let lines = vec![
            Line::raw(""),
            Line::from(vec![
                Span::raw(format!("  No {} yet. Press ", steps::singular(step))),
                Span::styled("a", theme.key),
                Span::raw(" to add one."),
            ]),
        ];
        Paragraph::new(lines).render(list_area, buf);
        return;
    }

    // Steps without ratings have room for their details (owner, status, kind) even at 80×24.
    let detail_width = if list_area.width >= 70 { 24 } else { 16 };
    let show_details = (list_area.width >= 70 || (rated.is_none() && list_area.width >= 40))
        && !steps::detail_header(step).is_empty();
    let mut widths = vec![Constraint::Length(3), Constraint::Fill(1)];
    let mut header = vec![Cell::from("#"), Cell::from(step.title())];
    if show_details {
        widths.push(Constraint::Length(detail_width));
        header.push(Cell::from(steps::detail_header(step)));
    }
    if rated.is_some() {
        for side in sides {
            widths.push(Constraint::Length(4));
            let (label, style) = match side {
                Side::Provider => ("Prov", theme.provider),
                Side::Consumer => ("Cons", theme.consumer),
            };
            let style = if *side == w.turn {
                style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                style
            };
            header.push(Cell::from(Span::styled(label, style)));
        }
        if sides.len() == 2 {
            widths.push(Constraint::Length(3));
            header.push(Cell::from("Gap"));
        }
    }
    let columns = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(list_area);
    let text_width = columns[1].width as usize;
    let detail_width = if show_details {
        columns[2].width as usize
    } else {
        0
    };
    let height = list_area.height.saturating_sub(1) as usize;
    let selected = w.selection();
    let start = window_start(selected, height, count);
    let ratings: Vec<Ratings> = match rated {
        Some(d) => (start..(start + height).min(count))
            .map(|i| w.session.ratings(d, i).unwrap_or_default())
            .collect(),
        None => Vec::new(),
    };
    let rows: Vec<Row> = (start..(start + height).min(count))
        .map(|i| {
            let (text, details) = steps::cells(&w.session, step, i);
            let mut cells = vec![
                Cell::from(Span::styled(format!("{:>2}", i + 1), theme.muted)),
                Cell::from(fit(text, text_width)),
            ];
            if show_details {
                cells.push(Cell::from(Span::styled(
                    fit(&details, detail_width),
                    theme.muted,
                )));
            }
            if rated.is_some() {
                let r = &ratings[i - start];
                let blind = w.session.blind && sides.len() == 2;
                let any_hidden = sides
                    .iter()
                    .any(|s| r.is_rated(*s) && r.hidden(*s, w.turn, blind));
                for side in sides {
                    let style = match side {
                        Side::Provider => theme.provider,
                        Side::Consumer => theme.consumer,
                    };
                    // A hidden rating shows only that the side has rated: a neutral mark.
                    let span = if r.hidden(*side, w.turn, blind) && r.is_rated(*side) {
                        Span::styled("•", theme.muted.add_modifier(Modifier::BOLD))
                    } else {
                        rating_span(r.side(*side), style, theme)
                    };
                    cells.push(Cell::from(Line::from(span).alignment(Alignment::Center)));
                }
                if sides.len() == 2 {
                    let gap = match r.gap() {
                        Some(_) if any_hidden => Span::styled("?", theme.muted),
                        Some(g) if g >= 2.0 => {
                            Span::styled(Points::new(Some(g)).to_string(), theme.gap)
                        }
                        Some(g) => Span::raw(Points::new(Some(g)).to_string()),
                        None => Span::styled("·", theme.muted),
                    };
                    cells.push(Cell::from(Line::from(gap).alignment(Alignment::Center)));
                }
            }
            let row = Row::new(cells);
            if i == selected {
                row.style(theme.selected)
            } else {
                row
            }
        })
        .collect();
    Table::new(rows, widths)
        .header(Row::new(header).style(theme.muted.add_modifier(Modifier::BOLD)))
        .column_spacing(1)
        .render(list_area, buf);

    // The selected item in full, wrapped, with its details: long text never hides.
    let (text, details) = steps::cells(&w.session, step, selected);
    let mut lines = vec![Line::from(Span::styled(
        clean(text).into_owned(),
        theme.base,
    ))];
    if !details.is_empty() {
        lines.push(Line::styled(one_line(&details), theme.muted));
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border);
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: true })
        .render(detail_area, buf);
}

fn setup(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let selected = w.selection();
    let mut lines = Vec::new();
    for row in 0..SETUP_DETAIL_ROWS {
        let (label, value) = steps::setup_detail(&w.session, row);
        let style = if row == selected {
            theme.selected
        } else {
            Style::default()
        };
        let value = if value.is_empty() {
            "—".to_string()
        } else {
            value
        };
        let room = (area.width as usize).saturating_sub(16);
        lines.push(Line::from(vec![
            Span::styled(format!(" {label:<13} "), theme.muted.patch(style)),
            Span::styled(fit(&value, room), style),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" Participants ({})", w.session.participants.len()),
        theme.title,
    ));
    if w.session.participants.is_empty() {
        lines.push(Line::from(vec![
            Span::raw("   none yet: press "),
            Span::styled("a", theme.key),
            Span::raw(" to add one"),
        ]));
    }
    for (i, p) in w.session.participants.iter().enumerate() {
        let style = if SETUP_DETAIL_ROWS + i == selected {
            theme.selected
        } else {
            Style::default()
        };
        let role_style = match p.role {
            Role::Provider => theme.provider,
            Role::Consumer => theme.consumer,
            Role::Facilitator => theme.muted,
        };
        lines.push(Line::from(vec![
            Span::styled(format!("   {:<30}", fit(&p.name, 30)), style),
            Span::styled(
                format!(" {}", steps::role_label(p.role)),
                role_style.patch(style),
            ),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Enter edits · a adds a person · d removes one",
        theme.muted,
    ));
    let height = area.height as usize;
    let skip = if selected + 8 > height {
        (selected + 8).saturating_sub(height)
    } else {
        0
    };
    Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(area, buf);
}

fn verdict_span(verdict: Option<Verdict>, theme: &Theme) -> Span<'static> {
    match verdict {
        Some(Verdict::Holds) => Span::styled("holds", theme.good),
        Some(Verdict::AtRisk) => Span::styled("at risk", theme.warn),
        Some(Verdict::Fails) => Span::styled("fails", theme.bad),
        None => Span::styled("no ratings", theme.muted),
    }
}

/// The live summary, as many lines as fit in `rows`.
pub fn summary_lines(
    summary: &Summary,
    mode: Mode,
    rows: usize,
    bar_cells: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let index = summary.value_index.value;
    lines.push(Line::from(vec![
        Span::styled("Value index ", theme.muted),
        Span::styled(format!("{:>3}", score_text(index)), theme.title),
        Span::styled(" /100", theme.muted),
    ]));
    lines.push(Line::from(vec![
        Span::styled("Alignment   ", theme.muted),
        Span::styled(format!("{:>3}", score_text(summary.alignment)), theme.title),
        Span::styled(
            format!(" /100 ({} both)", summary.rated_by_both),
            theme.muted,
        ),
    ]));
    let missing: Vec<&str> = summary.value_index.missing().map(|c| c.words()).collect();
    if !missing.is_empty() && index.is_some() {
        lines.push(Line::styled(
            fit(&format!("without {}", missing.join(", ")), 32),
            theme.muted,
        ));
    }
    lines.push(Line::raw(""));
    let sides = mode.sides();
    let mut head = vec![Span::styled(format!("{:<11}", ""), theme.muted)];
    for side in sides {
        let style = if *side == Side::Provider {
            theme.provider
        } else {
            theme.consumer
        };
        head.push(Span::styled(
            format!(
                "{:<w$}",
                if *side == Side::Provider {
                    "provider"
                } else {
                    "consumer"
                },
                w = bar_cells + 6
            ),
            style,
        ));
    }
    lines.push(Line::from(head));
    for d in &summary.dimensions {
        let mut spans = vec![Span::raw(format!("{:<11}", d.dimension.title()))];
        for side in sides {
            let score = d.side(*side);
            let style = if *side == Side::Provider {
                theme.provider
            } else {
                theme.consumer
            };
            spans.push(Span::styled(format!("{:>3} ", score_text(score)), style));
            spans.push(Span::styled(format!("{}  ", bar(score, bar_cells)), style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    for (label, verdict) in summary.vocr.lines() {
        lines.push(Line::from(vec![
            Span::raw(format!("{:<18}", label)),
            verdict_span(verdict, theme),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("Risk exposure ", theme.muted),
        Span::raw(if summary.risk.mitigated + summary.risk.introduced == 0 {
            "no risks yet".to_string()
        } else {
            format!("−{} / +{}", summary.risk.mitigated, summary.risk.introduced)
        }),
    ]));
    lines.push(Line::raw(""));
    if summary.discuss.is_empty() {
        lines.push(Line::styled("Discuss next: no gaps ≥ 2", theme.muted));
    } else {
        lines.push(Line::styled(
            format!("Discuss next ({})", summary.discuss.len()),
            theme.title,
        ));
        let room = rows.saturating_sub(lines.len());
        for d in summary.discuss.iter().take(room) {
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", d.gap), theme.gap),
                Span::raw(fit(&d.text, 27)),
            ]));
        }
    }
    lines.truncate(rows);
    lines
}
