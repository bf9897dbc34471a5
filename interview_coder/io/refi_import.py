"""Reading REFI-QDA files written by any tool: ``.qdc`` as a codebook, ``.qdpx`` as a whole project.

A ``.qdpx`` is read into a fresh temporary project and then merged into the open one
(:func:`interview_coder.store.merge.merge_projects`), so importing follows the merge rules:
transcripts matched by text, codes by id, idempotent, conflicts need a choice, backup first.
What interview-coder cannot represent is listed in warnings, never dropped silently.
Selection offsets are read in the unit the file's tool counts (io/offsets.py), checked on the text.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from interview_coder.core.codebook import CodebookInvalid, validate_codebook
from interview_coder.core.model import (
    Codebook,
    Origin,
    Passage,
    Respondent,
    Role,
    Status,
    Transcript,
    Turn,
)
from interview_coder.errors import InputError, InterviewCoderError
from interview_coder.io.offsets import (
    Inserts,
    OffsetUnit,
    UnitChoice,
    UnitIndex,
    choose_unit,
    raw_to_normalized,
    unit_of_origin,
)
from interview_coder.io.refi import (
    CODEBOOK_NS,
    COLOUR_RE,
    PROJECT_NS,
    SIDECAR,
    SPEAKER_VARIABLE,
    split_meta,
)
from interview_coder.io.refi_speakers import assign_case_speakers, split_labels
from interview_coder.io.safexml import local, namespace, parse_xml
from interview_coder.io.transcripts import ImportOptions
from interview_coder.io.transcripts.plain import parse_plain
from interview_coder.io.transcripts.reading import read_bytes
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import copy_codings
from interview_coder.store.exchange import (
    add_memo,
    join_respondents,
    overlapping_passages,
    set_source_sha256,
)
from interview_coder.store.merge import MergeResult, merge_projects, place_span
from interview_coder.store.project import Project
from interview_coder.store.transcripts import save_transcript

MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_QDC_BYTES = 50 * 1024 * 1024
MAX_CODE_DEPTH = 100  # real code trees are under 10 deep; deeper ones are refused, not a RecursionError
UNKNOWN_CODER = "unknown"
_SLUG = re.compile(r"[^\w.\-]+")  # ids keep any script's letters: 客户, Oltás_típusa


@dataclass
class RefiImport:
    """What a ``.qdpx`` import brought in and what it could not represent."""

    warnings: list[str] = field(default_factory=list)
    sources: int = 0
    codings: int = 0
    merge: MergeResult | None = None


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if local(c.tag) == name]


def _child(el: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in el if local(c.tag) == name), None)


def _text_of(el: ET.Element, name: str) -> str:
    child = _child(el, name)
    return (child.text or "") if child is not None else ""


def _count_warn(warnings: list[str], count: int, what: str) -> None:
    if count:
        warnings.append(f"{count} {what}")


# ---- codebook --------------------------------------------------------------------------------


def _unique(base: str, used: set[str], fallback: str) -> str:
    """A readable id from a name: the name itself where it is unique, its spaces and punctuation as _."""
    slug = _SLUG.sub("_", unicodedata.normalize("NFC", base)).strip("_.-")[:56] or fallback
    name, n = slug, 2
    while name in used:
        name, n = f"{slug}-{n}", n + 1
    used.add(name)
    return name


def _meta(el: ET.Element, sidecar: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(description, what interview-coder noted about the element): from the project's one note, else
    from the last line of the description (what exports before that note wrote)."""
    described = _text_of(el, "Description")
    noted = (sidecar.get("elements") or {}).get(_key(el.get("guid")))
    if isinstance(noted, dict):
        return described, noted
    return split_meta(described)


def _code_depth(codes_el: ET.Element) -> int:
    """How many levels of nested ``Code`` elements, counted without recursion (a hostile file may nest thousands)."""
    deepest, stack = 0, [(c, 1) for c in _children(codes_el, "Code")]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_CODE_DEPTH:
            stack.extend((c, depth + 1) for c in _children(el, "Code"))
    return deepest


