#!/usr/bin/env python3
"""Write scikit-learn TF-IDF parity fixtures for slant's Rust tests (tests/it/tfidf.rs).

The corpus is written here, by this script, so the fixtures are reproducible from the repository
alone. For each configuration the script fits scikit-learn's TfidfVectorizer on the corpus and
writes, to tests/fixtures/tfidf/<name>.json: the parameters in slant's serde form (so the Rust test
deserializes `TfidfParams` directly), the vocabulary, the idf, every corpus row and the rows of a
few unseen documents (with out-of-vocabulary words), as sparse rows with full-precision floats.

Quote normalisation: slant maps curly quotes to ASCII by default and scikit-learn has no such
step, so every configuration passes a `preprocessor` that does exactly what slant's preprocessing
does (lowercase when asked, then the same quote map). slant's defaults are therefore what is tested.

max_features ties: scikit-learn ranks by NumPy's default, unstable argsort, whose order among equal
counts depends on array size and CPU (AVX-512 or not). slant keeps the alphabetically earlier term
on ties. The "max_features_tie_inside" configuration has ties that do not straddle the cut (so
scikit-learn's answer is platform-independent and must equal ours); the "max_features_tie_cut"
configuration has a tie straddling the cut: its expected vocabulary is the stable choice, its
values are computed by scikit-learn with that vocabulary fixed, and scikit-learn's own pick on the
machine that ran this script is recorded as "sklearn_unstable_vocabulary" for information.

Usage: python3 scripts/make_tfidf_fixtures.py   (from the repository root; see requirements.txt)
"""

import json
import os
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "tfidf")

CORPUS = [
    "Markets rallied on Monday as the Federal Reserve held rates steady.",
    "The Fed's decision surprised nobody; markets rallied, rallied, and rallied again.",
    "Officials in Zürich said the naïve plan would cost 2.5 billion francs by 2030.",
    "Η Ελλάδα ψήφισε σήμερα· the vote in Ελλάδα was close.",
    "“We won’t back down,” the senator said on Tuesday.",
    "Critics called the long-term budget a ‘reckless gamble’ — a well-known talking point.",
    "",
    "a b c d e f g",
    "BREAKING: Oil prices JUMP 7% after OPEC cuts output!!!",
    "Oil prices fell 3% on Wednesday as OPEC talks stalled.",
    "The minister's aides denied the report, calling it ‛fake news′.",
    "Voters in the north said the economy, not immigration, decides the election.",
    "Tech stocks slid; the Nasdaq lost 2% while the Dow was flat.",
    "The central bank's governor said inflation is cooling, cooling faster than expected.",
    "Protesters gathered in Athens and Zürich on Saturday.",
    "the the the the the",
    "Analysts expect rates to fall in 2025, though some warn of a long slowdown.",
    "A spokesperson said: „No comment″ — and left.",
    "Ελλάδα and Zürich are named in the report; the report is long.",
    "Rates, rates and more rates: the Fed meets again on Wednesday.",
]

UNSEEN = [
    "Markets fell sharply after the Fed's surprise hike in Zürich and Ελλάδα.",
    "Completely novel xylophone quibbles zigzag.",
    "",
    "“Oil” prices and rates: the report won’t say; RATES rallied.",
]

SINGLE_QUOTES = "\u2018\u2019\u201b\u2032"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u2033"
QUOTE_MAP = str.maketrans({**{c: "'" for c in SINGLE_QUOTES}, **{c: '"' for c in DOUBLE_QUOTES}})


def preprocessor(lowercase):
    """slant's preprocessing: lowercase (when asked), then map curly quotes to ASCII."""
    if lowercase:
        return lambda text: text.lower().translate(QUOTE_MAP)
    return lambda text: text.translate(QUOTE_MAP)


def doc_freq_json(value):
    """A df bound in slant's serde form: ints are counts, floats fractions (as scikit-learn)."""
    if isinstance(value, float):
        return {"fraction": value}
    return {"count": value}


def slant_params(cfg):
    """The configuration in the serde form of slant's TfidfParams."""
    return {
        "analyzer": {
            "kind": "char-wb" if cfg.get("analyzer") == "char_wb" else "word",
            "tokenizer": "whitespace" if cfg.get("whitespace") else "word",
            "lowercase": cfg.get("lowercase", True),
            "normalize_quotes": True,
            "stem": False,
            "stop_words": cfg.get("stop_words", False),
            "ngrams": list(cfg.get("ngram_range", (1, 1))),
        },
        "min_df": doc_freq_json(cfg.get("min_df", 1)),
        "max_df": doc_freq_json(cfg.get("max_df", 1.0)),
        "max_features": cfg.get("max_features"),
        "binary": cfg.get("binary", False),
        "use_idf": cfg.get("use_idf", True),
        "smooth_idf": cfg.get("smooth_idf", True),
        "sublinear_tf": cfg.get("sublinear_tf", False),
        "norm": cfg.get("norm", "l2") or "none",
    }


def vectorizer(cfg, vocabulary=None):
    """scikit-learn's TfidfVectorizer for a configuration (optionally with a fixed vocabulary)."""
    kwargs = dict(
        analyzer=cfg.get("analyzer", "word"),
        preprocessor=preprocessor(cfg.get("lowercase", True)),
        ngram_range=cfg.get("ngram_range", (1, 1)),
        stop_words="english" if cfg.get("stop_words") else None,
        min_df=cfg.get("min_df", 1),
        max_df=cfg.get("max_df", 1.0),
        max_features=cfg.get("max_features"),
        binary=cfg.get("binary", False),
        use_idf=cfg.get("use_idf", True),
        smooth_idf=cfg.get("smooth_idf", True),
        sublinear_tf=cfg.get("sublinear_tf", False),
        norm=cfg.get("norm", "l2"),
        vocabulary=vocabulary,
    )
    if cfg.get("whitespace"):
        kwargs.update(tokenizer=str.split, token_pattern=None)
    return TfidfVectorizer(**kwargs)


