"""Decoding a workflow document: field-level errors, size limits, round trips."""

from __future__ import annotations

import json

import msgspec
import pytest

from orrery.nodes import default_registry
from orrery.spec import (
    MAX_DOCUMENT_BYTES,
    DocumentTooLarge,
    InvalidDocument,
    Workflow,
    decode_workflow,
    encode_workflow,
    validate,
    workflow_to_builtins,
)
from tests.spec.documents import chain, document, edge, node, pipeline


def test_a_document_decodes_from_bytes_and_from_parsed_json_alike() -> None:
    # Given the §7 example shape
    data = pipeline(node("script", template="About {{ inputs.topic }}"))

    # When it is decoded from JSON bytes and from the parsed dict
    from_bytes = decode_workflow(json.dumps(data).encode())
    from_dict = decode_workflow(data)

    # Then both give the same typed document, which encodes back to the same content
    assert from_bytes == from_dict
    assert from_bytes.nodes[1].config == {"template": "About {{ inputs.topic }}"}
    assert from_bytes.nodes[0].type_version == 1
    assert decode_workflow(encode_workflow(from_bytes)) == from_bytes
    assert workflow_to_builtins(from_bytes)["edges"][0]["source_handle"] is None


def test_every_malformed_node_and_edge_is_reported_with_its_field() -> None:
    # Given a document with two bad nodes, a bad edge and a misspelt field
    data = pipeline(node("ok"))
    data["nodes"][0]["position"] = {"x": "left"}
    data["nodes"].append({"id": "9lives", "type": "transform"})
    data["edges"].append({"id": "e9", "source": "ok", "souce_handle": "x", "target": "end"})
    data["extra"] = True

    # When it is decoded
    with pytest.raises(InvalidDocument) as caught:
        decode_workflow(data)

    # Then each problem names where it is
    found = {(p.node_id, p.edge_id, p.path): p.message for p in caught.value.problems}
    assert all(p.code == "invalid_document" for p in caught.value.problems)
    assert (None, None, "extra") in found
    assert ("start", None, "position.x") in found
    assert "identifier" in found[("9lives", None, "id")]
    assert "souce_handle" in found[(None, "e9", None)]


def test_a_wrong_schema_and_bad_inputs_are_refused() -> None:
    # Given a document of another schema with an input of an unknown type and a bad name
    data = document([], [], topic={"type": "text"})
    data["schema"] = "orrery.workflow/v2"
    data["inputs"]["my-input"] = {"type": "string"}

    # When it is decoded
    with pytest.raises(InvalidDocument) as caught:
        decode_workflow(data)

    # Then all three are reported
    paths = {p.path for p in caught.value.problems}
    assert {"schema", "inputs.topic.type", "inputs.my-input"} <= paths


def test_invalid_json_is_an_invalid_document() -> None:
    with pytest.raises(InvalidDocument, match="Not valid JSON"):
        decode_workflow(b'{"schema": ')


def test_a_document_over_one_mebibyte_is_too_large() -> None:
    # Given a document padded past 1 MiB
    data = pipeline(node("big", template="x" * MAX_DOCUMENT_BYTES))

    # When it is decoded, as bytes or as parsed JSON
    # Then it is refused as too large (413), not as invalid (422)
    with pytest.raises(DocumentTooLarge) as caught:
        decode_workflow(json.dumps(data).encode())
    assert caught.value.limit == MAX_DOCUMENT_BYTES
    with pytest.raises(DocumentTooLarge):
        decode_workflow(data)


def test_500_nodes_and_2000_edges_are_accepted() -> None:
    # Given a 500-node DAG with ~2,000 edges, each node templating its predecessor
    data = chain(500, fan=4)
    assert len(data["nodes"]) >= 500
    assert len(data["edges"]) >= 1990
    raw = json.dumps(data).encode()
    registry = default_registry()

    # When it is decoded and validated
    doc = decode_workflow(raw)
    problems = validate(doc, registry)

    # Then it is valid (its speed is measured by bench/bench_validate.py, not by a timed test)
    assert problems == []


def test_the_largest_accepted_document_validates_cleanly() -> None:
    # Given the largest document accepted (1,000 nodes, ~4,000 edges)
    doc = decode_workflow(chain(998, fan=4))

    # Then it validates with no problem (its speed is measured by bench/bench_validate.py)
    assert validate(doc, default_registry()) == []


def test_the_document_has_a_json_schema() -> None:
    # The document type itself publishes a JSON Schema (for the OpenAPI and the web)
    schema = msgspec.json.schema(Workflow)
    assert "Workflow" in schema["$defs"]
    assert schema["$defs"]["Workflow"]["properties"]["schema"] == {"enum": ["orrery.workflow/v1"]}


def test_edges_name_their_handles() -> None:
    doc = decode_workflow(document([node("a", "input")], [edge("a", "b", handle="yes")]))
    assert doc.edges[0].source_handle == "yes"
