# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every request the integration suite sent conforms to the vRO 8.18.1 OpenAPI document.

`make integration` runs tests/integration with VRO_SIM_REQUEST_LOG_DIR set (every simulator then
logs the requests it receives there) and then this test on that directory. Run alone without the
variable, the test is skipped (there is nothing to check); with it, an empty log is a failure.
"""

import collections
import json
import os
from pathlib import Path

import pytest
from openapi_check import read_requests, waiver

LOG_DIR_ENV = "VRO_SIM_REQUEST_LOG_DIR"


@pytest.fixture(scope="module")
def recorded():
    log_dir = os.environ.get(LOG_DIR_ENV)
    if not log_dir:
        pytest.skip(f"{LOG_DIR_ENV} is not set: run `make integration`, which records the requests and checks them")
    files = sorted(Path(log_dir).glob("requests-*.jsonl"))
    requests = read_requests(files)
    assert requests, f"no request recorded in {log_dir}: the integration suite did not run with {LOG_DIR_ENV} set"
    return Path(log_dir), requests


def test_every_recorded_request_conforms(spec, recorded):
    log_dir, requests = recorded
    waived = collections.Counter()
    failures = collections.defaultdict(list)  # problem -> sources
    for request in requests:
        reason = waiver(request)
        if reason:
            waived[f"{request['method']} {request['path']}: {reason}"] += 1
            continue
        for problem in spec.problems(request):
            failures[problem].append(request["source"])
    checked = len(requests) - sum(waived.values())
    bad = {source for sources in failures.values() for source in sources}
    summary = {
        "recorded": len(requests),
        "waived": dict(waived),
        "checked": checked,
        "conforming": checked - len(bad),
        "operations": dict(collections.Counter(spec.label(r["method"], r["path"]) for r in requests)),
    }
    (log_dir / "conformance-summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    report = "\n".join(
        f"{len(sources):4d} x {problem}  (e.g. {sources[0]})" for problem, sources in sorted(failures.items())
    )
    if failures:
        pytest.fail(f"{len(bad)} of {checked} recorded requests do not conform:\n{report}", pytrace=False)
