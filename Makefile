# opsflow.vro: developer tasks. Needs only python3, make and git; `make help` lists the targets.
# Every target builds what it needs on first use (.venv, .build/demo-venv, the collection link, the
# standard layout for ansible-test and ansible-lint).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# `make test` runs its steps in the order listed, even under -j
.NOTPARALLEL:

PYTHON ?= python3
SANITY_PYTHON ?= 3.11
# extra pytest options, e.g. PYTEST_ARGS="-x -k execute" or PYTEST_ARGS="-n 2"
PYTEST_ARGS ?=
# pytest-xdist workers for tests/integration (they mostly wait on the simulator); 0 runs them in-process
INTEGRATION_JOBS ?= 2

VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.requirements-stamp
BUILD := $(CURDIR)/.build
# the demo's own light environment: the runtime only (requirements-demo.txt), ready in seconds
DEMO_VENV := $(BUILD)/demo-venv
DEMO_STAMP := $(DEMO_VENV)/.requirements-stamp
# ansible_collections/opsflow/vro -> the repository, for ansible-playbook and pytest
COLLECTIONS := $(BUILD)/collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/opsflow/vro
# ansible-test and ansible-lint run on the whole checkout in the standard layout, as contributors,
# the ansible-test GitHub action and certification do: in place when the checkout already sits at
# .../ansible_collections/opsflow/vro (CURDIR is the resolved path, as ansible-test wants it),
# otherwise in a copy of exactly the files git sees (tracked, and untracked but not ignored)
IN_PLACE := $(filter %/ansible_collections/opsflow/vro,$(CURDIR))
LAYOUT_ROOT := $(if $(IN_PLACE),$(abspath $(CURDIR)/../../..),$(BUILD)/layout)
LAYOUT := $(if $(IN_PLACE),$(CURDIR),$(LAYOUT_ROOT)/ansible_collections/opsflow/vro)
# the code gate: every Python tree of the repository
RUFF_PATHS := plugins simulator tests tools benchmarks
# installed pyenv Pythons (this machine has them), for compile/import on other Python versions
empty :=
space := $(empty) $(empty)
PYENV_PATH := $(subst $(space),:,$(sort $(wildcard $(or $(PYENV_ROOT),$(HOME)/.pyenv)/versions/3.*/bin)))

# tools from .venv first
RUN := PATH="$(BIN):$$PATH"
# the demo: its light environment's ansible-playbook, the collection through ANSIBLE_COLLECTIONS_PATH
DEMO_ENV := PATH="$(DEMO_VENV)/bin:$$PATH" ANSIBLE_COLLECTIONS_PATH="$(COLLECTIONS)" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false \
	ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# molecule puts an installed copy of the collection in $ANSIBLE_HOME/collections (default ~/.ansible)
# and looks there first: a copy left by an earlier run would shadow the working tree
MOLECULE_ENV := $(RUN) ANSIBLE_HOME="$(BUILD)/ansible-home/molecule"

say = @printf '\n==> [%s] %s\n' "$$(date +%T)" "$(1)"

.PHONY: help
help: ## list the targets
	@echo "opsflow.vro: make <target>"
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 18

.PHONY: venv
venv: $(VENV_STAMP) ## create .venv from requirements-dev.txt (again whenever it changes)

$(VENV_STAMP): requirements-dev.txt requirements.txt
	$(call say,creating .venv from requirements-dev.txt (pinned tools))
	@rm -rf "$(VENV)"
	@$(PYTHON) -m venv "$(VENV)"
	@# this machine's pip config names local mirror folders that may not exist; that warning is noise
	@"$(BIN)/pip" install --quiet --disable-pip-version-check -r requirements-dev.txt 2>&1 \
		| { grep -v "is ignored: it is neither a file nor a directory" || true; }
	@touch "$@"
	@# sed reads to the end: `head -n 1` would close the pipe early and ansible print a BrokenPipe traceback
	@echo "    $$("$(BIN)/ansible" --version | sed -n 1p)"

