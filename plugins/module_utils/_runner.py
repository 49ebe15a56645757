# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Run workflows: validate and encode every run first, then start each (``start``: the POST, sent once),
follow it (``_waiter.follow``) and collect the results.

One run and many concurrent runs go through the same steps, so they have the same semantics.
Nothing is POSTed until every requested run has been validated.
"""

import datetime
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, List, NamedTuple, Optional

from ansible_collections.opsflow.vro.plugins.module_utils import (
    _attachments,
    _decode,
    _encode,
    _executions,
    _interactions,
    _parameters,
    _recovery,
    _spelling,
    _waiter,
    _watch,
    _workflows,
)
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroError,
    VroHttpError,
    VroInputError,
    VroOutcomeUnknownError,
)

IDEMPOTENT_STATES = frozenset(("initializing", "running", "waiting", "waiting-signal", "completed"))
# Runs of ``follow_runs`` waited on at once (one thread each); the shared list poll keeps the request rate
# independent of this, which only bounds the threads.
MAX_FOLLOWED_AT_ONCE = 200


# The parameters of a run that items of ``runs`` may set for themselves.
RUN_SPEC_KEYS = ("workflow_id", "workflow_name", "inputs", "parameters", "input_types", "interaction_inputs")


class RunOptions:
    """What to do with every run, read once from the module parameters.

    The module's argument spec is the only place their defaults are written; this class has none.
    """

    FROM_PARAMS = (
        "idempotent",
        "idempotency_window",
        "idempotency_max_runs",
        "wait",
        "wait_timeout",
        "poll_interval",
        "cancel_on_timeout",
        "wait_on_interaction",
        "log_lines",
        "max_concurrent",
        "fail_on_error",
        "verify_inputs",
    )

    def __init__(self, values: dict, wire: Optional[dict], check_mode: bool, read_file: Optional[Callable]) -> None:
        for name in self.FROM_PARAMS:
            setattr(self, name, values[name])
        self.wire = wire or {}
        self.check_mode = check_mode
        self.read_file = read_file

    @classmethod
    def from_params(cls, params: dict, check_mode: bool = False) -> "RunOptions":
        return cls(
            params, params["wire_format"], check_mode, _attachments.attachment_reader(params.get("attachment_dirs"))
        )

    @classmethod
    def for_waiting(cls, params: dict) -> "RunOptions":
        """Options to wait for a run started elsewhere (``vro_execution_info`` ``wait``): nothing to start or cancel."""
        values = dict.fromkeys(cls.FROM_PARAMS)
        values.update(
            (name, params[name]) for name in ("wait_timeout", "poll_interval", "wait_on_interaction", "log_lines")
        )
        values.update(wait=True, cancel_on_timeout=False, idempotent=False)
        return cls(values, None, False, None)


def run_specs(params: dict) -> List[dict]:
    """The runs asked for, as specs for the runner; items of ``runs`` inherit the top-level workflow."""
    top = dict((key, params[key]) for key in RUN_SPEC_KEYS)
    if params["runs"] is None:
        return [top]
    specs = []
    for item in params["runs"]:
        spec = dict((key, item.get(key)) for key in RUN_SPEC_KEYS)
        if not (spec["workflow_id"] or spec["workflow_name"]):
            spec.update(workflow_id=top["workflow_id"], workflow_name=top["workflow_name"])
        for inherited in ("input_types", "interaction_inputs"):
            if spec[inherited] is None:
                spec[inherited] = top[inherited]
        specs.append(spec)
    return specs


def check_workflows(specs: List[dict]) -> None:
    """Each run names one workflow and gives inputs or parameters, not both (the argspec cannot see into ``runs``)."""
    for index, spec in enumerate(specs):
        if not (spec["workflow_id"] or spec["workflow_name"]):
            where = "runs[%d]" % index if len(specs) > 1 or index else "the task"
            raise VroInputError(
                "one of workflow_id or workflow_name is required (for %s)" % where,
                field="workflow_id",
                expected="a workflow id or name",
                given="neither",
            )
        if spec["inputs"] is not None and spec["parameters"] is not None:
            raise VroInputError(
                "inputs and parameters are mutually exclusive",
                field="inputs",
                expected="inputs or parameters",
                given="both",
            )


def run_task(client, params: dict, check_mode: bool = False, diff: bool = False) -> dict:
    """Everything ``vro_workflow_execute`` does with its parameters: one run, or a batch with ``runs``.

    Secret values met on the way are registered on ``client``; the result is the module's result.
    """
    options = RunOptions.from_params(params, check_mode)
    specs = run_specs(params)
    check_workflows(specs)
    if params["runs"] is not None:
        return run_batch(client, specs, options, diff)
    result = execute(client, prepare(client, WorkflowCache(client), specs[0], options), options)
    if diff:
        result["diff"] = {"before": {}, "after": planned_run(result)}
    return result


def run_batch(client, specs: List[dict], options: RunOptions, diff: bool = False) -> dict:
    """Many runs in one task, at most ``options.max_concurrent`` in flight; results in input order.

    Every run is validated before the first is started. A run that errors once started is reported
    in its own result (``failed``, ``msg``) and the others go on. The task fails if any run failed,
    unless ``fail_on_error`` is false.
    """
    cache = WorkflowCache(client)
    prepared = []
    for index, spec in enumerate(specs):
        try:
            prepared.append(prepare(client, cache, spec, options, field="runs[%d].inputs" % index))
        except VroError as exc:
            if not exc.msg.startswith("runs[%d]" % index):
                exc.msg = "runs[%d]: %s" % (index, exc.msg)  # which item, for errors that cannot say it
            raise

    # Runs of a workflow waited on together share one list poll; a workflow's only run polls its own state.
    runs_per_workflow = Counter(run.workflow_id for run in prepared)
    watcher = _watch.BatchWatcher()

    def run_isolated(run):
        """One run of the batch; its failure to start is its own result, never the batch's end."""
        wait_for = watcher.wait_for if runs_per_workflow[run.workflow_id] > 1 else _waiter.wait_for
        try:
            return execute(client, run, options, wait_for)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # Anything else escaping would lose every other run's result, started or not.
            reason = describe_error(exc)
            failure = {
                "workflow_id": run.workflow_id,
                "workflow_name": run.workflow_name,
                "execution_id": None,
                "state": None,
                "changed": False,
                "failed": True,
                "msg": client.redact(reason),
            }
            return failure

    with ThreadPoolExecutor(max_workers=max(1, min(options.max_concurrent, len(prepared) or 1))) as pool:
        results = list(pool.map(run_isolated, prepared))
    for result in results:
        result.setdefault("msg", None)  # on every item, so that a map of the items to their msg works
    failed = [(index, r) for index, r in enumerate(results) if r["failed"]]
    summary = {
        "changed": any(r["changed"] for r in results),
        "runs": results,
        "failed": bool(failed) and options.fail_on_error,
    }
    if failed:
        summary["msg"] = incomplete_runs_message(
            [("runs[%d]" % index, r.get("msg")) for index, r in failed], len(results)
        )
    if diff:
        summary["diff"] = {"before": {}, "after": {"runs": [planned_run(r) for r in results]}}
    return summary


