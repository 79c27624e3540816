"""The introduction path for new staff: stations, a glossary, saved progress and a summary."""
