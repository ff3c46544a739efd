//! Fuzz target for the session loader: any bytes must give a session or an error with a line
//! and column (or one about the whole file), never a panic or a hang; and whatever loads must
//! be written back so that it loads again to the same session.

#![no_main]

use covalue::store;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    match store::parse(Path::new("fuzz.ron"), bytes) {
        Ok(session) => {
            let text = store::to_ron(&session);
            let again = store::parse(Path::new("again.ron"), text.as_bytes());
            assert_eq!(again.as_ref(), Ok(&session), "{text}");
        }
        Err(e) => {
            let whole_file = e.message.starts_with("the file is empty")
                || e.message.starts_with("the file is too large");
            assert!(e.position.is_some() || whole_file, "{e}");
        }
    }
});
