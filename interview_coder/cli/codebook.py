"""Codebook commands: load, show, export, and edits while coding (add-code, rename, merge, move,
describe, keyword add|remove), each undoable with ``undo``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from interview_coder.cli.common import (
    emit,
    guard_output,
    handle_errors,
    open_project,
    output_options,
    project_option,
    who,
)

CODER_HELP = "Whose edit, for undo (default: the project's remembered coder)."


@click.group()
def codebook() -> None:
    """Load, show, export and edit the codebook (factors -> codes -> keywords); edits are undoable."""


@codebook.command("load")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--force", is_flag=True, help="Allow removing codes that have codings (their codings go).")
@handle_errors
def codebook_load(project_path: Path, file: Path, force: bool) -> None:
    """Load a codebook (YAML, REFI-QDA .qdc or a Taguette codebook .csv), replacing the project's; codings of codes that remain are kept.

    FILE may be - to read YAML from stdin. Example: interview-coder codebook load codebooks/sim.yaml
    """
    from interview_coder.errors import InputError
    from interview_coder.io.codebook_yaml import load_codebook_yaml
    from interview_coder.store.codebook import codings_lost_by, save_codebook

    if file.suffix.lower() in (".qdc", ".csv"):  # a codebook from another QDA tool (REFI-QDA, Taguette)
        from interview_coder.io.refi import import_qdc
        from interview_coder.io.taguette import import_codebook_csv

        book, notes = import_qdc(file) if file.suffix.lower() == ".qdc" else import_codebook_csv(file)
        for note in notes:
            click.echo(f"{file}: warning: {note}", err=True)
    else:
        book, warnings = load_codebook_yaml(file)
        for problem in warnings:
            click.echo(f"{file}:{problem.line}: warning: {problem.message}", err=True)
    with open_project(project_path, create=True) as project:
        lost = codings_lost_by(project, book)
        if lost and not force:
            detail = ", ".join(f"{code} ({n})" for code, n in sorted(lost.items()))
            raise InputError(f"would remove codes that have codings: {detail}; {sum(lost.values())} codings "
                             "would go. Use --force to load anyway", file)
        if lost:
            project.backup(reason="before-codebook-force")
        with project.transaction():
            counts = save_codebook(project, book)
    click.echo(f"Loaded {file}: {counts['factors']} factors, {counts['codes']} codes, {counts['keywords']} keywords"
               + (f"; {counts['codings_removed']} codings removed" if counts["codings_removed"] else ""), err=True)


@codebook.command("show")
@project_option
@output_options
@handle_errors
def codebook_show(project_path: Path, fmt: str, output: str | None, bom: bool) -> None:
    """The factor -> code tree with keyword counts.

    Example: interview-coder codebook show --format json
    """
    from interview_coder.io.export import Table
    from interview_coder.store.codebook import load_codebook

    with open_project(project_path) as project:
        book = load_codebook(project)
    if fmt == "table" and output in (None, "-"):
        for factor in book.factors:
            click.echo(f"{factor.id}  {factor.name} / {factor.name_zh}  [{factor.driver}]")
            for code in (c for c in book.codes if c.factor == factor.id):
                en, zh = len(code.keywords.get("en", ())), len(code.keywords.get("zh", ()))
                indent = "      " if code.parent else "    "
                click.echo(f"{indent}{code.id}  {code.name} / {code.name_zh}  (keywords: en {en}, zh {zh})")
        return
    rows = [{"factor": c.factor, "code": c.id, "code_name": c.name, "code_name_zh": c.name_zh, "parent": c.parent,
             "colour": c.colour, "keywords_en": len(c.keywords.get("en", ())), "keywords_zh": len(c.keywords.get("zh", ())),
             "keywords": {k: list(v) for k, v in c.keywords.items()}}
            for c in book.codes]
    emit([Table("Codebook", rows)], fmt, output, bom)


@codebook.command("export")
@project_option
@click.option("--format", "fmt", type=click.Choice(["yaml", "qdc", "md", "docx", "xlsx"]), default="yaml",
              show_default=True, help="yaml (lossless), qdc (REFI-QDA, for other QDA tools), or the paper's "
                                      "appendix as md, docx or xlsx.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
@handle_errors
def codebook_export(project_path: Path, fmt: str, output: str) -> None:
    """Write the project's codebook back out losslessly (YAML, or REFI-QDA .qdc with --format qdc),
    or as a codebook appendix (md, docx, xlsx): per factor, each code's definition, keywords,
    exclude phrases, merged synonyms and an example passage with its respondent.

    Example: interview-coder codebook export --format yaml -o mine.yaml
    Example: interview-coder codebook export --format docx -o appendix.docx
    """
    if fmt in ("md", "docx", "xlsx"):
        from interview_coder.analysis.appendix import codebook_appendix
        from interview_coder.io.codebook_appendix import write_appendix

        with open_project(project_path) as project:
            table = codebook_appendix(project)
            name = project.setting("codebook.name") or "Codebook"
        write_appendix(table, fmt, output, name)
        return
    from interview_coder.io.codebook_yaml import dump_codebook_yaml
    from interview_coder.store.codebook import load_codebook

    guard_output(output)
    if fmt == "qdc":
        from interview_coder.io.refi import export_qdc

        with open_project(project_path) as project:
            export_qdc(project, Path(output))
        return
    with open_project(project_path) as project:
        text = dump_codebook_yaml(load_codebook(project))
    if output == "-":
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")


@codebook.command("add-code")
@project_option
@click.argument("name")
@click.option("--factor", default=None, help="Factor id (default: the codebook's first factor).")
@click.option("--name-zh", default="", help="Chinese name.")
@click.option("--description", default="", help="What the code means: its rule for coders.")
@click.option("--id", "code_id", default=None, help="Code id (default: made from the name).")
@click.option("--keyword", default=None, help="A first keyword for auto-coding.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="The keyword's language.")
@click.option("--coder", default=None, help="Whose edit, for undo (default: the project's remembered coder; "
                                            "with neither, not undoable).")
@handle_errors
def codebook_add_code(project_path: Path, name: str, factor: str | None, name_zh: str, description: str,
                      code_id: str | None, keyword: str | None, lang: str, coder: str | None) -> None:
    """Add a code to the project's codebook (the workbench's new code and in-vivo code do the same).

    Example: interview-coder codebook add-code "Talent pipeline" --factor internal --name-zh 人才
    """
    from interview_coder.errors import InterviewCoderError
    from interview_coder.store.codebook_edit import add_code

    with open_project(project_path) as project:
        try:
            acting: str | None = who(project, coder)
        except InterviewCoderError:  # no coder known: the code is added, as before, without a history entry
            acting = None
        code = add_code(project, name, factor, name_zh, description, code_id, keyword, lang, acting)
    click.echo(f"Added code {code.id} ({code.name}) under {code.factor}")


def _edit(project_path: Path, coder: str | None, fn: Any, *args: Any) -> Any:
    """Run one store.codebook_edit function as the acting coder (recorded for ``undo``)."""
    with open_project(project_path) as project:
        return fn(project, *args, coder=who(project, coder))


@codebook.command("rename")
@project_option
@click.argument("code")
@click.argument("name", required=False)
@click.option("--zh", "name_zh", default=None, help="A new Chinese name.")
@click.option("--coder", default=None, help=CODER_HELP)
@handle_errors
def codebook_rename(project_path: Path, code: str, name: str | None, name_zh: str | None, coder: str | None) -> None:
    """Rename a code (its id, codings and keywords stay); NAME and/or --zh.

    Example: interview-coder codebook rename tax_incentives "Tax relief" --zh 税收减免
    """
    from interview_coder.store.codebook_edit import rename_code

    done = _edit(project_path, coder, rename_code, code, name, name_zh)
    click.echo(f"Renamed {done.id}: {done.name}" + (f" / {done.name_zh}" if done.name_zh else ""), err=True)


@codebook.command("merge")
@project_option
@click.argument("source")
@click.argument("into")
@click.option("--coder", default=None, help=CODER_HELP)
@handle_errors
def codebook_merge(project_path: Path, source: str, into: str, coder: str | None) -> None:
    """Merge code SOURCE into INTO: SOURCE's codings (a duplicate collapses), keywords, sub-codes and
    memos go to INTO and SOURCE leaves the codebook. ``undo`` brings it back.

    Example: interview-coder codebook merge clients customers
    """
    from interview_coder.store.codebook_edit import merge_codes

    done, moved = _edit(project_path, coder, merge_codes, source, into)
    click.echo(f"Merged {source} into {done.id} ({done.name}): {moved} codings moved", err=True)


@codebook.command("move")
@project_option
@click.argument("code")
@click.option("--factor", default=None, help="The factor id to move to (default: the parent's).")
@click.option("--parent", default=None, help="A code to go under (in that factor).")
@click.option("--top", is_flag=True, help="To the top of the factor (no parent).")
@click.option("--coder", default=None, help=CODER_HELP)
@handle_errors
def codebook_move(project_path: Path, code: str, factor: str | None, parent: str | None, top: bool,
                  coder: str | None) -> None:
    """Move a code, with the codes under it, to another factor and/or under another code.

    Example: interview-coder codebook move talent --factor internal --parent human_capital
    """
    from interview_coder.errors import InputError
    from interview_coder.store.codebook_edit import KEEP, move_code

    if factor is None and parent is None and not top:
        raise InputError("give --factor, --parent or --top")
    if top and parent is not None:
        raise InputError("--top and --parent exclude each other")
    done = _edit(project_path, coder, move_code, code, factor, None if top else (parent or KEEP))
    click.echo(f"Moved {done.id} to {done.factor}" + (f" under {done.parent}" if done.parent else ""), err=True)


@codebook.command("describe")
@project_option
@click.argument("code")
@click.argument("text")
@click.option("--coder", default=None, help=CODER_HELP)
@handle_errors
def codebook_describe(project_path: Path, code: str, text: str, coder: str | None) -> None:
    """Write a code's description: its rule for coders (shown in the workbench's definitions).

    TEXT may be - to read it from stdin. Example: interview-coder codebook describe tax "Tax relief for R&D"
    """
    from interview_coder.store.codebook_edit import describe_code

    if text == "-":
        text = click.get_text_stream("stdin").read()
    done = _edit(project_path, coder, describe_code, code, text)
    click.echo(f"Described {done.id}", err=True)


@codebook.group("keyword")
def codebook_keyword() -> None:
    """Add or remove a code's keywords (then run autocode for their suggestions)."""


