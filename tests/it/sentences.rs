//! Sentence splitting on the seed articles, plus invariants of spans over odd inputs.

use slant::text::boilerplate::is_boilerplate;
use slant::text::sentences::{SplitOptions, split_sentences_with};
use slant::text::{Sentence, split_sentences};

/// Reads a seed article; the seeds are part of the repository, so a missing one is a test bug.
fn read_seed(path: &str) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => panic!("cannot read seed {path}: {err}"),
    }
}

/// Splits a seed, checks the invariants every seed must meet and returns the sentence texts.
fn split_seed(path: &str) -> Vec<String> {
    let source = read_seed(path);
    let sentences = split_sentences(&source);
    assert_spans_are_sound(&source, &sentences);
    let texts: Vec<String> = sentences
        .iter()
        .map(|s| s.text(&source).to_owned())
        .collect();
    for text in &texts {
        assert_not_boilerplate(text);
        assert_no_abbreviation_ending(text);
    }
    texts
}

/// Spans slice the source exactly: non-empty, trimmed, on char boundaries, increasing.
fn assert_spans_are_sound(source: &str, sentences: &[Sentence]) {
    let mut previous_end = 0;
    for sentence in sentences {
        assert!(sentence.start < sentence.end, "empty span {sentence:?}");
        assert!(
            sentence.start >= previous_end,
            "overlapping or unordered span {sentence:?}"
        );
        assert!(
            sentence.end <= source.len(),
            "span past the end {sentence:?}"
        );
        assert!(source.is_char_boundary(sentence.start) && source.is_char_boundary(sentence.end));
        let text = sentence.text(source);
        assert_eq!(&source[sentence.start..sentence.end], text);
        assert_eq!(text.trim(), text, "span not trimmed: {text:?}");
        assert!(!text.starts_with('\u{feff}') && !text.ends_with('\u{200b}'));
        previous_end = sentence.end;
    }
}

fn assert_not_boilerplate(text: &str) {
    assert!(!is_boilerplate(text), "boilerplate kept: {text:?}");
    for marker in [
        "Advertisement",
        "Share",
        "Read more",
        "Photo by",
        "License Photo",
        "Views:",
        "Please enter",
        "Related posts",
        "Trending Now",
        "Source Article",
        "Screen Shot",
        "http",
        "nsnbc",
        "F/AK",
        "(UPI)",
    ] {
        assert!(!text.contains(marker), "{marker:?} kept in {text:?}");
    }
    assert!(!text.ends_with('…'), "teaser kept: {text:?}");
}

fn assert_no_abbreviation_ending(text: &str) {
    for abbreviation in [
        "Mr.", "Mrs.", "Ms.", "Dr.", "U.S.", "Sept.", "Gen.", "Sen.", "St.",
    ] {
        assert!(
            !text.ends_with(abbreviation),
            "ends in {abbreviation}: {text:?}"
        );
    }
    let last_word = text.rsplit(' ').next().unwrap_or_default();
    let is_initial = last_word.len() == 2
        && last_word.ends_with('.')
        && last_word.starts_with(|c: char| c.is_ascii_uppercase());
    assert!(!is_initial, "ends in an initial: {text:?}");
}

fn assert_has(sentences: &[String], expected: &str) {
    assert!(
        sentences.iter().any(|s| s == expected),
        "missing sentence {expected:?}\nin {sentences:#?}"
    );
}

#[test]
fn seed_000_gjwhg() {
    let sentences = split_seed(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seeds/000_9edb226c57258372.txt"
    ));
    assert_eq!(sentences.len(), 18, "{sentences:#?}");
    assert_eq!(
        sentences[0],
        "MILITARY TALKS BEGIN: Between US and Russia on Syria"
    );
    // The screenshot file name glued to the sentence is cut.
    assert_eq!(
        sentences[1],
        "Is it possible to trust Russia at this point?"
    );
    assert_has(
        &sentences,
        "“The president believes that a mil-to-mil conversation is an important next step,” Mr. Kerry said, “and I think, hopefully, will take place very shortly.”",
    );
    assert_has(
        &sentences,
        "Shortly after Mr. Kerry spoke, the Pentagon announced that Defense Secretary Ashton B. Carter had spoken by telephone with Sergei K. Shoigu, the Russian minister of defense.",
    );
    assert_has(
        &sentences,
        "It was Mr. Carter’s first discussion with his Russian counterpart since he became defense secretary seven months ago.",
    );
    // A closing quote after the period stays with its sentence, and the next sentence starts after it.
    assert_has(
        &sentences,
        "The Pentagon described it as “a constructive conversation.”",
    );
    assert_has(
        &sentences,
        "“We have never refused dialogue with the U.S., and we remain open to one now on all issues of mutual interest, including Syria,” Maria Zakharova, the foreign ministry spokeswoman, told the state-run RIA Novosti agency.",
    );
    // A quotation holding two sentences is split inside.
    assert_has(
        &sentences,
        "“But we’re looking for ways in which to try to find a common ground.",
    );
    assert_eq!(
        sentences[17],
        "Clearly, if you’re going to have a political settlement, which we’ve always argued is the best and only way to resolve Syria, you need to have conversations with people, and you need to find a common ground.”"
    );
}

