//! The store tests in one binary (one link instead of nine): files and formats, the CLI over
//! them, crashes and hang-ups of a saving process, merging and the git merge driver.

#[path = "../pty/mod.rs"]
mod pty;
#[path = "../regressions/mod.rs"]
mod regressions;

mod crash;
mod crash_suspend;
mod crash_tui;
mod git;
mod hangup;
mod merge;
mod notes_by_id;
mod store;
mod store_cli;
mod store_files;
mod sync;

#[test]
fn the_saved_proptest_cases_are_found_beside_their_tests() {
    regressions::assert_saved_cases_found(&["tests/store/store.rs", "tests/store/merge.rs"]);
}
