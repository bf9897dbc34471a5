"""Rerun issue 16's attacks against this checkout and print the table: attack, tried, held, what happened.

Each attack runs the real command line (``python -m interview_coder``) in a fresh folder. "Held"
means: no traceback, the promised result or a one-line error with a non-zero exit, nothing
half-written (the project unchanged where the command was refused), and ``check`` clean after.
Usage::

    python scripts/attack_rerun.py                 # every attack, a Markdown table on stdout
    python scripts/attack_rerun.py --only qdpx,csv  # attacks whose name contains one of these

Exit status 0 when every attack held, 1 otherwise. Timed attacks print their seconds; they are
figures, not pass/fail thresholds, except where an attack is about a run taking minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIM = ROOT / "codebooks" / "sim.yaml"
ATTACKS: list[tuple[str, str, Callable[[Path], tuple[bool, str]]]] = []


def attack(name: str, what: str) -> Callable[[Callable[[Path], tuple[bool, str]]], Callable[[Path], tuple[bool, str]]]:
    def register(fn: Callable[[Path], tuple[bool, str]]) -> Callable[[Path], tuple[bool, str]]:
        ATTACKS.append((name, what, fn))
        return fn
    return register


def ic(*args: str | Path, stdin: bytes | None = None, timeout: float = 300, cwd: Path | None = None
       ) -> tuple[int, str, str]:
    """Run interview-coder; exit code, stdout, stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("INTERVIEW_CODER_PROJECT", None)
    proc = subprocess.run([sys.executable, "-m", "interview_coder", *map(str, args)], input=stdin, capture_output=True,
                          timeout=timeout, env=env, cwd=cwd)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def clean(db: Path) -> bool:
    return ic("check", "-p", db)[0] == 0


def no_traceback(*outputs: str) -> bool:
    return not any("Traceback" in o for o in outputs)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


def one_line(err: str) -> str:
    """The error line of a command's stderr (not its progress or summary lines)."""
    lines = [ln.strip() for ln in err.strip().splitlines() if ln.strip() and not re.match(r"\d+ added,", ln.strip())]
    errors = [ln for ln in lines if re.search(r"error|refused|not |no |never|cannot|read-only", ln)]
    return (errors or lines or [""])[0][:160]


def project(tmp: Path, text: str | None = None, name: str = "r01") -> Path:
    """A project with the SIM codebook, one transcript and one accepted coding on its first answer."""
    db = tmp / "p.db"
    body = text or ("---\nrespondent: R01\ngroup: enterprise\n---\n\nQ: Why do you innovate?\n\n"
                    "R01: Customers keep asking for new products.\n\nQ: What helps?\n\n"
                    "R01: The government subsidy and tax incentives.\n")
    if not body.startswith("---"):
        body = "---\nrespondent: R01\ngroup: enterprise\n---\n\n" + body
    (tmp / f"{name}.md").write_text(body, "utf-8")
    for args in (["init", db], ["codebook", "load", "-p", db, SIM], ["import", "-p", db, tmp / f"{name}.md"]):
        code, _, err = ic(*args)
        assert code == 0, err
    (tmp / "c.csv").write_text(f"transcript,passage,code,coder\n{name},1,customers,ann\n", "utf-8")
    code, _, err = ic("codings", "import", "-p", db, tmp / "c.csv")
    assert code == 0, err
    return db


def sql(db: Path, query: str, *args: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, args).fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------- speakers


@attack("once-used label", "one-question file, once-used answer label (Founder:, 张总：, Dr. Lin:)")
def once_used(tmp: Path) -> tuple[bool, str]:
    db = tmp / "p.db"
    files = {"q1.txt": "Q: What did you build first?\nFounder: A sensor for tractors.\n",
             "q2.txt": "问：你们最先做了什么？\n张总：拖拉机用的传感器。\n",
             "q3.txt": "Q: What changed?\n\nDr. Lin: We hired twelve engineers.\n"}
    for name, text in files.items():
        (tmp / name).write_text(text, "utf-8")
    code, _, err = ic("import", "-p", db, *(tmp / n for n in files))
    counted = sql(db, "SELECT count(*) FROM passages WHERE role = 'respondent' AND words > 0")[0][0] if code == 0 else 0
    return code == 0 and counted == 3 and clean(db), f"exit {code}, {counted} of 3 answers counted"