#[test]
fn seed_001_upi() {
    let sentences = split_seed(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seeds/001_4381e5166d85121b.txt"
    ));
    assert_eq!(sentences.len(), 16, "{sentences:#?}");
    assert_eq!(
        sentences[0],
        "U.S. Begins Talks With Russia Over Military Assistance To Syria Regime"
    );
    // The shortened repeat of the headline is dropped.
    assert!(
        !sentences
            .iter()
            .any(|s| s == "U.S. Begins Talks With Russia")
    );
    assert_eq!(
        sentences[1],
        "Secretary of Defense Ashton B. Carter telephoned Russian Defense Minister Sergei K. Shoigu on Friday to discuss Moscow's ongoing military assistance to Syrian President Bashar Assad."
    );
    // The photo credit glued to the caption is cut.
    assert_eq!(
        sentences[2],
        "U.S. officials have previously warned the Russian government that further escalation of military intervention could ultimately provoke a response from U.S.-led coalition forces."
    );
    // The dateline "WASHINGTON, Sept. 18 (UPI) — " is cut from the lede.
    assert_eq!(
        sentences[3],
        "U.S. Defense Secretary Ashton Carter on Friday telephoned his Russian counterpart, for the first time in a year, over escalating tensions in Syria that have further strained relations between Washington and Moscow."
    );
    assert_has(
        &sentences,
        "“They agreed to further discuss mechanisms for deconfliction in Syria and the counter-Islamic State of Iraq and Levant (ISIL) campaign.”",
    );
    assert_has(
        &sentences,
        "“Our focus remains on destroying ISIL,” Secretary of State John Kerry said Friday.",
    );
    assert_eq!(
        sentences[15],
        "Kerry told Russian Foreign Minister Sergey V. Lavrov on Sept. 5 that continued assistance for Assad could possibly lead to a military confrontation with U.S.-led coalition fighters who are battling terrorists in the region."
    );
}

#[test]
fn seed_002_share_template() {
    let sentences = split_seed(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seeds/002_e7fadc30bf7107ca.txt"
    ));
    assert_eq!(sentences.len(), 16, "{sentences:#?}");
    // "Share" above the headline is dropped, so the headline comes first.
    assert_eq!(
        sentences[0],
        "Vladimir Putin, John Kerry hold talks on Syria"
    );
    // The teaser "As Carter spoke about finding n…" is dropped.
    assert!(sentences[1].starts_with("In a stark reminder of the urgency of the quest"));
    assert_has(
        &sentences,
        "“We are very grateful for these efforts”, Kerry said.",
    );
    assert_has(
        &sentences,
        "Earlier this month, Alexander Grushko, Moscow’s permanent representative to North Atlantic Treaty Organisation, said that the U.S.-led coalition “politically covered” Turkey by not providing any opinion over the aircraft downing and accused it of being equally responsible for the incident.",
    );
    assert_has(
        &sentences,
        "However, he described the Syrian opposition’s demand that Assad must leave as soon as peace talks begin as a “nonstarting position, obviously”.",
    );
    // A last line without final punctuation (a caption) is one sentence.
    assert_eq!(
        sentences[15],
        "A Russian Sukhoi Su-34 bomber lands at the Hmeimim military base in Latakia province in the northwest of Syria"
    );
}

