//! One article scored: split into sentences, each sentence predicted with every model (with the
//! terms that explain the prediction), and the predictions rolled up into the article's aggregate
//! under each model. Owns the feature buffers a worker thread reuses from sentence to sentence. It
//! knows nothing of chunks, input order or outlets.

use super::{NamedModel, ScoredArticle, ScoredSentence, SentencePrediction};
use crate::aggregate::{ArticleScore, SentenceScore};
use crate::corpus::Article;
use crate::features::{Scratch, SparseRow};
use crate::model::Classifier;
use crate::text::split_sentences;

/// Splits one article into sentences and predicts each with every model.
pub fn score_sentences(
    models: &[NamedModel],
    article: &Article,
    explain_terms: usize,
) -> Vec<ScoredSentence> {
    score_sentences_with(models, article, explain_terms, &mut Buffers::default())
}

/// Feature buffers one worker thread reuses from sentence to sentence.
#[derive(Default)]
pub(super) struct Buffers {
    scratch: Scratch,
    row: SparseRow,
}

/// [`score_sentences`] with a worker's reused buffers.
pub(super) fn score_sentences_with(
    models: &[NamedModel],
    article: &Article,
    explain_terms: usize,
    buffers: &mut Buffers,
) -> Vec<ScoredSentence> {
    let source = article.source();
    split_sentences(&source)
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text = s.text(&source);
            ScoredSentence {
                index: i + 1,
                start: s.start,
                end: s.end,
                text: text.to_string(),
                predictions: models
                    .iter()
                    .map(|m| predict(&m.classifier, text, explain_terms, buffers))
                    .collect(),
            }
        })
        .collect()
}

fn predict(
    classifier: &Classifier,
    text: &str,
    explain_terms: usize,
    buffers: &mut Buffers,
) -> SentencePrediction {
    let Buffers { scratch, row } = buffers;
    let mut p = vec![0.0; classifier.classes().len()];
    classifier.score_into(text, scratch, row, &mut p);
    let row = &*row;
    let score = SentenceScore::new(p, classifier.poles().indices(classifier.classes()));
    SentencePrediction {
        label: classifier.classes()[score.class].clone(),
        explanation: classifier.explain(row, score.class, explain_terms),
        score,
    }
}

pub(super) fn article_aggregate(
    models: &[NamedModel],
    article: &Article,
    sentences: &[ScoredSentence],
) -> ScoredArticle {
    let scores = models
        .iter()
        .enumerate()
        .map(|(m, model)| {
            let per_sentence = sentences.iter().map(|s| &s.predictions[m].score);
            ArticleScore::from_sentences(model.classifier.classes().len(), per_sentence)
        })
        .collect();
    ScoredArticle {
        id: article.id.clone(),
        outlet: article.outlet.clone(),
        date: article.date.clone(),
        title: article.title.clone(),
        extra: article.extra.clone(),
        sentences: sentences.len(),
        scores,
    }
}
