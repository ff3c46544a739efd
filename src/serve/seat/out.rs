//! One person's terminal on the server: a ratatui terminal of their size whose bytes go into
//! their SSH channel, only what changed, and the screens no app draws (waiting to be let in,
//! too small). Every frame is scrubbed of cells that could steer their terminal.

use super::super::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

/// The largest terminal drawn for; a client claiming more is drawn this size, so a made-up
/// window size cannot make the server allocate without bound.
const MAX_COLUMNS: u16 = 1000;
const MAX_ROWS: u16 = 500;

/// Draws a frame as a person gets it: the too-small screen below the minimum size (saying so
/// when their keys still go into an open form, `typing`), and never a cell that could steer
/// their terminal, whatever the screen put there.
pub(super) fn render(frame: &mut Frame, typing: bool, draw: &mut impl FnMut(&mut Frame)) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, typing);
    } else {
        draw(frame);
    }
    scrub(frame.buffer_mut());
}

/// Replaces every cell holding a control character (escape sequences, newlines) or a bidi
/// override with U+FFFD. ratatui's text widgets already drop control characters; this also
/// covers cells set directly and text an app forgot to pass through `crate::text`.
pub(super) fn scrub(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        let unsafe_symbol = symbol.chars().any(char::is_control)
            || matches!(crate::text::clean(symbol), Cow::Owned(_));
        if unsafe_symbol {
            cell.set_symbol("\u{FFFD}");
        }
    }
}

pub(super) fn draw_waiting(frame: &mut Frame, title: &str, name: &str, fingerprint: &str) {
    let text = format!(
        "Joining \"{title}\" as {name}.\n\n\
         You are on the waiting list; the facilitator lets people in from their screen.\n\n\
         Server key: {fingerprint}\n\
         (it should match the one on the facilitator's screen)\n\n\
         {} leaves.",
        keymap::key_for(Context::Workshop, Action::Quit)
    );
    let area = crate::tui::widgets::popup::centered(frame.area(), 70, 11);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" covalue: waiting to be let in ")),
        area,
    );
}

fn draw_too_small(frame: &mut Frame, typing: bool) {
    let area = frame.area();
    let leave = keymap::key_for(Context::Workshop, Action::Quit);
    // While they type, `q` is a letter: the form is closed first.
    let how_to_leave = if typing {
        format!(
            "Your typing still goes into the open form.\n{} closes it, then {leave} leaves.",
            keymap::key_for(Context::Form, Action::Cancel)
        )
    } else {
        format!("{leave} leaves.")
    };
    let text = format!(
        "Terminal too small: {}×{}.\nNeeds {MIN_WIDTH}×{MIN_HEIGHT}; make the window larger.\n{how_to_leave}",
        area.width, area.height,
    );
    let rows = text.lines().count() as u16;
    let [middle] = Layout::vertical([Constraint::Length(rows)])
        .flex(ratatui::layout::Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        middle,
    );
}

/// Bytes drawn but not yet sent; ratatui writes here, the seat sends them after each frame.
/// Shared because ratatui keeps its backend's writer to itself.
#[derive(Clone, Default)]
struct Pending(Arc<Mutex<Vec<u8>>>);

impl Pending {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl std::io::Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(super) enum Drawn {
    Sent,
    Gone,
    Panicked,
}

/// One person's terminal: a ratatui terminal of their size writing into their channel.
pub(super) struct Out {
    terminal: Terminal<CrosstermBackend<Pending>>,
    pending: Pending,
    /// The frame last sent, so a frame that changed nothing (the clock's redraw of an idle
    /// screen) sends nothing: ratatui would still send its cursor and colour resets.
    last: Option<Buffer>,
    handle: Handle,
    channel: ChannelId,
}

pub(super) fn area(columns: u32, rows: u32) -> Rect {
    // A client that reports no size (0×0) still gets the too-small screen, in a corner large
    // enough to read it, rather than nothing at all.
    if columns == 0 || rows == 0 {
        return Rect::new(0, 0, UNKNOWN_SIZE.0, UNKNOWN_SIZE.1);
    }
    let clamp = |n: u32, max: u16| u16::try_from(n).unwrap_or(max).min(max);
    Rect::new(0, 0, clamp(columns, MAX_COLUMNS), clamp(rows, MAX_ROWS))
}

/// The area drawn for a terminal that reported no size: room for the too-small message.
const UNKNOWN_SIZE: (u16, u16) = (60, 4);

impl Out {
    pub(super) fn new(
        handle: Handle,
        channel: ChannelId,
        (columns, rows): (u32, u32),
    ) -> std::io::Result<Out> {
        let pending = Pending::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(pending.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(area(columns, rows)),
            },
        )?;
        Ok(Out {
            terminal,
            pending,
            last: None,
            handle,
            channel,
        })
    }

