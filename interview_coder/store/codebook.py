"""The codebook in the project: save (updating in place), read back, and what a save would remove."""

from __future__ import annotations

from interview_coder.core.model import Code, Codebook, Driver, Factor
from interview_coder.store.project import Project


def codings_lost_by(project: Project, book: Codebook) -> dict[str, int]:
    """Codes in the project but not in ``book`` that have codings, with how many."""
    keep = {c.id for c in book.codes}
    rows = project.conn.execute("SELECT code_id, count(*) FROM codings GROUP BY code_id").fetchall()
    return {r[0]: r[1] for r in rows if r[0] not in keep}


def save_codebook(project: Project, book: Codebook) -> dict[str, int]:
    """Replace the codebook inside the caller's transaction, keeping codings of codes that remain.

    Codings of removed codes are deleted; the caller decides (``--force``) whether that is allowed.
    Returns counts of factors, codes, keywords, and codings removed.
    """
    conn = project.conn
    lost = codings_lost_by(project, book)
    from interview_coder.store.codings import discard

    keep_codes = [c.id for c in book.codes]
    marks = ",".join("?" * len(keep_codes))
    discard(project, [r[0] for r in conn.execute(f"SELECT id FROM codings WHERE code_id NOT IN ({marks})",  # noqa: S608
                                                 keep_codes)], "codebook load")
    conn.execute("DELETE FROM keywords")
    conn.execute("UPDATE codes SET parent_id = NULL")
    conn.execute(f"DELETE FROM codes WHERE id NOT IN ({marks})", keep_codes)  # noqa: S608
    for seq, f in enumerate(book.factors):
        conn.execute(
            "INSERT INTO factors(id, name, name_zh, driver, description, seq) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET name=excluded.name, name_zh=excluded.name_zh, "
            "driver=excluded.driver, description=excluded.description, seq=excluded.seq",
            (f.id, f.name, f.name_zh, str(f.driver), f.description, seq))
    for seq, c in enumerate(book.codes):
        conn.execute(
            "INSERT INTO codes(id, name, name_zh, factor_id, parent_id, colour, description, seq) "
            "VALUES (?,?,?,?,NULL,?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
            "name_zh=excluded.name_zh, factor_id=excluded.factor_id, colour=excluded.colour, "
            "description=excluded.description, seq=excluded.seq",
            (c.id, c.name, c.name_zh, c.factor, c.colour, c.description, seq))
    conn.executemany("UPDATE codes SET parent_id = ? WHERE id = ?",
                     [(c.parent, c.id) for c in book.codes if c.parent])
    factor_ids = [f.id for f in book.factors]
    conn.execute(f"DELETE FROM factors WHERE id NOT IN ({','.join('?' * len(factor_ids))})", factor_ids)  # noqa: S608
    rows: list[tuple[str, str, str, str, int]] = []
    for c in book.codes:
        for kind, words_by_lang in (("include", c.keywords), ("exclude", c.exclude)):
            for lang, words in words_by_lang.items():
                rows.extend((c.id, lang, w, kind, i) for i, w in enumerate(words))
    conn.executemany("INSERT INTO keywords(code_id, lang, keyword, kind, seq) VALUES (?,?,?,?,?)", rows)
    meta = {"codebook.name": book.name, "codebook.name_zh": book.name_zh, "codebook.version": book.version,
            "codebook.source": book.source, "codebook.description": book.description}
    conn.executemany("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                     list(meta.items()))
    return {"factors": len(book.factors), "codes": len(book.codes),
            "keywords": sum(1 for r in rows if r[3] == "include"), "codings_removed": sum(lost.values())}


def load_codebook(project: Project) -> Codebook:
    """The project's codebook as values, in the order it was loaded."""
    conn = project.conn
    factors = tuple(Factor(r["id"], r["name"], Driver(r["driver"]), r["name_zh"], r["description"])
                    for r in conn.execute("SELECT * FROM factors ORDER BY seq"))
    words: dict[tuple[str, str], dict[str, list[str]]] = {}
    for r in conn.execute("SELECT code_id, lang, keyword, kind FROM keywords ORDER BY id"):
        words.setdefault((r["code_id"], r["kind"]), {}).setdefault(r["lang"], []).append(r["keyword"])
    codes = tuple(
        Code(r["id"], r["name"], r["factor_id"], r["name_zh"], r["parent_id"], r["colour"], r["description"],
             {k: tuple(v) for k, v in words.get((r["id"], "include"), {}).items()},
             {k: tuple(v) for k, v in words.get((r["id"], "exclude"), {}).items()})
        for r in conn.execute("SELECT * FROM codes ORDER BY seq"))
    meta = {r["key"][9:]: r["value"] for r in conn.execute("SELECT key, value FROM settings WHERE key LIKE 'codebook.%'")}
    return Codebook(factors, codes, meta.get("name", ""), meta.get("name_zh", ""), meta.get("version", ""),
                    meta.get("source", ""), meta.get("description", ""))
