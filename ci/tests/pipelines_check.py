#!/usr/bin/env python3
"""The ready-to-copy pipelines of ci/pipelines parse, keep their logic in ci/'s scripts, run
each tier on its trigger, and keep the reports with their JUnit XML.

    pipelines_check.py <source dir>
"""
import os
import re
import sys

import yaml

SCRIPT = re.compile(r"^bash (ci/[A-Za-z0-9_.-]+\.sh)$")
# Each job: the script it runs, and a word of its trigger.
EXPECTED = {
    "smoke": ("ci/smoke.sh", ("pull_request", "merge_request_event")),
    "soak": ("ci/soak.sh", ("schedule",)),
    "release-gate": ("ci/release-gate.sh", ("refs/tags/v", "CI_COMMIT_TAG")),
}
problems = []


def check_command(where, command, source):
    """A step calls one of the project's scripts, or installs the checkout's prerequisite."""
    if command.startswith("apt-get update"):
        return None
    match = SCRIPT.match(command.strip())
    if not match:
        problems.append(f"{where}: '{command}' is logic in YAML (call a script of ci/)")
        return None
    if not os.path.isfile(os.path.join(source, match.group(1))):
        problems.append(f"{where}: {match.group(1)} does not exist")
    return match.group(1)


def github(path, source):
    with open(path) as f:
        doc = yaml.safe_load(f)
    for name, (script, triggers) in EXPECTED.items():
        job = doc["jobs"].get(name)
        if job is None:
            problems.append(f"{path}: no job {name}")
            continue
        steps = job["steps"]
        called = [check_command(f"{path}: {name}", s["run"], source) for s in steps if "run" in s]
        if script not in called:
            problems.append(f"{path}: {name} does not run {script}")
        if not any(t in job.get("if", "") for t in triggers):
            problems.append(f"{path}: {name} is not run on {triggers[0]}")
        uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
        if not uploads or "build/reports/" not in uploads[0]["with"]["path"] or \
                uploads[0].get("if") != "always()":
            problems.append(f"{path}: {name} does not always upload build/reports/")
    # 'on' is YAML 1.1's true: PyYAML reads the key as True.
    events = doc.get("on", doc.get(True))
    for event in ("pull_request", "schedule", "push"):
        if event not in events:
            problems.append(f"{path}: not triggered by {event}")


def gitlab(path, source):
    with open(path) as f:
        doc = yaml.safe_load(f)
    for name, (script, triggers) in EXPECTED.items():
        job = doc.get(name)
        if job is None:
            problems.append(f"{path}: no job {name}")
            continue
        called = [check_command(f"{path}: {name}", c, source) for c in job["script"]]
        if script not in called:
            problems.append(f"{path}: {name} does not run {script}")
        rules = " ".join(r.get("if", "") for r in job.get("rules", []))
        if not any(t in rules for t in triggers):
            problems.append(f"{path}: {name} is not run on {triggers[0]}")
        artifacts = job.get("artifacts", {})
        if artifacts.get("when") != "always" or "build/reports/" not in artifacts.get("paths", []) \
                or artifacts.get("reports", {}).get("junit") != "build/reports/*.junit.xml":
            problems.append(f"{path}: {name} does not keep build/reports/ and its JUnit XML")


def main():
    source = sys.argv[1]
    github(os.path.join(source, "ci/pipelines/github-actions.yml"), source)
    gitlab(os.path.join(source, "ci/pipelines/gitlab-ci.yml"), source)
    for problem in problems:
        print(problem)
    if not problems:
        print("pipelines: both parse; every job calls an existing script of ci/ and keeps "
              "its reports")
    return 1 if problems else 0


sys.exit(main())
