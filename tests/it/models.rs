//! `train`, `classify`, `evaluate`, `cv` and `inspect` end to end on the project's own labels and on
//! small files written here, including every kind of bad input they must refuse cleanly.

use std::path::{Path, PathBuf};

use crate::common::{fails, repo, slant, tempdir, write};

/// A small two-class training file.
const TINY: &str = "text,label\n\
    talks were constructive and friendly,pro\n\
    the sides agreed to cooperate,pro\n\
    a deal was reached,pro\n\
    leaders hope for common ground,pro\n\
    talks collapsed amid distrust,anti\n\
    the truce has failed,anti\n\
    officials warned of confrontation,anti\n\
    critics doubt any deal,anti\n";

fn train_tiny(dir: &Path, extra: &[&str]) -> PathBuf {
    let data = write(dir, "tiny.csv", TINY);
    let model = dir.join("tiny.model");
    let mut cmd = slant(dir);
    cmd.args([
        "train",
        "--text-column",
        "text",
        "--label-column",
        "label",
        "--c",
        "10",
        "--cv-folds",
        "2",
    ])
    .arg("--data")
    .arg(&data)
    .arg("--out")
    .arg(&model)
    .args(extra);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    model
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn classify_writes_one_row_per_input_with_probabilities_summing_to_one() {
    let dir = tempdir();
    let model = train_tiny(dir.path(), &[]);
    let input = write(
        dir.path(),
        "in.csv",
        "id,text\n1,the talks were constructive\n2,\n3,the truce failed\n4,=cmd()\n",
    );
    let out = dir.path().join("pred.csv");
    let mut cmd = slant(dir.path());
    cmd.args([
        "classify",
        "--text-column",
        "text",
        "--keep",
        "id",
        "--explain",
        "2",
    ])
    .arg("--model")
    .arg(&model)
    .arg("--data")
    .arg(&input)
    .arg("--out")
    .arg(&out);
    assert!(cmd.output().unwrap().status.success());
    let (header, rows) = csv_rows(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(
        header,
        ["id", "label", "p_anti", "p_pro", "slant", "explanation"]
    );
    assert_eq!(rows.len(), 4, "empty text still gets a prediction");
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["1", "2", "3", "4"]
    );
    for r in &rows {
        let (a, p): (f64, f64) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        assert!((a + p - 1.0).abs() < 1e-12);
        let slant: f64 = r[4].parse().unwrap();
        assert!((slant - (p - a)).abs() < 1e-12);
        assert_eq!(r[1], if p >= a { "pro" } else { "anti" });
    }
    assert_eq!(rows[0][1], "pro");
    assert_eq!(rows[2][1], "anti");
    assert!(
        rows[0][5].contains("constructive"),
        "explanation: {}",
        rows[0][5]
    );
}

#[test]
fn evaluate_json_has_the_agreed_keys() {
    let dir = tempdir();
    let model = train_tiny(dir.path(), &[]);
    let data = write(
        dir.path(),
        "test.csv",
        "text,label\nconstructive talks,pro\ntalks failed,anti\nhello,pro\n",
    );
    let out = slant(dir.path())
        .args([
            "evaluate",
            "--text-column",
            "text",
            "--label-column",
            "label",
            "--json",
        ])
        .arg("--model")
        .arg(&model)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let accuracy = json["accuracy"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&accuracy));
    assert!((0.0..=1.0).contains(&json["macro_f1"].as_f64().unwrap()));
    assert_eq!(json["per_class"].as_array().unwrap().len(), 2);
    assert_eq!(json["confusion"].as_array().unwrap().len(), 2);
    let total: u64 = json["confusion"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total, 3);
}

