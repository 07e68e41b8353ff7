/** The web half of each node type, registered once (house rule 1: same slug as the engine). */
import { agentUI } from "./agent";
import { approvalUI } from "./approval";
import { codeUI } from "./code";
import { httpUI } from "./http";
import { inputUI } from "./input";
import { outputUI } from "./output";
import { routerUI } from "./router";
import { transformUI } from "./transform";
import type { NodeTypeUI } from "./types";

const UIS: readonly NodeTypeUI[] = [inputUI, outputUI, agentUI, httpUI, transformUI, codeUI, routerUI, approvalUI];
const BY_TYPE = new Map(UIS.map((ui) => [ui.type, ui]));

const FALLBACK: NodeTypeUI = { type: "*", summary: () => "" };

export function nodeTypeUI(type: string): NodeTypeUI {
  return BY_TYPE.get(type) ?? FALLBACK;
}

export const KNOWN_NODE_TYPES: readonly string[] = UIS.map((ui) => ui.type);
