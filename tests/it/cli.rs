//! The `slant` command end to end: the files `vectorize` writes (checked against TF-IDF computed here
//! by hand), how it reads odd input files, how it fails, and the CSV `sentences` prints.
//!
//! Every test works in its own temporary directory (also the command's working directory), writes
//! its own small inputs there and never touches the repository's working tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

use crate::common::{fails, slant, tempdir, write};

/// Largest absolute difference accepted between slant's values and the ones computed here.
const TOLERANCE: f64 = 1e-12;

/// `slant vectorize --data DATA --out-dir OUT` plus `args`.
fn vectorize(dir: &Path, data: &Path, out: &Path, args: &[&str]) -> Command {
    let mut cmd = slant(dir);
    cmd.arg("vectorize")
        .arg("--data")
        .arg(data)
        .arg("--out-dir")
        .arg(out)
        .args(args);
    cmd
}

/// The lines of a text file slant wrote.
fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// One svmlight line: the label and the `(1-based index, value)` pairs.
type SvmRow = (String, Vec<(usize, f64)>);

/// Parses `features.svmlight`, checking every line is well formed with strictly increasing indices.
fn svmlight(path: &Path) -> Vec<SvmRow> {
    lines(path)
        .iter()
        .map(|line| {
            let mut cells = line.split(' ');
            let label = cells.next().unwrap().to_string();
            let pairs: Vec<(usize, f64)> = cells
                .map(|cell| {
                    let (i, v) = cell.split_once(':').unwrap();
                    (i.parse().unwrap(), v.parse().unwrap())
                })
                .collect();
            assert!(
                pairs.windows(2).all(|w| w[0].0 < w[1].0),
                "indices not increasing: {line}"
            );
            assert!(pairs.iter().all(|&(i, _)| i >= 1), "0 index: {line}");
            (label, pairs)
        })
        .collect()
}

/// The label column of `features.svmlight`.
fn labels(out: &Path) -> Vec<String> {
    svmlight(&out.join("features.svmlight"))
        .into_iter()
        .map(|(label, _)| label)
        .collect()
}

/// Runs a vectorize that must succeed and returns the vocabulary it wrote.
fn vocabulary_of(dir: &Path, data: &Path, args: &[&str]) -> Vec<String> {
    let out = dir.join("out");
    vectorize(dir, data, &out, args).assert().success();
    lines(&out.join("vocabulary.txt"))
}

/// Sublinear TF-IDF with smooth idf and l2 norm over whitespace tokens (lowercased) and word 1- and
/// 2-grams, written out plainly so it shares nothing with the library: the sorted vocabulary and,
/// per document, the value of every term it contains.
fn reference_tfidf(docs: &[&str]) -> (Vec<String>, Vec<BTreeMap<String, f64>>) {
    let counts: Vec<BTreeMap<String, u32>> = docs
        .iter()
        .map(|doc| {
            let tokens: Vec<String> = doc.split_whitespace().map(str::to_lowercase).collect();
            let mut counts = BTreeMap::new();
            for n in 1..=2 {
                for gram in tokens.windows(n) {
                    *counts.entry(gram.join(" ")).or_insert(0) += 1;
                }
            }
            counts
        })
        .collect();
    let mut df: BTreeMap<String, u32> = BTreeMap::new();
    for doc in &counts {
        for term in doc.keys() {
            *df.entry(term.clone()).or_insert(0) += 1;
        }
    }
    let n = docs.len() as f64;
    let rows = counts
        .iter()
        .map(|doc| {
            let mut row: BTreeMap<String, f64> = doc
                .iter()
                .map(|(term, &tf)| {
                    let idf = ((1.0 + n) / (1.0 + f64::from(df[term]))).ln() + 1.0;
                    (term.clone(), (1.0 + f64::from(tf).ln()) * idf)
                })
                .collect();
            let norm = row.values().map(|v| v * v).sum::<f64>().sqrt();
            row.values_mut().for_each(|v| *v /= norm);
            row
        })
        .collect();
    (df.into_keys().collect(), rows)
}

// ---------------------------------------------------------------------------------------------
// slant vectorize: what it writes

