/**
 * The code field: which schema strings get the JavaScript editor, and where on its lines the
 * engine's validation problems go. The engine reports a syntax error in the node's `code`
 * field as `SyntaxError: … at line 2, column 9` (line and column in the user's code).
 */
import type { FieldSpec } from "../lib/schema-form";

/** The JSON Schema `format` the engine puts on a JavaScript field (the code node's `code`). */
export const JAVASCRIPT_FORMAT = "javascript";

export function isCodeField(field: FieldSpec): boolean {
  return field.kind === "text" && field.format === JAVASCRIPT_FORMAT;
}

export type CodeMark = { from: number; to: number; message: string };

const AT_LINE = /\bat line (\d+)(?:, column (\d+))?/;

/**
 * Each problem message as a range of `text`: the reported line from its column (or its first
 * non-blank character) to the line's end; a message without a line marks the first line.
 */
export function codeMarks(text: string, messages: readonly string[]): CodeMark[] {
  const lines = text.split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return messages.map((message) => {
    const match = AT_LINE.exec(message);
    const lineIndex = Math.min(Math.max(match ? Number(match[1]) - 1 : 0, 0), lines.length - 1);
    const line = lines[lineIndex] ?? "";
    const start = starts[lineIndex] ?? 0;
    const indent = line.length - line.trimStart().length;
    const column = match?.[2] ? Math.min(Number(match[2]) - 1, line.length) : indent;
    const from = start + column;
    const to = Math.max(start + line.length, from);
    return { from, to, message };
  });
}