#[test]
fn seed_003_nsnbc() {
    let sentences = split_seed(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seeds/003_fa13a26f4af99de4.txt"
    ));
    assert_eq!(sentences.len(), 17, "{sentences:#?}");
    // The outlet tag "nsnbc : " is cut from the lede.
    assert!(sentences[0].starts_with("Talks between U.S. Secretary of State John Kerry"));
    assert_eq!(sentences[1], "Major differences do, however, remain.");
    assert_has(
        &sentences,
        "Kerry, for his part, also described the talks as “extremely frank and very serious”.",
    );
    assert_has(
        &sentences,
        "The U.S. State Department would admit that fighters of organizations who are part of the ceasefire “intermingle” with ISIS and Al-Nusrah and that the vetting process is “complicated”.",
    );
    // Sign-off, source line, "Related posts:" and "Views: 0" are dropped: the last sentence is prose.
    assert!(sentences[16].starts_with(
        "The meeting between Kerry and Putin has been one of the rare bilateral meetings"
    ));
    assert!(sentences[16].ends_with("the Middle East politically."));
}

#[test]
fn seed_004_share_template() {
    let sentences = split_seed(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seeds/004_79de42391ff58f6c.txt"
    ));
    assert_eq!(sentences.len(), 17, "{sentences:#?}");
    assert_eq!(
        sentences[0],
        "Putin, Kerry did not discuss military cooperation in Syria"
    );
    assert_has(
        &sentences,
        "The eight-page proposal, published Wednesday by the Washington Post, would expand intelligence sharing between the USA and Russian Federation so the two nations can cooperate in targeting and bombing efforts against Jabhat al-Nusra, al-Qaeda’s official branch in Syria, and the Islamic State.",
    );
    assert_has(
        &sentences,
        "“No”, Peskov said answering the question whether Kerry had raised this issue during yesterday’s talks with Putin.",
    );
    assert_has(
        &sentences,
        "In what seemed to be a bid to urge Mr. Lavrov to take advantage of the deal Mr. Kerry had presented him, Mr. Kerry said Russian Federation and the US “have the ability uniquely here to be able to make a difference”.",
    );
    assert_has(&sentences, "Turkey’s military said it had seized control.");
}

#[test]
fn keep_boilerplate_keeps_every_line() {
    let source = read_seed(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seeds/003_fa13a26f4af99de4.txt"
    ));
    let kept = split_sentences_with(
        &source,
        &SplitOptions {
            keep_boilerplate: true,
        },
    );
    assert_spans_are_sound(&source, &kept);
    let texts: Vec<&str> = kept.iter().map(|s| s.text(&source)).collect();
    assert!(texts.contains(&"Views: 0"));
    assert!(texts.contains(&"F/AK – nsnbc 15.07.2016"));
}

/// A small deterministic generator (xorshift), so the property test needs no extra crate.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn spans_are_sound_on_odd_inputs() {
    const FRAGMENTS: &[&str] = &[
        " ",
        "\n",
        "\r",
        "\r\n",
        "\n\n",
        "\t",
        "\u{a0}",
        "\u{feff}",
        "\u{200b}",
        "\u{2028}",
        ".",
        "…",
        "...",
        "?",
        "!",
        "“",
        "”",
        "\"",
        "«",
        "»",
        "„",
        "’",
        "Mr.",
        "U.S.",
        "B.",
        "a.m.",
        "Sept. 18",
        "é",
        "中文。",
        "🙂",
        "Ω",
        "word",
        "Word",
        "Share",
        "Advertisement",
        "Views: 3",
        "Photo by A/B | License Photo",
        "Screen Shot 2015-09-18 at 8.56.14 AM",
        "WASHINGTON, Sept. 18 (UPI) — ",
        "nsnbc : ",
        "Read more: X",
        "n…",
        "F/AK – x 15.07.2016",
        "http://x.y/z",
        "Talks resumed.",
        " He said. ",
        "“We agree. It is done,” he said.",
        "IMG_1.jpg",
        "0",
        "-",
        ":",
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut inputs: Vec<String> = vec![
        String::new(),
        " \t\u{a0} ".into(),
        "\r\r\r".into(),
        "\r\n\r\n".into(),
        "Share\nAdvertisement\nViews: 0\nRelated posts:".into(),
        "Line one\rLine two.\rLine three".into(),
        "Талки начались. Переговоры продолжились.\n会談が始まった。".into(),
        "word ".repeat(20_000),
        "a.".repeat(20_000),
        "“".repeat(5_000) + &"”".repeat(5_000),
        "Mr. ".repeat(5_000),
    ];
    for _ in 0..2_000 {
        let len = (rng.next() % 24) as usize;
        inputs.push((0..len).map(|_| rng.pick(FRAGMENTS)).collect());
    }
    for input in &inputs {
        for keep_boilerplate in [false, true] {
            let sentences = split_sentences_with(input, &SplitOptions { keep_boilerplate });
            assert_spans_are_sound(input, &sentences);
        }
    }
}
