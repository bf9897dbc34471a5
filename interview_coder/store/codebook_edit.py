"""Growing the codebook while coding: add (or in-vivo), rename, merge, move and describe codes,
add and remove keywords.

The workbench and the ``codebook`` commands call these same functions; each is one transaction,
refused with an InputError (nothing written) when it cannot be done, and recorded in the coder's
history (store.codings: the one history, so ``undo``/``u`` takes it back and ``redo`` re-applies
it; undo refuses when the codebook changed since). A merge moves codings through the one coding
writer (``store.codings.recode``). The result shows in ``codebook export`` like any loaded code.
Issue 13: the codebook had to be finished before coding started.
"""

from __future__ import annotations

import re
import unicodedata
from contextvars import ContextVar
from typing import Any

from interview_coder.core.model import Code, Driver
from interview_coder.errors import InputError
from interview_coder.store import codings as writer
from interview_coder.store.codebook import load_codebook
from interview_coder.store.project import Project

ACTIONS = ("add code", "rename code", "describe code", "move code", "add keyword", "remove keyword", "merge codes",
           "edit code")
"""The history's names of codebook edits (the workbench redraws its codebook after undoing one)."""

NEW_FACTOR = "new_codes"
"""The factor a code goes under when the codebook has none yet (a project without a codebook)."""


