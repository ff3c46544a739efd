//! Where proptest keeps its saved failing cases: `<test>.proptest-regressions` beside each test
//! file, as when every file was its own binary. Under a group's `main.rs` proptest's default
//! would look in `tests/proptest-regressions/` instead and silently skip the saved cases.

#![allow(dead_code)]

use proptest::test_runner::{Config, FileFailurePersistence};

/// `config`, with its saved cases read from and written beside the test file.
pub fn beside_the_test(config: Config) -> Config {
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..config
    }
}

/// Panics unless each file (relative to the package) has saved cases that proptest finds.
pub fn assert_saved_cases_found(files: &[&'static str]) {
    for &file in files {
        let saved = beside_the_test(Config::default())
            .failure_persistence
            .expect("a failure persistence")
            .load_persisted_failures2(Some(file));
        assert!(
            !saved.is_empty(),
            "proptest finds no saved cases for {file}"
        );
    }
}
