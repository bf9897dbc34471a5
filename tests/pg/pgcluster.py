"""A throwaway PostgreSQL cluster in a temporary folder on 127.0.0.1 (tests and benchmarks/bench_pg.py).

initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` OS user (runuser).
Host connections need a password (SCRAM), which clients read from the PGPASSFILE this writes.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "postgres"


class ClusterUnavailable(Exception):
    """PostgreSQL is not installed here or would not start: the reason, in one line."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise ClusterUnavailable(f"{name} not found (install PostgreSQL: apt-get install postgresql)")


@dataclass
class Cluster:
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ic-pg-")))
    port: int = field(default_factory=_free_port)
    password: str = field(default_factory=lambda: secrets.token_hex(16))
    durable: bool = False
    """fsync on (benchmarks); tests run with fsync off, which changes speed, not behaviour."""
    passfile: Path = field(init=False)

    def __post_init__(self) -> None:
        self.passfile = self.folder / "pgpass"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)

    def start(self) -> Cluster:
        data = self.folder / "data"
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise ClusterUnavailable("running as root and there is no postgres OS user") from exc
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        done = self._run(_bin("initdb"), "-D", str(data), "-U", SUPERUSER, "--pwfile", str(pwfile), "-E", "UTF8",
                         "--locale=C", "--auth-local=reject", "--auth-host=scram-sha-256",
                         *([] if self.durable else ["--no-sync"]))
        if done.returncode:
            raise ClusterUnavailable(f"initdb failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
        pwfile.unlink()
        options = f"-p {self.port} -h 127.0.0.1 -k '' -c fsync={'on' if self.durable else 'off'} -c max_connections=40"
        done = self._run(_bin("pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-o", options, "-w",
                         "-t", "30", "start")
        if done.returncode:
            log = (self.folder / "log").read_text(errors="replace") if (self.folder / "log").exists() else ""
            raise ClusterUnavailable(f"pg_ctl start failed: {(log or done.stderr).strip().splitlines()[-1:]}")
        self.passfile.write_text(f"127.0.0.1:{self.port}:*:{SUPERUSER}:{self.password}\n")
        self.passfile.chmod(0o600)
        return self

    def add_password(self, user: str, password: str) -> None:
        """Let clients of this machine log in as ``user`` (its line in the PGPASSFILE; libpq takes the
        first line that matches, so an older one goes)."""
        lines = [line for line in self.passfile.read_text().splitlines() if line.split(":")[3] != user]
        self.passfile.write_text("".join(f"{line}\n" for line in [*lines, f"127.0.0.1:{self.port}:*:{user}:{password}"]))

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def restart(self) -> None:
        """Kill the server the hard way (as a crash would) and start it again: clients are cut off."""
        done = self._run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-l", str(self.folder / "log"),
                         "-m", "immediate", "-w", "-t", "30", "restart")
        if done.returncode:
            raise ClusterUnavailable(f"pg_ctl restart failed: {done.stderr.strip()}")

    def stop(self) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
