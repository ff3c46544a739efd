//! One field of a form: what it holds (text, a choice, a number), how a key edits it and how it
//! is drawn. The form around it (`form`) holds the focus, the validation message and change
//! detection; text is typed into the one text input (`text_input`).

use super::text_input::TextInput;
use crate::text::{fit, width};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// What a field holds and how it is edited.
#[derive(Clone, Debug)]
pub enum Input {
    /// Free text, with as many rows on screen as the input says.
    Text(TextInput),
    /// One of a set of options.
    Choice { options: Vec<String>, index: usize },
    /// A whole number in a range (likelihood, impact, minutes); with `zero`, 0 stands for that
    /// word ("not said", "default") and the range shown starts at 1.
    Number {
        value: u32,
        min: u32,
        max: u32,
        zero: Option<&'static str>,
    },
}

#[derive(Clone, Debug)]
pub struct Field<K> {
    /// Which field this is, in the words of the screen that built the form.
    pub id: K,
    pub label: &'static str,
    pub input: Input,
}

impl<K> Field<K> {
    pub fn text(id: K, label: &'static str, value: &str, lines: u16) -> Field<K> {
        Field {
            id,
            label,
            input: Input::Text(TextInput::new(value, lines)),
        }
    }

    pub fn choice(id: K, label: &'static str, options: &[&str], index: usize) -> Field<K> {
        Field {
            id,
            label,
            input: Input::Choice {
                options: options.iter().map(|o| o.to_string()).collect(),
                index: index.min(options.len().saturating_sub(1)),
            },
        }
    }

    pub fn number(id: K, label: &'static str, value: u32, min: u32, max: u32) -> Field<K> {
        Field {
            id,
            label,
            input: Input::Number {
                value: value.clamp(min, max),
                min,
                max,
                zero: None,
            },
        }
    }

    /// A number from 1 to `max` that may also be left out: 0, shown as `zero`.
    pub fn optional_number(
        id: K,
        label: &'static str,
        value: u32,
        max: u32,
        zero: &'static str,
    ) -> Field<K> {
        Field {
            id,
            label,
            input: Input::Number {
                value: value.min(max),
                min: 0,
                max,
                zero: Some(zero),
            },
        }
    }

    /// The field's value as text (the joined lines of a text field, the option of a choice).
    pub fn value(&self) -> String {
        match &self.input {
            Input::Text(text) => text.text(),
            Input::Choice { options, index } => options.get(*index).cloned().unwrap_or_default(),
            Input::Number { value, .. } => value.to_string(),
        }
    }

    /// The rows the field takes on screen.
    pub fn height(&self) -> u16 {
        match &self.input {
            Input::Text(text) => text.rows(),
            _ => 1,
        }
    }
}

impl Input {
    /// Edits the input with `key`. `typing_number` says whether a digit has been typed into
    /// this number since it got focus: the first digit replaces the value, later ones append.
    pub fn edit(&mut self, key: KeyEvent, typing_number: &mut bool) {
        match self {
            Input::Text(text) => text.key(key),
            // Choices stop at either end instead of wrapping, so a held key cannot land on the
            // first option again unseen.
            Input::Choice { options, index } => match key.code {
                KeyCode::Left | KeyCode::Char('h') => *index = index.saturating_sub(1),
                KeyCode::Right | KeyCode::Char(' ') | KeyCode::Char('l') => {
                    *index = (*index + 1).min(options.len().saturating_sub(1))
                }
                KeyCode::Home => *index = 0,
                KeyCode::End => *index = options.len().saturating_sub(1),
                KeyCode::Char(c) => {
                    let wanted = c.to_ascii_lowercase();
                    if let Some(i) = options.iter().position(|o| o.starts_with(wanted)) {
                        *index = i;
                    }
                }
                _ => {}
            },
            Input::Number {
                value, min, max, ..
            } => edit_number(value, (*min, *max), key, typing_number),
        }
    }
}

