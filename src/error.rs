//! The one error type of the crate. Every failure a user can cause ends here as a message that names
//! the file, line, column or flag at fault and says how to fix it; nothing in the library panics on
//! user input or prints. Only `cli` turns these into text on standard error and exit codes.

use std::fmt;
use std::path::{Path, PathBuf};

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A place in an input file, for error messages: `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file (or `<stdin>`).
    pub path: PathBuf,
    /// 1-based line number, when known.
    pub line: Option<u64>,
    /// 1-based column (field) number, when known.
    pub column: Option<usize>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// A location naming a file and a line.
    pub fn line(path: impl Into<PathBuf>, line: u64) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: None,
        }
    }

    /// The same location narrowed to a column.
    pub fn with_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Everything that can go wrong in slant, each variant carrying what the user needs to fix it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read, written or renamed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Input data that cannot be used as it is (bad row, bad value, empty file, ...).
    #[error("{location}: {message}")]
    Input {
        /// Where in the input.
        location: Location,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// Bytes that are not valid in the encoding the file was read with.
    #[error(
        "{location}: the text is not valid {encoding}; if the file was saved in another encoding, \
         pass it with --encoding (for example --encoding latin1 or --encoding windows-1252)"
    )]
    Encoding {
        /// Where the bad bytes are.
        location: Location,
        /// The encoding the file was read with.
        encoding: &'static str,
    },
    /// A column named on the command line is not in the file's header.
    #[error("{}: no column named {name:?}; the columns are: {}", path.display(), available.join(", "))]
    MissingColumn {
        /// The file read.
        path: PathBuf,
        /// The column asked for.
        name: String,
        /// The columns the header has.
        available: Vec<String>,
    },
    /// A command-line value that is out of range or malformed.
    #[error("{flag}: {message}")]
    Usage {
        /// The flag, e.g. `--ngrams`.
        flag: String,
        /// What is wrong and what is accepted.
        message: String,
    },
    /// A request that the data cannot satisfy (for example pruning that leaves no terms).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A bad-input error at `location`.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }

    /// A bad command-line value for `flag`.
    pub fn usage(flag: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Usage {
            flag: flag.into(),
            message: message.into(),
        }
    }
}
