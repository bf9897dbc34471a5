"""Properties of import: nothing lost or duplicated, offsets exact, idempotent, failures change nothing."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_coder.core.model import Role
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.io.transcripts.plain import _candidate, parse_plain
from interview_coder.store.project import Project

# Paragraph text: any printable text without newlines; may contain colons and brackets.
para = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), min_size=1,
               max_size=40).map(str.strip).filter(
    # A paragraph starting with a colon would read as part of a '[Name]:' label before it.
    lambda s: bool(s) and _candidate(s) is None and not s.startswith((":", "：")))
speakers = st.sampled_from(["Interviewer", "问", "R1", "受访者", "[Q]", "I"])
turns = st.lists(st.tuples(speakers, st.sampled_from([":", "：", " :"]), st.lists(para, min_size=1, max_size=3)),
                 min_size=1, max_size=8).map(lambda spec: [("R1", ":", ["Always here."]), *spec, ("R1", ":", ["Last word."])])


def render(spec) -> str:
    out = []
    for speaker, colon, paragraphs in spec:
        label = f"{speaker} " if speaker.startswith("[") else f"{speaker}{colon} "
        out.append(label + "\n\n".join(paragraphs))
    return "\n\n".join(out) + "\n"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=150, deadline=None)
@given(turns)
def test_passages_are_exact_ordered_slices(spec):
    from interview_coder.text.normalize import normalize

    t = parse_plain(normalize(render(spec)), Path("x.txt"), "x", ImportOptions())
    for p in t.passages:
        assert t.text[p.start:p.end] == p.text and p.text == p.text.strip() and p.text
    for a, b in zip(t.passages, t.passages[1:], strict=False):
        assert a.end < b.start
    # Nothing lost: every paragraph written is inside the passages, in order. A label counts as a
    # speaker when it is an interviewer label, is used at least twice, or follows an interviewer
    # turn; otherwise it is text.
    uses = Counter(s.strip("[]") for s, _, _ in spec)
    written = ""
    speaking = []  # (label, role) of each turn the parser must find
    open_interviewer = False
    for speaker, colon, paragraphs in spec:
        name = speaker.strip("[]")
        interviewer = ImportOptions().is_interviewer(name)
        if uses[name] >= 2 or interviewer or open_interviewer:
            speaking.append((name, Role.INTERVIEWER if interviewer else Role.RESPONDENT))
            open_interviewer = interviewer
        else:
            written += speaker if speaker.startswith("[") else speaker + colon
        written += "".join(normalize(x) for x in paragraphs)
    assert squash("".join(p.text for p in t.passages)) == squash(written)
    assert [(turn.speaker, turn.role) for turn in t.turns] == speaking


@settings(max_examples=150, deadline=None)
@given(turns)
def test_text_outside_passages_is_only_labels_and_blank_space(spec):
    from interview_coder.text.normalize import normalize

    t = parse_plain(normalize(render(spec)), Path("x.txt"), "x", ImportOptions())
    mask = [False] * len(t.text)
    for p in t.passages:
        for i in range(p.start, p.end):
            assert not mask[i]
            mask[i] = True
    leftover = "".join(ch for ch, used in zip(t.text, mask, strict=True) if not used)
    labels = {s.strip("[]") for s, _, _ in spec}
    residue = squash(leftover)
    for label in sorted(labels, key=len, reverse=True):
        residue = residue.replace(label, "")
    assert set(residue) <= set(":：[]"), residue


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns, st.booleans())
def test_import_is_idempotent_and_a_failure_changes_nothing(spec, with_respondent):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        good = folder / "good.txt"
        header = "---\nrespondent: R1\ngroup: enterprise\n---\n" if with_respondent else ""
        good.write_text(header + render(spec), encoding="utf-8")
        with Project.open(folder / "p.db", create=True) as project:
            reports = import_paths(project, [good], ImportOptions())
            has_respondent_text = any(
                not ImportOptions().is_interviewer(s.strip("[]")) for s, _, _ in spec)
            if reports[0].error is not None:
                assert not has_respondent_text or "no respondent text" in str(reports[0].error)
                return
            once = dump(folder / "p.db")
            import_paths(project, [good], ImportOptions())
            assert dump(folder / "p.db") == once
            bad = folder / "bad.txt"
            bad.write_text("---\nrespondent: [oops\n---\n" + render(spec), encoding="utf-8")
            (report,) = import_paths(project, [bad], ImportOptions())
            assert report.error is not None and str(report.error).startswith(f"{bad}:")
            assert dump(folder / "p.db") == once
            stored = project.conn.execute("SELECT count(*) FROM passages WHERE role = ?", (Role.RESPONDENT.value,)).fetchone()[0]
            assert stored >= 1
