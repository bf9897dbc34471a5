"""The notebook API: ``interview_coder.open(path)`` returns a :class:`ProjectAPI` whose report methods
return pandas DataFrames. The CLI's ``report`` commands call the same analysis functions.

Every report method takes the filters of the CLI as keyword arguments: ``coder`` (a name or a list),
``status`` ('accepted', 'suggested' or 'all'), ``transcripts`` (names) and ``where`` (a dict or
'attr=value' strings). ``transcripts()``, ``passages()``, ``respondents()``, ``codebook()``,
``codings()`` and ``memos()`` return what the project holds. Every frame has the dtypes of
:func:`interview_coder.analysis.frames.typed`; :func:`use_cjk_font` makes Chinese render in your own
matplotlib plots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_coder.core.model import Status
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

if TYPE_CHECKING:
    import pandas as pd


def make_filters(coder: str | Iterable[str] | None = None, status: str = Status.ACCEPTED,
                 transcripts: str | Iterable[str] | None = None,
                 where: Mapping[str, Any] | Iterable[str] | None = None,
                 origin: str | Iterable[str] | None = None) -> Filters:
    """Filters from notebook-style arguments (see the module docstring; ``origin``: manual, auto
    (keyword hits) or learned, one or a list)."""
    from dataclasses import replace

    coders = [coder] if isinstance(coder, str) else list(coder or [])
    names = [transcripts] if isinstance(transcripts, str) else list(transcripts or [])
    pairs = [f"{k}={v}" for k, v in where.items()] if isinstance(where, Mapping) else list(where or [])
    origins = (origin,) if isinstance(origin, str) else tuple(origin or ())
    return replace(Filters.parse(coders, status, names, pairs), origins=origins)


def use_cjk_font(text: str = "", bundled: bool = False) -> str:
    """Register a CJK font (an installed one, else the bundled Noto Sans CJK SC subset) for your own
    matplotlib plots and return its family name; see :func:`interview_coder.io.charts.use_cjk_font`."""
    from interview_coder.io.charts import use_cjk_font as register

    return register(text, bundled)


def _typed(frame: pd.DataFrame, project: Project) -> pd.DataFrame:
    from interview_coder.analysis.frames import typed

    return typed(frame, project)


class ProjectAPI:
    """An open project with report methods returning DataFrames. Use as a context manager or call close()."""

    def __init__(self, project: Project):
        self.project = project

    @classmethod
    def open(cls, path: str | Path, create: bool = False) -> ProjectAPI:
        return cls(Project.open(path, create=create))

    def close(self) -> None:
        self.project.close()

    def __enter__(self) -> ProjectAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<interview_coder project {self.project.path}>"

    def _filters(self, by: str | None = None, **filters: Any) -> Filters:
        from interview_coder.analysis.scope import check_filters

        made = make_filters(**filters)
        check_filters(self.project, made, by)
        return made

    def frequencies(self, by: str | None = None, **filters: Any) -> pd.DataFrame:
        """Per code (and group): passages, respondents, respondents_total, respondents_pct, keyword_hits."""
        from interview_coder.analysis.frequencies import code_frequencies

        return _typed(code_frequencies(self.project, self._filters(by, **filters), by), self.project)

    def factors(self, by: str | None = None, **filters: Any) -> pd.DataFrame:
        """Per SIM factor (and group), with passages_share; see drivers() for the internal/external totals."""
        from interview_coder.analysis.factors import factor_frequencies

        return _typed(factor_frequencies(self.project, self._filters(by, **filters), by), self.project)

    def drivers(self, by: str | None = None, **filters: Any) -> pd.DataFrame:
        """Internal vs external driver totals (per group)."""
        from interview_coder.analysis.factors import driver_totals

        return _typed(driver_totals(self.project, self._filters(by, **filters), by), self.project)

    def compare(self, by: str = "group", a: str | None = None, b: str | None = None, **filters: Any) -> pd.DataFrame:
        """Two groups per code and factor: respondents (n, %), difference, chi-square/Fisher p, Holm p, phi, hits per 1,000 words."""
        from interview_coder.analysis.compare import compare_groups

        return _typed(compare_groups(self.project, self._filters(by, **filters), by, a, b), self.project)

    def keywords(self, by: str | None = "group", **filters: Any) -> pd.DataFrame:
        """Keyword hits per keyword, code and group (the first table of ``report keywords``)."""
        import pandas as pd

        from interview_coder.analysis.keywords import keyword_report

        table = keyword_report(self.project, self._filters(by, **filters), by)[0]
        return _typed(pd.DataFrame.from_records(table.records, columns=table.columns), self.project)

    def cooccurrence(self, unit: str = "passage", matrix: bool = False, **filters: Any) -> pd.DataFrame:
        """Pairs of codes occurring together (or, with ``matrix``, the code x code counts)."""
        from interview_coder.analysis.cooccurrence import cooccurrence_matrix, cooccurrence_pairs

        made = self._filters(None, **filters)
        return _typed((cooccurrence_matrix if matrix else cooccurrence_pairs)(self.project, made, unit), self.project)

    def matrix(self, value: str = "presence", level: str = "code", **filters: Any) -> pd.DataFrame:
        """One row per respondent with its attributes and one column per code (or factor)."""
        from interview_coder.analysis.matrix import respondent_matrix

        return _typed(respondent_matrix(self.project, self._filters(None, **filters), value, level), self.project)

    def quotes(self, code: str, group: str | None = None, by: str = "group", limit: int | None = None,
               **filters: Any) -> pd.DataFrame:
        """Passages coded with ``code`` (or any code of a factor), keyword hits marked **like this**."""
        from interview_coder.analysis.quotes import quotes

        return _typed(quotes(self.project, code, self._filters(by, **filters), group, by, limit), self.project)

    def kwic(self, word: str, width: int = 40, by: str = "group", **filters: Any) -> pd.DataFrame:
        """Keyword in context: every occurrence of ``word`` in respondent passages."""
        from interview_coder.analysis.quotes import kwic

        return _typed(kwic(self.project, word, self._filters(by, **filters), by, width), self.project)

    def codings(self, **filters: Any) -> pd.DataFrame:
        """One row per coding in scope (the ``codings export`` table)."""
        import pandas as pd

        from interview_coder.analysis.codings import CODING_COLUMNS, codings_records

        frame = pd.DataFrame.from_records(codings_records(self.project, self._filters(None, **filters)),
                                          columns=CODING_COLUMNS)
        return _typed(frame, self.project)

    def transcripts(self) -> pd.DataFrame:
        """One row per transcript: language, format, respondents, group, turns, passages, words, codings."""
        from interview_coder.analysis import frames

        return frames.transcripts(self.project)

    def passages(self, respondent_only: bool = False) -> pd.DataFrame:
        """One row per passage with its text, role, respondent, group, offsets and words."""
        from interview_coder.analysis import frames

        return frames.passages(self.project, respondent_only)

    def respondents(self) -> pd.DataFrame:
        """One row per respondent with one typed column per attribute (group first)."""
        from interview_coder.analysis import frames

        return frames.respondents(self.project)

    def codebook(self) -> pd.DataFrame:
        """One row per code: its factor and driver, names in English and Chinese, keywords."""
        from interview_coder.analysis import frames

        return frames.codebook(self.project)

    def memos(self) -> pd.DataFrame:
        """Every memo: target, target_id, coder, text, updated_at."""
        from interview_coder.analysis import frames

        return frames.memos(self.project)

    def chart(self, frame: pd.DataFrame, path: str | Path, value: str = "respondents_pct",
              labels: str = "both") -> list[str]:
        """Draw a frequencies() or factors() frame as a grouped bar chart (.png/.svg); returns warnings."""
        from interview_coder.analysis.charts import table_chart
        from interview_coder.io.charts import draw_chart

        return draw_chart(table_chart(self.project, frame, value), path, labels)

    def report_all(self, out_dir: str | Path, by: str = "group", fmt: str = "csv", summary: str = "md",
                   labels: str = "both", a: str | None = None, b: str | None = None, **filters: Any) -> list[str]:
        """Write every table, an XLSX workbook, charts and a summary into ``out_dir``; returns warnings.
        ``a`` and ``b`` name the two groups compared (needed when ``by`` has more than two)."""
        from interview_coder.analysis.summary import build_report
        from interview_coder.io.report_files import write_report

        report = build_report(self.project, self._filters(by, **filters), by, a, b)
        return write_report(report, Path(out_dir), fmt, summary, labels)
