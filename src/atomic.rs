//! Atomic file output: everything slant writes goes to a temporary file beside the target and is
//! renamed over it only when complete, so a failure never leaves half a file or destroys the previous
//! one. Owns nothing else.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file being written; it replaces its target only on [`AtomicFile::commit`].
pub struct AtomicFile {
    target: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Starts writing `target` through a temporary file in the same directory.
    pub fn create(target: &Path) -> Result<Self> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".slant-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(target, e))?;
        Ok(AtomicFile { target: target.to_path_buf(), temp })
    }

    /// A buffered writer over the temporary file.
    pub fn writer(&mut self) -> BufWriter<&mut File> {
        BufWriter::with_capacity(1 << 16, self.temp.as_file_mut())
    }

    /// Flushes to disk and renames the temporary file over the target.
    pub fn commit(self) -> Result<()> {
        self.temp.as_file().sync_all().map_err(|e| Error::io(&self.target, e))?;
        let target = self.target;
        self.temp.persist(&target).map_err(|e| Error::io(&target, e.error))?;
        Ok(())
    }
}

/// Writes `target` atomically with whatever `write` puts into the buffered writer.
pub fn write_file(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut file = AtomicFile::create(target)?;
    {
        let mut w = file.writer();
        write(&mut w).map_err(|e| Error::io(target, e))?;
        w.flush().map_err(|e| Error::io(target, e))?;
    }
    file.commit()
}