def rows_json(matrix):
    """Sparse rows with sorted indices and full-precision (repr) floats."""
    matrix = matrix.tocsr()
    matrix.sort_indices()
    return [
        {
            "indices": [int(i) for i in matrix.indices[matrix.indptr[r] : matrix.indptr[r + 1]]],
            "values": [float(v) for v in matrix.data[matrix.indptr[r] : matrix.indptr[r + 1]]],
        }
        for r in range(matrix.shape[0])
    ]


def ranked_counts(cfg):
    """Total count per term after df pruning (what max_features ranks), highest first."""
    counting = dict(cfg, max_features=None, binary=cfg.get("binary", False))
    vec = vectorizer(counting).set_params(use_idf=False, norm=None, sublinear_tf=False)
    totals = np.asarray(vec.fit_transform(CORPUS).sum(axis=0)).ravel()
    return sorted(totals.tolist(), reverse=True)


def stable_top_terms(cfg):
    """slant's max_features rule: top terms by total count, ties to the earlier term, sorted."""
    vec = vectorizer(dict(cfg, max_features=None)).set_params(use_idf=False, norm=None, sublinear_tf=False)
    totals = np.asarray(vec.fit_transform(CORPUS).sum(axis=0)).ravel()
    terms = vec.get_feature_names_out()
    order = np.argsort(-totals, kind="stable")[: cfg["max_features"]]
    return sorted(terms[i] for i in order)


def tie_limits(base):
    """A max_features limit whose cut falls inside a tie, and one with ties only above the cut."""
    counts = ranked_counts(base)
    cut = next(k for k in range(3, len(counts)) if counts[k - 1] == counts[k])
    inside = next(
        k
        for k in range(3, len(counts))
        if counts[k - 1] > counts[k] and len(set(counts[:k])) < k
    )
    return cut, inside


def fixture(name, cfg):
    """Fits scikit-learn on the corpus for one configuration and returns the fixture dict."""
    vec = vectorizer(cfg)
    fitted = vec.fit_transform(CORPUS)
    vocabulary = vec.get_feature_names_out().tolist()
    result = {"name": name, "sklearn_version": sklearn.__version__, "params": slant_params(cfg)}
    if cfg.get("max_features") is not None:
        stable = stable_top_terms(cfg)
        if stable != vocabulary:
            # The cut falls inside a tie: expect the stable choice, with sklearn's arithmetic.
            result["sklearn_unstable_vocabulary"] = vocabulary
            vec = vectorizer(dict(cfg, max_features=None), vocabulary=stable)
            fitted = vec.fit_transform(CORPUS)
            vocabulary = vec.get_feature_names_out().tolist()
        result["stable_tie_differs_from_sklearn"] = "sklearn_unstable_vocabulary" in result
    result.update(
        vocabulary=vocabulary,
        idf=[float(v) for v in vec.idf_] if cfg.get("use_idf", True) else None,
        fit_rows=rows_json(fitted),
        transform_rows=rows_json(vec.transform(UNSEEN)),
    )
    return result


def configurations():
    """Every configuration the Rust parity tests check."""
    configs = {
        "word_1_1": {},
        "word_1_2": {"ngram_range": (1, 2)},
        "word_1_2_sublinear": {"ngram_range": (1, 2), "sublinear_tf": True},
        "word_2_3": {"ngram_range": (2, 3)},
        "word_no_smooth_idf": {"smooth_idf": False},
        "word_1_2_sublinear_no_smooth_idf": {"ngram_range": (1, 2), "sublinear_tf": True, "smooth_idf": False},
        "char_wb_2_5": {"analyzer": "char_wb", "ngram_range": (2, 5)},
        "char_wb_2_5_sublinear": {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True},
        "min_df_count_2": {"min_df": 2},
        "min_df_fraction": {"ngram_range": (1, 2), "min_df": 0.1},
        "max_df_count_3": {"max_df": 3},
        "max_df_fraction": {"max_df": 0.25, "min_df": 2},
        "max_features_10": {"max_features": 10},
        "whitespace_1_2_sublinear": {"whitespace": True, "ngram_range": (1, 2), "sublinear_tf": True},
        "stop_words_1_2": {"stop_words": True, "ngram_range": (1, 2)},
        "lowercase_off": {"lowercase": False},
        "binary_l1": {"binary": True, "norm": "l1"},
        "no_idf_no_norm": {"use_idf": False, "norm": None, "sublinear_tf": True},
    }
    cut, inside = tie_limits({})
    configs["max_features_tie_cut"] = {"max_features": cut}
    configs["max_features_tie_inside"] = {"max_features": inside}
    return configs


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    corpus_path = os.path.join(OUT_DIR, "corpus.json")
    with open(corpus_path, "w", encoding="utf-8") as f:
        json.dump({"corpus": CORPUS, "unseen": UNSEEN}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    configs = configurations()
    for name, cfg in configs.items():
        data = fixture(name, cfg)
        if name == "max_features_tie_cut" and "sklearn_unstable_vocabulary" not in data:
            print("note: on this machine sklearn broke the straddling tie stably", file=sys.stderr)
        if name == "max_features_tie_inside" and "sklearn_unstable_vocabulary" in data:
            sys.exit("max_features_tie_inside: sklearn disagrees with the stable rule without a cut tie")
        with open(os.path.join(OUT_DIR, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.write("\n")
    print(f"wrote {len(configs)} configurations and corpus.json to {os.path.normpath(OUT_DIR)}")


if __name__ == "__main__":
    main()
