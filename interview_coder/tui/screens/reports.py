"""Reports: placeholder until analysis.frequencies lands."""
from __future__ import annotations

from textual.screen import Screen