def incomplete_runs_message(failures: List[tuple], total: int) -> str:
    """The task's message when some of ``total`` runs did not complete: ``failures`` are ``(which run, why)``,
    the first five quoted."""
    return "%d of %d runs did not complete: %s" % (
        len(failures),
        total,
        "; ".join("%s: %s" % failure for failure in failures[:5]),
    )


def describe_error(exc: Exception) -> str:
    """What went wrong, for a run's ``msg``: the message of our errors, the type too of anything else (a bug)."""
    return str(exc) if isinstance(exc, VroError) else "unexpected %s: %s" % (type(exc).__name__, exc)


def planned_run(result: dict) -> dict:
    """The workflow and plain inputs (secrets masked) of a run's result, for ``--diff``."""
    if result.get("execution"):
        inputs = result["execution"]["inputs"]
    elif "payload" in result:
        inputs = _decode.decode_parameters(result["payload"]["parameters"])[0]
    else:
        inputs = None
    return {"workflow": result.get("workflow_name"), "inputs": inputs}


class PreparedRun:
    """A validated run: the workflow it targets and the exact parameters to POST."""

    def __init__(self, definition, workflow_id, parameters, answers=(), answers_field="interaction_inputs"):
        self.workflow_id = definition.get("id") or workflow_id
        self.workflow_name = definition.get("name")
        self.parameters = parameters
        self.answers = list(answers)  # plain inputs for the interactions the run reaches, in order
        self.answers_field = answers_field  # how errors name them
        self.secrets = _decode.secret_values(parameters)

    @property
    def secret_input_names(self):
        """Inputs that hold a secret anywhere (a SecureString, or one inside an array or composite)."""
        return [p["name"] for p in self.parameters if _decode.secret_values([p])]


class WorkflowCache:
    """Resolve each workflow once per module run, even when many runs share it (thread safe)."""

    def __init__(self, client):
        self._client = client
        self._lock = threading.Lock()
        self._by_key = {}

    def resolve(self, workflow_id=None, workflow_name=None):
        key = ("id", workflow_id) if workflow_id else ("name", workflow_name)
        with self._lock:
            if key not in self._by_key:
                self._by_key[key] = _workflows.resolve(
                    self._client, workflow_id=workflow_id, workflow_name=workflow_name
                )
            return self._by_key[key]


