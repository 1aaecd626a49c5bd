//! The model file: one file holds everything predict needs. Layout (fastText-style, a magic number
//! and a version first):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `SLANTMDL` |
//! | 4 | format version, little-endian u32 (this slant writes and reads [`FORMAT_VERSION`]) |
//! | 8 | payload length, little-endian u64 |
//! | 32 | SHA-256 of the payload |
//! | n | payload |
//!
//! The payload of format 2 is a little-endian u64 length, that many bytes of JSON (settings,
//! vocabulary, intercepts, metadata), then the float arrays as little-endian `f64`s, each after its
//! u64 length: the weights, then each feature block's idf. Format 1 held the arrays in the JSON too,
//! and is still read: parsing half a million floats from decimal text was a third of loading a
//! model, and loading is the single-threaded start of every scoring run.
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
pub const FORMAT_VERSION: u32 = 2;
/// The format that held the float arrays in the JSON.
const JSON_FLOATS_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 8 + 32;

#[derive(Serialize, Deserialize)]
struct Stored {
    classes: Vec<String>,
    poles: Poles,
    features: Vec<StoredBlock>,
    n_features: usize,
    /// In the JSON only in format 1; from format 2 in the float section.
    #[serde(default, skip_serializing)]
    weights: Vec<f64>,
    intercepts: Vec<f64>,
    training: TrainingInfo,
}

#[derive(Serialize, Deserialize)]
struct StoredBlock {
    params: TfidfParams,
    terms: Vec<String>,
    /// In the JSON only in format 1; from format 2 in the float section.
    #[serde(default, skip_serializing)]
    idf: Vec<f64>,
}

impl Stored {
    /// The arrays the float section holds, in its order.
    fn float_arrays(&mut self) -> impl Iterator<Item = &mut Vec<f64>> {
        std::iter::once(&mut self.weights).chain(self.features.iter_mut().map(|b| &mut b.idf))
    }
}

/// The payload of format 2 for `stored`: its JSON without the float arrays, then the arrays.
fn encode_payload(stored: &mut Stored) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(&*stored)
        .map_err(|e| Error::Invalid(format!("encoding the model: {e}")))?;
    let floats: usize = stored.float_arrays().map(|a| 8 + 8 * a.len()).sum();
    let mut payload = Vec::with_capacity(8 + json.len() + floats);
    payload.extend_from_slice(&(json.len() as u64).to_le_bytes());
    payload.extend_from_slice(&json);
    for array in stored.float_arrays() {
        payload.extend_from_slice(&(array.len() as u64).to_le_bytes());
        for value in array.iter() {
            payload.extend_from_slice(&value.to_le_bytes());
        }
    }
    Ok(payload)
}

/// The model a payload of format `version` holds; the error is a message for the user.
fn decode_payload(version: u32, payload: &[u8]) -> std::result::Result<Stored, String> {
    let corrupt =
        |e: &dyn std::fmt::Display| format!("the model file is corrupt ({e}); retrain it");
    if version == JSON_FLOATS_VERSION {
        return serde_json::from_slice(payload).map_err(|e| corrupt(&e));
    }
    let mut rest = payload;
    let json_len = take_len(&mut rest).ok_or_else(|| corrupt(&"no JSON length"))?;
    let json = take_bytes(&mut rest, json_len).ok_or_else(|| corrupt(&"JSON cut short"))?;
    let mut stored: Stored = serde_json::from_slice(json).map_err(|e| corrupt(&e))?;
    for array in stored.float_arrays() {
        let floats = take_len(&mut rest)
            .and_then(|n| take_bytes(&mut rest, n.checked_mul(8)?))
            .ok_or_else(|| corrupt(&"float arrays cut short"))?;
        *array = floats
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect();
    }
    if !rest.is_empty() {
        return Err(corrupt(&"bytes after the float arrays"));
    }
    Ok(stored)
}

/// Reads a little-endian u64 length off the front of `rest`.
fn take_len(rest: &mut &[u8]) -> Option<usize> {
    let bytes = take_bytes(rest, 8)?;
    usize::try_from(u64::from_le_bytes(bytes.try_into().ok()?)).ok()
}

/// Takes `n` bytes off the front of `rest`.
fn take_bytes<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (taken, left) = rest.split_at_checked(n)?;
    *rest = left;
    Some(taken)
}

/// The bytes of a model file for `classifier`.
pub fn to_bytes(classifier: &Classifier) -> Result<Vec<u8>> {
    let mut stored = Stored {
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
    let payload = encode_payload(&mut stored)?;
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
        || decode_payload(version, payload),
    );
    if !checksum {
        return Err(
            "the model file is corrupt (its checksum does not match); retrain or copy it again"
                .into(),
        );
    }
    assemble(parsed?).map_err(|e| format!("the model file is inconsistent: {e}"))
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

    /// `bytes` (format 2) rewritten as format 1, with the float arrays back in the JSON.
    fn as_format_1(bytes: &[u8]) -> Vec<u8> {
        let mut stored = decode_payload(2, &bytes[HEADER_LEN..]).unwrap();
        let mut json: serde_json::Value = serde_json::to_value(&stored).unwrap();
        json["weights"] = serde_json::to_value(std::mem::take(&mut stored.weights)).unwrap();
        for (i, block) in stored.features.iter().enumerate() {
            json["features"][i]["idf"] = serde_json::to_value(&block.idf).unwrap();
        }
        let payload = serde_json::to_vec(&json).unwrap();
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&Sha256::digest(&payload));
        out.extend_from_slice(&payload);
        out
    }

    #[test]
    fn format_1_files_still_load_with_the_same_predictions() {
        let c = tiny_classifier();
        let bytes = to_bytes(&c).unwrap();
        let old = as_format_1(&bytes);
        assert_eq!(u32::from_le_bytes(old[8..12].try_into().unwrap()), 1);
        let back = from_bytes(&old).unwrap();
        for text in ["talks went well", "collapsed", ""] {
            assert_eq!(c.predict_proba(text), back.predict_proba(text));
        }
        assert_eq!(to_bytes(&back).unwrap(), bytes, "saved again as format 2");
    }

    #[test]
    fn format_2_float_section_damage_is_explained() {
        let bytes = to_bytes(&tiny_classifier()).unwrap();
        let payload = &bytes[HEADER_LEN..];
        let err = |p: &[u8]| decode_payload(2, p).err().unwrap_or_default();
        assert!(err(&payload[..4]).contains("no JSON length"));
        assert!(err(&payload[..20]).contains("JSON cut short"));
        assert!(err(&payload[..payload.len() - 8]).contains("float arrays cut short"));
        let mut longer = payload.to_vec();
        longer.push(0);
        assert!(err(&longer).contains("bytes after the float arrays"));
        let mut huge = payload.to_vec();
        let json_len = u64::from_le_bytes(payload[..8].try_into().unwrap()) as usize;
        huge[8 + json_len..16 + json_len].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(err(&huge).contains("float arrays cut short"));
    }

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
