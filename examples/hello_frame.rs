//! The yardstick for covalue's start-up (issue 16: start → first frame at most twice a
//! hello-world ratatui app's): a ratatui program that draws one frame with the title the
//! `pty_latency` example waits for, then waits for a key. It takes and ignores the same
//! arguments covalue is given there, so `pty_latency --open-only --bin` times both alike:
//! `cargo build --release --example hello_frame --example pty_latency`, then
//! `target/release/examples/pty_latency --items 1000 --open-only --bin
//! target/release/examples/hello_frame`.

use ratatui::widgets::{Block, Paragraph};

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let drawn = terminal.draw(|frame| {
        let block = Block::bordered().title("A large session");
        frame.render_widget(Paragraph::new("hello, world").block(block), frame.area());
    });
    // Any key ends it (pty_latency kills it after the first frame anyway).
    let waited = drawn.and_then(|_| crossterm::event::read().map(drop));
    ratatui::restore();
    waited
}
