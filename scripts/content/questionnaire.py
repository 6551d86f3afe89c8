"""The questionnaire as data: parse question records out of the pages' Markdown and validate them.

The pages in ``docs/`` are the only place a question or an answer is written. A question is an
H2 heading ``## N. wording { #qN }`` (``#rN`` for further research) followed directly by a
collapsible answer block ``??? answer "Answer"`` whose body is indented by four spaces.
:func:`read_questionnaire` reads every page once per build into a :class:`Questionnaire`: the
pages in nav order with their titles, the :class:`Question` records and their problems.
Everything else that needs to know the questions (the build check, the home page index, the
study manifest, short links and their cards, preview text, the tests) takes them from there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

BOOK_QUESTIONS = 40
RESEARCH_QUESTIONS = 3

QUESTION_HEADING = re.compile(r"^##\s+(?P<number>\d+)\.\s+(?P<title>.+?)\s*\{\s*#(?P<kind>[qr])(?P<id_number>\d+)\s*\}\s*$")
NUMBERED_H2 = re.compile(r"^##\s+\d+\.")
ANSWER_OPENER = re.compile(r'^\?\?\?\+?\s+answer(\s+"[^"]*")?\s*$')
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire, as written on its page."""

    kind: str  # "q" for the book's questions, "r" for further research
    number: int
    title: str  # the heading text (Markdown), without number and id
    page: str  # source path relative to docs/, e.g. "first-cnn.md"
    line: int  # 1-based line of the heading
    answer: str  # the answer's Markdown, dedented

    @property
    def id(self) -> str:
        return f"{self.kind}{self.number}"

    @property
    def label(self) -> str:
        """How the site names the question: "Q17" or "R2"."""
        return f"{self.kind.upper()}{self.number}"

    @property
    def plain_title(self) -> str:
        """The question's wording as plain text."""
        return plain_text(self.title)

    @property
    def first_sentence(self) -> str:
        """The answer's first sentence as plain text (Markdown markup stripped)."""
        first_paragraph = self.answer.strip().split("\n\n", 1)[0]
        text = plain_text(first_paragraph)
        match = re.search(r"^(.+?[.!?])(\s|$)", text)
        return match.group(1) if match else text


@dataclass(frozen=True)
class Problem:
    """Something wrong with a page's questions, located for a human to fix."""

    page: str
    line: int
    question: str  # "q17", or "" when the problem is not about one question
    message: str

    def __str__(self) -> str:
        where = f"docs/{self.page}:{self.line}" if self.page else "docs/"
        about = f" question {self.question}:" if self.question else ""
        return f"{where}:{about} {self.message}"


INLINE_CODE_OR_LINK = re.compile(r"(?P<code>`[^`]*`)|!?\[(?P<text>(?:`[^`]*`|[^\]`])*)\]\([^)]*\)")


def plain_text(markdown: str) -> str:
    """Strip the inline Markdown a title or first sentence may carry: links, emphasis, code ticks, math.

    Code spans keep their text as is (`7*7*(1168-16)` is not emphasis), also inside a link's text
    (``[`F.conv2d` docs](https://...)`` becomes "F.conv2d docs").
    """
    pieces: list[str] = []
    position = 0
    for match in INLINE_CODE_OR_LINK.finditer(markdown):
        pieces.append(_strip_markup(markdown[position : match.start()]))
        pieces.append(match["code"][1:-1] if match["code"] is not None else plain_text(match["text"]))
        position = match.end()
    pieces.append(_strip_markup(markdown[position:]))
    return " ".join("".join(pieces).split())


def _strip_markup(text: str) -> str:
    """Math dollars and emphasis markers out of a piece of text that holds no code span or link."""
    return re.sub(r"(\*\*|__|\*)", "", re.sub(r"\$([^$]*)\$", r"\1", text))


