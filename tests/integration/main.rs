//! Integration tests: golden extraction over the team's fixture articles, and end-to-end runs
//! of the `readout` binary.

mod cli;
mod golden;
mod sets;
