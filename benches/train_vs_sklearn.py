#!/usr/bin/env python3
"""Training time, slant against scikit-learn, on the same data and settings, side by side.

For each data set both tools fit word 1-2-gram TF-IDF (sublinear tf, smooth idf, l2) and a
multinomial L2 logistic regression with the same C and no class weights, on all rows. The time
counts reading the file, features and the fit (slant: the whole `slant train` process with its
cross-validation and C search switched off; scikit-learn: from reading the file to the fitted
model). Both runs report the objective they reached (mean log-loss + ||W||^2 / (2 C n)), so the
speed is compared at equal quality.

Usage (from the repo root, ../shared beside it):
    pip install -r scripts/requirements.txt
    python3 benches/train_vs_sklearn.py
"""
import os

# One BLAS/OpenMP thread, as in side_by_side.py (scikit-learn's fastest setting on this 2-core
# machine); set before numpy is imported, or it has no effect.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import re
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from side_by_side import objective

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data")
SLANT = os.path.join(ROOT, "target", "release", "slant")
C = 1.0
TOL = 1e-4


def phrasebank(name):
    path = os.path.join(SHARED, "financial-phrasebank", name)

    def load():
        with open(path, encoding="latin-1") as f:
            rows = [line.rstrip("\n").rsplit("@", 1) for line in f if line.strip()]
        return [r[0] for r in rows], [r[1] for r in rows]

    args = ["--data", path, "--delimiter", "@", "--columns", "sentence,label", "--encoding", "latin1",
            "--text-column", "sentence", "--label-column", "label"]
    return name, load, args


def semeval():
    base = os.path.join(SHARED, "semeval2016-task6")
    paths = [os.path.join(base, f) for f in ("trainingdata-all-annotations.txt", "trialdata-all-annotations.txt")]

    def load():
        texts, labels = [], []
        for p in paths:
            with open(p, encoding="cp1252", errors="replace", newline="") as f:
                lines = f.read().replace("\r\n", "\n").split("\n")[1:]
            for line in lines:
                if line:
                    cols = line.split("\t")
                    texts.append(cols[2])
                    labels.append(cols[3])
        return texts, labels

    args = sum([["--data", p] for p in paths], []) + [
        "--delimiter", "tab", "--encoding", "windows-1252", "--no-quoting",
        "--text-column", "Tweet", "--label-column", "Stance"]
    return "SemEval-2016 train+trial", load, args


def run_sklearn(load):
    start = time.perf_counter()
    texts, labels = load()
    x = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    y = np.array(labels)
    clf = LogisticRegression(C=C, tol=TOL, max_iter=1000).fit(x, y)
    seconds = time.perf_counter() - start
    return seconds, objective(clf, x, y, C), int(clf.n_iter_[0])


def run_slant(args):
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "m.model")
        cmd = [SLANT, "train", *args, "--ngrams", "1-2", "--char-ngrams", "off", "--sublinear-tf", "--keep-stop-words", "--keep-quotes",
               "--c", str(C), "--class-weight", "none", "--tol", str(TOL), "--cv-folds", "0", "--out", model]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        info = subprocess.run([SLANT, "inspect", model], check=True, capture_output=True, text=True).stdout
    match = re.search(r"after (\d+) iterations.*objective ([0-9.]+)", info)
    return seconds, float(match.group(2)), int(match.group(1))


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    print(f"{'data':28} {'rows':>6} {'sklearn s':>10} {'slant s':>8} {'ratio':>6}  objective sklearn / slant (iterations)")
    for name, load, args in [phrasebank("Sentences_AllAgree.txt"), phrasebank("Sentences_50Agree.txt"), semeval()]:
        rows = len(load()[0])
        sk_s, sk_obj, sk_it = min((run_sklearn(load) for _ in range(3)), key=lambda r: r[0])
        sl_s, sl_obj, sl_it = min((run_slant(args) for _ in range(3)), key=lambda r: r[0])
        print(f"{name:28} {rows:6d} {sk_s:10.3f} {sl_s:8.3f} {sk_s / sl_s:5.1f}x  "
              f"{sk_obj:.6f} ({sk_it}) / {sl_obj:.6f} ({sl_it})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
