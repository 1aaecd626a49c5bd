#!/usr/bin/env python3
"""slant against scikit-learn on the same files, side by side in one run: the ratios of issue 5.

Everything is built from ../shared/data in a temporary directory (nothing is written into the repo):

* articles: the FNC-1 bodies (train + competition test, 2,587 articles) as a CSV with five made-up
  outlets, repeated --repeat times with distinct ids (10 copies: about 59 MB);
* sentences: the sentences slant splits those articles into (the `sentence` column of
  `slant predict`'s sentences table), repeated the same way (about 61 MB);
* labelled rows for training: FNC-1 sentences, BABE sentences, Financial PhraseBank (50Agree) and
  SemEval-2016 tweets, labelled negative / neutral / positive by the shipped sentiment model
  (models/sentiment.model), shuffled with a fixed seed. "MR-sized" is the first 10,000 rows;
  "500k" cycles the pool (about 58,000 distinct rows) to 500,000 rows.

Both tools use the same features: word 1-2-grams, scikit-learn's TfidfVectorizer defaults (raw tf,
smooth idf, l2, stop words kept, lowercase), and the same multinomial L2 logistic regression
(C = 1, no class weights, lbfgs, tol 1e-4).

* classify: `slant classify` (the whole process: loading the model, reading the CSV, writing the
  output CSV) against scikit-learn reading the same CSV with the csv module, `transform`,
  `predict_proba`, and writing label + probabilities with csv.writer (its model already in memory:
  loading is not counted for scikit-learn). Predictions are compared.
* predict: `slant predict` on the articles (splitting sentences, scoring, writing the sentences,
  articles and outlets tables with bootstrap intervals) against scikit-learn classifying the same
  sentences as above (so scikit-learn is not charged for sentence splitting or aggregation).
* predict, the same job in Python: for information, beside the row above (which is issue 5's
  target). A Python pipeline doing what `slant predict` does: reading the same articles CSV,
  splitting with sentencex's Python package (a compiled Rust extension from the same project as
  the crate slant splits with; no boilerplate filter), the same scikit-learn transform and
  predict_proba, the three terms with the largest weight x tf-idf for the predicted class,
  writing the sentences table with csv.writer (without slant's byte spans), label shares and
  slants per article and outlet, and a 10,000-resample percentile bootstrap over each outlet's
  articles with numpy.
* train: the whole `slant train` process (reading, features, fit, writing the model) against
  scikit-learn's vectorizer + fit; both print the objective reached (mean log-loss +
  ||W||^2 / (2 C n)). When slant stops above scikit-learn's objective at the same tol (on 500k rows
  the two L-BFGS paths part after many iterations), slant is also timed to the same objective:
  a whole run stopped by --max-iter at the first iteration at or below scikit-learn's value.
* memory: peak resident set of each slant run (GNU time's %M), on 1x and --repeat x inputs; with
  --big-gb N also on an N GB input (memory and throughput only; scikit-learn is not run on it).

Usage (from the repo root, ../shared beside it):
    pip install -r scripts/requirements.txt
    python3 benches/side_by_side.py [--repeat 10] [--big-gb 1] [--no-500k]
"""
import os

# scikit-learn at its fastest here: on this 2-core machine its default BLAS/OpenMP thread pools run
# 3-7x slower than one thread (they oversubscribe the cores that slant's own pool uses too). Set
# these variables before running to compare with other settings.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import csv
import platform
import random
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import sentencex
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data")
SLANT = os.path.join(ROOT, "target", "release", "slant")
OUTLETS = ["alpha", "bravo", "charlie", "delta", "echo"]
C = 1.0
TOL = 1e-4
SEED = 7
csv.field_size_limit(1 << 30)


def mb(path):
    return os.path.getsize(path) / 1e6