def parse_page(page: str, markdown: str) -> tuple[list[Question], list[Problem]]:
    """Return the questions of one page in page order, and the problems found while parsing it."""
    lines = markdown.splitlines()
    questions: list[Question] = []
    problems: list[Problem] = []
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence or not NUMBERED_H2.match(line):
            continue
        heading = QUESTION_HEADING.match(line)
        if heading is None:
            problems.append(Problem(page, index + 1, "", f"numbered heading without a question id {{ #qN }}: {line!r}"))
            continue
        number, id_number = int(heading["number"]), int(heading["id_number"])
        qid = f"{heading['kind']}{id_number}"
        if number != id_number:
            problems.append(Problem(page, index + 1, qid, f"heading says {number} but its id is #{qid}"))
        answer = _answer_below(lines, index)
        if answer is None:
            problems.append(Problem(page, index + 1, qid, 'has no answer: the line after the heading must open `??? answer "Answer"`'))
            answer = ""
        elif not answer.strip():
            problems.append(Problem(page, index + 1, qid, "has an empty answer"))
        questions.append(Question(heading["kind"], id_number, heading["title"], page, index + 1, answer))
    return questions, problems


def _answer_below(lines: list[str], heading_index: int) -> str | None:
    """The dedented body of the answer block right under a heading, or None if there is none."""
    index = heading_index + 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or not ANSWER_OPENER.match(lines[index]):
        return None
    body: list[str] = []
    for line in lines[index + 1 :]:
        if line.strip() and not line.startswith("    "):
            break
        body.append(line[4:])
    return "\n".join(body).strip("\n")


def validate(questions: Iterable[Question]) -> list[Problem]:
    """Problems of the whole questionnaire, given every question in site (nav) order.

    Each kind must run 1, 2, 3, ... up to its count in the book, with no gap, duplicate or reordering.
    """
    questions = list(questions)
    problems: list[Problem] = []
    counts = {"q": BOOK_QUESTIONS, "r": RESEARCH_QUESTIONS}
    seen: dict[str, Question] = {}
    highest = {"q": 0, "r": 0}
    for question in questions:
        if question.id in seen:
            first = seen[question.id]
            problems.append(
                Problem(
                    question.page,
                    question.line,
                    question.id,
                    f"duplicate question number: #{question.id} is already at docs/{first.page}:{first.line}",
                )
            )
            continue
        seen[question.id] = question
        if question.number < highest[question.kind]:
            problems.append(
                Problem(question.page, question.line, question.id, f"out of order: comes after {question.kind}{highest[question.kind]}")
            )
        if question.number > counts[question.kind]:
            problems.append(
                Problem(
                    question.page,
                    question.line,
                    question.id,
                    f"the book has only {counts[question.kind]} {'questions' if question.kind == 'q' else 'further research questions'}",
                )
            )
        highest[question.kind] = max(highest[question.kind], question.number)
    for kind, count in counts.items():
        for number in range(1, count + 1):
            if f"{kind}{number}" in seen:
                continue
            after = next((q for q in questions if q.kind == kind and q.number > number), None)
            if after is None:
                problems.append(Problem("", 0, f"{kind}{number}", "is missing (expected at the end)"))
            else:
                problems.append(Problem(after.page, after.line, f"{kind}{number}", f"is missing (expected before #{after.id})"))
    return problems


PREVIEW_MIN_WORDS = 6
PREVIEW_MAX_CHARS = 250  # a forum (Discourse) cuts a longer description and adds "..."
LEFTOVER_MARKUP = re.compile(r"`|\]\(|\*\*|<[A-Za-z/!]|\$|\{\s*[#.:]|^\s*(?:[#>|]|[-*+]\s|\d+\.\s)")
URL = re.compile(r"https?://|\bwww\.", re.IGNORECASE)


def preview_problem(question: Question) -> str | None:
    """Why the answer's first sentence cannot stand alone as its preview (og:description), or None.

    A forum shows that sentence under the question's short link, so it must answer by itself:
    not announce what follows (a colon at the end), not show Markdown or a URL, have at least
    PREVIEW_MIN_WORDS words, and be short enough to be shown whole (PREVIEW_MAX_CHARS).
    """
    sentence = question.first_sentence
    shown = f"{sentence[:80]}{'…' if len(sentence) > 80 else ''}"
    if sentence.rstrip().endswith(":"):
        return f"ends with a colon: {shown!r}"
    if URL.search(sentence):
        return f"holds a URL: {shown!r}"
    if LEFTOVER_MARKUP.search(sentence):
        return f"holds Markdown: {shown!r}"
    if len(sentence.split()) < PREVIEW_MIN_WORDS:
        return f"has fewer than {PREVIEW_MIN_WORDS} words: {shown!r}"
    if len(sentence) > PREVIEW_MAX_CHARS:
        return f"has more than {PREVIEW_MAX_CHARS} characters ({len(sentence)}), a forum would cut it: {shown!r}"
    return None