def in_vivo_name(text: str, limit: int = 60) -> str:
    """The name an in-vivo code takes from the coded words: spaces collapsed, punctuation around
    the words dropped (a selection that ends on '，' or '.' names "有帮助", not "有帮助，"), at most
    ``limit`` characters."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", " ".join(text.split())[:limit])


def code_id_for(name: str, taken: set[str]) -> str:
    """A stable id from a name: lower-case ASCII words joined by '_' (Chinese kept as written), unique."""
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    base = re.sub(r"[^\w]+", "_", text).strip("_")[:40] or "code"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    return out


Ops = list[dict[str, Any]]


_BATCH: ContextVar[Ops | None] = ContextVar("codebook_edit_batch", default=None)
"""While ``edit_code`` runs, the ops of the edits it makes, recorded as one history entry."""


def _record(project: Project, coder: str | None, action: str, ops: Ops) -> None:
    batch = _BATCH.get()
    if batch is None:
        writer.record(project, coder, action, ops)
    else:
        batch.extend(ops)


def _clean(name: str) -> str:
    return " ".join(name.split())


def _code_row(project: Project, code_id: str) -> dict[str, Any]:
    row = writer.table_row(project.conn, "codes", code_id)
    if row is None:
        raise InputError(f"no code {code_id!r} in the codebook")
    return row


def _factor_ids(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT id FROM factors ORDER BY seq")]


def _check_name(project: Project, name: str, field: str = "name", but: str | None = None) -> None:
    column = "name_zh" if field == "name_zh" else "name"
    for other_id, other in project.conn.execute(f"SELECT id, {column} FROM codes"):  # noqa: S608
        if other_id != but and other and other.casefold() == name.casefold():
            raise InputError(f"a code named {name!r} is already in the codebook ({other_id})")


def _change(project: Project, table: str, key: Any, sql: str, params: tuple[Any, ...]) -> dict[str, Any]:
    """Run one statement on one codebook row and return its history op (the row before and after)."""
    before = writer.table_row(project.conn, table, key)
    project.conn.execute(sql, params)
    return writer.row_op(table, before, writer.table_row(project.conn, table, key))


def _code(project: Project, code_id: str) -> Code:
    return next(c for c in load_codebook(project).codes if c.id == code_id)


def add_code(project: Project, name: str, factor: str | None = None, name_zh: str = "", description: str = "",
             code_id: str | None = None, keyword: str | None = None, lang: str = "en",
             coder: str | None = None) -> Code:
    """Add one code at the end of ``factor`` (the codebook's first factor if None; a 'New codes'
    factor when there is none), optionally with one keyword; returns the code as stored.
    Recorded in ``coder``'s history (undo removes the code again, while it has no codings)."""
    name, name_zh = _clean(name), _clean(name_zh)
    if not name:
        raise InputError("a code needs a name")
    with project.transaction() as conn:
        taken = {r[0] for r in conn.execute("SELECT id FROM codes")}
        if code_id is not None and code_id in taken:
            raise InputError(f"code id {code_id!r} is already in the codebook")
        _check_name(project, name)
        if name_zh:
            _check_name(project, name_zh, "name_zh")
        factors = _factor_ids(project)
        ops: Ops = []
        if factor is None:
            if factors:
                factor = factors[0]
            else:
                factor = NEW_FACTOR
                ops.append(_change(project, "factors", NEW_FACTOR,
                                   "INSERT INTO factors(id, name, name_zh, driver, description, seq) VALUES (?,?,?,?,?,?)",
                                   (NEW_FACTOR, "New codes", "新代码", str(Driver.INTERNAL),
                                    "Codes created while coding, not yet sorted into a factor", 0)))
        elif factor not in factors:
            raise InputError(f"no factor {factor!r} in the codebook (factors: {', '.join(factors) or 'none'})")
        new_id = code_id or code_id_for(name, taken)
        seq = int(conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM codes").fetchone()[0])
        ops.append(_change(project, "codes", new_id,
                           "INSERT INTO codes(id, name, name_zh, factor_id, parent_id, colour, description, seq) "
                           "VALUES (?,?,?,?,NULL,'',?,?)", (new_id, name, name_zh, factor, description.strip(), seq)))
        if keyword and keyword.strip():
            ops.append(_insert_keyword(project, new_id, keyword.strip(), lang))
        _record(project, coder, "add code", ops)
    return _code(project, new_id)


def rename_code(project: Project, code_id: str, name: str | None = None, name_zh: str | None = None,
                coder: str | None = None) -> Code:
    """Give a code a new English and/or Chinese name (its id, codings and keywords stay)."""
    if name is None and name_zh is None:
        raise InputError("give a new name, a new Chinese name, or both")
    with project.transaction():
        row = _code_row(project, code_id)
        new_name = row["name"] if name is None else _clean(name)
        new_zh = row["name_zh"] if name_zh is None else _clean(name_zh)
        if not new_name:
            raise InputError("a code needs a name")
        _check_name(project, new_name, but=code_id)
        if new_zh:
            _check_name(project, new_zh, "name_zh", but=code_id)
        if (new_name, new_zh) != (row["name"], row["name_zh"]):
            _record(project, coder, "rename code", [_change(
                project, "codes", code_id, "UPDATE codes SET name = ?, name_zh = ? WHERE id = ?",
                (new_name, new_zh, code_id))])
    return _code(project, code_id)


def describe_code(project: Project, code_id: str, description: str, coder: str | None = None) -> Code:
    """Write a code's description: its rule for coders (what counts, what does not)."""
    with project.transaction():
        row = _code_row(project, code_id)
        text = description.strip()
        if text != row["description"]:
            _record(project, coder, "describe code", [_change(
                project, "codes", code_id, "UPDATE codes SET description = ? WHERE id = ?", (text, code_id))])
    return _code(project, code_id)


def _descendants(project: Project, code_id: str) -> list[str]:
    children: dict[str, list[str]] = {}
    for cid, parent in project.conn.execute("SELECT id, parent_id FROM codes ORDER BY seq"):
        if parent:
            children.setdefault(parent, []).append(cid)
    out, todo = [], list(children.get(code_id, []))
    while todo:
        cid = todo.pop(0)
        if cid not in out:
            out.append(cid)
            todo.extend(children.get(cid, []))
    return out


KEEP = ""
"""``move_code``'s parent when not given: keep the parent if it stays in the same factor."""


def move_code(project: Project, code_id: str, factor: str | None = None, parent: str | None = KEEP,
              coder: str | None = None) -> Code:
    """Move a code (with the codes under it) to another factor and/or under another parent code
    (``parent=None``: to the top of its factor). A parent must be in the target factor (by default
    the parent's factor) and never the code itself or a code under it."""
    with project.transaction() as conn:
        row = _code_row(project, code_id)
        new_parent = row["parent_id"] if parent == KEEP else parent
        if parent not in (KEEP, None):
            prow = _code_row(project, str(parent))
            if parent == code_id or parent in _descendants(project, code_id):
                raise InputError(f"code {code_id!r} cannot go under {parent!r}: {parent!r} is "
                                 + ("the code itself" if parent == code_id else f"under {code_id!r}"))
            if factor is None:
                factor = prow["factor_id"]
            elif prow["factor_id"] != factor:
                raise InputError(f"parent {parent!r} is under factor {prow['factor_id']!r}, not {factor!r}")
        factor = factor or row["factor_id"]
        if factor not in _factor_ids(project):
            raise InputError(f"no factor {factor!r} in the codebook (factors: {', '.join(_factor_ids(project))})")
        if parent == KEEP and new_parent is not None:
            old = writer.table_row(conn, "codes", new_parent)
            if old is None or old["factor_id"] != factor:
                new_parent = None  # the old parent stays in its factor
        if (factor, new_parent) == (row["factor_id"], row["parent_id"]):
            return _code(project, code_id)
        ops = [_change(project, "codes", code_id, "UPDATE codes SET factor_id = ?, parent_id = ? WHERE id = ?",
                       (factor, new_parent, code_id))]
        for cid in _descendants(project, code_id):
            ops.append(_change(project, "codes", cid, "UPDATE codes SET factor_id = ? WHERE id = ? AND factor_id != ?",
                               (factor, cid, factor)))
        _record(project, coder, "move code", [op for op in ops if op["before"] != op["after"]])
    return _code(project, code_id)


def _lang(lang: str) -> str:
    if lang not in ("en", "zh"):
        raise InputError(f"keyword language {lang!r}: use en or zh")
    return lang


def _insert_keyword(project: Project, code_id: str, keyword: str, lang: str) -> dict[str, Any]:
    conn = project.conn
    seq = int(conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM keywords WHERE code_id = ? AND lang = ?",
                           (code_id, _lang(lang))).fetchone()[0])
    cur = conn.execute("INSERT INTO keywords(code_id, lang, keyword, kind, seq) VALUES (?,?,?,'include',?)",
                       (code_id, lang, keyword, seq))
    return writer.row_op("keywords", None, writer.table_row(conn, "keywords", cur.lastrowid))


