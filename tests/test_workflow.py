"""The GitHub Pages workflow: valid YAML, README's build command, pinned actions, least privilege."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github/workflows/pages.yml"
BUILD_COMMAND = "bash scripts/dev.sh build"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_runs_readmes_build_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert BUILD_COMMAND in readme
    runs = [step.get("run", "") for step in workflow()["jobs"]["build"]["steps"]]
    assert any(BUILD_COMMAND in run for run in runs)


def test_it_builds_on_push_and_pull_request_and_deploys_main_with_the_pages_actions() -> None:
    flow = workflow()
    triggers = flow[True]  # YAML 1.1 reads the key `on` as True
    assert "push" in triggers and "pull_request" in triggers
    uses = [step.get("uses", "") for job in flow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert "refs/heads/main" in flow["jobs"]["deploy"]["if"]


def test_least_privilege_pinned_actions_timeouts_and_concurrency() -> None:
    flow = workflow()
    assert flow["permissions"] == {}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert flow["concurrency"]["group"]
    for name, job in flow["jobs"].items():
        assert job["timeout-minutes"] <= 30, name
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), f"{name}: {step['uses']} is not pinned to a commit"
