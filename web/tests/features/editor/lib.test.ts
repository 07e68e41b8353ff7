import { describe, expect, it } from "vitest";

import { groupByCategory, outputPorts, searchTypes } from "@/features/editor/lib/catalog";
import { copyNodes, parseClipboard, pasteNodes, serializeClipboard } from "@/features/editor/lib/clipboard";
import { checkConnection } from "@/features/editor/lib/connections";
import { docToFlow, flowToDoc, needsLayout } from "@/features/editor/lib/document";
import { cycleThrough, hasCycle, upstreamOf } from "@/features/editor/lib/graph";
import { isNodeId, nextEdgeId, nextNodeId, slugifyId } from "@/features/editor/lib/ids";
import { referencedSteps, rewriteConfigReferences, rewriteStepReferences } from "@/features/editor/lib/references";
import { freeSpot } from "@/features/editor/lib/placement";
import { renameNode, renameProblem } from "@/features/editor/lib/rename";

import { NODE_TYPES, catalog, sampleDoc } from "./fixtures";

describe("ids", () => {
  it("generates identifiers like agent_2, never uuids or hyphens", () => {
    // Given agent_1 is taken
    const id = nextNodeId("agent", new Set(["agent_1"]));
    // Then the next one is agent_2, and it matches the engine's pattern
    expect(id).toBe("agent_2");
    expect(isNodeId(id)).toBe(true);
    expect(slugifyId("My HTTP-call!")).toBe("my_http_call");
    expect(slugifyId("9 lives")).toBe("n_9_lives");
    expect(isNodeId(nextNodeId("user-check", new Set()))).toBe(true);
  });

  it("suffixes edge ids when taken", () => {
    expect(nextEdgeId("a", "b", new Set())).toBe("e_a_b");
    expect(nextEdgeId("a", "b", new Set(["e_a_b"]))).toBe("e_a_b_2");
    expect(nextEdgeId("r", "b", new Set(), "yes")).toBe("e_r_yes_b");
  });
});

describe("graph", () => {
  const edges = [
    { source: "a", target: "b" },
    { source: "b", target: "c" },
  ];
  it("finds the cycle a new edge would close", () => {
    expect(cycleThrough(edges, "c", "a")).toEqual(["c", "a", "b", "c"]);
    expect(cycleThrough(edges, "a", "c")).toBeNull();
    expect(cycleThrough(edges, "a", "a")).toEqual(["a", "a"]);
  });
  it("knows what is upstream", () => {
    expect([...upstreamOf(edges, "c")].sort()).toEqual(["a", "b"]);
    expect(upstreamOf(edges, "a").size).toBe(0);
  });
  it("detects cycles", () => {
    expect(hasCycle(["a", "b", "c"], edges)).toBe(false);
    expect(hasCycle(["a", "b", "c"], [...edges, { source: "c", target: "a" }])).toBe(true);
  });
});

describe("document <-> flow", () => {
  it("round-trips a document exactly", () => {
    // Given a saved document
    const doc = sampleDoc();
    // When it goes to the canvas and back
    const back = flowToDoc(docToFlow(doc, catalog), catalog);
    // Then nothing changed
    expect(back).toEqual(doc);
  });

  it("names fixed handles on the canvas but stores null for them", () => {
    const flow = docToFlow(sampleDoc(), catalog);
    expect(flow.edges[0]).toMatchObject({ sourceHandle: "out", targetHandle: "in" });
    expect(flow.edges[2]).toMatchObject({ sourceHandle: "yes" });
    const doc = flowToDoc(flow, catalog);
    expect(doc.edges![0]).toMatchObject({ source_handle: null, target_handle: null });
    expect(doc.edges![2]).toMatchObject({ source_handle: "yes" });
  });

  it("spots a document saved without a layout", () => {
    const doc = sampleDoc();
    expect(needsLayout(doc)).toBe(false);
    for (const node of doc.nodes!) node.position = { x: 0, y: 0 };
    expect(needsLayout(doc)).toBe(true);
  });
});

describe("catalog", () => {
  it("groups by category in palette order and searches", () => {
    expect(groupByCategory(catalog.latest).map(([c]) => c)).toEqual(["Inputs & outputs", "AI", "Logic", "Tools", "Human"]);
    expect(searchTypes(NODE_TYPES, "branch").map((t) => t.type)).toEqual(["router"]);
    expect(searchTypes(NODE_TYPES, "http").map((t) => t.type)).toContain("http");
  });

  it("gives routers one output per route, plus else", () => {
    const router = catalog.get("router")!;
    expect(outputPorts(router, { routes: [{ name: "a" }, { name: "b" }], default_route: "else" }).ports.map((p) => p.id)).toEqual(["a", "b", "else"]);
    expect(outputPorts(router, { routes: [{ name: "a" }], default_route: null }).ports.map((p) => p.id)).toEqual(["a"]);
    expect(outputPorts(catalog.get("approval"), { rejected_handle: true }).ports.map((p) => p.id)).toEqual(["approved", "rejected"]);
    expect(outputPorts(catalog.get("agent"), {})).toEqual({ ports: [{ id: "out", label: "Out" }], dynamic: false });
  });
});