def prepare(client, cache: WorkflowCache, spec: dict, options: RunOptions, field: str = "inputs") -> PreparedRun:
    """Resolve the workflow of one run spec and encode (or check) its inputs. No run is started.

    ``spec`` is a dict with ``workflow_id``/``workflow_name``, ``inputs``, ``parameters``, ``input_types``.
    """
    definition = cache.resolve(workflow_id=spec.get("workflow_id"), workflow_name=spec.get("workflow_name"))
    if spec.get("parameters"):
        parameters = _parameters.validate_raw_parameters(spec["parameters"])
    else:
        parameters = _encode.encode_inputs(
            spec.get("inputs") or {},
            _workflows.declared_inputs(definition),
            input_types=spec.get("input_types"),
            wire=options.wire,
            read_file=options.read_file,
            field=field,
        )
    answers_field = "interaction_inputs" if field == "inputs" else field.replace(".inputs", ".interaction_inputs")
    answers = _interactions.answers_list(spec.get("interaction_inputs"), answers_field)
    if answers and not options.wait:
        raise VroInputError(
            "%s answers the interactions a run reaches while the module waits for it: it needs wait: true"
            % answers_field,
            field=answers_field,
            expected="wait: true",
            given="wait: false",
        )
    prepared = PreparedRun(definition, spec.get("workflow_id"), parameters, answers, answers_field)
    client.add_secrets(prepared.secrets)
    if options.idempotent and prepared.secret_input_names:
        raise VroInputError(
            "idempotent: true cannot compare runs with SecureString/EncryptedString inputs (%s): vRO does not "
            "return their values, so an earlier identical run cannot be recognised. Drop idempotent, or "
            "pass these values another way (e.g. a configuration element)." % ", ".join(prepared.secret_input_names),
            field="idempotent",
            expected="no secret inputs",
            given=", ".join(prepared.secret_input_names),
        )
    return prepared


def execute(client, prepared: PreparedRun, options: RunOptions, wait_for: Callable = _waiter.wait_for) -> dict:
    """Start (or find, or only plan) one prepared run and follow it as the options say.

    ``wait_for`` is ``_waiter.wait_for`` or a ``BatchWatcher``'s, which shares the polls of a workflow's runs.
    Returns the result. ``result["failed"]`` is True when the run failed, was canceled,
    timed out or waits for a user; ``result["msg"]`` then says why.
    """
    result = {
        "workflow_id": prepared.workflow_id,
        "workflow_name": prepared.workflow_name,
        "execution_id": None,
        "state": None,
        "changed": True,
        "failed": False,
        "secret_inputs": prepared.secret_input_names,
    }
    started = None
    existing = find_equivalent_run(client, prepared, options) if options.idempotent else None
    if existing:
        result.update(changed=False, execution_id=existing["id"], state=existing["state"])
        result["msg"] = "an identical run (%s, %s) started at %s: nothing started" % (
            existing["id"],
            existing["state"],
            existing["start_date"],
        )
    elif options.check_mode:
        result["payload"] = {"parameters": _decode.mask_parameters(prepared.parameters)}
        result["msg"] = "check mode: workflow '%s' would be started with the payload shown" % prepared.workflow_name
        return result
    else:
        started = start(client, prepared.workflow_id, prepared.parameters)
        result["execution_id"] = started.execution_id
    if options.check_mode:
        return result  # an identical run exists: report it without reading more
    try:
        _waiter.follow(client, prepared, options, result, started, wait_for)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        # The run exists: whatever went wrong while following it (even a bug), say which run it is and
        # return its id, or a re-run would start it again.
        reason = describe_error(exc)
        result["failed"] = True
        result["msg"] = "%s; the run was %s: check it with opsflow.vro.vro_execution_info (execution_id %s)" % (
            client.redact(reason),
            "started" if result["changed"] else "found",
            result["execution_id"],
        )
    return result


def follow_run(client, workflow_id: str, workflow_name: str, execution_id: str, options: RunOptions) -> dict:
    """Wait for a run started elsewhere and read it, exactly as for a run we started; the result, failed or not."""
    result = {"workflow_id": workflow_id, "workflow_name": workflow_name, "execution_id": execution_id, "failed": False}
    _waiter.follow(client, PreparedRun({"id": workflow_id, "name": workflow_name}, workflow_id, []), options, result)
    return result


