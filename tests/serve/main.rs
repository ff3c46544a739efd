//! The `covalue serve` tests in one binary (one link instead of three): the SSH server in
//! process, a workshop served through the real binary, and the load measurement.

#[path = "../serve_support/mod.rs"]
mod serve_support;

mod serve;
mod serve_load;
mod serve_prework;
mod serve_workshop;
