//! A generic form: labelled fields (text, choice, number, yes/no) with focus, validation errors
//! and change detection. It knows nothing of workshops; it returns what happened
//! (`FormOutcome`) and the caller reads the values back.

pub use super::field::{Field, Input};

use super::field::Look;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context, Key};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};

/// What a key did to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still editing.
    Editing,
    /// Enter: the caller validates and applies the values.
    Submitted,
    /// Esc with nothing changed.
    Cancelled,
    /// Esc after a change: the caller asks before throwing it away.
    DiscardRequested,
}

#[derive(Clone, Debug)]
pub struct Form<K> {
    pub title: String,
    pub fields: Vec<Field<K>>,
    pub focus: usize,
    /// A validation message shown under the fields.
    pub error: Option<String>,
    original: Vec<String>,
    /// Whether a digit has been typed into the focused number since it got focus: the first
    /// digit replaces the value, later ones append.
    typing_number: bool,
    /// What has been typed into the focused long choice to find an option by part of it.
    find: String,
}

/// A choice with more options than this is a picker: typing finds an option by any part of
/// it, instead of jumping by first letter.
const LONG_CHOICE: usize = 6;

impl<K: Copy + PartialEq> Form<K> {
    pub fn new(title: impl Into<String>, fields: Vec<Field<K>>) -> Form<K> {
        let original = fields.iter().map(Field::value).collect();
        Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            original,
            typing_number: false,
            find: String::new(),
        }
    }

    fn field(&self, id: K) -> Option<&Field<K>> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The text of field `id` (empty when the form has no such field).
    pub fn value(&self, id: K) -> String {
        self.field(id).map(Field::value).unwrap_or_default()
    }

    /// The option chosen in field `id` (0 when the form has no such choice).
    pub fn choice(&self, id: K) -> usize {
        match self.field(id).map(|f| &f.input) {
            Some(Input::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    /// The number in field `id`, when the form has that number field.
    pub fn number(&self, id: K) -> Option<u32> {
        match self.field(id).map(|f| &f.input) {
            Some(Input::Number { value, .. }) => Some(*value),
            _ => None,
        }
    }

    /// Whether `key` does something in this form (the footer hints only those).
    pub fn uses(&self, key: &Key) -> bool {
        match key.code {
            KeyCode::Tab | KeyCode::BackTab => self.fields.len() > 1,
            // In a text field these move the cursor and type a space; they choose only in a
            // choice or a number.
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') => self
                .fields
                .get(self.focus)
                .is_some_and(|f| !matches!(f.input, Input::Text(_))),
            _ => true,
        }
    }

    pub fn is_changed(&self) -> bool {
        self.fields
            .iter()
            .map(Field::value)
            .ne(self.original.iter().cloned())
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        let count = self.fields.len().max(1);
        // The form's own keys come from the keymap; the rest edit the focused field.
        match keymap::action_for(Context::Form, &key) {
            Some(Action::Cancel) => {
                return if self.is_changed() {
                    FormOutcome::DiscardRequested
                } else {
                    FormOutcome::Cancelled
                };
            }
            Some(Action::Submit) => return FormOutcome::Submitted,
            Some(Action::NextField) => {
                self.focus = (self.focus + 1) % count;
                self.typing_number = false;
                self.find.clear();
                return FormOutcome::Editing;
            }
            Some(Action::PrevField) => {
                self.focus = (self.focus + count - 1) % count;
                self.typing_number = false;
                self.find.clear();
                return FormOutcome::Editing;
            }
            _ => {}
        }
        if self.find_key(key) {
            return FormOutcome::Editing;
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormOutcome::Editing;
        };
        self.error = None;
        field.input.edit(key, &mut self.typing_number);
        FormOutcome::Editing
    }

    /// In a long choice, a typed character (or Backspace) edits what to find and selects the
    /// first option holding it, in any case; arrows clear it. True when the key was taken.
    fn find_key(&mut self, key: KeyEvent) -> bool {
        let Some(Field {
            input: Input::Choice { options, index },
            ..
        }) = self.fields.get_mut(self.focus)
        else {
            return false;
        };
        if options.len() <= LONG_CHOICE {
            return false;
        }
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            // A space before any letter still moves on, as in every choice.
            KeyCode::Char(' ') if self.find.is_empty() => return false,
            KeyCode::Char(c) if plain => self.find.push(c),
            KeyCode::Backspace if !self.find.is_empty() => {
                self.find.pop();
            }
            _ => {
                self.find.clear();
                return false;
            }
        }
        let wanted = self.find.to_lowercase();
        if let Some(i) = options
            .iter()
            .position(|o| o.to_lowercase().contains(&wanted))
        {
            *index = i;
        }
        true
    }

    /// What has been typed to find an option, and whether any option holds it.
    fn finding(&self) -> Option<(&str, bool)> {
        let Some(Input::Choice { options, .. }) = self.fields.get(self.focus).map(|f| &f.input)
        else {
            return None;
        };
        let wanted = self.find.to_lowercase();
        (!self.find.is_empty()).then(|| {
            let found = options.iter().any(|o| o.to_lowercase().contains(&wanted));
            (self.find.as_str(), found)
        })
    }

    /// Pasted text goes into the focused text field, as text, never as keys.
    pub fn paste(&mut self, text: &str) {
        if let Some(Field {
            input: Input::Text(input),
            ..
        }) = self.fields.get_mut(self.focus)
        {
            input.paste(text);
        }
    }

    /// The line under the fields: the keys of this form, Alt-Enter only where it makes a new line.
    fn guide(&self) -> String {
        let multi_line = matches!(
            self.fields.get(self.focus).map(|f| &f.input),
            Some(Input::Text(input)) if input.rows() > 1
        );
        let mut words = vec!["Enter saves"];
        if self.fields.len() > 1 {
            words.push("Tab next field");
        }
        words.push("Esc cancels");
        if multi_line {
            words.push("Alt-Enter new line");
        }
        let picker = matches!(
            self.fields.get(self.focus).map(|f| &f.input),
            Some(Input::Choice { options, .. }) if options.len() > LONG_CHOICE
        );
        if picker {
            words.push("type to find");
        }
        words.join(" · ")
    }

    /// The words under the fields: the error when there is one, else the keys.
    fn message_lines(&self, inner_width: u16) -> Vec<String> {
        let message = self.error.clone().unwrap_or_else(|| self.guide());
        super::wrap::wrap(&message, usize::from(inner_width))
    }

    /// The rows the form needs, its border included, drawn `width` columns wide: a long
    /// message wraps onto more rows rather than losing its end.
    pub fn height(&self, width: u16) -> u16 {
        let message = self.message_lines(width.saturating_sub(2)).len().max(1);
        self.fields.iter().map(Field::height).sum::<u16>() + 2 + message as u16
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if area.width < 10 || area.height < 4 {
            return;
        }
        super::popup::clear_for(area, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(theme.title)
            .title(Span::styled(format!(" {} ", self.title), theme.title))
            .style(theme.base);
        let inner = block.inner(area);
        block.render(area, buf);
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.chars().count() as u16)
            .max()
            .unwrap_or(0)
            + 2;
        let mut constraints: Vec<Constraint> = self
            .fields
            .iter()
            .map(|f| Constraint::Length(f.height()))
            .collect();
        let message = self.message_lines(inner.width);
        constraints.push(Constraint::Length(message.len().max(1) as u16));
        constraints.push(Constraint::Min(0));
        let rows = Layout::vertical(constraints).split(inner);
        for (i, field) in self.fields.iter().enumerate() {
            let row = rows[i];
            let [label_area, value_area] =
                Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)])
                    .areas(row);
            let focused = i == self.focus;
            let label_style = if focused {
                theme.field_focus
            } else {
                theme.muted
            };
            Paragraph::new(Span::styled(field.label, label_style)).render(label_area, buf);
            let finding = self.finding();
            field
                .input
                .render(value_area, buf, theme, Look { focused, finding });
        }
        let message_area = rows[self.fields.len()];
        let style = if self.error.is_some() {
            theme.bad
        } else {
            theme.muted
        };
        let lines: Vec<Line> = message
            .into_iter()
            .map(|line| Line::styled(line, style))
            .collect();
        Paragraph::new(lines).render(message_area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(form: &mut Form<u8>, text: &str) {
        for c in text.chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn typing_tab_and_enter() {
        let mut form = Form::new(
            "t",
            vec![
                Field::text(0, "Text", "", 1),
                Field::choice(1, "Kind", &["tangible", "intangible"], 0),
            ],
        );
        typed(&mut form, "Faster fixes [q]");
        assert_eq!(form.value(0), "Faster fixes [q]");
        assert_eq!(form.handle_key(key(KeyCode::Tab)), FormOutcome::Editing);
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.choice(1), 1);
        assert_eq!(form.handle_key(key(KeyCode::BackTab)), FormOutcome::Editing);
        assert_eq!(form.focus, 0);
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Submitted);
    }

    #[test]
    fn escape_asks_only_after_a_change() {
        let mut form = Form::new("t", vec![Field::text(0, "Text", "same", 1)]);
        assert_eq!(form.handle_key(key(KeyCode::Esc)), FormOutcome::Cancelled);
        typed(&mut form, "!");
        assert_eq!(
            form.handle_key(key(KeyCode::Esc)),
            FormOutcome::DiscardRequested
        );
    }

    #[test]
    fn paste_is_text_not_keys() {
        let mut form = Form::new("t", vec![Field::text(0, "Text", "", 1)]);
        form.paste("q\u{1b}[2Jline one\r\nline two");
        assert_eq!(form.value(0), "q[2Jline one line two");
    }

    #[test]
    fn numbers_stay_in_range() {
        let mut form = Form::new("t", vec![Field::number(0, "Likelihood", 3, 1, 5)]);
        form.handle_key(key(KeyCode::Char('9')));
        assert_eq!(form.number(0), Some(5));
        form.handle_key(key(KeyCode::Char('2')));
        assert_eq!(form.number(0), Some(2));
        for _ in 0..5 {
            form.handle_key(key(KeyCode::Left));
        }
        assert_eq!(form.number(0), Some(1));
    }

    #[test]
    fn renders_into_tiny_areas_without_panicking() {
        let form = Form::new(
            "t",
            vec![
                Field::text(0, "Text", "中文", 2),
                Field::choice(1, "Kind", &["one", "two"], 1),
            ],
        );
        let theme = Theme::new(crate::tui::theme::ThemeKind::Default);
        for (w, h) in [(0, 0), (1, 1), (10, 4), (30, 8)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            form.render(area, &mut buf, &theme);
        }
    }
}
