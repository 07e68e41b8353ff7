"""Validation: every problem of a decoded document, at once, each with a stable code.

`validate(doc, catalog)` never raises on a bad document; it returns `[]` when the
document can be saved and run. Checks, in the order they are reported:
size limits, input declarations, node and edge identity (duplicates, dangling and
self-loop edges, duplicate connections), input/output nodes, cycles, containers (a body
node's container exists and is one, no parent cycles, nesting depth, no empty body, no
edge through a container's wall), and per node: its type, its config, its output handles
(every node but input/output may have an `error` one), and the references of its
templates (a body's templates also read their containers' variables, `map` / `loop`, and
a container's `result`/`until` read its body's steps); last, the settings against the
operator's limits when they are given (`limits`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from orrery.spec.catalog import NodeCatalog, NodeInspection
from orrery.spec.document import ERROR_HANDLE, MAX_EDGES, MAX_NODES, Node, Workflow
from orrery.spec.graph import Graph
from orrery.spec.inputs import declaration_problems
from orrery.spec.limits import OperatorLimits, settings_problems
from orrery.spec.nesting import MAX_NESTING, Nesting
from orrery.spec.problems import Problem, ProblemCode
from orrery.spec.templates import ROOTS, SECRET_NAME, Reference, scan_expression, scan_template

INPUT_NODE_TYPE = "input"
OUTPUT_NODE_TYPE = "output"


def validate(doc: Workflow, catalog: NodeCatalog, limits: OperatorLimits | None = None) -> list[Problem]:
    """`limits`: this server's, which the workflow's settings must stay under (None: not checked)."""
    problems: list[Problem] = []
    if len(doc.nodes) > MAX_NODES:
        problems.append(
            Problem(
                "too_many_nodes", f"The workflow has {len(doc.nodes):,} nodes; the limit is {MAX_NODES:,}."
            )
        )
    if len(doc.edges) > MAX_EDGES:
        problems.append(
            Problem(
                "too_many_edges", f"The workflow has {len(doc.edges):,} edges; the limit is {MAX_EDGES:,}."
            )
        )
    problems.extend(declaration_problems(doc))
    problems.extend(_identity(doc))
    types = {node.type for node in doc.nodes}
    if INPUT_NODE_TYPE not in types:
        problems.append(Problem("missing_input_node", "Add an Input node: it is where a run starts."))
    if OUTPUT_NODE_TYPE not in types:
        problems.append(Problem("missing_output_node", "Add an Output node: it is what a run returns."))

    graph = Graph.from_workflow(doc)
    for cycle in graph.cycles():
        problems.append(
            Problem(
                "cycle",
                f"These nodes form a cycle: {' -> '.join([*cycle, cycle[0]])}. Workflows must be acyclic.",
                node_id=cycle[0],
            )
        )
    inspections: dict[str, NodeInspection | None] = {}
    for node in doc.nodes:
        if node.id not in inspections:
            inspections[node.id] = catalog.inspect(node.type, node.type_version, node.config)
    nesting = Nesting(doc)
    problems.extend(_containers(doc, nesting, inspections))
    known = frozenset(i.body_variable for i in inspections.values() if i is not None and i.body_variable)
    seen: set[str] = set()
    for node in doc.nodes:
        if node.id in seen:
            continue
        seen.add(node.id)
        inspection = inspections[node.id]
        if inspection is None:
            problems.append(
                Problem(
                    "unknown_node_type",
                    f"Unknown node type `{node.type}` (version {node.type_version}).",
                    node_id=node.id,
                    path="type",
                )
            )
            continue
        if inspection.config_issues:
            problems.extend(
                Problem("invalid_config", issue.message, node_id=node.id, path=_join("config", issue.path))
                for issue in inspection.config_issues
            )
            continue
        problems.extend(_handles(node, inspection, graph))
        problems.extend(
            _references(doc, node, inspection, graph, _Readable.of(node, nesting, inspections, known))
        )
    if limits is not None:
        problems.extend(settings_problems(doc, limits))
    return problems


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def _identity(doc: Workflow) -> Iterator[Problem]:
    node_ids: set[str] = set()
    for index, node in enumerate(doc.nodes):
        if node.id in node_ids:
            yield Problem(
                "duplicate_node_id",
                f"Two nodes have the id `{node.id}`; ids must be unique.",
                node_id=node.id,
                path=f"nodes[{index}].id",
            )
        node_ids.add(node.id)
    edge_ids: set[str] = set()
    connections: set[tuple[str, str | None, str, str | None]] = set()
    for edge in doc.edges:
        if edge.id in edge_ids:
            yield Problem(
                "duplicate_edge_id",
                f"Two edges have the id `{edge.id}`; ids must be unique.",
                edge_id=edge.id,
            )
        edge_ids.add(edge.id)
        if edge.source not in node_ids or edge.target not in node_ids:
            missing = [end for end in (edge.source, edge.target) if end not in node_ids]
            for end in dict.fromkeys(missing):
                yield Problem(
                    "dangling_edge",
                    f"Edge `{edge.id}` connects to `{end}`, which is not a node of this workflow.",
                    edge_id=edge.id,
                    path="source" if end == edge.source else "target",
                )
            continue
        if edge.source == edge.target:
            yield Problem(
                "self_loop", f"Edge `{edge.id}` connects `{edge.source}` to itself.", edge_id=edge.id
            )
            continue
        key = (edge.source, edge.source_handle, edge.target, edge.target_handle)
        if key in connections:
            yield Problem(
                "duplicate_edge",
                f"Edge `{edge.id}` repeats a connection from `{edge.source}` to `{edge.target}`.",
                edge_id=edge.id,
            )
        connections.add(key)


def _handles(node: Node, inspection: NodeInspection, graph: Graph) -> Iterator[Problem]:
    outgoing = graph.outgoing(node.id)
    handles = inspection.output_handles
    for edge in outgoing:
        if edge.source_handle == ERROR_HANDLE and node.type in (INPUT_NODE_TYPE, OUTPUT_NODE_TYPE):
            yield Problem(
                "error_handle_not_allowed",
                f"Edge `{edge.id}` leaves `{node.id}` from `{ERROR_HANDLE}`: an {node.type} node "
                "cannot fail, so it has no error output.",
                edge_id=edge.id,
                node_id=node.id,
                path="source_handle",
            )
    if handles is not None:
        for edge in outgoing:
            if edge.source_handle == ERROR_HANDLE:
                continue
            if edge.source_handle not in handles:
                named = f"`{edge.source_handle}`" if edge.source_handle else "no output"
                yield Problem(
                    "unknown_handle",
                    f"Edge `{edge.id}` leaves `{node.id}` from {named}; "
                    f"choose one of: {', '.join(handles) or '(none)'}.",
                    edge_id=edge.id,
                    node_id=node.id,
                    path="source_handle",
                )
    connected = {edge.source_handle for edge in outgoing}
    for handle in inspection.required_handles:
        if handle not in connected:
            yield Problem(
                "router_handle_unconnected",
                f"Route `{handle}` of `{node.id}` leads nowhere: connect it to a node or remove it.",
                node_id=node.id,
            )


@dataclass(frozen=True, slots=True)
class _Readable:
    """What one node's templates may read besides `inputs`: the steps upstream of the node or of
    any container around it, the containers' variables; with `body_*`, what its own `result` /
    `until` (evaluated in each iteration of its body) read too."""

    anchors: tuple[str, ...]
    """The node and its containers, nearest first: a step upstream of any of them is readable."""
    variables: frozenset[str]
    body_variable: str | None
    known_variables: frozenset[str]
    """Every container variable of the document (for the message when one is read outside)."""
    parent_of: dict[str, str | None]

    @classmethod
    def of(
        cls,
        node: Node,
        nesting: Nesting,
        inspections: dict[str, NodeInspection | None],
        known: frozenset[str],
    ) -> _Readable:
        ancestors = nesting.ancestors(node.id)
        variables = (_variable(inspections, a) for a in ancestors)
        own = inspections.get(node.id)
        return cls(
            anchors=(node.id, *ancestors),
            variables=frozenset(v for v in variables if v is not None),
            body_variable=own.body_variable if own is not None else None,
            known_variables=known,
            parent_of=nesting.parent,
        )


def _variable(inspections: dict[str, NodeInspection | None], node_id: str) -> str | None:
    found = inspections.get(node_id)
    return found.body_variable if found is not None else None


def _references(
    doc: Workflow, node: Node, inspection: NodeInspection, graph: Graph, readable: _Readable
) -> Iterator[Problem]:
    reported: set[tuple[str, str]] = set()
    for field in inspection.templates:
        scan = scan_expression(field.text) if field.expression else scan_template(field.text)
        path = _join("config", field.path)
        if scan.error:
            code: ProblemCode = "template_too_complex" if scan.too_complex else "invalid_template"
            yield Problem(code, scan.error, node_id=node.id, path=path)
            continue
        for reference in scan.references:
            first = reference.keys[0] if reference.keys else None
            if reference.root == "steps" and isinstance(first, str) and graph.is_upstream(first, node.id):
                continue  # the common case, answered without building a message
            message = _reference_issue(doc, node, reference, graph, readable, body=field.body)
            if message and (path, message) not in reported:
                reported.add((path, message))
                yield Problem("unknown_reference", message, node_id=node.id, path=path)


def _reference_issue(
    doc: Workflow, node: Node, ref: Reference, graph: Graph, readable: _Readable, *, body: bool
) -> str | None:
    variables = readable.variables | ({readable.body_variable} if body and readable.body_variable else set())
    if ref.root in variables:
        return None
    if ref.root in readable.known_variables:
        return (
            f"`{ref.root}` is only defined inside the body of a `{ref.root}` container: "
            f"put `{node.id}` inside one to read `{ref.dotted()}`."
        )
    if ref.root not in ROOTS:
        return (
            f"`{ref.root}` is not defined: templates read `inputs.<name>`, `steps.<node>.output` "
            "and `secrets.<NAME>`."
        )
    if ref.root == "secrets":
        return _secret_issue(ref)
    if not ref.keys:
        return None
    name = ref.keys[0]
    if ref.root == "inputs":
        if name not in doc.inputs:
            return f"`inputs.{name}` is not a declared input of this workflow."
        return None
    if not isinstance(name, str) or name not in graph:
        return f"`steps.{name}`: there is no node `{name}` in this workflow."
    if name == node.id:
        return f"`steps.{name}`: a node cannot read its own output."
    if any(graph.is_upstream(name, anchor) for anchor in readable.anchors):
        return None
    container = readable.parent_of.get(name)
    if body and container == node.id:
        return None  # a container's result/until reads its body's steps
    if container is not None and container not in readable.anchors:
        return (
            f"`steps.{name}` is inside the container `{container}`, which runs it once per item or "
            f"iteration: only `{container}`'s body and its result read it; read `steps.{container}.output`."
        )
    return (
        f"`steps.{name}` is not upstream of `{node.id}`: "
        f"connect `{name}` to `{node.id}` (directly or through other nodes) to read its output."
    )


def _secret_issue(ref: Reference) -> str | None:
    """`secrets.NAME` reads one secret by its name (whether the user has it, the workflows
    service checks: `unknown_secret`)."""
    name = ref.keys[0] if ref.keys else None
    if not isinstance(name, str) or not SECRET_NAME.match(name):
        return "`secrets` is read one secret at a time, by name: `{{ secrets.NAME }}`."
    if len(ref.keys) > 1:
        return f"`secrets.{name}` is text: it has no `{ref.keys[1]}`."
    return None


def _containers(
    doc: Workflow, nesting: Nesting, inspections: dict[str, NodeInspection | None]
) -> Iterator[Problem]:
    """Body nodes name an existing container, parents do not loop, bodies nest at most
    `MAX_NESTING` deep and are not empty, input/output nodes stay at the top level, and no edge
    goes through a container's wall."""
    types = {node.id: node.type for node in reversed(doc.nodes)}
    for node_id, parent in nesting.parent.items():
        if parent is None:
            continue
        found = inspections.get(parent) if parent in nesting.parent else None
        if parent not in nesting.parent:
            yield Problem(
                "parent_not_container",
                f"`{node_id}` is inside `{parent}`, but there is no node `{parent}`.",
                node_id=node_id,
                path="parent",
            )
        elif parent == node_id:
            yield Problem(
                "container_cycle", f"`{node_id}` cannot be inside itself.", node_id=node_id, path="parent"
            )
            continue
        elif found is not None and found.body_variable is None:
            yield Problem(
                "parent_not_container",
                f"`{node_id}` is inside `{parent}`, a `{types[parent]}` node: only a container "
                "(map, loop) has a body.",
                node_id=node_id,
                path="parent",
            )
        if nesting.in_cycle(node_id):
            yield Problem(
                "container_cycle",
                f"`{node_id}` is inside a container that is, in turn, inside `{node_id}`.",
                node_id=node_id,
                path="parent",
            )
            continue
        if len(nesting.ancestors(node_id)) > MAX_NESTING:
            yield Problem(
                "nested_too_deep",
                f"`{node_id}` is inside {len(nesting.ancestors(node_id))} containers; "
                f"containers nest at most {MAX_NESTING} deep.",
                node_id=node_id,
                path="parent",
            )
        if types[node_id] in (INPUT_NODE_TYPE, OUTPUT_NODE_TYPE):
            yield Problem(
                "not_allowed_in_body",
                f"`{node_id}` is an {types[node_id]} node inside `{parent}`: a run's inputs and "
                "outputs belong to the top level; the body's result is its last node's output.",
                node_id=node_id,
                path="parent",
            )
    for node_id, inspection in inspections.items():
        if inspection is not None and inspection.body_variable and not nesting.body(node_id):
            yield Problem(
                "empty_body",
                f"`{node_id}` has an empty body: put the nodes it runs per item or iteration inside it.",
                node_id=node_id,
            )
    for edge in doc.edges:
        if edge.source not in nesting.parent or edge.target not in nesting.parent:
            continue
        source, target = nesting.parent[edge.source], nesting.parent[edge.target]
        if source != target:
            yield Problem(
                "edge_crosses_container",
                f"Edge `{edge.id}` goes from {_where(edge.source, source)} to {_where(edge.target, target)}: "
                "edges stay inside one container's body (or outside every one); connect to the "
                "container itself instead.",
                edge_id=edge.id,
            )


def _where(node_id: str, parent: str | None) -> str:
    return f"`{node_id}` (inside `{parent}`)" if parent else f"`{node_id}` (at the top level)"
