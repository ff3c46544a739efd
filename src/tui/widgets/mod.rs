//! Generic pieces drawn on any screen: the text input, forms, popups, the help overlay and the
//! footer. They know nothing of workshops; screens hand them words and styles.

pub mod band;
pub mod field;
pub mod footer;
pub mod form;
pub mod help;
pub mod popup;
pub mod text_input;
pub mod wrap;

/// The first row to show so that `selected` stays in a window of `height` rows.
pub fn window_start(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height - 1).min(len - height)
}