/// A key on a number between `min` and `max`: arrows and +/- step, digits type it.
fn edit_number(value: &mut u32, (min, max): (u32, u32), key: KeyEvent, typing: &mut bool) {
    match key.code {
        KeyCode::Left | KeyCode::Down | KeyCode::Char('-') => {
            *value = value.saturating_sub(1).max(min)
        }
        KeyCode::Right | KeyCode::Up | KeyCode::Char('+') | KeyCode::Char(' ') => {
            *value = (*value + 1).min(max)
        }
        KeyCode::Backspace => *value = (*value / 10).max(min),
        KeyCode::Char(c) if c.is_ascii_digit() => {
            let digit = c.to_digit(10).unwrap_or(0);
            // Typing builds the number; a digit that would pass the maximum starts over.
            let typed = if *typing { *value * 10 + digit } else { digit };
            *value = if typed <= max {
                typed.max(min)
            } else {
                digit.clamp(min, max)
            };
            *typing = true;
        }
        _ => {}
    }
}

/// How a field is drawn: whether it has the focus, and what has been typed to find an option
/// of a long choice (with whether any option holds it).
pub struct Look<'a> {
    pub focused: bool,
    pub finding: Option<(&'a str, bool)>,
}

impl Input {
    /// Draws the input's value into `area`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme, look: Look) {
        match self {
            Input::Text(text) => text.render(area, buf, theme, look.focused),
            Input::Choice { options, index } => {
                render_choice(options, *index, area, buf, theme, look)
            }
            Input::Number {
                value,
                min,
                max,
                zero,
            } => render_number(*value, (*min, *max), *zero, area, buf, theme, look.focused),
        }
    }
}

/// A number with its range; 0 has its own word where the field has one.
fn render_number(
    value: u32,
    (min, max): (u32, u32),
    zero: Option<&str>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    focused: bool,
) {
    let style = if focused { theme.selected } else { theme.base };
    // The range shown is the one the label means; 0 has its own word.
    let (shown, range) = match zero {
        Some(word) if value == 0 => (word.to_string(), format!("1–{max}, 0 = {word}")),
        Some(word) => (value.to_string(), format!("1–{max}, 0 = {word}")),
        None => (value.to_string(), format!("{min}–{max}")),
    };
    let line = Line::from(vec![
        Span::styled(format!(" ‹ {shown} › "), style),
        Span::styled(format!("  {range}"), theme.muted),
    ]);
    Paragraph::new(line).render(area, buf);
}

/// A choice: every option side by side, the chosen one marked; or, when they do not fit, the
/// chosen one and where it is among them.
fn render_choice(
    options: &[String],
    index: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    look: Look,
) {
    let chosen_style = if look.focused {
        theme.selected
    } else {
        theme.title
    };
    let all: usize = options.iter().map(|o| width(o) + 4).sum();
    if all > area.width as usize {
        let place = format!("‹ {} of {} › ", index + 1, options.len());
        // What is typed to find an option shows after it.
        let find = match look.finding.filter(|_| look.focused) {
            Some((typed, true)) => format!("  find: {typed}"),
            Some((typed, false)) => format!("  find: {typed} (none has it)"),
            None => String::new(),
        };
        let room = (area.width as usize).saturating_sub(width(&place) + 2 + width(&find));
        let chosen = options.get(index).map_or(String::new(), |o| fit(o, room));
        Paragraph::new(Line::from(vec![
            Span::styled(place, theme.muted),
            Span::styled(format!("● {chosen}"), chosen_style),
            Span::styled(find, theme.muted),
        ]))
        .render(area, buf);
        return;
    }
    let spans: Vec<Span> = options
        .iter()
        .enumerate()
        .flat_map(|(n, o)| {
            // A mark, not only a colour, says which is chosen (NO_COLOR).
            let (mark, style) = if n == index {
                ("●", chosen_style)
            } else {
                ("○", theme.base)
            };
            [Span::styled(format!("{mark} {o}"), style), Span::raw("  ")]
        })
        .collect();
    Paragraph::new(Line::from(spans)).render(area, buf);
}
