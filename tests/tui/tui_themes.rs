//! Every theme at 80×24, styles included (the buffer's debug form lists them), on a rated step:
//! the turn band, the selected row with both sides' ratings, the live summary.

use crate::support;

use covalue::tui::app::{App, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;

#[test]
fn snapshot_every_theme_at_80x24() {
    for (kind, name) in [
        (ThemeKind::Default, "default"),
        (ThemeKind::HighContrast, "high_contrast"),
        (ThemeKind::NoColor, "no_color"),
    ] {
        let w0 = Workshop::new(template_session(), "x.ron", None);
        let mut app = App::new(Screen::Workshop(Box::new(w0)), Theme::new(kind), 80, 24);
        keys(&mut app, &["]", "]", "j"]);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        app.draw(&mut terminal).unwrap();
        snapshot(
            &format!("theme_{name}_benefits_80x24"),
            &format!("{:?}", terminal.backend().buffer()),
        );
    }
}
