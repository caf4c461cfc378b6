// Small inline SVG icons: no icon font or emoji font needed, and they inherit the text colour.
export function SuitcaseIcon({ label }: { label: string }) {
  return (
    <svg className="icon employer-icon" viewBox="0 0 16 16" role="img" aria-label={label}>
      <title>{label}</title>
      <path fill="currentColor" d="M6 2h4a1 1 0 0 1 1 1v1h3a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3V3a1 1 0 0 1 1-1Zm0 2h4V3H6v1Z" />
    </svg>
  );
}

export function PlugIcon({ online }: { online: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      {online ? (
        <circle cx="8" cy="8" r="5" fill="currentColor" />
      ) : (
        <path fill="currentColor" d="M8 1 15 14H1L8 1Zm-.8 4.5v4.2h1.6V5.5H7.2Zm0 5.5v1.6h1.6V11H7.2Z" />
      )}
    </svg>
  );
}
