"""The coding workbench (Textual). Nothing below tui/ imports it."""