def add_keyword(project: Project, code_id: str, keyword: str, lang: str = "en", coder: str | None = None) -> Code:
    """Add a keyword (for auto-coding and suggestions) to a code; run ``autocode`` to find its hits."""
    word = _clean(keyword)
    if not word:
        raise InputError("a keyword cannot be empty")
    with project.transaction() as conn:
        _code_row(project, code_id)
        if conn.execute("SELECT 1 FROM keywords WHERE code_id = ? AND lang = ? AND keyword = ? AND kind = 'include'",
                        (code_id, _lang(lang), word)).fetchone():
            raise InputError(f"code {code_id!r} already has the {lang} keyword {word!r}")
        _record(project, coder, "add keyword", [_insert_keyword(project, code_id, word, lang)])
    return _code(project, code_id)


def remove_keyword(project: Project, code_id: str, keyword: str, lang: str = "en", coder: str | None = None) -> Code:
    """Remove one of a code's keywords (its suggestions already stored stay as they are)."""
    with project.transaction() as conn:
        _code_row(project, code_id)
        found = conn.execute("SELECT id FROM keywords WHERE code_id = ? AND lang = ? AND keyword = ? "
                             "AND kind = 'include'", (code_id, _lang(lang), _clean(keyword))).fetchone()
        if found is None:
            raise InputError(f"code {code_id!r} has no {lang} keyword {keyword!r}")
        _record(project, coder, "remove keyword", [_change(
            project, "keywords", found[0], "DELETE FROM keywords WHERE id = ?", (found[0],))])
    return _code(project, code_id)


def merge_codes(project: Project, source: str, into: str, coder: str | None = None) -> tuple[Code, int]:
    """Merge code ``source`` into ``into``: every coding of ``source`` moves to ``into`` (a duplicate
    of one already there collapses into it), its keywords (but ones ``into`` has), the codes under it,
    its memos and number-key pins go to ``into``, and ``source`` leaves the codebook. Returns ``into``
    and how many codings moved (collapsed ones included). Undo brings ``source`` back as it was."""
    if source == into:
        raise InputError(f"cannot merge code {source!r} into itself")
    with project.transaction() as conn:
        src = _code_row(project, source)
        _code_row(project, into)
        moved = conn.execute("SELECT count(*) FROM codings WHERE code_id = ?", (source,)).fetchone()[0]
        ops: Ops = writer.recode(project, source, into)
        # keywords: a word ``into`` already has collapses
        have = {(r[0], r[1], r[2]) for r in conn.execute("SELECT lang, keyword, kind FROM keywords WHERE code_id = ?",
                                                         (into,))}
        for kid, lang, word, kind in conn.execute("SELECT id, lang, keyword, kind FROM keywords WHERE code_id = ? "
                                                  "ORDER BY id", (source,)).fetchall():
            if (lang, word, kind) in have:
                ops.append(_change(project, "keywords", kid, "DELETE FROM keywords WHERE id = ?", (kid,)))
            else:
                ops.append(_change(project, "keywords", kid, "UPDATE keywords SET code_id = ? WHERE id = ?", (into, kid)))
        # the codes under source go under into (into itself, if it was one of them, takes source's place)
        for (cid,) in conn.execute("SELECT id FROM codes WHERE parent_id = ? ORDER BY seq", (source,)).fetchall():
            new_parent = src["parent_id"] if cid == into else into
            ops.append(_change(project, "codes", cid, "UPDATE codes SET parent_id = ? WHERE id = ?", (new_parent, cid)))
        ops += _move_memos(project, source, into)
        ops += _move_pins(project, source, into)
        ops.append(_change(project, "codes", source, "DELETE FROM codes WHERE id = ?", (source,)))
        _record(project, coder, "merge codes", ops)
    return _code(project, into), int(moved)