@codebook_keyword.command("add")
@project_option
@click.argument("code")
@click.argument("word")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="The keyword's language.")
@click.option("--coder", default=None, help=CODER_HELP)
@handle_errors
def keyword_add(project_path: Path, code: str, word: str, lang: str, coder: str | None) -> None:
    """Add a keyword to a code.

    Example: interview-coder codebook keyword add tax_incentives 税收减免 --lang zh
    """
    from interview_coder.store.codebook_edit import add_keyword

    _edit(project_path, coder, add_keyword, code, word, lang)
    click.echo(f"Added {lang} keyword {word!r} to {code}", err=True)


@codebook_keyword.command("remove")
@project_option
@click.argument("code")
@click.argument("word")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="The keyword's language.")
@click.option("--coder", default=None, help=CODER_HELP)
@handle_errors
def keyword_remove(project_path: Path, code: str, word: str, lang: str, coder: str | None) -> None:
    """Remove a keyword from a code (suggestions already stored stay).

    Example: interview-coder codebook keyword remove tax_incentives "tax break"
    """
    from interview_coder.store.codebook_edit import remove_keyword

    _edit(project_path, coder, remove_keyword, code, word, lang)
    click.echo(f"Removed {lang} keyword {word!r} from {code}", err=True)


COMMANDS = [codebook]
