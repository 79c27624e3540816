"""Embedders, the Chroma store and hybrid retrieval."""