$(DEMO_STAMP): requirements-demo.txt
	$(call say,demo 1/3: building .build/demo-venv from requirements-demo.txt (ansible-core, requests, cryptography; first run only))
	@rm -rf "$(DEMO_VENV)"
	@# Speed, for a first run: a venv without pip, filled by running the pip wheel that ships with Python
	@# (ensurepip's, as get-pip does), saves installing pip into it first; where Python ships no such
	@# wheel, a usual venv. --no-compile: Python compiles what the demo imports, not all of ansible-core.
	@bundled_pip=$$($(PYTHON) -c 'import ensurepip, glob, os; print(*glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), "_bundled", "pip-*.whl"))[:1])' 2>/dev/null || true); \
	if [ -n "$$bundled_pip" ]; then \
		$(PYTHON) -m venv --without-pip "$(DEMO_VENV)"; pip=("$(DEMO_VENV)/bin/python" "$$bundled_pip/pip"); \
	else \
		$(PYTHON) -m venv "$(DEMO_VENV)"; pip=("$(DEMO_VENV)/bin/pip"); \
	fi; \
	"$${pip[@]}" install --quiet --disable-pip-version-check --no-compile -r requirements-demo.txt 2>&1 \
		| { grep -v "is ignored: it is neither a file nor a directory" || true; }
	@touch "$@"

.PHONY: collection
collection: ## link .build/collections/ansible_collections/opsflow/vro to this repository
	@mkdir -p "$(dir $(COLLECTION_LINK))"
	@ln -sfn "$(CURDIR)" "$(COLLECTION_LINK)"

.PHONY: layout
layout: ## the checkout at .../ansible_collections/opsflow/vro for ansible-test and ansible-lint
ifeq ($(IN_PLACE),)
	$(call say,copying the files git sees to $(LAYOUT))
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
		|| { echo "!!! not a git checkout: ansible-test and ansible-lint run on the files git sees" >&2; exit 1; }
	@rm -rf "$(LAYOUT_ROOT)"
	@mkdir -p "$(LAYOUT)"
	@# files deleted but not yet committed are still listed by --cached: copy only those that exist
	@git ls-files -z --cached --others --exclude-standard \
		| while IFS= read -r -d '' file; do if [ -e "$$file" ]; then printf '%s\0' "$$file"; fi; done \
		| tar --null --no-recursion --files-from=- -cf - | tar -C "$(LAYOUT)" -xf -
	@# ansible-test lists files with git from the nearest .git upwards: without a repository of its own,
	@# the copy would be seen as ignored files of this checkout (.build/) and every test skipped
	@git -C "$(LAYOUT)" init --quiet
else
	@echo "    the checkout is in the standard layout: ansible-test and ansible-lint run in place"
endif

.PHONY: unit
unit: venv collection ## pytest: tests/unit, tests/simulator, tests/packaging (docs, changelog, artifact, a fresh clone), tests/hostile (the red-team server), the OpenAPI request checker
	$(call say,pytest tests/unit tests/simulator tests/packaging tests/hostile tests/conformance/test_openapi_check.py)
	@$(RUN) python -m pytest $(PYTEST_ARGS) tests/unit tests/simulator tests/packaging tests/hostile tests/conformance/test_openapi_check.py

# every simulator the integration tests start logs the requests it receives here (simulator/testing.py)
REQUEST_LOG_DIR := $(BUILD)/requests

.PHONY: integration
integration: venv collection ## pytest: tests/integration, then check every request it sent against the 8.18.1 OpenAPI
	$(call say,pytest -n $(INTEGRATION_JOBS) tests/integration (requests logged to $(REQUEST_LOG_DIR)))
	@rm -rf "$(REQUEST_LOG_DIR)"
	@$(RUN) VRO_SIM_REQUEST_LOG_DIR="$(REQUEST_LOG_DIR)" python -m pytest -n $(INTEGRATION_JOBS) $(PYTEST_ARGS) tests/integration
	$(call say,request conformance: every logged request against tests/conformance/vro-8.18.1-openapi.json)
	@$(RUN) VRO_SIM_REQUEST_LOG_DIR="$(REQUEST_LOG_DIR)" python -m pytest -p no:cacheprovider tests/conformance/test_recorded_requests.py

.PHONY: sanity
sanity: venv layout ## ansible-test sanity --venv on the whole checkout: all tests on 3.11, compile/import on 3.8-3.13
	$(call say,ansible-test sanity --venv --python $(SANITY_PYTHON) (all default tests))
	@# no ignore entries: fix the code instead (ansible-lint's production profile rejects most of them too)
	@if cat tests/sanity/ignore-*.txt 2>/dev/null | grep -vE '^[[:space:]]*(#|$$)'; then \
		echo "!!! the sanity ignore entries above are not allowed in this collection" >&2; exit 1; fi
	@cd "$(LAYOUT)" && $(RUN) ansible-test sanity --venv --python $(SANITY_PYTHON)
	$(call say,ansible-test sanity --test compile --test import on each supported Python (3.8-3.13) found here)
	@# without --python, ansible-test runs the multi-version tests on each supported Python it finds and
	@# prints "Skipping ... because it could not be found" for the others; pyenv's shims are taken off
	@# PATH (a shim for a version that is not installed fails instead of being skipped) and the
	@# installed pyenv versions put on it
	@cd "$(LAYOUT)" && PATH="$(BIN):$(if $(PYENV_PATH),$(PYENV_PATH):)$$(tr : '\n' <<<"$$PATH" | grep -v '/shims$$' | paste -sd:)" \
		ansible-test sanity --venv --test compile --test import

