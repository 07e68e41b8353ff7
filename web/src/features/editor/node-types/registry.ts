/** The web half of each node type, registered once (house rule 1: same slug as the engine). */
import { agentUI } from "./agent";
import { approvalUI } from "./approval";
import { browserUI } from "./browser";
import { clipsUI } from "./clips";
import { codeUI } from "./code";
import { httpUI } from "./http";
import { imageUI } from "./image";
import { inputUI } from "./input";
import { loopUI } from "./loop";
import { mapUI } from "./map";
import { memorySearchUI } from "./memory_search";
import { memoryWriteUI } from "./memory_write";
import { outputUI } from "./output";
import { routerUI } from "./router";
import { speechUI } from "./speech";
import { subworkflowUI } from "./subworkflow";
import { transcribeUI } from "./transcribe";
import { transformUI } from "./transform";
import { videoUI } from "./video";
import type { ContainerUI, NodeTypeUI } from "./types";

const UIS: readonly NodeTypeUI[] = [inputUI, outputUI, agentUI, httpUI, transformUI, codeUI, routerUI, approvalUI, mapUI, loopUI, subworkflowUI, imageUI, speechUI, videoUI, transcribeUI, clipsUI, browserUI, memorySearchUI, memoryWriteUI];
const BY_TYPE = new Map(UIS.map((ui) => [ui.type, ui]));

const FALLBACK: NodeTypeUI = { type: "*", summary: () => "" };

export function nodeTypeUI(type: string): NodeTypeUI {
  return BY_TYPE.get(type) ?? FALLBACK;
}

/** The container part of a type (`map`, `loop`), or undefined for a plain node. */
export function containerUI(type: string): ContainerUI | undefined {
  return BY_TYPE.get(type)?.container;
}

/** Iteration `index` (0-based) of a container of `type` as people say it: "item 3", "round 1". */
export function iterationName(type: string, index: number): string {
  const ui = containerUI(type);
  return `${ui?.noun ?? "item"} ${index + (ui?.firstNumber ?? 0)}`;
}

export const KNOWN_NODE_TYPES: readonly string[] = UIS.map((ui) => ui.type);
