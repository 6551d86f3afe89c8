"""Every answer's first sentence answers its whole question on its own.

The first sentence is what a forum shows under a short link, the short answer on the Anki card and
what the home page asks a student to be able to say. The build already checks its form (six words
or more, no trailing colon, no Markdown or URL, at most 250 characters); these tests check its
content, from the Markdown pages (no build):

- every question with several parts ("Why?", "How about…", "Where…", "and why") has its parts
  listed in ``PARTS``, each with the words a sentence covering it must use, and its first sentence
  covers every part;
- the questions whose first sentence once left out the key fact or said something false
  (``KEY_FACTS``) state that fact, and ``FALSE`` lists wording that must not come back.

Keywords are matched case-insensitively in the plain-text sentence; a part lists alternatives as
"a|b".
"""

from __future__ import annotations

import re

import pytest

from scripts.content.questionnaire import Question, read_questionnaire, source_pages
from tests.conftest import ROOT

pytestmark = pytest.mark.unit

# question -> {part of the question: keywords the first sentence must contain, each "a|b" one of}
PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "q13": {"What is Flatten?": ("layer", "vector"), "Where does it go?": ("end|last", "after the last conv"), "Why?": ("because", "loss")},
    "q17": {"What size?": ("7×7",), "Why?": ("because", "3×3 block", "2 pixels apart|stride 2")},
    "q18": {
        "Run conv-example.xlsx": ("excel|libreoffice", "download|open"),
        "Experiment with trace precedents": ("trace precedents", "receptive field"),
    },
    "q27": {
        "The three statistics": ("mean", "standard deviation", "near zero"),
        "What does the x-axis represent?": ("x-axis", "training batch"),
    },
    "q29": {"Upsides": ("less noisy", "stable"), "Downsides": ("fewer weight updates", "memory")},
    "q37": {"What does it look like?": ("cycles", "exponentially", "collapse"), "Why?": ("because", "throws away")},
    "q39": {
        "During training": ("during training", "mini-batch"),
        "How about during validation?": ("during validation", "running averages"),
    },
    "r2": {
        "Which other layers": ("layernorm", "instancenorm", "groupnorm"),
        "How they differ": ("which axes",),
        "Why they were developed": ("developed", "dependence on the batch"),
    },
    "r3": {
        "Does it make a difference?": ("little difference|small difference",),
        "Which order is recommended": ("default|recommended", "conv → batchnorm → relu"),
        "Why": ("because", "pre-activations"),
    },
}

# Single-part questions whose first sentence once left the key fact to a later sentence, or got it wrong
KEY_FACTS: dict[str, tuple[str, ...]] = {
    "q5": ("zeros", "border", "28×28", "26×26"),
    "q7": ("comprehension inside another", "for loops", "[[0, 1, 2], [3, 4, 5], [6, 7, 8]]"),
    "q9": ("every position", "colour", "filter", "h×w map"),
    "q10": ("matrix multiplication", "fixed zeros", "never trained", "tied|shared"),
    "q23": ("quarter", "halve", "roughly level"),
    "q25": ("mean", "standard deviation", "near zero", "histogram", "parameter", "before relu", "batchnorm"),
    "q28": ("no information", "no gradient"),
    "q30": ("random", "diverge"),
    "q31": ("learning rate schedule", "warms up", "anneals", "momentum", "opposite"),
    "r1": ("hand-designed", "sift", "hog", "harris", "haar"),
}

# Wording the audit found false or loose, which must not come back into a first sentence
FALSE: dict[str, tuple[str, ...]] = {
    "q23": ("shrink gradually",),
    "q37": ("slowly",),
}

MULTI_PART = re.compile(r"\?.*\?|\bwhy\?|\bhow about\b|\bwhere\b|\band (?:why|how)\b", re.IGNORECASE)


def questions() -> dict[str, Question]:
    pages = [
        (path.name, "" if path.stem == "index" else f"{path.stem}/", path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "docs").glob("*.md"))
    ]
    return {question.id: question for question in read_questionnaire(source_pages(pages)).questions}


def missing(sentence: str, keywords: tuple[str, ...]) -> list[str]:
    """The keywords (each "a|b": any of them) that the sentence does not contain."""
    lowered = sentence.lower()
    return [keyword for keyword in keywords if not any(option in lowered for option in keyword.split("|"))]


def test_every_multi_part_question_has_its_parts_listed() -> None:
    multi = {qid for qid, question in questions().items() if MULTI_PART.search(question.plain_title)}
    assert {"q13", "q17", "q27", "q37", "q39", "r2", "r3"} <= multi  # the detector finds the known ones
    unlisted = sorted(multi - set(PARTS))
    assert not unlisted, f"questions with several parts but no list of them in PARTS: {unlisted}"


@pytest.mark.parametrize("qid", sorted(PARTS))
def test_the_first_sentence_covers_every_part(qid: str) -> None:
    sentence = questions()[qid].first_sentence
    gaps = {part: gap for part, keywords in PARTS[qid].items() if (gap := missing(sentence, keywords))}
    assert not gaps, f"{qid}: the first sentence {sentence!r} does not cover {gaps}"


@pytest.mark.parametrize("qid", sorted(KEY_FACTS))
def test_the_first_sentence_states_the_key_fact(qid: str) -> None:
    sentence = questions()[qid].first_sentence
    gaps = missing(sentence, KEY_FACTS[qid])
    assert not gaps, f"{qid}: the first sentence {sentence!r} leaves out {gaps}"


@pytest.mark.parametrize("qid", sorted(FALSE))
def test_the_first_sentence_drops_the_false_wording(qid: str) -> None:
    sentence = questions()[qid].first_sentence.lower()
    assert not [words for words in FALSE[qid] if words in sentence], f"{qid}: {sentence!r}"


def test_missing_reads_alternatives() -> None:
    assert missing("It stays roughly level.", ("roughly level", "quarter|half")) == ["quarter|half"]
    assert missing("Half of it.", ("quarter|half",)) == []