def follow_runs(client, workflow_id: str, workflow_name: str, execution_ids: List[str], options: RunOptions) -> list:
    """Wait for several runs of one workflow started elsewhere, as ``runs`` waits for its runs: one shared
    list poll for all of them (``BatchWatcher``), each read and judged like ``follow_run``. Results in the
    order of ``execution_ids``; an error while following one run is that run's result, not the others' end."""
    unique_ids = list(dict.fromkeys(execution_ids))
    wait_for = _watch.BatchWatcher().wait_for if len(unique_ids) > 1 else _waiter.wait_for
    definition = {"id": workflow_id, "name": workflow_name}

    def follow_isolated(execution_id):
        result = {"workflow_id": workflow_id, "workflow_name": workflow_name, "execution_id": execution_id}
        result["failed"] = False
        try:
            _waiter.follow(client, PreparedRun(definition, workflow_id, []), options, result, wait_for_run=wait_for)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # one run that cannot be read (purged, a malformed answer, even a bug) must not lose the others
            result.update(failed=True, msg=client.redact(describe_error(exc)))
        return result

    with ThreadPoolExecutor(max_workers=max(1, min(len(unique_ids), MAX_FOLLOWED_AT_ONCE))) as pool:
        by_id = dict(zip(unique_ids, pool.map(follow_isolated, unique_ids)))
    return [by_id[execution_id] for execution_id in execution_ids]


class Started(NamedTuple):
    """A run we started: its id, and vRO's answer to the start (the execution document on 8.x, else None)."""

    execution_id: str
    document: Optional[dict]


def start(client, workflow_id: str, parameters: list) -> Started:
    """POST the run. Never blindly repeated (see ``_client`` and SECURITY.md).

    When the POST's outcome is unknown, the run it may have created is looked up (``_recovery``).
    Two repeats only, each after vRO said no run was started: a bearer token refused (401), the login
    renewed, and the look-up shows that no run appeared; and a body that carries both spellings of a value
    (``_spelling``) answered 400, sent again in each single spelling, the 8.18.1 document's first (a 400
    means nothing was started: docs/design.md "Wire spellings").
    """
    ledger = client.start_ledger
    # Note which runs exist before the POST, so that none of them can ever be taken for ours: start times
    # cannot tell them apart reliably (Date headers have one-second resolution, and may be missing).
    # Concurrent starts of the workflow share one list (StartLedger.runs_before_post).
    before = ledger.runs_before_post(workflow_id, lambda: _recovery.known_run_ids(client, workflow_id))
    forms = [parameters] + [f for f in (_spelling.one_spelling(parameters, s) for s in _spelling.SPELLINGS) if f]
    refusals = []
    login_renewed = False
    while len(refusals) < len(forms):
        form = forms[len(refusals)]
        started_at = datetime.datetime.now(datetime.timezone.utc)
        try:
            with ledger.posting():
                response = client.post(
                    _executions.execution_path(workflow_id), {"parameters": form}, expected=(200, 201, 202)
                )
                execution_id = _executions.execution_id_from(response)
                if not execution_id:
                    # vRO accepted the run, so it exists, but which one it is was not said (or not readably).
                    raise VroOutcomeUnknownError(
                        "vRO accepted the run (HTTP %s) but gave neither an id in the body nor a Location header "
                        "naming an execution" % response.status,
                        url=response.url,
                    )
                ledger.claim(execution_id)
            return Started(execution_id, _executions.start_document(response))
        except VroOutcomeUnknownError as exc:
            found = _recovery.recover_lost_start(client, workflow_id, form, started_at, exc, before)
            if found is not None:
                return Started(found, None)
            if login_renewed or not exc.details.get("renewed_login"):
                raise _recovery.lost_start_error(
                    client, workflow_id, started_at, exc, "no run with these inputs appeared"
                ) from exc
            login_renewed = True  # vRO refused the expired token and no run appeared: start it with the new one
        except VroHttpError as exc:
            if exc.status != 400 or len(forms) == 1:
                raise
            refusals.append(exc)
    raise VroHttpError(
        "%s (Properties and MimeAttachment values were sent with both spellings, then with each alone: "
        "vRO refused every form, so the cause is probably elsewhere; set wire_format to choose one)" % refusals[1],
        status=400,
        url=refusals[1].url,
        detail=refusals[1].detail,
    )


def find_equivalent_run(client, prepared, options):
    since = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=options.idempotency_window)
    matches = _executions.find_matching_runs(
        client,
        prepared.workflow_id,
        prepared.parameters,
        since=since,
        states=IDEMPOTENT_STATES,
        max_examined=options.idempotency_max_runs,
    )
    return matches[0] if matches else None
