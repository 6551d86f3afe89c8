"""The Drills page at build time: a worked example per drill type, and the drills in the study manifest.

``docs/drills.md`` holds a marker ``<!-- drill d1 -->`` where each drill type's exercise goes;
:func:`insert_examples` puts there a worked example made by ``scripts.arithmetic.drills`` (what a
reader without JavaScript sees; with it, the page's script (``docs/javascripts/drills/page.js``) adds a live exercise
after it). :func:`with_drills` adds the drill types to the study manifest (``questions.json``) as
items of kind ``d`` on their own section, so the home panel counts them, a review session brings
due ones back and export/import carries them.
"""

from __future__ import annotations

import html
import re
from typing import Any

from scripts.arithmetic.drills import COLOURS, DRILLS, exercise, num

PAGE = "drills.md"
URL = "drills/"
TITLE = "Drills"
EXAMPLE_SEEDS = {"d1": 5}  # else seed 1; d1's seed 5 has a division that does not come out even
MARKER = re.compile(r"<!-- drill (?P<id>\w+) -->")


def display(answer: str, kind: str) -> str:
    """An answer as the page shows it: 1,152, −4, 64×8×7×7, 7×7."""
    if kind == "shape":
        return answer
    return f"{num(int(answer))}×{num(int(answer))}" if kind == "square" else num(int(answer))


def grid_html(rows: list[list[int]], caption: str) -> str:
    body = "".join("<tr>" + "".join(f"<td>{num(value)}</td>" for value in row) + "</tr>" for row in rows)
    return f'<table class="drill-grid"><caption>{caption}</caption><tbody>{body}</tbody></table>'


def grids_html(given: dict[str, Any]) -> str:
    """The colour convolution's window and kernel, channel by channel (as the live exercise draws them)."""
    parts = [
        grid_html(given["pixels"][c], f"{name} pixels") + grid_html(given["kernel"][c], f"{name} kernel") for c, name in enumerate(COLOURS)
    ]
    return '<div class="drill-grids">' + "".join(f'<div class="drill-channel">{part}</div>' for part in parts) + "</div>"


def example_html(ex: dict[str, Any]) -> str:
    """One worked example: the question, its figure if any, the steps and the answer."""
    grids = grids_html(ex["given"]) if "pixels" in ex["given"] else ""
    steps = "".join(f"<li>{html.escape(step)}</li>" for step in ex["steps"])
    return (
        f'<div class="drill-example" data-search-exclude>\n<p class="drill-example__title"><strong>Worked example</strong></p>\n'
        f'<p>{html.escape(ex["text"])}</p>\n{grids}\n<ol class="drill-steps">{steps}</ol>\n'
        f"<p>Answer: <strong>{display(ex['answer'], ex['kind'])}</strong></p>\n</div>"
    )


def insert_examples(markdown: str, src: str = PAGE) -> str:
    """Each marker replaced by its drill's worked example; every drill type exactly once, else ValueError."""
    found = [match["id"] for match in MARKER.finditer(markdown)]
    unknown = [drill for drill in found if drill not in DRILLS]
    if unknown or sorted(found) != sorted(DRILLS):
        missing = [drill for drill in DRILLS if found.count(drill) != 1]
        raise ValueError(
            f"docs/{src}: each drill marker <!-- drill dN --> must appear once for {', '.join(DRILLS)}: "
            f"unknown {unknown or 'none'}, missing or repeated {missing or 'none'}"
        )

    def example(match: re.Match[str]) -> str:
        drill = match["id"]
        return f'<div class="drill" data-drill="{drill}">\n{example_html(exercise(drill, EXAMPLE_SEEDS.get(drill, 1)))}\n</div>'

    return MARKER.sub(example, markdown)


def with_drills(manifest: dict[str, Any]) -> dict[str, Any]:
    """The study manifest with the drill types after the questions: a section, and one item each."""
    records = [
        {"id": drill, "label": drill.upper(), "kind": "d", "number": int(drill[1:]), "title": title, "url": URL, "section": TITLE}
        for drill, title in DRILLS.items()
    ]
    return {
        **manifest,
        "sections": [*manifest["sections"], {"title": TITLE, "url": URL, "questions": list(DRILLS)}],
        "questions": [*manifest["questions"], *records],
    }
