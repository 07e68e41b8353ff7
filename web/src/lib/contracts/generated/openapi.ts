// Generated from contracts/ by `npm run gen` — do not edit.
/* eslint-disable */
export interface paths {
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API keys (prefix and scopes; never the key) */
        get: operations["ApiV1ApiKeysListKeys"];
        put?: never;
        /** Create an API key: the answer holds the key, shown this once */
        post: operations["ApiV1ApiKeysCreateKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{key_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API key: it stops working at once */
        post: operations["ApiV1ApiKeysKeyIdRevokeRevokeKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/asset-files/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An asset's bytes through a signed URL (no bearer token) */
        get: operations["ApiV1AssetFilesTokenSignedFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your assets, newest first; filter by run and kind */
        get: operations["ApiV1AssetsListAssets"];
        put?: never;
        /**
         * Upload a file (the raw body); its type is decided from its bytes
         * @description The body is the file, read as it arrives (never whole in memory): over the size limit (`ASSETS_MAX_UPLOAD_BYTES`, by `Content-Length` or by the bytes counted) it is answered 413 with nothing stored. `name` is only a label; the `Content-Type` is not believed. Images, audio and video are checked against the dimension and duration limits. Accepted: images (PNG, JPEG, GIF, WebP), audio (WAV, MP3, Ogg, FLAC, M4A), video (MP4, WebM), PDF, JSON and text.
         */
        post: operations["ApiV1AssetsUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{asset_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An asset's metadata */
        get: operations["ApiV1AssetsAssetIdGetAsset"];
        put?: never;
        post?: never;
        /** Delete an asset (its file too) */
        delete: operations["ApiV1AssetsAssetIdDeleteAsset"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{asset_id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An asset's bytes (all, or the one `Range` asked for) */
        get: operations["ApiV1AssetsAssetIdContentContent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{asset_id}/url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A short-lived signed URL for the asset's bytes (for <img>, <audio>, <video>) */
        post: operations["ApiV1AssetsAssetIdUrlSignedUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat-sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A chat session */
        get: operations["ApiV1ChatSessionsSessionIdGetSession"];
        put?: never;
        post?: never;
        /** Delete a chat session and its messages (their runs stay in run history) */
        delete: operations["ApiV1ChatSessionsSessionIdDeleteSession"];
        options?: never;
        head?: never;
        /** Rename a chat session */
        patch: operations["ApiV1ChatSessionsSessionIdRenameSession"];
        trace?: never;
    };
    "/api/v1/chat-sessions/{session_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A chat session's messages, oldest first, each reply as its run says it is now */
        get: operations["ApiV1ChatSessionsSessionIdMessagesListMessages"];
        put?: never;
        /**
         * Send a message: it starts a run with the conversation so far, which writes the reply
         * @description The run is given `{message, history}` (`history`: the earlier turns, oldest first, `{role, content}` each, when the workflow declares it). Follow `events_url` for the reply's tokens (`step.delta`); read the messages again for the reply once the run ends.
         */
        post: operations["ApiV1ChatSessionsSessionIdMessagesSend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your saved provider keys (hints only, never the key) */
        get: operations["ApiV1CredentialsListCredentials"];
        put?: never;
        /** Save a provider key (encrypted at rest) */
        post: operations["ApiV1CredentialsCreateCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credentials/{credential_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a saved key */
        delete: operations["ApiV1CredentialsCredentialIdDeleteCredential"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credentials/{credential_id}/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set your own per-minute limits on a saved key (the lower of yours and the operator's) */
        patch: operations["ApiV1CredentialsCredentialIdLimitsSetCredentialLimits"];
        trace?: never;
    };
    "/api/v1/hooks/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Call a webhook: starts its workflow's run (no bearer token: the URL is the secret) */
        post: operations["ApiV1HooksTokenCallHook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This server's limits per run: the default and the ceiling of a workflow's settings */
        get: operations["ApiV1LimitsOperatorLimitsRead"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["ApiV1MeMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/memory/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your memory collections, by name */
        get: operations["ApiV1MemoryCollectionsListCollections"];
        put?: never;
        /** Create a memory collection */
        post: operations["ApiV1MemoryCollectionsCreateCollection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/memory/collections/{collection_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A memory collection */
        get: operations["ApiV1MemoryCollectionsCollectionIdGetCollection"];
        put?: never;
        post?: never;
        /** Delete a memory collection with its documents and chunks */
        delete: operations["ApiV1MemoryCollectionsCollectionIdDeleteCollection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/memory/collections/{collection_id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A collection's documents, newest first */
        get: operations["ApiV1MemoryCollectionsCollectionIdDocumentsListDocuments"];
        put?: never;
        /**
         * Add a document (text, a file: PDF, DOCX, HTML, markdown, text; or a URL): chunked, then embedded in the background
         * @description 201 with the new document, `queued`: a worker reads it (a file: `extracting`, with `pages_read` of `pages_total` for a PDF) and embeds it (`embedding` with `chunks_embedded`), then `ready`, when search finds it, or `failed` with `error` (a file with no text, a damaged one, a PDF over the page limit). 200 when the same text (the same file's bytes) is already in the collection (`deduplicated`: nothing was stored). With `follow`, a worker adds the site's other pages too, each a document of its own, counting them on the document's `crawl`.
         */
        post: operations["ApiV1MemoryCollectionsCollectionIdDocumentsAddDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/memory/collections/{collection_id}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The chunks most similar to a query (cosine), best first */
        post: operations["ApiV1MemoryCollectionsCollectionIdSearchSearch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/memory/documents/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A memory document */
        get: operations["ApiV1MemoryDocumentsDocumentIdGetDocument"];
        put?: never;
        post?: never;
        /** Delete a document */
        delete: operations["ApiV1MemoryDocumentsDocumentIdDeleteDocument"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/memory/documents/{document_id}/chunks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A document's chunks, in order */
        get: operations["ApiV1MemoryDocumentsDocumentIdChunksListChunks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/model-providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The model providers an agent can use */
        get: operations["ApiV1ModelProvidersModelProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/node-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every node type: label, category, ports and config JSON Schema */
        get: operations["ApiV1NodeTypesNodeTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notification-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where else your notifications go (outgoing webhook, email) */
        get: operations["ApiV1NotificationSettingsGetNotificationSettings"];
        /** Send notifications to a webhook (signed) and/or by email (fields sent only; null clears) */
        put: operations["ApiV1NotificationSettingsPutNotificationSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your notifications, newest first */
        get: operations["ApiV1NotificationsListNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark notifications read (all unread ones without `ids`) */
        post: operations["ApiV1NotificationsReadMarkNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/unread": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many notifications are unread */
        get: operations["ApiV1NotificationsUnreadUnreadNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List runs, newest first */
        get: operations["ApiV1RunsListRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run with every step attempt */
        get: operations["ApiV1RunsRunIdGetRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete every asset of a run (their files too) */
        delete: operations["ApiV1RunsRunIdAssetsDeleteRunAssets"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a run */
        post: operations["ApiV1RunsRunIdCancelCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The run's events (SSE): history after Last-Event-ID, then live, until the run ends */
        get: operations["ApiV1RunsRunIdEventsRunEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/fork": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Fork a finished run from a step: re-run it and everything downstream as a new run */
        post: operations["ApiV1RunsRunIdForkFork"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry from a failed or named step */
        post: operations["ApiV1RunsRunIdRetryRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/spec": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workflow version the run pinned */
        get: operations["ApiV1RunsRunIdSpecGetRunSpec"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/steps/{node_id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve or reject a waiting approval step */
        post: operations["ApiV1RunsRunIdStepsNodeIdDecisionDecide"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{schedule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A schedule */
        get: operations["ApiV1SchedulesScheduleIdGetSchedule"];
        put?: never;
        post?: never;
        /** Delete a schedule (its runs stay) */
        delete: operations["ApiV1SchedulesScheduleIdDeleteSchedule"];
        options?: never;
        head?: never;
        /** Change a schedule (only the fields sent); `paused` pauses or resumes it */
        patch: operations["ApiV1SchedulesScheduleIdUpdateSchedule"];
        trace?: never;
    };
    "/api/v1/schedules/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The next fires of a cron expression in a time zone */
        post: operations["ApiV1SchedulesPreviewPreviewSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your secrets' names (never a value) */
        get: operations["ApiV1SecretsListSecrets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/secrets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Add a secret (201), or replace its value (200); encrypted, never shown again */
        put: operations["ApiV1SecretsNamePutSecret"];
        post?: never;
        /** Delete a secret */
        delete: operations["ApiV1SecretsNameDeleteSecret"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Starter templates */
        get: operations["ApiV1TemplatesListTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A starter template with its spec */
        get: operations["ApiV1TemplatesSlugGetTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook */
        get: operations["ApiV1WebhooksWebhookIdGetWebhook"];
        put?: never;
        post?: never;
        /** Delete a webhook (its URL answers 404 from now on; its runs stay) */
        delete: operations["ApiV1WebhooksWebhookIdDeleteWebhook"];
        options?: never;
        head?: never;
        /** Change a webhook (only the fields sent) */
        patch: operations["ApiV1WebhooksWebhookIdUpdateWebhook"];
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's recent calls, newest first (time, status, run, error) */
        get: operations["ApiV1WebhooksWebhookIdCallsListWebhookCalls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What the mapping makes of a sample call (starts nothing) */
        post: operations["ApiV1WebhooksWebhookIdTestTestWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List workflows, most recently edited first */
        get: operations["ApiV1WorkflowsListWorkflows"];
        put?: never;
        /**
         * Create a workflow from a spec or a template
         * @description A spec that decodes is saved even with validation problems (a draft); they come back in `problems`, and a workflow with problems cannot run.
         */
        post: operations["ApiV1WorkflowsCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow with its current spec and its problems */
        get: operations["ApiV1WorkflowsWorkflowIdGetWorkflow"];
        /** Rename and/or save a new spec (a changed spec makes a new version) */
        put: operations["ApiV1WorkflowsWorkflowIdUpdate"];
        post?: never;
        /** Delete a workflow and its runs */
        delete: operations["ApiV1WorkflowsWorkflowIdDeleteWorkflow"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/chat-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow's chat sessions, most recently active first */
        get: operations["ApiV1WorkflowsWorkflowIdChatSessionsListSessions"];
        put?: never;
        /** Start a chat session with a workflow */
        post: operations["ApiV1WorkflowsWorkflowIdChatSessionsCreateSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/duplicate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Copy a workflow */
        post: operations["ApiV1WorkflowsWorkflowIdDuplicateDuplicate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A self-contained export document */
        get: operations["ApiV1WorkflowsWorkflowIdExportExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/pins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The outputs pinned on the workflow's nodes (used by test runs only) */
        get: operations["ApiV1WorkflowsWorkflowIdPinsListPins"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/pins/{node_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Pin an output on a node */
        put: operations["ApiV1WorkflowsWorkflowIdPinsNodeIdPutPin"];
        post?: never;
        /** Unpin a node's output */
        delete: operations["ApiV1WorkflowsWorkflowIdPinsNodeIdDeletePin"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/refine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Propose a change to a workflow from an instruction (not saved)
         * @description The proposed document and what it changes; accept it by saving it with `based_on_version`.
         */
        post: operations["ApiV1WorkflowsWorkflowIdRefineRefine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a run (optionally waiting for its outputs) */
        post: operations["ApiV1WorkflowsWorkflowIdRunsStart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow's schedules, with their next fires */
        get: operations["ApiV1WorkflowsWorkflowIdSchedulesListSchedules"];
        put?: never;
        /** Run a workflow on a schedule (cron, in a time zone) */
        post: operations["ApiV1WorkflowsWorkflowIdSchedulesCreateSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/test-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test one node: a run of kind `test` that executes only that node
         * @description Its upstream steps are not executed: each starts with the output given in `outputs`, else the node's pin, else its newest output in any run of the workflow.
         */
        post: operations["ApiV1WorkflowsWorkflowIdTestRunsTestNode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Version history, newest first */
        get: operations["ApiV1WorkflowsWorkflowIdVersionsVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version's spec */
        get: operations["ApiV1WorkflowsWorkflowIdVersionsVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{workflow_id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow's webhooks */
        get: operations["ApiV1WorkflowsWorkflowIdWebhooksListWebhooks"];
        put?: never;
        /** Create a webhook: its URL (with its secret token) is in this answer only */
        post: operations["ApiV1WorkflowsWorkflowIdWebhooksCreateWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import an exported workflow (fresh node and edge ids) */
        post: operations["ApiV1WorkflowsImportImportWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Draft a workflow from a description (not saved)
         * @description The demo planner (offline) unless `credential_id` names a saved key, whose provider's model plans. The draft is valid: it went through the validator and repair.
         */
        post: operations["ApiV1WorkflowsPlanPlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate a workflow document
         * @description 200 with every problem, valid or not; 413 over 1 MiB.
         */
        post: operations["ApiV1WorkflowsValidateValidate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and dependencies */
        get: operations["HealthzHealthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** ApiKeyCreate */
        ApiKeyCreate: {
            expires_at?: string | null;
            name: string;
            scopes: ("runs:write" | "runs:read" | "workflows:write")[];
        };
        /** ApiKeyCreated */
        ApiKeyCreated: {
            /** Format: date-time */
            created_at: string;
            expires_at?: string | null;
            /** Format: uuid */
            id: string;
            key: string;
            last_used_at?: string | null;
            name: string;
            prefix: string;
            revoked_at?: string | null;
            scopes: ("runs:write" | "runs:read" | "workflows:write")[];
        };
        /** ApiKeyRead */
        ApiKeyRead: {
            /** Format: date-time */
            created_at: string;
            expires_at?: string | null;
            /** Format: uuid */
            id: string;
            last_used_at?: string | null;
            name: string;
            prefix: string;
            revoked_at?: string | null;
            scopes: ("runs:write" | "runs:read" | "workflows:write")[];
        };
        /** AssetList */
        AssetList: {
            items: components["schemas"]["AssetRead"][];
            next_cursor?: string | null;
        };
        /** AssetRead */
        AssetRead: {
            /** Format: date-time */
            created_at: string;
            duration_s?: number | null;
            height?: number | null;
            /** Format: uuid */
            id: string;
            kind: string;
            mime: string;
            name: string;
            node_id?: string | null;
            run_id?: string | null;
            sha256: string;
            size: number;
            width?: number | null;
        };
        /** Budgets */
        Budgets: {
            max_cost_usd?: number | null;
            max_duration_s?: number | null;
            max_steps?: number | null;
            max_tokens?: number | null;
        };
        /** ChatMessageCreate */
        ChatMessageCreate: {
            /** @description What the user writes: not blank, at most 20000 characters. */
            content: string;
        };
        /** ChatMessageError */
        ChatMessageError: {
            code: string;
            message: string;
            node_id?: string | null;
        };
        /** ChatMessageRead */
        ChatMessageRead: {
            content?: string | null;
            /** Format: date-time */
            created_at: string;
            error?: components["schemas"]["ChatMessageError"] | null;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            role: "user" | "assistant";
            run_id?: string | null;
            /** Format: uuid */
            session_id: string;
            /** @enum {string} */
            status: "sent" | "pending" | "waiting" | "succeeded" | "failed" | "cancelled";
        };
        /** ChatSessionCreate */
        ChatSessionCreate: {
            /** @description Not blank; at most 200 characters. */
            title?: string | null;
        };
        /** ChatSessionPage */
        ChatSessionPage: {
            items: components["schemas"]["ChatSessionRead"][];
            next_cursor?: string | null;
        };
        /** ChatSessionRead */
        ChatSessionRead: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            title: string;
            /** Format: date-time */
            updated_at: string;
            /** Format: uuid */
            workflow_id: string;
        };
        /** ChatSessionUpdate */
        ChatSessionUpdate: {
            /** @description Not blank; at most 200 characters. */
            title: string;
        };
        /** ChatTurn */
        ChatTurn: {
            assistant: components["schemas"]["ChatMessageRead"];
            events_url: string;
            /** Format: uuid */
            run_id: string;
            user: components["schemas"]["ChatMessageRead"];
        };
        /** CredentialCreate */
        CredentialCreate: {
            /**
             * @description The provider's API key (optional for OpenAI-compatible servers).
             * @default
             */
            api_key?: string;
            /** @description For `openai_compatible` only: the API's base URL, e.g. http://localhost:11434/v1. */
            base_url?: string | null;
            /** @description Your name for this key. */
            label: string;
            /** @enum {string} */
            provider: "openai" | "anthropic" | "google" | "groq" | "mistral" | "openai_compatible";
        };
        /** CredentialLimitsUpdate */
        CredentialLimitsUpdate: {
            /** @description Requests per minute with this key, across all workers (lower than the operator's only). */
            requests_per_minute?: number | null;
            /** @description Tokens (in + out) per minute with this key, across all workers. */
            tokens_per_minute?: number | null;
        };
        /** CredentialRead */
        CredentialRead: {
            base_url: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /** @description At most the key's last 4 characters, for recognising it. */
            key_hint: string;
            label: string;
            provider: string;
            requests_per_minute?: number | null;
            tokens_per_minute?: number | null;
        };
        /** CronFires */
        CronFires: {
            next_fires: string[];
        };
        /** CronPreview */
        CronPreview: {
            cron: string;
            /** @default UTC */
            timezone?: string;
        };
        /** Decision */
        Decision: {
            approved: boolean;
            comment?: string | null;
            output?: unknown;
        };
        /** DiffSummary */
        DiffSummary: {
            added: components["schemas"]["NodeChange"][];
            changed: components["schemas"]["NodeChange"][];
            edges_added: number;
            edges_removed: number;
            removed: components["schemas"]["NodeChange"][];
            summary: string;
        };
        /** Edge */
        Edge: {
            id: string;
            /** @description Letters, digits and `_`; not starting with a digit. */
            source: string;
            source_handle?: string | null;
            /** @description Letters, digits and `_`; not starting with a digit. */
            target: string;
            target_handle?: string | null;
        };
        /** ErrorBody */
        ErrorBody: {
            current_version?: number | null;
            detail: string;
            errors: components["schemas"]["ErrorItem"][];
            request_id: string;
            status_code: number;
        };
        /** ErrorItem */
        ErrorItem: {
            code?: string | null;
            edge_id?: string | null;
            field?: string | null;
            message: string;
            node_id?: string | null;
        };
        /** ExportWarning */
        ExportWarning: {
            code: string;
            message: string;
            node_id: string;
            path: string;
        };
        /** ForkRequest */
        ForkRequest: {
            from_node: string;
            inputs?: {
                [key: string]: unknown;
            } | null;
            outputs?: {
                [key: string]: unknown;
            };
            version?: number | null;
        };
        /** Health */
        Health: {
            /** @enum {string} */
            db: "up" | "down";
            /** @enum {string} */
            redis: "up" | "down";
            /** @enum {string} */
            status: "ok" | "degraded";
        };
        /** HoldRead */
        HoldRead: {
            allowance?: string | null;
            /** Format: date-time */
            at: string;
            /** @default 1 */
            attempt?: number;
            /** @enum {null|string} */
            limit?: "requests" | "tokens" | "concurrency" | null;
            node_id: string;
            provider?: string | null;
            /**
             * @default rate_limit
             * @constant
             */
            reason?: "rate_limit";
            retry_after_s?: number | null;
            scope?: string | null;
            seq: number;
            /** @enum {string} */
            type: "step.held" | "step.resumed";
            until?: string | null;
        };
        /** HookAnswer */
        HookAnswer: {
            error?: {
                [key: string]: unknown;
            } | null;
            events_url: string;
            outputs?: {
                [key: string]: unknown;
            } | null;
            /** Format: uuid */
            run_id: string;
            status: string;
        };
        /** HookTest */
        HookTest: {
            body?: unknown;
            headers?: {
                [key: string]: string;
            };
            query?: {
                [key: string]: string;
            };
        };
        /** HookTestResult */
        HookTestResult: {
            errors?: {
                [key: string]: string;
            }[];
            inputs?: {
                [key: string]: unknown;
            } | null;
        };
        /** InputSpec */
        InputSpec: {
            default?: unknown;
            description?: string | null;
            enum?: unknown[] | null;
            /** @default true */
            required?: boolean;
            /** @enum {string} */
            type: "string" | "number" | "integer" | "boolean" | "object" | "array";
        };
        /** LastRun */
        LastRun: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";
        };
        /** LogRead */
        LogRead: {
            /** Format: date-time */
            at: string;
            /** @default 1 */
            attempt?: number;
            data?: {
                [key: string]: unknown;
            } | null;
            /**
             * @default info
             * @enum {string}
             */
            level?: "debug" | "info" | "warning" | "error";
            message: string;
            node_id: string;
            scope?: string | null;
            seq: number;
        };
        /** MarkRead */
        MarkRead: {
            ids?: string[] | null;
        };
        /** Me */
        Me: {
            email: string | null;
            /** Format: uuid */
            id: string;
            role: string;
        };
        /** MemoryChunkRead */
        MemoryChunkRead: {
            chunk_index: number;
            content: string;
            /** Format: uuid */
            id: string;
            metadata: {
                [key: string]: string | number | boolean | null;
            };
        };
        /** MemoryCollectionCreate */
        MemoryCollectionCreate: {
            /** @description One of your saved keys, for a provider's model. */
            credential_id?: string | null;
            /** @default  */
            description?: string;
            /** @description The provider's embedding model, e.g. text-embedding-3-small. */
            embedding_model?: string | null;
            /**
             * @description `local`: the built-in all-MiniLM-L6-v2 (offline, 384 dimensions).
             * @default local
             * @enum {string}
             */
            embedding_provider?: "local" | "openai" | "openai_compatible";
            /** @description Unique per user; workflow nodes use it. */
            name: string;
        };
        /** MemoryCollectionRead */
        MemoryCollectionRead: {
            chunk_count: number;
            /** Format: date-time */
            created_at: string;
            credential_id: string | null;
            description: string;
            dimensions: number;
            document_count: number;
            embedding_model: string;
            /** @enum {string} */
            embedding_provider: "local" | "openai" | "openai_compatible";
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** MemoryCrawlRead */
        MemoryCrawlRead: {
            /** @description Pages that could not be added, and why. */
            failed_pages: components["schemas"]["MemoryPageFailure"][];
            /** @enum {string} */
            follow: "sitemap" | "links";
            /** @description Of `pages_found`: added (each a document) or failed. */
            pages_done: number;
            /** @description The site's other pages found, up to the page limit. */
            pages_found: number;
            /**
             * @description `queued` -> `crawling` (`pages_done` of `pages_found`) -> `done`.
             * @enum {string}
             */
            status: "queued" | "crawling" | "done";
        };
        /** MemoryDocumentAdded */
        MemoryDocumentAdded: {
            /** @description With `follow` and no worker queue: the site's other pages that were added (through the API a worker adds them: see the document's `crawl`). */
            also_added?: components["schemas"]["MemoryDocumentRead"][];
            /** @description True: the same text was already in the collection; nothing was stored. */
            deduplicated: boolean;
            document: components["schemas"]["MemoryDocumentRead"];
            /** @description With `follow` and no worker queue: pages that could not be added, and why. */
            failed_pages?: components["schemas"]["MemoryPageFailure"][];
        };
        /** MemoryDocumentCreate */
        MemoryDocumentCreate: {
            /** @description For `file`, instead of `text`: the file itself, base64-encoded: a PDF (page numbers kept in each chunk's metadata), a Word .docx, an HTML page, markdown or text; at most 20 MB (ORRERY_MEMORY_MAX_FILE_MB), a PDF at most 200 pages. */
            content_base64?: string | null;
            filename?: string | null;
            /**
             * @description For `url`: also add the site's other pages, from its sitemap or the page's links (same site only), each a document of its own.
             * @enum {null|string}
             */
            follow?: "sitemap" | "links" | null;
            /** @description With `follow`: at most this many pages in all (capped by ORRERY_MEMORY_MAX_CRAWL_PAGES, 20 by default). */
            max_pages?: number | null;
            /** @description A flat JSON object (string keys, scalar values); searches filter by containment. */
            metadata?: {
                [key: string]: string | number | boolean | null;
            };
            /** @enum {string} */
            source: "text" | "file" | "url";
            /** @description For `text` and `file`: the text (UTF-8), at most 20 MB. */
            text?: string | null;
            title?: string | null;
            /** @description For `url`: fetched by the engine. */
            url?: string | null;
        };
        /** MemoryDocumentList */
        MemoryDocumentList: {
            items: components["schemas"]["MemoryDocumentRead"][];
            total: number;
        };
        /** MemoryDocumentRead */
        MemoryDocumentRead: {
            char_count: number;
            chunk_count: number;
            /** @description Progress: chunks embedded so far, of `chunk_count`. */
            chunks_embedded: number;
            /** Format: uuid */
            collection_id: string;
            /** @description sha256 (hex) of the normalized text; of a file's bytes for a file added through the API (the same file is stored once). */
            content_hash: string;
            /** @description A URL added with `follow`: its site's other pages, added by a worker. */
            crawl?: components["schemas"]["MemoryCrawlRead"] | null;
            /** Format: date-time */
            created_at: string;
            /** @description Why the document failed; null otherwise. */
            error: string | null;
            filename: string | null;
            /** Format: uuid */
            id: string;
            metadata: {
                [key: string]: string | number | boolean | null;
            };
            /**
             * @description Progress while `extracting` a file: pages read so far, of `pages_total`.
             * @default 0
             */
            pages_read?: number;
            /** @description A PDF's page count once its job has opened it; null otherwise. */
            pages_total?: number | null;
            /** @enum {string} */
            source: "text" | "file" | "url" | "run";
            source_url: string | null;
            /**
             * @description `queued` -> `extracting` (a file: its text is read, `pages_read` of `pages_total` for a PDF) -> `embedding` -> `ready` (searchable) | `failed` (`error` says why). Documents are read and embedded in the background: poll the document for its progress.
             * @enum {string}
             */
            status: "queued" | "extracting" | "embedding" | "ready" | "failed";
            title: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** MemoryPageFailure */
        MemoryPageFailure: {
            reason: string;
            url: string;
        };
        /** MemorySearch */
        MemorySearch: {
            /** @default 5 */
            k?: number;
            /** @description A flat JSON object (string keys, scalar values); searches filter by containment. */
            metadata?: {
                [key: string]: string | number | boolean | null;
            };
            query: string;
        };
        /** MemorySearchHit */
        MemorySearchHit: {
            /** Format: uuid */
            chunk_id: string;
            chunk_index: number;
            content: string;
            /** Format: uuid */
            document_id: string;
            document_title: string;
            metadata: {
                [key: string]: string | number | boolean | null;
            };
            /** @description Cosine similarity, 1.0 = the same direction. */
            score: number;
        };
        /** MemorySearchResults */
        MemorySearchResults: {
            results: components["schemas"]["MemorySearchHit"][];
        };
        /** ModelProviderRead */
        ModelProviderRead: {
            /** @enum {string} */
            base_url: "none" | "required";
            example_models: string[];
            id: string;
            label: string;
            needs_credential: boolean;
        };
        /** Node */
        Node: {
            config?: {
                [key: string]: unknown;
            };
            /** @description Letters, digits and `_`; not starting with a digit. */
            id: string;
            label?: string | null;
            /** @description Letters, digits and `_`; not starting with a digit. */
            parent?: string | null;
            position?: components["schemas"]["Position"];
            size?: components["schemas"]["Size"] | null;
            type: string;
            /** @default 1 */
            type_version?: number;
        };
        /** NodeChange */
        NodeChange: {
            id: string;
            label?: string | null;
            type: string;
        };
        /** NodeDefaults */
        NodeDefaults: {
            max_attempts?: number | null;
            retry_initial_delay_s?: number | null;
            timeout_s?: number | null;
        };
        /** NodeTestRequest */
        NodeTestRequest: {
            inputs?: {
                [key: string]: unknown;
            } | null;
            node_id: string;
            outputs?: {
                [key: string]: unknown;
            };
            version?: number | null;
        };
        /** NodeTypeRead */
        NodeTypeRead: {
            category: string;
            config_schema: {
                [key: string]: unknown;
            };
            default_config: {
                [key: string]: unknown;
            };
            description: string;
            icon: string;
            inputs: components["schemas"]["PortRead"][];
            label: string;
            latest: boolean;
            outputs: components["schemas"]["PortRead"][] | "dynamic";
            type: string;
            version: number;
        };
        /** NotificationPage */
        NotificationPage: {
            items: components["schemas"]["NotificationRead"][];
            next_cursor?: string | null;
            unread: number;
        };
        /** NotificationRead */
        NotificationRead: {
            /** Format: date-time */
            created_at: string;
            delivered_at?: string | null;
            /** @default 0 */
            delivery_attempts?: number;
            delivery_error?: string | null;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "approval_waiting" | "run_failed" | "schedule_disabled";
            next_delivery_at?: string | null;
            node_id?: string | null;
            read_at?: string | null;
            run_id?: string | null;
            schedule_id?: string | null;
            scope?: string | null;
            title: string;
        };
        /** NotificationSettingsRead */
        NotificationSettingsRead: {
            email?: string | null;
            /** @default false */
            email_available?: boolean;
            /** @default false */
            webhook_signed?: boolean;
            webhook_url?: string | null;
        };
        /** NotificationSettingsUpdate */
        NotificationSettingsUpdate: {
            email?: string | null;
            webhook_secret?: string | null;
            webhook_url?: string | null;
        };
        /** OperatorLimits */
        OperatorLimits: {
            /** @default 25 */
            max_cost_usd?: number;
            /** @default 21600 */
            max_duration_s?: number;
            /** @default 16 */
            max_parallel?: number;
            /** @default 1000 */
            max_steps?: number;
            /** @default 2000000 */
            max_tokens?: number;
        };
        /** PinRead */
        PinRead: {
            node_id: string;
            output?: unknown;
            /** Format: date-time */
            updated_at: string;
        };
        /** PinWrite */
        PinWrite: {
            output?: unknown;
        };
        /** PlanRequest */
        PlanRequest: {
            credential_id?: string | null;
            /** @description What the workflow should do, in plain words (at most 2,000 characters). */
            description: string;
            model?: string | null;
        };
        /** PlanResult */
        PlanResult: {
            document: components["schemas"]["Workflow"];
            explanations: {
                [key: string]: string;
            };
            planner: string;
            repair_rounds: number;
            schedule?: string | null;
            schedule_proposal?: components["schemas"]["ScheduleProposal"] | null;
        };
        /** PortRead */
        PortRead: {
            id: string;
            label: string;
        };
        /** Position */
        Position: {
            /** @default 0 */
            x?: number;
            /** @default 0 */
            y?: number;
        };
        /** Problem */
        Problem: {
            /** @enum {string} */
            code: "invalid_document" | "invalid_input" | "too_many_nodes" | "too_many_edges" | "duplicate_node_id" | "duplicate_edge_id" | "dangling_edge" | "self_loop" | "duplicate_edge" | "cycle" | "unknown_node_type" | "invalid_config" | "invalid_template" | "template_too_complex" | "unknown_reference" | "unknown_handle" | "router_handle_unconnected" | "missing_input_node" | "missing_output_node" | "parent_not_container" | "container_cycle" | "nested_too_deep" | "empty_body" | "edge_crosses_container" | "not_allowed_in_body" | "error_handle_not_allowed" | "subworkflow_not_found" | "subworkflow_version_not_found" | "subworkflow_cycle" | "unknown_secret" | "over_operator_limit";
            edge_id?: string | null;
            message: string;
            node_id?: string | null;
            path?: string | null;
        };
        /** RefineRequest */
        RefineRequest: {
            credential_id?: string | null;
            /** @description How to change the workflow, e.g. “ask me before saving” (at most 1,000 characters). */
            instruction: string;
            model?: string | null;
        };
        /** RefineResult */
        RefineResult: {
            based_on_version: number;
            diff: components["schemas"]["DiffSummary"];
            document: components["schemas"]["Workflow"];
            explanations: {
                [key: string]: string;
            };
            planner: string;
            repair_rounds: number;
        };
        /** RetryRequest */
        RetryRequest: {
            from_node?: string | null;
            items?: number[] | "failed" | null;
        };
        /** RunCreate */
        RunCreate: {
            inputs?: {
                [key: string]: unknown;
            };
            version?: number | null;
        };
        /** RunPage */
        RunPage: {
            items: components["schemas"]["RunRead"][];
            next_cursor?: string | null;
        };
        /** RunRead */
        RunRead: {
            budgets?: {
                [key: string]: unknown;
            };
            cancel_requested_at?: string | null;
            /** @default 0 */
            cost_usd?: number;
            /** Format: date-time */
            created_at: string;
            /** @default 0 */
            depth?: number;
            error?: {
                [key: string]: unknown;
            } | null;
            failed_node_id?: string | null;
            finished_at?: string | null;
            forked_from_run_id?: string | null;
            forked_from_step?: string | null;
            holds?: components["schemas"]["HoldRead"][] | null;
            /** Format: uuid */
            id: string;
            inputs: {
                [key: string]: unknown;
            };
            /**
             * @default run
             * @enum {string}
             */
            kind?: "run" | "test" | "fork";
            /** @default 0 */
            last_event_seq?: number;
            logs?: components["schemas"]["LogRead"][] | null;
            outputs?: {
                [key: string]: unknown;
            } | null;
            parent_node_id?: string | null;
            parent_run_id?: string | null;
            parent_scope?: string | null;
            started_at?: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";
            steps?: components["schemas"]["StepRead"][] | null;
            /** @default 0 */
            tokens_in?: number;
            /** @default 0 */
            tokens_out?: number;
            trigger_fire_at?: string | null;
            trigger_id?: string | null;
            /**
             * @default manual
             * @enum {string}
             */
            trigger_kind?: "manual" | "api" | "webhook" | "schedule";
            trigger_name?: string | null;
            /** Format: uuid */
            workflow_id: string;
            workflow_name?: string | null;
            workflow_version: number;
        };
        /** RunStarted */
        RunStarted: {
            budgets?: {
                [key: string]: unknown;
            };
            cancel_requested_at?: string | null;
            /** @default 0 */
            cost_usd?: number;
            /** Format: date-time */
            created_at: string;
            /** @default 0 */
            depth?: number;
            error?: {
                [key: string]: unknown;
            } | null;
            events_url: string;
            failed_node_id?: string | null;
            finished_at?: string | null;
            forked_from_run_id?: string | null;
            forked_from_step?: string | null;
            holds?: components["schemas"]["HoldRead"][] | null;
            /** Format: uuid */
            id: string;
            inputs: {
                [key: string]: unknown;
            };
            /**
             * @default run
             * @enum {string}
             */
            kind?: "run" | "test" | "fork";
            /** @default 0 */
            last_event_seq?: number;
            logs?: components["schemas"]["LogRead"][] | null;
            outputs?: {
                [key: string]: unknown;
            } | null;
            parent_node_id?: string | null;
            parent_run_id?: string | null;
            parent_scope?: string | null;
            started_at?: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";
            steps?: components["schemas"]["StepRead"][] | null;
            /** @default 0 */
            tokens_in?: number;
            /** @default 0 */
            tokens_out?: number;
            trigger_fire_at?: string | null;
            trigger_id?: string | null;
            /**
             * @default manual
             * @enum {string}
             */
            trigger_kind?: "manual" | "api" | "webhook" | "schedule";
            trigger_name?: string | null;
            /** Format: uuid */
            workflow_id: string;
            workflow_name?: string | null;
            workflow_version: number;
        };
        /** ScheduleCreate */
        ScheduleCreate: {
            cron: string;
            inputs?: {
                [key: string]: unknown;
            };
            max_consecutive_failures?: number | null;
            /**
             * @default skip
             * @enum {string}
             */
            missed?: "skip" | "run_once";
            /** @default  */
            name?: string;
            /** @default false */
            paused?: boolean;
            /** @default UTC */
            timezone?: string;
        };
        /** ScheduleProposal */
        ScheduleProposal: {
            cron?: string | null;
            note?: string | null;
            phrase: string;
            /** @default  */
            summary?: string;
            timezone?: string | null;
        };
        /** ScheduleRead */
        ScheduleRead: {
            /** @default 0 */
            consecutive_failures?: number;
            /** Format: date-time */
            created_at: string;
            cron: string;
            disabled_at?: string | null;
            /** Format: uuid */
            id: string;
            inputs: {
                [key: string]: unknown;
            };
            last_fire_at?: string | null;
            max_consecutive_failures: number;
            /** @enum {string} */
            missed: "skip" | "run_once";
            name: string;
            next_fire_at: string | null;
            next_fires: string[];
            paused: boolean;
            timezone: string;
            /** Format: date-time */
            updated_at: string;
            /** Format: uuid */
            workflow_id: string;
        };
        /** ScheduleUpdate */
        ScheduleUpdate: {
            cron?: string;
            inputs?: {
                [key: string]: unknown;
            };
            max_consecutive_failures?: number;
            missed?: "skip" | "run_once";
            name?: string;
            paused?: boolean;
            timezone?: string;
        };
        /** SecretPut */
        SecretPut: {
            value: string;
        };
        /** SecretRead */
        SecretRead: {
            /** Format: date-time */
            created_at: string;
            name: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** SignedUrl */
        SignedUrl: {
            /** Format: date-time */
            expires_at: string;
            url: string;
        };
        /** Size */
        Size: {
            height: number;
            width: number;
        };
        /** StepRead */
        StepRead: {
            attempt: number;
            /** @default false */
            cached?: boolean;
            child_run_id?: string | null;
            /** @default false */
            cost_unknown?: boolean;
            /** @default 0 */
            cost_usd?: number;
            /** Format: date-time */
            created_at: string;
            decided_at?: string | null;
            decided_by?: string | null;
            decision?: {
                [key: string]: unknown;
            } | null;
            error?: {
                [key: string]: unknown;
            } | null;
            /** @default 0 */
            executions?: number;
            finished_at?: string | null;
            /** @default false */
            handled?: boolean;
            handles?: string[] | null;
            /** Format: uuid */
            id: string;
            idempotency_key?: string | null;
            input?: unknown;
            model?: string | null;
            node_id: string;
            output?: unknown;
            scope?: string | null;
            seeded_from?: string | null;
            started_at?: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "skipped" | "cancelled";
            superseded_at?: string | null;
            /** @default 0 */
            tokens_in?: number;
            /** @default 0 */
            tokens_out?: number;
            waiting_until?: string | null;
            worker?: string | null;
        };
        /** TemplateRead */
        TemplateRead: {
            description: string;
            name: string;
            node_count: number;
            slug: string;
            spec: components["schemas"]["Workflow"];
        };
        /** TemplateSummary */
        TemplateSummary: {
            description: string;
            name: string;
            node_count: number;
            slug: string;
        };
        /** Unread */
        Unread: {
            unread: number;
        };
        /** ValidateRequest */
        ValidateRequest: {
            /** @description Any JSON object: the answer says whether it is a valid `Workflow` document, and lists every problem if not. At most 1 MiB as JSON. */
            spec: {
                [key: string]: unknown;
            };
            workflow_id?: string | null;
        };
        /** ValidationResult */
        ValidationResult: {
            errors: components["schemas"]["Problem"][];
            valid: boolean;
        };
        /** VersionRead */
        VersionRead: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            created_by: string;
            spec: components["schemas"]["Workflow"];
            spec_hash: string;
            version: number;
            /** Format: uuid */
            workflow_id: string;
        };
        /** VersionSummary */
        VersionSummary: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            created_by: string;
            node_count: number;
            spec_hash: string;
            version: number;
        };
        /** WebhookCallRead */
        WebhookCallRead: {
            /** Format: date-time */
            at: string;
            error?: string | null;
            /** Format: uuid */
            id: string;
            run_id?: string | null;
            status: number;
        };
        /** WebhookCreate */
        WebhookCreate: {
            /** @default true */
            enabled?: boolean;
            /**
             * @default sha256
             * @enum {string}
             */
            hmac_algorithm?: "sha256" | "sha1";
            hmac_header?: string | null;
            hmac_secret?: string | null;
            mapping?: {
                [key: string]: string;
            };
            /** @default 262144 */
            max_body_bytes?: number;
            /** @default  */
            name?: string;
            /** @default 60 */
            rate_limit_per_minute?: number;
            /**
             * @default async
             * @enum {string}
             */
            response_mode?: "async" | "wait";
            timestamp_header?: string | null;
            /** @default 300 */
            timestamp_tolerance_s?: number;
            /** @default 30 */
            wait_timeout_s?: number;
        };
        /** WebhookCreated */
        WebhookCreated: {
            /** Format: date-time */
            created_at: string;
            enabled: boolean;
            /** @enum {string} */
            hmac_algorithm: "sha256" | "sha1";
            hmac_header?: string | null;
            /** Format: uuid */
            id: string;
            mapping: {
                [key: string]: string;
            };
            max_body_bytes: number;
            name: string;
            rate_limit_per_minute: number;
            /** @enum {string} */
            response_mode: "async" | "wait";
            signed: boolean;
            timestamp_header?: string | null;
            timestamp_tolerance_s: number;
            token_prefix: string;
            /** Format: date-time */
            updated_at: string;
            url: string;
            wait_timeout_s: number;
            /** Format: uuid */
            workflow_id: string;
        };
        /** WebhookRead */
        WebhookRead: {
            /** Format: date-time */
            created_at: string;
            enabled: boolean;
            /** @enum {string} */
            hmac_algorithm: "sha256" | "sha1";
            hmac_header?: string | null;
            /** Format: uuid */
            id: string;
            mapping: {
                [key: string]: string;
            };
            max_body_bytes: number;
            name: string;
            rate_limit_per_minute: number;
            /** @enum {string} */
            response_mode: "async" | "wait";
            signed: boolean;
            timestamp_header?: string | null;
            timestamp_tolerance_s: number;
            token_prefix: string;
            /** Format: date-time */
            updated_at: string;
            wait_timeout_s: number;
            /** Format: uuid */
            workflow_id: string;
        };
        /** WebhookUpdate */
        WebhookUpdate: {
            enabled?: boolean;
            hmac_algorithm?: "sha256" | "sha1";
            hmac_header?: string | null;
            hmac_secret?: string | null;
            mapping?: {
                [key: string]: string;
            };
            max_body_bytes?: number;
            name?: string;
            rate_limit_per_minute?: number;
            response_mode?: "async" | "wait";
            timestamp_header?: string | null;
            timestamp_tolerance_s?: number;
            wait_timeout_s?: number;
        };
        /** Workflow */
        Workflow: {
            edges?: components["schemas"]["Edge"][];
            inputs?: {
                [key: string]: components["schemas"]["InputSpec"];
            };
            nodes?: components["schemas"]["Node"][];
            /** @constant */
            schema: "orrery.workflow/v1";
            settings?: components["schemas"]["WorkflowSettings"];
        };
        /** WorkflowCreate */
        WorkflowCreate: {
            description?: string;
            /** @description Not blank. */
            name?: string;
            /** @description An `orrery.workflow/v1` document (the `Workflow` schema). At most 1 MiB as JSON. */
            spec?: components["schemas"]["Workflow"] & {
                [key: string]: unknown;
            };
            template?: string;
        };
        /** WorkflowExport */
        WorkflowExport: {
            description: string;
            /** Format: date-time */
            exported_at: string;
            /** @constant */
            format: "orrery.workflow-export/v1";
            name: string;
            spec: components["schemas"]["Workflow"];
            warnings?: components["schemas"]["ExportWarning"][];
        };
        /** WorkflowImport */
        WorkflowImport: {
            /** @default  */
            description?: string;
            /** @description When it was exported (ISO 8601, as an export writes it); informational only. */
            exported_at?: string | null;
            /** @constant */
            format: "orrery.workflow-export/v1";
            /** @description Not blank. */
            name: string;
            /** @description An `orrery.workflow/v1` document (the `Workflow` schema). At most 1 MiB as JSON. */
            spec: {
                [key: string]: unknown;
            } & components["schemas"]["Workflow"];
            warnings?: unknown[] | null;
        };
        /** WorkflowPage */
        WorkflowPage: {
            items: components["schemas"]["WorkflowSummary"][];
            next_cursor?: string | null;
        };
        /** WorkflowRead */
        WorkflowRead: {
            /** Format: date-time */
            created_at: string;
            current_version: number;
            description: string;
            /** Format: uuid */
            id: string;
            /** @default false */
            is_chat?: boolean;
            name: string;
            problems: components["schemas"]["Problem"][];
            spec: components["schemas"]["Workflow"];
            spec_hash: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** WorkflowSettings */
        WorkflowSettings: {
            budgets?: components["schemas"]["Budgets"];
            max_parallel?: number | null;
            node_defaults?: components["schemas"]["NodeDefaults"] | null;
        };
        /** WorkflowSummary */
        WorkflowSummary: {
            /** Format: date-time */
            created_at: string;
            current_version: number;
            description: string;
            /** Format: uuid */
            id: string;
            last_run?: components["schemas"]["LastRun"] | null;
            name: string;
            node_count: number;
            /** Format: date-time */
            updated_at: string;
        };
        /** WorkflowUpdate */
        WorkflowUpdate: {
            based_on_version?: number;
            description?: string;
            /** @description Not blank. */
            name?: string;
            /** @description An `orrery.workflow/v1` document (the `Workflow` schema). At most 1 MiB as JSON. */
            spec?: components["schemas"]["Workflow"] & {
                [key: string]: unknown;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    ApiV1ApiKeysListKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRead"][];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The API key lacks the scope this operation needs (the detail names it), or a link expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1ApiKeysCreateKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description API keys cannot manage API keys: sign in. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1ApiKeysKeyIdRevokeRevokeKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description API keys cannot manage API keys: sign in. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such key (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1AssetFilesTokenSignedFile: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-500`): answered 206 with that part; several ranges, or one we cannot read, get the whole file (200). */
                Range?: string | null;
            };
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": unknown;
                };
            };
            /** @description The part of the file the `Range` header asked for (`Content-Range` says which). */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The API key lacks the scope this operation needs (the detail names it), or a link expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not a link we made (or the asset is gone). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The `Range` asked for starts past the end of the file (`Content-Range: bytes *\/<size>`). */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1AssetsListAssets: {
        parameters: {
            query?: {
                cursor?: string | null;
                kind?: "image" | "audio" | "video" | "text" | "other" | null;
                limit?: number;
                run_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetList"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1AssetsUpload: {
        parameters: {
            query?: {
                name?: string;
                run_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1AssetsAssetIdGetAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such asset (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1AssetsAssetIdDeleteAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such asset (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1AssetsAssetIdContentContent: {
        parameters: {
            query?: {
                download?: boolean;
            };
            header?: {
                /** @description One byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-500`): answered 206 with that part; several ranges, or one we cannot read, get the whole file (200). */
                Range?: string | null;
            };
            path: {
                asset_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": unknown;
                };
            };
            /** @description The part of the file the `Range` header asked for (`Content-Range` says which). */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such asset (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The `Range` asked for starts past the end of the file (`Content-Range: bytes *\/<size>`). */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1AssetsAssetIdUrlSignedUrl: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedUrl"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such asset (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1ChatSessionsSessionIdGetSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatSessionRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such chat session (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1ChatSessionsSessionIdDeleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such chat session (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1ChatSessionsSessionIdRenameSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatSessionUpdate"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatSessionRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such chat session (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1ChatSessionsSessionIdMessagesListMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatMessageRead"][];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such chat session (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1ChatSessionsSessionIdMessagesSend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatMessageCreate"];
            };
        };
        responses: {
            /** @description Request accepted, processing continues off-line */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatTurn"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such chat session (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The previous message's reply is still being written or waits for an approval. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The message is blank or too long, the workflow is not (or no longer) a chat, its current version cannot run, or the session is full (see `errors`). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1CredentialsListCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialRead"][];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1CredentialsCreateCredential: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialCreate"];
            };
        };
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description You already have a key with this label. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1CredentialsCredentialIdDeleteCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such key (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1CredentialsCredentialIdLimitsSetCredentialLimits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialLimitsUpdate"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such key (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1HooksTokenCallHook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook URL's token. */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `wait` mode: the run ended in time; its outputs or error. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookAnswer"];
                };
            };
            /** @description Request accepted, processing continues off-line */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookAnswer"];
                };
            };
            /** @description The body is not what its Content-Type says (JSON that does not decode). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The webhook wants a signature: missing, wrong, or its timestamp is too far off. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No enabled webhook has this URL (unknown, disabled or deleted). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over the webhook's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The mapping could not make the run's inputs, or the workflow cannot run. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Over the webhook's calls per minute; retry after `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1LimitsOperatorLimitsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorLimits"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MeMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryCollectionsListCollections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryCollectionRead"][];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryCollectionsCreateCollection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemoryCollectionCreate"];
            };
        };
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryCollectionRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description You already have a collection with this name. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryCollectionsCollectionIdGetCollection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                collection_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryCollectionRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such memory collection (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryCollectionsCollectionIdDeleteCollection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                collection_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such memory collection (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryCollectionsCollectionIdDocumentsListDocuments: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                collection_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDocumentList"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such memory collection (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryCollectionsCollectionIdDocumentsAddDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                collection_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemoryDocumentCreate"];
            };
        };
        responses: {
            /** @description The same text is already in the collection (`deduplicated`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDocumentAdded"];
                };
            };
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDocumentAdded"];
                };
            };
            /** @description Bad input, or a binary file that is not a kind Orrery reads. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such memory collection (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The file or text is over 20 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The URL could not be fetched, or the embedding provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryCollectionsCollectionIdSearchSearch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                collection_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemorySearch"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemorySearchResults"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such memory collection (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The embedding provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryDocumentsDocumentIdGetDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDocumentRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such memory document (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryDocumentsDocumentIdDeleteDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such memory document (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1MemoryDocumentsDocumentIdChunksListChunks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryChunkRead"][];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such memory document (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1ModelProvidersModelProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelProviderRead"][];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1NodeTypesNodeTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeTypeRead"][];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1NotificationSettingsGetNotificationSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationSettingsRead"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1NotificationSettingsPutNotificationSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationSettingsUpdate"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationSettingsRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1NotificationsListNotifications: {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
                /** @description Only the unread ones. */
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPage"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1NotificationsReadMarkNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MarkRead"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unread"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1NotificationsUnreadUnreadNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unread"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsListRuns: {
        parameters: {
            query?: {
                cursor?: string | null;
                /** @description Only this run's forks. */
                forked_from?: string | null;
                /** @description Only normal runs, node tests or forks. */
                kind?: "run" | "test" | "fork" | null;
                limit?: number;
                /** @description Only the child runs this run's sub-workflow steps started. */
                parent_run_id?: string | null;
                status?: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | null;
                /** @description Only the runs this kind of trigger started. */
                trigger?: "manual" | "api" | "webhook" | "schedule" | null;
                /** @description Only the runs this webhook or schedule started. */
                trigger_id?: string | null;
                workflow_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPage"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsRunIdGetRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsRunIdAssetsDeleteRunAssets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsRunIdCancelCancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The run has already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsRunIdEventsRunEvents: {
        parameters: {
            query?: {
                /** @description As `Last-Event-ID`, for clients that cannot set headers. */
                after?: string | null;
            };
            header?: {
                /** @description Resume after this event (the `id` of the last one received); the browser sends it. */
                "Last-Event-ID"?: string | null;
            };
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server-Sent Events: `id: <seq>` (none on `step.delta`, nor on a pure step's live-only `step.started`), `event: <type>`, `data: <the event as JSON>` (the run events' JSON Schema, contracts/run-events.schema.json); a `:` comment heartbeat every 15 s. Ends after the run's terminal event. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The run has ended and no event follows. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `Last-Event-ID` (or `after`) is not an event of this run. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsRunIdForkFork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForkRequest"];
            };
        };
        responses: {
            /** @description Request accepted, processing continues off-line */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStarted"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run or version (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The run has not ended yet. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not a top-level node of the run's version, or `outputs` names unknown nodes. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsRunIdRetryRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetryRequest"] | null;
            };
        };
        responses: {
            /** @description Request accepted, processing continues off-line */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The run or step is not in a state that allows this (the detail says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsRunIdSpecGetRunSpec: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workflow"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1RunsRunIdStepsNodeIdDecisionDecide: {
        parameters: {
            query?: {
                /** @description For a step inside a map or loop: its iteration (`scenes[3]`), as its `scope` says. */
                scope?: string | null;
            };
            header?: never;
            path: {
                node_id: string;
                run_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Decision"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such run (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The run or step is not in a state that allows this (the detail says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1SchedulesScheduleIdGetSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such schedule (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1SchedulesScheduleIdDeleteSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such schedule (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1SchedulesScheduleIdUpdateSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleUpdate"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such schedule (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`): the cron, the time zone, or the inputs. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1SchedulesPreviewPreviewSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CronPreview"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CronFires"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`): the cron, the time zone, or the inputs. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1SecretsListSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretRead"][];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The API key lacks the scope this operation needs (the detail names it), or a link expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1SecretsNamePutSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Letters, digits and `_`, not starting with a digit: `{{ secrets.NAME }}` in a node. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SecretPut"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretRead"];
                };
            };
            /** @description The secret was added. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description API keys cannot manage secrets: sign in. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1SecretsNameDeleteSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Letters, digits and `_`, not starting with a digit: `{{ secrets.NAME }}` in a node. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description API keys cannot manage secrets: sign in. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such secret (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1TemplatesListTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateSummary"][];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1TemplatesSlugGetTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such template. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WebhooksWebhookIdGetWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such webhook (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WebhooksWebhookIdDeleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such webhook (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WebhooksWebhookIdUpdateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookUpdate"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such webhook (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`): a mapping template, a signing setting. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WebhooksWebhookIdCallsListWebhookCalls: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookCallRead"][];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such webhook (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WebhooksWebhookIdTestTestWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HookTest"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookTestResult"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such webhook (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsListWorkflows: {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
                /** @description Name contains (case-insensitive) */
                q?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPage"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsCreate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowCreate"];
            };
        };
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body, or the workflow document in it, is over 1 MiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not JSON of this shape, or its spec is no workflow document (see `errors`), or a value holds a NUL character. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdGetWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowUpdate"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `based_on_version` is not the current version: `current_version` says which is. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body, or the workflow document in it, is over 1 MiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not JSON of this shape, or its spec is no workflow document (see `errors`), or a value holds a NUL character. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdDeleteWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdChatSessionsListSessions: {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatSessionPage"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdChatSessionsCreateSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatSessionCreate"] | null;
            };
        };
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatSessionRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The workflow's inputs are not a chat's: a `message` (string), optionally `history` (array). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdDuplicateDuplicate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdExportExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowExport"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdPinsListPins: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PinRead"][];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow or version (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdPinsNodeIdPutPin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node_id: string;
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PinWrite"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PinRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow or version (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdPinsNodeIdDeletePin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node_id: string;
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, nothing follows */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow or version (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdRefineRefine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefineRequest"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefineResult"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The instruction is empty or over 1,000 characters, or the proposal still had problems after the repair rounds. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdRunsStart: {
        parameters: {
            query?: {
                /** @description Hold the request until the run ends (at most the engine's `ORRERY_RUN_WAIT_MAX_S`): 200 with the run and its outputs; 202 with its `events_url` if it has not ended by then. */
                wait?: boolean;
            };
            header?: {
                /** @description Send the same key again with the same body (e.g. a retried request) and get the run it started: 200. A key belongs to its workflow; reused with a different body: 422. */
                "Idempotency-Key"?: string | null;
                /** @description `wait=N` (RFC 7240): hold the request up to N seconds (capped by the engine's `ORRERY_RUN_WAIT_MAX_S`) for the run to end; answered `Preference-Applied: wait=N`. */
                Prefer?: string | null;
            };
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunCreate"];
            };
        };
        responses: {
            /** @description The run ended while the request waited (`wait=true` or `Prefer: wait=N`): its outputs or error; or the run an earlier request with this Idempotency-Key started. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStarted"];
                };
            };
            /** @description Request accepted, processing continues off-line */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStarted"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The API key lacks the `runs:write` scope. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow or version (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A run with this Idempotency-Key is being created; retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The inputs do not match the workflow's (see `errors`), the version cannot run, or the Idempotency-Key was used with a different body. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdSchedulesListSchedules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRead"][];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdSchedulesCreateSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleCreate"];
            };
        };
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`): the cron, the time zone, or the inputs. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdTestRunsTestNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NodeTestRequest"];
            };
        };
        responses: {
            /** @description Request accepted, processing continues off-line */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStarted"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow or version (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not a top-level node, an upstream node has no output to use (see `errors`), the inputs do not match, or the version cannot run. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdVersionsVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionSummary"][];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdVersionsVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: number;
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdWebhooksListWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookRead"][];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsWorkflowIdWebhooksCreateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookCreate"];
            };
        };
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookCreated"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such workflow (or not yours). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A value is not acceptable (see `errors`): a mapping template, a signing setting. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsImportImportWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowImport"];
            };
        };
        responses: {
            /** @description Document created, URL follows */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRead"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body, or the workflow document in it, is over 1 MiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not JSON of this shape, or its spec is no workflow document (see `errors`), or a value holds a NUL character. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsPlanPlan: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlanRequest"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanResult"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is over this operation's size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The description is empty or over 2,000 characters, the credential is not usable, or the draft still had problems after the repair rounds (listed in `errors`). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The provider's model failed to plan (a refused key, a rate limit, an answer that never fit). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ApiV1WorkflowsValidateValidate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ValidateRequest"];
            };
        };
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationResult"];
                };
            };
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token or API key (`WWW-Authenticate: Bearer`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body, or the workflow document in it, is over 1 MiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not JSON of this shape, or its spec is no workflow document (see `errors`), or a value holds a NUL character. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A part the engine needs is down or missing (the database, Valkey, the embedding model, the credentials key); retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    HealthzHealthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description A value is not acceptable (see `errors`), e.g. a NUL character (`\u0000`, `%00`), which no text field, parameter or path segment may hold. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An unexpected failure, logged with the `request_id`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is down (`degraded`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
}
