"""The workflow document (msgspec types) and its validation. Imports nothing else of ours.

doc = decode_workflow(body)           # DocumentTooLarge (413) / InvalidDocument (422)
problems = validate(doc, registry)    # every problem at once; [] means valid
graph = Graph.from_workflow(doc)      # topological order, upstream/downstream
"""

from __future__ import annotations

from orrery.spec.catalog import ConfigIssue, NodeCatalog, NodeInspection, TemplateField
from orrery.spec.document import (
    ERROR_HANDLE,
    MAX_DOCUMENT_BYTES,
    MAX_EDGES,
    MAX_NODES,
    SCHEMA_V1,
    Edge,
    InputSpec,
    Node,
    NodeDefaults,
    Position,
    Size,
    Workflow,
    decode_workflow,
    encode_workflow,
    workflow_to_builtins,
)
from orrery.spec.errors import CycleError, DocumentTooLarge, InvalidDocument, SpecError
from orrery.spec.graph import Graph
from orrery.spec.inputs import InputError, InvalidInputs, inputs_json_schema, resolve_inputs
from orrery.spec.limits import OperatorLimits, settings_problems
from orrery.spec.nesting import MAX_NESTING, Nesting
from orrery.spec.problems import Problem, ProblemCode
from orrery.spec.templates import (
    Reference,
    Scan,
    parse_path,
    scan_expression,
    scan_template,
    secret_names,
)
from orrery.spec.validate import INPUT_NODE_TYPE, OUTPUT_NODE_TYPE, validate

__all__ = [
    "ERROR_HANDLE",
    "INPUT_NODE_TYPE",
    "MAX_DOCUMENT_BYTES",
    "MAX_EDGES",
    "MAX_NESTING",
    "MAX_NODES",
    "OUTPUT_NODE_TYPE",
    "SCHEMA_V1",
    "ConfigIssue",
    "CycleError",
    "DocumentTooLarge",
    "Edge",
    "Graph",
    "InputError",
    "InputSpec",
    "InvalidDocument",
    "InvalidInputs",
    "Nesting",
    "Node",
    "NodeCatalog",
    "NodeDefaults",
    "NodeInspection",
    "OperatorLimits",
    "Position",
    "Problem",
    "ProblemCode",
    "Reference",
    "Scan",
    "Size",
    "SpecError",
    "TemplateField",
    "Workflow",
    "decode_workflow",
    "encode_workflow",
    "inputs_json_schema",
    "parse_path",
    "resolve_inputs",
    "scan_expression",
    "scan_template",
    "secret_names",
    "settings_problems",
    "validate",
    "workflow_to_builtins",
]
