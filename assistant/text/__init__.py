"""Danish text: cleaning, sentences, words, personal data, safe Markdown."""
