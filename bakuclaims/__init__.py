"""Baku Digital Claims: the site builder (load → validate → chart → render → write)."""
