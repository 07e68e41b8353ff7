"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";

/** "Delete <name>?": names the workflow and what goes with it. */
export function DeleteDialog({
  workflow,
  onClose,
  onDelete,
}: {
  workflow: { id: string; name: string } | null;
  onClose: () => void;
  onDelete: (id: string) => void;
}) {
  return (
    <Dialog
      open={workflow !== null}
      onClose={onClose}
      size="sm"
      title={
        <>
          Delete <span className="break-words">“{workflow?.name}”</span>?
        </>
      }
      description="The workflow, every version of it and all of its runs are deleted. This cannot be undone."
    >
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            if (workflow) onDelete(workflow.id);
            onClose();
          }}
        >
          Delete workflow
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
