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
        keep_permissions(temp.as_file(), target);
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
        })
    }

    /// A buffered writer over the temporary file.
    pub fn writer(&mut self) -> BufWriter<&mut File> {
        BufWriter::with_capacity(1 << 16, self.temp.as_file_mut())
    }

    /// Flushes to disk and renames the temporary file over the target.
    pub fn commit(self) -> Result<()> {
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.target, e))?;
        let target = self.target;
        self.temp
            .persist(&target)
            .map_err(|e| Error::io(&target, e.error))?;
        Ok(())
    }
}

/// Gives the temporary file the target's permissions, or the usual 0644 for a new file: the
/// temporary file is created private (0600), which would otherwise leak into every output.
fn keep_permissions(file: &File, target: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (file, target);
}

/// A failure inside a writing closure: I/O errors get the target's name, slant errors stay as they are.
pub trait WriteFailure {
    /// This failure as a slant error about `target`.
    fn into_error(self, target: &Path) -> Error;
}

impl WriteFailure for std::io::Error {
    fn into_error(self, target: &Path) -> Error {
        Error::io(target, self)
    }
}

impl WriteFailure for Error {
    fn into_error(self, _target: &Path) -> Error {
        self
    }
}

/// Writes `target` atomically with whatever `write` puts into the buffered writer.
pub fn write_file<E: WriteFailure>(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> Result<()> {
    let mut file = AtomicFile::create(target)?;
    {
        let mut w = file.writer();
        write(&mut w).map_err(|e| e.into_error(target))?;
        w.flush().map_err(|e| Error::io(target, e))?;
    }
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_keeps_the_previous_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        write_file(&target, |w| w.write_all(b"first")).unwrap();
        let failed = write_file(&target, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk on fire"))
        });
        assert!(failed.unwrap_err().to_string().contains("disk on fire"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "first");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_world_readable_and_existing_modes_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        write_file(&target, |w| w.write_all(b"x")).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&target), 0o644);
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_file(&target, |w| w.write_all(b"y")).unwrap();
        assert_eq!(mode(&target), 0o600);
    }
}
