#!/usr/bin/env python3
"""Reference coefficients from scikit-learn's LogisticRegression(solver="lbfgs").

Writes tests/fixtures/logistic/*.json: a small sparse data set made here from a
seeded generator (no outside data), the settings, and scikit-learn's coef_,
intercept_ and predict_proba, fitted to a tight tolerance so the Rust trainer
can be compared with it to 1e-4. Run from the repo root:

    pip install -r scripts/requirements.txt
    python3 scripts/make_logistic_fixtures.py
"""
import json
import os

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "fixtures", "logistic")


def make_data(rng, n_rows, n_features, n_classes, density):
    x = sp.random(n_rows, n_features, density=density, format="csr", random_state=rng, dtype=np.float64)
    true_w = rng.normal(size=(n_features, n_classes)) * 3
    scores = x @ true_w + rng.normal(scale=0.5, size=(n_rows, n_classes))
    y = scores.argmax(axis=1)
    if n_classes > 2:  # make the classes unbalanced so class weights matter
        y[: n_rows // 5] = 0
    return x, y


def case(name, x, y, c, class_weight):
    model = LogisticRegression(C=c, class_weight=class_weight, tol=1e-12, max_iter=100000)
    model.fit(x, y)
    coo = x.tocoo()
    return {
        "name": name,
        "sklearn_version": sklearn.__version__,
        "n_rows": x.shape[0],
        "n_features": x.shape[1],
        "n_classes": int(len(model.classes_)),
        "rows": coo.row.tolist(),
        "cols": coo.col.tolist(),
        "values": coo.data.tolist(),
        "y": y.tolist(),
        "c": c,
        "class_weight": class_weight or "uniform",
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "proba": model.predict_proba(x).tolist(),
        "n_iter": int(model.n_iter_[0]),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(7)
    x3, y3 = make_data(rng, 300, 40, 3, 0.15)
    x2, y2 = make_data(rng, 200, 30, 2, 0.2)
    cases = [
        case("multinomial_c1", x3, y3, 1.0, None),
        case("multinomial_c10_balanced", x3, y3, 10.0, "balanced"),
        case("multinomial_c0.1", x3, y3, 0.1, None),
        case("binary_c1", x2, y2, 1.0, None),
        case("binary_c5_balanced", x2, y2, 5.0, "balanced"),
    ]
    for c in cases:
        with open(os.path.join(OUT, c["name"] + ".json"), "w") as f:
            json.dump(c, f)
        print(c["name"], "iterations", c["n_iter"])


if __name__ == "__main__":
    main()
