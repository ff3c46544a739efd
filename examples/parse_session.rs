//! The yardstick for `covalue summary` (issue 16: at most 1.3× a typed RON parse of the same
//! file at 10,000 items): reads a session file into the typed `Session` and does nothing else.
//! `parse_session FILE` reads; `parse_session --write ITEMS FILE` first writes a session of
//! ITEMS items rated by five people (`benches/common`), the file the comparison times:
//!
//! ```sh
//! cargo build --release --bin covalue --example parse_session
//! target/release/examples/parse_session --write 10000 /tmp/s10k.ron
//! farm-bench -n 20 -- target/release/covalue summary /tmp/s10k.ron \
//!     --vs 'target/release/examples/parse_session /tmp/s10k.ron'
//! ```

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, items, file] if flag == "--write" => match items.parse() {
            Ok(items) => covalue::store::save(Path::new(file), &common::with_raters(items, 5))
                .map_err(|e| e.to_string()),
            Err(_) => Err(format!("{items}: not a number of items")),
        },
        [file] => covalue::store::load(Path::new(file))
            .map(|s| println!("{} items", s.rated_items().count()))
            .map_err(|e| e.to_string()),
        _ => Err("usage: parse_session [--write ITEMS] FILE".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parse_session: {e}");
            ExitCode::FAILURE
        }
    }
}