def run_timed(cmd):
    """Runs a command under GNU time; returns (seconds, peak RSS in MB)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024


def best_of(n, fn):
    return min((fn() for _ in range(n)), key=lambda r: r[0])


# ---------------------------------------------------------------------------------------- data


def fnc1_bodies():
    bodies = []
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with open(os.path.join(SHARED, "fnc-1", name), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                bodies.append((f"{name.split('_')[0]}-{row['Body ID']}", row["articleBody"]))
    return bodies


def write_articles(path, bodies, copies):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "outlet", "date", "text"])
        for k in range(copies):
            for i, (ident, text) in enumerate(bodies):
                w.writerow([f"{ident}-{k}", OUTLETS[i % len(OUTLETS)], "2017-06-01", text])


def write_column(path, name, texts, copies=1):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([name])
        for _ in range(copies):
            w.writerows([t] for t in texts)


def read_column(path, name):
    with open(path, newline="", encoding="utf-8") as f:
        return [row[name] for row in csv.DictReader(f)]


def other_sentences():
    texts = []
    with open(os.path.join(SHARED, "babe", "final_labels_SG2.csv"), newline="", encoding="utf-8-sig") as f:
        texts += [row["text"] for row in csv.DictReader(f, delimiter=";")]
    with open(os.path.join(SHARED, "financial-phrasebank", "Sentences_50Agree.txt"), encoding="latin-1") as f:
        texts += [line.rstrip("\n").rsplit("@", 1)[0] for line in f if line.strip()]
    for name in ("trainingdata-all-annotations.txt", "trialdata-all-annotations.txt"):
        with open(os.path.join(SHARED, "semeval2016-task6", name), encoding="cp1252", errors="replace") as f:
            texts += [line.split("\t")[2] for line in f.read().splitlines()[1:] if line.strip()]
    return texts


def labelled_pool(tmp, fnc_sentences):
    """Distinct sentences labelled by the shipped sentiment model, shuffled with a fixed seed."""
    texts = sorted(set(t for t in fnc_sentences + other_sentences() if t.strip()))
    random.Random(SEED).shuffle(texts)
    src = os.path.join(tmp, "pool_texts.csv")
    write_column(src, "text", texts)
    out = os.path.join(tmp, "pool_labels.csv")
    subprocess.run([SLANT, "classify", "--model", os.path.join(ROOT, "models", "sentiment.model"),
                    "--data", src, "--text-column", "text", "--out", out], check=True, capture_output=True)
    return texts, read_column(out, "label")


def write_labelled(path, texts, labels, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        for i in range(rows):
            w.writerow([texts[i % len(texts)], labels[i % len(labels)]])


# ------------------------------------------------------------------------------------ training

SLANT_FEATURES = ["--ngrams", "1-2", "--char-ngrams", "off", "--keep-stop-words", "--keep-quotes", "--raw-tf"]


def slant_train(data, model, tol=TOL, max_iter=None):
    cmd = [SLANT, "train", "--data", data, "--text-column", "text", "--label-column", "label",
           *SLANT_FEATURES, "--c", str(C), "--class-weight", "none", "--tol", str(tol),
           "--cv-folds", "0", "--out", model]
    if max_iter is not None:
        cmd += ["--max-iter", str(max_iter)]
    seconds, peak = run_timed(cmd)
    with open(model, "rb") as f:
        record = f.read()
    objective = float(re.search(rb'"objective":([-+0-9.eE]+)', record).group(1))
    iterations = int(re.search(rb'"iterations":([0-9]+)', record).group(1))
    return seconds, peak, objective, iterations


def slant_to_objective(data, model, target, guess):
    """slant's whole run stopped at the first iteration whose objective is at or below `target`:
    the fewest --max-iter (found by stepping from `guess`, then bisecting) with a tol too tight to
    stop it sooner. Objectives fall at every L-BFGS iteration, so the search is exact."""
    runs = {}

    def reaches(k):
        runs[k] = slant_train(data, model, tol=1e-12, max_iter=k)
        return runs[k][2] <= target

    step = 8
    if reaches(guess):
        hi, lo = guess, guess - step
        while lo > 0 and reaches(lo):
            hi, lo = lo, lo - step
        lo = max(lo, 0)
    else:
        lo, hi = guess, guess + step
        while not reaches(hi):
            lo, hi = hi, hi + step
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if reaches(mid):
            hi = mid
        else:
            lo = mid
    return runs[hi]


def sklearn_train(data):
    start = time.perf_counter()
    with open(data, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = [r["text"] for r in rows]
    y = np.array([r["label"] for r in rows])
    vec = TfidfVectorizer(ngram_range=(1, 2))
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=C, tol=TOL, max_iter=1000).fit(x, y)
    seconds = time.perf_counter() - start
    return seconds, objective(clf, x, y, C), int(clf.n_iter_[0]), vec, clf


def objective(clf, x, y, c):
    """scikit-learn's lbfgs objective per row: mean log-loss + ||W||^2 / (2 C n)."""
    p = clf.predict_proba(x)
    idx = np.searchsorted(clf.classes_, y)
    n = x.shape[0]
    return -np.mean(np.log(p[np.arange(n), idx])) + (clf.coef_ ** 2).sum() / (2 * c * n)


