"""The tests workflow: valid YAML, README's test command on pull requests and pushes, pinned
actions, least privilege, a timeout and one run at a time (as tests/test_workflow.py for Pages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github/workflows/tests.yml"
TEST_COMMAND = "bash scripts/dev.sh test"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_runs_readmes_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert TEST_COMMAND in readme
    runs = [step.get("run", "") for job in workflow()["jobs"].values() for step in job["steps"]]
    assert any(run.strip() == TEST_COMMAND for run in runs)


def test_it_runs_on_pull_requests_and_pushes() -> None:
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers and "push" in triggers
    assert not (triggers["push"] or {}).get("branches"), "every push, not only main's"


def test_least_privilege_pinned_actions_timeouts_and_concurrency() -> None:
    flow = workflow()
    assert flow["permissions"] == {}
    assert flow["concurrency"]["group"] and flow["concurrency"]["cancel-in-progress"] is True
    for name, job in flow["jobs"].items():
        assert job["permissions"] == {"contents": "read"}, name
        assert 0 < job["timeout-minutes"] <= 60, name
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), f"{name}: {step['uses']} is not pinned to a commit"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, "the checkout keeps no token"
