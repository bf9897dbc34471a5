"""Random sequences of coding actions from two coders (apply, accept, reject, reopen, remove, undo,
redo, re-import, codebook changes, speaker changes, excluded words, the coding mode); after every
step every surface gives the figures a brute-force recount in Python makes from the raw tables,
``check`` passes, and undo/redo never raise anything but a refusal.

Runs a bounded number of examples in the suite; INTERVIEW_CODER_STATEFUL=N runs N examples.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path
from tempfile import mkdtemp

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from interview_coder.analysis.factors import factor_frequencies
from interview_coder.analysis.frequencies import code_frequencies
from interview_coder.api import ProjectAPI
from interview_coder.core.model import Code, Codebook, Driver, Factor
from interview_coder.errors import ConflictError, InputError
from interview_coder.io.transcripts import ImportOptions
from interview_coder.io.transcripts.plain import parse_plain
from interview_coder.store import codings as writer
from interview_coder.store import workbench
from interview_coder.store.check import check
from interview_coder.store.codebook import save_codebook
from interview_coder.store.keywords import exclude_words
from interview_coder.store.project import Project
from interview_coder.store.queries import status, transcript_rows
from interview_coder.store.scope import set_coding_mode
from interview_coder.store.speakers import set_speaker
from interview_coder.store.transcripts import save_transcript
from interview_coder.text.normalize import normalize

EXAMPLES = int(os.environ.get("INTERVIEW_CODER_STATEFUL", "12"))
CODERS = ("alice", "bob")
WORDS = {"customers": "customer", "risk": "risk", "talent": "talent"}
FULL = Codebook(
    factors=(Factor("market", "Market", Driver.EXTERNAL), Factor("inside", "Inside", Driver.INTERNAL)),
    codes=(Code("customers", "Customers", "market"), Code("risk", "Risk", "inside"),
           Code("talent", "Talent", "inside")))
SMALL = Codebook(FULL.factors, tuple(c for c in FULL.codes if c.id != "talent"))
ANSWERS = ["Our customers want risk and talent.", "We take a risk on customers.", "Talent is scarce here.",
           "No risk, no customers, no talent."]


def transcript_text(group: str, variant: int) -> str:
    """Four variants of one interview: as first imported, a line added at the top, an answer edited,
    an answer dropped."""
    answers = list(ANSWERS)
    if variant == 2:
        answers[1] = "We take a big risk on new customers."
    if variant == 3:
        del answers[2]
    body = "".join(f"Q: Question {i}?\n\nBoss: {a}\n\n" for i, a in enumerate(answers))
    top = "Q: Welcome.\n\n" if variant == 1 else ""
    return f"---\nrespondent: R-{group}\ngroup: {group}\n---\n{top}{body}"


class CodingDay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.project = Project.open(Path(mkdtemp()) / "p.db", create=True)
        with self.project.transaction():
            save_codebook(self.project, FULL)
        for group in ("enterprise", "government"):
            self._import(group, 0)

    def teardown(self) -> None:
        self.project.close()

    def _import(self, group: str, variant: int) -> None:
        transcript = parse_plain(normalize(transcript_text(group, variant)), Path(f"{group}.txt"), group,
                                 ImportOptions())
        with self.project.transaction():
            save_transcript(self.project, transcript, "plain", "utf-8", replace=True)

    def _rows(self, sql: str) -> list[dict]:
        return [dict(r) for r in self.project.conn.execute(sql)]

    def _attempt(self, fn, *args) -> None:
        try:
            fn(*args)
        except (InputError, ConflictError):  # a refusal with a message is a valid outcome; anything else fails
            pass

    # ----- the actions -----
    @rule(coder=st.sampled_from(CODERS), pick=st.integers(0, 99), code=st.sampled_from(list(WORDS)),
          span=st.booleans())
    def apply(self, coder: str, pick: int, code: str, span: bool) -> None:
        passages = self._rows("SELECT id, text FROM passages ORDER BY id")
        p = passages[pick % len(passages)]
        at = p["text"].lower().find(WORDS[code])
        if span and at >= 0:
            self._attempt(writer.apply_code, self.project, p["id"], code, coder, at, at + len(WORDS[code]), None,
                          p["text"])
        else:
            self._attempt(writer.apply_code, self.project, p["id"], code, coder, None, None, None, p["text"])

    @rule()
    def autocode(self) -> None:
        hits, seen = [], {}
        for p in self._rows("SELECT id, text FROM passages WHERE role = 'respondent'"):
            seen[p["id"]] = p["text"]
            for code, word in WORDS.items():
                hits += [writer.Suggestion(p["id"], code, m.start(), m.end(), word)
                         for m in re.finditer(word, p["text"], re.IGNORECASE)]
        self._attempt(writer.add_suggestions, self.project, hits, None, seen)

    @rule(coder=st.sampled_from(CODERS), pick=st.integers(0, 99), status=st.sampled_from(["accepted", "rejected"]))
    def decide(self, coder: str, pick: int, status: str) -> None:
        rows = self._rows("SELECT id FROM codings WHERE status = 'suggested' ORDER BY id")
        if rows:
            self._attempt(writer.decide, self.project, [rows[pick % len(rows)]["id"]], status, coder)

    @rule(coder=st.sampled_from(CODERS), pick=st.integers(0, 99), reopen=st.booleans())
    def take_back(self, coder: str, pick: int, reopen: bool) -> None:
        rows = self._rows("SELECT id FROM codings WHERE status != 'suggested' ORDER BY id")
        if rows:
            fn = writer.reopen if reopen else writer.remove_codings
            self._attempt(fn, self.project, [rows[pick % len(rows)]["id"]], coder)

    @rule(coder=st.sampled_from(CODERS), undoing=st.booleans())
    def replay(self, coder: str, undoing: bool) -> None:
        try:
            (writer.undo if undoing else writer.redo)(self.project, coder)
        except ConflictError:  # refused with a reason: the only exception undo may raise
            pass

    @rule(group=st.sampled_from(["enterprise", "government"]), variant=st.integers(0, 3))
    def reimport(self, group: str, variant: int) -> None:
        self._import(group, variant)

    @rule(small=st.booleans())
    def codebook(self, small: bool) -> None:
        with self.project.transaction():
            save_codebook(self.project, SMALL if small else FULL)

    @rule(role=st.sampled_from(["interviewer", "respondent"]), group=st.sampled_from(["enterprise", "government"]))
    def speaker(self, role: str, group: str) -> None:
        self._attempt(set_speaker, self.project, "Boss", role, None, group, None, True)

    @rule(word=st.sampled_from(["customer", "risk"]), remove=st.booleans())
    def exclude(self, word: str, remove: bool) -> None:
        exclude_words(self.project, [word], remove=remove)

    @rule(mode=st.sampled_from(["shared", "independent"]))
    def mode(self, mode: str) -> None:
        set_coding_mode(self.project, mode)

    # ----- the recount -----
    def recount(self) -> dict[str, object]:
        rows = self._rows("SELECT c.*, p.role, p.respondent_id, p.transcript_id FROM codings c "
                          "JOIN passages p ON p.id = c.passage_id")
        excluded = {r["word"].lower() for r in self._rows("SELECT word FROM excluded_words")}
        countable = [r for r in rows if r["role"] == "respondent" and r["status"] != "rejected"
                     and not (r["keyword"] and r["keyword"].lower() in excluded)]
        accepted = [r for r in countable if r["status"] == "accepted"]
        decisions = {(r["passage_id"], r["code_id"], r["start"], r["end"]) for r in rows if r["status"] != "suggested"}
        still_open = [r for r in countable if r["status"] == "suggested"
                      and (r["passage_id"], r["code_id"], r["start"], r["end"]) not in decisions]
        passages, respondents, hits = defaultdict(set), defaultdict(set), defaultdict(set)
        per_transcript: dict[tuple[str, int], set[int]] = defaultdict(set)
        factor_of = {r["id"]: r["factor_id"] for r in self._rows("SELECT id, factor_id FROM codes")}
        factor_passages = defaultdict(set)
        for r in accepted:
            passages[r["code_id"]].add(r["passage_id"])
            respondents[r["code_id"]].add(r["respondent_id"])
            per_transcript[(r["code_id"], r["transcript_id"])].add(r["passage_id"])
            factor_passages[factor_of[r["code_id"]]].add(r["passage_id"])
            if r["origin"] == "auto" and r["keyword"]:
                hits[r["code_id"]].add((r["passage_id"], r["start"]))
        counted = self._rows("SELECT id, transcript_id FROM passages WHERE role = 'respondent'")
        return {"codes": {c: (len(passages[c]), len(respondents[c]), len(hits[c])) for c in factor_of},
                "factors": {f: len(factor_passages[f]) for f in set(factor_of.values())},
                "per_transcript": {k: len(v) for k, v in per_transcript.items()},
                "passages": len(counted), "accepted": len(accepted), "open": len(still_open),
                "counted_by_transcript": {t: sum(p["transcript_id"] == t for p in counted)
                                          for t in {p["transcript_id"] for p in counted}}}

    @invariant()
    def every_surface_agrees_with_the_recount(self) -> None:
        want = self.recount()
        frame = code_frequencies(self.project).set_index("code")
        got = {c: (int(frame.loc[c, "passages"]), int(frame.loc[c, "respondents"]), int(frame.loc[c, "keyword_hits"]))
               for c in frame.index}
        assert got == want["codes"]
        via_api = ProjectAPI(self.project).frequencies().set_index("code")["passages"].astype(int).to_dict()
        assert via_api == {c: v[0] for c, v in want["codes"].items()}
        factors = factor_frequencies(self.project).set_index("factor")["passages"].astype(int).to_dict()
        assert factors == want["factors"]
        info = status(self.project)
        assert (info["passages"], info["codings"]["accepted"], info["codings"]["suggested"]) == (
            want["passages"], want["accepted"], want["open"])
        listed = {r["id"]: r for r in transcript_rows(self.project)}
        for tid, row in listed.items():
            assert row["passages"] == want["counted_by_transcript"].get(tid, 0)
            panel = workbench.code_counts(self.project, tid)
            assert {c: n for c, (n, _) in panel.items() if n} == {
                c: n for (c, t), n in want["per_transcript"].items() if t == tid}
            assert all(total == want["codes"][c][0] for c, (_, total) in panel.items())
        overview = {r["id"]: r for r in workbench.overview_rows(self.project)}
        assert all(o["passages"] == listed[t]["passages"] and o["reviewed"] <= o["passages"]
                   for t, o in overview.items())
        assert sum(o["suggestions"] for o in overview.values()) == want["open"]

    @invariant()
    def check_passes(self) -> None:
        assert check(self.project) == []


CodingDay.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=25, deadline=None,
                                       suppress_health_check=[HealthCheck.too_slow])
TestCodingDay = CodingDay.TestCase
