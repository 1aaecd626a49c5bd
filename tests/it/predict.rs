//! `slant predict` end to end: models trained here on the seed labels score the seed articles and
//! small files written here, in every input form, with hostile text and bad inputs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use slant::corpus::{ArticleOptions, read_articles};
use slant::report::tables::{Cell, Layout, TableFormat, TableWriter};
use slant::score::{NamedModel, ScoreSettings, load_models, score_articles_with};

use crate::common::{fails, repo, slant, tempdir, write};

/// Trains a model on the seed labels' `label` column into `dir/<label>.model`.
fn train(dir: &Path, label: &str) -> PathBuf {
    let model = dir.join(format!("{label}.model"));
    let out = slant(dir)
        .args([
            "train",
            "--text-column",
            "sentence",
            "--label-column",
            label,
        ])
        .args(["--c", "3", "--cv-folds", "0"])
        .arg("--data")
        .arg(repo("labels/seeds.csv"))
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    model
}

/// Runs `slant predict` with `args` in `dir`, checks success, and returns standard error.
fn predict(dir: &Path, args: &[&str]) -> String {
    let out = slant(dir).arg("predict").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// A CSV file as a header and rows of (column → value).
fn table(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

fn num(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}: {:?}", row[key]))
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Copies the seed articles and manifest into `dir/articles`.
fn copy_seeds(dir: &Path) -> PathBuf {
    let articles = dir.join("articles");
    std::fs::create_dir(&articles).unwrap();
    for entry in std::fs::read_dir(repo("data/seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, articles.join(path.file_name().unwrap())).unwrap();
    }
    articles
}

#[test]
fn seeds_give_three_tables_that_agree_with_the_sentence_splitter() {
    let dir = tempdir();
    let model = train(dir.path(), "stance");
    let seeds = repo("data/seeds");
    let stderr = predict(
        dir.path(),
        &[
            "--model",
            model.to_str().unwrap(),
            "--articles",
            seeds.to_str().unwrap(),
            "--out-dir",
            "out",
        ],
    );
    assert!(
        stderr.contains("MANIFEST.csv (found in the directory)"),
        "{stderr}"
    );
    assert!(stderr.contains("read 5 articles"), "{stderr}");
    assert!(stderr.contains("4 outlets"), "{stderr}");
    let out = dir.path().join("out");

    let (header, sentences) = table(&out.join("sentences.csv"));
    assert_eq!(
        header,
        s(&[
            "article",
            "outlet",
            "index",
            "start",
            "end",
            "sentence",
            "label",
            "p_neutral",
            "p_pro-cooperation",
            "p_skeptical",
            "slant",
            "explanation"
        ])
    );
    // Sentence counts per article equal what `slant sentences` finds in each file.
    let split = slant(dir.path())
        .arg("sentences")
        .arg(&seeds)
        .output()
        .unwrap();
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    let mut r = csv::Reader::from_reader(split.stdout.as_slice());
    for rec in r.records() {
        let file = rec.unwrap()[0].trim_end_matches(".txt").to_string();
        *expected.entry(file).or_default() += 1;
    }
    let mut got: BTreeMap<String, usize> = BTreeMap::new();
    for row in &sentences {
        *got.entry(row["article"].clone()).or_default() += 1;
    }
    assert_eq!(got, expected);
    for row in &sentences {
        for junk in [
            "Advertisement",
            "Share Your Comments",
            "Please enter",
            "Photo by",
            "Read more",
        ] {
            assert!(
                !row["sentence"].contains(junk),
                "boilerplate: {}",
                row["sentence"]
            );
        }
        let p = num(row, "p_neutral") + num(row, "p_pro-cooperation") + num(row, "p_skeptical");
        assert!((p - 1.0).abs() < 1e-9, "{p}");
        let slant = num(row, "p_pro-cooperation") - num(row, "p_skeptical");
        assert!((num(row, "slant") - slant).abs() < 1e-12);
        // The byte span slices the article file exactly.
        let file = std::fs::read(seeds.join(format!("{}.txt", row["article"]))).unwrap();
        let (start, end) = (num(row, "start") as usize, num(row, "end") as usize);
        assert_eq!(&file[start..end], row["sentence"].as_bytes());
        assert_eq!(
            row["explanation"].split(" | ").count(),
            3,
            "{}",
            row["explanation"]
        );
    }

    let (header, articles) = table(&out.join("articles.csv"));
    assert_eq!(
        header,
        s(&[
            "article",
            "outlet",
            "date",
            "sentences",
            "share_neutral",
            "share_pro-cooperation",
            "share_skeptical",
            "slant"
        ])
    );
    assert_eq!(articles.len(), 5);
    assert_eq!(articles[1]["outlet"], "UPI");
    assert_eq!(articles[1]["date"], "2015-09-18");
    for a in &articles {
        let shares =
            num(a, "share_neutral") + num(a, "share_pro-cooperation") + num(a, "share_skeptical");
        assert!((shares - 1.0).abs() < 1e-12);
        assert!((-1.0..=1.0).contains(&num(a, "slant")));
    }

    let (header, outlets) = table(&out.join("outlets.csv"));
    assert_eq!(
        header,
        s(&[
            "outlet",
            "articles",
            "sentences",
            "share_neutral",
            "share_pro-cooperation",
            "share_skeptical",
            "slant",
            "slant_low",
            "slant_high",
            "interval_basis"
        ])
    );
    let names: BTreeSet<&str> = outlets.iter().map(|o| o["outlet"].as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["GJWHG", "UPI", "nsnbc", "unattributed-share-template"])
    );
    let slants: Vec<f64> = outlets.iter().map(|o| num(o, "slant")).collect();
    assert!(
        slants.windows(2).all(|w| w[0] >= w[1]),
        "sorted by slant: {slants:?}"
    );
    for o in &outlets {
        assert!(
            num(o, "slant_low") <= num(o, "slant") && num(o, "slant") <= num(o, "slant_high"),
            "{o:?}"
        );
        let basis = if o["outlet"] == "unattributed-share-template" {
            "articles"
        } else {
            "sentences"
        };
        assert_eq!(o["interval_basis"], basis);
    }
    let total: f64 = outlets.iter().map(|o| num(o, "sentences")).sum();
    assert_eq!(total as usize, sentences.len());
}

#[test]
fn same_seed_same_bytes_and_jsonl_has_the_same_content() {
    let dir = tempdir();
    let model = train(dir.path(), "stance");
    let seeds = repo("data/seeds");
    let base = [
        "--model",
        model.to_str().unwrap(),
        "--articles",
        seeds.to_str().unwrap(),
        "--quiet",
    ];
    for out in ["a", "b"] {
        let stderr = predict(
            dir.path(),
            &[&base[..], &["--out-dir", out, "--seed", "7"]].concat(),
        );
        assert!(stderr.is_empty(), "--quiet prints nothing here: {stderr}");
    }
    for name in ["sentences.csv", "articles.csv", "outlets.csv"] {
        let a = std::fs::read(dir.path().join("a").join(name)).unwrap();
        assert_eq!(
            a,
            std::fs::read(dir.path().join("b").join(name)).unwrap(),
            "{name}"
        );
    }
    predict(
        dir.path(),
        &[
            &base[..],
            &["--out-dir", "j", "--seed", "7", "--format", "jsonl"],
        ]
        .concat(),
    );
    for name in ["sentences", "articles", "outlets"] {
        let (header, rows) = table(&dir.path().join("a").join(format!("{name}.csv")));
        let text =
            std::fs::read_to_string(dir.path().join("j").join(format!("{name}.jsonl"))).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), rows.len(), "{name}");
        for (row, line) in rows.iter().zip(&lines) {
            let object = line.as_object().unwrap();
            assert_eq!(object.len(), header.len());
            for key in &header {
                let cell = match &object[key] {
                    serde_json::Value::String(t) => t.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                if let (Ok(a), Ok(b)) = (cell.parse::<f64>(), row[key].parse::<f64>()) {
                    assert_eq!(a, b, "{name} {key}");
                } else {
                    assert_eq!(cell, row[key], "{name} {key}");
                }
            }
        }
    }
}

#[test]
fn two_models_side_by_side_have_prefixed_columns() {
    let dir = tempdir();
    let models = dir.path().join("models");
    std::fs::create_dir(&models).unwrap();
    train(&models, "stance");
    train(&models, "sentiment");
    let seeds = repo("data/seeds");
    predict(
        dir.path(),
        &[
            "--model",
            "models",
            "--articles",
            seeds.to_str().unwrap(),
            "--out-dir",
            "out",
        ],
    );
    let (header, rows) = table(&dir.path().join("out/sentences.csv"));
    assert_eq!(
        header,
        s(&[
            "article",
            "outlet",
            "index",
            "start",
            "end",
            "sentence",
            "sentiment_label",
            "sentiment_p_negative",
            "sentiment_p_neutral",
            "sentiment_p_positive",
            "sentiment_slant",
            "sentiment_explanation",
            "stance_label",
            "stance_p_neutral",
            "stance_p_pro-cooperation",
            "stance_p_skeptical",
            "stance_slant",
            "stance_explanation"
        ])
    );
    for row in &rows {
        let p = num(row, "sentiment_p_negative")
            + num(row, "sentiment_p_neutral")
            + num(row, "sentiment_p_positive");
        assert!((p - 1.0).abs() < 1e-9);
    }
    let (header, outlets) = table(&dir.path().join("out/outlets.csv"));
    for col in [
        "articles",
        "stance_slant_low",
        "sentiment_slant_high",
        "sentiment_interval_basis",
    ] {
        assert!(header.contains(&col.to_string()), "{col} not in {header:?}");
    }
    for o in &outlets {
        for m in ["stance", "sentiment"] {
            let (low, mid, high) = (
                num(o, &format!("{m}_slant_low")),
                num(o, &format!("{m}_slant")),
                num(o, &format!("{m}_slant_high")),
            );
            assert!(low <= mid && mid <= high);
        }
    }
    // The same models named one by one give the same tables.
    predict(
        dir.path(),
        &[
            "--model",
            "models/sentiment.model",
            "--model",
            "models/stance.model",
            "--articles",
            seeds.to_str().unwrap(),
            "--out-dir",
            "out2",
        ],
    );
    for name in ["sentences.csv", "outlets.csv"] {
        assert_eq!(
            std::fs::read(dir.path().join("out").join(name)).unwrap(),
            std::fs::read(dir.path().join("out2").join(name)).unwrap()
        );
    }
}

#[test]
fn hostile_text_passes_through_as_text_and_bad_files_are_skipped() {
    let dir = tempdir();
    let model = train(dir.path(), "stance");
    let articles = copy_seeds(dir.path());
    write(
        &articles,
        "evil.txt",
        "Talks <script>alert(1)</script> went on in Geneva.\n=HYPERLINK(\"http://x\") said the talks failed.\n",
    );
    write(&articles, "junk.txt", b"\x7fELF\x02\x01\x00\x00binary");
    write(
        &articles,
        "stray.txt",
        "Nobody listed this article about the talks.\n",
    );
    let manifest = std::fs::read_to_string(articles.join("MANIFEST.csv")).unwrap();
    write(
        &articles,
        "MANIFEST.csv",
        format!("{manifest}evil.txt,<b>Evil & Co</b>,2020-01-01\n"),
    );
    let stderr = predict(
        dir.path(),
        &[
            "--model",
            model.to_str().unwrap(),
            "--articles",
            "articles",
            "--out-dir",
            "out",
        ],
    );
    assert!(
        stderr.contains("slant: warning: skipped articles/junk.txt: a binary file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("slant: warning: articles/stray.txt: not in the manifest"),
        "{stderr}"
    );
    assert!(stderr.contains("read 7 articles"), "{stderr}");
    assert!(stderr.contains("skipped 1 unreadable file"), "{stderr}");
    let (_, sentences) = table(&dir.path().join("out/sentences.csv"));
    let evil: Vec<&BTreeMap<String, String>> = sentences
        .iter()
        .filter(|r| r["article"] == "evil")
        .collect();
    assert_eq!(evil.len(), 2);
    assert_eq!(evil[0]["outlet"], "<b>Evil & Co</b>");
    assert!(evil[0]["sentence"].contains("<script>alert(1)</script>"));
    assert!(
        evil[1]["sentence"].starts_with("'=HYPERLINK("),
        "{}",
        evil[1]["sentence"]
    );
    let raw = std::fs::read_to_string(dir.path().join("out/sentences.csv")).unwrap();
    assert!(!raw.contains(",=HYPERLINK"));
    let (_, outlets) = table(&dir.path().join("out/outlets.csv"));
    let names: BTreeSet<&str> = outlets.iter().map(|o| o["outlet"].as_str()).collect();
    assert!(
        names.contains("<b>Evil & Co</b>") && names.contains("unknown"),
        "{names:?}"
    );
    assert!(!sentences.iter().any(|r| r["article"] == "junk"));
}

#[test]
fn an_explicit_manifest_missing_a_file_gives_unknown_and_a_warning() {
    let dir = tempdir();
    let model = train(dir.path(), "stance");
    let articles = copy_seeds(dir.path());
    std::fs::remove_file(articles.join("MANIFEST.csv")).unwrap();
    let manifest = write(
        dir.path(),
        "m.csv",
        "file,outlet,date,section\n000_9edb226c57258372.txt,GJWHG,2015-09-18,world\nmissing.txt,X,,\n",
    );
    let stderr = predict(
        dir.path(),
        &[
            "--model",
            model.to_str().unwrap(),
            "--articles",
            "articles",
            "--out-dir",
            "out",
            "--manifest",
            manifest.to_str().unwrap(),
        ],
    );
    assert!(
        stderr.contains("001_4381e5166d85121b.txt: not in the manifest"),
        "{stderr}"
    );
    assert!(stderr.contains("names \"missing.txt\""), "{stderr}");
    assert!(!stderr.contains("found in the directory"), "{stderr}");
    let (header, articles) = table(&dir.path().join("out/articles.csv"));
    assert_eq!(header.last().map(String::as_str), Some("section"));
    assert_eq!(articles[0]["section"], "world");
    assert_eq!(
        (
            articles[1]["outlet"].as_str(),
            articles[1]["section"].as_str()
        ),
        ("unknown", "")
    );
}

#[test]
fn csv_jsonl_and_stdin_articles_are_read_with_titles() {
    let dir = tempdir();
    let model = train(dir.path(), "stance");
    let m = model.to_str().unwrap();
    let csv_input = "ID,Outlet,Date,Title,Text,author\n\
        a1, NYT ,2020-01-01,Talks begin,The sides agreed to cooperate. Critics doubt any deal.,Ann\n\
        a2,nyt,2020-01-02,,=SUM(1) is not a formula here.,Bob\n";
    write(dir.path(), "in.csv", csv_input);
    predict(
        dir.path(),
        &[
            "--model",
            m,
            "--articles",
            "in.csv",
            "--out-dir",
            "csv",
            "--fold-outlet-case",
        ],
    );
    let (_, sentences) = table(&dir.path().join("csv/sentences.csv"));
    assert_eq!(
        sentences[0]["sentence"], "Talks begin",
        "the title is the first sentence"
    );
    assert_eq!(
        sentences[1]["start"], "13",
        "spans index title + blank line + text"
    );
    assert!(sentences.iter().all(|r| r["outlet"] == "nyt"));
    assert!(
        sentences
            .iter()
            .any(|r| r["sentence"].starts_with("'=SUM(1)"))
    );
    let (header, articles) = table(&dir.path().join("csv/articles.csv"));
    assert_eq!(header.last().map(String::as_str), Some("author"));
    assert_eq!(articles[1]["author"], "Bob");
    let (_, outlets) = table(&dir.path().join("csv/outlets.csv"));
    assert_eq!(outlets.len(), 1, "--fold-outlet-case joins NYT and nyt");

    let jsonl = "{\"id\":\"a1\",\"outlet\":\"NYT\",\"date\":\"2020-01-01\",\"title\":\"Talks begin\",\
        \"text\":\"The sides agreed to cooperate. Critics doubt any deal.\"}\n\
        {\"id\":\"a2\",\"outlet\":\"nyt\",\"date\":null,\"text\":\"=SUM(1) is not a formula here.\"}\n";
    write(dir.path(), "in.jsonl", jsonl);
    predict(
        dir.path(),
        &[
            "--model",
            m,
            "--articles",
            "in.jsonl",
            "--out-dir",
            "jsonl",
            "--fold-outlet-case",
        ],
    );
    assert_eq!(
        std::fs::read(dir.path().join("csv/sentences.csv")).unwrap(),
        std::fs::read(dir.path().join("jsonl/sentences.csv")).unwrap()
    );

    for (name, input) in [("stdin-json", jsonl), ("stdin-csv", csv_input)] {
        let out = slant(dir.path())
            .args([
                "predict",
                "--model",
                m,
                "--articles",
                "-",
                "--out-dir",
                name,
                "--fold-outlet-case",
            ])
            .write_stdin(input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains("from standard input"), "{stderr}");
        assert_eq!(
            std::fs::read(dir.path().join("csv/sentences.csv")).unwrap(),
            std::fs::read(dir.path().join(name).join("sentences.csv")).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn bad_inputs_fail_cleanly_naming_the_problem() {
    let dir = tempdir();
    let model = train(dir.path(), "stance");
    let m = model.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut cmd = slant(dir.path());
        cmd.arg("predict").args(args).args(["--out-dir", "out"]);
        cmd
    };
    fails(
        &mut run(&["--model", m, "--articles", "nowhere"]),
        1,
        &["nowhere", "no such file or directory"],
    );
    let seeds = repo("data/seeds");
    let seeds = seeds.to_str().unwrap();
    fails(
        &mut run(&["--model", "none.model", "--articles", seeds]),
        1,
        &["none.model", "no such model file"],
    );
    write(
        dir.path(),
        "notext.csv",
        "id,outlet,date,body\n1,x,,hello\n",
    );
    fails(
        &mut run(&["--model", m, "--articles", "notext.csv"]),
        1,
        &[
            "notext.csv",
            "no column named \"text\"",
            "id, outlet, date, body",
        ],
    );
    write(
        dir.path(),
        "bad.jsonl",
        "{\"id\":1,\"outlet\":\"x\",\"date\":\"\",\"text\":\"ok\"}\n{oops\n",
    );
    fails(
        &mut run(&["--model", m, "--articles", "bad.jsonl"]),
        1,
        &["bad.jsonl:2: not valid JSON"],
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    write(&empty, "x.txt", b"\x00\x01");
    fails(
        &mut run(&["--model", m, "--articles", "empty"]),
        1,
        &["no articles to score", "x.txt"],
    );
    fails(
        &mut run(&["--model", m, "--articles", seeds, "--bootstrap", "0"]),
        2,
        &["--bootstrap"],
    );
    assert!(
        !dir.path().join("out/sentences.csv").exists(),
        "no partial output"
    );
}

/// `slant report` over the seeds plus a hostile article, with the shipped models.
fn report_with_evil_article(dir: &Path, out: &str) -> String {
    let articles = copy_seeds(dir);
    write(
        &articles,
        "evil.txt",
        "Officials said <script>alert(1)</script> the talks were constructive.\n",
    );
    let manifest = std::fs::read_to_string(articles.join("MANIFEST.csv")).unwrap();
    write(
        &articles,
        "MANIFEST.csv",
        format!("{manifest}evil.txt,<b>Evil & Co</b>,2020-01-01\n"),
    );
    let target = dir.join(out);
    let run = slant(dir)
        .arg("report")
        .arg("--model")
        .arg(repo("models"))
        .arg("--articles")
        .arg(&articles)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(target).unwrap()
}

#[test]
fn report_html_shows_hostile_article_text_and_outlet_only_as_text() {
    let dir = tempdir();
    let html = report_with_evil_article(dir.path(), "report.html");
    assert!(!html.contains("<script"), "a script tag reached the page");
    assert!(
        !html.contains("<b>Evil"),
        "an outlet's markup reached the page"
    );
    assert!(html.contains("&lt;b&gt;Evil &amp; Co&lt;/b&gt;"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for outlet in ["GJWHG", "UPI", "nsnbc", "unattributed-share-template"] {
        assert!(html.contains(outlet), "{outlet} missing");
    }
    assert!(
        !html.contains("<link") && !html.contains("src="),
        "the page must be self-contained"
    );
}

#[test]
fn report_markdown_of_the_seeds_matches_its_snapshot() {
    let dir = tempdir();
    let md = report_with_evil_article(dir.path(), "report.md");
    assert!(md.contains(r"\<b\>Evil \& Co\</b\>"), "{md}");
    // The articles directory is a temporary path: keep the snapshot stable.
    let stable = md.replace(
        &dir.path().join("articles").display().to_string(),
        "ARTICLES",
    );
    insta::assert_snapshot!("seeds_report_md", stable);
}

#[test]
fn report_without_out_prints_the_outlet_table() {
    let dir = tempdir();
    let run = slant(dir.path())
        .arg("report")
        .arg("--model")
        .arg(repo("models"))
        .arg("--articles")
        .arg(repo("data/seeds"))
        .output()
        .unwrap();
    assert!(run.status.success());
    let table = String::from_utf8(run.stdout).unwrap();
    assert!(
        table.contains("stance: slant = P(pro-cooperation) - P(skeptical)"),
        "{table}"
    );
    assert_eq!(
        table.lines().filter(|l| l.starts_with("UPI ")).count(),
        2,
        "{table}"
    );
    let mut bad = slant(dir.path());
    bad.args(["report", "--out", "report.pdf", "--articles"])
        .arg(repo("data/seeds"))
        .arg("--model")
        .arg(repo("models"));
    fails(&mut bad, 2, &["--out", ".html or .md"]);
}

/// Sentences of the seed labels, to build articles from.
fn seed_sentences() -> Vec<String> {
    let mut r = csv::Reader::from_path(repo("labels/seeds.csv")).unwrap();
    r.records().map(|rec| rec.unwrap()[2].to_string()).collect()
}

/// 600 articles (more than two scoring chunks) in five outlets, plus a one-article outlet, an article
/// without sentences, and extra keys that differ from line to line, as JSON Lines and as CSV.
fn generated_articles(dir: &Path) -> (PathBuf, PathBuf) {
    let sentences = seed_sentences();
    let outlets = ["AP", "Reuters", "UPI", "nsnbc", "Fox"];
    let mut jsonl = String::new();
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "outlet", "date", "title", "text", "section"])
        .unwrap();
    for i in 0..600usize {
        let text: Vec<&str> = (0..1 + i % 6)
            .map(|k| sentences[(i * 7 + k * 13) % sentences.len()].as_str())
            .collect();
        let mut text = text.join(" ");
        let mut outlet = outlets[i % outlets.len()];
        if i == 17 {
            outlet = "Solo News";
        }
        if i == 42 {
            text.clear();
        }
        let title = if i % 4 == 0 {
            sentences[i % 9].as_str()
        } else {
            ""
        };
        let section = ["world", "us", ""][i % 3];
        let mut line = serde_json::json!({
            "id": format!("a{i}"), "outlet": outlet, "date": "2016-09-10", "text": text,
        });
        if !title.is_empty() {
            line["title"] = title.into();
        }
        if i % 5 == 1 {
            line["section"] = section.into();
        }
        if i == 300 {
            line["author"] = "Ann".into();
        }
        jsonl.push_str(&format!("{line}\n"));
        let id = format!("a{i}");
        csv.write_record([id.as_str(), outlet, "2016-09-10", title, &text, section])
            .unwrap();
    }
    (
        write(dir, "gen.jsonl", jsonl),
        write(dir, "gen.csv", csv.into_inner().unwrap()),
    )
}

/// The three tables as the whole-set path renders them: every article read, then scored, then
/// written (what `slant predict` did before it streamed).
fn whole_set_tables(model: &Path, input: &Path, format: TableFormat) -> Vec<Vec<u8>> {
    let models = load_models(&[model.to_path_buf()]).unwrap();
    let set = read_articles(input, &ArticleOptions::default()).unwrap();
    let infos: Vec<_> = models.iter().map(NamedModel::info).collect();
    let layout = Layout::new(&infos, set.extra_columns());
    let mut sentence_rows = Vec::new();
    let scored = score_articles_with(&models, &set.articles, &ScoreSettings::default(), |a, s| {
        sentence_rows.extend(s.iter().map(|s| {
            let row = layout.sentence_row(a, s);
            row.into_iter().map(Cell::into_owned).collect::<Vec<_>>()
        }));
        Ok::<(), ()>(())
    })
    .unwrap();
    let render = |header: Vec<String>, rows: Vec<Vec<Cell>>| {
        let mut out = Vec::new();
        let mut table = TableWriter::new(&mut out, format, header).unwrap();
        for row in &rows {
            table.write_row(row).unwrap();
        }
        table.finish().unwrap();
        out
    };
    vec![
        render(layout.sentence_header(), sentence_rows),
        render(
            layout.article_header(),
            scored
                .articles
                .iter()
                .map(|a| layout.article_row(a))
                .collect(),
        ),
        render(
            layout.outlet_header(),
            scored
                .outlets
                .iter()
                .map(|o| layout.outlet_row(o))
                .collect(),
        ),
    ]
}

#[test]
fn streamed_tables_are_the_whole_set_tables_byte_for_byte() {
    let dir = tempdir();
    let model = repo("models/stance.model");
    let (jsonl, csv_input) = generated_articles(dir.path());
    for (input, format) in [
        (&jsonl, TableFormat::Csv),
        (&jsonl, TableFormat::Jsonl),
        (&csv_input, TableFormat::Csv),
    ] {
        let out = dir.path().join("out");
        let stderr = predict(
            dir.path(),
            &[
                "--model",
                model.to_str().unwrap(),
                "--articles",
                input.to_str().unwrap(),
                "--out-dir",
                out.to_str().unwrap(),
                "--format",
                format.extension(),
            ],
        );
        assert!(stderr.contains("read 600 articles"), "{stderr}");
        assert!(stderr.contains("6 outlets"), "{stderr}");
        let expected = whole_set_tables(&model, input, format);
        for (name, want) in ["sentences", "articles", "outlets"].iter().zip(&expected) {
            let path = out.join(format!("{name}.{}", format.extension()));
            let got = std::fs::read(&path).unwrap();
            assert!(
                got == *want,
                "{} differs from the whole-set table",
                path.display()
            );
        }
        let outlets = String::from_utf8(expected[2].clone()).unwrap();
        let solo = outlets.lines().find(|l| l.contains("Solo News")).unwrap();
        assert!(
            solo.ends_with(",sentences") || solo.ends_with("\"interval_basis\":\"sentences\"}"),
            "the one-article outlet is resampled over its sentences: {solo}"
        );
    }
    let header = std::fs::read_to_string(dir.path().join("out/articles.csv")).unwrap();
    assert!(
        header.starts_with("article,outlet,date,sentences,"),
        "{header}"
    );
}

#[test]
fn without_a_terminal_no_progress_bar_is_drawn() {
    let dir = tempdir();
    let model = repo("models/stance.model");
    let (jsonl, _) = generated_articles(dir.path());
    let stderr = predict(
        dir.path(),
        &[
            "--model",
            model.to_str().unwrap(),
            "--articles",
            jsonl.to_str().unwrap(),
            "--out-dir",
            "out",
        ],
    );
    let sentences = write(
        dir.path(),
        "s.csv",
        "id,text\n1,Talks went well.\n2,Critics doubt any deal.\n",
    );
    let classify = slant(dir.path())
        .args([
            "classify",
            "--model",
            model.to_str().unwrap(),
            "--text-column",
            "text",
        ])
        .arg("--data")
        .arg(&sentences)
        .args(["--out", "c.csv"])
        .output()
        .unwrap();
    assert!(classify.status.success());
    let classify_err = String::from_utf8(classify.stderr).unwrap();
    assert_eq!(classify_err, "slant: 2 rows classified\n");
    for text in [&stderr, &classify_err] {
        assert!(
            text.lines().all(|l| l.starts_with("slant: ")),
            "only summary lines: {text:?}"
        );
        assert!(!text.contains('\r') && !text.contains('\u{1b}'), "{text:?}");
    }
    let quiet = slant(dir.path())
        .args(["classify", "--quiet", "--model", model.to_str().unwrap()])
        .args(["--text-column", "text", "--data"])
        .arg(&sentences)
        .args(["--out", "c.csv"])
        .output()
        .unwrap();
    assert!(quiet.status.success() && quiet.stderr.is_empty());
}

#[test]
fn a_bad_row_past_the_first_chunks_fails_naming_its_line_and_leaves_nothing() {
    let dir = tempdir();
    let (_, csv_input) = generated_articles(dir.path());
    let mut text = std::fs::read_to_string(&csv_input).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("late,AP\n");
    write(dir.path(), "late.csv", text);
    let mut cmd = slant(dir.path());
    cmd.arg("predict")
        .arg("--model")
        .arg(repo("models/stance.model"))
        .args(["--articles", "late.csv", "--out-dir", "out/tables"]);
    fails(
        &mut cmd,
        1,
        &[&format!("late.csv:{line}: this row has 2 fields")],
    );
    assert!(
        !dir.path().join("out/tables").exists(),
        "no tables, no new directory"
    );
}
