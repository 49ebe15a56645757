# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Categories (`/categories`) and actions (`/actions`) of the 8.18.1 spec.

Shapes: `CategoriesList` and `ActionsList` are inventory lists (`link[]` of `rel: down` links with
`attributes`, and `total`); `WsCategory`, `Action` and `WsActionExecutionResult` are plain
documents. Choices where no real sample exists (UNCONFIRMED):
* list link attribute names (`id`, `name`, `type`, `description`; actions add `module`, `fqn`,
  `version`, `output-type`), and a category `path` of names joined by `/`;
* JSON keys follow the spec's XML names, as real servers do for workflows (`input-parameters`,
  `output-type`, `error` for the spec's `errorMessage`);
* an action that throws answers 200 with `state: failed` and the message in `error`; one that
  ends answers `state: completed` and its `value` (none for a `void` action).
"""

from .actions import ACTIONS, ActionThrew
from .documents import Base, link
from .messages import ApiError, json_response
from .parameters import ACTION_CONTEXT_KEYS, describe_parameters, parse_context
from .values import parse_type, render

WORKFLOW_CATEGORY = "WorkflowCategory"


class LibraryApi:
    def __init__(self, settings, catalog, actions=ACTIONS):
        self.settings = settings
        self.catalog = catalog
        self.actions = {action.id: action for action in actions}
        self.actions_by_fqn = {action.fqn: action for action in actions}

    def routes(self):
        return [
            ("GET", "/vco/api/categories", self.categories, True),
            ("GET", "/vco/api/categories/{id}", self.category, True),
            ("GET", "/vco/api/actions", self.list_actions, True),
            ("GET", "/vco/api/actions/{actionId}", self.action_by_id, True),
            ("GET", "/vco/api/actions/{categoryName}/{actionName}", self.action_by_name, True),
            ("POST", "/vco/api/actions/{actionId}/executions", self.run_by_id, True),
            ("POST", "/vco/api/actions/{categoryName}/{actionName}/executions", self.run_by_name, True),
        ]

    # ---- categories

    def categories(self, request):
        wanted = request.arg("categoryType")
        roots_only = (request.arg("isRoot") or "false").lower() == "true"
        base = Base(request, self.settings)
        found = [
            category
            for category in self.catalog.categories
            if wanted in (None, WORKFLOW_CATEGORY) and not (roots_only and category.parent)
        ]
        links = [
            link(
                self._category_href(base, category),
                "down",
                {
                    "id": category.id,
                    "name": category.name,
                    "type": WORKFLOW_CATEGORY,
                    "description": category.description,
                },
            )
            for category in found
        ]
        return json_response(200, {"link": links, "total": len(links)})

    def category(self, request, category_id):
        category = self.catalog.category(category_id)
        if category is None:
            raise ApiError(404, f"Cannot find a category with the specified ID: {category_id}")
        base = Base(request, self.settings)
        relations = [link(self._category_href(base, category.parent), "up")] if category.parent else []
        document = {
            "relations": {"link": relations},
            "id": category.id,
            "name": category.name,
            "description": category.description,
            "path": category.path,
            "type": WORKFLOW_CATEGORY,
            "href": self._category_href(base, category),
            "path-ids": [ancestor.id for ancestor in category.lineage],
        }
        return json_response(200, document)

    @staticmethod
    def _category_href(base, category):
        return f"{base.root}/categories/{category.id}/"

    # ---- actions

    def list_actions(self, request):
        base = Base(request, self.settings)
        links = [
            link(self._action_href(base, action), "down", self._attributes(action)) for action in self.actions.values()
        ]
        return json_response(200, {"link": links, "total": len(links)})

    @staticmethod
    def _attributes(action):
        return {
            "id": action.id,
            "name": action.name,
            "module": action.module,
            "fqn": action.fqn,
            "version": "1.0.0",
            "description": action.description,
            "output-type": action.output_type,
        }

    @staticmethod
    def _action_href(base, action):
        return f"{base.root}/actions/{action.id}/"

    def _by_id(self, action_id):
        action = self.actions.get(action_id)
        if action is None:
            raise ApiError(404, f"Can not find an action with the specified id: {action_id}")
        return action

    def _by_name(self, module, name):
        action = self.actions_by_fqn.get(f"{module}/{name}")
        if action is None:
            raise ApiError(404, f"Can not find an action with the specified name: {module}/{name}")
        return action

    def action_by_id(self, request, action_id):
        return self._definition(request, self._by_id(action_id))

    def action_by_name(self, request, module, name):
        return self._definition(request, self._by_name(module, name))

    def _definition(self, request, action):
        document = self._attributes(action)
        document.update(
            {
                "href": self._action_href(Base(request, self.settings), action),
                "input-parameters": describe_parameters(action.inputs),
                "script": f"// {action.description}",
            }
        )
        return json_response(200, document)

    def run_by_id(self, request, action_id):
        return self._run(request, self._by_id(action_id))

    def run_by_name(self, request, module, name):
        return self._run(request, self._by_name(module, name))

    def _run(self, request, action):
        context = request.json("action execution context")
        values = parse_context(context, action.inputs, self.settings, f"action '{action.fqn}'", ACTION_CONTEXT_KEYS)
        document = {"name": "result", "type": action.output_type}
        try:
            value = action.script(values)
        except ActionThrew as exc:
            document.update(state="failed", error=str(exc), errorLineNumber=2)
            return json_response(200, document)
        if action.output_type != "void":
            document["value"] = render(parse_type(action.output_type), value, self.settings)
        document["state"] = "completed"
        return json_response(200, document)
