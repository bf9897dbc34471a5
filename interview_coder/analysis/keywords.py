"""The keyword report (hits per keyword, code and group, and the totals per group) and keyword
candidates (frequent content words not yet in the codebook).

Counting unit of the report: a keyword hit = one auto coding with a keyword, in scope of the
filters (status accepted by default; ``all`` = accepted + suggested). Merged synonyms are reported
under their merge target; hits of an excluded word never count.
"""

from __future__ import annotations

import enum
from collections import Counter
from typing import Any

from interview_coder.core.counting import NO_GROUP, keyword_hit_counts, keyword_totals
from interview_coder.core.table import Table
from interview_coder.errors import InputError
from interview_coder.store import keywords as store
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

KEYWORD_DEFINITIONS = {
    "keyword": "the codebook keyword, or the keyword its synonym set was merged into",
    "code": "the code the keyword belongs to",
    "group": "the respondent's group attribute ('(none)' when missing)",
    "hits": "keyword hits: auto codings in scope with this keyword (one per occurrence in a respondent passage)",
    "keyword_hits": "valid keyword hits in the group: every hit of every keyword, excluded words left out",
    "distinct_keywords": "different keywords (after merging synonyms) with at least one hit in the group",
}


def keyword_report(project: Project, filters: Filters | None = None, by: str | None = "group") -> list[Table]:
    """Hits per (keyword, code, group), then per group the valid keyword hits and distinct keywords.

    ``by`` is the respondent attribute to split by (None: one group, 'all').
    """
    filters = filters or Filters()
    sql, params = filters.codings_sql()
    rows = store.keyword_hit_rows(project, sql, params, by)
    hits = [(keyword, code, (group if group is not None else NO_GROUP) if by else "all", n)
            for keyword, code, group, n in rows]
    counts = keyword_hit_counts(hits, store.merges(project), store.excluded_words(project))
    column = by or "group"
    records = [{"keyword": k, "code": c, column: g, "hits": n}
               for (k, c, g), n in sorted(counts.items(), key=lambda kv: (kv[0][2], -kv[1], kv[0][0], kv[0][1]))]
    totals = keyword_totals(counts)
    total_records = [{column: g, "keyword_hits": t["keyword_hits"], "distinct_keywords": t["distinct_keywords"]}
                     for g, t in sorted(totals.items())]
    definitions = dict(KEYWORD_DEFINITIONS)
    if column != "group":
        definitions[column] = f"the respondent's {column} attribute"
    return [
        Table("Keyword hits", records, ["keyword", "code", column, "hits"],
              unit="keyword hit (one auto coding with a keyword)", definitions=definitions),
        Table("Keyword totals", total_records, [column, "keyword_hits", "distinct_keywords"],
              unit="keyword hit; distinct keywords after merging synonyms", definitions=definitions),
    ]


class Rank(enum.StrEnum):
    """How keyword candidates are ordered."""

    GENERAL = "general"
    """keyness against general-language frequencies (wordfreq), most distinctive first"""
    GROUPS = "groups"
    """log-likelihood between one group and the rest (needs ``by``), largest difference first"""
    COUNT = "count"
    """plain occurrences, most frequent first"""


