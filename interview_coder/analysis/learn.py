"""Coding from examples (NVivo's "autocode using existing coding pattern", offline): a model trained
on one coder's accepted codings suggests codes for the passages that coder has not coded yet.

The model: for each code, a logistic regression over TF-IDF weights of the passage's words
(English lemmas and jieba words, as keywords are matched; text.match.feature_words), trained on the
coder's coded respondent passages (a passage is a positive example of each code the coder gave
it and a negative one of every other code). Nothing is downloaded; scikit-learn runs locally and
the same data always gives the same model. Suggestions are whole-passage codings with origin
'learned' and the confidence (the model's probability) in their memo.

Evaluation: stratified k-fold cross-validation (k = min(5, positives, negatives)); per code the
true positives, false positives and false negatives of the held-out predictions, and precision =
tp / (tp + fp), recall = tp / (tp + fn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interview_coder.core.model import Origin, Status
from interview_coder.core.table import Table
from interview_coder.errors import InputError
from interview_coder.store.codings import Suggestion, add_suggestions
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

MIN_POSITIVES = 3
"""A code needs this many coded passages (and as many passages without it) to be learned."""
THRESHOLD = 0.5
"""A learned code is suggested when the model's probability reaches this."""
MAX_FOLDS = 5


@dataclass
class Examples:
    """A coder's coded passages (the training set) and the passages still to code."""

    passage_ids: list[int]
    texts: list[str]
    labels: list[set[str]]
    uncoded_ids: list[int]
    uncoded_texts: list[str]
    codes: list[str]
    """codebook codes, in codebook order"""


@dataclass
class CodeEvaluation:
    code: str
    positives: int
    """passages the coder gave this code"""
    negatives: int
    folds: int
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    predicted: dict[int, bool] = field(default_factory=dict)
    """passage id -> the held-out prediction"""

    @property
    def precision(self) -> float | None:
        called = self.true_positives + self.false_positives
        return self.true_positives / called if called else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.positives if self.positives else None


@dataclass
class LearnResult:
    coder: str
    trained_on: int
    """coded passages the model learned from"""
    learned: list[str]
    skipped: dict[str, str]
    """code -> why it was not learned"""
    suggested: int = 0
    """passages x codes suggested (probability >= THRESHOLD) on passages the coder has not coded"""
    added: int = 0
    """of those, newly stored (the rest were stored, or rejected, before)"""
    confidences: list[tuple[int, str, float]] = field(default_factory=list)


def _examples(project: Project, coder: str, filters: Filters) -> Examples:
    conn = project.conn
    if conn.execute("SELECT 1 FROM coders WHERE name = ?", (coder,)).fetchone() is None:
        raise InputError(f"--coder {coder!r}: no such coder")
    scope = Filters(coders=(coder,), status=Status.ACCEPTED, transcripts=filters.transcripts, where=filters.where)
    codings, params = scope.codings_sql()
    labels: dict[int, set[str]] = {}
    for pid, code in conn.execute(f"SELECT x.passage_id, x.code_id FROM ({codings}) x", params):  # noqa: S608
        labels.setdefault(pid, set()).add(code)
    passages, pparams = scope.passages_sql()
    texts = {r[0]: r[1] for r in conn.execute(
        f"SELECT p.id, p.text FROM ({passages}) s JOIN passages p ON p.id = s.passage_id ORDER BY p.id",  # noqa: S608
        pparams)}
    coded = [pid for pid in texts if pid in labels]
    uncoded = [pid for pid in texts if pid not in labels]
    codes = [r[0] for r in conn.execute("SELECT id FROM codes ORDER BY seq, id")]
    return Examples(coded, [texts[p] for p in coded], [labels[p] for p in coded], uncoded,
                    [texts[p] for p in uncoded], codes)


def _pipeline(compiled: Any) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from interview_coder.text.match import feature_words

    vectorizer = TfidfVectorizer(analyzer=lambda text: feature_words(text, compiled), sublinear_tf=True)
    model = LogisticRegression(class_weight="balanced", solver="liblinear", max_iter=1000)
    return make_pipeline(vectorizer, model)