describe("connections", () => {
  const flow = docToFlow(sampleDoc(), catalog);
  const check = (source: string, target: string, sourceHandle: string | null = "out") =>
    checkConnection(flow.nodes, flow.edges, catalog, { source, target, sourceHandle, targetHandle: "in" });

  it("refuses a cycle with the path in the reason", () => {
    const verdict = check("router_1", "agent_1", "else");
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/cycle \(router_1 → agent_1 → router_1\)/);
  });
  it("refuses connecting into an input node, out of an output node, to itself, twice", () => {
    expect(check("agent_1", "start").ok).toBe(false);
    expect(check("output_1", "agent_1").ok).toBe(false);
    expect(check("agent_1", "agent_1").ok).toBe(false);
    expect(check("start", "agent_1").ok).toBe(false);
  });
  it("refuses a route that does not exist, accepts a good one", () => {
    expect(check("router_1", "output_1", "nope").ok).toBe(false);
    expect(check("router_1", "output_1", "else")).toEqual({ ok: true });
  });
});

describe("references", () => {
  const mapping = new Map([["agent_1", "agent_3"]]);
  it("rewrites steps.<old> and steps['old'] only for mapped ids", () => {
    expect(rewriteStepReferences("{{ steps.agent_1.output }} {{ steps.agent_10.output }} {{ steps['agent_1'].x }}", mapping)).toBe(
      "{{ steps.agent_3.output }} {{ steps.agent_10.output }} {{ steps['agent_3'].x }}",
    );
    expect(rewriteStepReferences("mysteps.agent_1", mapping)).toBe("mysteps.agent_1");
  });
  it("walks nested configs and finds referenced steps", () => {
    const config = { routes: [{ condition: { left: "steps.agent_1.output.score" } }], pick: { a: "steps.agent_1.output" } };
    expect(rewriteConfigReferences(config, mapping)).toEqual({ routes: [{ condition: { left: "steps.agent_3.output.score" } }], pick: { a: "steps.agent_3.output" } });
    expect([...referencedSteps(config)]).toEqual(["agent_1"]);
  });
});

describe("copy / paste", () => {
  it("remaps ids, keeps edges among pasted nodes and rewrites their references", () => {
    // Given agent_1 -> router_1 copied (router reads steps.agent_1)
    const flow = docToFlow(sampleDoc(), catalog);
    const payload = copyNodes(flow.nodes, flow.edges, new Set(["agent_1", "router_1"]))!;
    expect(payload.edges).toHaveLength(1);
    // When it goes through the clipboard and is pasted into the same workflow
    const parsed = parseClipboard(serializeClipboard(payload))!;
    const result = pasteNodes(parsed, new Set(flow.nodes.map((n) => n.id)), new Set(flow.edges.map((e) => e.id)), { offset: { x: 40, y: 40 } });
    // Then the nodes have fresh ids, the edge joins the copies, the router reads the new agent
    expect(result.nodes.map((n) => n.id)).toEqual(["agent_2", "router_2"]);
    expect(result.edges).toEqual([{ id: "e_agent_2_router_2", source: "agent_2", target: "router_2", sourceHandle: "out", targetHandle: "in" }]);
    const routes = result.nodes[1]!.data.config.routes as { condition: { left: string } }[];
    expect(routes[0]!.condition.left).toBe("steps.agent_2.output");
    expect(result.nodes[0]!.position).toEqual({ x: 340, y: 40 });
    expect(result.nodes.every((n) => n.selected)).toBe(true);
  });

  it("keeps ids when pasting into another workflow where they are free, and refuses junk", () => {
    const flow = docToFlow(sampleDoc(), catalog);
    const payload = copyNodes(flow.nodes, flow.edges, new Set(["start"]))!;
    expect(pasteNodes(payload, new Set(), new Set(), { at: { x: 10, y: 20 } }).nodes[0]).toMatchObject({ id: "start_1", position: { x: 10, y: 20 } });
    expect(parseClipboard("hello")).toBeNull();
    expect(parseClipboard('{"format":"orrery.clipboard/v1","nodes":"x"}')).toBeNull();
  });
});

describe("rename", () => {
  it("renames a node, its edges and the references to it", () => {
    const flow = docToFlow(sampleDoc(), catalog);
    expect(renameProblem(flow.nodes, "agent_1", "start")).toMatch(/already/);
    expect(renameProblem(flow.nodes, "agent_1", "1x")).toMatch(/letters/i);
    const result = renameNode(flow.nodes, flow.edges, "agent_1", "writer");
    expect(result.nodes.map((n) => n.id)).toEqual(["start", "writer", "router_1", "output_1"]);
    expect(result.edges.filter((e) => e.source === "writer" || e.target === "writer")).toHaveLength(2);
    expect(result.nodes[3]!.data.config.value).toBe("{{ steps.writer.output }}");
  });
});

describe("free spot for a new node", () => {
  it("keeps the spot when free and moves off an occupied one", () => {
    expect(freeSpot([], { x: 100, y: 100 })).toEqual({ x: 96, y: 96 });
    const taken = [{ position: { x: 96, y: 96 }, measured: { width: 248, height: 80 } }];
    const spot = freeSpot(taken, { x: 100, y: 100 });
    expect(spot).not.toEqual({ x: 96, y: 96 });
  });
});

describe("layout", () => {
  it("builds an ELK graph with ports in handle order, and lays it out left to right", async () => {
    const { layoutPositions, toElkGraph } = await import("@/features/editor/lib/layout");
    const flow = docToFlow(sampleDoc(), catalog);
    const graph = toElkGraph(flow.nodes, flow.edges, catalog);
    const router = graph.children!.find((c) => c.id === "router_1")!;
    expect(router.ports!.map((p) => p.id)).toEqual(["router_1::in::_", "router_1::out::yes", "router_1::out::else"]);
    expect(graph.edges!.find((e) => e.id === "e3")!.sources).toEqual(["router_1::out::yes"]);
    const positions = await layoutPositions(flow.nodes, flow.edges, catalog);
    const xs = ["start", "agent_1", "router_1", "output_1"].map((id) => positions.get(id)!.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });
});
