"""Kill interview-coder with SIGKILL at random moments and prove that no acknowledged work is lost.

A child process works on one project without pause: it imports transcripts (``interview-coder
import``), auto-codes (``interview-coder autocode``), merges other coders' projects
(``interview-coder merge``), imports one-question files whose answer label is used once (the
answer must be stored as respondent text), re-imports changed files (``import --replace``, which
moves codings to the new passages), reloads the codebook (``codebook load``), switches a speaker
between respondent and interviewer and back (``speakers set --force``), takes backups, runs the
read-only ``check`` and ``report all``, and codes by script through ``store.codings`` (apply,
remove, accept a suggestion, undo, redo). Before each action it writes ``BEGIN`` and, after the action's commit
returned, ``ACK`` with what the project now holds, to an append-only log. The parent kills the
child after a random delay, opens the project and verifies:

* ``check`` finds no problem (nothing half-written, every invariant holds);
* every acknowledged fact still holds (a coding there on the same text, with its code, span,
  status and coder, or gone when its removal was acknowledged; an imported transcript with all its
  passages; a merge's codings; every auto-coding suggestion an autocode reported; a respondent's
  id and group, whatever ``speakers set`` did in between; the codebook last loaded);
* ids are never reused: a coding, passage or transcript id seen once always names the same thing
  (a coding the same text, code and coder; a passage the same text), and a new coding's id is
  above every id seen before;
* the action in flight at the kill happened entirely or not at all.

A loss is one acknowledged fact that no longer holds, or one in-flight action found half-done.
Then it starts the next child on the same project. Usage::

    python scripts/stress_kill.py --kills 200 --seed 1          # prints e.g. "200 kills, 0 losses"
    python scripts/stress_kill.py --concurrent 2:1 --actions 60  # two coders and one importer at once

Exit status 0 when nothing was lost and ``check`` passed every time, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CODEBOOK = ROOT / "codebooks" / "sim.yaml"
CODER = "stress"
MERGE_SOURCES = 4

# Sentences with SIM keywords (so autocode finds hits) and without; English and Chinese.
SENTENCES = [
    "We work with a university lab on joint research every year.",
    "Our supplier helped with co-development of the new sensor.",
    "Customers keep asking for new products, and competition is fierce.",
    "The government subsidy and tax incentives made the R&D budget possible.",
    "Frankly we just try to survive the quarter.",
    "The founder is proactive and always seizes a market opportunity.",
    "Talent is scarce; our R&D team has twelve engineers.",
    "我们和高校合作开发新产品，研发投入很大。",
    "政府的税收优惠和补贴对我们帮助很大。",
    "客户的需求变化很快，市场竞争激烈。",
    "人才是最大的问题，研发团队需要更多工程师。",
    "说实话，我们主要是为了生存。",
]
QUESTIONS = ["Why do you innovate?", "What helps you most?", "你们为什么创新？", "What holds you back?"]

WEIGHTS = {"code": 40, "remove": 8, "accept": 8, "undo": 8, "redo": 4, "import": 20, "merge": 6, "autocode": 3,
           "one-question": 6, "backup": 3, "check": 3, "report": 2, "replace": 10, "codebook": 4, "speakers": 6}
# one-question: import a file of one question and a once-used answer label (its answer must be
# respondent text); backup: an automatic backup (a kill mid-copy leaves only a .part, never a
# broken .db); check: read-only, must pass and write nothing; report: report all, in one snapshot; replace: a file
# imported earlier gains new questions and answers before, inside and after its text and is
# imported with --replace (every coding must stay on its text); codebook: codebook load of the
# codebook or of a second version (one more keyword, another version number), all or nothing;
# speakers: the respondent's label made interviewer (--force) or respondent again (same id, group).


def transcript_text(rng: random.Random, respondent: str, group: str) -> str:
    lines = ["---", f"respondent: {respondent}", f"group: {group}", "---", ""]
    for _ in range(rng.randint(2, 5)):
        lines += [f"Interviewer: {rng.choice(QUESTIONS)}", ""]
        answer = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3)))
        lines += [f"{respondent}: {answer}", ""]
        if rng.random() < 0.4:
            lines += [" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 2))), ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- the child: work until killed


class Log:
    """Append-only lines, each written with one write(2): in the kernel once write returns."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def __call__(self, kind: str, **data: Any) -> None:
        os.write(self.fd, (json.dumps({"kind": kind, **data}, ensure_ascii=False) + "\n").encode("utf-8"))


