#!/usr/bin/env bash
# Cross-validates candidate training settings on the data in ../shared and labels/, to choose
# slant train's defaults. Prints one line per (data set, setting): accuracy, macro-F1, F_avg.
# Usage: scripts/choose_defaults.sh [SETTING_NAME...]   (from the repo root; takes a while)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
slant=./target/release/slant
shared=../shared/data
fpb="--delimiter @ --columns sentence,label --encoding latin1 --text-column sentence --label-column label --folds ${FPB_FOLDS:-5}"
sem="--data $shared/semeval2016-task6/trainingdata-all-annotations.txt --data $shared/semeval2016-task6/trialdata-all-annotations.txt \
     --delimiter tab --encoding windows-1252 --no-quoting --text-column Tweet --label-column Stance --split-by Target --folds 5"
seeds="--data labels/seeds.csv --text-column sentence --group-column article --folds 5"

declare -A settings=(
  [words12]="--ngrams 1-2 --char-ngrams off"
  [words12_chars25]="--ngrams 1-2 --char-ngrams 2-5"
  [words13_chars25]="--ngrams 1-3 --char-ngrams 2-5"
  [words12_chars25_stem]="--ngrams 1-2 --char-ngrams 2-5 --stem"
  [words12_chars25_unweighted]="--ngrams 1-2 --char-ngrams 2-5 --class-weight none"
  [words12_chars25_rawtf]="--ngrams 1-2 --char-ngrams 2-5 --raw-tf"
  [words12_chars35]="--ngrams 1-2 --char-ngrams 3-5"
  [words12_chars25_stop]="--ngrams 1-2 --char-ngrams 2-5 --stop-words"
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${!settings[@]}")

summarise() { python3 scripts/summarise_cv.py; }

for name in $(printf '%s\n' "${names[@]}" | sort); do
  s=${settings[$name]}
  for data in ${DATASETS:-semeval fpb_all seeds_stance seeds_sentiment}; do
    case $data in
      semeval) args="$sem" ;;
      fpb_all) args="--data $shared/financial-phrasebank/Sentences_AllAgree.txt $fpb" ;;
      fpb_50) args="--data $shared/financial-phrasebank/Sentences_50Agree.txt $fpb" ;;
      seeds_stance) args="$seeds --label-column stance" ;;
      seeds_sentiment) args="$seeds --label-column sentiment" ;;
    esac
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    line=$($slant cv $args $s --json | summarise)
    printf '%-28s %-16s %s  (%.0f s)\n' "$name" "$data" "$line" "$(echo "$(date +%s.%N) - $start" | bc)"
  done
done
