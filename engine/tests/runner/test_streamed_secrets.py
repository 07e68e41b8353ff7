"""A secret's value in a model's streamed tokens is masked however the tokens cut it: live
watchers never see a piece of it, and the text they see, joined, is the text masked."""

from __future__ import annotations

import random
import uuid
from types import SimpleNamespace
from typing import Any

from redis.asyncio import Redis

from orrery.events import types as ev
from orrery.events.live import stream_key
from orrery.runner.context import StepContext
from orrery.runner.redaction import Redactor, StreamRedactor
from orrery.store.database import Database
from tests.runner.test_shared_commits import _worker

KEY = "sk-live-5f3a9c0e1d"
SECRETS = {"API_KEY": KEY, "PIN": "4821"}


def _streamed(redactor: Redactor, chunks: list[str]) -> list[str]:
    stream = StreamRedactor(redactor)
    return [*(stream.feed(chunk) for chunk in chunks), stream.end()]


def _pieces(value: str) -> list[str]:
    """Every piece of a value long enough to give part of it away (3 characters or more)."""
    return [value[i:j] for i in range(len(value)) for j in range(i + 3, len(value) + 1)]


def test_a_value_cut_anywhere_by_the_tokens_is_masked_whole() -> None:
    # Given the text a model streams, naming a secret as is, URL-encoded and JSON-escaped
    redactor = Redactor({**SECRETS, "QUOTED": 'pa"ss word'})
    text = f'Use {KEY} (or {KEY.replace("-", "%2D")}?) then PIN 4821, then {{"p": "pa\\"ss word"}} done {KEY}'
    masked = redactor.text(text)
    assert KEY not in masked
    rng = random.Random(7)
    for _ in range(300):
        # When the tokens cut it at random places (from 1 to 40 cuts)
        cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, min(40, len(text) - 1))))
        chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        out = _streamed(redactor, chunks)

        # Then the chunks given out, joined, are the text masked, and none holds a piece of a value
        assert "".join(out) == masked, chunks
        leaks = [piece for piece in _pieces(KEY) if piece not in masked]
        assert not any(piece in given for given in out for piece in leaks), chunks


def test_a_value_that_begins_another_waits_for_the_longer_one() -> None:
    # Given two secrets, one the start of the other
    redactor = Redactor({"SHORT": "abcd", "LONG": "abcdefgh"})

    # When the tokens give the longer one in two pieces
    out = _streamed(redactor, ["x abcd", "efgh y"])

    # Then it is masked as the longer one, with nothing of it given out before
    assert out == ["x ", "[secret LONG] y", ""]
    assert _streamed(redactor, ["x abcd", " y"]) == ["x ", "[secret SHORT] y", ""]


def test_text_that_only_looked_like_a_start_is_given_out_at_the_end() -> None:
    redactor = Redactor(SECRETS)
    assert _streamed(redactor, ["the answer is 48"]) == ["the answer is ", "48"]
    assert _streamed(redactor, ["no secret here"]) == ["no secret here", ""]


async def test_live_watchers_of_an_agents_tokens_never_see_a_piece_of_its_key(
    env: dict[str, str], worker_db: Database, redis: Redis
) -> None:
    # Given a step whose config read the user's API key, on a worker publishing to Valkey
    deps = _worker(worker_db, env, redis)
    run_id = str(uuid.uuid4())
    execution: Any = SimpleNamespace(run_id=run_id, owner_id=str(uuid.uuid4()), inputs={}, deps=deps)
    frame: Any = SimpleNamespace(scope="", variables={})
    step = StepContext(execution, frame, "writer", 1, {}, (), secrets={"API_KEY": KEY})

    # When the model streams the key back, cut in three by its tokens, and the attempt ends
    for token in ["Your key is sk-li", "ve-5f3a", "9c0e1d, keep it safe. sk"]:
        await step.delta(token)
    await step.end_deltas()

    # Then the deltas live watchers get hold no piece of it, and read as the masked text
    live = [ev.decode(entry[b"data"]) for _, entry in await redis.xrange(stream_key(run_id))]
    texts = [event.text for event in live if isinstance(event, ev.StepDelta)]
    assert "".join(texts) == "Your key is [secret API_KEY], keep it safe. sk"
    assert texts == ["Your key is ", "[secret API_KEY], keep it safe. ", "sk"]
    assert not any(piece in text for text in texts for piece in _pieces(KEY))
