"""Reusable helpers for the test suite (no fixtures that touch the app here)."""
