/** A small icon per node type (same slugs as the engine's node registry). */
export function NodeTypeIcon({ type, className = "size-4" }: { type: string; className?: string }) {
  const common = { viewBox: "0 0 16 16", fill: "none", stroke: "currentColor", strokeWidth: 1.5, strokeLinecap: "round" as const, strokeLinejoin: "round" as const, className, "aria-hidden": true };
  switch (type) {
    case "code":
      return (
        <svg {...common}>
          <path d="m10.5 12 4-4-4-4M5.5 4l-4 4 4 4" />
        </svg>
      );
    case "input":
      return (
        <svg {...common}>
          <path d="M2 8h8M7 5l3 3-3 3M13 3v10" />
        </svg>
      );
    case "output":
      return (
        <svg {...common}>
          <path d="M3 3v10M6 8h8M11 5l3 3-3 3" />
        </svg>
      );
    case "agent":
      return (
        <svg {...common}>
          <rect x="3" y="5" width="10" height="8" rx="2" />
          <path d="M8 2.5V5M6 9h.01M10 9h.01" />
        </svg>
      );
    case "memory_search":
      return (
        <svg {...common}>
          <ellipse cx="7" cy="3.5" rx="5" ry="2" />
          <path d="M2 3.5v8c0 1.1 2.2 2 5 2M12 3.5V6M2 7.5c0 1.1 2.2 2 5 2" />
          <circle cx="11.5" cy="10.5" r="2" />
          <path d="m14.5 13.5-1.5-1.5" />
        </svg>
      );
    case "memory_write":
      return (
        <svg {...common}>
          <ellipse cx="7" cy="3.5" rx="5" ry="2" />
          <path d="M2 3.5v8c0 1.1 2.2 2 5 2M12 3.5V6M2 7.5c0 1.1 2.2 2 5 2M12 9v5M9.5 11.5h5" />
        </svg>
      );
    case "http":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6" />
          <path d="M2 8h12M8 2c1.8 1.7 2.6 3.7 2.6 6S9.8 12.3 8 14C6.2 12.3 5.4 10.3 5.4 8S6.2 3.7 8 2z" />
        </svg>
      );
    case "transform":
      return (
        <svg {...common}>
          <path d="m3 13 7-7M9 3l.6 1.4L11 5l-1.4.6L9 7l-.6-1.4L7 5l1.4-.6zM12.5 8.5l.4.9.9.4-.9.4-.4.9-.4-.9-.9-.4.9-.4z" />
        </svg>
      );
    case "router":
      return (
        <svg {...common}>
          <path d="M2 8h4l3-4h5M9 12h5M6 8l3 4M12 2l2 2-2 2M12 10l2 2-2 2" />
        </svg>
      );
    case "approval":
      return (
        <svg {...common}>
          <circle cx="6.5" cy="5" r="2.5" />
          <path d="M2 13c.4-2.4 2.2-4 4.5-4 1 0 1.9.3 2.6.8M10 12l1.5 1.5L14 10.5" />
        </svg>
      );
    case "map":
      return (
        <svg {...common}>
          <path d="M8.5 1.6a1 1 0 0 0-1 0L2 4.5l6 3 6-3zM2 8l6 3 6-3M2 11.5l6 3 6-3" />
        </svg>
      );
    case "loop":
      return (
        <svg {...common}>
          <path d="M11.5 1.5 14 4l-2.5 2.5M2 7.5V7a3 3 0 0 1 3-3h9M4.5 14.5 2 12l2.5-2.5M14 8.5V9a3 3 0 0 1-3 3H2" />
        </svg>
      );
    case "subworkflow":
      return (
        <svg {...common}>
          <rect x="1.5" y="1.5" width="5.5" height="5.5" rx="1.5" />
          <rect x="9" y="9" width="5.5" height="5.5" rx="1.5" />
          <path d="M4.25 7v2.5a1.5 1.5 0 0 0 1.5 1.5H9" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <rect x="3" y="3" width="10" height="10" rx="2" />
        </svg>
      );
  }
}
