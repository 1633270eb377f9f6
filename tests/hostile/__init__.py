"""Hostile inputs written for reader's tests; see README.md."""