#[test]
fn acceptance_form_writes_hand_checked_sublinear_tfidf() {
    let dir = tempdir();
    let docs = ["The cat sat the cat", "the dog sat", "Dog DOG cat"];
    let mut csv = String::from("id,body\n");
    for (i, doc) in docs.iter().enumerate() {
        csv.push_str(&format!("{i},{doc}\n"));
    }
    let data = write(dir.path(), "tiny.csv", csv);
    let out = dir.path().join("features");
    slant(dir.path())
        .args(["vectorize", "--data"])
        .arg(&data)
        .args(["--text-column", "body", "--tokenizer", "whitespace"])
        .args(["--ngrams", "1-2", "--sublinear-tf", "--min-df", "1"])
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 rows, 11 features"));

    let vocabulary = lines(&out.join("vocabulary.txt"));
    assert_eq!(
        vocabulary,
        [
            "cat", "cat sat", "dog", "dog cat", "dog dog", "dog sat", "sat", "sat the", "the",
            "the cat", "the dog"
        ]
    );
    let (expected_vocabulary, expected_rows) = reference_tfidf(&docs);
    assert_eq!(vocabulary, expected_vocabulary);

    let rows = svmlight(&out.join("features.svmlight"));
    assert_eq!(rows.len(), docs.len(), "one line per input row");
    for (d, ((label, pairs), expected)) in rows.iter().zip(&expected_rows).enumerate() {
        assert_eq!(label, "0", "row {d}: label without --label-column");
        let got: BTreeMap<String, f64> = pairs
            .iter()
            .map(|&(i, v)| (vocabulary[i - 1].clone(), v))
            .collect();
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "row {d}: terms"
        );
        for (term, want) in expected {
            let have = got[term];
            assert!(
                (have - want).abs() <= TOLERANCE,
                "row {d} {term:?}: {have} vs {want}"
            );
        }
    }

    // Row 2 ("the dog sat") by hand: every tf is 1; the, dog, sat are in 2 of 3 documents, the two
    // bigrams in 1: idf = ln(4/3) + 1 and ln(4/2) + 1.
    let (a, b) = ((4.0f64 / 3.0).ln() + 1.0, 2.0f64.ln() + 1.0);
    let norm = (3.0 * a * a + 2.0 * b * b).sqrt();
    let row: BTreeMap<&str, f64> = rows[1]
        .1
        .iter()
        .map(|&(i, v)| (vocabulary[i - 1].as_str(), v))
        .collect();
    assert_eq!(row.len(), 5);
    for (term, want) in [
        ("the", a / norm),
        ("dog", a / norm),
        ("sat", a / norm),
        ("the dog", b / norm),
        ("dog sat", b / norm),
    ] {
        assert!(
            (row[term] - want).abs() <= TOLERANCE,
            "{term}: {}",
            row[term]
        );
    }
    // Nothing else in the directory: no temporary files left behind.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["features.svmlight", "vocabulary.txt"]);
}

#[test]
fn named_labels_become_sorted_class_numbers_listed_in_labels_txt() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "l.csv",
        "text,stance\nwe agree,agree\nwe do not, disagree\nfine,agree\nmaybe,discuss\n",
    );
    let out = dir.path().join("out");
    vectorize(
        dir.path(),
        &data,
        &out,
        &["--text-column", "text", "--label-column", "stance"],
    )
    .assert()
    .success();
    assert_eq!(labels(&out), ["0", "1", "0", "2"]);
    assert_eq!(
        lines(&out.join("labels.txt")),
        ["agree", "disagree", "discuss"]
    );
}

#[test]
fn numeric_labels_are_written_as_they_are() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "n.csv",
        "text,score\nup,1\ndown,-1\nflat,0.5\nagain,1\n",
    );
    let out = dir.path().join("out");
    vectorize(
        dir.path(),
        &data,
        &out,
        &["--text-column", "text", "--label-column", "score"],
    )
    .assert()
    .success();
    assert_eq!(labels(&out), ["1", "-1", "0.5", "1"]);
    assert!(!out.join("labels.txt").exists());
}

