/**
 * ELK off the main thread: the editor posts the ELK graph (`toElkGraph`), this worker lays it
 * out and posts the result back, so a 1,000-node import never freezes the page (crossing
 * minimisation alone takes seconds there). One message in, one message out, by `id`.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";

export type LayoutRequest = { id: number; graph: ElkNode };
export type LayoutReply = { id: number; graph: ElkNode } | { id: number; error: string };

const elk = new ELK();

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, graph } = event.data;
  elk.layout(graph).then(
    (laidOut) => self.postMessage({ id, graph: laidOut } satisfies LayoutReply),
    (error: unknown) => self.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies LayoutReply),
  );
};
