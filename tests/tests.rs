//! One integration-test binary, one module per area, so the crate links once.

mod util;

mod corpus;
