"""Training lab: the three presets, run in Chromium by the page's worker on a fixed subset (2,000
training digits, 200 of each class; 500 validation digits, 50 of each) with the worker's fixed
seed, tell the book's story: the baseline (fit, lr 0.06, batches of 64) stays near chance, 1cycle
trains, and 1cycle + batchnorm trains better."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.test_training_lab_page import open_lab

SUBSET = "{train: 2000, valid: 500}"
RESULTS: dict[str, float] = {}


def run_preset(page: Page, name: str, number: int) -> float:
    page.get_by_role("button", name=name, exact=True).click()
    page.evaluate(f"document.querySelector('.lab').__labSubset = {SUBSET}")
    page.get_by_role("button", name=re.compile("^(Start|Restart)$")).click()
    expect(page.locator(".lab")).to_have_attribute("data-done", str(number), timeout=600_000)
    text = page.locator(".lab-announce").inner_text()
    correct, total = map(int, re.search(r"\((\d+) of (\d+)\)", text).groups())
    assert total == 500
    RESULTS[name] = correct / total
    return correct / total


@pytest.mark.browser
@pytest.mark.slow
def test_the_presets_tell_the_books_story(page: Page, server: str) -> None:
    open_lab(page, server)
    baseline = run_preset(page, "The book's baseline", 1)
    one_cycle = run_preset(page, "1cycle", 2)
    batchnorm = run_preset(page, "1cycle + batchnorm", 3)
    print(
        f"\npreset accuracies on 500 validation digits: baseline {baseline:.3f}, 1cycle {one_cycle:.3f}, 1cycle + batchnorm {batchnorm:.3f}"
    )
    assert baseline <= 0.2, "the baseline stays near chance (10%)"
    assert one_cycle >= 0.8, "1cycle trains"
    assert batchnorm > one_cycle and batchnorm >= 0.9, "batchnorm trains better"