.PHONY: integration-target
integration-target: venv layout ## ansible-test integration --venv on the whole checkout (targets under tests/integration/targets)
	$(call say,ansible-test integration --venv --python $(SANITY_PYTHON))
	@# the setup_vro_simulator target starts the simulator from the checkout (simulator/ is in it)
	@cd "$(LAYOUT)" && $(RUN) ansible-test integration --venv --python $(SANITY_PYTHON)

.PHONY: lint
lint: ansible-lint ruff ## ansible-lint, then ruff

.PHONY: ansible-lint
ansible-lint: venv layout ## ansible-lint --profile production on the whole checkout, the plain way
	$(call say,ansible-lint --profile production (whole checkout; only ANSIBLE_COLLECTIONS_PATH set))
	@cd "$(LAYOUT)" && PATH="$(BIN):$$PATH" ANSIBLE_COLLECTIONS_PATH="$(LAYOUT_ROOT)" \
		ansible-lint --profile production $(if $(CI),--nocolor)

.PHONY: ruff
ruff: venv ## ruff format --check and ruff check on plugins/ simulator/ tests/ tools/ benchmarks/
	$(call say,ruff format --check and ruff check: $(RUFF_PATHS))
	@# both run, so that one report shows every finding
	@status=0; \
	$(RUN) ruff format --check $(RUFF_PATHS) || status=1; \
	$(RUN) ruff check $(RUFF_PATHS) || status=1; \
	exit $$status

.PHONY: molecule
molecule: venv collection ## molecule test for each scenario under extensions/molecule/
	$(call say,molecule test for each scenario under extensions/molecule/)
	@scenarios=$$(for f in extensions/molecule/*/molecule.yml; do if [ -f "$$f" ]; then basename "$$(dirname "$$f")"; fi; done); \
	if [ -z "$$scenarios" ]; then \
		echo "!!! NO MOLECULE SCENARIO: nothing matches extensions/molecule/*/molecule.yml, so no role was tested." >&2; \
		exit 1; \
	fi; \
	for scenario in $$scenarios; do \
		echo "--- molecule test -s $$scenario (VRO_* from a fresh simulator)"; \
		$(MOLECULE_ENV) python tools/with_simulator.py --state-file "$(CURDIR)/.sim/molecule-$$scenario.json" -- \
			molecule test -s "$$scenario"; \
	done

.PHONY: changelog-lint
changelog-lint: venv ## antsibull-changelog lint (fragments and changelogs/changelog.yaml)
	$(call say,antsibull-changelog lint)
	@$(RUN) antsibull-changelog lint
	@$(RUN) antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

.PHONY: test
test: unit integration integration-target sanity lint molecule changelog-lint ## unit .. changelog-lint (lint: ansible-lint, ruff), in this order; stops at the first failure
	$(call say,make test: all checks passed)

.PHONY: demo
demo: $(DEMO_STAMP) collection ## start the simulator, run playbooks/demo.yml (AWSNEW, wait: true), stop the simulator
	$(call say,demo 1/3: .build/demo-venv is ready (ansible-core $$(sed -n 's/^ansible-core==//p' requirements-demo.txt)))
	$(call say,demo 2/3: starting the vRO simulator (HTTPS on 127.0.0.1; log in .sim/state.log))
	@$(DEMO_ENV) python tools/with_simulator.py --state-file "$(CURDIR)/.sim/state.json" -- \
		bash -c 'printf "\n==> [%s] %s\n" "$$(date +%T)" "demo 3/3: ansible-playbook playbooks/demo.yml (AWSNEW, wait: true)"; \
		exec ansible-playbook playbooks/demo.yml'

.PHONY: build
build: venv ## build the collection artifact into .build/dist (honours build_ignore)
	$(call say,ansible-galaxy collection build)
	@$(RUN) ansible-galaxy collection build --force --output-path "$(BUILD)/dist" .

.PHONY: clean
clean: ## remove .build, .sim, tests/output and caches (keeps .venv)
	@rm -rf "$(BUILD)" .sim tests/output .ansible .pytest_cache .hypothesis
	@find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## clean, and remove .venv
	@rm -rf "$(VENV)"