def preview_problems(questions: Iterable[Question]) -> list[Problem]:
    """A problem for each answer whose first sentence, the preview of its short link, cannot stand alone."""
    return [
        Problem(
            question.page,
            question.line,
            question.id,
            f"the answer's first sentence (the preview of /{question.kind}/{question.number}/) {reason}",
        )
        for question in questions
        if question.answer.strip() and (reason := preview_problem(question)) is not None
    ]


def parse_site(pages: Iterable[tuple[str, str]]) -> tuple[list[Question], list[Problem]]:
    """Parse and validate every page, given (path, markdown) pairs in nav order."""
    questions: list[Question] = []
    problems: list[Problem] = []
    for page, markdown in pages:
        page_questions, page_problems = parse_page(page, markdown)
        questions.extend(page_questions)
        problems.extend(page_problems)
    problems.extend(validate(questions))
    problems.extend(preview_problems(questions))
    return questions, problems


# --- the pages, read once per build ------------------------------------------------------------


@dataclass(frozen=True)
class SourcePage:
    """A page of ``docs/`` as the build reads it."""

    src: str  # path relative to docs/, e.g. "first-cnn.md"
    url: str  # relative to the site root, e.g. "first-cnn/" ("" for the home page)
    title: str  # what the nav and the study panel call it, e.g. "Our First CNN"
    heading: str  # its own title as a reader sees it on the page (its H1), e.g. "Our First Convolutional Neural Network"
    markdown: str  # its Markdown source ("" for a notebook)


@dataclass(frozen=True)
class Questionnaire:
    """Everything the build knows about the questions: pages in nav order, records and problems."""

    pages: tuple[SourcePage, ...]
    questions: tuple[Question, ...]
    problems: tuple[Problem, ...]

    def on_page(self, src: str) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.page == src)

    def page(self, src: str) -> SourcePage:
        return next(page for page in self.pages if page.src == src)

    @property
    def sections(self) -> tuple[SourcePage, ...]:
        """The pages that hold questions, in nav order."""
        return tuple(page for page in self.pages if self.on_page(page.src))


def nav_titles(nav: Any) -> list[tuple[str, str]]:
    """(source path, title) of every page in a ``nav`` configuration, in nav order.

    Entries are "page.md", {"Title": "page.md"} or {"Section": [entries...]}; links elsewhere are skipped.
    """
    found: list[tuple[str, str]] = []

    def walk(entries: Any, title: str = "") -> None:
        if isinstance(entries, str):
            if not re.match(r"^[a-z]+://", entries):
                found.append((entries, title))
        elif isinstance(entries, list):
            for entry in entries:
                walk(entry)
        elif isinstance(entries, dict):
            for key, value in entries.items():
                walk(value, str(key))

    walk(nav or [])
    return found


FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.DOTALL)


def page_heading(src: str, markdown: str) -> str:
    """A page's own title: its front matter ``title:``, else its first H1, else its file name."""
    front = FRONT_MATTER.match(markdown)
    if front is not None:
        title = re.search(r"^title:\s*(.+?)\s*$", front["yaml"], re.MULTILINE)
        if title is not None:
            return title[1].strip("\"'")
        markdown = markdown[front.end() :]
    in_fence = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and line.startswith("# "):
            return plain_text(re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip())
    return PurePosixPath(src).stem.replace("-", " ").replace("_", " ").capitalize()


def source_pages(files: Iterable[tuple[str, str, str]], nav: Any = None) -> list[SourcePage]:
    """The site's pages in nav order, given (source path, url, Markdown) for each.

    Pages missing from the nav follow, by path. A page's title is its nav title, else its heading.
    """
    titles = dict(nav_titles(nav))
    order = {src: index for index, src in enumerate(titles)}
    ordered = sorted(files, key=lambda file: (order.get(file[0], len(order)), file[0]))
    pages = []
    for src, url, markdown in ordered:
        heading = page_heading(src, markdown)
        pages.append(SourcePage(src, url, titles.get(src) or heading, heading, markdown))
    return pages


def read_questionnaire(pages: Iterable[SourcePage]) -> Questionnaire:
    """Parse and validate the questions of every Markdown page (pages in nav order)."""
    pages = tuple(pages)
    questions, problems = parse_site((page.src, page.markdown) for page in pages if page.src.endswith(".md"))
    return Questionnaire(pages, tuple(questions), tuple(problems))
