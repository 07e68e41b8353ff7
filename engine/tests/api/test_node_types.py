"""GET /api/v1/node-types: the catalog the editor's palette and config forms are built from."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.nodes import node_type_catalog
from orrery.settings import Settings
from tests.workflows.helpers import sign_up


async def test_every_node_type_with_its_ports_and_config_schema(settings: Settings, admin_url: str) -> None:
    # Given a signed-in user
    user = sign_up(admin_url, settings)

    # When the editor asks for the node types
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get("/api/v1/node-types", headers=user.headers)

    # Then every registered type is there, as the registry publishes it
    assert response.status_code == 200
    types = response.json()
    assert types == node_type_catalog()
    assert {t["type"] for t in types} == {
        "input",
        "output",
        "agent",
        "http",
        "transform",
        "router",
        "approval",
        "memory_search",
        "memory_write",
        "code",
        "map",
        "loop",
        "subworkflow",
        "image",
        "speech",
        "video",
        "transcribe",
        "clips",
        "browser",
    }
    agent = next(t for t in types if t["type"] == "agent")
    assert all(agent[key] for key in ("label", "category", "description", "icon"))
    assert agent["inputs"] == [{"id": "in", "label": "In"}]
    assert agent["config_schema"]["type"] == "object"
    assert "prompt" in agent["config_schema"]["properties"]
    assert next(t for t in types if t["type"] == "router")["outputs"] == "dynamic"
    assert next(t for t in types if t["type"] == "input")["inputs"] == []


async def test_node_types_need_a_signed_in_user(settings: Settings) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        assert (await client.get("/api/v1/node-types")).status_code == 401


async def test_the_memory_nodes_sit_between_ai_and_logic_with_their_config_schemas(
    settings: Settings, admin_url: str
) -> None:
    # Given a signed-in user
    user = sign_up(admin_url, settings)

    # When the editor asks for the node types
    async with AsyncTestClient(app=create_app(settings)) as client:
        types = (await client.get("/api/v1/node-types", headers=user.headers)).json()

    # Then the palette has a Memory category after AI and before Logic
    categories = list(dict.fromkeys(t["category"] for t in types))
    assert categories.index("AI") < categories.index("Memory") < categories.index("Logic")

    # And each memory node publishes the config the contract names
    search = next(t for t in types if t["type"] == "memory_search")
    write = next(t for t in types if t["type"] == "memory_write")
    assert (search["icon"], write["icon"]) == ("memory-search", "memory-write")
    properties = search["config_schema"]["properties"]
    assert set(properties) == {"collection", "query", "k", "metadata", "min_score"}
    assert search["config_schema"]["required"] == ["collection", "query"]
    assert (properties["k"]["minimum"], properties["k"]["maximum"]) == (1, 50)
    assert properties["query"]["format"] == "orrery-template"
    assert set(write["config_schema"]["properties"]) == {"collection", "content", "title", "metadata"}
    assert write["config_schema"]["required"] == ["collection", "content"]