@attack("no respondent text", "a file with only interviewer text: the error names cause and fix")
def no_respondent(tmp: Path) -> tuple[bool, str]:
    (tmp / "q.txt").write_text("Title\n\nQ: Why?\nBecause.\n", "utf-8")
    code, _, err = ic("import", "-p", tmp / "p.db", tmp / "q.txt")
    msg = one_line(err)
    return code != 0 and "label the answers" in msg and no_traceback(err), msg


@attack("sentence with a colon", "'The reason is simple: cost.' and 'Note: ...' after a question are no speaker")
def sentence_colon(tmp: Path) -> tuple[bool, str]:
    db = tmp / "p.db"
    (tmp / "s.txt").write_text("Q: Why?\n\nNote: the recorder stopped.\n\nR1: Because.\n\nQ: And?\n\n"
                               "R1: The reason is simple: cost.\n", "utf-8")
    code, _, err = ic("import", "-p", db, tmp / "s.txt")
    speakers = sorted(str(r[0]) for r in sql(db, "SELECT DISTINCT speaker FROM turns")) if code == 0 else []
    return code == 0 and speakers == ["Q", "R1"], f"speakers {speakers}"


@attack("dry run", "import --dry-run shows speakers, roles, passages; writes nothing")
def dry_run(tmp: Path) -> tuple[bool, str]:
    (tmp / "q.txt").write_text("Q: Why?\nFounder: Cost.\n", "utf-8")
    code, out, err = ic("import", "--dry-run", "-p", tmp / "p.db", tmp / "q.txt")
    shown = "Founder -> respondent" in out + err
    return code == 0 and shown and not (tmp / "p.db").exists(), f"exit {code}, mapping shown {shown}, no file written"


# ---------------------------------------------------------------- Word files

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx(body: str, parts: dict[str, str] | None = None, rels: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        zf.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
                    f'Type="{DOC_REL}/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>')
        zf.writestr("word/_rels/document.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{RELS_NS}">{rels}'
                    "</Relationships>")
        for name, data in (parts or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def para(text: str, wrap: str = "") -> str:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    if wrap == "ins":
        run = f'<w:ins w:id="1" w:author="a">{run}</w:ins>'
    elif wrap == "sdt":
        run = f"<w:sdt><w:sdtContent>{run}</w:sdtContent></w:sdt>"
    return f"<w:p>{run}</w:p>"


@attack("docx whole", "Word: speaker | text table, tracked insertion, content control, altChunk")
def docx_whole(tmp: Path) -> tuple[bool, str]:
    cell = lambda t: f"<w:tc>{para(t)}</w:tc>"  # noqa: E731
    table = "<w:tbl>" + "".join(f"<w:tr>{cell(a)}{cell(b)}</w:tr>" for a, b in
                                [("Speaker", "Text"), ("Interviewer", "Why?"), ("Lin", "TABLEANSWER customers.")]) + "</w:tbl>"
    body = (table + para("Interviewer: And then?") + para("Lin: INSERTED tax incentives.", "ins")
            + para("Interviewer: Later?") + para("Lin: CONTROLLED talent.", "sdt")
            + para("Interviewer: Last?") + '<w:altChunk r:id="rId9"/>')
    rels = (f'<Relationship Id="rId9" Type="{DOC_REL}/aFChunk" Target="chunk.txt"/>')
    data = docx(body, {"word/chunk.txt": "Lin: CHUNKED suppliers."}, rels)
    (tmp / "w.docx").write_bytes(data)
    db = tmp / "p.db"
    code, _, err = ic("import", "-p", db, tmp / "w.docx")
    text = " ".join(str(r[0]) for r in sql(db, "SELECT text FROM passages WHERE role = 'respondent'")) if code == 0 else ""
    found = [w for w in ("TABLEANSWER", "INSERTED", "CONTROLLED", "CHUNKED") if w in text]
    return code == 0 and len(found) == 4 and clean(db), f"exit {code}, respondent text has {found} {one_line(err)}"


@attack("docx external", "Word: an altChunk pointing outside the file is never fetched")
def docx_external(tmp: Path) -> tuple[bool, str]:
    rels = f'<Relationship Id="rId9" Type="{DOC_REL}/aFChunk" Target="http://127.0.0.1:9/x.html" TargetMode="External"/>'
    (tmp / "w.docx").write_bytes(docx(para("Q: Why?") + para("R1: Cost.") + '<w:altChunk r:id="rId9"/>', rels=rels))
    code, _, err = ic("import", "-p", tmp / "p.db", tmp / "w.docx")
    return code != 0 and "never" in err and no_traceback(err), one_line(err)


# ---------------------------------------------------------------- odd input


@attack("non-UTF-8 name", "a folder with a non-UTF-8 file name (a Windows archive unzipped)")
def non_utf8(tmp: Path) -> tuple[bool, str]:
    folder = tmp / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "w") as f:
        f.write("Q: Why?\n\ncaf: Cost.\n\nQ: More?\n\ncaf: No.\n")
    (folder / "zz.txt").write_text("Q: Why?\n\nzz: Cost.\n\nQ: More?\n\nzz: No.\n")
    code, _, err = ic("import", "-p", tmp / "p.db", folder)
    n = sql(tmp / "p.db", "SELECT count(*) FROM transcripts")[0][0] if code == 0 else 0
    return code == 0 and n == 2 and no_traceback(err), f"exit {code}, {n} of 2 imported"