# ------------------------------------------------------------------------------------- scoring


def sklearn_classify(vec, clf, data, out):
    start = time.perf_counter()
    with open(data, newline="", encoding="utf-8") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    p = clf.predict_proba(vec.transform(texts))
    labels = clf.classes_[p.argmax(axis=1)]
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["label", *(f"p_{c}" for c in clf.classes_)])
        for label, row in zip(labels, p):
            w.writerow([label, *row])
    return time.perf_counter() - start, len(texts)


def python_predict(vec, clf, articles, out_dir):
    """The Python pipeline doing `slant predict`'s job (see the module doc); returns (seconds,
    sentences, seconds per stage)."""
    stages, start = {}, time.perf_counter()
    texts, article_of, articles_read = [], [], []
    with open(articles, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for piece in sentencex.segment("en", row["text"]):
                if piece.strip():
                    texts.append(piece.strip())
                    article_of.append(len(articles_read))
            articles_read.append((row["id"], row["outlet"], row["date"]))
    stages["split"] = time.perf_counter() - start
    x = vec.transform(texts).tocsr()
    p = clf.predict_proba(x)
    classes = list(clf.classes_)
    predicted = p.argmax(axis=1)
    slant = p[:, classes.index("positive")] - p[:, classes.index("negative")]
    mark = time.perf_counter()
    stages["score"] = mark - start - stages["split"]
    names = vec.get_feature_names_out()
    push = x.data * clf.coef_[np.repeat(predicted, np.diff(x.indptr)), x.indices]
    explanations = []
    for i in range(x.shape[0]):
        lo, hi = x.indptr[i], x.indptr[i + 1]
        top = np.argsort(-push[lo:hi], kind="stable")[:3]
        explanations.append(" | ".join(names[x.indices[lo + j]] for j in top if push[lo + j] > 0))
    stages["explain"] = time.perf_counter() - mark
    article_of = np.array(article_of)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "sentences.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["article", "outlet", "index", "sentence", "label", *(f"p_{c}" for c in classes),
                    "slant", "explanation"])
        index, previous = 0, -1
        for i, text in enumerate(texts):
            a = article_of[i]
            index = index + 1 if a == previous else 1
            previous = a
            ident, outlet, _ = articles_read[a]
            w.writerow([ident, outlet, index, text, classes[predicted[i]], *p[i], slant[i], explanations[i]])
    stages["write"] = time.perf_counter() - mark - stages["explain"]
    mark = time.perf_counter()
    n = len(articles_read)
    counts = np.maximum(np.bincount(article_of, minlength=n), 1)
    shares = np.stack([np.bincount(article_of, weights=predicted == k, minlength=n) for k in range(len(classes))], 1)
    article_slant = np.bincount(article_of, weights=slant, minlength=n) / counts
    with open(os.path.join(out_dir, "articles.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["article", "outlet", "date", "sentences", *(f"share_{c}" for c in classes), "slant"])
        for a, (ident, outlet, date) in enumerate(articles_read):
            w.writerow([ident, outlet, date, counts[a], *(shares[a] / counts[a]), article_slant[a]])
    by_outlet = {}
    for a, (_, outlet, _) in enumerate(articles_read):
        by_outlet.setdefault(outlet, []).append(a)
    rng = np.random.default_rng(42)
    with open(os.path.join(out_dir, "outlets.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["outlet", "articles", "sentences", *(f"share_{c}" for c in classes), "slant", "slant_low", "slant_high"])
        for outlet in sorted(by_outlet):
            members = by_outlet[outlet]
            values = article_slant[members]
            means = np.concatenate([values[rng.integers(0, len(values), size=(200, len(values)))].mean(axis=1)
                                    for _ in range(10_000 // 200)])
            low, high = np.percentile(means, [2.5, 97.5])
            total = shares[members].sum(axis=0)
            w.writerow([outlet, len(members), int(total.sum()), *(total / total.sum()), values.mean(), low, high])
    stages["aggregate"] = time.perf_counter() - mark
    return time.perf_counter() - start, len(texts), stages


def slant_sentences(out_dir):
    with open(os.path.join(out_dir, "sentences.csv"), newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def compare_predictions(slant_out, sklearn_out, classes):
    with open(slant_out, newline="") as a, open(sklearn_out, newline="") as b:
        ra, rb = list(csv.DictReader(a)), list(csv.DictReader(b))
    same = sum(x["label"] == y["label"] for x, y in zip(ra, rb))
    diff = max(abs(float(x[f"p_{c}"]) - float(y[f"p_{c}"])) for x, y in zip(ra, rb) for c in classes)
    return len(ra) == len(rb), same / max(len(ra), 1), diff


# ---------------------------------------------------------------------------------------- main


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {cpu}, {mem:.0f} GiB RAM, {platform.system()} {platform.release()}"


def row(name, size, sk, sl, extra=""):
    print(f"{name:34} {size:>10} {sk:10.3f} {sl:9.3f} {sk / sl:7.1f}x  {extra}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=10, help="copies of the FNC-1 articles and sentences")
    ap.add_argument("--big-gb", type=float, default=0, help="also measure memory on an input of this many GB")
    ap.add_argument("--no-500k", action="store_true", help="skip the 500,000-row training run")
    ap.add_argument("--workdir", help="build the data here and keep it (default: a temporary directory)")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    print(f"machine: {machine()}")
    print(f"slant: {subprocess.run([SLANT, '--version'], capture_output=True, text=True).stdout.strip()}; "
          f"scikit-learn: {__import__('sklearn').__version__}; Python {platform.python_version()}; "
          f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.workdir or scratch
        os.makedirs(tmp, exist_ok=True)
        p = lambda name: os.path.join(tmp, name)
        bodies = fnc1_bodies()
        write_articles(p("articles1.csv"), bodies, 1)
        subprocess.run([SLANT, "predict", "--model", os.path.join(ROOT, "models", "sentiment.model"),
                        "--articles", p("articles1.csv"), "--out-dir", p("split"), "--quiet"], check=True)
        fnc_sentences = read_column(p("split/sentences.csv"), "sentence")
        texts, labels = labelled_pool(tmp, fnc_sentences)
        write_labelled(p("mr.csv"), texts, labels, 10_000)
        write_articles(p("articles.csv"), bodies, args.repeat)
        write_column(p("sentences.csv"), "text", fnc_sentences, args.repeat)
        write_column(p("sentences1.csv"), "text", fnc_sentences, 1)

        print(f"\n{'run':34} {'input':>10} {'sklearn s':>10} {'slant s':>9} {'ratio':>8}  notes")
        # Training, MR-sized; its model serves the scoring runs.
        sk_s, sk_obj, sk_it, vec, clf = min((sklearn_train(p("mr.csv")) for _ in range(3)), key=lambda r: r[0])
        sl_s, sl_peak, sl_obj, sl_it = best_of(3, lambda: slant_train(p("mr.csv"), p("mr.model")))
        row("train, MR-sized (word 1-2)", "10000 rows", sk_s, sl_s,
            f"objective {sk_obj:.6f} ({sk_it} it) / {sl_obj:.6f} ({sl_it} it); slant peak {sl_peak:.0f} MB")

        classes = list(clf.classes_)
        sentences_mb = mb(p("sentences.csv"))
        sk_s, n = min((sklearn_classify(vec, clf, p("sentences.csv"), p("sk.csv")) for _ in range(3)), key=lambda r: r[0])
        sl_s, sl_peak = best_of(3, lambda: run_timed([SLANT, "classify", "--model", p("mr.model"), "--data", p("sentences.csv"),
                                                   "--text-column", "text", "--out", p("slant.csv")]))
        _, peak1 = run_timed([SLANT, "classify", "--model", p("mr.model"), "--data", p("sentences1.csv"),
                              "--text-column", "text", "--out", p("slant1.csv")])
        same_rows, agree, diff = compare_predictions(p("slant.csv"), p("sk.csv"), classes)
        row("classify", f"{sentences_mb:.0f} MB", sk_s, sl_s,
            f"{sentences_mb / sk_s:.1f} vs {sentences_mb / sl_s:.1f} MB/s; {n} rows; labels agree {agree:.4%}, "
            f"max |dp| {diff:.1e}; slant peak {peak1:.0f} MB (1x) / {sl_peak:.0f} MB ({args.repeat}x)")

        articles_mb = mb(p("articles.csv"))
        sl_s, sl_peak = best_of(3, lambda: run_timed([SLANT, "predict", "--model", p("mr.model"), "--articles", p("articles.csv"),
                                                   "--out-dir", p("pred"), "--quiet"]))
        _, peak1 = run_timed([SLANT, "predict", "--model", p("mr.model"), "--articles", p("articles1.csv"),
                              "--out-dir", p("pred1"), "--quiet"])
        row("predict (articles; sklearn: sentences)", f"{articles_mb:.0f} MB", sk_s, sl_s,
            f"{articles_mb / sl_s:.1f} MB/s of articles; slant peak {peak1:.0f} MB (1x) / {sl_peak:.0f} MB ({args.repeat}x)")

        py = min((python_predict(vec, clf, p("articles.csv"), p("py_pred")) for _ in range(3)), key=lambda r: r[0])
        py_s, py_n, stages = py
        row("  predict's job all in Python", f"{articles_mb:.0f} MB", py_s, sl_s,
            f"sentencex + scikit-learn + numpy: {py_n} sentences (slant {slant_sentences(p('pred'))}); "
            + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))

        if not args.no_500k:
            write_labelled(p("big.csv"), texts, labels, 500_000)
            sk_s, sk_obj, sk_it, _, _ = sklearn_train(p("big.csv"))
            sl_s, sl_peak, sl_obj, sl_it = slant_train(p("big.csv"), p("big.model"))
            row("train, 500,000 rows (word 1-2)", f"{mb(p('big.csv')):.0f} MB", sk_s, sl_s,
                f"objective {sk_obj:.6f} ({sk_it} it) / {sl_obj:.6f} ({sl_it} it); slant peak {sl_peak:.0f} MB")
            # Same tol does not mean same objective once the two paths part (rounding in parallel
            # sums): time slant to scikit-learn's objective instead, stopping it at the first
            # iteration that reaches it.
            if sl_obj > sk_obj:
                sl_s, sl_peak, sl_obj, sl_it = slant_to_objective(p("big.csv"), p("big.model"), sk_obj, sk_it)
                row("  same, slant to <= its objective", f"{sl_it} it", sk_s, sl_s,
                    f"objective {sk_obj:.6f} ({sk_it} it) / {sl_obj:.6f} ({sl_it} it); slant peak {sl_peak:.0f} MB")

        if args.big_gb > 0:
            copies = max(1, round(args.big_gb * 1e9 / mb(p("articles1.csv")) / 1e6))
            write_articles(p("big_articles.csv"), bodies, copies)
            write_column(p("big_sentences.csv"), "text", fnc_sentences, max(1, round(args.big_gb * 1e9 / mb(p("sentences1.csv")) / 1e6)))
            model_mb = mb(p("mr.model"))
            for name, cmd, data in [
                ("classify", [SLANT, "classify", "--model", p("mr.model"), "--data", p("big_sentences.csv"),
                              "--text-column", "text", "--out", p("big_out.csv")], p("big_sentences.csv")),
                ("predict", [SLANT, "predict", "--model", p("mr.model"), "--articles", p("big_articles.csv"),
                             "--out-dir", p("big_pred"), "--quiet"], p("big_articles.csv")),
            ]:
                seconds, peak = run_timed(cmd)
                print(f"{name} on {mb(data) / 1e3:.2f} GB: {seconds:.1f} s ({mb(data) / seconds:.1f} MB/s), "
                      f"peak RSS {peak:.0f} MB (model file {model_mb:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
