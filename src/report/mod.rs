//! Rendering results for people and spreadsheets into any `impl Write`. Computes nothing; reads no
//! files.

pub mod csv_safe;
pub mod tables;
