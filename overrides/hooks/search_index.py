"""MkDocs hook: tune Material's search index once it is written (question sections boosted,
numbers with thousands separators also indexed without them).

Thin wrapper over ``scripts.pages.search_index``. It runs after Material's search plugin, which writes
``search/search_index.json`` in its own ``on_post_build``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from scripts.pages.search_index import tune_index


@event_priority(-100)  # after every plugin, so after the search plugin has written the index
def on_post_build(*, config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        raise PluginError(f"{path} is missing: is the search plugin enabled in mkdocs.yml?")
    path.write_text(tune_index(path.read_text(encoding="utf-8")), encoding="utf-8")
