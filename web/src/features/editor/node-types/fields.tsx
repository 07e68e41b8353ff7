"use client";
/**
 * Per-type field editors for the inspector, registered by type and config key (house rule:
 * per-node-type UI lives in the node-type registry). A field listed here replaces the one the
 * config schema would give; the others keep the schema's form.
 */
import type { ComponentType } from "react";

import type { Coalesce } from "../store/history";
import type { FieldSpec } from "../lib/schema-form";
import type { JsonObject, Problem } from "../types";
import { SUBWORKFLOW_FIELDS } from "./subworkflow/fields";

export type CustomFieldProps = {
  nodeId: string;
  /** The workflow being edited (null in previews). */
  workflowId: string | null;
  field: FieldSpec;
  value: unknown;
  config: JsonObject;
  problems: readonly Problem[];
  /** Sets the config at `path` (`[]`: the whole config, one undo step). */
  update(path: readonly (string | number)[], value: unknown, coalesce?: Coalesce): void;
};

export type CustomField = ComponentType<CustomFieldProps>;

const FIELDS: Record<string, Record<string, CustomField>> = {
  subworkflow: SUBWORKFLOW_FIELDS,
};

export function customFieldOf(type: string, key: string): CustomField | undefined {
  return FIELDS[type]?.[key];
}
