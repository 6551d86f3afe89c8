"""Unit tests of scripts/content/questionnaire.py: question records and the problems the build check reports."""

from __future__ import annotations

import pytest

from scripts.content.questionnaire import Question, parse_page, parse_site, plain_text, preview_problem, preview_problems, validate

pytestmark = pytest.mark.unit


ANSWER = "    An answer that stands on its own."


def question(number: int, kind: str = "q", answer: str = ANSWER) -> str:
    return f'## {number}. Question {number}? {{ #{kind}{number} }}\n\n??? answer "Answer"\n\n{answer}\n'


def full_site(*, skip: int | None = None) -> list[tuple[str, str]]:
    book = "".join(question(n) for n in range(1, 41) if n != skip)
    research = "".join(question(n, "r") for n in range(1, 4))
    return [("book.md", "# Book\n\n" + book), ("research.md", "# Research\n\n" + research)]


def messages(pages: list[tuple[str, str]]) -> list[str]:
    return [str(problem) for problem in parse_site(pages)[1]]


def test_a_page_parses_into_records() -> None:
    markdown = "# Page\n\nIntro.\n\n" + question(1, answer="    A **feature** is a transform. More text.\n\n    Second paragraph.")
    questions, problems = parse_page("magic.md", markdown)
    assert problems == []
    [record] = questions
    assert (record.id, record.number, record.label, record.page, record.line) == ("q1", 1, "Q1", "magic.md", 5)
    assert record.title == "Question 1?"
    assert record.answer.startswith("A **feature** is a transform.")
    assert "Second paragraph." in record.answer
    assert record.first_sentence == "A feature is a transform."


def test_the_complete_questionnaire_has_no_problem() -> None:
    questions, problems = parse_site(full_site())
    assert problems == []
    assert [q.id for q in questions] == [f"q{n}" for n in range(1, 41)] + ["r1", "r2", "r3"]


def test_a_missing_number_is_named_with_its_file() -> None:
    [message] = messages(full_site(skip=17))
    assert message.startswith("docs/book.md:") and "question q17: is missing (expected before #q18)" in message


def test_a_missing_last_question_is_reported() -> None:
    assert messages(full_site(skip=40)) == ["docs/: question q40: is missing (expected at the end)"]


def test_a_duplicate_number_names_both_places() -> None:
    pages = full_site()
    pages.insert(1, ("extra.md", "# Extra\n\n" + question(12)))
    [message] = messages(pages)
    assert message.startswith("docs/extra.md:3: question q12: duplicate question number")
    assert "docs/book.md:" in message


def test_out_of_order_questions_are_reported() -> None:
    book = "".join(question(n) for n in [1, 3, 2] + list(range(4, 41)))
    pages = [("book.md", book), full_site()[1]]
    [message] = messages(pages)
    assert "question q2: out of order: comes after q3" in message


def test_a_question_without_answer_block_is_reported() -> None:
    markdown = "## 1. Question? { #q1 }\n\nJust prose, no answer block.\n"
    _, [problem] = parse_page("magic.md", markdown)
    assert str(problem).startswith("docs/magic.md:1: question q1: has no answer")


def test_an_empty_answer_is_reported() -> None:
    markdown = '## 1. Question? { #q1 }\n\n??? answer "Answer"\n\n## 2. Next? { #q2 }\n\n??? answer "Answer"\n    Yes, it is the answer to this question.\n'
    _, problems = parse_page("magic.md", markdown)
    assert [str(p) for p in problems] == ["docs/magic.md:1: question q1: has an empty answer"]


def test_a_number_that_disagrees_with_its_id_is_reported() -> None:
    _, [problem] = parse_page("magic.md", question(3).replace("{ #q3 }", "{ #q4 }"))
    assert "heading says 3 but its id is #q4" in str(problem)


def test_a_numbered_heading_without_id_is_reported() -> None:
    _, [problem] = parse_page("magic.md", "## 5. What is padding?\n\n??? answer\n    Zeros.\n")
    assert "numbered heading without a question id" in str(problem)


def test_headings_inside_code_fences_are_not_questions() -> None:
    answer = "    ```markdown\n    ## 9. Not a question\n    ```"
    questions, problems = parse_page("magic.md", question(1, answer=answer))
    assert problems == [] and len(questions) == 1


def test_extra_questions_beyond_the_book_are_reported() -> None:
    pages = full_site()
    pages.append(("more.md", question(4, "r")))
    assert any("only 3 further research questions" in m for m in messages(pages))


def test_validate_reports_every_missing_question_of_an_empty_site() -> None:
    problems = validate([])
    assert len(problems) == 43
    assert str(problems[0]) == "docs/: question q1: is missing (expected at the end)"
    assert str(problems[-1]) == "docs/: question r3: is missing (expected at the end)"


def test_plain_text_strips_markup_but_keeps_code_as_written() -> None:
    assert plain_text("Why `7*7*(1168-16)` **multiplications**?") == "Why 7*7*(1168-16) multiplications?"
    assert plain_text("See [the book](https://example.org) and $x^2$.") == "See the book and x^2."


def test_plain_text_strips_a_link_whose_text_holds_code() -> None:
    link = "According to the [`F.conv2d` documentation](https://pytorch.org/docs/stable/f.html):"
    assert plain_text(link) == "According to the F.conv2d documentation:"
    assert plain_text("`[[-1,1,0]]*3` and [a `b` c](u) *em* ![alt](figure.svg)") == "[[-1,1,0]]*3 and a b c em alt"


def record(answer: str) -> Question:
    return Question("q", 8, "Question 8?", "magic.md", 12, answer)


def test_a_first_sentence_that_answers_on_its_own_passes() -> None:
    assert preview_problem(record("Both are **rank-4** tensors, as the [`F.conv2d` docs](https://x.org/a) say.\n\nMore:")) is None


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("The book's top edge kernel is:\n\n$$\nk\n$$", "ends with a colon"),
        ("The output is the sum of nine products, plus a bias:\n\n$$\ny\n$$", "ends with a colon"),
        ("The shapes are given at https://pytorch.org/docs/stable/f.html for this function.", "holds a URL"),
        ("See the documentation at <https://pytorch.org/docs> for the shapes.", "holds a URL"),
        ("The shapes are `(N, C, H, W)` for the input, see [docs]( for more.", "holds Markdown"),
        ("- `input`: `(minibatch, in_channels, iH, iW)` for every batch\n- `weight`: more", "holds Markdown"),
        ("It uses <code>F.conv2d</code> with a weight of four axes.", "holds Markdown"),
        ("There are two benefits.", "has fewer than 6 words"),
        ("Nobody knows for certain.", "has fewer than 6 words"),
        ("A sentence that goes on " + "and on " * 40 + "without end.", "has more than 250 characters (316)"),
    ],
)
def test_a_first_sentence_that_cannot_stand_alone_is_reported(answer: str, reason: str) -> None:
    found = preview_problem(record(answer))
    assert found is not None and found.startswith(reason), found


def test_preview_problems_name_file_and_question() -> None:
    [problem] = preview_problems([record("There are two benefits."), record("A feature is a transformation of the raw data.")])
    assert (
        str(problem)
        == "docs/magic.md:12: question q8: the answer's first sentence (the preview of /q/8/) has fewer than 6 words: 'There are two benefits.'"
    )
    pages = full_site()
    pages[0] = ("book.md", pages[0][1].replace(ANSWER, "    There are two benefits.", 1))
    assert messages(pages) == [
        "docs/book.md:3: question q1: the answer's first sentence (the preview of /q/1/) has fewer than 6 words: 'There are two benefits.'"
    ]
