"""The keyword workflow: ``keywords candidates|merge|unmerge|exclude|assign|list``."""

from __future__ import annotations

from pathlib import Path

import click

from interview_coder.cli.common import (
    emit,
    handle_errors,
    open_project,
    output_options,
    project_option,
)


@click.group()
def keywords() -> None:
    """Find candidate keywords, merge synonyms, exclude unrelated words, assign keywords to codes."""


@keywords.command("candidates")
@project_option
@click.option("--by", metavar="ATTR", help="Split counts by this respondent attribute (e.g. group).")
@click.option("--min-count", type=click.IntRange(min=1), default=3, show_default=True,
              help="Only candidates found at least this often.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most this many rows (0: all).")
@click.option("--rank", type=click.Choice(["general", "groups", "count"]), default="general", show_default=True,
              help="general: keyness against general English/Chinese word frequencies; groups: log-likelihood "
                   "of one group against the rest (needs --by); count: most frequent first.")
@output_options
@handle_errors
def keywords_candidates(project_path: Path, by: str | None, min_count: int, limit: int, rank: str, fmt: str,
                        output: str | None, bom: bool) -> None:
    """Distinctive content words and two-word phrases in respondent passages that are not keywords yet.

    Stop words come from spaCy's English and Chinese lists; numerals and words inside a keyword
    hit are left out; English words are counted by lemma.
    Example: interview-coder keywords candidates --by group --rank groups --min-count 5
    """
    from interview_coder.analysis.keywords import keyword_candidates

    with open_project(project_path) as project:
        table = keyword_candidates(project, by, min_count, limit or None, rank)
    emit([table], fmt, output, bom)


@keywords.command("compounds")
@project_option
@click.option("--by", metavar="ATTR", help="Split counts by this respondent attribute (e.g. group).")
@output_options
@handle_errors
def keywords_compounds(project_path: Path, by: str | None, fmt: str, output: str | None, bom: bool) -> None:
    """Longer Chinese words that contain a keyword, and whether the keyword counts inside them.

    A keyword that ends the word counts (清华大学 is a 大学, 申请专利 a 专利); one the word goes on
    past does not (大学生). Decide a word yourself: 'keywords assign WORD --code CODE' makes it a
    keyword, 'keywords exclude WORD' stops every hit inside it; then run autocode again.
    Example: interview-coder keywords compounds --by group
    """
    from interview_coder.analysis.keywords import keyword_compounds

    with open_project(project_path) as project:
        table = keyword_compounds(project, by)
    emit([table], fmt, output, bom)


@keywords.command("merge")
@project_option
@click.argument("words", nargs=-1, required=True)
@click.option("--into", required=True, metavar="KEYWORD", help="The keyword the synonyms are reported under.")
@handle_errors
def keywords_merge(project_path: Path, words: tuple[str, ...], into: str) -> None:
    """Merge synonyms: hits of WORDS are reported under --into. A word that is not a keyword of any
    code is matched, from the next autocode on, as a keyword of the codes of --into.

    Example: interview-coder keywords merge grant allowance --into subsidy
    """
    from interview_coder.store.keywords import codes_of_keyword, merge_keywords

    with open_project(project_path) as project:
        n = merge_keywords(project, words, into)
        codes = codes_of_keyword(project, into)
    click.echo(f"Merged {n} word(s) into {into!r}", err=True)
    if not codes:
        click.echo(f"note: {into!r} is not a keyword of any code; only hits of the merged keywords count", err=True)


@keywords.command("unmerge")
@project_option
@click.argument("words", nargs=-1, required=True)
@handle_errors
def keywords_unmerge(project_path: Path, words: tuple[str, ...]) -> None:
    """Take words out of their synonym set. Example: interview-coder keywords unmerge grant"""
    from interview_coder.store.keywords import unmerge_keywords

    with open_project(project_path) as project:
        n = unmerge_keywords(project, words)
    click.echo(f"Unmerged {n} word(s)", err=True)


@keywords.command("exclude")
@project_option
@click.argument("words", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take the words off the excluded list again.")
@handle_errors
def keywords_exclude(project_path: Path, words: tuple[str, ...], remove: bool) -> None:
    """Words or phrases that must never count, for any code: no hit inside them is suggested, and
    stored hits of them are left out of the keyword report.

    Example: interview-coder keywords exclude "risk assessment"
    """
    from interview_coder.store.keywords import exclude_words

    with open_project(project_path) as project:
        n = exclude_words(project, words, remove)
    click.echo(f"{'Removed' if remove else 'Excluded'} {n} word(s)", err=True)


@keywords.command("assign")
@project_option
@click.argument("word")
@click.option("--code", required=True, help="The code the keyword belongs to.")
@handle_errors
def keywords_assign(project_path: Path, word: str, code: str) -> None:
    """Add a keyword to a code (kept in the project; 'codebook export' writes it out).

    Example: interview-coder keywords assign 政府引导 --code subsidies_funding
    """
    from interview_coder.store.keywords import assign_keyword

    with open_project(project_path) as project:
        added = assign_keyword(project, word, code)
    click.echo(f"{'Added' if added else 'Already a keyword:'} {word!r} -> {code}; run autocode to find its hits", err=True)


@keywords.command("list")
@project_option
@output_options
@handle_errors
def keywords_list(project_path: Path, fmt: str, output: str | None, bom: bool) -> None:
    """Synonym merges and excluded words. Example: interview-coder keywords list --format csv"""
    from interview_coder.io.export import Table
    from interview_coder.store.keywords import excluded_words, merges

    with open_project(project_path) as project:
        rows: list[dict[str, str | None]] = [
            {"word": w, "action": "merged", "into": t} for w, t in sorted(merges(project).items())]
        rows += [{"word": w, "action": "excluded", "into": None} for w in excluded_words(project)]
    emit([Table("Keyword merges and exclusions", rows, ["word", "action", "into"])], fmt, output, bom)


COMMANDS = [keywords]
