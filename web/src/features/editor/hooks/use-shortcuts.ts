"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef } from "react";

import { CLIPBOARD_FORMAT, parseClipboard, serializeClipboard, type ClipboardPayload } from "../lib/clipboard";
import { useEditorStoreApi } from "../store/context";

const STORAGE_KEY = "orrery.editor.clipboard";

/**
 * A modal view over the editor (a version drawn on its own canvas) has the keyboard: the
 * editor's shortcuts must not change the draft hidden behind it.
 */
export function modalOpen(): boolean {
  return document.querySelector("[aria-modal='true']") !== null;
}

/** Typing in a field keeps the browser's own shortcuts (text undo, copy, paste). */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest("input, textarea, select, [contenteditable='true'], [role='dialog']") !== null;
}

function readStored(): ClipboardPayload | null {
  try {
    return parseClipboard(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/**
 * Editor shortcuts on the page: undo/redo, save, copy/paste/duplicate, delete, select all.
 * Copied nodes go to the system clipboard (so they paste into another workflow or tab)
 * and to localStorage (when the clipboard is out of reach).
 */
export function useShortcuts({ onSave }: { onSave(): void }) {
  const store = useEditorStoreApi();
  const flow = useReactFlow();
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const onSaveRef = useRef(onSave);
  useEffect(() => {
    onSaveRef.current = onSave;
  });

  useEffect(() => {
    const actions = () => store.getState().actions;
    let pendingPaste: ReturnType<typeof setTimeout> | undefined;

    const pastePosition = () => {
      const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
      const p = pointer.current;
      const inside = p && pane && p.x >= pane.left && p.x <= pane.right && p.y >= pane.top && p.y <= pane.bottom;
      const at = inside ? p : pane ? { x: pane.left + pane.width / 2 - 120, y: pane.top + pane.height / 2 - 40 } : null;
      return at ? flow.screenToFlowPosition(at) : undefined;
    };

    const doPaste = (payload: ClipboardPayload | null) => {
      if (!payload) return;
      const at = pastePosition();
      const count = actions().paste(payload, at ? { x: Math.round(at.x / 16) * 16, y: Math.round(at.y / 16) * 16 } : undefined);
      if (count) actions().notify(`Pasted ${count} node${count === 1 ? "" : "s"}.`, "info");
    };

    const copy = (): string | null => {
      const payload = actions().copySelection();
      if (!payload) return null;
      const text = serializeClipboard(payload);
      try {
        localStorage.setItem(STORAGE_KEY, text);
      } catch {
        /* storage full or blocked: the system clipboard still has it */
      }
      return text;
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (modalOpen()) return;
      const mod = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      if (mod && key === "s") {
        event.preventDefault();
        onSaveRef.current();
        return;
      }
      if (isEditable(event.target)) return;
      if (mod && key === "z") {
        event.preventDefault();
        if (event.shiftKey) actions().redo();
        else actions().undo();
      } else if (mod && key === "y") {
        event.preventDefault();
        actions().redo();
      } else if (mod && key === "d") {
        event.preventDefault();
        actions().duplicateSelection();
      } else if (mod && key === "a") {
        event.preventDefault();
        actions().selectAll();
      } else if (mod && key === "c") {
        const text = copy();
        if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
      } else if (mod && key === "v") {
        // The `paste` event below usually brings the clipboard; if none comes, use the stored copy.
        clearTimeout(pendingPaste);
        pendingPaste = setTimeout(() => doPaste(readStored()), 120);
      } else if (!mod && (event.key === "Delete" || event.key === "Backspace")) {
        event.preventDefault();
        actions().deleteSelection();
      } else if (event.key === "Escape") {
        actions().select([]);
      }
    };

    const onCopy = (event: ClipboardEvent) => {
      if (modalOpen() || isEditable(event.target) || window.getSelection()?.toString()) return;
      const text = copy();
      if (!text) return;
      event.clipboardData?.setData("text/plain", text);
      event.preventDefault();
    };

    const onPaste = (event: ClipboardEvent) => {
      if (modalOpen() || isEditable(event.target)) return;
      const text = event.clipboardData?.getData("text/plain") ?? "";
      const payload = parseClipboard(text);
      if (!payload && text.trim() && !text.includes(CLIPBOARD_FORMAT)) {
        clearTimeout(pendingPaste); // something else is on the clipboard: not ours to paste
        return;
      }
      clearTimeout(pendingPaste);
      event.preventDefault();
      doPaste(payload ?? readStored());
    };

    const onPointerMove = (event: PointerEvent) => {
      pointer.current = { x: event.clientX, y: event.clientY };
    };

    window.addEventListener("keydown", onKeyDown);
    document.addEventListener("copy", onCopy);
    document.addEventListener("paste", onPaste);
    window.addEventListener("pointermove", onPointerMove, { passive: true });
    return () => {
      clearTimeout(pendingPaste);
      window.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("paste", onPaste);
      window.removeEventListener("pointermove", onPointerMove);
    };
  }, [store, flow]);
}