def _sets_to_factors(sets_el: ET.Element | None, factors: list[dict[str, Any]], codes: list[dict[str, Any]],
                     guid_to_code: dict[str, str], used: set[str], warnings: list[str]) -> None:
    """MAXQDA code sets and ATLAS.ti code groups (REFI ``Set`` with ``MemberCode``) become factors.

    A member code moves into its set's factor with the codes under it; a code in several sets stays
    in the first. A parent left in another factor is dropped (a code's parent shares its factor).
    """
    if sets_el is None:
        return
    by_id = {c["id"]: c for c in codes}
    moved: dict[str, str] = {}
    several = made = empty = 0
    for st in _children(sets_el, "Set"):
        refs = [guid_to_code.get(_key(m.get("targetGUID") or m.get("guid"))) for m in _children(st, "MemberCode")]
        members = [m for m in refs if m is not None and m in by_id]
        if not members:
            empty += 1
            continue
        name = st.get("name") or ""
        fid = _unique("f_" + name, used, f"f_{_key(st.get('guid'))[:8]}")
        factors.append({"id": fid, "name": name or fid, "driver": "internal",
                        "description": _text_of(st, "Description").strip()})
        made += 1
        for cid in members:
            if cid in moved:
                several += 1
            else:
                moved[cid] = fid
    for code in codes:  # pre-order: a parent is placed before its children
        if code["id"] in moved:
            code["factor"] = moved[code["id"]]
        elif code.get("parent") in moved:
            moved[code["id"]] = code["factor"] = by_id[code["parent"]]["factor"]
    flattened = 0
    for code in codes:
        parent = code.get("parent")
        if parent and by_id[parent]["factor"] != code["factor"]:
            del code["parent"]
            flattened += 1
    left = {c["factor"] for c in codes}
    factors[:] = [f for f in factors if f["id"] in left or not moved]
    _count_warn(warnings, made, f"code set(s) became factors ({len(moved)} codes moved into them; driver 'internal')")
    _count_warn(warnings, several, "code(s) are in several sets: each stays in the first")
    _count_warn(warnings, flattened, "code(s) moved away from their parent code by a set: now top-level codes")
    _count_warn(warnings, empty, "set(s) of sources or notes not imported (interview-coder groups codes only)")