def keyword_candidates(project: Project, by: str | None = None, min_count: int = 3,
                       limit: int | None = 50, rank: Rank | str = Rank.GENERAL) -> Table:
    """Distinctive content words and two-word phrases of respondent passages not yet keywords.

    Counting unit: occurrences in respondent passages (stop words, punctuation, numerals, excluded
    words, keywords and merged synonyms left out, and so is every word inside a keyword hit),
    split by the ``by`` attribute when given. ``rank`` orders them (see :class:`Rank`).
    """
    from interview_coder.analysis.autocode import compile_project_codebook
    from interview_coder.text.general import general_frequency, keyness, log_likelihood
    from interview_coder.text.match import candidate_terms, find_hits

    rank = Rank(rank)
    if rank is Rank.GROUPS and not by:
        raise InputError("--rank groups compares groups: give --by ATTR")
    merges = store.merges(project)
    excluded = store.excluded_words(project)
    compiled = compile_project_codebook(project)
    known = compiled.known_forms(list(merges) + excluded)
    counts: dict[tuple[str, str], Counter[str]] = {}
    surfaces: dict[str, Counter[str]] = {}
    words_in: Counter[str] = Counter()
    for passage in store.respondent_passages(project, by=by or "group"):
        group = (passage["group"] if passage["group"] is not None else NO_GROUP) if by else "all"
        hit_spans = [(h.start, h.end) for h in find_hits(passage["text"], compiled)]
        for form, surface, lang, size in candidate_terms(passage["text"], compiled, hit_spans):
            if size == 1:
                words_in[group] += 1  # content words: the corpus size keyness divides by
            if form not in known:
                counts.setdefault((form, lang), Counter())[group] += 1
                surfaces.setdefault(form, Counter())[surface] += 1
    groups = sorted({g for c in counts.values() for g in c} | set(words_in))
    total_words = sum(words_in.values())
    records: list[dict[str, Any]] = []
    for (form, lang), per_group in counts.items():
        total = sum(per_group.values())
        if total < min_count:
            continue
        # Shown as most often written: lookup lemmas can be odd ("matter" -> "matt").
        shown = min(surfaces[form].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        record: dict[str, Any] = {"candidate": shown, "lang": lang, "count": total}
        if by:
            record.update({g: per_group.get(g, 0) for g in groups})
        if rank is Rank.GROUPS:
            best_group, best = max(((g, log_likelihood(per_group.get(g, 0), total - per_group.get(g, 0), words_in[g],
                                                        total_words - words_in[g])) for g in groups),
                                   key=lambda gv: (gv[1], gv[0]))
            record["score"] = round(best, 2)
            record["more_in"] = best_group
        else:
            parts = tuple(form.split(" ")) if lang == "en" else (form,)
            general = max(general_frequency(parts, lang), general_frequency(tuple(shown.split(" ")), lang)
                          if lang == "en" else 0.0)
            record["score"] = round(keyness(total, total_words, general), 2)
            record["general_per_million"] = round(general * 1e6, 2)
        records.append(record)
    if rank is Rank.COUNT:
        records.sort(key=lambda r: (-r["count"], r["candidate"]))
    else:
        records.sort(key=lambda r: (-r["score"], -r["count"], r["candidate"]))
    if limit:
        records = records[:limit]
    extra = ["score", "more_in"] if rank is Rank.GROUPS else ["score", "general_per_million"]
    columns = ["candidate", "lang", "count", *extra] + (groups if by else [])
    score = ("log-likelihood (G2) of the candidate's count in the group named by more_in against all other "
             "groups, per content word" if rank is Rank.GROUPS else
             "keyness: (per million content words here + 10) / (per million words in general language + 10); "
             "above 1 means more frequent in these interviews than in general text")
    return Table("Keyword candidates", records, columns,
                 unit="occurrences in respondent passages",
                 definitions={"candidate": "a content word or two-word phrase not yet a keyword, as most often written "
                                           "(English forms are counted together by lemma)",
                              "lang": "en or zh", "count": "occurrences in all respondent passages",
                              "score": score,
                              "general_per_million": "occurrences per million words of general English or Chinese "
                                                     "(the wordfreq package's lists; 0 when it has never seen the word)",
                              "more_in": "the group where the candidate is relatively most frequent",
                              **{g: f"occurrences in passages of respondents with {by} = {g}" for g in groups}})


COMPOUND_DEFINITIONS = {
    "word": "a jieba word (simplified) that contains a one-word Chinese keyword and is not itself a keyword "
            "or exclude phrase",
    "keyword": "the keyword found inside the word",
    "code": "the code the keyword belongs to",
    "counted": "yes when the compound rule counts the keyword inside this word (it ends the word: 清华大学, "
               "申请专利), no when the word goes on past it (大学生); decide a word with 'keywords assign' or "
               "'keywords exclude'",
    "count": "occurrences of the word in respondent passages",
}


def keyword_compounds(project: Project, by: str | None = None) -> Table:
    """Each longer Chinese word a one-word keyword sits inside, with the compound rule's decision.

    Counting unit: occurrences of the containing word in respondent passages (one per keyword
    and code it contains), split by the ``by`` attribute when given.
    """
    from interview_coder.analysis.autocode import compile_project_codebook
    from interview_coder.text.match import inside_words, tokenize
    from interview_coder.text.normalize import CJK_RE

    compiled = compile_project_codebook(project)
    counts: dict[tuple[str, str, str, bool], Counter[str]] = {}
    for passage in store.respondent_passages(project, by=by or "group"):
        if not CJK_RE.search(passage["text"]):
            continue
        group = (passage["group"] if passage["group"] is not None else NO_GROUP) if by else "all"
        for found in inside_words(tokenize(passage["text"], compiled), compiled):
            counts.setdefault((found.word, found.keyword, found.code, found.counts), Counter())[group] += 1
    groups = sorted({g for c in counts.values() for g in c})
    records: list[dict[str, Any]] = []
    for (word, keyword, code, counted), per_group in counts.items():
        record: dict[str, Any] = {"word": word, "keyword": keyword, "code": code,
                                  "counted": "yes" if counted else "no", "count": sum(per_group.values())}
        if by:
            record.update({g: per_group.get(g, 0) for g in groups})
        records.append(record)
    records.sort(key=lambda r: (-r["count"], r["word"], r["code"]))
    definitions = dict(COMPOUND_DEFINITIONS)
    definitions.update({g: f"occurrences in passages of respondents with {by} = {g}" for g in groups})
    return Table("Keywords inside longer words", records, ["word", "keyword", "code", "counted", "count", *groups],
                 unit="occurrences of the containing word in respondent passages", definitions=definitions)