@attack("-o the project", "-o naming the project: report, codings export, codebook export, export qdpx, transcripts list")
def output_guard(tmp: Path) -> tuple[bool, str]:
    db = project(tmp)
    before = digest(db)
    commands = [["report", "frequencies", "-o"], ["codings", "export", "-o"], ["codebook", "export", "-o"],
                ["export", "qdpx"], ["transcripts", "list", "-o"]]
    bad = []
    for command in commands:
        code, _, err = ic(*command, db, "-p", db)
        if code == 0 or not no_traceback(err) or digest(db) != before:
            bad.append(" ".join(command))
    return not bad and clean(db), f"refused {len(commands) - len(bad)} of {len(commands)}, project unchanged"


@attack("xlsx bomb", "an .xlsx of one shared string referenced 3,000 times")
def xlsx_bomb(tmp: Path) -> tuple[bool, str]:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["respondent", "answer"])
    big = "innovation " * 20_000
    for i in range(3000):
        sheet.append([f"r{i}", big])
    book.save(tmp / "bomb.xlsx")
    size = (tmp / "bomb.xlsx").stat().st_size
    started = time.monotonic()
    code, _, err = ic("import", "-p", tmp / "p.db", tmp / "bomb.xlsx")
    n = sql(tmp / "p.db", "SELECT count(*) FROM transcripts")[0][0] if (tmp / "p.db").exists() else 0
    return (code != 0 and n == 0 and no_traceback(err),
            f"{size // 1024} KB file: exit {code} in {time.monotonic() - started:.1f} s, {one_line(err)}")


