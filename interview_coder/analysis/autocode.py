"""Auto-coding: match the codebook's keywords in respondent passages and store each hit as a
suggestion (origin auto) with its keyword and span.

Re-running adds only new hits; a hit already stored for the same passage, code and span (in any
status, rejected included) is never suggested again; manual codings are never touched. Interviewer
and title passages are never read. One transaction for the whole run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from interview_coder.errors import InputError
from interview_coder.store import keywords as store
from interview_coder.store.codebook import load_codebook
from interview_coder.store.codings import Suggestion, add_suggestions
from interview_coder.store.project import Project

if TYPE_CHECKING:
    from interview_coder.text.match import CompiledCodebook  # imported lazily: spaCy and jieba

USER_DICT_SETTING = "zh_user_dict"
"""Project setting: a jieba user dictionary file whose words are kept whole when segmenting."""


@dataclass
class AutocodeResult:
    passages: int = 0
    """respondent passages read"""
    hits: int = 0
    """keyword hits found (one per keyword occurrence and code)"""
    added: int = 0
    """hits stored as new suggestions (or accepted codings); the rest were stored before"""
    hits_by_code: Counter[str] = field(default_factory=Counter)
    added_by_code: Counter[str] = field(default_factory=Counter)
    dry_run: bool = False


def read_user_dict(path: str | Path) -> list[tuple[str, int | None]]:
    """Words of a jieba-style user dictionary: one per line, ``word [frequency] [tag]``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the user dictionary: {exc}", path) from exc
    words: list[tuple[str, int | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq: int | None = None
        if len(parts) > 1 and parts[1].isdigit():
            freq = int(parts[1])
        elif len(parts) > 1 and not parts[1].isalpha():
            raise InputError(f"expected 'word [frequency] [tag]', got {line.strip()!r}", path, number)
        words.append((parts[0], freq))
    return words


def compile_project_codebook(project: Project) -> CompiledCodebook:
    """The project's codebook, merges, excluded words and user dictionary, compiled for matching."""
    from interview_coder.text.match import compile_codebook

    user_dict = project.setting(USER_DICT_SETTING)
    user_words = read_user_dict(user_dict) if user_dict else []
    return compile_codebook(load_codebook(project).keywords(), store.excluded_words(project),
                            store.merges(project), user_words)


def autocode(project: Project, codes: Iterable[str] = (), transcripts: Iterable[str] = (),
             group: str | None = None, accept_as: str | None = None, dry_run: bool = False,
             progress: Callable[[int, int], None] | None = None) -> AutocodeResult:
    """Find keyword hits in respondent passages and store them as suggestions (see module doc).

    ``codes`` limits which codes' hits are stored; every code's keywords still compete for the
    longest match, so a run for one code finds exactly what a full run finds for it. ``accept_as``
    stores hits as that coder's accepted codings. ``progress(done, total)`` is called per passage.
    """
    from interview_coder.text.match import find_hits

    codes = [c for c in codes if c]
    transcripts = [t for t in transcripts if t]
    book = load_codebook(project)
    if not book.codes:
        raise InputError("the project has no codebook; load one with 'interview-coder codebook load FILE'")
    unknown = sorted(set(codes) - {c.id for c in book.codes})
    if unknown:
        raise InputError(f"no code {', '.join(map(repr, unknown))} in the codebook")
    missing = store.unknown_transcripts(project, transcripts)
    if missing:
        raise InputError(f"no transcript {', '.join(map(repr, missing))} in the project")
    wanted = set(codes)
    compiled = compile_project_codebook(project)
    passages = store.respondent_passages(project, transcripts, group)
    result = AutocodeResult(passages=len(passages), dry_run=dry_run)
    suggestions: list[Suggestion] = []
    for done, passage in enumerate(passages, start=1):
        for hit in find_hits(passage["text"], compiled):
            if wanted and hit.code not in wanted:
                continue
            suggestions.append(Suggestion(passage["id"], hit.code, hit.start, hit.end, hit.keyword))
        if progress is not None:
            progress(done, len(passages))
    result.hits = len(suggestions)
    result.hits_by_code = Counter(s.code_id for s in suggestions)
    stored = store.auto_spans(project, accept_as)
    new = [s for s in suggestions if (s.passage_id, s.code_id, s.start, s.end) not in stored]
    result.added_by_code = Counter(s.code_id for s in new)
    if dry_run:
        result.added = len(new)
    else:
        # The texts the hits were found in: a passage re-imported meanwhile refuses the whole run.
        seen = {p["id"]: p["text"] for p in passages}
        result.added = add_suggestions(project, new, accept_as=accept_as, seen=seen)
    return result
