"""Growing the codebook while coding: a new code (or an in-vivo one, named by the coded words).

One function the workbench and ``codebook add-code`` both call, one transaction; the code then
shows in ``codebook export`` like any loaded code. Issue 13: the codebook had to be finished
before coding started.
"""

from __future__ import annotations

import re
import unicodedata

from interview_coder.core.model import Code, Driver
from interview_coder.errors import InputError
from interview_coder.store.codebook import load_codebook
from interview_coder.store.project import Project

NEW_FACTOR = "new_codes"
"""The factor a code goes under when the codebook has none yet (a project without a codebook)."""


def code_id_for(name: str, taken: set[str]) -> str:
    """A stable id from a name: lower-case ASCII words joined by '_' (Chinese kept as written), unique."""
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    base = re.sub(r"[^\w]+", "_", text).strip("_")[:40] or "code"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    return out


def add_code(project: Project, name: str, factor: str | None = None, name_zh: str = "", description: str = "",
             code_id: str | None = None, keyword: str | None = None, lang: str = "en") -> Code:
    """Add one code at the end of ``factor`` (the codebook's first factor if None; a 'New codes'
    factor when there is none), optionally with one keyword; returns the code as stored."""
    name = " ".join(name.split())
    if not name:
        raise InputError("a code needs a name")
    with project.transaction() as conn:
        book = load_codebook(project)
        taken = {c.id for c in book.codes}
        if code_id is not None and code_id in taken:
            raise InputError(f"code id {code_id!r} is already in the codebook")
        if any(c.name.casefold() == name.casefold() for c in book.codes):
            raise InputError(f"a code named {name!r} is already in the codebook")
        if factor is None:
            if book.factors:
                factor = book.factors[0].id
            else:
                factor = NEW_FACTOR
                conn.execute("INSERT INTO factors(id, name, name_zh, driver, description, seq) VALUES (?,?,?,?,?,?)",
                             (NEW_FACTOR, "New codes", "新代码", str(Driver.INTERNAL),
                              "Codes created while coding, not yet sorted into a factor", 0))
        elif factor not in {f.id for f in book.factors}:
            raise InputError(f"no factor {factor!r} in the codebook (factors: {', '.join(f.id for f in book.factors)})")
        new_id = code_id or code_id_for(name, taken)
        seq = int(conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM codes").fetchone()[0])
        conn.execute("INSERT INTO codes(id, name, name_zh, factor_id, parent_id, colour, description, seq) "
                     "VALUES (?,?,?,?,NULL,'',?,?)", (new_id, name, name_zh, factor, description, seq))
        if keyword:
            conn.execute("INSERT INTO keywords(code_id, lang, keyword, kind, seq) VALUES (?,?,?,'include',0)",
                         (new_id, lang, keyword))
    return next(c for c in load_codebook(project).codes if c.id == new_id)
