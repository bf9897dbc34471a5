"""Options every command shares, and turning errors into one line and an exit code."""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from interview_coder.core.model import Origin, Status
from interview_coder.errors import ExitCode, InputError, InterviewCoderError

if TYPE_CHECKING:
    from interview_coder.store.project import Project  # imported lazily: --help stays instant

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_PROJECT = "interview_coder.db"
OUTPUT_FORMATS = ("table", "csv", "json", "xlsx", "md", "parquet")


TEAM_URL_PREFIXES = ("postgresql://", "postgres://")


class ProjectLocation(click.Path):
    """A project file (a Path), or a team project's PostgreSQL URL (kept as the str it is)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.startswith(TEAM_URL_PREFIXES):
            return value
        return super().convert(value, param, ctx)


def project_option(func: F) -> F:
    return click.option(
        "-p", "--project", "project_path", type=ProjectLocation(dir_okay=False, path_type=Path),
        envvar="INTERVIEW_CODER_PROJECT", default=DEFAULT_PROJECT, show_default=True, show_envvar=True,
        help="The project file, or a team project's postgresql://USER@HOST/DB URL.")(func)


def output_format(fmt: str, output: str | None) -> str:
    """The format a command writes: ``--format`` when given, else the one ``-o FILE``'s extension
    names (``-o freq.csv`` writes CSV, not a text table into a .csv), else ``fmt`` (table)."""
    ctx = click.get_current_context(silent=True)
    given = ctx is not None and ctx.get_parameter_source("fmt") not in (None, click.core.ParameterSource.DEFAULT)
    if given or output in (None, "-"):
        return fmt
    suffix = Path(str(output)).suffix.lower().lstrip(".")
    return {"markdown": "md"}.get(suffix, suffix) if suffix in (*OUTPUT_FORMATS, "markdown") else fmt


def output_options(func: F) -> F:
    """``--format`` and ``-o``: one writer behind every command that prints data."""

    @functools.wraps(func)
    def with_format(*args: Any, **kwargs: Any) -> Any:
        kwargs["fmt"] = output_format(kwargs["fmt"], kwargs.get("output"))
        return func(*args, **kwargs)

    wrapped = cast(F, with_format)
    wrapped = click.option("--bom", is_flag=True, help="Start CSV with a byte-order mark (for Excel).")(wrapped)
    wrapped = click.option("-o", "--output", "output", type=click.Path(dir_okay=False, allow_dash=True),
                           default=None, help="Write to FILE instead of standard output (- for stdout).")(wrapped)
    return click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True,
                        help="Output format (without it, -o FILE's extension picks one: .csv .json .xlsx .md "
                             ".parquet).")(wrapped)


def filter_options(coder: bool = True, status: bool = True) -> Callable[[F], F]:
    """The report filters: --coder (unless ``coder`` is False), --status (unless ``status`` is False),
    --transcripts, --where."""
    return lambda func: _filters(func, coder, status)


def _filters(func: F, coder: bool, status: bool = True) -> F:
    func = click.option("--where", multiple=True, metavar="ATTR=VALUE",
                        help="Only respondents with this attribute value; repeatable.")(func)
    func = click.option("--transcripts", multiple=True, metavar="NAME[,NAME...]",
                        help="Only these transcripts (comma-separated or repeated).")(func)
    func = click.option("--origin", "origins", multiple=True, type=click.Choice([o.value for o in Origin]),
                        expose_value=False, callback=_keep_origins,
                        help="Only codings of this origin (manual, auto = keyword hits, learned); repeatable.")(func)
    if status:
        func = click.option("--status", type=click.Choice([Status.ACCEPTED.value, Status.SUGGESTED.value, "all"]),
                            default=Status.ACCEPTED.value,
                            show_default=True, help="Which codings count (all = accepted + open suggestions).")(func)
    if coder:
        func = click.option("--coder", "coders", multiple=True, metavar="NAME",
                            help="Only codings by this coder; repeatable.")(func)
    return func


def _keep_origins(ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> None:
    ctx.meta["interview_coder.origins"] = value


def scope(project: Any, coders: tuple[str, ...] | None, status: str, transcripts: tuple[str, ...],
          where: tuple[str, ...], by: str | None = None) -> Any:
    """The Filters of the filter options (``--origin`` included), checked against the project: the one
    way every command that reads codings builds its scope (a name that matches nothing is refused,
    never an empty table)."""
    from dataclasses import replace

    from interview_coder.store.scope import Filters

    ctx = click.get_current_context(silent=True)
    origins = tuple(ctx.meta.get("interview_coder.origins", ())) if ctx else ()
    return replace(Filters.parse(coders, status, transcripts, where), origins=origins).check(project, by)


def who(project: Any, coder: str | None) -> str:
    """The acting coder: --coder, else the project's remembered coder."""
    name = coder or project.setting("coder")
    if not name:
        raise InterviewCoderError("who is coding? give --coder NAME (or remember one as the project's coder)")
    return str(name)


