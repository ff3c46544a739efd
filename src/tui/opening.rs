//! The screen shown while `covalue open` or `review` reads its session file. A file of 100,000
//! items takes about a second to read; without it the terminal shows nothing that long. The
//! terminal and the signal flags it takes are handed to the app's event loop, so the app's
//! first frame replaces this one without a flash of the shell in between.

use super::terminal::{self, Signals};
use crate::text::one_line;
use ratatui::DefaultTerminal;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use std::path::Path;

/// The terminal while a session file is read. Dropped without being handed to the app (the
/// file could not be read, the command refused), it gives the terminal back, so the error is
/// printed on the shell's screen.
pub struct Opening {
    terminal: Option<DefaultTerminal>,
    signals: Signals,
}

impl std::fmt::Debug for Opening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Opening")
    }
}

impl Opening {
    /// Takes the terminal and says that `path` is being opened, when both standard input and
    /// output are a terminal; `None` otherwise (a script, a test without a terminal), and the
    /// app then says itself that it needs one.
    pub fn show(path: &Path) -> Option<Opening> {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
            return None;
        }
        // The flags first: a Ctrl-Z or a SIGTERM while the file is read is acted on once the
        // app runs, and never leaves the terminal taken.
        let signals = Signals::watch().ok()?;
        let mut terminal = terminal::init().ok()?;
        let _ = terminal.draw(|frame| draw(frame, path));
        Some(Opening {
            terminal: Some(terminal),
            signals,
        })
    }

    /// The terminal and the signal flags, for the app's event loop.
    pub(super) fn into_parts(mut self) -> (DefaultTerminal, Signals) {
        let terminal = self.terminal.take().expect("an opening holds its terminal");
        (terminal, self.signals.clone())
    }
}

impl Drop for Opening {
    fn drop(&mut self) {
        if self.terminal.take().is_some() {
            terminal::restore();
        }
    }
}

/// "Opening NAME…" in the middle of the screen.
pub fn draw(frame: &mut ratatui::Frame, path: &Path) {
    let name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.display().to_string());
    let [row] = Layout::vertical([Constraint::Length(1)])
        .flex(ratatui::layout::Flex::Center)
        .areas(frame.area());
    frame.render_widget(
        Line::from(format!("Opening {}…", one_line(&name))).centered(),
        row,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn drawn(path: &str, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| draw(frame, Path::new(path))).unwrap();
        terminal
            .backend()
            .buffer()
            .content()
            .chunks(width as usize)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_file_name_is_shown_in_the_middle_without_its_folder() {
        let screen = drawn("/home/ana/sessions/quarterly review.ron", 80, 24);
        let rows: Vec<&str> = screen.lines().collect();
        let row = rows
            .iter()
            .position(|r| r.contains("Opening quarterly review.ron…"));
        assert!(matches!(row, Some(11 | 12)), "{screen}");
        let line = rows[row.unwrap()];
        let indent = line.len() - line.trim_start().len();
        assert!((20..=30).contains(&indent), "centred: {line:?}");
        assert!(!screen.contains("/home/ana"), "{screen}");
        assert_eq!(rows.iter().filter(|r| !r.trim().is_empty()).count(), 1);
    }

    #[test]
    fn a_name_with_an_escape_sequence_is_drawn_harmless() {
        let screen = drawn("/tmp/\u{1b}]0;owned\u{7}.ron", 60, 5);
        assert!(
            !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
            "{screen}"
        );
        assert!(screen.contains("Opening"), "{screen}");
    }

    #[test]
    fn without_a_terminal_nothing_is_taken() {
        // `cargo test` runs with its output captured, never on a terminal for both ends.
        use std::io::IsTerminal;
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            eprintln!("skipped: this test needs standard input or output not to be a terminal");
            return;
        }
        assert!(Opening::show(Path::new("x.ron")).is_none());
    }
}
