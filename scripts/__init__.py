"""The site's Python: pure functions that the MkDocs hooks, the Markdown extensions and the tests import.

Layers, lowest first; a module imports only from its own layer and the layers named after it in
brackets (tests/test_layers.py enforces it):

- ``build``: build plumbing: the generated-files cache, KaTeX typesetting, the site's script and
  stylesheet; it imports no other layer (generators are named in tables, loaded by name).
- ``content``: the questionnaire read from the Markdown pages (records, problems).
- ``arithmetic``: the chapter's computations (convolution, output sizes, receptive fields, the book's CNN,
  the drills' exercises).
- ``extensions``: Python-Markdown extensions named in mkdocs.yml (build, content).
- ``drawing``: colours, SVG and the figures (build, arithmetic).
- ``pages``: the data and files of single pages: index, manifest, short links, deck, playground,
  CNN live, workbook, notebook, search (build, content, arithmetic, extensions, drawing).
- ``tools``: runnable programs (benchmark, training), never imported by the build (any layer).
"""
