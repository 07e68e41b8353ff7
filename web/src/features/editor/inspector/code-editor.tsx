"use client";

/**
 * The JavaScript editor of a code field: CodeMirror 6 with JavaScript highlighting, line
 * numbers, and the field's validation problems drawn on their lines (lint marks and gutter).
 * Loaded lazily (`next/dynamic` in schema-field.tsx): only an inspector showing a code
 * field downloads it.
 */
import { javascript } from "@codemirror/lang-javascript";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import CodeMirror, { type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { useEffect, useMemo, useRef } from "react";

import { codeMarks } from "./code-problems";

export type CodeEditorProps = {
  id: string;
  value: string;
  onChange(value: string): void;
  problems: readonly string[];
  describedBy?: string;
};

export default function CodeEditor({ id, value, onChange, problems, describedBy }: CodeEditorProps) {
  const ref = useRef<ReactCodeMirrorRef>(null);
  const extensions = useMemo(
    () => [
      javascript(),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        id,
        "aria-label": "JavaScript code",
        "aria-invalid": problems.length ? "true" : "false",
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      }),
    ],
    [id, describedBy, problems.length],
  );

  useEffect(() => {
    const view = ref.current?.view;
    if (!view) return;
    const marks = codeMarks(view.state.doc.toString(), problems);
    view.dispatch(setDiagnostics(view.state, marks.map((m) => ({ ...m, severity: "error" as const }))));
  }, [problems, value]);

  return (
    <div
      className={`overflow-hidden rounded-md border text-[12px] ${problems.length ? "border-danger" : "border-border"}`}
      data-testid="code-editor"
    >
      <CodeMirror
        ref={ref}
        value={value}
        onChange={onChange}
        extensions={extensions}
        minHeight="160px"
        maxHeight="480px"
        basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: true, autocompletion: false }}
        onCreateEditor={(view) => {
          const marks = codeMarks(view.state.doc.toString(), problems);
          view.dispatch(setDiagnostics(view.state, marks.map((m) => ({ ...m, severity: "error" as const }))));
        }}
      />
    </div>
  );
}
