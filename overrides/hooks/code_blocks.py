"""MkDocs hook: code blocks focusable before Material mounts them (thin wrapper over ``scripts.code_blocks``).

Listed after the notebook hook, which turns the notebook's code cells into Material code blocks.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for scripts/

from scripts.code_blocks import focusable_code_blocks  # noqa: E402


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return focusable_code_blocks(html)
