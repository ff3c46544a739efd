//! What a participant types over SSH, a note line or a new item: one line in the form widget
//! every form uses, sent as a [`Change`] once they press Enter.

use super::*;
use crate::text::fit;
use crate::tui::widgets::form::{Field, Form, FormOutcome};

/// The one field of the line a participant types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TypedLine;

/// Where what is typed goes: fixed when they start, so a step the facilitator moves to
/// meanwhile never receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Note {
        dimension: Dimension,
        index: usize,
        text: String,
    },
    Item {
        dimension: Dimension,
    },
}

/// What was sent and not answered yet, to word the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Sent {
    Rating,
    Note { words: String },
    Item { dimension: Dimension, words: String },
}

impl ParticipantApp {
    /// Opens the line for a note on the selected item or a new item, if the facilitator
    /// allows it here.
    pub(super) fn start_typing(&mut self, item: bool) -> Vec<SeatEffect> {
        let rules = self.rules();
        let target = match (item, self.step().dimension()) {
            (_, None) => Err("Notes and items are added on the rated steps."),
            _ if rules.locked => Err("The facilitator has locked this step."),
            (false, _) if !rules.notes => {
                Err("The facilitator has not opened the notes to participants.")
            }
            (true, _) if !rules.items => {
                Err("The facilitator has not opened adding items to participants.")
            }
            (false, Some(_)) => match self.selected_item() {
                Some((dimension, index, text)) => Ok(Target::Note {
                    dimension,
                    index,
                    text,
                }),
                None => Err("No item to write a note on."),
            },
            (true, Some(dimension)) => Ok(Target::Item { dimension }),
        };
        match target {
            Err(why) => self.say(why),
            Ok(target) => {
                let title = match &target {
                    Target::Note { text, .. } => format!("Note on \"{}\"", fit(text, 40)),
                    Target::Item { dimension } => {
                        format!("New item for {}", dimension.step().title())
                    }
                };
                let field = Field::text(TypedLine, "Text", "", 1);
                self.typing = Some((target, Form::new(title, vec![field])));
                self.workshop_mut().set_message(None);
            }
        }
        Vec::new()
    }

    /// A key while a line is open: Enter sends it, Esc drops it.
    pub(super) fn type_key(&mut self, key: KeyEvent) -> Vec<SeatEffect> {
        let Some((target, form)) = self.typing.as_mut() else {
            return Vec::new();
        };
        let note = matches!(target, Target::Note { .. });
        match form.handle_key(key) {
            FormOutcome::Editing => {
                cap(form);
                Vec::new()
            }
            FormOutcome::Cancelled | FormOutcome::DiscardRequested => {
                self.typing = None;
                self.say(if note {
                    "Note dropped."
                } else {
                    "Item dropped."
                });
                Vec::new()
            }
            FormOutcome::Submitted => self.send_typed(),
        }
    }

    /// Sends what was typed: a note line on the item it was opened on, or a new item.
    fn send_typed(&mut self) -> Vec<SeatEffect> {
        let Some((target, form)) = self.typing.take() else {
            return Vec::new();
        };
        let line = cut_to_words(&form.value(TypedLine), TYPED_MAX);
        if line.trim().is_empty() {
            self.say(match target {
                Target::Note { .. } => "An empty note adds nothing.",
                Target::Item { .. } => "An item needs some words.",
            });
            return Vec::new();
        }
        let words = one_line(&line);
        let name = self.name.clone();
        let change = match target {
            Target::Note {
                dimension,
                index,
                text,
            } => {
                self.sent = Some(Sent::Note { words });
                Change::Note {
                    name,
                    dimension,
                    index,
                    text,
                    line,
                }
            }
            Target::Item { dimension } => {
                self.sent = Some(Sent::Item { dimension, words });
                Change::Add {
                    name,
                    dimension,
                    text: line,
                }
            }
        };
        vec![SeatEffect::Send(change)]
    }
}

/// The first `max` characters of `text`, ending at a whole word when the cut would split one
/// and a space comes in its last tenth (a trial's long paste was saved ending `word036 word`).
fn cut_to_words(text: &str, max: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let cut = &text[..end];
    if text[end..].starts_with(char::is_whitespace) {
        return cut.to_string();
    }
    match cut.rfind(char::is_whitespace) {
        Some(space) if cut[space..].chars().count() <= max / 10 => cut[..space].to_string(),
        _ => cut.to_string(),
    }
}

/// Cuts the typed line to [`TYPED_MAX`] characters, so one person cannot send a page.
pub(super) fn cap(form: &mut Form<TypedLine>) {
    let value = form.value(TypedLine);
    if value.chars().count() > TYPED_MAX {
        form.error = Some(format!(
            "Only the first {TYPED_MAX} characters are sent; Enter adds them, Esc drops it."
        ));
    } else {
        form.error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::cut_to_words;

    #[test]
    fn a_long_line_is_cut_at_a_whole_word_near_the_limit() {
        let words: String = (0..60).map(|i| format!("word{i:03} ")).collect();
        let cut = cut_to_words(&words, 300);
        assert!(cut.ends_with("word036"), "{cut}");
        assert!(cut.chars().count() <= 300);
        // A cut that falls just before a space keeps the whole word.
        assert_eq!(cut_to_words("one two three", 7), "one two");
        // One long word is cut where it must be; a short text is kept whole.
        assert_eq!(cut_to_words(&"x".repeat(400), 300).len(), 300);
        assert_eq!(cut_to_words("short note", 300), "short note");
        assert_eq!(
            cut_to_words("é".repeat(400).as_str(), 300).chars().count(),
            300
        );
    }
}
