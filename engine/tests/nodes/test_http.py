"""The http node against a real server on 127.0.0.1 (private networks explicitly allowed
for these tests), and the guard refusing what it must."""

from __future__ import annotations

from typing import Any

import pytest

from orrery.net import SafeHttpClient
from orrery.nodes import HttpRequestFailed, HttpStatusError, LocalContext, NodeResult, default_registry
from orrery.spec import Node
from tests.nodes.conftest import LocalServer


async def fetch(http: SafeHttpClient, config: dict[str, Any], **context: Any) -> NodeResult:
    ctx = LocalContext(http=http, run_id="run-1", node_id="fetch", attempt=2, **context)
    return await default_registry().execute(ctx, Node(id="fetch", type="http", config=config))


async def test_a_post_renders_its_templates_and_returns_parsed_json(
    server: LocalServer, local_http: SafeHttpClient
) -> None:
    # Given an http node posting a JSON body built from the run's data
    config = {
        "method": "POST",
        "url": server.url("/echo?q={{ inputs.topic }}"),
        "headers": {"X-Topic": "{{ inputs.topic }}"},
        "body": '{"topic": {{ inputs.topic | tojson }}}',
    }

    # When it runs
    result = await fetch(local_http, config, inputs={"topic": "owls"})

    # Then the request carried the rendered parts and the idempotency key of this attempt
    (request,) = server.requests
    assert request["headers"]["X-Topic"] == "owls"
    assert request["headers"]["Idempotency-Key"] == "run-1:fetch:2"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Host"] == f"127.0.0.1:{server.port}"

    # And the output has the status, headers and the body parsed as JSON
    assert result.output["status"] == 200
    assert result.output["headers"]["content-type"] == "application/json"
    assert result.output["body"] == {"method": "POST", "body": '{"topic": "owls"}', "query": {"q": "owls"}}


async def test_a_text_response_is_text(server: LocalServer, local_http: SafeHttpClient) -> None:
    result = await fetch(local_http, {"url": server.url("/text")})
    assert result.output["body"] == "plain words"


async def test_the_connection_goes_to_the_checked_address_not_a_new_lookup(server: LocalServer) -> None:
    # Given a name only our (fake) DNS knows, pointing at the test server
    async def dns(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host == "api.orrery.test" else []

    async with SafeHttpClient(allow_private_networks=True, resolver=dns) as http:
        # When the node calls that name
        result = await fetch(http, {"url": f"http://api.orrery.test:{server.port}/echo"})

    # Then it reached the server at the resolved address, with the name as Host
    assert result.output["status"] == 200
    assert server.requests[0]["headers"]["Host"] == f"api.orrery.test:{server.port}"


async def test_redirects_are_followed_and_each_one_rechecked(
    server: LocalServer, local_http: SafeHttpClient
) -> None:
    # Given a redirect to another path on the server
    result = await fetch(local_http, {"url": server.url("/redirect?to=/echo")})
    assert result.output["body"]["method"] == "GET"
    assert result.output["url"] == server.url("/echo")

    # When a redirect points at the cloud metadata address (or a name resolving to it)
    for target in ("http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/"):
        with pytest.raises(HttpRequestFailed, match="metadata") as caught:
            await fetch(local_http, {"url": server.url(f"/redirect?to={target}")})

        # Then the step fails for good (no retry would help)
        assert caught.value.retryable is False


async def test_a_name_resolving_to_a_private_address_is_refused(server: LocalServer) -> None:
    # Given the production guard, and DNS sending a name to a private address
    async def dns(host: str, port: int) -> list[str]:
        return {"intranet.orrery.test": ["10.1.1.1"]}[host]

    async with SafeHttpClient(resolver=dns) as http:
        # When a request goes to the private name directly, it is refused before connecting
        with pytest.raises(HttpRequestFailed, match=r"10\.1\.1\.1"):
            await fetch(http, {"url": "http://intranet.orrery.test/"})
    assert server.requests == []


async def test_redirect_loops_stop(server: LocalServer, local_http: SafeHttpClient) -> None:
    # Given a URL that redirects to itself forever
    with pytest.raises(HttpRequestFailed, match="More than 5 redirects") as caught:
        await fetch(local_http, {"url": server.url("/loop")})

    # Then the node gives up after the first request and 5 redirects
    assert caught.value.retryable is False
    assert len(server.requests) == 6


async def test_the_response_size_is_capped(server: LocalServer, local_http: SafeHttpClient) -> None:
    # A declared length over the cap fails before reading; a chunked stream is cut off
    with pytest.raises(HttpRequestFailed, match="limit"):
        await fetch(local_http, {"url": server.url("/big?size=5000"), "max_response_bytes": 4096})
    with pytest.raises(HttpRequestFailed, match="over the limit of 4,096 bytes"):
        await fetch(local_http, {"url": server.url("/stream?chunks=50"), "max_response_bytes": 4096})
    ok = await fetch(local_http, {"url": server.url("/big?size=4096"), "max_response_bytes": 4096})
    assert len(ok.output["body"]) == 4096


async def test_a_slow_answer_times_out_retryably(server: LocalServer, local_http: SafeHttpClient) -> None:
    with pytest.raises(HttpRequestFailed, match=r"within 0\.3 s") as caught:
        await fetch(local_http, {"url": server.url("/slow?seconds=2"), "timeout_s": 0.3})
    assert caught.value.retryable is True


@pytest.mark.parametrize(
    ("code", "retryable"), [(503, True), (500, True), (429, True), (404, False), (400, False)]
)
async def test_error_statuses_fail_retryably_or_not(
    server: LocalServer, local_http: SafeHttpClient, code: int, retryable: bool
) -> None:
    with pytest.raises(HttpStatusError) as caught:
        await fetch(local_http, {"url": server.url(f"/status?code={code}")})
    assert caught.value.status == code
    assert caught.value.retryable is retryable
    assert caught.value.retry_after_s == 7
    assert "nope" in str(caught.value)


async def test_error_statuses_can_be_outputs(server: LocalServer, local_http: SafeHttpClient) -> None:
    result = await fetch(local_http, {"url": server.url("/status?code=404"), "fail_on_error_status": False})
    assert result.output["status"] == 404
    assert result.output["body"] == {"error": "nope"}


async def test_loopback_is_refused_without_the_opt_in(
    server: LocalServer, public_http: SafeHttpClient
) -> None:
    # Given the production client, when the node calls the local server
    with pytest.raises(HttpRequestFailed, match="loopback"):
        await fetch(public_http, {"url": server.url("/echo")})

    # Then nothing reached it
    assert server.requests == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://x", "http://user:pw@example.com/", "/relative"]
)
async def test_only_plain_http_urls_are_requested(public_http: SafeHttpClient, url: str) -> None:
    with pytest.raises(HttpRequestFailed):
        await fetch(public_http, {"url": "{{ inputs.url }}"}, inputs={"url": url})
