"""An agent's file workspace: with `files` on, the (demo) agent writes `notes.md` and reads it
back through its tools; the file is an asset of the run, listed with the run's files."""

from __future__ import annotations

from orrery.nodes import LocalContext, default_registry


async def test_an_agent_writes_and_reads_a_file_of_its_run(ctx: LocalContext) -> None:
    # Given a demo agent with the file workspace
    node_type = default_registry().get("agent")
    config, issues = node_type.decode(
        {"provider": "demo", "model": "demo", "prompt": "Take notes on tide pools.", "files": True}
    )
    assert config is not None
    assert issues == []

    # When it runs
    result = await node_type.execute(ctx, config)

    # Then it wrote notes.md (an asset of the run) and read it back
    files = await ctx.assets.run_files()
    assert [(f["name"], f["mime"]) for f in files] == [("notes.md", "text/plain")]
    _, data = await ctx.assets.load(files[0])
    assert data.decode().startswith("# Notes")
    calls = [
        part
        for message in result.transcript or []
        for part in message.get("parts", [])
        if part.get("part_kind") == "tool-call"
    ]
    assert [c["tool_name"] for c in calls] == ["write_file", "read_file"]
    returns = [
        part
        for message in result.transcript or []
        for part in message.get("parts", [])
        if part.get("part_kind") == "tool-return"
    ]
    assert returns[0]["content"].startswith("Saved `notes.md`")
    assert returns[1]["content"].startswith("# Notes")


async def test_without_the_workspace_an_agent_has_no_file_tools(ctx: LocalContext) -> None:
    node_type = default_registry().get("agent")
    config, _ = node_type.decode({"provider": "demo", "model": "demo", "prompt": "Take notes."})
    await node_type.execute(ctx, config)
    assert await ctx.assets.run_files() == []


async def test_a_run_s_files_have_a_size_budget_the_agent_is_told_about() -> None:
    from orrery.agents.tools import FILE_BYTES_PER_RUN, FilesTool, files_tools

    # Given a run whose files already hold all but 10 bytes of the budget
    written: list[tuple[str, str]] = []

    async def write(name: str, text: str) -> dict[str, object]:
        written.append((name, text))
        return {"name": name, "size": len(text.encode())}

    async def read(name: str) -> str | None:
        return None

    async def listing() -> list[dict[str, object]]:
        return [{"name": "video.mp4", "mime": "video/mp4", "size": FILE_BYTES_PER_RUN - 10}]

    write_file = next(t for t in files_tools(FilesTool(write, read, listing)) if t.name == "write_file")

    # When an agent writes 11 bytes, then 10
    refused = await write_file.function(name="big.md", content="x" * 11)  # type: ignore[call-arg]
    saved = await write_file.function(name="small.md", content="y" * 10)  # type: ignore[call-arg]

    # Then the first is refused with the reason, the second is saved
    assert refused.startswith("Not saved: this run's files hold")
    assert saved == "Saved `small.md` (10 bytes)."
    assert written == [("small.md", "y" * 10)]


async def test_a_run_s_files_have_a_count_limit_the_agent_is_told_about() -> None:
    from orrery.agents.tools import FILES_PER_RUN, FilesTool, files_tools

    # Given a run that already has the most files a run may have, all of them small
    written: list[str] = []

    async def write(name: str, text: str) -> dict[str, object]:
        written.append(name)
        return {"name": name, "size": len(text.encode())}

    async def read(name: str) -> str | None:
        return None

    async def listing() -> list[dict[str, object]]:
        return [{"name": f"note-{i}.md", "mime": "text/plain", "size": 10} for i in range(FILES_PER_RUN)]

    write_file = next(t for t in files_tools(FilesTool(write, read, listing)) if t.name == "write_file")

    # When an agent writes one more
    refused = await write_file.function(name="one-more.md", content="z")  # type: ignore[call-arg]

    # Then it is refused with the reason, and nothing is written
    assert refused == f"Not saved: this run already has {FILES_PER_RUN} files, the most it may have."
    assert written == []