def _learnable(examples: Examples) -> tuple[list[str], dict[str, str]]:
    learned, skipped = [], {}
    n = len(examples.labels)
    for code in examples.codes:
        positives = sum(1 for labels in examples.labels if code in labels)
        if positives < MIN_POSITIVES:
            skipped[code] = f"{positives} coded passage(s); {MIN_POSITIVES} needed"
        elif n - positives < MIN_POSITIVES:
            skipped[code] = f"only {n - positives} coded passage(s) without it; {MIN_POSITIVES} needed"
        else:
            learned.append(code)
    return learned, skipped


def evaluate(project: Project, coder: str, filters: Filters | None = None) -> list[CodeEvaluation]:
    """Cross-validated precision and recall per learnable code (see module doc)."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from interview_coder.analysis.autocode import compile_project_codebook

    examples = _examples(project, coder, filters or Filters())
    learned, _ = _learnable(examples)
    compiled = compile_project_codebook(project)
    out = []
    for code in learned:
        y = [code in labels for labels in examples.labels]
        positives = sum(y)
        folds = min(MAX_FOLDS, positives, len(y) - positives)
        predicted = cross_val_predict(_pipeline(compiled), examples.texts, y, cv=StratifiedKFold(n_splits=folds))
        row = CodeEvaluation(code, positives, len(y) - positives, folds)
        for pid, truth, guess in zip(examples.passage_ids, y, predicted, strict=True):
            row.predicted[pid] = bool(guess)
            row.true_positives += bool(truth and guess)
            row.false_positives += bool(guess and not truth)
            row.false_negatives += bool(truth and not guess)
        out.append(row)
    return out


def evaluation_table(rows: list[CodeEvaluation], coder: str) -> Table:
    def fmt(value: float | None) -> float | None:
        return None if value is None else round(value, 3)

    records = [{"code": r.code, "positives": r.positives, "negatives": r.negatives, "folds": r.folds,
                "true_positives": r.true_positives, "false_positives": r.false_positives,
                "false_negatives": r.false_negatives, "precision": fmt(r.precision), "recall": fmt(r.recall)}
               for r in rows]
    definitions = {
        "code": "a code with enough examples to learn",
        "positives": f"passages {coder} coded with it (accepted codings)",
        "negatives": f"passages {coder} coded, but not with it",
        "folds": "cross-validation folds: min(5, positives, negatives), stratified, in passage order",
        "true_positives": "held-out passages the model gave the code that the coder had too",
        "false_positives": "held-out passages the model gave the code that the coder had not",
        "false_negatives": "passages the coder gave the code that the model, held out, did not",
        "precision": "true_positives / (true_positives + false_positives); empty when it suggested none",
        "recall": "true_positives / positives",
    }
    return Table("Learned coding: cross-validated precision and recall", records, list(definitions),
                 unit=f"respondent passages coded by {coder}", definitions=definitions)


def learn(project: Project, coder: str, filters: Filters | None = None, threshold: float = THRESHOLD,
          dry_run: bool = False) -> LearnResult:
    """Train on ``coder``'s accepted codings and store suggestions (origin learned) for the passages
    the coder has not coded where a code's probability reaches ``threshold``."""
    from interview_coder.analysis.autocode import compile_project_codebook

    examples = _examples(project, coder, filters or Filters())
    learned, skipped = _learnable(examples)
    result = LearnResult(coder, len(examples.passage_ids), learned, skipped)
    if not learned:
        raise InputError(f"nothing to learn from: {coder} needs at least {MIN_POSITIVES} coded passages with and "
                         f"{MIN_POSITIVES} without a code ({len(examples.passage_ids)} coded passages so far)")
    if not examples.uncoded_ids:
        return result
    compiled = compile_project_codebook(project)
    suggestions: list[Suggestion] = []
    for code in learned:
        model = _pipeline(compiled).fit(examples.texts, [code in labels for labels in examples.labels])
        probabilities = model.predict_proba(examples.uncoded_texts)[:, list(model.classes_).index(True)]
        for pid, p in zip(examples.uncoded_ids, probabilities, strict=True):
            if p >= threshold:
                result.confidences.append((pid, code, round(float(p), 3)))
                suggestions.append(Suggestion(pid, code, None, None, None, Origin.LEARNED,
                                              f"learned from {coder}'s codings; confidence {float(p):.2f}"))
    result.suggested = len(suggestions)
    if not dry_run:
        result.added = add_suggestions(project, suggestions)
    return result
