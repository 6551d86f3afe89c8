"""Page data: what single pages and generated files are made of (index, manifest, short links, deck, playground, CNN live, workbook, notebook, search)."""
