//! Scoring many articles: in parallel chunks (at most [`CHUNK_ARTICLES`] articles and, past the
//! first, [`CHUNK_BYTES`] of text), each article handed with its sentences and aggregate to a
//! caller's sink in input order, the next chunk read while one is scored and the previous one sunk.
//! Owns the chunks, the order, stopping at the first error, and the outlet tallies (one number per
//! article and model), scored into outlets at the end. One article's sentences and aggregate belong
//! to `article`; it must not print or write, only hand results to the sink.

use std::collections::BTreeMap;
use std::convert::Infallible;

use rayon::prelude::*;

use super::article::{Buffers, article_aggregate, score_sentences_with};
use super::{
    NamedModel, ScoreSettings, ScoreTotals, Scored, ScoredArticle, ScoredOutlet, ScoredSentence,
};
use crate::aggregate::{Bootstrap, OutletTally, outlet_order};
use crate::corpus::Article;
use crate::error::Result;

/// Articles scored per parallel chunk, at most: enough to keep every core busy.
pub const CHUNK_ARTICLES: usize = 256;
/// Article text per parallel chunk, at most, in bytes: a chunk's scored sentences take a few times
/// its text, so this bounds memory when articles are long. A longer article is a chunk of its own.
pub const CHUNK_BYTES: usize = 4 << 20;

/// Scores `articles` with `models`, keeping only aggregates.
pub fn score_articles(
    models: &[NamedModel],
    articles: &[Article],
    settings: &ScoreSettings,
) -> Scored {
    let ignore = |_: &Article, _: &[ScoredSentence]| Ok::<(), Infallible>(());
    match score_articles_with(models, articles, settings, ignore) {
        Ok(scored) => scored,
        Err(never) => match never {},
    }
}

/// Scores `articles` with `models`, handing each article's sentences to `sink` in input order.
/// The first error from `sink` stops the run and is returned.
pub fn score_articles_with<E>(
    models: &[NamedModel],
    articles: &[Article],
    settings: &ScoreSettings,
    mut sink: impl FnMut(&Article, &[ScoredSentence]) -> std::result::Result<(), E>,
) -> std::result::Result<Scored, E> {
    let mut run = Run::new(models, settings);
    let mut scored = Vec::with_capacity(articles.len());
    for chunk in articles.chunks(CHUNK_ARTICLES) {
        run.score_chunk(
            chunk,
            &keep_sentences,
            &mut |article, sentences, aggregate| {
                sink(article, &sentences)?;
                scored.push(aggregate);
                Ok(())
            },
        )?;
    }
    let totals = run.finish();
    Ok(Scored {
        models: totals.models,
        settings: totals.settings,
        articles: scored,
        outlets: totals.outlets,
        sentences: totals.sentences,
    })
}

/// Scores the articles `articles` yields, a bounded chunk at a time, handing each article with its
/// sentences and aggregate to `sink` in input order. Only outlet tallies are kept, so memory does not
/// grow with the input. The first error, from `articles` or from `sink`, stops the run.
pub fn score_stream(
    models: &[NamedModel],
    articles: impl IntoIterator<Item = Result<Article>, IntoIter: Send>,
    settings: &ScoreSettings,
    mut sink: impl FnMut(&Article, &[ScoredSentence], ScoredArticle) -> Result<()>,
) -> Result<ScoreTotals> {
    score_stream_rendered(
        models,
        articles,
        settings,
        keep_sentences,
        |a, s, scored| sink(a, &s, scored),
    )
}

/// The render step of the runs that hand sinks the scored sentences themselves.
fn keep_sentences(
    _: &Article,
    sentences: Vec<ScoredSentence>,
    _: &ScoredArticle,
) -> Vec<ScoredSentence> {
    sentences
}

