"""REFI-QDA exchange: the codebook as ``.qdc`` and the whole project as ``.qdpx``.

A ``.qdpx`` is a zip holding ``project.qde`` (QDA-XML, namespace ``urn:QDA-XML:project:1.0``),
each transcript as UTF-8 text under ``sources/``, and ``interview-coder.json``. Mapping:

- coders -> ``Users``; factors -> top-level codes (``isCodable="false"``) and code ``Sets``;
  codes -> codes nested under their factor and parent code, with colour;
- transcripts -> ``TextSource`` (``plainTextPath="internal://<guid>.txt"``), the text with each
  turn's speaker label written in where it does not show; each coding -> one
  ``PlainTextSelection`` whose ``startPosition``/``endPosition`` count in the receiving tool's unit
  (io/offsets.py: code points by default, UTF-16 units ``--for nvivo``), with one ``Coding``;
- respondents -> ``Cases`` (SourceRef to their transcripts) with ``VariableValue`` per attribute,
  and ``speaker label``: the label(s) they speak under in the text, so that a tool's copy of the
  file without our note still says which speakers are respondents (the others are interviewers);
- memos (and coding memos) -> ``Notes`` referenced from what they annotate.

What QDA-XML has no place for (the code's factor and driver, Chinese names, keywords, the turns
and passages of a transcript, a coding's status and origin, the offset unit) travels in one file,
``interview-coder.json``, keyed by GUID, so a round trip is lossless and descriptions carry only
what people wrote. A ``.qdc`` has no room for a file: there it is one line ``interview-coder: {json}``
at the end of a code's description. The imported files' paths and hashes stay out unless asked
(``provenance``). GUIDs are derived from the project's ids (UUID 5): exporting twice gives the same.
"""

from __future__ import annotations

import io
import json
import os
import re
import uuid
import xml.etree.ElementTree as ET  # building XML only; parsing goes through io.safexml
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_coder.core.model import Codebook, Origin, Role, Status
from interview_coder.errors import InputError
from interview_coder.io.offsets import Inserts, OffsetUnit, UnitIndex
from interview_coder.store.codebook import load_codebook
from interview_coder.store.exchange import Snapshot, snapshot
from interview_coder.store.project import Project

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
META_PREFIX = "interview-coder: "
ORIGIN = "interview-coder"
SIDECAR = "interview-coder.json"
SPEAKER_VARIABLE = "speaker label"
"""The case variable naming the label(s) a respondent speaks under in the exported text (comma-separated)."""
_GUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://interview-coder/refi-qda")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def guid(kind: str, key: str) -> str:
    """A stable GUID for one thing of the project (a code, a coder, a transcript, ...)."""
    return str(uuid.uuid5(_GUID_NS, f"{kind}:{key}"))


def _clean(text: str) -> str:
    """Characters XML 1.0 cannot hold are dropped (form feeds, other control characters)."""
    return _XML_BAD.sub("", text)


def with_meta(description: str, meta: dict[str, Any]) -> str:
    meta = {k: v for k, v in meta.items() if v not in (None, "", {}, [])}
    line = META_PREFIX + json.dumps(meta, ensure_ascii=False, separators=(",", ":")) if meta else ""
    return _clean("\n".join(part for part in (description, line) if part))


def split_meta(description: str | None) -> tuple[str, dict[str, Any]]:
    """(the description without our line, the metadata it carried or {})."""
    text = description or ""
    head, sep, last = text.rpartition("\n")
    candidate = last if sep else text
    if candidate.startswith(META_PREFIX):
        try:
            meta = json.loads(candidate[len(META_PREFIX):])
        except json.JSONDecodeError:
            return text, {}
        if isinstance(meta, dict):
            return (head if sep else ""), meta
    return text, {}


def _sub(parent: ET.Element, tag: str, ns: str, text: str | None = None, **attrs: Any) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", {k: _clean(str(v)) for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = _clean(text)
    return element


def _describe(el: ET.Element, ns: str, description: str, meta: dict[str, Any], sink: dict[str, Any] | None) -> None:
    """The element's description; our metadata goes to ``sink`` (the project's one note) when there is one."""
    if sink is None:
        text = with_meta(description, meta)
    else:
        kept = {k: v for k, v in meta.items() if v not in (None, "", {}, [])}
        if kept:
            sink[el.get("guid") or ""] = kept
        text = _clean(description)
    if text:
        _sub(el, "Description", ns, text)


