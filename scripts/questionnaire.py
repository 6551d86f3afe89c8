"""The questionnaire as data: parse question records out of the pages' Markdown and validate them.

The pages in ``docs/`` are the only place a question or an answer is written. A question is an
H2 heading ``## N. wording { #qN }`` (``#rN`` for further research) followed directly by a
collapsible answer block ``??? answer "Answer"`` whose body is indented by four spaces.
Everything else that needs to know the questions (the build check, the home page index, the
tests) reads the :class:`Question` records produced here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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


def plain_text(markdown: str) -> str:
    """Strip the inline Markdown a title or first sentence may carry: links, emphasis, code ticks, math.

    Code spans keep their text as is (`7*7*(1168-16)` is not emphasis).
    """
    pieces: list[str] = []
    for piece in re.split(r"(`[^`]*`)", markdown):
        if len(piece) >= 2 and piece.startswith("`") and piece.endswith("`"):
            pieces.append(piece[1:-1])
            continue
        piece = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", piece)
        piece = re.sub(r"\$([^$]*)\$", r"\1", piece)
        pieces.append(re.sub(r"(\*\*|__|\*)", "", piece))
    return " ".join("".join(pieces).split())


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
            problems.append(Problem(question.page, question.line, question.id, f"duplicate question number: #{question.id} is already at docs/{first.page}:{first.line}"))
            continue
        seen[question.id] = question
        if question.number < highest[question.kind]:
            problems.append(Problem(question.page, question.line, question.id, f"out of order: comes after {question.kind}{highest[question.kind]}"))
        if question.number > counts[question.kind]:
            problems.append(Problem(question.page, question.line, question.id, f"the book has only {counts[question.kind]} {'questions' if question.kind == 'q' else 'further research questions'}"))
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


def parse_site(pages: Iterable[tuple[str, str]]) -> tuple[list[Question], list[Problem]]:
    """Parse and validate every page, given (path, markdown) pairs in nav order."""
    questions: list[Question] = []
    problems: list[Problem] = []
    for page, markdown in pages:
        page_questions, page_problems = parse_page(page, markdown)
        questions.extend(page_questions)
        problems.extend(page_problems)
    problems.extend(validate(questions))
    return questions, problems
