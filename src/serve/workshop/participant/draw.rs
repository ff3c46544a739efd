//! Drawing a participant's screen.

use super::*;

/// The most note lines shown under the selected item.
const NOTE_ROWS: usize = 3;

impl Seat {
    /// Draws the whole screen: header with the clock, the items or the summary, the status
    /// line and the keys.
    pub(super) fn draw_screen(&mut self, frame: &mut Frame, room: &Room) {
        self.refresh();
        self.keep_place();
        let timer = self.master.timer();
        // The selected item's note: one lookup, not one per row.
        let note = self.view.step.dimension().and_then(|d| {
            let row = self.view.rows().get(self.selected)?;
            self.master
                .with(|session, _, _| session.note(d.step(), &row.text).map(str::to_string))
        });
        // A note's lines (one per person who added one), at most three shown under the item.
        let note_lines: Vec<String> = note
            .as_deref()
            .map(|n| {
                n.lines()
                    .map(one_line)
                    .filter(|l| !l.trim().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let note_rows = note_lines.len().min(NOTE_ROWS);
        let view = &self.view;
        let area = frame.area();
        // On a rated step, rows under the list say what the rating means and show the selected
        // item's whole text, which the list cuts, and its note.
        let rated = view.rows().get(self.selected).is_some();
        let [head, body, detail, status, foot] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(3),
            Constraint::Length(if rated { 3 + note_rows as u16 } else { 0 }),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let width = usize::from(area.width.saturating_sub(2));
        let who = match &view.who {
            Some((side, _)) => format!("{} · {}", self.person.name, side.name()),
            None => format!("{} · {}", self.person.name, self.person.about),
        };
        let progress = if let (Some(_), Some(_)) = (view.window, &view.who) {
            // In a pre-work window, how far this person is with all of it.
            let (done, all) = view.progress;
            format!(" · you rated {done}/{all}")
        } else if view.step.dimension().is_some() {
            let s = if view.count == 1 { "" } else { "s" };
            format!(" · {} rating{s} in", view.count)
        } else {
            String::new()
        };
        // What changes most comes first, so a narrow screen cuts the session's title.
        let title = format!(
            "step {}{progress} · {} · {}",
            view.step.title(),
            one_line(&who),
            one_line(room.title()),
        );
        // The clock sits on the box's top edge, right-aligned, so a long title never hides it.
        let clock = match (view.window, timer) {
            (Some((w, false)), _) => format!(" open until {} ", shown(w.until)),
            (Some((w, true)), _) => format!(" closed at {} ", shown(w.until)),
            (None, Some(t)) if t.running && t.left < 0 => format!(" ⏱ {} over ", clock(t.left)),
            (None, Some(t)) if t.running => format!(" ⏱ {} left ", clock(t.left)),
            (None, Some(t)) => format!(" timer paused, {} left ", clock(t.left)),
            (None, None) => String::new(),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&title, width),
                Style::default().add_modifier(Modifier::BOLD),
            ))
            .block(Block::bordered().title_top(Line::raw(clock).right_aligned())),
            head,
        );
        let inner = usize::from(body.width.saturating_sub(2));
        let mut text: Vec<Line> = Vec::new();
        match &view.rows {
            _ if view.summary.is_some() => {
                let lines = view.summary.as_deref().unwrap_or_default();
                // The selection is the first line shown: ↑/↓ scroll the summary.
                let height = usize::from(body.height.saturating_sub(2));
                let top = self.selected.min(lines.len().saturating_sub(height));
                self.selected = top;
                text.extend(
                    lines
                        .iter()
                        .skip(top)
                        .take(height)
                        .map(|l| Line::raw(fit(&one_line(l), inner))),
                );
            }
            _ if view.list.is_some() => {
                let lines = view.list.as_deref().unwrap_or_default();
                if lines.is_empty() {
                    text.push(Line::raw(fit(
                        &format!(
                            "The facilitator is on {}; nothing is on it yet.",
                            view.step.title()
                        ),
                        inner,
                    )));
                }
                let height = usize::from(body.height.saturating_sub(2));
                let top = self.selected.min(lines.len().saturating_sub(height));
                self.selected = top;
                text.extend(
                    lines
                        .iter()
                        .skip(top)
                        .take(height)
                        // Wrapped, not cut: an owner or an OVERDUE mark is at the end.
                        .map(|l| Line::raw(format!("• {l}"))),
                );
            }
            Some(rows) if !rows.is_empty() => {
                let columns = (inner / 2).max(30);
                let text_width = inner.saturating_sub(columns + 2);
                // What is left of the line after the mark, the text and "yours".
                let others_width = inner.saturating_sub(2 + text_width + 2 + 12);
                text.push(Line::raw(fit(
                    &format!(
                        "  {:<text_width$}  {:<12}{}",
                        "Item",
                        "yours",
                        "others",
                        text_width = text_width
                    ),
                    inner,
                )));
                let height = usize::from(body.height.saturating_sub(3));
                let top = self.selected.saturating_sub(height.saturating_sub(1));
                for (i, row) in rows.iter().enumerate().skip(top).take(height) {
                    let own = row
                        .own
                        .map_or("–".to_string(), |r| format!("{r} {}", r.label()));
                    let line = format!(
                        "{} {}  {:<12}{}",
                        if i == self.selected { "›" } else { " " },
                        crate::text::pad(&fit(&one_line(&row.text), text_width), text_width),
                        own,
                        others_fit(&row.others, others_width)
                    );
                    let style = if i == self.selected {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    };
                    text.push(Line::styled(fit(&line, inner), style));
                }
            }
            Some(_) if view.items => text.push(Line::raw(fit(
                &format!(
                    "No items on this step yet: {} adds one.",
                    keymap::key_for(Context::Workshop, Action::Add)
                ),
                inner,
            ))),
            Some(_) => text.push(Line::raw("No items on this step yet.")),
            None => {
                text.push(Line::raw(fit(
                    &format!(
                        "The facilitator is on {}. Rating opens on the rated steps.",
                        view.step.title()
                    ),
                    inner,
                )));
            }
        }
        frame.render_widget(
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(Block::bordered()),
            body,
        );
        if let (true, Some(row)) = (rated, view.rows().get(self.selected)) {
            let (low, high) = (
                crate::domain::Rating::all().next(),
                crate::domain::Rating::all().last(),
            );
            let scale = match (low, high) {
                (Some(low), Some(high)) => {
                    format!("{low} {} … {high} {}", low.label(), high.label())
                }
                _ => String::new(),
            };
            let meaning = crate::tui::workshop::steps::rating_meaning(view.step);
            let question = crate::tui::workshop::steps::question_in(view.step, view.mode);
            let lines = vec![
                Line::styled(
                    fit(&format!("Rate {meaning}: {scale} · {question}"), width + 2),
                    Style::default().add_modifier(Modifier::DIM),
                ),
                // Two rows of the whole text; longer text ends in "…".
                Line::raw(fit(&one_line(&row.text), (width + 2) * 2 - 8)),
            ];
            let mut lines = lines;
            if note_lines.is_empty() {
                lines.push(Line::raw(""));
            }
            for (i, line) in note_lines.iter().take(NOTE_ROWS).enumerate() {
                let more = note_lines.len() - NOTE_ROWS.min(note_lines.len());
                let line = if i + 1 == NOTE_ROWS && more > 0 {
                    format!("{} (+{more} more)", fit(line, width.saturating_sub(14)))
                } else {
                    line.clone()
                };
                lines.push(Line::styled(
                    fit(&format!("Note · {line}"), width + 2),
                    Style::default().add_modifier(Modifier::ITALIC),
                ));
            }
            frame.render_widget(
                Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
                detail,
            );
        }
        let keys = format!(
            "({}{} adds it, {} drops it)",
            if self.cut {
                format!("the paste was cut to {TYPED_MAX} characters; ")
            } else {
                String::new()
            },
            keymap::key_for(Context::Form, Action::Submit),
            keymap::key_for(Context::Form, Action::Cancel)
        );
        let message = match (&self.typing, &self.message) {
            (Some((Typing::Note { text, .. }, line)), _) => {
                format!("Note on \"{}\": {line}▏ {keys}", fit(&one_line(text), 24))
            }
            (Some((Typing::Item { dimension }, line)), _) => {
                format!("New item for {}: {line}▏ {keys}", dimension.step().title())
            }
            (None, Some(message)) => message.clone(),
            (None, None) if view.window.is_some() => prework_status(view),
            (None, None) if view.locked => "The facilitator has locked this step.".into(),
            (None, None) if view.hiding => {
                "Others' ratings stay hidden until the facilitator reveals.".into()
            }
            (None, None) if view.rows.is_some() => {
                "Everyone's ratings on this step are open to all.".into()
            }
            (None, None) => String::new(),
        };
        // The end of what is being typed stays in sight.
        let message = if self.typing.is_some() && crate::text::width(&message) > width {
            let skip = message.chars().count().saturating_sub(width);
            format!("…{}", message.chars().skip(skip + 1).collect::<String>())
        } else {
            fit(&message, width)
        };
        frame.render_widget(Paragraph::new(message), status);
        let hints = self.hints();
        frame.render_widget(Paragraph::new(fit(&hints, width)), foot);
        if self.help {
            let popup = centered(area, 64, 10);
            frame.render_widget(Clear, popup);
            let (whose, until) = if view.window.is_some() {
                (
                    "You rate at your own pace until the window closes.",
                    "\"rated\" until they are revealed.",
                )
            } else {
                (
                    "You rate the items of the facilitator's step.",
                    "\"rated\" until the facilitator reveals them.",
                )
            };
            let lines: Vec<Line> = [
                whose.to_string(),
                "Your own rating shows as a number; others' show as".to_string(),
                until.to_string(),
                hints,
                "Any key closes this.".to_string(),
            ]
            .into_iter()
            .map(Line::raw)
            .collect();
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(ratatui::widgets::Wrap { trim: true })
                    .block(Block::bordered().title(" Help ")),
                popup,
            );
        }
    }
}

/// The status line of a pre-work window when nothing else is said: how to move on, or that it
/// has closed and whether the ratings are revealed.
fn prework_status(view: &View) -> String {
    let Some((window, closed)) = view.window else {
        return String::new();
    };
    let key = |action| keymap::key_for(Context::Workshop, action);
    match (closed, window.reveal) {
        (false, true) => format!(
            "At your own pace: {} / {} change step; all is revealed at the close.",
            key(Action::NextStep),
            key(Action::PrevStep)
        ),
        (false, false) => format!(
            "At your own pace: {} / {} change step; others' ratings stay hidden.",
            key(Action::NextStep),
            key(Action::PrevStep)
        ),
        (true, true) => format!(
            "The pre-work window closed at {}; the ratings are revealed.",
            shown(window.until)
        ),
        (true, false) => format!(
            "The pre-work window closed at {}; no more ratings are taken.",
            shown(window.until)
        ),
    }
}
