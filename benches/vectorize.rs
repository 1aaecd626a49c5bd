//! Tokenize + vectorize throughput over the FNC-1 bodies.

fn main() {}
