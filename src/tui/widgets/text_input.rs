//! The one text input: a ratatui-textarea with covalue's rules for typing, used by every form
//! field and the browser's filter. One line or several; Enter makes a new line only where
//! there are several; Ctrl-U clears to the start of the line, as in readline; Tab never types a
//! tab; pasted text is cleaned of control characters. It knows nothing of what the text is for.

use crate::text::clean;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// Text being typed, and how many rows it gets on screen.
#[derive(Clone, Debug)]
pub struct TextInput {
    area: Box<TextArea<'static>>,
    lines: u16,
}

impl TextInput {
    /// An input holding `value` (lines split at `\n`), the cursor at its end, `lines` rows high.
    pub fn new(value: &str, lines: u16) -> TextInput {
        let mut area = TextArea::new(value.split('\n').map(str::to_string).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        TextInput {
            area: Box::new(area),
            lines,
        }
    }

    /// What is typed, its lines joined with `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// How many rows it gets on screen.
    pub fn rows(&self) -> u16 {
        self.lines
    }

    /// Takes a key that edits the text (the caller has read its own keys first).
    pub fn key(&mut self, key: KeyEvent) {
        let ctrl = |c| crate::tui::keymap::Key::ctrl(c).matches(&key);
        match key.code {
            KeyCode::Enter if self.lines > 1 => {
                self.area.insert_newline();
            }
            KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab => {}
            _ if ctrl('u') => {
                self.area.delete_line_by_head();
            }
            // Ctrl-M is Enter on some terminals; it never makes a new line by the back door.
            _ if ctrl('m') => {}
            _ => {
                self.area.input(key);
            }
        }
    }

    /// Pasted text goes in as text, never as keys; a one-line input takes line breaks as spaces.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = if self.lines > 1 {
            text
        } else {
            text.replace('\n', " ")
        };
        let text: String = clean(&text).chars().filter(|c| *c != '\u{FFFD}').collect();
        self.area.insert_str(text);
    }

    /// Empties the input.
    pub fn clear(&mut self) {
        *self = TextInput::new("", self.lines);
    }

    /// The first line with `mark` where the cursor is, for an input drawn inside a line of
    /// other words (the browser's filter).
    pub fn line_with_cursor(&self, mark: &str) -> String {
        let line = self.area.lines().first().map_or("", String::as_str);
        let at = line
            .char_indices()
            .nth(self.area.cursor().1)
            .map_or(line.len(), |(i, _)| i);
        format!("{}{mark}{}", &line[..at], &line[at..])
    }

    /// Draws the input into `area`: with its cursor when `focused`, else from its start.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme, focused: bool) {
        let mut text = self.area.as_ref().clone();
        text.set_style(theme.base);
        text.set_cursor_line_style(Style::default());
        if focused {
            text.set_cursor_style(theme.selected);
        } else {
            // An input left behind shows its start, not wherever it was scrolled.
            text.set_cursor_style(Style::default());
            text.move_cursor(CursorMove::Top);
            text.move_cursor(CursorMove::Head);
            return render_marking_more(&text, area, buf);
        }
        text.render(area, buf);
    }
}

/// Draws `text` from its start into `area`, with `…` in the last cell when more of it follows
/// than the rows show (a long answer in a form that is not being edited).
fn render_marking_more(text: &TextArea<'static>, area: Rect, buf: &mut Buffer) {
    // One row more than shown, drawn aside: anything on it is text the rows leave out.
    let aside = Rect::new(0, 0, area.width, area.height.saturating_add(1));
    let mut drawn = Buffer::empty(aside);
    text.render(aside, &mut drawn);
    for y in 0..area.height {
        for x in 0..area.width {
            buf[(area.x + x, area.y + y)] = drawn[(x, y)].clone();
        }
    }
    let more = (0..area.width).any(|x| drawn[(x, area.height)].symbol() != " ");
    if more && area.width > 0 && area.height > 0 {
        buf[(area.right() - 1, area.bottom() - 1)].set_symbol("…");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(input: &mut TextInput, code: KeyCode, modifiers: KeyModifiers) {
        input.key(KeyEvent::new(code, modifiers));
    }

    #[test]
    fn one_line_takes_no_new_line_or_tab_and_ctrl_u_clears_to_the_start() {
        let mut input = TextInput::new("abc", 1);
        press(&mut input, KeyCode::Enter, KeyModifiers::NONE);
        press(&mut input, KeyCode::Tab, KeyModifiers::NONE);
        press(&mut input, KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(input.text(), "abcd");
        press(&mut input, KeyCode::Left, KeyModifiers::NONE);
        assert_eq!(input.line_with_cursor("|"), "abc|d");
        press(&mut input, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(input.text(), "d");
        input.paste("e\r\nf");
        assert_eq!(input.text(), "e fd");
    }

    fn drawn(input: &TextInput, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        input.render(
            area,
            &mut buf,
            &Theme::new(crate::tui::theme::ThemeKind::Default),
            false,
        );
        (0..height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    /// A new user's report: a long closing answer showed three lines in its form, with
    /// nothing to say that more followed.
    #[test]
    fn an_input_not_being_edited_marks_text_beyond_its_rows() {
        let long = TextInput::new("one two three four five six seven eight nine ten", 2);
        let rows = drawn(&long, 10, 2);
        assert_eq!(rows[0], "one two   ");
        assert!(rows[1].ends_with('…'), "{rows:?}");
        let fits = TextInput::new("one two\nthree", 2);
        let rows = drawn(&fits, 10, 2);
        assert_eq!(rows, ["one two   ", "three     "]);
    }

    /// A long title being edited shows its tail, where the cursor is; once the form moves on
    /// to another field it shows its start again, with `…` where it is cut.
    #[test]
    fn an_input_left_after_editing_shows_its_start() {
        let title = TextInput::new("Title that goes on and on and on and on", 1);
        let area = Rect::new(0, 0, 12, 1);
        let mut buf = Buffer::empty(area);
        let theme = Theme::new(crate::tui::theme::ThemeKind::Default);
        title.render(area, &mut buf, &theme, true);
        let rows = drawn(&title, 12, 1);
        assert!(rows[0].starts_with("Title that"), "{rows:?}");
        assert!(rows[0].ends_with('…'), "{rows:?}");
    }

    #[test]
    fn several_lines_take_enter_as_a_new_line() {
        let mut input = TextInput::new("a", 3);
        press(&mut input, KeyCode::Enter, KeyModifiers::NONE);
        press(&mut input, KeyCode::Char('b'), KeyModifiers::NONE);
        assert_eq!(input.text(), "a\nb");
    }
}
