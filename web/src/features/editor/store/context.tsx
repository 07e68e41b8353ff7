"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import { useStore } from "zustand";

import { createEditorStore, type EditorState, type EditorStore } from "./store";

const EditorStoreContext = createContext<EditorStore | null>(null);

/** One store per editor instance (never a module-level singleton). */
export function EditorStoreProvider({ init, children }: { init: Parameters<typeof createEditorStore>[0]; children: ReactNode }) {
  const [store] = useState(() => createEditorStore(init));
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditor* must be used inside <EditorStoreProvider>");
  return store;
}

/** Subscribes to a slice of the editor state (re-renders only when the slice changes). */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

export const useEditorActions = () => useEditor((s) => s.actions);
