"""The words of a passage as the full-text index (SQLite FTS5, table ``passage_index``) holds them.

Chinese is indexed on its jieba words (text.chinese, the base dictionary, on the simplified form),
so 专利 finds the word 专利 and 大学 does not find 大学生; other text on its words (letters and
digits, case folded by FTS5). Triggers on ``passages`` (schema.sql) note every passage whose text is
new, and :func:`catch_up` indexes them before each transaction commits (store.project), so every
write of passage text (import, ``import --replace``, merge) keeps the index in step in its own
transaction, and a file edited by another program is never wrong (search reads noted passages'
text). jieba loads only when Chinese text is written or searched.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interview_coder.store.project import Project

Token = tuple[str, int, int]
"""(case-folded word, start, end): code points into the text."""

_WORD: Any = None
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def _word_re() -> Any:
    global _WORD
    if _WORD is None:
        import regex

        # FTS5's unicode61 tokenizer keeps letters, numbers and private-use characters together.
        _WORD = regex.compile(r"[\p{L}\p{N}\p{M}\p{Co}]+")
    return _WORD


def index_tokens(text: str) -> list[Token]:
    """The words the index holds for ``text``, with their offsets: runs of letters and digits,
    each Chinese run cut into its jieba words."""
    out: list[Token] = []
    pieces: list[tuple[str, int]]
    if _CJK.search(text):
        # the one home of jieba is text/; the index needs its words (pyproject: ignore_imports)
        from interview_coder.text.chinese import segmenter, to_simplified

        pieces, pos = [], 0
        for piece in segmenter().lcut(to_simplified(text)):
            pieces.append((text[pos:pos + len(piece)], pos))
            pos += len(piece)
    else:
        pieces = [(text, 0)]
    word = _word_re()
    for piece, at in pieces:
        for m in word.finditer(piece):
            out.append((m.group().casefold(), at + m.start(), at + m.end()))
    return out


def index_words(text: str | None) -> str:
    """The index's words of ``text``, separated by spaces (what the FTS5 column holds)."""
    return " ".join(w for w, _, _ in index_tokens(text or ""))


def catch_up(conn: sqlite3.Connection) -> int:
    """Index the passages the triggers noted (text new since the last commit), inside the caller's
    transaction; returns how many. A file without the index (before schema 5) is left alone."""
    try:
        rows = conn.execute("SELECT p.id, p.text FROM passage_index_pending q JOIN passages p ON p.id = q.passage_id"
                            ).fetchall()
    except sqlite3.OperationalError:  # no index in this file
        return 0
    if not rows:
        return 0
    conn.executemany("DELETE FROM passage_index WHERE rowid = ?", [(r[0],) for r in rows])
    conn.executemany("INSERT INTO passage_index(rowid, words) VALUES (?, ?)", [(r[0], index_words(r[1])) for r in rows])
    conn.execute("DELETE FROM passage_index_pending")
    return len(rows)


def has_index(project: Project) -> bool:
    """True when the project file has the full-text index (schema 5 on SQLite). A team project has
    none: the server searches the text."""
    if project.team:
        return False
    return project.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'passage_index'").fetchone() is not None
