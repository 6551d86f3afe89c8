"""Content: the questionnaire as records, read from the Markdown pages."""
