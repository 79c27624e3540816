"""Reading, cleaning and chunking documents into the index."""