def _codes_tree(parent: ET.Element, book: Codebook, ns: str, code_notes: dict[str, list[str]] | None = None,
                sink: dict[str, Any] | None = None) -> int:
    """Factors as top-level non-codable codes, each code under its factor and its parent code."""
    codes = _sub(parent, "Codes", ns)
    count = 0

    def add_code(under: ET.Element, code_id: str) -> None:
        nonlocal count
        code = next(c for c in book.codes if c.id == code_id)
        el = _sub(under, "Code", ns, guid=guid("code", code.id), name=code.name or code.id, isCodable="true",
                  color=code.colour if COLOUR_RE.match(code.colour or "") else None)
        meta = {"code": code.id, "name_zh": code.name_zh,
                "keywords": {k: list(v) for k, v in code.keywords.items() if v},
                "exclude": {k: list(v) for k, v in code.exclude.items() if v}}
        _describe(el, ns, code.description, meta, sink)
        for note in (code_notes or {}).get(code.id, []):
            _sub(el, "NoteRef", ns, targetGUID=note)
        count += 1
        for child in book.codes:
            if child.parent == code.id and child.factor == code.factor:
                add_code(el, child.id)

    about = {k: getattr(book, k) for k in ("name", "name_zh", "version", "source", "description") if getattr(book, k)}
    for i, factor in enumerate(book.factors):
        el = _sub(codes, "Code", ns, guid=guid("factor", factor.id), name=factor.name or factor.id, isCodable="false")
        # QDA-XML has no place for the codebook's own name and version: in a .qdc the first factor carries
        # them, in a .qdpx the project's note does.
        _describe(el, ns, factor.description, {"factor": factor.id, "driver": str(factor.driver),
                                               "name_zh": factor.name_zh,
                                               "codebook": about if i == 0 and sink is None else None}, sink)
        for code in book.codes:
            parent_ok = code.parent and any(c.id == code.parent and c.factor == code.factor for c in book.codes)
            if code.factor == factor.id and not parent_ok:
                add_code(el, code.id)
    if not len(codes):
        raise InputError("the project has no codebook to export (load one with 'interview-coder codebook load')")
    return count


def _factor_sets(parent: ET.Element, book: Codebook, ns: str) -> None:
    """Each factor also as a code set (MAXQDA's code sets, ATLAS.ti's code groups) of its codes."""
    sets = [(f, [c for c in book.codes if c.factor == f.id]) for f in book.factors]
    sets = [(f, members) for f, members in sets if members]
    if not sets:
        return
    el = _sub(parent, "Sets", ns)
    for factor, members in sets:
        st = _sub(el, "Set", ns, guid=guid("factor-set", factor.id), name=factor.name or factor.id)
        for code in members:  # the codebook schema names the reference 'guid', the project schema 'targetGUID'
            ref = guid("code", code.id)
            _sub(st, "MemberCode", ns, **({"guid": ref} if ns == CODEBOOK_NS else {"targetGUID": ref}))


def codebook_xml(book: Codebook) -> bytes:
    """The codebook as a QDA-XML ``.qdc`` document."""
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    _codes_tree(root, book, CODEBOOK_NS)
    _factor_sets(root, book, CODEBOOK_NS)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all (``-`` is stdout)."""
    _atomic_write(Path(path), data)


def _atomic_write(path: Path, data: bytes, binary: bool = False) -> None:
    if str(path) == "-":
        import sys

        if binary and sys.stdout.isatty():
            raise InputError("a .qdpx is binary: give a file name, or pipe stdout elsewhere")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from exc


def export_qdc(project: Project, path: Path) -> None:
    """Write the project's codebook as a REFI-QDA ``.qdc`` file."""
    _atomic_write(Path(path), codebook_xml(load_codebook(project)))


def _variable_type(values: Iterable[tuple[str, str]]) -> str:
    types = {t for _, t in values}
    if types == {"integer"}:
        return "Integer"
    if types and types <= {"integer", "real"}:
        return "Float"
    return "Text"


