"""The codebook appendix a paper prints: each code with its factor, definition, keywords, exclude
phrases, merged synonyms and one example passage from the project, attributed.

The example is the code's accepted passage (in the filters' scope) with the most keyword hits,
ties to the shorter, as ``report all`` picks its quotes; none when nothing is coded yet.
"""

from __future__ import annotations

from typing import Any

from interview_coder.core.table import Table
from interview_coder.store import keywords as keyword_store
from interview_coder.store.codebook import load_codebook
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

EXAMPLE_CHARS = 240
COLUMNS = ["factor", "factor_name", "driver", "code", "code_name", "code_name_zh", "definition", "keywords_en",
           "keywords_zh", "exclude_en", "exclude_zh", "merged", "example", "example_source"]
DEFINITIONS = {
    "factor": "the factor's id", "factor_name": "the factor's name (Chinese name after a slash when it has one)",
    "driver": "internal or external (SIM)", "code": "the code's id", "code_name": "the code's name",
    "code_name_zh": "the code's Chinese name", "definition": "the code's description in the codebook",
    "keywords_en": "English keywords (lemmas), in codebook order, plus keywords assigned in the project",
    "keywords_zh": "Chinese keywords", "exclude_en": "English exclude phrases: no hit of this code inside them",
    "exclude_zh": "Chinese exclude phrases",
    "merged": "synonyms merged into one of the code's keywords, as 'synonym -> keyword'",
    "example": "the accepted passage of this code with the most keyword hits (shortened to "
               f"{EXAMPLE_CHARS} characters)",
    "example_source": "respondent, group and transcript passage of the example",
}


def codebook_appendix(project: Project, filters: Filters | None = None, by: str = "group",
                      examples: bool = True) -> Table:
    """One row per code, in codebook order (see module doc)."""
    from interview_coder.analysis.quotes import quotes

    filters = filters or Filters()
    book = load_codebook(project)
    factors = {f.id: f for f in book.factors}
    merges = keyword_store.merges(project)
    records: list[dict[str, Any]] = []
    for code in book.codes:
        factor = factors[code.factor]
        own = {w.casefold() for words in code.keywords.values() for w in words}
        merged = sorted(f"{source} -> {target}" for source, target in merges.items() if target.casefold() in own)
        example, source = "", ""
        if examples:
            found = quotes(project, code.id, filters, None, by, mark="")
            if len(found):
                rows = found.to_dict(orient="records")
                best = min(rows, key=lambda r: (-_keyword_count(r.get("keywords")), len(r["text"])))
                text = " ".join(str(best["text"]).split())
                example = text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS].rstrip() + " ..."
                source = f"{best['respondent']} ({best['group']}), {best['transcript']} passage {best['passage']}"
        records.append({
            "factor": factor.id, "factor_name": factor.name + (f" / {factor.name_zh}" if factor.name_zh else ""),
            "driver": str(factor.driver), "code": code.id, "code_name": code.name, "code_name_zh": code.name_zh,
            "definition": " ".join(code.description.split()), "keywords_en": "; ".join(code.keywords.get("en", ())),
            "keywords_zh": "；".join(code.keywords.get("zh", ())), "exclude_en": "; ".join(code.exclude.get("en", ())),
            "exclude_zh": "；".join(code.exclude.get("zh", ())), "merged": "; ".join(merged),
            "example": example, "example_source": source})
    return Table("Codebook appendix", records, COLUMNS, unit="one row per code", definitions=DEFINITIONS)


def _keyword_count(keywords: Any) -> int:
    """How many keywords a quote row lists (comma-separated, or a list)."""
    if not keywords:
        return 0
    return len(keywords) if isinstance(keywords, list) else len(str(keywords).split(","))
