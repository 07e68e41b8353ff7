// Generated from contracts/ by `npm run gen` — do not edit.
/* eslint-disable */
export type RunEventSchema = (RunQueued | RunStarted | RunWaiting | RunSucceeded | RunFailed | RunCancelled | StepQueued | StepStarted | StepLog | StepRetrying | StepWaiting | StepHeld | StepResumed | StepSucceeded | StepFailed | StepSkipped | StepCancelled | StepDelta)

export interface RunQueued {
at: string
inputs?: {
[k: string]: unknown
}
run_id: string
type: "run.queued"
version: number
workflow_id: string
[k: string]: unknown
}
export interface RunStarted {
at: string
run_id: string
type: "run.started"
[k: string]: unknown
}
export interface RunWaiting {
at: string
run_id: string
type: "run.waiting"
waiting_nodes?: string[]
[k: string]: unknown
}
export interface RunSucceeded {
at: string
duration_ms?: (number | null)
outputs?: {
[k: string]: unknown
}
run_id: string
type: "run.succeeded"
usage?: Usage
[k: string]: unknown
}
export interface Usage {
cached?: boolean
cost_unknown?: boolean
cost_usd?: number
model?: (string | null)
tokens_in?: number
tokens_out?: number
[k: string]: unknown
}
export interface RunFailed {
at: string
duration_ms?: (number | null)
error: ErrorInfo
run_id: string
type: "run.failed"
[k: string]: unknown
}
/**
 * What went wrong, in words a user understands, with a stable code.
 */
export interface ErrorInfo {
code: string
details?: ({
[k: string]: unknown
} | null)
message: string
node_id?: (string | null)
retryable?: boolean
[k: string]: unknown
}
export interface RunCancelled {
at: string
reason?: (string | null)
run_id: string
type: "run.cancelled"
[k: string]: unknown
}
/**
 * The node is ready and scheduled; it starts when the run and the worker have room.
 */
export interface StepQueued {
at: string
attempt?: number
node_id: string
run_id: string
scope?: (string | null)
type: "step.queued"
[k: string]: unknown
}
export interface StepStarted {
at: string
attempt?: number
input?: {
[k: string]: unknown
}
node_id: string
run_id: string
scope?: (string | null)
type: "step.started"
[k: string]: unknown
}
export interface StepLog {
at: string
attempt?: number
data?: ({
[k: string]: unknown
} | null)
level?: ("debug" | "error" | "info" | "warning")
message: string
node_id: string
run_id: string
scope?: (string | null)
type: "step.log"
[k: string]: unknown
}
export interface StepRetrying {
at: string
attempt?: number
delay_s: number
error: ErrorInfo
node_id: string
run_id: string
scope?: (string | null)
type: "step.retrying"
[k: string]: unknown
}
export interface StepWaiting {
at: string
attempt?: number
node_id: string
output?: {
[k: string]: unknown
}
run_id: string
scope?: (string | null)
type: "step.waiting"
[k: string]: unknown
}
/**
 * A running attempt waits for a limit it shares with every worker: a provider key's
 * requests or tokens per minute, or the provider's calls in flight. Not a status change (the
 * step is still running, its row says so); it goes ahead by itself (`step.resumed`), or
 * ends (any later event of the attempt ends the wait).
 */
export interface StepHeld {
allowance: string
at: string
attempt?: number
limit: ("concurrency" | "requests" | "tokens")
node_id: string
provider: string
reason?: "rate_limit"
retry_after_s: number
run_id: string
scope?: (string | null)
type: "step.held"
until: string
[k: string]: unknown
}
/**
 * The held attempt goes ahead: the limit admitted its request.
 */
export interface StepResumed {
at: string
attempt?: number
node_id: string
reason?: "rate_limit"
run_id: string
scope?: (string | null)
type: "step.resumed"
[k: string]: unknown
}
export interface StepSucceeded {
at: string
attempt?: number
decision?: (Decision | null)
duration_ms?: (number | null)
handles?: (string[] | null)
input?: {
[k: string]: unknown
}
node_id: string
output?: {
[k: string]: unknown
}
run_id: string
scope?: (string | null)
seeded_from?: (string | null)
started_at?: (string | null)
type: "step.succeeded"
usage?: (Usage | null)
[k: string]: unknown
}
/**
 * A reviewer's answer to an approval step: the audit the run page shows beside its result.
 */
export interface Decision {
approved: boolean
by_timeout?: boolean
comment?: (string | null)
decided_at: string
decided_by?: (string | null)
edited?: boolean
[k: string]: unknown
}
export interface StepFailed {
at: string
attempt?: number
decision?: (Decision | null)
duration_ms?: (number | null)
error: ErrorInfo
handled?: boolean
node_id: string
run_id: string
scope?: (string | null)
type: "step.failed"
[k: string]: unknown
}
export interface StepSkipped {
at: string
attempt?: number
node_id: string
run_id: string
scope?: (string | null)
type: "step.skipped"
[k: string]: unknown
}
export interface StepCancelled {
at: string
attempt?: number
node_id: string
run_id: string
scope?: (string | null)
type: "step.cancelled"
[k: string]: unknown
}
/**
 * Streamed tokens: live only, never stored; the final output arrives in step.succeeded.
 */
export interface StepDelta {
at: string
attempt?: number
node_id: string
run_id: string
scope?: (string | null)
text: string
type: "step.delta"
[k: string]: unknown
}
