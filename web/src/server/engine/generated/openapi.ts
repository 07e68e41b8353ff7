// Generated from contracts/ by `npm run gen` — do not edit.
/* eslint-disable */
export interface paths {
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
         * @description The body is the file. `name` is only a label. Images, audio and video are checked against the dimension and duration limits. Accepted: images (PNG, JPEG, GIF, WebP), audio (WAV, MP3, Ogg, FLAC, M4A), video (MP4, WebM), PDF, JSON and text.
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
        /** An asset's bytes */
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
         * Add a document (text, a file's text, or a URL): chunked, embedded, deduplicated
         * @description 201 with the new document; 200 when the same text is already in the collection (`deduplicated`: nothing was stored).
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
    "/api/v1/workflows/{workflow_id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a run */
        post: operations["ApiV1WorkflowsWorkflowIdRunsStart"];
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
            max_steps?: number | null;
            max_tokens?: number | null;
        };
        /** CredentialCreate */
        CredentialCreate: {
            /**
             * @description The provider's API key (optional for OpenAI-compatible servers).
             * @default
             */
            api_key: string;
            /** @description For `openai_compatible` only: the API's base URL, e.g. http://localhost:11434/v1. */
            base_url?: string | null;
            /** @description Your name for this key. */
            label: string;
            /** @enum {string} */
            provider: "openai" | "anthropic" | "google" | "groq" | "mistral" | "openai_compatible";
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
        };
        /** Decision */
        Decision: {
            approved: boolean;
            comment?: string | null;
            output?: unknown;
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
        /** Health */
        Health: {
            db: string;
            redis: string;
            status: string;
        };
        /** InputSpec */
        InputSpec: {
            default?: unknown;
            description?: string | null;
            enum?: unknown[] | null;
            /** @default true */
            required: boolean;
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
            attempt: number;
            data?: {
                [key: string]: unknown;
            } | null;
            /**
             * @default info
             * @enum {string}
             */
            level: "debug" | "info" | "warning" | "error";
            message: string;
            node_id: string;
            scope?: string | null;
            seq: number;
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
            description: string;
            /** @description The provider's embedding model, e.g. text-embedding-3-small. */
            embedding_model?: string | null;
            /**
             * @description `local`: the built-in all-MiniLM-L6-v2 (offline, 384 dimensions).
             * @default local
             * @enum {string}
             */
            embedding_provider: "local" | "openai" | "openai_compatible";
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
        /** MemoryDocumentAdded */
        MemoryDocumentAdded: {
            /** @description True: the same text was already in the collection; nothing was stored. */
            deduplicated: boolean;
            document: components["schemas"]["MemoryDocumentRead"];
        };
        /** MemoryDocumentCreate */
        MemoryDocumentCreate: {
            filename?: string | null;
            /** @description A flat JSON object (string keys, scalar values); searches filter by containment. */
            metadata?: {
                [key: string]: string | number | boolean | null;
            };
            /** @enum {string} */
            source: "text" | "file" | "url";
            /** @description For `text` and `file`: the text (UTF-8), at most 512 KB. */
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
            /** Format: uuid */
            collection_id: string;
            /** @description sha256 (hex) of the normalized text. */
            content_hash: string;
            /** Format: date-time */
            created_at: string;
            filename: string | null;
            /** Format: uuid */
            id: string;
            metadata: {
                [key: string]: string | number | boolean | null;
            };
            /** @enum {string} */
            source: "text" | "file" | "url" | "run";
            source_url: string | null;
            title: string;
        };
        /** MemorySearch */
        MemorySearch: {
            /** @default 5 */
            k: number;
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
            type_version: number;
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
        /** PortRead */
        PortRead: {
            id: string;
            label: string;
        };
        /** Position */
        Position: {
            /** @default 0 */
            x: number;
            /** @default 0 */
            y: number;
        };
        /** Problem */
        Problem: {
            /** @enum {string} */
            code: "invalid_document" | "invalid_input" | "too_many_nodes" | "too_many_edges" | "duplicate_node_id" | "duplicate_edge_id" | "dangling_edge" | "self_loop" | "duplicate_edge" | "cycle" | "unknown_node_type" | "invalid_config" | "invalid_template" | "template_too_complex" | "unknown_reference" | "unknown_handle" | "router_handle_unconnected" | "missing_input_node" | "missing_output_node" | "parent_not_container" | "container_cycle" | "nested_too_deep" | "empty_body" | "edge_crosses_container" | "not_allowed_in_body" | "error_handle_not_allowed" | "subworkflow_not_found" | "subworkflow_version_not_found" | "subworkflow_cycle";
            edge_id?: string | null;
            message: string;
            node_id?: string | null;
            path?: string | null;
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
            cost_usd: number;
            /** Format: date-time */
            created_at: string;
            /** @default 0 */
            depth: number;
            error?: {
                [key: string]: unknown;
            } | null;
            failed_node_id?: string | null;
            finished_at?: string | null;
            /** Format: uuid */
            id: string;
            inputs: {
                [key: string]: unknown;
            };
            /** @default 0 */
            last_event_seq: number;
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
            tokens_in: number;
            /** @default 0 */
            tokens_out: number;
            /** Format: uuid */
            workflow_id: string;
            workflow_name?: string | null;
            workflow_version: number;
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
            child_run_id?: string | null;
            /** @default 0 */
            cost_usd: number;
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
            executions: number;
            finished_at?: string | null;
            /** @default false */
            handled: boolean;
            handles?: string[] | null;
            /** Format: uuid */
            id: string;
            idempotency_key?: string | null;
            input?: unknown;
            model?: string | null;
            node_id: string;
            output?: unknown;
            scope?: string | null;
            started_at?: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "skipped" | "cancelled";
            superseded_at?: string | null;
            /** @default 0 */
            tokens_in: number;
            /** @default 0 */
            tokens_out: number;
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
        };
        /** WorkflowImport */
        WorkflowImport: {
            /** @default  */
            description: string;
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
    ApiV1AssetFilesTokenSignedFile: {
        parameters: {
            query?: never;
            header?: never;
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
                    "application/octet-stream": string;
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
            /** @description The link is ours but it has expired. */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
                    "application/octet-stream": string;
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description The request is malformed: a parameter or body that does not decode (see `errors`), a body that is not UTF-8, or JSON nested more than 64 levels deep. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description The body is over 4 MiB, or the text over 512 KB: split it. */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
                limit?: number;
                /** @description Only the child runs this run's sub-workflow steps started. */
                parent_run_id?: string | null;
                status?: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | null;
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description Request fulfilled, document follows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
    ApiV1WorkflowsWorkflowIdRunsStart: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key again (e.g. a retried request) and get the run it started: 200. */
                "Idempotency-Key"?: string | null;
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
            /** @description The run an earlier request with this Idempotency-Key started. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description The inputs do not match the workflow's (see `errors`), or the version cannot run. */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
            /** @description No valid bearer token (`WWW-Authenticate: Bearer`). */
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