def _decimal(value: str) -> str:
    text = format(float(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class QdpxOptions:
    """How a ``.qdpx`` is written: which codings, in which offset unit, with what."""

    status: str = Status.ACCEPTED
    """accepted, or all (accepted + suggested)."""
    offsets: OffsetUnit = OffsetUnit.CODEPOINTS
    """The unit of ``startPosition``/``endPosition``: what the receiving tool counts (see TOOL_UNITS)."""
    speakers: bool = True
    """Write each turn's speaker label into the text, so the other tool sees who said what."""
    provenance: bool = False
    """Also write each transcript's original file path and hash (private: off unless asked)."""


def _speaker_labels(text: str, turns: list[dict[str, Any]]) -> Inserts:
    """``Speaker: `` before each turn whose label the text does not already show (tool files, surveys)."""
    items = []
    for tu in turns:
        speaker = (tu["speaker"] or "").strip()
        if not speaker:
            continue
        line = text[text.rfind("\n", 0, tu["start"]) + 1:tu["start"]].strip().rstrip(":：").strip()
        if line == speaker or text[tu["start"]:tu["start"] + len(speaker)] == speaker:
            continue
        items.append((tu["start"], f"{speaker}: "))
    return Inserts(tuple(items))


Note = Callable[[str, str | None, str], str]
"""Adds a note (text, coder, a stable key) to the project and returns its GUID."""


def _users(root: ET.Element, ns: str, coders: list[str]) -> None:
    if coders:
        users = _sub(root, "Users", ns)
        for name in coders:
            _sub(users, "User", ns, guid=guid("coder", name), name=name)


def _speaks_as(snap: Snapshot) -> dict[str, list[str]]:
    """Who speaks as each respondent (its speaker labels), for a tool (or our import of its file)
    that only sees labelled text."""
    speaks_as: dict[str, list[str]] = {}
    for turns_of in snap.turns.values():
        for tu in turns_of:
            label = (tu["speaker"] or "").strip()
            if tu["role"] == Role.RESPONDENT and tu["respondent"] and label \
                    and label not in speaks_as.setdefault(tu["respondent"], []):
                speaks_as[tu["respondent"]].append(label)
    return {key: labels for key, labels in speaks_as.items() if labels}


def _variables(root: ET.Element, ns: str, snap: Snapshot, speaks_as: dict[str, list[str]]) -> dict[str, str]:
    """The respondent attributes (and the speaker label variable) as QDA-XML variables; returns each
    one's type (Integer, Float, Text)."""
    values = [(a["name"], a["type"]) for attrs in snap.attributes.values() for a in attrs]
    if speaks_as:
        values.append((SPEAKER_VARIABLE, "text"))
    names = sorted({n for n, _ in values})
    kinds = {name: _variable_type(v for v in values if v[0] == name) for name in names}
    if names:
        variables = _sub(root, "Variables", ns)
        for name in names:
            _sub(variables, "Variable", ns, guid=guid("variable", name), name=name, typeOfVariable=kinds[name])
    return kinds


def _cases(root: ET.Element, ns: str, snap: Snapshot, kinds: dict[str, str],
           speaks_as: dict[str, list[str]]) -> None:
    """One case per respondent: its attribute values (with its speaker labels) and the transcripts it speaks in."""
    if not snap.respondents:
        return
    by_id = {t["id"]: t for t in snap.transcripts}
    cases = _sub(root, "Cases", ns)
    for r in snap.respondents:
        case = _sub(cases, "Case", ns, guid=guid("respondent", r["key"]), name=r["key"])
        own = snap.attributes.get(r["id"], [])
        if speaks_as.get(r["key"]) and all(a["name"] != SPEAKER_VARIABLE for a in own):
            own = [*own, {"name": SPEAKER_VARIABLE, "value": ", ".join(speaks_as[r["key"]])}]
        for a in own:
            vv = _sub(case, "VariableValue", ns)
            _sub(vv, "VariableRef", ns, targetGUID=guid("variable", a["name"]))
            kind = kinds[a["name"]]
            if kind == "Integer":
                _sub(vv, "IntegerValue", ns, a["value"])
            elif kind == "Float":
                _sub(vv, "FloatValue", ns, _decimal(a["value"]))
            else:
                _sub(vv, "TextValue", ns, a["value"])
        for tid in sorted(int(x) for x in (r["transcript_ids"] or "").split(",") if x):
            _sub(case, "SourceRef", ns, targetGUID=guid("transcript", by_id[tid]["name"]))


def _source_meta(t: dict[str, Any], snap: Snapshot, labels: Inserts, opts: QdpxOptions) -> dict[str, Any]:
    """What only interview-coder reads back from a source: format, turns, passages, speaker labels."""
    turns = [[tu["seq"], tu["speaker"], tu["role"], tu["start"], tu["end"], tu["respondent"],
              tu["time_start"], tu["time_end"]] for tu in snap.turns.get(t["id"], [])]
    turn_seq = {tu["id"]: tu["seq"] for tu in snap.turns.get(t["id"], [])}
    passages = [[p["seq"], turn_seq[p["turn_id"]], p["start"], p["end"], p["role"]]
                for p in snap.passages.get(t["id"], [])]
    return {"transcript": t["name"], "format": t["format"], "encoding": t["encoding"],
            "language": t["language"], "preamble": t["preamble"], "turns": turns, "passages": passages,
            "labels": [list(item) for item in labels.items],
            "source": t["source"] if opts.provenance else None,
            "source_sha256": t["source_sha256"] if opts.provenance else None}


def _coding(src: ET.Element, ns: str, t: dict[str, Any], c: dict[str, Any], position: Callable[[int], int],
            memos_for: dict[tuple[str, str], list[str]], note: Note, elements: dict[str, Any]) -> None:
    """One coding as a selection of its source with a Coding (and its memos as note references)."""
    start = c["passage_start"] + (c["start"] or 0)
    end = c["passage_start"] + c["end"] if c["end"] is not None else c["passage_end"]
    whole_span = c["start"] is not None and (start, end) == (c["passage_start"], c["passage_end"])
    key = f"{t['text_sha256']}:{c['passage_seq']}:{c['code_id']}:{c['coder']}:{c['start']}:{c['end']}"
    sel = _sub(src, "PlainTextSelection", ns, guid=guid("selection", key), startPosition=position(start),
               endPosition=position(end), creatingUser=guid("coder", c["coder"]),
               creationDateTime=c["created_at"])
    meta = {"status": c["status"] if c["status"] != Status.ACCEPTED else None,
            "origin": c["origin"] if c["origin"] != Origin.MANUAL else None,
            "keyword": c["keyword"], "span": True if whole_span else None}
    _describe(sel, ns, "", meta, elements)
    coding = _sub(sel, "Coding", ns, guid=guid("coding", key), creatingUser=guid("coder", c["coder"]),
                  creationDateTime=c["created_at"])
    _sub(coding, "CodeRef", ns, targetGUID=guid("code", c["code_id"]))
    refs = list(memos_for.get(("coding", str(c["id"])), []))
    if c["memo"]:
        refs.append(note(c["memo"], c["coder"], f"coding-memo:{key}"))
    for ref in refs:
        _sub(coding, "NoteRef", ns, targetGUID=ref)


def _source(sources: ET.Element, ns: str, t: dict[str, Any], snap: Snapshot, codings: list[dict[str, Any]],
            opts: QdpxOptions, memos_for: dict[tuple[str, str], list[str]], note: Note,
            elements: dict[str, Any]) -> tuple[str, str]:
    """One transcript as a TextSource with its codings and memos; returns (zip path, text) of its text."""
    tg = guid("transcript", t["name"])
    labels = _speaker_labels(t["text"], snap.turns.get(t["id"], [])) if opts.speakers else Inserts(())
    shown = labels.apply(t["text"])
    shift, units = labels.shift(), UnitIndex.of(shown, opts.offsets)

    def position(i: int) -> int:
        return units.to_units(shift(i))

    src = _sub(sources, "TextSource", ns, guid=tg, name=t["name"], plainTextPath=f"internal://{tg}.txt",
               creationDateTime=t["imported_at"])
    _describe(src, ns, "", _source_meta(t, snap, labels, opts), elements)
    for c in codings:
        _coding(src, ns, t, c, position, memos_for, note, elements)
    for p in snap.passages.get(t["id"], []):
        refs = memos_for.get(("passage", str(p["id"])), [])
        if refs:
            sel = _sub(src, "PlainTextSelection", ns, guid=guid("passage-memo", f"{t['text_sha256']}:{p['seq']}"),
                       startPosition=position(p["start"]), endPosition=position(p["end"]))
            _describe(sel, ns, "", {"memo": "passage"}, elements)
            for ref in refs:
                _sub(sel, "NoteRef", ns, targetGUID=ref)
    for ref in memos_for.get(("transcript", str(t["id"])), []):
        _sub(src, "NoteRef", ns, targetGUID=ref)
    return f"sources/{tg}.txt", shown


def project_xml(project: Project, status: str = Status.ACCEPTED, options: QdpxOptions | None = None,
                progress: Callable[[int, int], None] | None = None) -> tuple[bytes, dict[str, str], dict[str, int]]:
    """(project.qde, {zip path: file text}, counts) for the whole project; the files include our one note.
    ``progress(done, total)`` is called after each transcript."""
    opts = options or QdpxOptions(status=status)
    statuses = (Status.ACCEPTED, Status.SUGGESTED) if opts.status == "all" else (Status.ACCEPTED,)
    snap = snapshot(project, statuses)
    book = load_codebook(project)
    ET.register_namespace("", PROJECT_NS)
    ns = PROJECT_NS
    remembered = project.setting("coder")
    root = ET.Element(f"{{{ns}}}Project", {"name": _clean(project.path.stem), "origin": ORIGIN})
    if remembered:
        root.set("creatingUserGUID", guid("coder", remembered))
    notes: list[tuple[str, str, str | None]] = []  # guid, text, coder
    elements: dict[str, Any] = {}  # GUID -> what only interview-coder reads back

    def note(text: str, coder: str | None, key: str) -> str:
        g = guid("note", key)
        notes.append((g, text, coder))
        return g

    memos_for: dict[tuple[str, str], list[str]] = {}
    for m in snap.memos:
        memos_for.setdefault((m["target"], str(m["target_id"])), []).append(
            note(m["text"], m["coder"], f"memo:{m['id']}:{m['text']}"))

    coders = sorted(set(snap.coders) | ({remembered} if remembered else set()))
    _users(root, ns, coders)
    code_notes = {key[1]: refs for key, refs in memos_for.items() if key[0] == "code"}
    n_codes = _codes_tree(_sub(root, "CodeBook", ns), book, ns, code_notes, elements)
    speaks_as = _speaks_as(snap) if opts.speakers else {}
    _cases(root, ns, snap, _variables(root, ns, snap, speaks_as), speaks_as)

    files: dict[str, str] = {}
    codings_by_transcript: dict[int, list[dict[str, Any]]] = {}
    for c in snap.codings:
        codings_by_transcript.setdefault(c["transcript_id"], []).append(c)
    if snap.transcripts:
        sources = _sub(root, "Sources", ns)
        for done, t in enumerate(snap.transcripts, 1):
            name, text = _source(sources, ns, t, snap, codings_by_transcript.get(t["id"], []), opts, memos_for,
                                 note, elements)
            files[name] = text
            if progress is not None:
                progress(done, len(snap.transcripts))
    if notes:
        notes_el = _sub(root, "Notes", ns)
        for g, text, coder in notes:
            n = _sub(notes_el, "Note", ns, guid=g, name="memo",
                     creatingUser=guid("coder", coder) if coder else None)
            _sub(n, "PlainTextContent", ns, text)
    _factor_sets(root, book, ns)
    for ref in memos_for.get(("project", ""), []):
        _sub(root, "NoteRef", ns, targetGUID=ref)
    about = {k: getattr(book, k) for k in ("name", "name_zh", "version", "source", "description") if getattr(book, k)}
    files[SIDECAR] = json.dumps({"format": 1, "offsets": opts.offsets.value, "codebook": about,
                                 "elements": {k.lower(): v for k, v in elements.items()}},
                                ensure_ascii=False, indent=1, sort_keys=True)
    counts = {"sources": len(snap.transcripts), "codes": n_codes,
              "codings": sum(len(codings_by_transcript.get(t["id"], [])) for t in snap.transcripts),
              "cases": len(snap.respondents), "users": len(coders), "notes": len(notes)}
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)), files, counts


def export_qdpx(project: Project, path: Path, status: str = Status.ACCEPTED, options: QdpxOptions | None = None,
                progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Write the whole project as a REFI-QDA ``.qdpx`` (``-``: stdout); returns what it holds.
    ``progress(done, total)`` counts transcripts written."""
    qde, files, counts = project_xml(project, status, options, progress)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    _atomic_write(Path(path), buf.getvalue(), binary=True)
    return counts


def import_qdpx(project: Project, path: Path, prefer: str | None = None, rename: bool = False) -> Any:
    """Import a ``.qdpx`` written by any REFI-QDA tool (see :mod:`interview_coder.io.refi_import`)."""
    from interview_coder.io.refi_import import import_qdpx as run

    return run(project, path, prefer=prefer, rename=rename)


def import_qdc(path: Path) -> Any:
    """Read a ``.qdc`` codebook: (Codebook, warnings) (see :mod:`interview_coder.io.refi_import`)."""
    from interview_coder.io.refi_import import import_qdc as run

    return run(path)
