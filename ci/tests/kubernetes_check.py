#!/usr/bin/env python3
"""The Kubernetes files of ci/kubernetes parse, run shards as an Indexed Job with
completions = parallelism = N, and give the swarmgate command only flags it accepts; the merge
Job names every shard's file; the image installs Debian packages only and runs the binary the
Jobs call. No cluster is needed: the manifests are filled in as a pipeline would (envsubst).

    kubernetes_check.py <source dir> <swarmgate binary>
"""
import os
import re
import subprocess
import sys

import yaml

source, swarmgate = sys.argv[1], sys.argv[2]
folder = os.path.join(source, "ci", "kubernetes")
VALUES = {
    "IMAGE": "swarmgate:check",
    "PLAN": "/opt/swarmgate/plans/shards.json",
    "ROW": "ChatPairs150",
    "SHARDS": "3",
    "START_AT": "2026-12-02T12:05:00Z",
    "TARGET_URL": "ws://chat.staging.example:8080/ws",
}
BINARY = "/opt/swarmgate/build/swarmgate"
problems = []


def filled(name):
    """The manifest with its ${VARS} filled in; each must be one this check knows."""
    with open(os.path.join(folder, name)) as f:
        text = f.read()
    for var in set(re.findall(r"\$\{([A-Z_]+)\}", text)):
        if var not in VALUES:
            problems.append(f"{name}: ${{{var}}} is not one of {sorted(VALUES)}")
    return re.sub(r"\$\{([A-Z_]+)\}", lambda m: VALUES.get(m.group(1), ""), text)


def flags_of(subcommand):
    """Every flag `swarmgate <subcommand> --help` lists."""
    out = subprocess.run([swarmgate, subcommand, "--help"], capture_output=True, text=True,
                         check=True).stdout
    return set(re.findall(r"(--[a-z][a-z-]*)", out))


def kubernetes_expand(text, env):
    """$(VAR) from the container's env, $$ as $: what the kubelet does to args."""
    text = re.sub(r"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: env.get(m.group(1), m.group(0)),
                  text)
    return text.replace("$$", "$")


def container_of(doc, name):
    spec = doc["spec"]["template"]["spec"]
    if spec.get("restartPolicy") != "Never":
        problems.append(f"{name}: restartPolicy is not Never (a failed shard must fail the Job)")
    return spec["containers"][0]


shards = yaml.safe_load(filled("shards-job.yaml"))
n = int(VALUES["SHARDS"])
if shards.get("kind") != "Job" or shards["spec"].get("completionMode") != "Indexed":
    problems.append("shards-job.yaml: not a Job with completionMode: Indexed")
if not (shards["spec"].get("completions") == shards["spec"].get("parallelism") == n):
    problems.append("shards-job.yaml: completions and parallelism are not both ${SHARDS}")
shard = container_of(shards, "shards-job.yaml")
env = {e["name"]: e for e in shard.get("env", [])}
index_from = env.get("SHARD_INDEX", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
if index_from != "metadata.annotations['batch.kubernetes.io/job-completion-index']":
    problems.append("shards-job.yaml: SHARD_INDEX is not the pod's completion index")
args = shard["args"]
for word in args:
    if not isinstance(word, str):
        problems.append(f"shards-job.yaml: argument {word!r} is not text once filled in (quote it)")
args = [str(a) for a in args]
subcommand = args[0]
accepted = flags_of(subcommand)
for word in args:
    if word.startswith("--") and word.split("=")[0] not in accepted:
        problems.append(f"shards-job.yaml: {word} is not a flag of swarmgate {subcommand}")
for i in range(n):
    expanded = [kubernetes_expand(a, {"SHARD_INDEX": str(i)}) for a in args]
    if f"{i}/{n}" not in [expanded[k + 1] for k, a in enumerate(expanded[:-1]) if a == "--shard"]:
        problems.append(f"shards-job.yaml: pod {i} does not run --shard {i}/{n}")
for flag in ("--shard", "--start-at", "--report"):
    if flag not in args:
        problems.append(f"shards-job.yaml: the shards are not given {flag}")
if not os.path.isfile(os.path.join(source, VALUES["PLAN"].replace("/opt/swarmgate/", ""))):
    problems.append(f"the example plan {VALUES['PLAN']} is not in the checkout")

merge = yaml.safe_load(filled("merge-job.yaml"))
merger = container_of(merge, "merge-job.yaml")
script = kubernetes_expand(" ".join(merger["args"]), {})
if BINARY + " merge" not in script:
    problems.append(f"merge-job.yaml: does not run {BINARY} merge")
# The shell line the pod runs, with the command swapped for echo: the files it names.
named = subprocess.run(["/bin/sh", "-c", script.replace(f"exec {BINARY} merge", "echo")],
                       capture_output=True, text=True, check=True).stdout.split()
expected = [f"/results/{VALUES['ROW']}.shard-{i}-of-{n}.json" for i in range(n)]
if named[:n] != expected:
    problems.append(f"merge-job.yaml: names {named[:n]}, not every shard's file {expected}")
merge_flags = flags_of("merge")
for word in named[n:]:
    if word.startswith("--") and word not in merge_flags:
        problems.append(f"merge-job.yaml: {word} is not a flag of swarmgate merge")

volume = yaml.safe_load(filled("results-volume.yaml"))
claim = shards["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"]
if volume["metadata"]["name"] != claim or "ReadWriteMany" not in volume["spec"]["accessModes"]:
    problems.append("results-volume.yaml: not the ReadWriteMany claim the Jobs mount")

with open(os.path.join(folder, "Containerfile")) as f:
    containerfile = f.read()
with open(os.path.join(source, "ci", "bootstrap.sh")) as f:
    bootstrap = f.read()
if not containerfile.startswith("#") or "FROM debian:12" not in containerfile:
    problems.append("Containerfile: not built FROM debian:12")
installed = re.search(r"--no-install-recommends\s*\\\n(.*?)\\\n", containerfile, re.S)
for package in installed.group(1).split() if installed else []:
    if package not in bootstrap and package not in ("libssl-dev", "ca-certificates"):
        problems.append(f"Containerfile: {package} is not one of ci/bootstrap.sh's packages")
if f'ENTRYPOINT ["{BINARY}"]' not in containerfile:
    problems.append(f"Containerfile: the entry point is not {BINARY}")

for p in problems:
    print(p)
print(f"{len(problems)} problems in ci/kubernetes")
sys.exit(1 if problems else 0)
