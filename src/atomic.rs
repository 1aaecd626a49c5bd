//! Atomic file output: everything slant writes goes to a temporary file beside the target and is
//! renamed over it only when complete, so a failure never leaves half a file or destroys the previous
//! one. A long file starts going to disk while it is written, so the flush before the rename is
//! short. Owns nothing else.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

use crate::error::{Error, Result};

/// Output after which the data written so far starts going to disk in the background.
const EARLY_SYNC_BYTES: u64 = 8 << 20;

/// A file being written; it replaces its target only on [`AtomicFile::commit`].
pub struct AtomicFile {
    target: PathBuf,
    // Declared before `temp`, so its thread is done before the temporary file is removed.
    early: EarlySync,
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
            early: EarlySync::default(),
            temp,
        })
    }

    /// A buffered writer over the temporary file.
    pub fn writer(&mut self) -> BufWriter<FileWriter<'_>> {
        let writer = FileWriter {
            file: self.temp.as_file_mut(),
            early: &mut self.early,
            unsynced: 0,
        };
        BufWriter::with_capacity(1 << 16, writer)
    }

    /// Flushes to disk and renames the temporary file over the target.
    pub fn commit(mut self) -> Result<()> {
        self.early
            .finish()
            .and_then(|()| self.temp.as_file().sync_all())
            .map_err(|e| Error::io(&self.target, e))?;
        let target = self.target;
        self.temp
            .persist(&target)
            .map_err(|e| Error::io(&target, e.error))?;
        Ok(())
    }
}

/// The temporary file as [`AtomicFile::writer`] writes it: every 8 MB it asks for
/// the data so far to go to disk, so that the flush before the rename only waits for the last few
/// megabytes. That flush used to wait for the whole output at the end, with the cores idle:
/// a twentieth of a classify or predict run.
pub struct FileWriter<'a> {
    file: &'a mut File,
    early: &'a mut EarlySync,
    unsynced: u64,
}

impl Write for FileWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n as u64;
        if self.unsynced >= EARLY_SYNC_BYTES {
            self.unsynced = 0;
            self.early.request(self.file);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Flushes of a file's data to disk on a thread of its own while the file is still written.
#[derive(Default)]
struct EarlySync {
    /// The flushing thread, once the file has grown past [`EARLY_SYNC_BYTES`].
    flusher: Option<Flusher>,
}

/// A thread flushing a file each time it is asked, and the way to ask it.
struct Flusher {
    requests: mpsc::SyncSender<()>,
    thread: thread::JoinHandle<io::Result<()>>,
}

impl EarlySync {
    /// Asks for a flush of what `file` holds so far, unless one is already waiting to start.
    fn request(&mut self, file: &File) {
        if self.flusher.is_none() {
            // Without a thread the data simply waits for the flush at commit.
            self.flusher = Flusher::start(file);
        }
        if let Some(flusher) = &self.flusher {
            let _ = flusher.requests.try_send(());
        }
    }

    /// Waits for the flushes asked for; the first error any of them met.
    fn finish(&mut self) -> io::Result<()> {
        let Some(Flusher { requests, thread }) = self.flusher.take() else {
            return Ok(());
        };
        drop(requests);
        thread
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the thread flushing the file failed")))
    }
}

impl Flusher {
    /// A thread flushing a clone of `file`'s handle; `None` when either cannot be had.
    fn start(file: &File) -> Option<Flusher> {
        let handle = file.try_clone().ok()?;
        let (requests, received) = mpsc::sync_channel::<()>(1);
        let thread = thread::Builder::new()
            .name("slant-flush".into())
            .spawn(move || {
                // The handle shares the file's error state with the final flush, which may then
                // not see an error that one of these saw: the first one is kept and reported.
                let mut result = Ok(());
                while received.recv().is_ok() {
                    if let Err(e) = handle.sync_data() {
                        result = result.and(Err(e));
                    }
                }
                result
            })
            .ok()?;
        Some(Flusher { requests, thread })
    }
}

impl Drop for EarlySync {
    fn drop(&mut self) {
        let _ = self.finish();
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

    #[test]
    fn long_outputs_flushed_early_are_whole_and_failures_still_keep_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let line = [b'x'; 1000];
        let lines = 3 * EARLY_SYNC_BYTES as usize / line.len();
        write_file(&target, |w| (0..lines).try_for_each(|_| w.write_all(&line))).unwrap();
        assert_eq!(
            std::fs::metadata(&target).unwrap().len(),
            (lines * line.len()) as u64
        );
        let failed = write_file(&target, |w| {
            (0..lines).try_for_each(|_| w.write_all(b"y"))?;
            (0..lines).try_for_each(|_| w.write_all(&line))?;
            Err(std::io::Error::other("disk on fire"))
        });
        assert!(failed.is_err());
        let kept = std::fs::read(&target).unwrap();
        assert_eq!(kept.len(), lines * line.len());
        assert!(kept.iter().all(|&b| b == b'x'));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn early_flushes_start_only_past_the_threshold() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = AtomicFile::create(&dir.path().join("out.txt")).unwrap();
        {
            let mut w = file.writer();
            w.write_all(&[b'a'; 1000]).unwrap();
            w.flush().unwrap();
        }
        assert!(
            file.early.flusher.is_none(),
            "a small file is flushed once, at commit"
        );
        {
            let mut w = file.writer();
            w.write_all(&vec![b'b'; EARLY_SYNC_BYTES as usize]).unwrap();
            w.flush().unwrap();
        }
        assert!(file.early.flusher.is_some(), "a long one starts early");
        file.commit().unwrap();
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
