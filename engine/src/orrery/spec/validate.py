"""Validation: every problem of a decoded document, at once, each with a stable code.

`validate(doc, catalog)` never raises on a bad document; it returns `[]` when the
document can be saved and run. Checks, in the order they are reported:
size limits, input declarations, node and edge identity (duplicates, dangling and
self-loop edges, duplicate connections), input/output nodes, cycles, and per node: its
type, its config, its output handles, and the references of its templates.
"""

from __future__ import annotations

from collections.abc import Iterator

from orrery.spec.catalog import NodeCatalog, NodeInspection, TemplateField
from orrery.spec.document import MAX_EDGES, MAX_NODES, Node, Workflow
from orrery.spec.graph import Graph
from orrery.spec.inputs import declaration_problems
from orrery.spec.problems import Problem, ProblemCode
from orrery.spec.templates import ROOTS, Reference, scan_expression, scan_template

INPUT_NODE_TYPE = "input"
OUTPUT_NODE_TYPE = "output"


def validate(doc: Workflow, catalog: NodeCatalog) -> list[Problem]:
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
    seen: set[str] = set()
    for node in doc.nodes:
        if node.id in seen:
            continue
        seen.add(node.id)
        inspection = catalog.inspect(node.type, node.type_version, node.config)
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
        problems.extend(_references(doc, node, inspection.templates, graph))
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
    if handles is not None:
        for edge in outgoing:
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


def _references(doc: Workflow, node: Node, fields: list[TemplateField], graph: Graph) -> Iterator[Problem]:
    reported: set[tuple[str, str]] = set()
    for field in fields:
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
            message = _reference_issue(doc, node, reference, graph)
            if message and (path, message) not in reported:
                reported.add((path, message))
                yield Problem("unknown_reference", message, node_id=node.id, path=path)


def _reference_issue(doc: Workflow, node: Node, ref: Reference, graph: Graph) -> str | None:
    if ref.root not in ROOTS:
        return f"`{ref.root}` is not defined: templates read `inputs.<name>` and `steps.<node>.output`."
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
    if not graph.is_upstream(name, node.id):
        return (
            f"`steps.{name}` is not upstream of `{node.id}`: "
            f"connect `{name}` to `{node.id}` (directly or through other nodes) to read its output."
        )
    return None
