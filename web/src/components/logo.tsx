export function Logo({ className = "size-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <rect width="32" height="32" rx="8" className="fill-accent" />
      <ellipse
        cx="16"
        cy="16"
        rx="11"
        ry="5.5"
        fill="none"
        stroke="#fff"
        strokeOpacity=".55"
        strokeWidth="1.5"
        transform="rotate(-25 16 16)"
      />
      <circle cx="16" cy="16" r="4" fill="#fff" />
      <circle cx="25.2" cy="11.6" r="2" fill="#fff" />
    </svg>
  );
}
