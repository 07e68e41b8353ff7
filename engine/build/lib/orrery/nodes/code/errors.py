"""The code node's step errors, under `NodeError`.

The runner names a step error's `code` after its class (`CodeTimeout` -> `code_timeout`);
each class also declares that `code`, so it stays the same when step errors carry their
own code. None is retryable but `CodeSandboxUnavailable`: the same code on the same input
fails the same way again.
"""

from __future__ import annotations

from typing import ClassVar

from orrery.nodes.errors import NodeError, RetryableNodeError


class CodeError(NodeError):
    """The user's JavaScript failed; the message says how, with a line number where there is one."""

    code: ClassVar[str] = "code_error"


class CodeSyntaxError(CodeError):
    """The code does not parse (normally caught when the workflow is validated)."""

    code = "code_syntax"


class CodeRuntimeError(CodeError):
    """The code threw, or its returned promise was rejected."""

    code = "code_runtime"


class CodeTimeout(CodeError):
    """The code ran longer than its time limit."""

    code = "code_timeout"


class CodeMemoryLimit(CodeError):
    """The code used more memory than its limit."""

    code = "code_memory_limit"


class CodeOutputInvalid(CodeError):
    """The returned value is not JSON (a function, a BigInt, a circular structure), or never came."""

    code = "code_output_invalid"


class CodeOutputTooLarge(CodeError):
    """The returned value is larger than the operator allows (`ORRERY_CODE_MAX_OUTPUT_BYTES`)."""

    code = "code_output_too_large"


class CodeSandboxUnavailable(RetryableNodeError):
    """The JavaScript sandbox could not start or failed for reasons of its own; another attempt may work."""

    code: ClassVar[str] = "code_sandbox_unavailable"
