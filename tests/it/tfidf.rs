//! TF-IDF parity with scikit-learn fixtures.
