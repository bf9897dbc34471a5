"""The filters every report takes: defined with the rest of the counting scope in store/scope.py."""

from __future__ import annotations

from interview_coder.store.scope import STATUSES, Filters

__all__ = ["STATUSES", "Filters"]
