"""Guided reflection over the documents' own questions."""
