"""Load scripts/stress_kill.py (not a package) for the crash and concurrency tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "stress_kill.py"


def load() -> ModuleType:
    if "stress_kill" in sys.modules:
        return sys.modules["stress_kill"]
    spec = importlib.util.spec_from_file_location("stress_kill", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["stress_kill"] = module
    spec.loader.exec_module(module)
    return module
