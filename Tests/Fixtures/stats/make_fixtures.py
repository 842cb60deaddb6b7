#!/usr/bin/env python3
"""Generates the reference numbers OncoStats is checked against (run once; the JSON is committed).

    pip install scikit-learn scipy      # from PyPI; not a dependency of OncoFace
    python3 Tests/Fixtures/stats/make_fixtures.py

Writes roc.json (scikit-learn ROC/AUC/confusion matrices, DeLong by Sun & Xu's fast algorithm),
distributions.json (scipy special functions and distributions) and group_tests.json (scipy tests,
effect sizes, proportions). Every float is written with repr, i.e. exactly.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy import special, stats
from sklearn.metrics import accuracy_score, confusion_matrix, roc_auc_score, roc_curve

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20201127)


def dump(name, payload):
    payload = {"generator": f"make_fixtures.py with numpy {np.__version__}, scipy {scipy.__version__}, "
                            f"scikit-learn {sklearn.__version__}", **payload}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------------------------------------------
# DeLong: the fast algorithm of Sun & Xu (IEEE Signal Processing Letters 21(11), 2014), as in the
# widely used numpy implementation (yandexdataschool/roc_comparison, compare_auc_delong_xu.py).

def compute_midrank(x):
    order = np.argsort(x)
    z = x[order]
    n = len(x)
    t = np.zeros(n, dtype=float)
    i = 0
    while i < n:
        j = i
        while j < n and z[j] == z[i]:
            j += 1
        t[i:j] = 0.5 * (i + j - 1)
        i = j
    t2 = np.empty(n, dtype=float)
    t2[order] = t + 1
    return t2


def fast_delong(predictions_sorted_transposed, label_1_count):
    m = label_1_count
    n = predictions_sorted_transposed.shape[1] - m
    positive = predictions_sorted_transposed[:, :m]
    negative = predictions_sorted_transposed[:, m:]
    k = predictions_sorted_transposed.shape[0]
    tx = np.empty([k, m])
    ty = np.empty([k, n])
    tz = np.empty([k, m + n])
    for r in range(k):
        tx[r, :] = compute_midrank(positive[r, :])
        ty[r, :] = compute_midrank(negative[r, :])
        tz[r, :] = compute_midrank(predictions_sorted_transposed[r, :])
    aucs = tz[:, :m].sum(axis=1) / m / n - float(m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx[:, :]) / n
    v10 = 1.0 - (tz[:, m:] - ty[:, :]) / m
    sx = np.cov(v01)
    sy = np.cov(v10)
    return aucs, sx / m + sy / n


def delong_roc_variance(ground_truth, predictions):
    order = (-ground_truth).argsort(kind="stable")
    label_1_count = int(ground_truth.sum())
    sorted_transposed = predictions[np.newaxis, order]
    aucs, cov = fast_delong(sorted_transposed, label_1_count)
    return float(aucs[0]), float(np.asarray(cov).reshape(-1)[0])


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def roc_case(name, labels, scores):
    labels = np.asarray(labels, dtype=int)
    scores = np.asarray(scores, dtype=float)
    fpr, tpr, thresholds = roc_curve(labels, scores, drop_intermediate=False)
    assert np.isinf(thresholds[0])
    auc = roc_auc_score(labels, scores)
    delong_auc, variance = delong_roc_variance(labels, scores)
    assert abs(delong_auc - auc) < 1e-12
    z = stats.norm.ppf(0.975)
    se = np.sqrt(variance)
    lower, upper = max(0.0, auc - z * se), min(1.0, auc + z * se)
    best = int(np.argmax(tpr - fpr))

    def at(threshold):
        predicted = (scores >= threshold).astype(int)
        tn, fp, fn, tp = confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
        return {"threshold": float(threshold), "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
                "accuracy": float(accuracy_score(labels, predicted)),
                "sensitivity": float(tp / (tp + fn)), "specificity": float(tn / (tn + fp))}

    youden = at(thresholds[best])
    youden["threshold"] = float(thresholds[best]) if np.isfinite(thresholds[best]) else None
    return {"name": name, "labels": labels.tolist(), "scores": scores.tolist(),
            "fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds_after_infinity": thresholds[1:].tolist(),
            "auc": float(auc), "delong_variance": variance, "ci_lower": float(lower),
            "ci_upper": float(upper), "at_half": at(0.5), "at_youden": youden}


def roc_fixtures():
    cases = [roc_case("sklearn docs example", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])]
    y = rng.integers(0, 2, 60)
    cases.append(roc_case("60 scores in tenths (many ties)", y,
                          np.round(sigmoid(rng.normal(0, 1, 60) + 1.2 * y), 1)))
    y = (rng.random(500) < 0.2).astype(int)
    cases.append(roc_case("500 probabilities in hundredths, 20% positive", y,
                          np.round(sigmoid(rng.normal(0, 1.5, 500) + 1.5 * y - 0.5), 2)))
    y = rng.integers(0, 2, 2000)
    cases.append(roc_case("2000 continuous scores", y, sigmoid(rng.normal(0, 1, 2000) + 0.8 * y)))
    cases.append(roc_case("all scores tied", [0, 1, 0, 1, 1, 0, 0, 1, 0, 0], [0.5] * 10))
    cases.append(roc_case("perfect separation", [0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.7, 0.9]))
    cases.append(roc_case("inverted scores", [1, 1, 0, 0, 0, 1], [0.1, 0.2, 0.6, 0.8, 0.9, 0.3]))
    dump("roc.json", {"cases": cases})


def distribution_fixtures():
    gamma = [{"a": a, "x": x, "p": float(special.gammainc(a, x)), "q": float(special.gammaincc(a, x))}
             for a in [0.5, 1, 2.5, 10, 50, 200] for x in [1e-3, 0.5, 1, 5, 20, 100, 300]]
    beta = [{"a": a, "b": b, "x": x, "i": float(special.betainc(a, b, x))}
            for a in [0.5, 1, 2.5, 10, 100] for b in [0.5, 1, 3.5, 40] for x in [1e-3, 0.1, 0.5, 0.9, 0.999]]
    chi2 = [{"x": x, "df": df, "sf": float(stats.chi2.sf(x, df)), "cdf": float(stats.chi2.cdf(x, df))}
            for df in [1, 2, 3, 4, 7, 30, 100] for x in [0.01, 0.5, 1, 3.84, 10, 50, 150]]
    student = [{"t": t, "df": df, "cdf": float(stats.t.cdf(t, df)), "sf": float(stats.t.sf(t, df))}
               for df in [1, 2.5, 5, 30, 1000] for t in [-8, -2.1, -0.3, 0, 0.7, 1.96, 4, 12]]
    normal = [{"p": p, "quantile": float(stats.norm.ppf(p))}
              for p in [1e-12, 1e-6, 1e-3, 0.025, 0.1, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-9]]
    normal_cdf = [{"x": x, "cdf": float(stats.norm.cdf(x))} for x in [-9, -3, -1.5, 0, 0.4, 1.96, 5]]
    inverse_beta = [{"p": p, "a": a, "b": b, "x": float(special.betaincinv(a, b, p))}
                    for p in [0.025, 0.5, 0.975] for a in [1, 3, 38, 300] for b in [1, 8, 114, 301]]
    dump("distributions.json", {"regularized_gamma": gamma, "regularized_beta": beta,
                                "inverse_regularized_beta": inverse_beta, "chi_squared": chi2,
                                "student_t": student, "normal_quantile": normal, "normal_cdf": normal_cdf})


def sample_pair(n1, n2, shift, scale):
    return (np.round(rng.normal(50, 12, n1), 3).tolist(),
            np.round(rng.normal(50 + shift, 12 * scale, n2), 3).tolist())


def group_fixtures():
    tables = []
    for table in [[[30, 20], [25, 25]], [[12, 5], [3, 9]], [[10, 20, 30], [15, 15, 30]],
                  [[90, 60], [90, 60]], rng.integers(1, 80, (2, 5)).tolist(), [[1, 2, 3, 4, 200], [9, 8, 7, 6, 5]]]:
        for correction in [False, True]:
            result = stats.chi2_contingency(np.array(table), correction=correction)
            tables.append({"table": table, "correction": correction, "statistic": float(result[0]),
                           "p": float(result[1]), "df": int(result[2])})
    pairs = []
    z = stats.norm.ppf(0.975)
    for n1, n2, shift, scale in [(5, 7, 3, 1), (30, 30, 0, 1), (150, 150, 1, 1.1), (40, 200, 8, 0.5),
                                 (2, 3, -10, 2), (1000, 800, 0.5, 1)]:
        a, b = sample_pair(n1, n2, shift, scale)
        x, y = np.array(a), np.array(b)
        welch = stats.ttest_ind(x, y, equal_var=False)
        m1, m2, s1, s2 = x.mean(), y.mean(), x.std(ddof=1), y.std(ddof=1)
        pooled = np.sqrt(((n1 - 1) * s1 ** 2 + (n2 - 1) * s2 ** 2) / (n1 + n2 - 2))
        d = (m1 - m2) / pooled
        se = np.sqrt((n1 + n2) / (n1 * n2) + d ** 2 / (2 * (n1 + n2)))
        df = (s1 ** 2 / n1 + s2 ** 2 / n2) ** 2 / (
            (s1 ** 2 / n1) ** 2 / (n1 - 1) + (s2 ** 2 / n2) ** 2 / (n2 - 1))
        pairs.append({"a": a, "b": b, "mean_a": float(m1), "sd_a": float(s1), "mean_b": float(m2),
                      "sd_b": float(s2), "welch_t": float(welch.statistic), "welch_df": float(df),
                      "welch_p": float(welch.pvalue), "cohen_d": float(d), "cohen_d_lower": float(d - z * se),
                      "cohen_d_upper": float(d + z * se),
                      "smd": float((m1 - m2) / np.sqrt((s1 ** 2 + s2 ** 2) / 2))})
    proportions = []
    for k, n in [(0, 10), (1, 10), (5, 10), (10, 10), (37, 150), (300, 600), (1, 1000), (999, 1000)]:
        test = stats.binomtest(k, n)
        wilson = test.proportion_ci(0.95, method="wilson")
        exact = test.proportion_ci(0.95, method="exact")
        proportions.append({"successes": k, "count": n, "wilson_lower": float(wilson.low),
                            "wilson_upper": float(wilson.high), "exact_lower": float(exact.low),
                            "exact_upper": float(exact.high)})
    dump("group_tests.json", {"chi_square": tables, "samples": pairs, "proportions": proportions})


if __name__ == "__main__":
    roc_fixtures()
    distribution_fixtures()
    group_fixtures()
