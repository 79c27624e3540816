"""Answering questions: what is asked, which passage answers, conversations, the optional LLM."""
