//! Small text helpers shared by the checks: searching, describing and masking, dates.

mod describe;
mod search;
mod time;

pub use describe::*;
pub use search::*;
pub use time::*;
