"""Exports to Markdown and Word."""
