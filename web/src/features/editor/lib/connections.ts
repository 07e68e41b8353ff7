/** Whether a new connection may be made, and if not, why (shown to the user at once). */
import type { Catalog } from "./catalog";
import { hasErrorHandle, inputPorts, outputPorts, ERROR_HANDLE } from "./catalog";
import { containerName } from "./containers";
import { cycleThrough } from "./graph";
import type { EditorEdge, EditorNode } from "../types";

export type ConnectionAttempt = {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
};

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

const nameOf = (node: EditorNode) => node.data.label || node.id;

export function checkConnection(
  nodes: readonly EditorNode[],
  edges: readonly EditorEdge[],
  catalog: Catalog,
  attempt: ConnectionAttempt,
): ConnectionVerdict {
  const source = nodes.find((n) => n.id === attempt.source);
  const target = nodes.find((n) => n.id === attempt.target);
  if (!source || !target) return { ok: false, reason: "Connect two nodes of this workflow." };
  if (source.id === target.id) return { ok: false, reason: `${nameOf(source)} cannot connect to itself.` };

  const targetInfo = catalog.get(target.data.type, target.data.typeVersion);
  if (inputPorts(targetInfo).length === 0) {
    return { ok: false, reason: `${nameOf(target)} is where a run starts: it takes no incoming connection.` };
  }
  // A body runs once per item: nothing outside it can wait on one of its steps, nor feed one.
  const sourceParent = source.parentId ?? null;
  const targetParent = target.parentId ?? null;
  if (sourceParent !== targetParent) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const reason =
      sourceParent === target.id || targetParent === source.id
        ? `${nameOf(sourceParent === target.id ? source : target)} is inside ${nameOf(sourceParent === target.id ? target : source)}: a body starts on its own (it reads map.item or loop.previous) and the container's result goes out from its own output.`
        : `That connection would cross the wall of ${containerName(byId.get((sourceParent ?? targetParent)!))}: connect nodes in the same container, or connect to the container itself.`;
    return { ok: false, reason };
  }
  const sourceInfo = catalog.get(source.data.type, source.data.typeVersion);
  if (attempt.sourceHandle === ERROR_HANDLE) {
    if (!hasErrorHandle(sourceInfo, source.data.type)) return { ok: false, reason: `${nameOf(source)} has no error output.` };
    return finalChecks(edges, attempt, source, target);
  }
  const outs = outputPorts(sourceInfo, source.data.config);
  if (outs.ports.length === 0) {
    return {
      ok: false,
      reason: outs.dynamic
        ? `${nameOf(source)} has no outputs yet: add a route first.`
        : `${nameOf(source)} is an end of the workflow: it has no output to connect from.`,
    };
  }
  if (outs.dynamic && !outs.ports.some((p) => p.id === attempt.sourceHandle)) {
    return { ok: false, reason: `Choose one of ${nameOf(source)}'s outputs: ${outs.ports.map((p) => p.id).join(", ")}.` };
  }
  return finalChecks(edges, attempt, source, target);
}

function finalChecks(edges: readonly EditorEdge[], attempt: ConnectionAttempt, source: EditorNode, target: EditorNode): ConnectionVerdict {
  const duplicate = edges.some(
    (e) =>
      e.source === attempt.source &&
      e.target === attempt.target &&
      (e.sourceHandle ?? null) === (attempt.sourceHandle ?? null),
  );
  if (duplicate) return { ok: false, reason: `${nameOf(source)} is already connected to ${nameOf(target)} there.` };

  const cycle = cycleThrough(edges, attempt.source, attempt.target);
  if (cycle) {
    return {
      ok: false,
      reason: `That would make a cycle (${cycle.join(" → ")}): workflows run in one direction.`,
    };
  }
  return { ok: true };
}
