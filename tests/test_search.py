"""Search finds the question: a set of student queries typed into the site's search in Chromium.

QUERIES holds what a student types, derived from the 43 questions: each question's key term or
main nouns and a phrase of its wording (two or more per question), and the numbers the answers
state, as the book prints them and as the answers write them (1168 and 1,168). A query is a
hit when one of its expected questions is among the first three results a student sees:

- results are read from Material's result list in the order it shows them: each page's group
  heading, then its best sections; sections folded under "more on this page" are not seen;
- a group heading counts as a result only when its page itself matched (Material scores it
  above 0); a heading that only names the page of the sections below it does not.

At least HIT_RATE of the queries must hit; the numbers of NUMBER_QUERIES must all hit. The
misses are printed (``pytest -s``) and named in the failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from scripts.pages.search_index import QUESTION_BOOST, tune_document, tune_index, with_plain_numbers
from tests.site_pages import BOOK_ORDER, search_results

HIT_RATE = 0.95
TOP = 3

QUERIES: list[tuple[str, set[str]]] = [
    # key terms, main nouns and phrases of each question's wording
    ("feature", {"q1"}),
    ("what is a feature", {"q1"}),
    ("top edge detector", {"q2"}),
    ("kernel matrix top edge", {"q2"}),
    ("mathematical operation", {"q3"}),
    ("3×3 kernel single pixel", {"q3"}),
    ("matrix of zeros", {"q4"}),
    ("kernel applied to zeros", {"q4"}),
    ("padding", {"q5"}),
    ("what is padding", {"q5"}),
    ("stride", {"q6"}),
    ("what is stride", {"q6"}),
    ("nested list comprehension", {"q7"}),
    ("list comprehension", {"q7"}),
    ("input and weight shapes", {"q8"}),
    ("2D convolution parameters", {"q8"}),
    ("channel", {"q9"}),
    ("what is a channel", {"q9"}),
    ("convolution matrix multiplication", {"q10"}),
    ("relationship between convolution and matrix multiplication", {"q10"}),
    ("convolutional neural network", {"q11"}),
    ("what is a convolutional neural network", {"q11"}),
    ("refactoring", {"q12"}),
    ("refactoring neural network definition", {"q12"}),
    ("Flatten", {"q13"}),
    ("where is Flatten needed", {"q13"}),
    ("NCHW", {"q14"}),
    ("what does NCHW mean", {"q14"}),
    ("7*7*(1168-16)", {"q15"}),
    ("1168", {"q15"}),
    ("1,168", {"q15"}),
    ("third layer multiplications", {"q15"}),
    ("receptive field", {"q16"}),
    ("what is a receptive field", {"q16"}),
    ("size of the receptive field", {"q17"}),
    ("receptive field two stride 2 convolutions", {"q17"}),
    ("conv-example.xlsx", {"q18"}),
    ("trace precedents", {"q18"}),
    ("Twitter likes", {"q19"}),
    ("Jeremy Sylvain", {"q19"}),
    ("color image tensor", {"q20"}),
    ("how is a color image represented", {"q20"}),
    ("convolution color input", {"q21"}),
    ("color input", {"q21"}),
    ("DataLoaders", {"q22"}),
    ("show_batch", {"q22"}),
    ("double the number of filters", {"q23"}),
    ("filters after stride-2 conv", {"q23"}),
    ("larger kernel first conv", {"q24"}),
    ("simple_cnn larger kernel", {"q24"}),
    ("ActivationStats", {"q25"}),
    ("what does ActivationStats save", {"q25"}),
    ("access callback after training", {"q26"}),
    ("learner callback", {"q26"}),
    ("plot_layer_stats", {"q27"}),
    ("three statistics x-axis", {"q27"}),
    ("activations near zero", {"q28"}),
    ("near zero problematic", {"q28"}),
    ("larger batch size", {"q29"}),
    ("batch size upsides downsides", {"q29"}),
    ("high learning rate at the start", {"q30"}),
    ("avoid high learning rate", {"q30"}),
    ("1cycle", {"q31"}),
    ("1cycle training", {"q31"}),
    ("benefits of a high learning rate", {"q32"}),
    ("high learning rate benefits", {"q32"}),
    ("low learning rate at the end", {"q33"}),
    ("end of training learning rate", {"q33"}),
    ("cyclical momentum", {"q34"}),
    ("momentum", {"q34"}),
    ("callback hyperparameter values", {"q35"}),
    ("Recorder", {"q35"}),
    ("color_dim column of pixels", {"q36"}),
    ("one column of pixels", {"q36"}),
    ("bad training", {"q37"}),
    ("bad training color_dim", {"q37"}),
    ("trainable parameters batch normalization", {"q38"}),
    ("gamma beta", {"q38"}),
    ("batch normalization statistics validation", {"q39"}),
    ("statistics during validation", {"q39"}),
    ("batch normalization generalize", {"q40"}),
    ("generalize better", {"q40"}),
    ("features other than edge detectors", {"r1"}),
    ("computer vision before deep learning", {"r1"}),
    ("other normalization layers", {"r2"}),
    ("GroupNorm", {"r2"}),
    ("activation function after batch normalization", {"r3"}),
    ("order of batchnorm and activation", {"r3"}),
    # numbers the answers state, as the book prints them and as the answers write them
    ("6722", {"q11", "q15"}),
    ("6,722", {"q11", "q15"}),
    ("56448", {"q15", "q23"}),
    ("56,448", {"q15", "q23"}),
    ("18432", {"q15"}),
    ("18,432", {"q15"}),
    ("1,179,648", {"q15"}),
    ("23,581", {"q11"}),
    ("762", {"q2", "q3"}),
    ("0.1135", {"q28", "q29", "q30", "q31"}),
    ("0.974", {"q30", "q31"}),
    ("2538000", {"q20"}),
    ("2,538,000", {"q20"}),
    ("196", {"q21"}),
    ("260", {"q38"}),
    ("937", {"q29"}),
    ("0.9912", {"q40", "r3"}),
    ("[3, 1000, 846]", {"q20"}),
]
NUMBER_QUERIES = ["1168", "1,168", "7*7*(1168-16)", "56448", "56,448", "2538000"]

# What a student sees, in order: (href, score, is the page's own heading) of each result link
# outside the folded "more on this page" parts.
SEEN_RESULTS = """() => [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')]
    .map(link => [link.href, Number(link.querySelector('article').dataset.mdScore), !!link.querySelector('h1')])"""
PLACEHOLDER = "Type to start searching"


def question_of(href: str) -> str:
    """The question a result link points to ("q17"), or "" for a page or another section."""
    fragment = urlsplit(href).fragment
    return fragment if fragment in BOOK_ORDER else ""


def first_seen(results: list[tuple[str, float, bool]], count: int = TOP) -> list[str]:
    """The first `count` results, as question ids ("" for other results); group headings of pages
    that did not match themselves (score 0) are skipped."""
    return [question_of(href) for href, score, heading in results if not (heading and score == 0)][:count]


def seen_results(page: Page, query: str) -> list[tuple[str, float, bool]]:
    """Type a whole query into the open search and return the results shown for it.

    The field is emptied first (Material then shows its placeholder), so the first list shown
    after the query is typed is the list for the whole query.
    """
    field = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    field.fill("")
    field.press("End")  # Material reads the field on keyup
    page.wait_for_function(f"() => document.querySelector('.md-search-result__meta').textContent.trim() === {json.dumps(PLACEHOLDER)}")
    field.fill(query)
    field.press("End")
    page.wait_for_function(f"() => document.querySelector('.md-search-result__meta').textContent.trim() !== {json.dumps(PLACEHOLDER)}")
    assert meta.text_content() is not None
    return page.evaluate(SEEN_RESULTS)


# ---- the query set --------------------------------------------------------------------------


@pytest.mark.unit
def test_the_query_set_covers_every_question_twice_and_the_numbers() -> None:
    assert len(QUERIES) >= 80
    for qid in BOOK_ORDER:
        assert sum(1 for _query, expected in QUERIES if expected == {qid}) >= 2, f"{qid} has fewer than two queries of its own"
    queries = [query for query, _expected in QUERIES]
    assert len(set(queries)) == len(queries), "a query is listed twice"
    assert set(NUMBER_QUERIES) <= set(queries)


@pytest.mark.unit
def test_first_seen_skips_headings_of_pages_that_did_not_match() -> None:
    results = [
        ("http://x/site/convolutions-notebook/?h=padding", 0.0, True),
        ("http://x/site/convolutions-notebook/?h=padding#output-sizes", 1251.8, False),
        ("http://x/site/magic-of-convolutions/?h=padding", 3.1, True),
        ("http://x/site/magic-of-convolutions/?h=padding#q5", 36.0, False),
    ]
    assert first_seen(results) == ["", "", "q5"]


# ---- the index, tuned at build time ---------------------------------------------------------


@pytest.mark.unit
def test_numbers_with_thousands_separators_get_a_hidden_plain_copy() -> None:
    assert with_plain_numbers("has 1,168 parameters") == "has 1,168<span hidden> 1168</span> parameters"
    assert with_plain_numbers("2,538,000 numbers") == "2,538,000<span hidden> 2538000</span> numbers"
    for unchanged in ("conv(8,16)", "[3, 1000, 846]", "0.974, 0.1135", "1,1,2,1", "moms=(0.95,0.85,0.95)", "12,3456"):
        assert with_plain_numbers(unchanged) == unchanged


@pytest.mark.unit
def test_question_sections_are_boosted_and_nothing_else() -> None:
    assert tune_document({"location": "first-cnn/#q15", "title": "t", "text": ""})["boost"] == QUESTION_BOOST
    assert tune_document({"location": "further-research/#r2", "title": "t", "text": "", "boost": 2})["boost"] == 2 * QUESTION_BOOST
    for location in ("first-cnn/", "first-cnn/#what-changed-from-the-wiki", "convolutions-notebook/#the-digit", "#q-and-a"):
        assert "boost" not in tune_document({"location": location, "title": "t", "text": ""})
    index = '{"config":{"separator":"x"},"docs":[{"location":"a/#q1","title":"t","text":"6,722"}]}'
    assert json.loads(tune_index(index))["docs"][0] == {
        "location": "a/#q1",
        "title": "t",
        "text": "6,722<span hidden> 6722</span>",
        "boost": QUESTION_BOOST,
    }


@pytest.mark.site
def test_the_built_index_is_tuned(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = {doc["location"]: doc for doc in index["docs"]}
    assert docs["first-cnn/#q15"]["boost"] == QUESTION_BOOST and "boost" not in docs["first-cnn/"]
    assert "1,168<span hidden> 1168</span>" in docs["first-cnn/#q15"]["text"]
    assert "7*7*(1168-16)" in docs["first-cnn/#q15"]["title"]
    assert index["config"]["separator"].startswith("[\\s\\-")


# ---- in Chromium, as a student sees it -------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_search_puts_the_question_among_the_first_three_results(server: str, page: Page) -> None:
    page.goto(server)
    search_results(page, "padding", ".md-search-result__link[href*='#q']")  # the index has loaded
    misses: dict[str, str] = {}
    for query, expected in QUERIES:
        seen = first_seen(seen_results(page, query))
        if not expected & set(seen):
            misses[query] = f"{query!r}: expected {'/'.join(sorted(expected))}, first results {seen}"
    rate = 1 - len(misses) / len(QUERIES)
    report = f"search: {len(QUERIES) - len(misses)}/{len(QUERIES)} queries ({rate:.1%}) put an expected question in the first {TOP}"
    print("\n" + report + "".join(f"\n  miss: {miss}" for miss in misses.values()))
    assert not set(misses) & set(NUMBER_QUERIES), "\n".join(misses.values())
    assert rate >= HIT_RATE, report + "\n" + "\n".join(misses.values())


@pytest.mark.browser
def test_a_number_is_found_as_printed_and_its_hidden_copy_never_shows(server: str, page: Page) -> None:
    page.goto(server)
    search_results(page, "56448", ".md-search-result__link[href$='#q15']")
    teaser = page.locator(".md-search-result__link[href$='#q15'] article").first
    text = teaser.inner_text()
    assert "56,448" in text and "56448" not in text, text
