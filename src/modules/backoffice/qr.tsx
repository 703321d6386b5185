import { encode } from 'uqr';

/**
 * A QR code drawn as inline SVG from the library's module matrix (no raw HTML string: JSX escapes
 * everything, and nothing runs). One path, one square per dark module, a 2-module quiet border.
 */
export function QrCode(props: { text: string; label: string; size?: number }) {
  const qr = encode(props.text, { ecc: 'M', border: 2 });
  let d = '';
  qr.data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    }),
  );
  const px = props.size ?? 200;
  return (
    <svg class="qr" width={px} height={px} viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-label={props.label} shape-rendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