/// [`score_stream`] that also turns each article's results into `R` with `render` on the worker
/// threads, in parallel (say, output rows as bytes), handing `R` to `sink` in input order.
pub fn score_stream_rendered<R: Send>(
    models: &[NamedModel],
    articles: impl IntoIterator<Item = Result<Article>, IntoIter: Send>,
    settings: &ScoreSettings,
    render: impl Fn(&Article, Vec<ScoredSentence>, &ScoredArticle) -> R + Sync,
    mut sink: impl FnMut(&Article, R, ScoredArticle) -> Result<()>,
) -> Result<ScoreTotals> {
    let mut run = Run::new(models, settings);
    let mut articles = articles.into_iter();
    let explain = settings.explain_terms;
    let mut chunk = next_chunk(&mut articles, CHUNK_ARTICLES, CHUNK_BYTES)?;
    let mut done: (Vec<Article>, Vec<(R, ScoredArticle)>) = (Vec::new(), Vec::new());
    while !chunk.is_empty() {
        // The pool scores this chunk and reads the next one while this thread hands the previous
        // chunk's results to the sink (which writes them). Reading is a pool task rather than
        // this thread's, so on two cores two threads, not three, share the work.
        let (mut scored, mut next, mut sunk) = (Vec::new(), Ok(Vec::new()), Ok(()));
        rayon::in_place_scope(|s| {
            s.spawn(|_| next = next_chunk(&mut articles, CHUNK_ARTICLES, CHUNK_BYTES));
            s.spawn(|_| scored = score_in_parallel(models, explain, &chunk, &render));
            let (previous, results) = std::mem::take(&mut done);
            sunk = run.sink_scored(&previous, results, &mut sink);
        });
        sunk?;
        match next {
            Ok(next) => done = (std::mem::replace(&mut chunk, next), scored),
            Err(e) => {
                // The articles of this chunk come before the failed read: they go first.
                run.sink_scored(&chunk, scored, &mut sink)?;
                return Err(e);
            }
        }
    }
    let (previous, results) = done;
    run.sink_scored(&previous, results, &mut sink)?;
    Ok(run.finish())
}

/// Every article of `chunk` split, scored, aggregated and rendered, in parallel, in input order.
fn score_in_parallel<R: Send>(
    models: &[NamedModel],
    explain: usize,
    chunk: &[Article],
    render: &(impl Fn(&Article, Vec<ScoredSentence>, &ScoredArticle) -> R + Sync),
) -> Vec<(R, ScoredArticle)> {
    chunk
        .par_iter()
        .map_init(Buffers::default, |buffers, a| {
            let sentences = score_sentences_with(models, a, explain, buffers);
            let aggregate = article_aggregate(models, a, &sentences);
            (render(a, sentences, &aggregate), aggregate)
        })
        .collect()
}

/// Up to `max_articles` articles, stopping once they hold `max_bytes` of text (so the first article
/// is always taken, however long); empty at the end.
fn next_chunk(
    articles: &mut impl Iterator<Item = Result<Article>>,
    max_articles: usize,
    max_bytes: usize,
) -> Result<Vec<Article>> {
    let (mut chunk, mut bytes) = (Vec::new(), 0);
    while chunk.len() < max_articles && bytes < max_bytes {
        let Some(article) = articles.next().transpose()? else {
            break;
        };
        bytes += article.text.len() + article.title.as_ref().map_or(0, String::len);
        chunk.push(article);
    }
    Ok(chunk)
}

/// A scoring run in progress: counts and outlet tallies of the articles scored so far.
struct Run<'a> {
    models: &'a [NamedModel],
    settings: ScoreSettings,
    outlets: BTreeMap<String, OutletTallies>,
    articles: usize,
    sentences: usize,
}

/// One outlet's counts and its tally under each model.
struct OutletTallies {
    articles: usize,
    without_sentences: usize,
    sentences: usize,
    per_model: Vec<OutletTally>,
}

impl<'a> Run<'a> {
    fn new(models: &'a [NamedModel], settings: &ScoreSettings) -> Self {
        Run {
            models,
            settings: *settings,
            outlets: BTreeMap::new(),
            articles: 0,
            sentences: 0,
        }
    }

    /// Scores `chunk` in parallel, then tallies each article and hands it to `sink` in order.
    fn score_chunk<R: Send, E>(
        &mut self,
        chunk: &[Article],
        render: &(impl Fn(&Article, Vec<ScoredSentence>, &ScoredArticle) -> R + Sync),
        sink: &mut impl FnMut(&Article, R, ScoredArticle) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let scored = score_in_parallel(self.models, self.settings.explain_terms, chunk, render);
        self.sink_scored(chunk, scored, sink)
    }

