#!/usr/bin/env python3
"""Turn BASIL's article JSON files into slant's JSON Lines article input.

Each output line has id (the file name: event uuid and article number), outlet (BASIL's `source`, as spelled: fox / nyt / hpo
in mixed case; pass --fold-outlet-case to slant), date, title and text (paragraphs joined by blank
lines). The text is read from ../shared at run time and written outside the repository.

Usage: python3 scripts/basil_to_jsonl.py ../shared/data/basil/articles > /tmp/basil.jsonl
"""
import glob
import json
import os
import sys


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data", "basil", "articles")
    for path in sorted(glob.glob(os.path.join(root, "*", "*.json"))):
        with open(path, encoding="utf-8") as f:
            a = json.load(f)
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p) for p in a.get("body-paragraphs", [])]
        row = {
            # BASIL's uuid is "empty" for some articles; the file name (event uuid + number) is unique.
            "id": os.path.splitext(os.path.basename(path))[0],
            "outlet": a.get("source", ""),
            "date": a.get("date", ""),
            "title": a.get("title", ""),
            "text": "\n\n".join(paragraphs),
        }
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