#[test]
fn cv_on_the_seed_labels_groups_by_article_and_reports_spread() {
    let dir = tempdir();
    let out = slant(dir.path())
        .args([
            "cv",
            "--text-column",
            "sentence",
            "--label-column",
            "stance",
            "--group-column",
            "article",
        ])
        .args(["--folds", "5", "--json", "--c", "3"])
        .arg("--data")
        .arg(repo("labels/seeds.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["accuracy", "macro_f1", "f_avg"] {
        assert!((0.0..=1.0).contains(&json[key].as_f64().unwrap()), "{key}");
    }
    assert_eq!(json["per_fold"].as_array().unwrap().len(), 5);
    assert!(json["spread"]["macro_f1_std"].as_f64().unwrap() >= 0.0);
    assert_eq!(json["rows"].as_u64().unwrap(), 84);
    assert_eq!(json["grouped_by"], "article");
    // Grouped by article with five articles: each fold is exactly one article.
    let sizes: Vec<u64> = json["per_fold"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rows"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes.iter().sum::<u64>(), 84);
    assert!(sizes.iter().all(|&n| (16..=18).contains(&n)), "{sizes:?}");
}

#[test]
fn inspect_shows_metadata_and_top_terms() {
    let dir = tempdir();
    let model = train_tiny(dir.path(), &[]);
    let out = slant(dir.path())
        .arg("inspect")
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "classes      anti, pro",
        "tiny.csv (8 rows, sha256 ",
        "top terms for pro:",
        "converged",
        "cv           2-fold",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

#[test]
fn chosen_c_is_recorded_when_not_given() {
    let dir = tempdir();
    let data = write(dir.path(), "tiny.csv", TINY);
    let model = dir.path().join("m.model");
    let out = slant(dir.path())
        .args([
            "train",
            "--text-column",
            "text",
            "--label-column",
            "label",
            "--cv-folds",
            "0",
        ])
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(
        slant(dir.path())
            .arg("inspect")
            .arg(&model)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("chosen by"), "{text}");
}

#[test]
fn training_twice_gives_byte_identical_models_with_source_date_epoch() {
    let dir = tempdir();
    let a = train_tiny(dir.path(), &[]);
    let first = std::fs::read(&a).unwrap();
    let mut cmd = slant(dir.path());
    cmd.env("SOURCE_DATE_EPOCH", "0");
    let second_path = dir.path().join("b.model");
    let third_path = dir.path().join("c.model");
    for path in [&second_path, &third_path] {
        let out = slant(dir.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args([
                "train",
                "--text-column",
                "text",
                "--label-column",
                "label",
                "--c",
                "10",
                "--cv-folds",
                "2",
            ])
            .arg("--data")
            .arg(dir.path().join("tiny.csv"))
            .arg("--out")
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    assert_eq!(
        std::fs::read(&second_path).unwrap(),
        std::fs::read(&third_path).unwrap()
    );
    assert!(!first.is_empty());
}

#[test]
fn bad_training_input_is_refused_and_the_old_model_kept() {
    let dir = tempdir();
    let model = train_tiny(dir.path(), &[]);
    let before = std::fs::read(&model).unwrap();
    let cases: Vec<(&str, &str, Vec<&str>)> = vec![
        (
            "one_class.csv",
            "text,label\na b,x\nc d,x\n",
            vec!["one_class.csv", "at least two classes"],
        ),
        ("empty.csv", "", vec!["empty.csv", "empty"]),
        (
            "header.csv",
            "text,label\n",
            vec!["header.csv", "no labelled rows"],
        ),
        (
            "ragged.csv",
            "text,label\na,x\nb\n",
            vec!["ragged.csv:3", "1 field"],
        ),
        (
            "nolabel.csv",
            "text,stance\na,x\n",
            vec!["no column named \"label\"", "text, stance"],
        ),
    ];
    for (name, content, needles) in cases {
        let data = write(dir.path(), name, content);
        let mut cmd = slant(dir.path());
        cmd.args(["train", "--text-column", "text", "--label-column", "label"])
            .arg("--data")
            .arg(&data)
            .arg("--out")
            .arg(&model);
        fails(&mut cmd, 1, &needles);
        assert_eq!(
            std::fs::read(&model).unwrap(),
            before,
            "{name} touched the model"
        );
    }
    let latin = write(
        dir.path(),
        "latin.csv",
        b"text,label\ncaf\xe9,x\nb,y\n".as_slice(),
    );
    let mut cmd = slant(dir.path());
    cmd.args(["train", "--text-column", "text", "--label-column", "label"])
        .arg("--data")
        .arg(&latin)
        .arg("--out")
        .arg(&model);
    fails(&mut cmd, 1, &["latin.csv:2:1", "--encoding"]);
    let mut cmd = slant(dir.path());
    cmd.args([
        "train",
        "--text-column",
        "text",
        "--label-column",
        "label",
        "--c=-1",
    ])
    .arg("--data")
    .arg(dir.path().join("tiny.csv"))
    .arg("--out")
    .arg(&model);
    fails(&mut cmd, 2, &["--c"]);
    let mut cmd = slant(dir.path());
    cmd.args([
        "train",
        "--text-column",
        "text",
        "--label-column",
        "label",
        "--data",
        "missing.csv",
        "--out",
    ])
    .arg(&model);
    fails(&mut cmd, 1, &["missing.csv", "no such file"]);
    assert_eq!(std::fs::read(&model).unwrap(), before);
}

#[test]
fn unreadable_models_are_explained() {
    let dir = tempdir();
    let model = train_tiny(dir.path(), &[]);
    let bytes = std::fs::read(&model).unwrap();
    let truncated = write(dir.path(), "truncated.model", &bytes[..bytes.len() / 2]);
    let foreign = write(dir.path(), "foreign.model", "text,label\n");
    let data = write(dir.path(), "in.csv", "text\nhello\n");
    for (path, needle) in [
        (&truncated, "truncated"),
        (&foreign, "not a slant model file"),
    ] {
        for command in ["classify", "evaluate", "inspect"] {
            let mut cmd = slant(dir.path());
            match command {
                "inspect" => cmd.arg("inspect").arg(path),
                "classify" => cmd
                    .args(["classify", "--text-column", "text", "--data"])
                    .arg(&data)
                    .arg("--model")
                    .arg(path),
                _ => cmd
                    .args([
                        "evaluate",
                        "--text-column",
                        "text",
                        "--label-column",
                        "text",
                        "--data",
                    ])
                    .arg(&data)
                    .arg("--model")
                    .arg(path),
            };
            fails(
                &mut cmd,
                1,
                &[path.file_name().unwrap().to_str().unwrap(), needle],
            );
        }
    }
}

#[test]
fn shipped_models_are_reproduced_by_retraining_from_labels() {
    for (model, label) in [
        ("models/stance.model", "stance"),
        ("models/sentiment.model", "sentiment"),
    ] {
        let dir = tempdir();
        let retrained = dir.path().join("retrained.model");
        let out = slant(dir.path())
            .args([
                "train",
                "--text-column",
                "sentence",
                "--group-column",
                "article",
                "--label-column",
                label,
            ])
            .arg("--data")
            .arg(repo("labels/seeds.csv"))
            .arg("--out")
            .arg(&retrained)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let predict = |m: &Path| {
            let out = slant(dir.path())
                .args(["classify", "--text-column", "sentence"])
                .arg("--model")
                .arg(m)
                .arg("--data")
                .arg(repo("labels/seeds.csv"))
                .output()
                .unwrap();
            assert!(out.status.success());
            csv_rows(&String::from_utf8(out.stdout).unwrap())
        };
        let (shipped_header, shipped) = predict(&repo(model));
        let (header, again) = predict(&retrained);
        assert_eq!(shipped_header, header);
        assert_eq!(shipped.len(), 84);
        for (a, b) in shipped.iter().zip(&again) {
            assert_eq!(a[0], b[0], "{model}: label differs");
            for (x, y) in a[1..].iter().zip(&b[1..]) {
                let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                assert!((x - y).abs() < 1e-9, "{model}: {x} vs {y}");
            }
        }
    }
}

#[test]
fn one_model_per_split_value_trains_evaluates_and_classifies() {
    let dir = tempdir();
    let mut data = String::from("topic,text,label\n");
    for line in TINY.lines().skip(1) {
        data.push_str(&format!("Talks A,{line}\n"));
        data.push_str(&format!("Talks B,{line}\n"));
    }
    let data = write(dir.path(), "topics.csv", data);
    let models = dir.path().join("per-topic");
    let out = slant(dir.path())
        .args([
            "train",
            "--text-column",
            "text",
            "--label-column",
            "label",
            "--split-by",
            "topic",
        ])
        .args(["--c", "10", "--cv-folds", "0"])
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&models)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(models.join("talks-a.model").is_file() && models.join("talks-b.model").is_file());
    let evaluate = slant(dir.path())
        .args([
            "evaluate",
            "--text-column",
            "text",
            "--label-column",
            "label",
            "--split-by",
            "topic",
            "--json",
        ])
        .arg("--model")
        .arg(&models)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        evaluate.status.success(),
        "{}",
        String::from_utf8_lossy(&evaluate.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&evaluate.stdout).unwrap();
    assert_eq!(json["rows"], 16);
    let classify = slant(dir.path())
        .args([
            "classify",
            "--text-column",
            "text",
            "--split-by",
            "topic",
            "--keep",
            "topic",
        ])
        .arg("--model")
        .arg(&models)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        classify.status.success(),
        "{}",
        String::from_utf8_lossy(&classify.stderr)
    );
    let (header, rows) = csv_rows(&String::from_utf8(classify.stdout).unwrap());
    assert_eq!(header, ["topic", "label", "p_anti", "p_pro", "slant"]);
    assert_eq!(rows.len(), 16);
    let unknown = write(
        dir.path(),
        "unknown.csv",
        "topic,text,label\nTalks C,hello,pro\n",
    );
    let mut cmd = slant(dir.path());
    cmd.args(["classify", "--text-column", "text", "--split-by", "topic"])
        .arg("--model")
        .arg(&models)
        .arg("--data")
        .arg(&unknown);
    fails(
        &mut cmd,
        1,
        &["no model for topic \"Talks C\"", "\"Talks A\""],
    );
    let mut cmd = slant(dir.path());
    cmd.args(["classify", "--text-column", "text"])
        .arg("--model")
        .arg(&models)
        .arg("--data")
        .arg(&data);
    fails(&mut cmd, 2, &["holds 2 models", "--split-by"]);
}