    /// Tallies each scored article of `chunk` and hands it to `sink`, in order.
    fn sink_scored<R, E>(
        &mut self,
        chunk: &[Article],
        scored: Vec<(R, ScoredArticle)>,
        sink: &mut impl FnMut(&Article, R, ScoredArticle) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        for (article, (rendered, aggregate)) in chunk.iter().zip(scored) {
            self.tally(&aggregate);
            sink(article, rendered, aggregate)?;
        }
        Ok(())
    }

    fn tally(&mut self, article: &ScoredArticle) {
        self.articles += 1;
        self.sentences += article.sentences;
        let models = self.models;
        let outlet = self
            .outlets
            .entry(article.outlet.clone())
            .or_insert_with(|| OutletTallies {
                articles: 0,
                without_sentences: 0,
                sentences: 0,
                per_model: models
                    .iter()
                    .map(|m| OutletTally::new(m.classifier.classes().len()))
                    .collect(),
            });
        outlet.articles += 1;
        outlet.without_sentences += usize::from(article.sentences == 0);
        outlet.sentences += article.sentences;
        for (tally, score) in outlet.per_model.iter_mut().zip(&article.scores) {
            tally.add(score);
        }
    }

    fn finish(self) -> ScoreTotals {
        ScoreTotals {
            models: self.models.iter().map(NamedModel::info).collect(),
            settings: self.settings,
            articles: self.articles,
            sentences: self.sentences,
            outlets: outlets(self.models, self.outlets, &self.settings.bootstrap),
        }
    }
}

