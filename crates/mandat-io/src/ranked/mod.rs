//! Readers and writers for ranked ballots: BLT (read and write), a simple rankings CSV,
//! RCTab configurations with the cast-vote records they name, and the reports of a
//! ranked count (round table, Universal RCV Tabulation JSON, CSV).

pub mod blt;
pub mod direct;
mod fast;
pub mod rankings_csv;
pub mod rctab;
pub mod report;

pub use blt::{parse_blt, parse_blt_plain, read_blt, write_blt, Blt};
pub use direct::{count_error, runoff_votes, DirectSettings, Naming};
pub use rankings_csv::{parse_rankings_csv, parse_rankings_csv_plain, read_rankings_csv, write_rankings_csv};
pub use report::{round_table, rounds_csv, urcvt_json, ReportMeta};
