# opsflow.vro: developer tasks. Needs only python3 and make; `make help` lists the targets.
# Every target builds what it needs on first use (.venv, the collection link, the ansible-test copy).

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
# ansible_collections/opsflow/vro -> the repository, for ansible-playbook and pytest
COLLECTIONS := $(BUILD)/collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/opsflow/vro
# a real copy for ansible-test, which needs its cwd inside .../ansible_collections/opsflow/vro
SANITY_ROOT := $(BUILD)/ansible-test
SANITY_COPY := $(SANITY_ROOT)/ansible_collections/opsflow/vro
# installed pyenv Pythons (this machine has them), for compile/import on other Python versions
empty :=
space := $(empty) $(empty)
PYENV_PATH := $(subst $(space),:,$(sort $(wildcard $(or $(PYENV_ROOT),$(HOME)/.pyenv)/versions/3.*/bin)))
OFFLINE_PIP := $(CURDIR)/../shared/tools/ansible-test-offline-pip
# what the ansible-test copy leaves out: local state, caches, VCS, and what is not collection content
COPY_EXCLUDES := ./.venv ./.build ./.sim ./.git ./collections ./.ansible ./tests/output \
	./simulator ./benchmarks ./changelogs/.plugin-cache.yaml \
	__pycache__ .pytest_cache .hypothesis .mypy_cache .ruff_cache '*.pyc' '*.tar.gz'

# tools from .venv first; the collection through ANSIBLE_COLLECTIONS_PATH for ansible-playbook
RUN := PATH="$(BIN):$$PATH"
PLAYBOOK_ENV := $(RUN) ANSIBLE_COLLECTIONS_PATH="$(COLLECTIONS)" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false \
	ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# ansible-lint and molecule put an installed copy of the collection in $ANSIBLE_HOME/collections
# (default ~/.ansible) and look there first: a copy left by an earlier run would shadow the working
# tree. Each gets its own ANSIBLE_HOME under .build; ansible-lint reads the live tree through the link.
LINT_ENV := $(RUN) ANSIBLE_HOME="$(BUILD)/ansible-home/lint" ANSIBLE_COLLECTIONS_PATH="$(COLLECTIONS)"
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
	@echo "    $$("$(BIN)/ansible" --version | head -n 1)"

.PHONY: collection
collection: ## link .build/collections/ansible_collections/opsflow/vro to this repository
	@mkdir -p "$(dir $(COLLECTION_LINK))"
	@ln -sfn "$(CURDIR)" "$(COLLECTION_LINK)"

.PHONY: sanity-copy
sanity-copy: ## copy the collection to .build/ansible-test/ansible_collections/opsflow/vro
	$(call say,copying the collection for ansible-test to $(SANITY_COPY))
	@rm -rf "$(SANITY_ROOT)"
	@mkdir -p "$(SANITY_COPY)"
	@tar -C "$(CURDIR)" $(addprefix --exclude=,$(COPY_EXCLUDES)) -cf - . | tar -C "$(SANITY_COPY)" -xf -
	@# ansible-test lists files with git from the nearest .git upwards: without a repository of its own,
	@# the copy would be seen as ignored files of this checkout (.build/) and every test skipped
	@if command -v git >/dev/null; then git -C "$(SANITY_COPY)" init --quiet; fi

.PHONY: unit
unit: venv collection ## pytest: tests/unit, tests/simulator, tests/packaging (docs, changelog, artifact), the OpenAPI request checker
	$(call say,pytest tests/unit tests/simulator tests/packaging tests/conformance/test_openapi_check.py)
	@$(RUN) python -m pytest $(PYTEST_ARGS) tests/unit tests/simulator tests/packaging tests/conformance/test_openapi_check.py

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
sanity: venv sanity-copy ## ansible-test sanity --venv on the copy: all tests on 3.11, compile/import on 3.8-3.13
	$(call say,ansible-test sanity --venv --python $(SANITY_PYTHON) (all default tests))
	@# no ignore entries: fix the code instead (ansible-lint's production profile rejects most of them too)
	@if cat tests/sanity/ignore-*.txt 2>/dev/null | grep -vE '^[[:space:]]*(#|$$)'; then \
		echo "!!! the sanity ignore entries above are not allowed in this collection" >&2; exit 1; fi
	@if [ -f "$(OFFLINE_PIP)" ]; then $(RUN) bash "$(OFFLINE_PIP)" >/dev/null; fi
	@cd "$(SANITY_COPY)" && $(RUN) ansible-test sanity --venv --python $(SANITY_PYTHON)
	$(call say,ansible-test sanity --test compile --test import on each supported Python (3.8-3.13) found here)
	@# without --python, ansible-test runs the multi-version tests on each supported Python it finds and
	@# prints "Skipping ... because it could not be found" for the others; pyenv's shims are taken off
	@# PATH (a shim for a version that is not installed fails instead of being skipped) and the
	@# installed pyenv versions put on it
	@cd "$(SANITY_COPY)" && PATH="$(BIN):$(if $(PYENV_PATH),$(PYENV_PATH):)$$(tr : '\n' <<<"$$PATH" | grep -v '/shims$$' | paste -sd:)" \
		ansible-test sanity --venv --test compile --test import

.PHONY: integration-target
integration-target: venv sanity-copy ## ansible-test integration --venv on the copy (targets under tests/integration/targets)
	$(call say,ansible-test integration --venv --python $(SANITY_PYTHON))
	@# the setup_vro_simulator target starts the simulator from the copy
	@tar -C "$(CURDIR)" --exclude=__pycache__ -cf - simulator | tar -C "$(SANITY_COPY)" -xf -
	@if [ -f "$(OFFLINE_PIP)" ]; then $(RUN) bash "$(OFFLINE_PIP)" >/dev/null; fi
	@cd "$(SANITY_COPY)" && $(RUN) ansible-test integration --venv --python $(SANITY_PYTHON)

.PHONY: lint
lint: venv collection ## ansible-lint, production profile (.ansible-lint)
	$(call say,ansible-lint (profile: production))
	@$(LINT_ENV) ansible-lint $(if $(CI),--nocolor)

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
test: unit integration integration-target sanity lint molecule changelog-lint ## all of the above, in this order; stops at the first failure
	$(call say,make test: all checks passed)

.PHONY: demo
demo: venv collection ## start the simulator, run playbooks/demo.yml (workflow AWSNEW), stop the simulator
	$(call say,demo: AWSNEW on a local vRO simulator)
	@$(PLAYBOOK_ENV) python tools/with_simulator.py --state-file "$(CURDIR)/.sim/state.json" -- \
		ansible-playbook playbooks/demo.yml

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