/// Scores each outlet under every model (outlets in parallel: each has its own random stream, so
/// the result does not depend on scheduling), sorted for output.
fn outlets(
    models: &[NamedModel],
    tallies: BTreeMap<String, OutletTallies>,
    bootstrap: &Bootstrap,
) -> Vec<ScoredOutlet> {
    let tallies: Vec<(String, OutletTallies)> = tallies.into_iter().collect();
    let mut outlets: Vec<ScoredOutlet> = tallies
        .par_iter()
        .map(|(name, t)| ScoredOutlet {
            outlet: name.clone(),
            articles: t.articles,
            articles_without_sentences: t.without_sentences,
            sentences: t.sentences,
            scores: t
                .per_model
                .iter()
                .map(|tally| tally.score(name, bootstrap))
                .collect(),
        })
        .collect();
    let primary = models.iter().position(|m| m.info().has_slant());
    outlets.sort_by(|a, b| {
        let slant = |o: &ScoredOutlet| primary.and_then(|m| o.scores[m].slant);
        outlet_order((slant(a), &a.outlet), (slant(b), &b.outlet))
    });
    outlets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::model::test_support::tiny_classifier;

    fn article(id: &str, outlet: &str, title: Option<&str>, text: &str) -> Article {
        Article {
            id: id.into(),
            outlet: outlet.into(),
            title: title.map(str::to_string),
            text: text.into(),
            ..Article::default()
        }
    }

    #[test]
    fn sentences_come_in_order_with_spans_into_the_titled_source() {
        let models = [NamedModel {
            name: "m".into(),
            path: "m.model".into(),
            classifier: tiny_classifier(),
        }];
        let articles = [
            article(
                "1",
                "A",
                Some("Talks went well"),
                "The deal collapsed. Good talks.",
            ),
            article("2", "B", None, ""),
            article("3", "A", None, "Talks failed badly."),
        ];
        let mut seen = Vec::new();
        let scored = score_articles_with(&models, &articles, &ScoreSettings::default(), |a, s| {
            let source = a.source();
            for sentence in s {
                assert_eq!(&source[sentence.start..sentence.end], sentence.text);
            }
            seen.push((a.id.clone(), s.len()));
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(seen, [("1".into(), 3), ("2".into(), 0), ("3".into(), 1)]);
        assert_eq!(scored.sentences, 4);
        assert_eq!(scored.articles[1].scores[0].slant, None);
        let a = scored.outlets.iter().find(|o| o.outlet == "A").unwrap();
        assert_eq!(
            (a.articles, a.sentences, a.articles_without_sentences),
            (2, 4, 0)
        );
        let b = scored.outlets.iter().find(|o| o.outlet == "B").unwrap();
        assert_eq!((b.articles_without_sentences, b.scores[0].slant), (1, None));
        assert_eq!(
            scored.outlets.last().unwrap().outlet,
            "B",
            "outlets without a slant sort last"
        );
        assert_eq!(
            scored,
            score_articles(&models, &articles, &ScoreSettings::default())
        );
    }

    #[test]
    fn streaming_gives_the_whole_set_result_and_chunks_stay_bounded() {
        let models = [NamedModel {
            name: "m".into(),
            path: "m.model".into(),
            classifier: tiny_classifier(),
        }];
        let articles: Vec<Article> = (0..600)
            .map(|i| {
                let outlet = if i == 5 {
                    "solo"
                } else {
                    ["A", "B", "C"][i % 3]
                };
                let text = ["Talks went well. Good talks.", "Talks failed badly.", ""][i % 3];
                article(&i.to_string(), outlet, None, text)
            })
            .collect();
        let settings = ScoreSettings::default();
        let whole = score_articles(&models, &articles, &settings);
        let mut streamed = Vec::new();
        let totals = score_stream(
            &models,
            articles.iter().cloned().map(Ok),
            &settings,
            |_, _, a| {
                streamed.push(a);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(streamed, whole.articles);
        assert_eq!(
            (totals.outlets, totals.sentences, totals.articles),
            (whole.outlets, whole.sentences, 600)
        );
        let mut source = articles.iter().cloned().map(Ok);
        let sizes: Vec<usize> = std::iter::from_fn(|| {
            let chunk = next_chunk(&mut source, 256, 60).unwrap();
            (!chunk.is_empty()).then_some(chunk.len())
        })
        .collect();
        // Texts of 28, 19 and 0 bytes in turn: a chunk ends with the article that reaches 60.
        assert_eq!(sizes[..3], [4, 4, 5]);
        assert_eq!(sizes.iter().sum::<usize>(), 600);
        let mut failing = [
            Ok(article("1", "A", None, "x")),
            Err(Error::Invalid("bad".into())),
        ]
        .into_iter();
        assert!(next_chunk(&mut failing, 256, 1 << 20).is_err());
    }

    #[test]
    fn a_stream_stops_at_its_first_error_in_input_order() {
        let models = [NamedModel {
            name: "m".into(),
            path: "m.model".into(),
            classifier: tiny_classifier(),
        }];
        let good = |i: usize| Ok(article(&i.to_string(), "A", None, "Good talks."));
        // A read error three chunks in: everything before it is sunk, in order, then it stops.
        let input = (0..700)
            .map(good)
            .chain([Err(Error::Invalid("bad row".into()))]);
        let mut ids = Vec::new();
        let result = score_stream(&models, input, &ScoreSettings::default(), |a, _, _| {
            ids.push(a.id.parse::<usize>().unwrap());
            Ok(())
        });
        assert!(result.unwrap_err().to_string().contains("bad row"));
        assert!(
            ids.iter().copied().eq(0..512),
            "the chunks before the failed one, in order"
        );
        // A sink error comes before a read error further on, and nothing is sunk after it.
        let input = (0..700)
            .map(good)
            .chain([Err(Error::Invalid("bad row".into()))]);
        let mut calls = 0;
        let result = score_stream(&models, input, &ScoreSettings::default(), |a, _, _| {
            calls += 1;
            match a.id.as_str() {
                "300" => Err(Error::Invalid("disk full".into())),
                _ => Ok(()),
            }
        });
        assert!(result.unwrap_err().to_string().contains("disk full"));
        assert_eq!(calls, 301);
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let models = [NamedModel {
            name: "m".into(),
            path: "m.model".into(),
            classifier: tiny_classifier(),
        }];
        let articles = [article("1", "A", None, "Good talks.")];
        let result = score_articles_with(&models, &articles, &ScoreSettings::default(), |_, _| {
            Err("full")
        });
        assert_eq!(result.unwrap_err(), "full");
    }
}
