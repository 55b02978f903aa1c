//! One integration-test binary, one module per area, so the crate links once.

mod util;

mod cli;
mod corpus;
mod explorer;
mod feeds;
mod formats;
mod fuzz;
mod hostile;
mod layouts;
mod properties;
mod recommend;
mod records;
mod snapshots;
