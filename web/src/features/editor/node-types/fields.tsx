"use client";
/**
 * Per-type field editors for the inspector, registered by type and config key (house rule:
 * per-node-type UI lives in the node-type registry). A field listed here replaces the one the
 * config schema would give; the others keep the schema's form. A key inside a list names the
 * path without its indexes (`routes.condition`: every route's condition).
 */
import type { ComponentType } from "react";

import type { Coalesce } from "../store/history";
import type { FieldSpec } from "../lib/schema-form";
import type { JsonObject, Problem } from "../types";
import { ConditionField } from "./router/condition-builder";
import { SUBWORKFLOW_FIELDS } from "./subworkflow/fields";

export type CustomFieldProps = {
  nodeId: string;
  /** The workflow being edited (null in previews). */
  workflowId: string | null;
  field: FieldSpec;
  /** Where the field is in the config (`["routes", 0, "condition"]`). */
  path?: readonly (string | number)[];
  value: unknown;
  config: JsonObject;
  problems: readonly Problem[];
  /** Sets the config at `path` (`[]`: the whole config, one undo step). */
  update(path: readonly (string | number)[], value: unknown, coalesce?: Coalesce): void;
};

export type CustomField = ComponentType<CustomFieldProps>;

const FIELDS: Record<string, Record<string, CustomField>> = {
  subworkflow: SUBWORKFLOW_FIELDS,
  router: { "routes.condition": ConditionField },
};

/** The editor for a field of `type`'s config at `path` (list indexes ignored), if it has its own. */
export function customFieldOf(type: string, path: readonly (string | number)[]): CustomField | undefined {
  const key = path.filter((p) => typeof p === "string").join(".");
  return FIELDS[type]?.[key];
}