@attack("deep YAML", "a codebook YAML nested 50,000 deep")
def deep_yaml(tmp: Path) -> tuple[bool, str]:
    (tmp / "deep.yaml").write_text("factors: " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    code, _, err = ic("codebook", "load", "-p", tmp / "p.db", tmp / "deep.yaml")
    return code != 0 and no_traceback(err), one_line(err)


@attack("deep .qdc", "a .qdc code tree 5,000 deep")
def deep_qdc(tmp: Path) -> tuple[bool, str]:
    ns = "urn:QDA-XML:codebook:1.0"
    codes = "".join(f'<Code guid="00000000-0000-4000-8000-{i:012d}" name="c{i}" isCodable="true">' for i in range(5000))
    (tmp / "deep.qdc").write_text(f'<?xml version="1.0"?><CodeBook xmlns="{ns}"><Codes>{codes}{"</Code>" * 5000}'
                                  "</Codes></CodeBook>", "utf-8")
    code, _, err = ic("codebook", "load", "-p", tmp / "p.db", tmp / "deep.qdc")
    return code != 0 and no_traceback(err), one_line(err)


@attack("codings CSV numbers", "inf and 1e30 as passage, start or end in a codings CSV")
def csv_numbers(tmp: Path) -> tuple[bool, str]:
    db = project(tmp)
    before = sql(db, "SELECT count(*) FROM codings")[0][0]
    out = []
    for row in ("r01,inf,customers,bob", "r01,1,customers,bob,1e30,1e31"):
        header = "transcript,passage,code,coder" + (",start,end" if row.count(",") > 3 else "")
        (tmp / "x.csv").write_text(f"{header}\n{row}\n", "utf-8")
        code, _, err = ic("codings", "import", "-p", db, tmp / "x.csv")
        out.append((code, no_traceback(err), one_line(err)))
    after = sql(db, "SELECT count(*) FROM codings")[0][0]
    held = all(c != 0 and ok for c, ok, _ in out) and after == before and clean(db)
    return held, "; ".join(m for _, _, m in out)


@attack("--encoding rot13", "a codec that is not a text encoding")
def rot13(tmp: Path) -> tuple[bool, str]:
    (tmp / "a.txt").write_text("Q: Why?\n\nR1: Cost.\n", "utf-8")
    code, _, err = ic("import", "--encoding", "rot13", "-p", tmp / "p.db", tmp / "a.txt")
    return code != 0 and no_traceback(err), one_line(err)


@attack("/dev/zero and a FIFO", "a device and a FIFO named directly (a FIFO used to hang)")
def devices(tmp: Path) -> tuple[bool, str]:
    fifo = tmp / "pipe.txt"
    os.mkfifo(fifo)
    results = []
    for target in ("/dev/zero", fifo):
        code, _, err = ic("import", "-p", tmp / "p.db", target, timeout=60)
        results.append((code, no_traceback(err), one_line(err)))
    return all(c != 0 and ok for c, ok, _ in results), "; ".join(m for _, _, m in results)


@attack("empty file", "an empty file named as the project")
def empty_file(tmp: Path) -> tuple[bool, str]:
    (tmp / "empty.db").write_bytes(b"")
    code, _, err = ic("status", "-p", tmp / "empty.db")
    return code != 0 and (tmp / "empty.db").stat().st_size == 0 and no_traceback(err), one_line(err)


# ---------------------------------------------------------------- REFI-QDA and merge


def crafted_qdpx(tmp: Path, change: Callable[[dict[str, Any]], None] | None = None,
                 change_qde: Callable[[str], str] | None = None) -> Path:
    """The project exported as .qdpx, with its transcript's passages and turns (interview-coder.json) or
    its selections (project.qde) changed."""
    db = project(tmp)
    code, _, err = ic("export", "qdpx", tmp / "x.qdpx", "-p", db)
    assert code == 0, err
    out = tmp / "crafted.qdpx"
    with zipfile.ZipFile(tmp / "x.qdpx") as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "interview-coder.json" and change is not None:
                meta = json.loads(data)
                change(next(e for e in meta["elements"].values() if "passages" in e))
                data = json.dumps(meta).encode("utf-8")
            elif item.filename == "project.qde" and change_qde is not None:
                data = change_qde(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    return out


def _set(key: str, index: int, column: int, value: object) -> Callable[[dict[str, Any]], None]:
    def change(source: dict[str, Any]) -> None:
        source[key][index][column] = value
    return change


@attack("crafted .qdpx", "a .qdpx with negative, overlapping or past-the-end passage offsets, a respondent passage "
        "in an interviewer turn, a turn past the end, a negative selection")
def qdpx_crafted(tmp: Path) -> tuple[bool, str]:
    results = []
    changes: dict[str, tuple[Callable[[dict[str, Any]], None] | None, Callable[[str], str] | None]] = {
        "negative passage": (_set("passages", 1, 2, -5), None),
        "overlapping passages": (_set("passages", 1, 2, 5), None),
        "respondent passage in an interviewer turn": (_set("passages", 1, 1, 0), None),
        "turn past the end": (_set("turns", 1, 4, 99_999), None),
        "negative selection": (None, lambda x: re.sub(r'startPosition="\d+"', 'startPosition="-7"', x, count=1)),
    }
    for label, (change, change_qde) in changes.items():
        sub = tmp / label.replace(" ", "-")
        sub.mkdir()
        qdpx = crafted_qdpx(sub, change, change_qde)
        target = sub / "new.db"
        code, _, err = ic("import", "-p", target, qdpx)
        sound = not target.exists() or clean(target)
        # a bad selection is one coding: left out with a warning that names it; a bad passage refuses the file
        said = code != 0 or (change is None and "not imported" in err)
        ok = no_traceback(err) and said and sound
        results.append((ok, f"{label}: exit {code}{' with a warning' if code == 0 and said else ''}, project "
                            f"{'sound' if sound else 'REJECTED by check'}"))
    return all(ok for ok, _ in results), "; ".join(m for _, m in results)


@attack("merge a damaged project", "merge from a copy check rejects")
def merge_damaged(tmp: Path) -> tuple[bool, str]:
    db = project(tmp)
    other = tmp / "other"
    other.mkdir()
    copy = project(other)
    (other / "r02.md").write_text("Q: Why?\n\nR02: Talent.\n\nQ: And?\n\nR02: Cost.\n", "utf-8")
    assert ic("import", "-p", copy, other / "r02.md")[0] == 0
    conn = sqlite3.connect(copy)  # damage both the transcript ours has and the one it lacks
    conn.execute("UPDATE passages SET start = start + 3 WHERE seq = 1")
    conn.commit()
    conn.close()
    damaged = not clean(copy)
    before = digest(db)
    code, _, err = ic("merge", "-p", db, copy)
    held = damaged and code != 0 and no_traceback(err) and digest(db) == before and clean(db)
    return held, f"copy rejected by check: {damaged}; merge exit {code}: {one_line(err)}"


@attack("merge tombstones", "a coding the team removed does not come back with an older copy")
def merge_tombstone(tmp: Path) -> tuple[bool, str]:
    db = project(tmp)
    copy = tmp / "bob.db"
    code, _, err = ic("backup", "-p", db, copy)
    assert code == 0, err
    cid = sql(db, "SELECT id FROM codings")[0][0]
    code, _, err = ic("codings", "remove", "-p", db, "--coder", "ann", str(cid))
    if code != 0:
        return False, f"remove failed: {one_line(err)}"
    code, _, err = ic("merge", "-p", db, copy)
    n = sql(db, "SELECT count(*) FROM codings")[0][0]
    return code == 0 and n == 0 and clean(db), f"exit {code}, {n} codings after the merge (0 expected)"


# ---------------------------------------------------------------- editing commands


@attack("speakers set --force", "backup first, check clean, switched back keeps the respondent and its group")
def speakers_force(tmp: Path) -> tuple[bool, str]:
    db = project(tmp)
    backups = len(list((tmp / "p.db.backups").glob("*.db"))) if (tmp / "p.db.backups").exists() else 0
    code1, _, err1 = ic("speakers", "set", "R01", "--role", "interviewer", "--force", "-p", db)
    made = len(list((tmp / "p.db.backups").glob("*.db"))) - backups if (tmp / "p.db.backups").exists() else 0
    mid = clean(db)
    code2, _, err2 = ic("speakers", "set", "R01", "--role", "respondent", "-p", db)
    rows = sql(db, "SELECT r.key, a.value FROM respondents r JOIN attributes a ON a.respondent_id = r.id "
                   "AND a.name = 'group'")
    held = code1 == 0 and code2 == 0 and made == 1 and mid and clean(db) and rows == [("R01", "enterprise")]
    return held, f"exits {code1}/{code2}, {made} backup, respondent after {rows}"


@attack("survey replace 12,000 rows", "import --replace of a changed 12,000-row survey (was 97 s)")
def survey_replace(tmp: Path) -> tuple[bool, str]:
    rows = "\n".join(f"r{i},enterprise,Customers keep asking for new products number {i}." for i in range(12_000))
    (tmp / "s.csv").write_text(f"respondent,group,answer\n{rows}\n", "utf-8")
    db = tmp / "p.db"
    code, _, err = ic("import", "-p", db, tmp / "s.csv", "--text-columns", "answer", timeout=900)
    assert code == 0, err
    assert ic("codebook", "load", "-p", db, SIM)[0] == 0
    changed = rows.replace("number 5", "NUMBER 5")
    (tmp / "s.csv").write_text(f"respondent,group,answer\n{changed}\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    importer = subprocess.Popen([sys.executable, "-m", "interview_coder", "import", "-q", "--replace", "-p", str(db),
                                 str(tmp / "s.csv"), "--text-columns", "answer"], env=env, stderr=subprocess.PIPE)
    started = time.monotonic()
    time.sleep(1.5)  # the replace is under way: a coder codes meanwhile
    coder = subprocess.run([sys.executable, "-c", (
        "import sys, time\nfrom interview_coder.store.project import Project\n"
        "from interview_coder.store.codings import apply_code\nt = time.monotonic()\n"
        "with Project.open(sys.argv[1]) as p:\n"
        "    pid = p.conn.execute(\"SELECT id FROM passages WHERE role='respondent' LIMIT 1\").fetchone()[0]\n"
        "    apply_code(p, pid, 'customers', 'bob')\nprint(f'{time.monotonic() - t:.1f}')\n"), str(db)],
        env=env, capture_output=True, text=True)
    _, err = importer.communicate(timeout=900)
    seconds = time.monotonic() - started
    code = importer.returncode
    waited = coder.stdout.strip() if coder.returncode == 0 else f"FAILED: {coder.stderr.strip()[-120:]}"
    held = code == 0 and coder.returncode == 0 and seconds < 60 and clean(db)
    return held, f"exit {code}, {seconds:.1f} s; a coder's write during it: {waited} s"


@attack("autocode 100k-word passage", "autocode on one 100,000-word ASR passage (was 85 s)")
def autocode_long(tmp: Path) -> tuple[bool, str]:
    words = ("we work with a university lab and our supplier on the new sensor " * 7_700).split()[:100_000]
    db = project(tmp, "Q: Tell me.\n\nR01: " + " ".join(words) + "\n")
    started = time.monotonic()
    code, _, err = ic("autocode", "-p", db, "-q", timeout=900)
    seconds = time.monotonic() - started
    n = sql(db, "SELECT count(*) FROM codings WHERE origin = 'auto'")[0][0]
    return code == 0 and n > 0 and seconds < 60 and clean(db), f"exit {code}, {n} suggestions, {seconds:.1f} s"


# ---------------------------------------------------------------- reports


@attack("CSV ';' formula injection", "a passage 'fine;=HYPERLINK(...)' in codings export for Excel's ';' locales")
def csv_injection(tmp: Path) -> tuple[bool, str]:
    db = project(tmp, "Q: Why?\n\nR01: fine;=HYPERLINK(\"http://x\")\n", name="r01")
    code, _, err = ic("codings", "export", "-p", db, "--format", "csv", "-o", tmp / "out.csv")
    text = (tmp / "out.csv").read_text("utf-8-sig") if code == 0 else ""
    return code == 0 and ";=" not in text and ";'=" in text, f"exit {code}, guarded piece: {';' + chr(39) + '=' in text}"


@attack("Markdown <script> and images", "a passage with <script> and an image link in --format md and summary.md")
def md_escape(tmp: Path) -> tuple[bool, str]:
    db = project(tmp, "Q: Why?\n\nR01: <script>alert(1)</script> ![x](http://127.0.0.1/p.png) customers\n")
    code1, out, _ = ic("report", "quotes", "--code", "customers", "-p", db, "--format", "md")
    code2, _, err = ic("report", "all", "-p", db, "-o", tmp / "rep")
    summary = (tmp / "rep" / "summary.md").read_text("utf-8") if code2 == 0 else ""
    raw = [s for s in ("<script>", "![x](") if s in out + summary]
    return code1 == 0 and code2 == 0 and not raw, f"exits {code1}/{code2}, raw markup passed through: {raw}"


# ---------------------------------------------------------------- check and durability


@attack("check finds corruptions", "orphaned memo, duplicate coding without its unique index, foreign trigger, "
        "lowered user_version")
def check_corruptions(tmp: Path) -> tuple[bool, str]:
    base = project(tmp)
    corruptions = {
        "orphaned memo": "INSERT INTO memos(target, target_id, coder_id, text, created_at, updated_at) "
                         "SELECT 'passage', '99999', id, 'x', '2026', '2026' FROM coders LIMIT 1",
        "foreign trigger": "CREATE TRIGGER evil AFTER INSERT ON codings BEGIN DELETE FROM codings; END",
        "lowered user_version": "PRAGMA user_version = 1",
        "duplicate coding": "DROP INDEX IF EXISTS codings_unique; INSERT INTO codings(passage_id, code_id, coder_id, "
                            'start, "end", text, status, origin, created_at, updated_at) SELECT passage_id, code_id, '
                            'coder_id, start, "end", text, status, origin, created_at, updated_at FROM codings',
    }
    seen = []
    for label, statement in corruptions.items():
        copy = tmp / f"{label.replace(' ', '-')}.db"
        shutil.copy(base, copy)
        conn = sqlite3.connect(copy)
        try:
            conn.executescript(statement)
        except sqlite3.Error as exc:
            seen.append(f"{label}: not made ({exc})")
            continue
        finally:
            conn.close()
        before = digest(copy)
        code, out, err = ic("check", "-p", copy)
        if code == 0 or not no_traceback(err) or digest(copy) != before:
            seen.append(f"{label}: missed (exit {code})")
    return not seen, "; ".join(seen) or f"all {len(corruptions)} found, the files unchanged (read-only)"


@attack("read-only medium", "a project on a read-only file: reading commands work, writing ones say why")
def read_only(tmp: Path) -> tuple[bool, str]:
    db = project(tmp)
    os.chmod(db, 0o444)
    os.chmod(tmp, 0o555)
    try:
        code1, _, err1 = ic("status", "-p", db)
        code2, _, err2 = ic("import", "-p", db, tmp / "r01.md")
    finally:
        os.chmod(tmp, 0o755)
        os.chmod(db, 0o644)
    if os.geteuid() == 0:  # root writes through file modes: tests/store/test_project.py simulates the medium
        return code1 == 0 and no_traceback(err1, err2), "run as root, where file modes do not bind: status works"
    return code1 == 0 and code2 != 0 and "read-only" in err2 and no_traceback(err1, err2), one_line(err2)


@attack("report all during writes", "report all while a coder writes: every table from one snapshot")
def report_snapshot(tmp: Path) -> tuple[bool, str]:
    db = project(tmp)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom interview_coder.store.project import Project\nfrom interview_coder.store.codings "
        "import apply_code, remove_codings\nwith Project.open(sys.argv[1]) as p:\n"
        "    pid = p.conn.execute(\"SELECT id FROM passages WHERE role='respondent' LIMIT 1\").fetchone()[0]\n"
        "    end = time.monotonic() + 20\n    while time.monotonic() < end:\n"
        "        i = apply_code(p, pid, 'tax_incentives', 'bob')\n        remove_codings(p, [i], 'bob')\n"), str(db)],
        env=env)
    try:
        bad = 0
        for k in range(3):
            code, _, err = ic("report", "all", "-p", db, "-o", tmp / f"rep{k}", "--status", "all")
            bad += code != 0 or not no_traceback(err)
    finally:
        writer.kill()
        writer.wait()
    return bad == 0 and clean(db), f"{3 - bad} of 3 runs whole while a coder wrote"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="Comma-separated parts of attack names to run.")
    args = ap.parse_args(argv)
    wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    print("| attack | tried | held | what happened |\n|---|---|---|---|")
    failed = 0
    for name, what, fn in ATTACKS:
        if wanted and not any(w in name.lower() for w in wanted):
            continue
        with tempfile.TemporaryDirectory(prefix="ic-attack-") as folder:
            started = time.monotonic()
            try:
                held, detail = fn(Path(folder))
            except Exception as exc:  # an attack that crashes the harness did not hold
                held, detail = False, f"{type(exc).__name__}: {str(exc)[:200]}"
        failed += not held
        detail = detail.replace("|", "\\|").replace(folder, "…")
        print(f"| {what} | yes | {'yes' if held else 'NO'} | {detail} ({time.monotonic() - started:.0f} s) |",
              flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