def cli(args: list[str]) -> int:
    """Run one interview-coder command in this process (its output swallowed); its exit code."""
    from interview_coder.cli import main

    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            main.main(args, standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


# A coding as the verifier sees it: on which text (transcript, passage text), code, span, status,
# coder. Passage ids are left out on purpose: import --replace may give a passage a new home.
CODING_SQL = ('SELECT t.name, p.text, c.code_id, c.start, c."end", c.status, k.name FROM codings c '
              "JOIN coders k ON k.id = c.coder_id JOIN passages p ON p.id = c.passage_id "
              "JOIN transcripts t ON t.id = p.transcript_id")


def current(conn: Any, coding_id: int) -> list[Any] | None:
    row = conn.execute(f"{CODING_SQL} WHERE c.id = ?", (coding_id,)).fetchone()
    return None if row is None else list(row)


def coding_state(project: Any, ids: list[int]) -> dict[str, Any]:
    return {str(i): current(project.conn, i) for i in ids}


def auto_keys(conn: Any) -> set[tuple[Any, ...]]:
    """Auto codings as (transcript, passage text, code, start, end): what an autocode run promised."""
    return {tuple(r[:5]) for r in conn.execute(f"{CODING_SQL} WHERE c.origin = 'auto'")}


def history_ids(project: Any, undone: int) -> list[int]:
    # the record undo would take (newest not undone) or redo would take (oldest undone), as codings.py does
    row = project.conn.execute(
        "SELECT h.payload FROM history h JOIN coders k ON k.id = h.coder_id WHERE k.name = ? AND h.undone = ? "
        "ORDER BY CASE WHEN ? THEN h.id ELSE -h.id END LIMIT 1", (CODER, undone, undone)).fetchone()
    if row is None:
        return []
    return sorted({(op.get("row") or op.get("before"))["id"] for op in json.loads(row[0])})


def child(work: Path, seed: int, actions: list[str], count: int | None, log_path: Path, tag: str) -> None:  # noqa: C901 - split it, then drop this
    from interview_coder.errors import ConflictError
    from interview_coder.store import codings
    from interview_coder.store.project import Project

    rng = random.Random(seed)
    log = Log(log_path)
    db = str(work / "project.db")
    project = Project.open(db)
    weights = [WEIGHTS[a] for a in actions]
    done = 0
    n = 0
    while count is None or done < count:
        action = rng.choices(actions, weights)[0]
        n += 1
        if action == "code":
            passage = project.conn.execute(
                "SELECT id, length(text) FROM passages WHERE role = 'respondent' ORDER BY random() LIMIT 1").fetchone()
            code = project.conn.execute("SELECT id FROM codes ORDER BY random() LIMIT 1").fetchone()
            if passage is None or code is None:
                continue
            start = end = None
            if rng.random() < 0.7:
                start = rng.randrange(0, passage[1])
                end = rng.randint(start + 1, passage[1])
            key = [passage[0], code[0], start, end]
            log("begin", action="code", key=key, tag=tag)
            coding_id = codings.apply_code(project, passage[0], code[0], CODER, start, end)
            log("ack", action="code", key=key, state=coding_state(project, [coding_id]), tag=tag)
        elif action in ("remove", "accept"):
            if action == "remove":  # one of this coder's codings
                row = project.conn.execute("SELECT c.id FROM codings c JOIN coders k ON k.id = c.coder_id "
                                           "WHERE k.name = ? ORDER BY random() LIMIT 1", (CODER,)).fetchone()
            else:  # a suggestion still open (a decided one stays as a row: store/scope.py)
                from interview_coder.store.scope import Filters

                still_open, _ = Filters().open_sql("c")
                row = project.conn.execute(f"SELECT id FROM codings c WHERE {still_open} "  # noqa: S608
                                           "ORDER BY random() LIMIT 1").fetchone()
            if row is None:
                continue
            ids = [int(row[0])]
            log("begin", action=action, ids=ids, before=coding_state(project, ids), tag=tag)
            if action == "remove":
                codings.remove_codings(project, ids, CODER)
            else:
                codings.set_status(project, ids, "accepted", CODER)
            log("ack", action=action, state=coding_state(project, ids), tag=tag)
        elif action in ("undo", "redo"):
            ids = history_ids(project, 1 if action == "redo" else 0)
            log("begin", action=action, ids=ids, before=coding_state(project, ids), tag=tag)
            try:
                (codings.redo if action == "redo" else codings.undo)(project, CODER)
            except ConflictError:  # refused with a reason (its passage or code changed): nothing written
                pass
            log("ack", action=action, state=coding_state(project, ids), tag=tag)
        elif action == "import":
            name = f"{tag}_{seed}_{n}"
            path = work / "files" / f"{name}.md"
            path.write_text(transcript_text(rng, f"R-{name}", rng.choice(["enterprise", "government"])), "utf-8")
            log("begin", action="import", name=name, tag=tag)
            code_ = cli(["import", "-p", db, str(path)])
            row = project.conn.execute("SELECT id, text_sha256 FROM transcripts WHERE name = ?", (name,)).fetchone()
            passages = project.conn.execute("SELECT count(*) FROM passages WHERE transcript_id = ?",
                                            (row[0] if row else -1,)).fetchone()[0]
            log("ack" if code_ == 0 else "fail", action="import", name=name, exit=code_,
                sha=row[1] if row else None, passages=passages, tag=tag)
        elif action == "one-question":
            name = f"{tag}_{seed}_{n}_q"
            path = work / "files" / f"{name}.txt"
            answer = rng.choice(SENTENCES)
            path.write_text(f"Q: {rng.choice(['Why?', 'What changed?', '为什么？'])}\nFounder {n}: {answer}\n", "utf-8")
            log("begin", action="import", name=name, tag=tag)
            code_ = cli(["import", "-p", db, str(path)])
            row = project.conn.execute("SELECT id, text_sha256 FROM transcripts WHERE name = ?", (name,)).fetchone()
            counted = project.conn.execute("SELECT count(*) FROM passages WHERE transcript_id = ? AND role = "
                                           "'respondent' AND text = ?", (row[0] if row else -1, answer)).fetchone()[0]
            passages = project.conn.execute("SELECT count(*) FROM passages WHERE transcript_id = ?",
                                            (row[0] if row else -1,)).fetchone()[0]
            ok = code_ == 0 and counted == 1
            log("ack" if ok else "fail", action="import", name=name, exit=code_, sha=row[1] if row else None,
                passages=passages, respondent_passages=counted, tag=tag)
        elif action in ("backup", "check", "report"):
            args = {"backup": ["backup", "-p", db],
                    "check": ["check", "-p", db],
                    "report": ["report", "all", "-p", db, "-o", str(work / f"report-{tag}"), "--status", "all"]}[action]
            log("begin", action=action, tag=tag)
            code_ = cli(args)
            log("ack" if code_ == 0 else "fail", action=action, exit=code_, tag=tag)
        elif action == "merge":
            k = rng.randrange(MERGE_SOURCES)
            log("begin", action="merge", source=k, tag=tag)
            code_ = cli(["merge", "-p", db, str(work / f"alice{k}.db")])
            log("ack" if code_ == 0 else "fail", action="merge", source=k, exit=code_, tag=tag)
        elif action == "autocode":
            log("begin", action="autocode", tag=tag)
            code_ = cli(["autocode", "-p", db, "-q"])
            keys = [list(k) for k in auto_keys(project.conn)]
            log("ack" if code_ == 0 else "fail", action="autocode", keys=keys, exit=code_, tag=tag)
        elif action == "replace":
            if not replace(project, work, rng, db, log, tag):
                continue
        elif action == "codebook":
            version = rng.choice([1, 2])
            log("begin", action="codebook", version=version, tag=tag)
            code_ = cli(["codebook", "load", "-p", db, str(CODEBOOK if version == 1 else work / "sim2.yaml")])
            log("ack" if code_ == 0 else "fail", action="codebook", version=version, exit=code_, tag=tag)
        elif action == "speakers":
            row = project.conn.execute(f"SELECT name FROM transcripts t WHERE {MINE} "  # noqa: S608
                                       "ORDER BY random() LIMIT 1").fetchone()
            if row is None:
                continue
            name, label = row[0], f"R-{row[0]}"
            role = project.conn.execute("SELECT role FROM turns tu JOIN transcripts t ON t.id = tu.transcript_id "
                                        "WHERE t.name = ? AND tu.speaker = ?", (name, label)).fetchone()[0]
            to = "interviewer" if role == "respondent" else "respondent"
            log("begin", action="speakers", name=name, role=to, tag=tag)
            code_ = cli(["speakers", "set", label, "--role", to, "--transcript", name, "-p", db,
                         *(["--force"] if to == "interviewer" else [])])
            log("ack" if code_ == 0 else "fail", action="speakers", name=name, role=to, exit=code_, tag=tag)
        done += 1
    project.close()
    log("done", tag=tag)


# Transcripts the children imported from a generated file (not the one-question ones, not merged ones).
MINE = "t.name LIKE 'k%' AND t.name NOT LIKE '%q'"


def replace(project: Any, work: Path, rng: random.Random, db: str, log: Log, tag: str) -> bool:
    """Grow a file imported earlier by new questions and answers (before, inside, after its text) and
    import it with --replace; every coding on the transcript must stay on its text. False: nothing to do."""
    from interview_coder.io.transcripts import ImportOptions, read_transcripts

    row = project.conn.execute(f"SELECT id, name FROM transcripts t WHERE {MINE} "  # noqa: S608
                               "ORDER BY random() LIMIT 1").fetchone()
    path = work / "files" / f"{row[1]}.md" if row else None
    if row is None or path is None or not path.exists():
        return False
    name = row[1]
    head, _, body = path.read_text("utf-8").partition("---\n\n")
    paragraphs = body.split("\n\n")
    for _ in range(rng.randint(1, 3)):  # between two paragraphs: no passage's text changes
        pair = f"Interviewer: {rng.choice(QUESTIONS)}\n\nR-{name}: {rng.choice(SENTENCES)}"
        paragraphs.insert(rng.randint(0, len(paragraphs) - 1), pair)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(head + "---\n\n" + "\n\n".join(paragraphs), "utf-8")
    os.replace(tmp, path)
    want = len(read_transcripts(path, ImportOptions()).transcripts[0].passages)
    ids = [r[0] for r in project.conn.execute("SELECT c.id FROM codings c JOIN passages p ON p.id = c.passage_id "
                                              "WHERE p.transcript_id = ?", (row[0],))]
    log("begin", action="replace", name=name, passages=want, ids=ids, before=coding_state(project, ids), tag=tag)
    code_ = cli(["import", "--replace", "-p", db, str(path)])
    sha, passages = project.conn.execute("SELECT text_sha256, (SELECT count(*) FROM passages p WHERE p.transcript_id"
                                         " = t.id) FROM transcripts t WHERE t.id = ?", (row[0],)).fetchone()
    ok = code_ == 0 and passages == want
    log("ack" if ok else "fail", action="replace", name=name, exit=code_, sha=sha, passages=passages, want=want,
        state=coding_state(project, ids), tag=tag)
    return True


# ---------------------------------------------------------------- the parent: set up, kill, verify


def setup(work: Path, seed: int) -> None:
    """A project with the SIM codebook and two transcripts, and MERGE_SOURCES projects of coder alice."""
    from interview_coder.store.codings import apply_code
    from interview_coder.store.project import Project

    rng = random.Random(seed)
    (work / "files").mkdir(parents=True, exist_ok=True)
    text = CODEBOOK.read_text("utf-8")
    (work / "sim2.yaml").write_text(text.replace("\nversion: 1\n", "\nversion: 2\n", 1)
                                    .replace("en: [university,", "en: [stress keyword, university,", 1), "utf-8")
    for name in ["project", *[f"alice{k}" for k in range(MERGE_SOURCES)]]:
        db = str(work / f"{name}.db")
        assert cli(["init", db]) == 0
        assert cli(["codebook", "load", "-p", db, str(CODEBOOK)]) == 0
        for j in range(2):
            stem = f"{name}_start{j}"
            path = work / "files" / f"{stem}.md"
            path.write_text(transcript_text(rng, f"R-{stem}", "enterprise"), "utf-8")
            assert cli(["import", "-p", db, str(path)]) == 0, path
        if name.startswith("alice"):
            with Project.open(db) as p:
                passages = p.conn.execute("SELECT id, length(text) FROM passages WHERE role = 'respondent'").fetchall()
                codes = [r[0] for r in p.conn.execute("SELECT id FROM codes")]
                for pid, length in passages:
                    start = rng.randrange(0, length)
                    apply_code(p, pid, rng.choice(codes), "alice", start, rng.randint(start + 1, length))
                    apply_code(p, pid, rng.choice(codes), "alice")


def alice_keys(work: Path, k: int) -> set[tuple[Any, ...]]:
    """alice's codings in alice{k}.db, keyed by transcript text hash, passage seq, code and span."""
    import sqlite3

    conn = sqlite3.connect(work / f"alice{k}.db")
    try:
        return set(conn.execute(ALICE_SQL).fetchall())
    finally:
        conn.close()


ALICE_SQL = ('SELECT t.text_sha256, p.seq, c.code_id, c.start, c."end" FROM codings c JOIN coders k ON k.id = c.coder_id '
             "JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id WHERE k.name = 'alice'")


@dataclass
class Model:
    """What the acknowledged actions promise the project holds."""

    codings: dict[str, Any] = field(default_factory=dict)  # id -> [passage, code, start, end, status, coder] | None
    transcripts: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (sha, passages)
    merged: set[int] = field(default_factory=set)
    auto: set[tuple[Any, ...]] = field(default_factory=set)
    codebook: int = 1  # the version last loaded
    keywords: int | None = None  # include keywords of version 1 (version 2 has one more); read on first verify
    tops: dict[str, int] = field(default_factory=dict)  # the largest id of each table at the last verify
    respondents: dict[str, Any] = field(default_factory=dict)  # transcript -> [respondent id, group]
    seen_codings: dict[int, list[Any]] = field(default_factory=dict)  # id -> [transcript, text, code, start, end, coder]
    seen_passages: dict[int, list[Any]] = field(default_factory=dict)  # id -> [transcript, text]
    seen_transcripts: dict[int, str] = field(default_factory=dict)
    acks: int = 0
    fails: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    kills: int = 0
    acks: int = 0
    losses: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fails: list[str] = field(default_factory=list)
    in_flight: dict[str, int] = field(default_factory=dict)
    backups_checked: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        flight = ", ".join(f"{k} {v}" for k, v in sorted(self.in_flight.items()))
        return (f"{self.kills} kills, {len(self.losses)} losses, {len(self.problems)} check problems, "
                f"{len(self.fails)} failed actions; {self.acks} actions acknowledged; "
                f"killed during: {flight or 'nothing'}; {self.backups_checked} automatic backups checked; "
                f"{self.seconds:.0f} s")


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text("utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass  # a line cut by the kill is not an acknowledgement
    return out


def apply_log(model: Model, entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Fold acknowledgements into the model; the action begun but not acknowledged, if any."""
    pending: dict[str, Any] | None = None
    for e in entries:
        if e["kind"] == "begin":
            pending = e
            see(model, e.get("before", {}))
        elif e["kind"] == "ack":
            see(model, e.get("state", {}))
            begun, pending = pending, None
            model.acks += 1
            a = e["action"]
            if "state" in e:
                model.codings.update(e["state"])
                if begun is not None:
                    forget_deleted_auto(model, begun.get("before", {}), e["state"])
            if a in ("import", "replace"):
                model.transcripts[e["name"]] = (e["sha"], e["passages"])
            elif a == "codebook":
                model.codebook = e["version"]
            elif a == "merge":
                model.merged.add(e["source"])
            elif a == "autocode":
                model.auto |= {tuple(k) for k in e["keys"]}
        elif e["kind"] == "fail":
            pending = None
            model.fails.append(json.dumps(e))
    return pending


def see(model: Model, states: dict[str, Any]) -> None:
    """Remember what each coding id named, so a later id that names something else is caught."""
    for i, state in states.items():
        if state is not None:
            model.seen_codings.setdefault(int(i), state[:5] + state[6:])


def forget_deleted_auto(model: Model, before: dict[str, Any], after: dict[str, Any]) -> None:
    """A coder's acknowledged remove (or an undo/redo that deletes) takes an accepted auto coding away
    on purpose: its span is no longer owed by the auto-coding run that stored it."""
    for i, was in before.items():
        if was is not None and after.get(i) is None:
            model.auto.discard(tuple(was[:5]))


def verify(work: Path, model: Model, pending: dict[str, Any] | None, alice: list[set[tuple[Any, ...]]],  # noqa: C901 - split it, then drop this
           outcome: Outcome) -> None:
    from interview_coder.store.check import check
    from interview_coder.store.project import Project

    with Project.open(work / "project.db") as project:
        outcome.problems += [str(p) for p in check(project)]
        conn = project.conn
        skip: set[str] = set()
        if pending is not None and pending["action"] in ("remove", "accept", "undo", "redo"):
            skip = {str(i) for i in pending["ids"]}
            before = pending["before"]
            after = {}
            for i in skip:
                after[i] = current(conn, int(i))
            # all-or-nothing: every id of the action is either as before or (the whole action) changed
            unchanged = [after[i] == before[i] for i in skip]
            if any(unchanged) and not all(unchanged) and pending["action"] in ("undo", "redo"):
                outcome.losses.append(f"{pending['action']} half-done: before {before}, after {after}")
            model.codings.update(after)
            forget_deleted_auto(model, before, after)
        if pending is not None and pending["action"] == "code":
            p, code, start, end = pending["key"]
            row = conn.execute('SELECT c.id FROM codings c JOIN coders k ON k.id = c.coder_id WHERE c.passage_id = ? '
                               'AND c.code_id = ? AND k.name = ? AND c.start IS ? AND c."end" IS ?',
                               (p, code, CODER, start, end)).fetchone()
            if row is not None:
                model.codings[str(row[0])] = current(conn, int(row[0]))
        for i, want in model.codings.items():
            if i in skip:
                continue
            got = current(conn, int(i))
            if got != want:
                outcome.losses.append(f"coding {i}: acknowledged {want}, found {got}")
        if pending is not None and pending["action"] in ("import", "replace"):
            row = conn.execute("SELECT text_sha256 FROM transcripts WHERE name = ?", (pending["name"],)).fetchone()
            if row is not None:  # committed before the kill: it must be whole (check) and now counts
                n = conn.execute("SELECT count(*) FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
                                 "WHERE t.name = ?", (pending["name"],)).fetchone()[0]
                if pending["action"] == "replace" and row[0] != model.transcripts.get(pending["name"], ("",))[0] \
                        and n != pending["passages"]:
                    outcome.losses.append(f"replace of {pending['name']} half-done: {n} passages, "
                                          f"{pending['passages']} in the file")
                model.transcripts[pending["name"]] = (row[0], n)
        for name, (sha, passages) in model.transcripts.items():
            row = conn.execute("SELECT t.text_sha256, (SELECT count(*) FROM passages p WHERE p.transcript_id = t.id) "
                               "FROM transcripts t WHERE t.name = ?", (name,)).fetchone()
            if row is None or tuple(row) != (sha, passages):
                outcome.losses.append(f"transcript {name}: acknowledged {passages} passages, found {row and tuple(row)}")
        if pending is not None and pending["action"] == "replace":
            for i, was in pending["before"].items():  # a replace keeps every coding on its text, done or not
                if current(conn, int(i)) != was:
                    outcome.losses.append(f"coding {i} moved by an interrupted replace: {was} -> {current(conn, int(i))}")
        verify_codebook(conn, model, pending, outcome)
        verify_speakers(conn, model, outcome)
        verify_ids(conn, model, outcome)
        have_alice = {tuple(r) for r in conn.execute(ALICE_SQL)}
        for k, keys in enumerate(alice):
            present = len(keys & have_alice)
            if k in model.merged and present != len(keys):
                outcome.losses.append(f"merge of alice{k}: {len(keys) - present} of {len(keys)} codings missing")
            elif present not in (0, len(keys)):
                outcome.losses.append(f"merge of alice{k} half-done: {present} of {len(keys)} codings")
            elif present:
                model.merged.add(k)
        missing = model.auto - auto_keys(conn)
        if missing:
            outcome.losses.append(f"{len(missing)} acknowledged auto-coding suggestions missing")
            model.auto -= missing


def verify_codebook(conn: Any, model: Model, pending: dict[str, Any] | None, outcome: Outcome) -> None:
    """The codebook is the version last loaded (or, when a load was killed, the one it loaded), whole."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'codebook.version'").fetchone()
    version = int(row[0]) if row else 0
    keywords = conn.execute("SELECT count(*) FROM keywords WHERE kind = 'include'").fetchone()[0]
    if model.keywords is None:
        model.keywords = keywords - (version == 2)
    allowed = {model.codebook} | ({pending["version"]} if pending and pending["action"] == "codebook" else set())
    if version not in allowed or keywords != model.keywords + (version == 2):
        outcome.losses.append(f"codebook: version {version} with {keywords} keywords, "
                              f"expected version {sorted(allowed)} (version 1 has {model.keywords} keywords)")
    else:
        model.codebook = version


def verify_speakers(conn: Any, model: Model, outcome: Outcome) -> None:
    """Each label's turns and passages have one role; a respondent keeps its id and group across speakers set."""
    for name, label in conn.execute(
            "SELECT t.name, tu.speaker FROM turns tu JOIN transcripts t ON t.id = tu.transcript_id "
            "LEFT JOIN passages p ON p.turn_id = tu.id WHERE tu.role != 'preamble' GROUP BY t.id, tu.speaker "
            "HAVING count(DISTINCT tu.role) > 1 OR count(DISTINCT p.role) > 1"):
        outcome.losses.append(f"speaker {label} in {name} half-switched: its turns have two roles")
    rows = conn.execute(
        f"SELECT DISTINCT t.name, r.key, a.value FROM transcripts t JOIN passages p ON p.transcript_id = t.id "  # noqa: S608
        "JOIN respondents r ON r.id = p.respondent_id LEFT JOIN attributes a ON a.respondent_id = r.id AND "
        f"a.name = 'group' WHERE {MINE} AND p.role = 'respondent'").fetchall()
    for name, key, group in rows:
        was = model.respondents.setdefault(name, [key, group])
        if was != [key, group]:
            outcome.losses.append(f"respondent of {name}: was {was}, now {[key, group]}")


def verify_ids(conn: Any, model: Model, outcome: Outcome) -> None:
    """An id seen once names the same coding, passage, transcript for good; new coding ids only go up."""
    top = model.tops.get("coding", 0)
    for i, *ident in conn.execute(CODING_SQL.replace("SELECT ", "SELECT c.id, ", 1)):
        ident = ident[:5] + ident[6:]
        was = model.seen_codings.setdefault(i, ident)
        if was != ident:
            outcome.losses.append(f"coding id {i} reused or moved: was {was}, now {ident}")
        elif was is ident and i <= top:
            outcome.losses.append(f"coding id {i} handed out again (ids up to {top} were seen)")
    for table, seen, sql in (
            ("passage", model.seen_passages, "SELECT p.id, t.name, p.text FROM passages p JOIN transcripts t "
                                             "ON t.id = p.transcript_id"),
            ("transcript", model.seen_transcripts, "SELECT id, name FROM transcripts")):
        top = model.tops.get(table, 0)
        for i, *ident in conn.execute(sql):
            value = ident if table == "passage" else ident[0]
            was = seen.setdefault(i, value)
            if was != value:
                outcome.losses.append(f"{table} id {i} reused: was {was}, now {value}")
            elif was is value and i <= top:
                outcome.losses.append(f"{table} id {i} handed out again (ids up to {top} were seen)")
        model.tops[table] = max(seen, default=0)
    model.tops["coding"] = max(model.seen_codings, default=0)


def spawn(work: Path, seed: int, actions: list[str], count: int | None, log: Path, tag: str) -> subprocess.Popen[bytes]:
    args = [sys.executable, str(Path(__file__).resolve()), "--child", str(work), "--seed", str(seed),
            "--only", ",".join(actions), "--log", str(log), "--tag", tag]
    if count is not None:
        args += ["--count", str(count)]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stress(work: Path, kills: int, seed: int, actions: list[str], max_delay: float,
           progress: bool = False) -> Outcome:
    """``kills`` rounds of: start a child, SIGKILL it after a random delay, verify the project."""
    started = time.monotonic()
    rng = random.Random(seed)
    setup(work, seed)
    alice = [alice_keys(work, k) for k in range(MERGE_SOURCES)]
    model, outcome = Model(), Outcome()
    for round_ in range(kills):
        log = work / f"log{round_}.jsonl"
        proc = spawn(work, rng.randrange(1 << 30), actions, None, log, f"k{round_}")
        time.sleep(rng.uniform(0.05, max_delay))
        if proc.poll() is not None:  # the child died by itself: that is a bug, not a kill
            err = proc.stderr.read().decode() if proc.stderr else ""
            outcome.fails.append(f"round {round_}: child exited {proc.returncode}: {err[-2000:]}")
        else:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            outcome.kills += 1
        if proc.stderr:
            proc.stderr.close()
        pending = apply_log(model, read_log(log))
        if pending is not None:
            outcome.in_flight[pending["action"]] = outcome.in_flight.get(pending["action"], 0) + 1
        verify(work, model, pending, alice, outcome)
        if progress and (round_ + 1) % 10 == 0:
            print(f"  {round_ + 1} rounds: {len(outcome.losses)} losses, {model.acks} acks", file=sys.stderr)
    outcome.acks = model.acks
    outcome.fails += model.fails
    outcome.backups_checked = check_backups(work, outcome)
    outcome.seconds = time.monotonic() - started
    return outcome


def check_backups(work: Path, outcome: Outcome) -> int:
    """Every automatic backup (before merges) is itself a sound project."""
    from interview_coder.store.check import check
    from interview_coder.store.project import Project

    n = 0
    for copy in sorted((work / "project.db.backups").glob("*.db")):
        with Project.open(copy) as p:
            outcome.problems += [f"backup {copy.name}: {pr}" for pr in check(p)]
        n += 1
    return n


def concurrent(work: Path, coders: int, importers: int, count: int, seed: int) -> Outcome:
    """Coders and importers writing the same project at once, ``count`` actions each; then verify."""
    started = time.monotonic()
    setup(work, seed)
    alice = [alice_keys(work, k) for k in range(MERGE_SOURCES)]
    roles = [("code,remove,undo,redo", f"c{i}") for i in range(coders)]
    roles += [("import", f"i{i}") for i in range(importers)]
    procs = [(spawn(work, seed * 100 + n, acts.split(","), count, work / f"log-{tag}.jsonl", tag), tag)
             for n, (acts, tag) in enumerate(roles)]
    outcome = Outcome()
    model = Model()
    for proc, tag in procs:
        _, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            outcome.fails.append(f"{tag}: exit {proc.returncode}: {err.decode()[-2000:]}")
    entries = []
    for _, tag in procs:
        got = read_log(work / f"log-{tag}.jsonl")
        if not got or got[-1]["kind"] != "done":
            outcome.fails.append(f"{tag}: did not finish")
        entries.append(got)
    # Each coder process codes under its own name and there are no suggestions to share, so the
    # processes' acknowledgements never concern the same coding and can be folded in any order.
    for got in entries:
        apply_log(model, got)
    verify(work, model, None, alice, outcome)
    outcome.acks = model.acks
    outcome.fails += model.fails
    outcome.seconds = time.monotonic() - started
    return outcome


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-delay", type=float, default=1.5, help="Longest wait before a kill, in seconds.")
    ap.add_argument("--only", default=",".join(WEIGHTS), help="Actions to run (default: all).")
    ap.add_argument("--work", type=Path, help="Working folder (default: a fresh temporary one).")
    ap.add_argument("--concurrent", metavar="CODERS:IMPORTERS", help="Run writers at once instead of killing.")
    ap.add_argument("--actions", type=int, default=60, help="With --concurrent: actions per process.")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--tag", default="k", help=argparse.SUPPRESS)
    ap.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    actions = [a for a in args.only.split(",") if a]
    if args.child:
        global CODER
        if args.tag.startswith("c"):  # concurrent coders each code under their own name
            CODER = f"stress-{args.tag}"
        child(args.child, args.seed, actions, args.count, args.log, args.tag)
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="interview-coder-stress-"))
    if args.concurrent:
        coders, importers = (int(x) for x in args.concurrent.split(":"))
        outcome = concurrent(work, coders, importers, args.actions, args.seed)
        print(f"{coders} coders and {importers} importers at once, {args.actions} actions each: "
              f"{outcome.acks} acknowledged, {len(outcome.losses)} losses, {len(outcome.problems)} check problems, "
              f"{len(outcome.fails)} failed ({outcome.seconds:.0f} s)")
    else:
        outcome = stress(work, args.kills, args.seed, actions, args.max_delay, progress=True)
        print(outcome.summary())
    for line in (outcome.losses + outcome.problems + outcome.fails)[:50]:
        print("  " + line)
    print(f"(work folder: {work})", file=sys.stderr)
    return 0 if not (outcome.losses or outcome.problems or outcome.fails) else 1


if __name__ == "__main__":
    sys.exit(main())