#[test]
fn out_dir_is_created_and_rerunning_replaces_every_file() {
    let dir = tempdir();
    let out = dir.path().join("deep").join("er").join("out");
    let first = write(
        dir.path(),
        "a.csv",
        "text,stance\nalpha beta,pro\ngamma,con\n",
    );
    vectorize(
        dir.path(),
        &first,
        &out,
        &["--text-column", "text", "--label-column", "stance"],
    )
    .assert()
    .success();
    assert_eq!(
        lines(&out.join("vocabulary.txt")),
        ["alpha", "beta", "gamma"]
    );
    assert_eq!(lines(&out.join("labels.txt")), ["con", "pro"]);

    let second = write(dir.path(), "b.csv", "text,score\ndelta,3\n");
    vectorize(
        dir.path(),
        &second,
        &out,
        &["--text-column", "text", "--label-column", "score"],
    )
    .assert()
    .success();
    assert_eq!(lines(&out.join("vocabulary.txt")), ["delta"]);
    assert_eq!(lines(&out.join("features.svmlight")), ["3 1:1"]);
    assert!(
        !out.join("labels.txt").exists(),
        "labels.txt of the earlier run would name classes the new labels are not"
    );
}

#[test]
fn failing_runs_leave_existing_output_untouched() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let data = write(dir.path(), "d.csv", "text\none two\nthree\n");
    vectorize(dir.path(), &data, &out, &["--text-column", "text"])
        .assert()
        .success();
    let features = std::fs::read(out.join("features.svmlight")).unwrap();
    let vocabulary = std::fs::read(out.join("vocabulary.txt")).unwrap();

    // Fails while reading the header, and after reading every row (pruning).
    fails(
        &mut vectorize(dir.path(), &data, &out, &["--text-column", "body"]),
        1,
        &["no column named \"body\""],
    );
    fails(
        &mut vectorize(
            dir.path(),
            &data,
            &out,
            &["--text-column", "text", "--min-df", "2"],
        ),
        1,
        &["no terms remain"],
    );
    assert_eq!(
        std::fs::read(out.join("features.svmlight")).unwrap(),
        features
    );
    assert_eq!(
        std::fs::read(out.join("vocabulary.txt")).unwrap(),
        vocabulary
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        2,
        "temp files left"
    );
}

// ---------------------------------------------------------------------------------------------
// slant vectorize: bad input

#[test]
fn missing_file_is_named() {
    let dir = tempdir();
    let missing = dir.path().join("no-such.csv");
    let out = dir.path().join("out");
    fails(
        &mut vectorize(dir.path(), &missing, &out, &["--text-column", "text"]),
        1,
        &[&missing.display().to_string(), "no such file"],
    );
    assert!(!out.exists(), "a failed run must not create --out-dir");
}

#[test]
fn empty_file_and_header_only_file_are_errors() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let empty = write(dir.path(), "empty.csv", "");
    fails(
        &mut vectorize(dir.path(), &empty, &out, &["--text-column", "text"]),
        1,
        &["empty.csv", "the file is empty"],
    );
    let header_only = write(dir.path(), "header.csv", "id,text\n");
    fails(
        &mut vectorize(dir.path(), &header_only, &out, &["--text-column", "text"]),
        1,
        &["header.csv", "has a header but no rows"],
    );
}

#[test]
fn missing_column_lists_the_columns_there_are() {
    let dir = tempdir();
    let data = write(dir.path(), "c.csv", "id,Headline,articleBody\n1,a,b\n");
    let out = dir.path().join("out");
    fails(
        &mut vectorize(dir.path(), &data, &out, &["--text-column", "body"]),
        1,
        &[
            "no column named \"body\"",
            "the columns are: id, Headline, articleBody",
        ],
    );
    fails(
        &mut vectorize(
            dir.path(),
            &data,
            &out,
            &["--text-column", "articleBody", "--label-column", "Stance"],
        ),
        1,
        &["no column named \"Stance\"", "id, Headline, articleBody"],
    );
}

#[test]
fn ragged_row_names_its_line() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let data = write(dir.path(), "r.csv", "id,text\n1,fine\n2,too,many\n");
    fails(
        &mut vectorize(dir.path(), &data, &out, &["--text-column", "text"]),
        1,
        &["r.csv:3:", "this row has 3 fields but the header has 2"],
    );
    // A quoted field over two lines pushes the short row to line 5.
    let data = write(dir.path(), "m.csv", "id,text\n1,\"two\nlines\"\n2,ok\n3\n");
    fails(
        &mut vectorize(dir.path(), &data, &out, &["--text-column", "text"]),
        1,
        &["m.csv:5:", "this row has 1 field but"],
    );
}

