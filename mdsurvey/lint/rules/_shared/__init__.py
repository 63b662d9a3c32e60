"""Helpers several lint rules share (not rules themselves)."""
