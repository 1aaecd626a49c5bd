//! slant learns the stance and sentiment of news sentences from hand-labelled CSV files and compares
//! news outlets. The library is split by pipeline stage; dependencies point one way:
//! `cli → {corpus, features export} → features → text`, with [`error`] shared and nothing below `cli`
//! printing. Scoring articles runs `cli → report → score → {aggregate, model, corpus, text}`, with
//! articles streamed from `corpus::article_stream`; [`progress`] only counts bytes read, for the
//! progress bar `cli` draws.

pub mod aggregate;
pub mod atomic;
pub mod cli;
pub mod corpus;
pub mod error;
pub mod features;
pub mod model;
mod prefetch;
pub mod progress;
pub mod report;
pub mod rng;
pub mod score;
pub mod text;

pub use error::{Error, Result};