#[test]
fn unclosed_quote_names_the_line_it_opens_on() {
    // Without the check the quoted field silently swallowed every later row.
    let dir = tempdir();
    let data = write(
        dir.path(),
        "open.csv",
        "id,text\n1,fine\n2,\"never closed\n3,swallowed\n4,rows\n",
    );
    fails(
        &mut vectorize(
            dir.path(),
            &data,
            &dir.path().join("out"),
            &["--text-column", "text"],
        ),
        1,
        &["open.csv:3:", "never closed", "--no-quoting"],
    );
}

#[test]
fn invalid_utf8_names_line_and_suggests_encoding() {
    let dir = tempdir();
    let data = write(dir.path(), "u.csv", b"id,text\n1,ok\n2,caf\xe9\n");
    fails(
        &mut vectorize(
            dir.path(),
            &data,
            &dir.path().join("out"),
            &["--text-column", "text"],
        ),
        1,
        &["u.csv:3:2:", "not valid UTF-8", "--encoding latin1"],
    );
}

#[test]
fn bad_flag_values_exit_2_and_name_the_flag() {
    let dir = tempdir();
    let data = write(dir.path(), "d.csv", "text\nsome words here\n");
    let out = dir.path().join("out");
    let run = |args: &[&str]| {
        let mut all = vec!["--text-column", "text"];
        all.extend_from_slice(args);
        vectorize(dir.path(), &data, &out, &all)
    };
    fails(&mut run(&["--ngrams", "2-1"]), 2, &["--ngrams", "2-1"]);
    fails(&mut run(&["--ngrams", "0-1"]), 2, &["--ngrams"]);
    fails(&mut run(&["--min-df", "lots"]), 2, &["--min-df", "lots"]);
    fails(&mut run(&["--min-df", "1.5"]), 2, &["--min-df"]);
    fails(&mut run(&["--min-df", "0"]), 2, &["--min-df"]);
    fails(&mut run(&["--max-df=-1"]), 2, &["--max-df"]);
    fails(
        &mut run(&["--encoding", "ebcdic"]),
        2,
        &["--encoding", "ebcdic", "latin1"],
    );
    fails(&mut run(&["--delimiter", "ab"]), 2, &["--delimiter"]);
    assert!(!out.exists());
}

#[test]
fn pruning_that_leaves_no_terms_is_explained() {
    let dir = tempdir();
    let data = write(dir.path(), "d.csv", "text\nred fox\nblue fox\nred hen\n");
    let out = dir.path().join("out");
    fails(
        &mut vectorize(
            dir.path(),
            &data,
            &out,
            &["--text-column", "text", "--min-df", "99"],
        ),
        1,
        &["3 documents", "min_df 99"],
    );
    fails(
        &mut vectorize(
            dir.path(),
            &data,
            &out,
            &["--text-column", "text", "--min-df", "3"],
        ),
        1,
        &["no terms remain", "lower min_df"],
    );
    assert!(!out.exists());
}

#[test]
fn directory_as_data_is_an_error() {
    let dir = tempdir();
    let data = dir.path().join("adir");
    std::fs::create_dir(&data).unwrap();
    fails(
        &mut vectorize(
            dir.path(),
            &data,
            &dir.path().join("out"),
            &["--text-column", "text"],
        ),
        1,
        &["adir", "is a directory"],
    );
}

// ---------------------------------------------------------------------------------------------
// slant vectorize: input variants

const WS: [&str; 2] = ["--tokenizer", "whitespace"];

#[test]
fn utf8_bom_is_not_part_of_the_first_column_name() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "bom.csv",
        b"\xEF\xBB\xBFtext,id\nhello world,1\n",
    );
    let vocabulary = vocabulary_of(dir.path(), &data, &["--text-column", "text"]);
    assert_eq!(vocabulary, ["hello", "world"]);
}

