//! The terminal UI tests in one binary (one link instead of twenty-three): every screen and
//! key against a `TestBackend`, the insta snapshots, and the binary in a pseudo-terminal.

#[path = "../pty/mod.rs"]
mod pty;
#[path = "../regressions/mod.rs"]
mod regressions;
#[path = "../support/mod.rs"]
mod support;

mod counting;
mod merge_tui;
mod raters_tui;
mod store_tui;
mod tui_agenda;
mod tui_agreements;
mod tui_alone;
mod tui_balance;
mod tui_browser;
mod tui_dashboard;
mod tui_discuss;
mod tui_effects;
mod tui_facilitation;
mod tui_keymap;
mod tui_keys;
mod tui_notes;
mod tui_projector;
mod tui_review;
mod tui_self_assessment;
mod tui_small;
mod tui_snapshots;
mod tui_store;
mod tui_text;
mod tui_themes;
mod tui_too_small;
mod tui_turn;
mod tui_undo;

#[test]
fn the_saved_proptest_cases_are_found_beside_their_tests() {
    regressions::assert_saved_cases_found(&["tests/tui/tui_dashboard.rs", "tests/tui/tui_undo.rs"]);
}
