#!/usr/bin/env python3
"""Check `slant vectorize` against scikit-learn on Financial PhraseBank 50Agree.

Runs slant on the raw `sentence@label` file (Latin-1, no header) and compares its
features.svmlight and vocabulary.txt with

    TfidfVectorizer(tokenizer=str.split, token_pattern=None,
                    ngram_range=(1, 2), sublinear_tf=True)

fitted on the same sentences. Prints the vocabulary sizes, the number of nonzeros
and the largest absolute difference; exits 1 if anything differs by more than 1e-9.

Usage (from the repo root, ../shared beside it):
    pip install -r scripts/requirements.txt
    python3 scripts/compare_phrasebank_tfidf.py [PATH_TO_Sentences_50Agree.txt]
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.datasets import load_svmlight_file
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = os.path.join(ROOT, "..", "shared", "data", "financial-phrasebank", "Sentences_50Agree.txt")
TOLERANCE = 1e-9


def read_sentences(path):
    with open(path, encoding="latin-1", newline="") as f:
        lines = f.read().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.rsplit("@", 1)[0] for line in lines if line]


def run_slant(path, out_dir):
    cmd = [
        "cargo", "run", "--release", "--quiet", "--", "vectorize",
        "--data", path, "--delimiter", "@", "--columns", "sentence,label", "--encoding", "latin1",
        "--text-column", "sentence", "--tokenizer", "whitespace", "--ngrams", "1-2",
        "--sublinear-tf", "--min-df", "1", "--out-dir", out_dir,
    ]
    subprocess.run(cmd, cwd=ROOT, check=True)


def main():
    path = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
    docs = read_sentences(path)
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, ngram_range=(1, 2), sublinear_tf=True)
    expected = vectorizer.fit_transform(docs).tocsr()
    sk_vocab = list(vectorizer.get_feature_names_out())

    with tempfile.TemporaryDirectory() as out_dir:
        run_slant(path, out_dir)
        with open(os.path.join(out_dir, "vocabulary.txt"), encoding="utf-8") as f:
            slant_vocab = f.read().split("\n")[:-1]
        got, _ = load_svmlight_file(os.path.join(out_dir, "features.svmlight"), n_features=len(slant_vocab))

    print(f"documents: scikit-learn {expected.shape[0]}, slant {got.shape[0]}")
    print(f"vocabulary: scikit-learn {len(sk_vocab)}, slant {len(slant_vocab)}, identical: {sk_vocab == slant_vocab}")
    if sk_vocab != slant_vocab or expected.shape != got.shape:
        print("FAIL: vocabularies or shapes differ")
        return 1
    got = got.tocsr()
    # scikit-learn leaves column indices unsorted within a row; compare in canonical order.
    expected.sort_indices()
    got.sort_indices()
    diff = abs(expected - got)
    max_diff = diff.max() if diff.nnz else 0.0
    same_pattern = np.array_equal(expected.indptr, got.indptr) and np.array_equal(expected.indices, got.indices)
    print(f"nonzeros: scikit-learn {expected.nnz}, slant {got.nnz}, same sparsity pattern: {same_pattern}")
    print(f"max |slant - scikit-learn| = {max_diff:.3e} (tolerance {TOLERANCE:g})")
    ok = same_pattern and max_diff <= TOLERANCE
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