#[test]
fn crlf_and_cr_only_line_ends_are_read_as_lines() {
    let dir = tempdir();
    for (name, bytes) in [
        ("crlf.csv", "id,text\r\n1,alpha beta\r\n2,gamma\r\n"),
        ("cr.csv", "id,text\r1,alpha beta\r2,gamma\r"),
    ] {
        let data = write(dir.path(), name, bytes);
        let out = dir.path().join(name.replace('.', "_"));
        let mut args = vec!["--text-column", "text", "--label-column", "id"];
        args.extend(WS);
        vectorize(dir.path(), &data, &out, &args).assert().success();
        assert_eq!(
            lines(&out.join("vocabulary.txt")),
            ["alpha", "beta", "gamma"]
        );
        assert_eq!(labels(&out), ["1", "2"], "{name}");
    }
}

#[test]
fn quoted_field_may_span_lines() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "q.csv",
        "id,text\n1,\"first line,\nsecond \"\"line\"\"\"\n2,third\n",
    );
    let out = dir.path().join("out");
    let mut args = vec!["--text-column", "text", "--label-column", "id"];
    args.extend(WS);
    vectorize(dir.path(), &data, &out, &args).assert().success();
    assert_eq!(labels(&out), ["1", "2"]);
    assert_eq!(
        lines(&out.join("vocabulary.txt")),
        ["\"line\"", "first", "line,", "second", "third"]
    );
}

#[test]
fn unquoted_tsv_keeps_bare_quotes() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "tweets.txt",
        "ID\tTweet\tStance\n1\tshe said \"no\tAGAINST\n2\t\"yes\" he said\tFAVOR\n",
    );
    let out = dir.path().join("out");
    let mut args = vec![
        "--delimiter",
        "tab",
        "--no-quoting",
        "--text-column",
        "Tweet",
        "--label-column",
        "Stance",
    ];
    args.extend(WS);
    vectorize(dir.path(), &data, &out, &args).assert().success();
    assert_eq!(
        lines(&out.join("vocabulary.txt")),
        ["\"no", "\"yes\"", "he", "said", "she"]
    );
    assert_eq!(labels(&out), ["0", "1"]);
    assert_eq!(lines(&out.join("labels.txt")), ["AGAINST", "FAVOR"]);
}

#[test]
fn latin1_and_windows_1252_are_decoded() {
    let dir = tempdir();
    let data = write(dir.path(), "l1.csv", b"text\ncaf\xe9 na\xefve\n");
    let mut args = vec!["--encoding", "latin1", "--text-column", "text"];
    args.extend(WS);
    assert_eq!(vocabulary_of(dir.path(), &data, &args), ["café", "naïve"]);

    // 0x80, 0x93 and 0x94 are € and curly quotes in Windows-1252 but control characters in Latin-1.
    let data = write(dir.path(), "cp.csv", b"text\n\x93caf\xe9\x94 \x80\n");
    let mut args = vec![
        "--encoding",
        "windows-1252",
        "--keep-quotes",
        "--text-column",
        "text",
    ];
    args.extend(WS);
    assert_eq!(vocabulary_of(dir.path(), &data, &args), ["“café”", "€"]);
    args[1] = "latin1";
    assert_eq!(
        vocabulary_of(dir.path(), &data, &args),
        ["\u{80}", "\u{93}café\u{94}"]
    );
}

#[test]
fn headerless_at_separated_file_with_named_columns() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "Sentences_50Agree.txt",
        b"Sales rose 5 % .@positive\nLoss widened .@negative\nNo change@neutral\n",
    );
    let out = dir.path().join("out");
    let mut args = vec![
        "--delimiter",
        "@",
        "--columns",
        "sentence,label",
        "--encoding",
        "latin1",
        "--text-column",
        "sentence",
        "--label-column",
        "label",
    ];
    args.extend(WS);
    vectorize(dir.path(), &data, &out, &args).assert().success();
    assert_eq!(labels(&out), ["2", "0", "1"], "the first line is a row");
    assert_eq!(
        lines(&out.join("labels.txt")),
        ["negative", "neutral", "positive"]
    );
    assert!(lines(&out.join("vocabulary.txt")).contains(&"sales".to_string()));
}

#[test]
fn tsv_extension_picks_tab() {
    let dir = tempdir();
    let data = write(dir.path(), "x.tsv", "id\ttext\n1\thello, world\n");
    let mut args = vec!["--text-column", "text"];
    args.extend(WS);
    assert_eq!(vocabulary_of(dir.path(), &data, &args), ["hello,", "world"]);
}

