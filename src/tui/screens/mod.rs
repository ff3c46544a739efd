//! The screens: the session browser, and an open session with its steps and dashboard. Each
//! owns its view state, its `update` and its drawing.

pub mod browser;
pub mod portfolio;
pub mod workshop;
