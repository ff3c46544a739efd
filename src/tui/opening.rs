//! The screen shown while `covalue open` or `review` finds and reads its session file. A file
//! of 100,000 items takes about a second to read; without it the terminal shows nothing that
//! long. The terminal and the signal flags it takes are handed to the app's event loop, so the
//! app's first frame replaces this one without a flash of the shell in between.

use super::terminal::{self, Signals};
use crate::text::{fit, one_line, width};
use ratatui::DefaultTerminal;
use ratatui::layout::{Constraint, Flex, Layout};
use ratatui::text::Line;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// The terminal while a session file is found and read. Dropped without being handed to the
/// app (the file could not be read, the command refused), it gives the terminal back, so the
/// error is printed on the shell's screen.
pub struct Opening {
    /// `None` when the terminal could not be taken: the app then tries itself and says why.
    terminal: Option<DefaultTerminal>,
    signals: Signals,
}

impl std::fmt::Debug for Opening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Opening")
    }
}

impl Opening {
    /// Says that `what` (a path, an id or a title) is being opened, when standard output is a
    /// terminal; `None` otherwise (a script, a test), and nothing is taken.
    pub fn show(what: &str) -> Option<Opening> {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            return None;
        }
        // The flags before the terminal: an outside Ctrl-Z (SIGTSTP) while the file is read is
        // acted on once the app runs, and the app takes these flags over whatever happens.
        let signals = Signals::watch().ok()?;
        let terminal = terminal::init().ok().map(|mut terminal| {
            let _ = terminal.draw(|frame| draw(frame, what));
            terminal
        });
        Some(Opening { terminal, signals })
    }

    /// Runs `read` while a watcher thread looks for a signal that ends the program (SIGINT,
    /// SIGQUIT, SIGTERM, SIGHUP). A read cannot stop halfway, so such a signal gives the
    /// terminal back and ends the program at once, as that signal did before the terminal was
    /// taken: nothing was opened yet, so nothing is saved or lost. The read stays on this
    /// thread, which allocates the session where the app will use it.
    pub fn while_reading<T>(&mut self, read: impl FnOnce() -> T) -> T {
        let stopped = Arc::new(AtomicUsize::new(0));
        let ids = stop_signals()
            .into_iter()
            .filter_map(|signal| {
                let number = usize::try_from(signal).ok()?;
                signal_hook::flag::register_usize(signal, Arc::clone(&stopped), number).ok()
            })
            .collect::<Vec<_>>();
        let done = Arc::new(AtomicBool::new(false));
        let took_terminal = self.terminal.is_some();
        {
            let (stopped, done) = (Arc::clone(&stopped), Arc::clone(&done));
            // Not joined: it ends by itself within one look once the read is done, and the
            // app's first frame does not wait for it.
            std::thread::spawn(move || {
                while !done.load(Ordering::Acquire) {
                    let signal = stopped.load(Ordering::Relaxed);
                    if signal != 0 {
                        end_by(took_terminal, signal);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
        }
        let value = read();
        done.store(true, Ordering::Release);
        for id in ids {
            signal_hook::low_level::unregister(id);
        }
        // The app's own flags were set by the same signal: one that came as the read ended
        // is the app's to act on (it saves nothing it did not change).
        value
    }

    /// The terminal, if it was taken, and the signal flags, for the app's event loop.
    pub(super) fn into_parts(mut self) -> (Option<DefaultTerminal>, Signals) {
        (self.terminal.take(), std::mem::take(&mut self.signals))
    }
}

impl Drop for Opening {
    fn drop(&mut self) {
        if self.terminal.take().is_some() {
            terminal::restore();
        }
    }
}

/// Gives the terminal back (if it was taken) and ends the program as `signal` would. It runs
/// on the watcher thread while the command line holds the lock on standard output, so the
/// bytes go straight to the file descriptor.
fn end_by(took_terminal: bool, signal: usize) -> ! {
    if took_terminal {
        terminal::restore_unlocked();
    }
    let signal = i32::try_from(signal).unwrap_or(15);
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    // Only if the signal's own action did not end the program.
    std::process::exit(128 + signal)
}

#[cfg(unix)]
fn stop_signals() -> Vec<i32> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    vec![SIGINT, SIGQUIT, SIGTERM, SIGHUP]
}

#[cfg(not(unix))]
fn stop_signals() -> Vec<i32> {
    Vec::new()
}

/// "Opening NAME…" in the middle of the screen, a long name shortened to fit.
fn draw(frame: &mut ratatui::Frame, what: &str) {
    let name = Path::new(what)
        .file_name()
        .map_or_else(|| what.to_string(), |n| n.display().to_string());
    let room = usize::from(frame.area().width).saturating_sub(width("Opening …"));
    let line = format!("Opening {}…", fit(&one_line(&name), room));
    let [row] = Layout::vertical([Constraint::Length(1)])
        .flex(Flex::Center)
        .areas(frame.area());
    frame.render_widget(Line::from(line).centered(), row);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn drawn(what: &str, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| draw(frame, what)).unwrap();
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
        // An id or a title is shown as it was typed.
        assert!(drawn("A large session", 80, 24).contains("Opening A large session…"));
    }

    #[test]
    fn a_long_name_is_shortened_and_keeps_the_words_around_it() {
        let name = format!("{}.ron", "long".repeat(40));
        let screen = drawn(&name, 80, 24);
        let line = screen.lines().find(|l| l.contains("Opening")).unwrap();
        assert!(line.trim_start().starts_with("Opening long"), "{line:?}");
        assert!(line.trim_end().ends_with('…'), "{line:?}");
        assert!(width(line.trim()) <= 80, "{line:?}");
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
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() {
            eprintln!("skipped: this test needs standard output not to be a terminal");
            return;
        }
        assert!(Opening::show("x.ron").is_none());
    }

    #[test]
    fn a_read_runs_beside_the_watch_and_hands_back_its_result() {
        let mut opening = Opening {
            terminal: None,
            signals: Signals::default(),
        };
        let words = String::from("read");
        assert_eq!(opening.while_reading(|| words.len()), 4);
    }
}
