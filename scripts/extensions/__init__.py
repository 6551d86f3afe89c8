"""Python-Markdown extensions of this site, named in mkdocs.yml."""
