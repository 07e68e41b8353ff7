"""The DynamicWorkflowRunner: run/step state machine, scheduling, retries, cancellation, approvals."""
