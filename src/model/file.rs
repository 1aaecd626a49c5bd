//! The model file: one file holds everything predict needs. Layout (fastText-style, a magic number
//! and a version first):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `SLANTMDL` |
//! | 4 | format version, little-endian u32 (this slant writes and reads [`FORMAT_VERSION`]) |
//! | 8 | payload length, little-endian u64 |
//! | 32 | SHA-256 of the payload |
//! | n | payload: JSON (settings, vocabulary, idf, weights, metadata) |
//!
//! Term→column maps are rebuilt on load, not stored. A foreign, truncated, corrupt or newer file is
//! a clear error. Written atomically.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::atomic;
use crate::error::{Error, Location, Result};
use crate::features::{FeatureUnion, Tfidf, TfidfParams};
use crate::model::classifier::{Classifier, Poles, TrainingInfo};
use crate::model::logistic::LogisticModel;

/// The first bytes of every slant model file.
pub const MAGIC: &[u8; 8] = b"SLANTMDL";
/// The model format this slant writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 8 + 32;

#[derive(Serialize, Deserialize)]
struct Stored {
    classes: Vec<String>,
    poles: Poles,
    features: Vec<StoredBlock>,
    n_features: usize,
    weights: Vec<f64>,
    intercepts: Vec<f64>,
    training: TrainingInfo,
}

#[derive(Serialize, Deserialize)]
struct StoredBlock {
    params: TfidfParams,
    terms: Vec<String>,
    idf: Vec<f64>,
}

/// The bytes of a model file for `classifier`.
pub fn to_bytes(classifier: &Classifier) -> Result<Vec<u8>> {
    let stored = Stored {
        classes: classifier.classes().to_vec(),
        poles: classifier.poles().clone(),
        features: classifier
            .features()
            .blocks()
            .iter()
            .map(|b| StoredBlock {
                params: b.params().clone(),
                terms: b.vocabulary().terms().to_vec(),
                idf: b.idf().to_vec(),
            })
            .collect(),
        n_features: classifier.model().n_features(),
        weights: classifier.model().weights().to_vec(),
        intercepts: classifier.model().intercepts().to_vec(),
        training: classifier.training().clone(),
    };
    let payload = serde_json::to_vec(&stored)
        .map_err(|e| Error::Invalid(format!("encoding the model: {e}")))?;
    let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&Sha256::digest(&payload));
    bytes.extend_from_slice(&payload);
    Ok(bytes)
}

/// Writes `classifier` to `path` atomically: an existing file is replaced only when the new one is
/// complete.
pub fn save(classifier: &Classifier, path: &Path) -> Result<()> {
    let bytes = to_bytes(classifier)?;
    atomic::write_file(path, |w| w.write_all(&bytes))
}

/// Reads a model file.
pub fn load(path: &Path) -> Result<Classifier> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::input(
            Location::file(path),
            "no such model file; train one with `slant train` or check the path",
        ),
        _ => Error::io(path, e),
    })?;
    from_bytes(&bytes).map_err(|message| Error::input(Location::file(path), message))
}

/// Decodes model-file bytes; the error is a message for the user.
pub fn from_bytes(bytes: &[u8]) -> std::result::Result<Classifier, String> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(
            "not a slant model file (it does not start with slant's magic bytes); \
                    pass a file written by `slant train`"
                .into(),
        );
    }
    if bytes.len() < HEADER_LEN {
        return Err(truncated(HEADER_LEN, bytes.len()));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().map_err(|_| "damaged header")?);
    if version > FORMAT_VERSION || version == 0 {
        return Err(format!(
            "model format {version} was written by a newer slant; this slant reads format {FORMAT_VERSION}: \
             upgrade slant or retrain the model"
        ));
    }
    let length =
        u64::from_le_bytes(bytes[12..20].try_into().map_err(|_| "damaged header")?) as usize;
    let payload = &bytes[HEADER_LEN..];
    if payload.len() != length {
        return Err(if payload.len() < length {
            truncated(HEADER_LEN + length, bytes.len())
        } else {
            "the model file has extra bytes after its end; it is damaged: retrain or copy it again"
                .into()
        });
    }
    // The checksum is verified while the payload is parsed, on another core: loading is the
    // single-threaded start of every scoring run. A mismatch still wins over any parse error.
    let (checksum, parsed) = rayon::join(
        || Sha256::digest(payload).as_slice() == &bytes[20..52],
        || serde_json::from_slice::<Stored>(payload),
    );
    if !checksum {
        return Err(
            "the model file is corrupt (its checksum does not match); retrain or copy it again"
                .into(),
        );
    }
    let stored = parsed.map_err(|e| format!("the model file is corrupt ({e}); retrain it"))?;
    assemble(stored).map_err(|e| format!("the model file is inconsistent: {e}"))
}

fn truncated(expected: usize, found: usize) -> String {
    format!("the model file is truncated ({found} of {expected} bytes); retrain or copy it again")
}

fn assemble(stored: Stored) -> Result<Classifier> {
    let blocks = stored
        .features
        .into_iter()
        .map(|b| Tfidf::from_parts(b.params, b.terms, b.idf))
        .collect::<Result<Vec<_>>>()?;
    let model = LogisticModel::from_parts(
        stored.n_features,
        stored.classes.len(),
        stored.weights,
        stored.intercepts,
    )?;
    Classifier::new(
        FeatureUnion::from_blocks(blocks),
        model,
        stored.classes,
        stored.poles,
        stored.training,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::tiny_classifier;

    #[test]
    fn round_trip_keeps_every_prediction_bit_for_bit() {
        let c = tiny_classifier();
        let bytes = to_bytes(&c).unwrap();
        let back = from_bytes(&bytes).unwrap();
        for text in ["talks went well", "collapsed", ""] {
            assert_eq!(c.predict_proba(text), back.predict_proba(text));
        }
        assert_eq!(
            to_bytes(&back).unwrap(),
            bytes,
            "saving a loaded model gives the same bytes"
        );
        assert_eq!(back.poles().positive.as_deref(), Some("pro"));
    }

    #[test]
    fn foreign_truncated_corrupt_and_newer_files_are_explained() {
        let bytes = to_bytes(&tiny_classifier()).unwrap();
        let err = |b: &[u8]| from_bytes(b).err().unwrap_or_default();
        assert!(err(b"id,text\n1,hello\n").starts_with("not a slant model file"));
        assert!(err(b"").starts_with("not a slant model file"));
        assert!(err(&bytes[..30]).contains("truncated"));
        assert!(err(&bytes[..bytes.len() - 10]).contains("truncated"));
        let mut longer = bytes.clone();
        longer.push(b' ');
        assert!(err(&longer).contains("extra bytes"));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x20;
        assert!(err(&flipped).contains("checksum"));
        let mut newer = bytes.clone();
        newer[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        assert!(err(&newer).contains("newer slant"));
    }

    #[test]
    fn failed_save_keeps_the_old_model() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.model");
        save(&tiny_classifier(), &path).unwrap();
        let before = std::fs::read(&path).unwrap();
        assert!(save(&tiny_classifier(), &dir.path().join("missing/m.model")).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(load(&path).is_ok());
        assert!(
            load(&dir.path().join("nope.model"))
                .unwrap_err()
                .to_string()
                .contains("no such model file")
        );
    }
}