    /// Switches the person's terminal to a clean full screen with bracketed paste.
    pub(super) async fn begin(&mut self) -> bool {
        let setup = crossterm::execute!(
            self.pending,
            crossterm::terminal::EnterAlternateScreen,
            crossterm::event::EnableBracketedPaste,
            crossterm::cursor::Hide,
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        );
        setup.is_ok() && self.send().await
    }

    /// Whether the person's terminal is below the size a screen is drawn at.
    pub(super) fn too_small(&mut self) -> bool {
        let area = self.terminal.get_frame().area();
        area.width < MIN_WIDTH || area.height < MIN_HEIGHT
    }

    /// A terminal of the new size, which draws every cell on the next frame. Not ratatui's
    /// `Terminal::resize` or `clear`: they ask crossterm where the cursor is, and crossterm asks
    /// this process's own terminal, not the person's: it blocks on the stdout the server holds
    /// locked (a headless server hung on the first resize) or reads the local app's input.
    pub(super) fn resize(&mut self, columns: u32, rows: u32) {
        let options = TerminalOptions {
            viewport: Viewport::Fixed(area(columns, rows)),
        };
        if let Ok(terminal) =
            Terminal::with_options(CrosstermBackend::new(self.pending.clone()), options)
        {
            self.terminal = terminal;
        }
        // The whole screen is drawn again after the clear, even if nothing in it changed.
        self.last = None;
        let _ = crossterm::queue!(
            self.pending,
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
        );
    }

    /// Draws a frame (or the too-small screen) and sends what changed. Waiting on the send
    /// is the backpressure: a client that stops reading slows only its own seat.
    pub(super) async fn draw(&mut self, typing: bool, mut draw: impl FnMut(&mut Frame)) -> Drawn {
        let drawn = catch_unwind(AssertUnwindSafe(|| {
            self.terminal
                .draw(|frame| render(frame, typing, &mut draw))
                .ok()
                .map(|frame| frame.buffer.clone())
        }));
        let drawn = drawn.map(|frame| match frame {
            Some(frame) if self.last.as_ref() == Some(&frame) => {
                // Nothing changed: drop ratatui's resets rather than wake the client.
                self.pending.take();
                true
            }
            Some(frame) => {
                self.last = Some(frame);
                true
            }
            None => false,
        });
        match drawn {
            Ok(true) if self.send().await => Drawn::Sent,
            Ok(_) => Drawn::Gone,
            Err(_) => Drawn::Panicked,
        }
    }

    async fn send(&mut self) -> bool {
        let bytes = self.pending.take();
        bytes.is_empty() || self.handle.data(self.channel, bytes).await.is_ok()
    }

    /// Restores the person's terminal, prints the goodbye on their normal screen, and closes
    /// the channel with `status` as the exit status `ssh` returns.
    pub(super) async fn finish(mut self, message: &str, status: u32) {
        let restore = crossterm::execute!(
            self.pending,
            crossterm::event::DisableBracketedPaste,
            crossterm::cursor::Show,
            crossterm::terminal::LeaveAlternateScreen,
        );
        if restore.is_ok() {
            let line = format!("{}\r\n", crate::text::one_line(message));
            let _ = std::io::Write::write_all(&mut self.pending, line.as_bytes());
        }
        if self.send().await {
            let _ = self.handle.exit_status_request(self.channel, status).await;
            let _ = self.handle.eof(self.channel).await;
            let _ = self.handle.close(self.channel).await;
        }
    }
}
