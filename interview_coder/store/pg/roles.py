"""Who may do what in a team project: PostgreSQL group roles and row-level security (security.sql)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interview_coder.core.model import AUTO_CODER
from interview_coder.errors import InputError, StoreError
from interview_coder.store.pg.server import first_line, sql_text

if TYPE_CHECKING:
    import psycopg

MAX_IDENTIFIER = 63  # PostgreSQL's NAMEDATALEN - 1: longer role names are cut, so they are refused


class TeamRole(enum.StrEnum):
    OWNER = "owner"  # codebook, imports, coders: writes every table
    CODER = "coder"  # its own codings, memos, history and reviews; reads everything
    OBSERVER = "observer"  # reads only (reports)


@dataclass(frozen=True)
class GroupRoles:
    """The three group roles of one project database: ``<database>_owner`` and so on."""

    database: str

    def name(self, role: TeamRole) -> str:
        return f"{self.database}_{role}"

    @classmethod
    def of(cls, conn: psycopg.Connection[Any]) -> GroupRoles:
        row = conn.execute("SELECT current_database()").fetchone()
        assert row is not None
        database = str(row[0])
        if len(database) + len("_observer") > MAX_IDENTIFIER:
            raise InputError(f"database name {database!r} is too long for its role names "
                             f"(at most {MAX_IDENTIFIER - len('_observer')} characters)")
        return cls(database)


def _role_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


OWN_ROWS = ("codings", "memos", "history", "passage_reviews")
"""Tables whose rows belong to a coder (their coder_id): the same policies on each (see :func:`policies`)."""

_POLICIES = """GRANT INSERT, UPDATE, DELETE ON {table} TO {coder};
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON {table} FOR SELECT TO {owner}, {coder}, {observer} USING (true);
CREATE POLICY owner_writes ON {table} FOR ALL TO {owner} USING (true) WITH CHECK (true);
CREATE POLICY coder_inserts_own ON {table} FOR INSERT TO {coder} WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_updates_own ON {table} FOR UPDATE TO {coder}
    USING (coder_id = interview_coder_me()) WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_deletes_own ON {table} FOR DELETE TO {coder} USING (coder_id = interview_coder_me());
"""


def policies() -> str:
    """The row-level security of every OWN_ROWS table, one shape for all (placeholders as in security.sql)."""
    return "".join(_POLICIES.replace("{table}", table) for table in OWN_ROWS)


def secure(conn: psycopg.Connection[Any]) -> GroupRoles:
    """Create the project's group roles (if new), grant them their tables and turn on row-level
    security, inside the caller's transaction. Needs a role with CREATEROLE (or a superuser)."""
    from psycopg import sql

    groups = GroupRoles.of(conn)
    for role in TeamRole:
        if not _role_exists(conn, groups.name(role)):
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(groups.name(role))))
    script = sql.SQL(sql_text("security.sql") + policies()).format(  # our own file, no user text
        database=sql.Identifier(groups.database),
        **{str(role): sql.Identifier(groups.name(role)) for role in TeamRole})
    conn.execute(script)
    return groups


def add_coder(conn: psycopg.Connection[Any], name: str, role: TeamRole, password: str | None = None,
              created_at: str = "") -> bool:
    """Give ``name`` a login role of ``role`` in this project and a row in coders; returns whether the
    login role is new. An existing login role changes to ``role``. A password (asked for, never an
    argument) is hashed on this machine (SCRAM) before it is sent."""
    import psycopg
    from psycopg import sql

    if name == AUTO_CODER or name.startswith("pg_") or not name.strip() or len(name) > MAX_IDENTIFIER:
        raise InputError(f"{name!r} cannot be a team coder's name (not 'auto', not pg_..., "
                         f"1-{MAX_IDENTIFIER} characters)")
    groups = GroupRoles.of(conn)
    if name in {groups.name(r) for r in TeamRole}:
        raise InputError(f"{name!r} is one of this project's group roles")
    ident = sql.Identifier(name)
    try:
        with conn.transaction():
            new = not _role_exists(conn, name)
            if new:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
            if password is not None:
                hashed = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
                conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(ident, sql.Literal(hashed.decode())))
            for other in TeamRole:
                if other != role:
                    conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(groups.name(other)), ident))
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(groups.name(role)), ident))
            conn.execute("INSERT INTO coders(name, created_at) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
                         (name, created_at))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(f"adding a coder needs a role with CREATEROLE: {first_line(exc)}") from exc
    except psycopg.Error as exc:
        raise StoreError(f"cannot add coder {name!r}: {first_line(exc)}") from exc
    return new

