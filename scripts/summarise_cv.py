#!/usr/bin/env python3
"""One line from `slant cv --json` on stdin: accuracy, macro-F1 and F_avg with their spread."""
import json
import sys

r = json.load(sys.stdin)
s = r["spread"]
line = (f"acc {r['accuracy'] * 100:.2f} ± {s['accuracy_std'] * 100:.2f}  "
        f"macroF1 {r['macro_f1'] * 100:.2f} ± {s['macro_f1_std'] * 100:.2f}")
if r.get("f_avg") is not None:
    line += f"  F_avg {r['f_avg'] * 100:.2f} ± {s['f_avg_std'] * 100:.2f} (pooled {r['pooled']['f_avg'] * 100:.2f})"
print(line)
