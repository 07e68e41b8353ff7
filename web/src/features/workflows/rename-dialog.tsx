"use client";

import { useId, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";

import { inputClass } from "./styles";

/** Asks for a new name; `onRename` runs only when the name changed. */
export function RenameDialog({
  workflow,
  onClose,
  onRename,
}: {
  workflow: { id: string; name: string } | null;
  onClose: () => void;
  onRename: (id: string, name: string) => void;
}) {
  return (
    <Dialog open={workflow !== null} onClose={onClose} title="Rename workflow">
      {workflow ? <RenameForm key={workflow.id} workflow={workflow} onClose={onClose} onRename={onRename} /> : null}
    </Dialog>
  );
}

function RenameForm({ workflow, onClose, onRename }: { workflow: { id: string; name: string }; onClose: () => void; onRename: (id: string, name: string) => void }) {
  const id = useId();
  const [name, setName] = useState(workflow.name);
  const trimmed = name.trim();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!trimmed) return;
    if (trimmed !== workflow.name) onRename(workflow.id, trimmed);
    onClose();
  }

  return (
    <form onSubmit={submit}>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium">
        Name
      </label>
      <input
        id={id}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        maxLength={200}
        required
        autoFocus
        className={inputClass}
      />
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={!trimmed}>
          Rename
        </Button>
      </DialogFooter>
    </form>
  );
}
