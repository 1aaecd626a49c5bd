//! Helpers shared by the integration tests: run the binary in a temporary directory, write inputs,
//! and check failures.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The `slant` binary, run inside `dir` so a stray relative path cannot land in the repository.
pub fn slant(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("slant").unwrap();
    cmd.current_dir(dir).env_remove("RUST_BACKTRACE");
    cmd
}

/// A fresh temporary directory.
pub fn tempdir() -> TempDir {
    tempfile::tempdir().unwrap()
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs `cmd` and checks it failed with `code`, did not panic, and said every one of `needles` on
/// standard error. Returns standard error.
pub fn fails(cmd: &mut Command, code: i32, needles: &[&str]) -> String {
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "panic: {stderr}"
    );
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{needle:?} not in stderr: {stderr}"
        );
    }
    stderr
}

/// A path inside the repository (read-only inputs such as labels/ and data/seeds).
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}