def _move_memos(project: Project, source: str, into: str) -> Ops:
    """A coder's memo on ``source`` goes to ``into`` (appended to theirs when they have one there)."""
    conn = project.conn
    ops: Ops = []
    for mid, coder_id, text in conn.execute("SELECT id, coder_id, text FROM memos WHERE target = 'code' AND "
                                            "target_id = ? ORDER BY id", (source,)).fetchall():
        theirs = conn.execute("SELECT id, text FROM memos WHERE target = 'code' AND target_id = ? AND coder_id IS ?",
                              (into, coder_id)).fetchone()
        if theirs is None:
            ops.append(_change(project, "memos", mid, "UPDATE memos SET target_id = ? WHERE id = ?", (into, mid)))
        else:
            ops.append(_change(project, "memos", theirs[0], "UPDATE memos SET text = ? WHERE id = ?",
                               (f"{theirs[1]}\n\n{text}", theirs[0])))
            ops.append(_change(project, "memos", mid, "DELETE FROM memos WHERE id = ?", (mid,)))
    return ops


def _move_pins(project: Project, source: str, into: str) -> Ops:
    """Number-key pins (store.workbench) on ``source`` point at ``into``."""
    import json

    from interview_coder.store.workbench import PINNED_SETTING

    ops: Ops = []
    for key, value in project.conn.execute("SELECT key, value FROM settings WHERE key LIKE ?",
                                           (f"{PINNED_SETTING}.%",)).fetchall():
        pins = list(json.loads(value))
        if source in pins:
            fresh = list(dict.fromkeys(into if c == source else c for c in pins))
            ops.append(_change(project, "settings", key, "UPDATE settings SET value = ? WHERE key = ?",
                               (json.dumps(fresh, ensure_ascii=False), key)))
    return ops


def split_keywords(text: str) -> list[str]:
    """Keywords typed in one line, separated by commas or semicolons (English or Chinese ones)."""
    return [w for w in (_clean(part) for part in re.split(r"[,;，；、]", text)) if w]


def edit_code(project: Project, code_id: str, name: str, name_zh: str, factor: str, description: str,
              keywords: dict[str, list[str]] | None = None, coder: str | None = None) -> Code:
    """The workbench's code dialog: rename, move to ``factor``, describe and set the keywords of one
    code (by language; None leaves them) in one transaction, one history entry ("edit code")."""
    token = _BATCH.set([])
    try:
        with project.transaction() as conn:
            row = _code_row(project, code_id)
            if (_clean(name), _clean(name_zh)) != (row["name"], row["name_zh"]):
                rename_code(project, code_id, name, name_zh)
            if factor != row["factor_id"]:
                move_code(project, code_id, factor)
            describe_code(project, code_id, description)
            for lang, words in (keywords or {}).items():
                have = [r[0] for r in conn.execute("SELECT keyword FROM keywords WHERE code_id = ? AND lang = ? "
                                                   "AND kind = 'include' ORDER BY id", (code_id, _lang(lang)))]
                wanted = list(dict.fromkeys(_clean(w) for w in words if _clean(w)))
                for word in have:
                    if word not in wanted:
                        remove_keyword(project, code_id, word, lang)
                for word in wanted:
                    if word not in have:
                        add_keyword(project, code_id, word, lang)
            ops = _BATCH.get() or []
            _BATCH.set(None)
            _record(project, coder, "edit code", ops)
    finally:
        _BATCH.reset(token)
    return _code(project, code_id)
