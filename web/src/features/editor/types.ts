/**
 * The editor's types: the engine's workflow document (generated from its OpenAPI)
 * and the React Flow nodes/edges the canvas works on.
 */
import type { Edge, Node } from "@xyflow/react";

import type { components } from "@/lib/contracts/generated/openapi";

type Schemas = components["schemas"];

export type WorkflowDoc = Schemas["Workflow"];
export type DocNode = Schemas["Node"];
export type DocEdge = Schemas["Edge"];
export type InputSpec = Schemas["InputSpec"];
export type InputType = InputSpec["type"];
export type WorkflowSettings = Schemas["WorkflowSettings"];
export type NodeTypeInfo = Schemas["NodeTypeRead"];
export type Port = Schemas["PortRead"];
export type Problem = Schemas["Problem"];

export type JsonObject = Record<string, unknown>;
/** A JSON Schema (2020-12) object, as published in `config_schema`. */
export type JsonSchema = JsonObject;

/** What each canvas node carries: the document node minus its id and position. */
export type EditorNodeData = {
  type: string;
  typeVersion: number;
  label: string | null;
  config: JsonObject;
};

export type EditorNode = Node<EditorNodeData>;
export type EditorEdge = Edge;

/** The editable part of the document, as the store holds it. */
export type FlowDoc = {
  nodes: EditorNode[];
  edges: EditorEdge[];
  inputs: Record<string, InputSpec>;
  settings?: WorkflowSettings;
};