def codebook_from_xml(codes_el: ET.Element, warnings: list[str], sidecar: dict[str, Any] | None = None,
                      sets_el: ET.Element | None = None) -> tuple[Codebook, dict[str, str]]:
    """A Codebook from a QDA-XML ``Codes`` element, and each code GUID -> code id.

    Codes we exported carry their ids in their description. Codes from other tools: each top-level
    code becomes a factor (driver 'internal', reported) and, if codable, also a code of that factor;
    nested codes become codes of their top-level factor, under their parent code.
    """
    depth = _code_depth(codes_el)
    if depth > MAX_CODE_DEPTH:
        raise InputError(f"the code tree is more than {MAX_CODE_DEPTH} levels deep (interview-coder reads up to "
                         f"{MAX_CODE_DEPTH})")
    used: set[str] = set()
    factors: list[dict[str, Any]] = []
    codes: list[dict[str, Any]] = []
    guid_to_code: dict[str, str] = {}
    guessed_driver = 0

    def add_code(el: ET.Element, factor: str, parent: str | None) -> str:
        description, meta = _meta(el, sidecar or {})
        name = el.get("name") or ""
        g = el.get("guid") or ""
        cid = str(meta.get("code") or "") or _unique(name, used, f"code_{g[:8]}")
        used.add(cid)
        colour = el.get("color") or ""
        node: dict[str, Any] = {"id": cid, "name": name or cid, "factor": factor, "description": description.strip(),
                                "colour": colour if COLOUR_RE.match(colour) else "",
                                "name_zh": meta.get("name_zh", ""), "keywords": meta.get("keywords") or {},
                                "exclude": meta.get("exclude") or {}}
        if parent:
            node["parent"] = parent
        codes.append(node)
        guid_to_code[g.strip("{}").lower()] = cid
        return cid

    def walk(el: ET.Element, factor: str, parent: str | None) -> None:
        for child in _children(el, "Code"):
            walk(child, factor, add_code(child, factor, parent))

    about: dict[str, Any] = {}
    noted_book = (sidecar or {}).get("codebook")
    if isinstance(noted_book, dict):
        about = {k: str(v) for k, v in noted_book.items() if k in ("name", "name_zh", "version", "source", "description")}
    for top in _children(codes_el, "Code"):
        description, meta = _meta(top, sidecar or {})
        if isinstance(meta.get("codebook"), dict):
            about = {k: str(v) for k, v in meta["codebook"].items()
                     if k in ("name", "name_zh", "version", "source", "description")}
        if meta.get("factor"):
            fid = str(meta["factor"])
            used.add(fid)
            factors.append({"id": fid, "name": top.get("name") or fid, "driver": meta.get("driver", "internal"),
                            "name_zh": meta.get("name_zh", ""), "description": description.strip()})
            walk(top, fid, None)
            continue
        name = top.get("name") or ""
        fid = _unique("f_" + name, used, f"f_{(top.get('guid') or '')[:8]}")
        factors.append({"id": fid, "name": name or fid, "driver": "internal", "description": description.strip()})
        guessed_driver += 1
        codable = (top.get("isCodable") or "true").strip().lower() in ("true", "1")
        parent = add_code(top, fid, None) if codable or not _children(top, "Code") else None
        walk(top, fid, parent)
    _count_warn(warnings, guessed_driver, "top-level code(s) became factors with driver 'internal' "
                                          "(REFI-QDA has no drivers): set internal/external in the codebook YAML")
    if guessed_driver:  # our own exports carry their factors; their sets only mirror them
        _sets_to_factors(sets_el, factors, codes, guid_to_code, used, warnings)
    try:
        book, problems = validate_codebook({**about, "factors": factors, "codes": codes})
    except CodebookInvalid as exc:
        raise InputError(f"the codebook cannot be used: {exc}") from None
    warnings.extend(p.message for p in problems if "has no keywords" not in p.message)
    return book, guid_to_code


def _check_namespace(root: ET.Element, expected: str, root_name: str, path: Path, warnings: list[str]) -> None:
    if local(root.tag) != root_name:
        raise InputError(f"not a REFI-QDA {'codebook' if root_name == 'CodeBook' else 'project'}: the root element "
                         f"is <{local(root.tag)}>, not <{root_name}>", path)
    found = namespace(root.tag)
    if found != expected:
        if not found.startswith(expected.rsplit(":", 2)[0]):
            raise InputError(f"namespace {found!r} is not {expected!r}", path)
        warnings.append(f"namespace {found!r} is not the standard {expected!r}; read anyway")


def import_qdc(path: Path) -> tuple[Codebook, list[str]]:
    """Read a ``.qdc`` codebook file: (Codebook, warnings)."""
    path = Path(path)
    data = read_bytes(path, MAX_QDC_BYTES, option=None)
    warnings: list[str] = []
    root = parse_xml(data, path)
    _check_namespace(root, CODEBOOK_NS, "CodeBook", path, warnings)
    codes_el = _child(root, "Codes")
    if codes_el is None:
        raise InputError("the codebook has no <Codes>", path)
    try:
        book, _ = codebook_from_xml(codes_el, warnings, sets_el=_child(root, "Sets"))
    except InputError as exc:
        exc.path = exc.path or str(path)
        raise
    return book, warnings


# ---- project ---------------------------------------------------------------------------------


def _value(vv: ET.Element) -> str | int | float | None:
    for el in vv:
        kind = local(el.tag)
        if kind == "VariableRef":
            continue
        raw = (el.text or "").strip()
        try:
            if kind == "IntegerValue":
                return int(raw)
            if kind == "FloatValue":
                return float(raw)
        except ValueError:
            return raw
        return raw
    return None


def _variables(el: ET.Element, names: dict[str, str]) -> dict[str, str | int | float]:
    out: dict[str, str | int | float] = {}
    for vv in _children(el, "VariableValue"):
        ref = _child(vv, "VariableRef")
        name = names.get(((ref.get("targetGUID") if ref is not None else "") or "").strip("{}").lower())
        value = _value(vv)
        if name and value is not None:
            out[name] = value
    return out


