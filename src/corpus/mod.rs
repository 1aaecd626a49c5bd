//! Input data: the one CSV/TSV reader every command uses (encodings, BOM, quoting, line-numbered errors).
