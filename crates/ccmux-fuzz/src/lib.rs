//! Fuzzing ccmux's parsers of untrusted input on the stable toolchain.
//!
//! Each target turns input bytes into structured input with [`arbitrary::Unstructured`], runs one parser
//! on it and asserts that nothing panics plus a property of the parser where there is one (decoding what
//! was encoded gives it back, printing then parsing gives the same commands, a damaged WAL keeps its
//! intact prefix...). [`driver`] runs a target on a million generated inputs or two thousand, catches
//! panics and hangs and saves the failing input. `run.sh` in this crate runs them all; `cargo test` runs
//! each briefly. See the README.

pub mod driver;
pub mod gen;
pub mod targets;

pub use arbitrary;
pub use driver::{check, run, Config, Report, Target};