def _key(guid: str | None) -> str:
    return (guid or "").strip("{}").lower()


def _read_source(el: ET.Element, zf: Any, members: dict[str, str], path: Path) -> str | None:
    content = _child(el, "PlainTextContent")
    if content is not None and content.text:
        return content.text
    where = el.get("plainTextPath") or ""
    if not where.startswith("internal://"):
        return None
    member = members.get(("sources/" + where[len("internal://"):]).lower())
    if member is None:
        return None
    from interview_coder.io.safezip import read_member

    data = read_member(zf, member, MAX_MEMBER_BYTES)
    try:
        return str(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"source {member} is not UTF-8 text", path) from exc


def _transcript_from_meta(name: str, text: str, meta: dict[str, Any], attrs: dict[str, dict[str, Any]]
                          ) -> Transcript | None:
    try:
        turns = tuple(Turn(int(t[0]), t[1], Role(t[2]), int(t[3]), int(t[4]), t[5], t[6], t[7])
                      for t in meta["turns"])
        by_seq = {t.seq: t for t in turns}
        passages = tuple(Passage(int(p[0]), int(p[1]), int(p[2]), int(p[3]), text[int(p[2]):int(p[3])], Role(p[4]),
                                 by_seq[int(p[1])].speaker, by_seq[int(p[1])].respondent)
                         for p in meta["passages"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if any(p.end > len(text) or p.start > p.end for p in passages):
        return None
    keys = list(dict.fromkeys(t.respondent for t in turns if t.respondent))
    return Transcript(name, str(meta.get("source") or name), text, str(meta.get("language") or "en"), turns,
                      passages, tuple(Respondent(k, dict(attrs.get(k, {}))) for k in keys), str(meta.get("preamble") or ""))


def import_qdpx(project: Project, path: Path, prefer: str | None = None, rename: bool = False) -> RefiImport:
    """Import a ``.qdpx``: sources, codes, codings (with coders), cases and attributes, notes as memos."""
    from interview_coder.io.safezip import open_zip, read_member

    path = Path(path)
    result = RefiImport()
    warnings = result.warnings
    with open_zip(path, max_members=MAX_MEMBERS, max_total_bytes=MAX_TOTAL_BYTES, max_ratio=MAX_RATIO,
                  what="REFI-QDA .qdpx (zip) file") as zf:
        members = {name.lower(): name for name in zf.namelist()}
        qde = members.get("project.qde") or next((n for k, n in members.items() if k.endswith(".qde") and "/" not in k),
                                                 None)
        if qde is None:
            raise InputError("no project.qde inside: not a REFI-QDA project", path)
        root = parse_xml(read_member(zf, qde, MAX_MEMBER_BYTES), f"{path}:{qde}")
        _check_namespace(root, PROJECT_NS, "Project", path, warnings)
        with tempfile.TemporaryDirectory(prefix="interview-coder-qdpx-") as tmp:
            staging = Project.open(Path(tmp) / f"{path.stem}.db", create=True)
            try:
                _stage(staging, root, zf, members, path, _read_sidecar(zf, members, path), result)
            except InterviewCoderError as exc:
                exc.path = exc.path or str(path)
                raise
            finally:
                staging.close()
            try:
                result.merge = merge_projects(project, [Path(tmp) / f"{path.stem}.db"], prefer, rename)[0]
            except InputError as exc:  # name the file the user gave, not the staging copy (issue 16)
                raise InputError(exc.reason.replace("not merged:", "not imported:", 1), path, exc.line) from None
            result.merge.source = str(path)
            for conflict in result.merge.conflicts:
                conflict.source = str(path)
    return result


def _read_sidecar(zf: Any, members: dict[str, str], path: Path) -> dict[str, Any]:
    """interview-coder's one project-level note in a ``.qdpx`` it wrote ({} in other tools' files)."""
    import json

    from interview_coder.io.safezip import read_member

    member = members.get(SIDECAR)
    if member is None:
        return {}
    try:
        data = json.loads(read_member(zf, member, MAX_MEMBER_BYTES).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{SIDECAR} inside is not valid JSON: {exc}", path) from None
    if not isinstance(data, dict):
        raise InputError(f"{SIDECAR} inside is not a JSON object", path)
    return data


def _cases(root: ET.Element, variables: dict[str, str], warnings: list[str]
           ) -> tuple[dict[str, str], dict[str, dict[str, Any]], dict[str, dict[str, str]]]:
    """(source GUID -> case name, case name -> its attributes, source GUID -> speaker label -> case);
    a case is a respondent here (speaker labels: io/refi_speakers.py)."""
    case_of: dict[str, str] = {}
    case_attrs: dict[str, dict[str, Any]] = {}
    speakers: dict[str, dict[str, str]] = {}
    case_selection_refs = 0
    for case in _children(_child(root, "Cases") or ET.Element("x"), "Case"):
        name = case.get("name") or _key(case.get("guid"))
        case_attrs[name] = _variables(case, variables)
        labels = split_labels(case_attrs[name].pop(SPEAKER_VARIABLE, ""))
        for ref in _children(case, "SourceRef"):
            case_of.setdefault(_key(ref.get("targetGUID")), name)
            for label in labels:
                speakers.setdefault(_key(ref.get("targetGUID")), {}).setdefault(label, name)
        case_selection_refs += len(_children(case, "SelectionRef")) + len(_children(case, "CodeRef"))
    _count_warn(warnings, case_selection_refs, "case reference(s) to selections or codes not imported "
                                               "(a respondent is a whole transcript here)")
    return case_of, case_attrs, speakers


def _warn_skipped_sources(sources_el: ET.Element, warnings: list[str]) -> None:
    skipped: dict[str, int] = {}
    for el in sources_el:
        if local(el.tag) != "TextSource":
            skipped[local(el.tag)] = skipped.get(local(el.tag), 0) + 1
    for kind, n in sorted(skipped.items()):
        warnings.append(f"{n} {kind} source(s) not imported (interview-coder reads text only)")


def _warn_links_and_graphs(root: ET.Element, warnings: list[str]) -> None:
    for what in ("Links", "Graphs"):
        dropped = _child(root, what)
        if dropped is not None and len(dropped):
            warnings.append(f"{len(dropped)} {what[:-1].lower()}(s) not imported (interview-coder has no {what.lower()})")


def _project_memos(staging: Project, root: ET.Element, notes: dict[str, ET.Element], used_notes: set[str],
                   note_text: Callable[[ET.Element], tuple[str, str | None] | None], users: dict[str, str]) -> None:
    """The project's own note references, and notes nothing points at (journals, free notes), as project memos."""
    with staging.transaction():
        for ref in _children(root, "NoteRef"):
            found = note_text(ref)
            if found:
                add_memo(staging, "project", "", found[0], found[1])
        for g, note in notes.items():
            if g not in used_notes:
                title = note.get("name") or ""
                body = _text_of(note, "PlainTextContent")
                add_memo(staging, "project", "", f"{title}\n\n{body}" if title and title != "memo" else body,
                         users.get(_key(note.get("creatingUser"))))


def _stage(staging: Project, root: ET.Element, zf: Any, members: dict[str, str], path: Path,
           sidecar: dict[str, Any], result: RefiImport) -> None:
    warnings = result.warnings
    users = {_key(u.get("guid")): (u.get("name") or u.get("id") or _key(u.get("guid")))
             for u in _children(_child(root, "Users") or ET.Element("x"), "User")}
    notes = {_key(n.get("guid")): n for n in _children(_child(root, "Notes") or ET.Element("x"), "Note")}
    used_notes: set[str] = set()

    def note_text(ref: ET.Element) -> tuple[str, str | None] | None:
        g = _key(ref.get("targetGUID"))
        n = notes.get(g)
        if n is None:
            return None
        used_notes.add(g)
        return _text_of(n, "PlainTextContent"), users.get(_key(n.get("creatingUser")))

    codebook_el = _child(root, "CodeBook")
    codes_el = _child(codebook_el, "Codes") if codebook_el is not None else None
    guid_to_code: dict[str, str] = {}
    with staging.transaction():
        if codes_el is not None:
            book, guid_to_code = codebook_from_xml(codes_el, warnings, sidecar, _child(root, "Sets"))
            save_codebook(staging, book)
    variables = {_key(v.get("guid")): v.get("name") or "" for v in
                 _children(_child(root, "Variables") or ET.Element("x"), "Variable")}
    case_of, case_attrs, speakers = _cases(root, variables, warnings)

    sources_el = _child(root, "Sources") or ET.Element("x")
    _warn_skipped_sources(sources_el, warnings)
    used_names: set[str] = set()
    texts = [(el, _read_source(el, zf, members, path)) for el in _children(sources_el, "TextSource")]
    unit = _offset_unit(root, [(el, raw) for el, raw in texts if raw is not None], sidecar, warnings)
    for index, (el, raw) in enumerate(texts):
        _stage_source(staging, el, raw, index, path, users, guid_to_code, case_of, case_attrs, variables,
                      used_names, note_text, unit, sidecar, result, speakers.get(_key(el.get("guid")), {}))
    _project_memos(staging, root, notes, used_notes, note_text, users)
    _warn_links_and_graphs(root, warnings)


def _selections(el: ET.Element) -> list[tuple[int, int, str]]:
    """(start, end, the text the tool says it selected or '') of each readable selection of a source."""
    out = []
    for sel in _children(el, "PlainTextSelection"):
        try:
            out.append((int(sel.get("startPosition") or 0), int(sel.get("endPosition") or 0), sel.get("name") or ""))
        except ValueError:
            continue
    return out


_UNIT_WORDS = {OffsetUnit.CODEPOINTS: "code points", OffsetUnit.UTF16: "UTF-16 code units",
               OffsetUnit.UTF8: "UTF-8 bytes"}


def _offset_unit(root: ET.Element, texts: list[tuple[ET.Element, str]], sidecar: dict[str, Any],
                 warnings: list[str]) -> OffsetUnit:
    """The unit this file's selection offsets count: our own note says it, else the origin, checked on the text."""
    origin = root.get("origin") or ""
    if sidecar.get("offsets") in {u.value for u in OffsetUnit}:
        return OffsetUnit(sidecar["offsets"])
    choice: UnitChoice = choose_unit([(raw, _selections(el)) for el, raw in texts], unit_of_origin(origin))
    if choice.selections == 0:
        return choice.unit
    said = f"{origin!r}" if origin else "the file"
    if choice.expected is not None and choice.unit is not choice.expected:
        warnings.append(f"offsets read as {_UNIT_WORDS[choice.unit]}, not {_UNIT_WORDS[choice.expected]} as {said} "
                        f"implies: {choice.chosen.fit} of {choice.selections} selections fit that way, "
                        f"{next(c.fit for c in choice.checks if c.unit is choice.expected)} the other")
    if len({c.fit for c in choice.checks}) > 1 or choice.unit is not OffsetUnit.CODEPOINTS:
        warnings.append(f"offsets read as {_UNIT_WORDS[choice.unit]} ({said}): {choice.chosen.fit} of "
                        f"{choice.selections} selections start and end on word boundaries")
    if choice.unconfirmed:
        warnings.append(f"{choice.unconfirmed} of {choice.selections} selection(s) could not be confirmed: they "
                        f"start or end inside a word, or do not match the text they name, read as "
                        f"{_UNIT_WORDS[choice.unit]}")
    return choice.unit


def _stage_source(staging: Project, el: ET.Element, raw: str | None, index: int, path: Path,
                  users: dict[str, str], guid_to_code: dict[str, str], case_of: dict[str, str],
                  case_attrs: dict[str, dict[str, Any]], variables: dict[str, str], used_names: set[str],
                  note_text: Any, unit: OffsetUnit, sidecar: dict[str, Any], result: RefiImport,
                  speakers: dict[str, str] | None = None) -> None:
    warnings = result.warnings
    g = _key(el.get("guid"))
    name = el.get("name") or g
    if raw is None:
        warnings.append(f"source {name!r}: no text inside the file (external or rich-text only): not imported")
        return
    _, meta = _meta(el, sidecar)
    text, raw_to_norm = raw_to_normalized(raw)
    index_of = UnitIndex.of(raw, unit)
    unlabel: Callable[[int], int] = lambda i: i  # noqa: E731
    labels = meta.get("labels")
    if labels:  # speaker labels our export wrote into the text come out again
        try:
            stripped = Inserts(tuple((int(at), str(label)) for at, label in labels)).take_out(text)
        except (TypeError, ValueError):
            stripped = None
        if stripped is None:
            warnings.append(f"source {name!r}: its text was changed after export; speaker labels kept as text")
            meta = {k: v for k, v in meta.items() if k not in ("turns", "passages")}
        else:
            text, unlabel = stripped

    def to_norm(units: int) -> int | None:
        cp = index_of.to_codepoint(units)
        return None if cp is None else unlabel(raw_to_norm(cp))

    base = str(meta.get("transcript") or name)
    name = base
    n = 2
    while name in used_names:
        name, n = f"{base}-{n}", n + 1
    used_names.add(name)
    respondent = case_of.get(g) or name
    attrs = dict(case_attrs)
    attrs.setdefault(respondent, {})
    attrs[respondent] = {**_variables(el, variables), **attrs[respondent]}
    transcript = _transcript_from_meta(name, text, meta, attrs) if meta.get("passages") else None
    fmt, encoding = str(meta.get("format") or "refi-qda"), str(meta.get("encoding") or "utf-8")
    if transcript is None:
        front = yaml.safe_dump({"respondent": respondent}, allow_unicode=True)
        try:
            parsed = parse_plain(f"---\n{front}---\n{text}", Path(name), name,
                                 ImportOptions(known_labels=tuple(speakers or ())))
        except InputError as exc:
            warnings.append(f"source {name!r} not imported: {exc.reason}")
            return
        transcript = Transcript(parsed.name, str(path), parsed.text, parsed.language, parsed.turns, parsed.passages,
                                tuple(Respondent(r.key, dict(attrs.get(r.key, {}))) for r in parsed.respondents),
                                parsed.preamble)
        if speakers:  # a peer's copy of our export: the cases say who spoke as which respondent
            transcript = assign_case_speakers(transcript, speakers, attrs)
    # Respondents are saved under per-source keys, then joined: one person may have several sources.
    keys = {r.key: f"{r.key}\x1f{index}" for r in transcript.respondents}
    staged = Transcript(
        transcript.name, transcript.source, transcript.text, transcript.language,
        tuple(Turn(t.seq, t.speaker, t.role, t.start, t.end, keys.get(t.respondent or "", t.respondent),
                   t.time_start, t.time_end) for t in transcript.turns),
        tuple(Passage(p.seq, p.turn_seq, p.start, p.end, p.text, p.role, p.speaker,
                      keys.get(p.respondent or "", p.respondent)) for p in transcript.passages),
        tuple(Respondent(keys[r.key], r.attributes) for r in transcript.respondents), transcript.preamble)
    with staging.transaction():
        saved = save_transcript(staging, staged, fmt, encoding)
        tid = int(saved.transcript_id or 0)
        for original, temporary in keys.items():
            join_respondents(staging, [temporary], original)
        if meta.get("source_sha256"):
            set_source_sha256(staging, tid, str(meta["source_sha256"]))
        result.sources += 1
        for ref in _children(el, "NoteRef"):
            found = note_text(ref)
            if found:
                add_memo(staging, "transcript", str(tid), found[0], found[1])
        _count_warn(warnings, len(_children(el, "Coding")),
                    f"whole-source coding(s) of {name!r} not imported (codings here are on passages)")
        _stage_selections(staging, el, tid, len(text), to_norm, users, guid_to_code, name, note_text, sidecar,
                          result)


Spot = tuple[int, int | None, int | None]
"""Where a coding lands: passage id, and start/end inside it (None, None: the whole passage)."""


def _spots(staging: Project, tid: int, start: int, end: int, whole_ok: bool) -> list[Spot]:
    """One passage (or a span of it) holding the selection, else its part of each passage it overlaps."""
    place = place_span(staging.conn, tid, start, end, whole_ok)
    if place is not None:
        return [place]
    spots: list[Spot] = []
    for p in overlapping_passages(staging, tid, start, end):
        a, b = max(start, p["start"]), min(end, p["end"])
        spots.append((p["id"], None, None) if (a, b) == (p["start"], p["end"]) and whole_ok
                     else (p["id"], a - p["start"], b - p["start"]))
    return spots


def _stage_codings(staging: Project, sel: ET.Element, codings: list[ET.Element], spots: list[Spot],
                   meta: dict[str, Any], users: dict[str, str], guid_to_code: dict[str, str], note_text: Any,
                   result: RefiImport) -> tuple[int, int]:
    """A selection's codings stored on its spots, with their memos; returns how many named an unknown
    code (not imported) and an unknown user (coder set to UNKNOWN_CODER)."""
    unknown_code = unknown_coder = 0
    for coding in codings:
        code_ref = _child(coding, "CodeRef")
        code = guid_to_code.get(_key(code_ref.get("targetGUID") if code_ref is not None else ""))
        if code is None:
            unknown_code += 1
            continue
        coder = users.get(_key(coding.get("creatingUser") or sel.get("creatingUser")))
        if coder is None:
            unknown_coder += 1
            coder = UNKNOWN_CODER
        rows = [{"passage_id": pid, "code_id": code, "coder": coder, "start": s, "end": e,
                 "status": meta.get("status") or Status.ACCEPTED, "origin": meta.get("origin") or Origin.MANUAL,
                 "keyword": meta.get("keyword"), "created_at": coding.get("creationDateTime")}
                for pid, s, e in spots]
        ids = copy_codings(staging, rows)
        result.codings += len(rows)
        for note in _children(coding, "NoteRef"):
            found = note_text(note)
            if found:
                add_memo(staging, "coding", str(ids[0]), found[0], found[1])
    return unknown_code, unknown_coder


def _stage_selections(staging: Project, el: ET.Element, tid: int, length: int, to_norm: Any, users: dict[str, str],
                      guid_to_code: dict[str, str], name: str, note_text: Any, sidecar: dict[str, Any],
                      result: RefiImport) -> None:
    warnings = result.warnings
    unknown_code = split = outside = unknown_coder = 0
    for sel in _children(el, "PlainTextSelection"):
        try:
            start, end = to_norm(int(sel.get("startPosition") or 0)), to_norm(int(sel.get("endPosition") or 0))
        except ValueError:
            outside += 1
            continue
        if start is None or end is None or not 0 <= start < end <= length:
            outside += 1
            continue
        _, meta = _meta(sel, sidecar)
        spots = _spots(staging, tid, start, end, not meta.get("span"))
        split += 1 if len(spots) > 1 else 0
        codings = _children(sel, "Coding")
        if not spots:
            outside += len(codings) or 1
            continue
        if not codings:
            for ref in _children(sel, "NoteRef"):
                found = note_text(ref)
                if found:
                    add_memo(staging, "passage", str(spots[0][0]), found[0], found[1])
            continue
        codes_unknown, coders_unknown = _stage_codings(staging, sel, codings, spots, meta, users, guid_to_code,
                                                       note_text, result)
        unknown_code += codes_unknown
        unknown_coder += coders_unknown
    _count_warn(warnings, split, f"selection(s) in {name!r} span several passages: coded on each passage's part")
    _count_warn(warnings, outside, f"coding(s) in {name!r} lie outside respondent passages (interviewer or title "
                                   "text, or past the end): not imported")
    _count_warn(warnings, unknown_code, f"coding(s) in {name!r} refer to a code not in the codebook: not imported")
    _count_warn(warnings, unknown_coder, f"coding(s) in {name!r} name no known user: coder set to {UNKNOWN_CODER!r}")