QUIET_HELP = "No progress bar and no status messages on stderr (errors and warnings still print)."


def quiet_option(func: F) -> F:
    """``-q/--quiet`` for commands that report progress or a summary."""
    return click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)(func)


class Progress:
    """A progress bar on stderr, drawn only when stderr is a terminal and --quiet was not given.

    Pass ``progress.callback`` as a library function's ``progress(done, total)``; the bar is made on
    the first call, once the total is known. Data on stdout is never touched.
    """

    def __init__(self, label: str, quiet: bool = False) -> None:
        self.label = label
        self.enabled = not quiet and sys.stderr.isatty()
        self._bar: Any = None

    @property
    def callback(self) -> Callable[[int, int], None] | None:
        return self if self.enabled else None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._bar.pos)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def say(message: str, quiet: bool = False) -> None:
    """A status message: always on stderr (stdout is for data), silent with --quiet."""
    if not quiet:
        click.echo(message, err=True)


def open_project(path: Path | str, create: bool = False) -> Project:
    from interview_coder.store.project import Project

    return Project.open(path, create=create)


SQLITE_MAGIC = b"SQLite format 3\x00"


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def guard_output(output: str | Path | None) -> None:
    """``-o`` never names a project, one of its backups or their -wal/-shm/-journal files: any SQLite
    database is refused before anything is written (a report over the project would destroy it)."""
    if output is None or str(output) == "-":
        return
    path = Path(output)
    for suffix in ("-wal", "-shm", "-journal"):
        if path.name.endswith(suffix) and _is_sqlite(path.with_name(path.name[: -len(suffix)])):
            raise InputError(f"refused: {path.name} belongs to the database {path.name[: -len(suffix)]}; give "
                             "another output file", path)
    if path.is_file() and _is_sqlite(path):
        raise InputError("refused: this is an SQLite database (a project or a backup), not an output file; give "
                         "another output file", path)


def emit(tables: list[Any], fmt: str, output: str | None, bom: bool = False) -> None:
    from interview_coder.io.export import write

    guard_output(output)
    if fmt == "xlsx" and output in (None, "-") and sys.stdout.isatty():
        raise InterviewCoderError("xlsx is binary: give -o FILE.xlsx")
    write(tables, fmt, output, bom)


def fail(message: str, code: ExitCode = ExitCode.BAD_INPUT) -> None:
    click.echo(message, err=True)
    raise SystemExit(int(code))


def handle_errors(func: F) -> F:
    """Print our errors as one line on stderr and exit with their code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InterviewCoderError as exc:
            text = str(exc)
            fail(text if exc.path else f"error: {text}", exc.exit_code)
        except sqlite3.DatabaseError as exc:
            fail(f"error: project store: {exc}", ExitCode.STORE)
        except KeyboardInterrupt:
            fail("interrupted", ExitCode.INTERRUPTED)
        except BrokenPipeError:
            sys.stderr.close()
            raise SystemExit(int(ExitCode.OK)) from None
        return None

    return cast(F, wrapper)


def parse_attrs(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r} is not key=value", param_hint="--attr")
        out[key.strip()] = val.strip()
    return out
