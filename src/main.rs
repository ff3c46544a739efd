//! The `covalue` binary: runs the command line and exits with its code (0 ok, 1 data or I/O
//! error, 2 usage).

#![forbid(unsafe_code)]

fn main() {
    std::process::exit(covalue::cli::run());
}