#[test]
fn data_dash_reads_standard_input() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let mut args = vec!["--text-column", "text"];
    args.extend(WS);
    vectorize(dir.path(), Path::new("-"), &out, &args)
        .write_stdin("text\nfrom stdin\nagain\n")
        .assert()
        .success();
    assert_eq!(
        lines(&out.join("vocabulary.txt")),
        ["again", "from", "stdin"]
    );
    assert_eq!(lines(&out.join("features.svmlight")).len(), 2);
    // An error on standard input says so.
    let mut cmd = vectorize(dir.path(), Path::new("-"), &out, &["--text-column", "body"]);
    cmd.write_stdin("text\nx\n");
    fails(&mut cmd, 1, &["<stdin>", "no column named \"body\""]);
}

// ---------------------------------------------------------------------------------------------
// slant sentences

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seeds")
}

#[test]
fn sentences_of_the_seeds_are_exact_spans() {
    let dir = tempdir();
    let output = slant(dir.path())
        .arg("sentences")
        .arg(seeds())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut csv = csv::Reader::from_reader(output.as_slice());
    let header: Vec<&str> = csv.headers().unwrap().iter().collect();
    assert_eq!(header, ["file", "index", "start", "end", "sentence"]);
    let mut rows = 0;
    let mut sources: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for record in csv.records() {
        let record = record.unwrap();
        rows += 1;
        let file = record[0].to_string();
        let source = sources
            .entry(file.clone())
            .or_insert_with(|| std::fs::read(seeds().join(&file)).unwrap());
        let (start, end): (usize, usize) = (record[2].parse().unwrap(), record[3].parse().unwrap());
        assert_eq!(
            record[4].as_bytes(),
            &source[start..end],
            "{file} sentence {}",
            &record[1]
        );
    }
    assert_eq!(rows, 84);
    assert_eq!(sources.len(), 5, "every seed article has sentences");

    let out = dir.path().join("sentences.csv");
    slant(dir.path())
        .arg("sentences")
        .arg(seeds())
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    assert_eq!(std::fs::read(&out).unwrap(), output);
}

#[test]
fn sentences_of_a_missing_path_is_an_error() {
    let dir = tempdir();
    let missing = dir.path().join("gone.txt");
    let out = dir.path().join("s.csv");
    fails(
        slant(dir.path())
            .arg("sentences")
            .arg(&missing)
            .arg("--out")
            .arg(&out),
        1,
        &[&missing.display().to_string(), "no such file"],
    );
    assert!(!out.exists());
}

#[test]
fn sentences_that_look_like_formulas_are_neutralised() {
    let dir = tempdir();
    let article = write(
        dir.path(),
        "article.txt",
        "=HYPERLINK(\"x\") was pasted into the page.\n\n@SUM(1) is another formula here.\n",
    );
    let output = slant(dir.path())
        .arg("sentences")
        .arg(&article)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let sentences: Vec<String> = csv::Reader::from_reader(output.as_slice())
        .records()
        .map(|r| r.unwrap()[4].to_string())
        .collect();
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("'=HYPERLINK(\"x\")")),
        "{sentences:?}"
    );
    assert!(
        sentences.iter().any(|s| s.starts_with("'@SUM(1)")),
        "{sentences:?}"
    );
    assert!(
        sentences.iter().all(|s| s.starts_with('\'')),
        "{sentences:?}"
    );
}

#[test]
fn tab_separated_txt_is_recognised_from_its_header() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "tweets.txt",
        "ID\tTweet\tStance\r\n1\tgood, very good\tFAVOR\r\n2\tbad\tAGAINST\r\n",
    );
    let out = dir.path().join("out");
    let run = slant(dir.path())
        .args([
            "vectorize",
            "--text-column",
            "Tweet",
            "--label-column",
            "Stance",
        ])
        .arg("--data")
        .arg(&data)
        .arg("--out-dir")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let vocabulary = std::fs::read_to_string(out.join("vocabulary.txt")).unwrap();
    assert_eq!(vocabulary, "bad\ngood\nvery\n");
}
