import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'preact-render-to-string';
import jsQRModule from 'jsqr';
import { encode } from 'uqr';
import { QrCode } from './qr.js';

// jsqr is CommonJS with an ES-style default in its types: under NodeNext the function is `.default`.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

/** The dark modules the SVG path draws, read back from its "M{x} {y}h1v1h-1z" squares. */
function modulesOf(svg: string): Set<string> {
  const d = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
  return new Set([...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
}

test('the QR code draws exactly the dark modules of the otpauth link it encodes', () => {
  const text = 'otpauth://totp/Comptoir:admin%40demo.comptoir.be?secret=JBSWY3DPEHPK3PXP&issuer=Comptoir';
  const svg = render(<QrCode text={text} label="Code QR" />);
  const expected = new Set<string>();
  encode(text, { ecc: 'M', border: 2 }).data.forEach((row, y) => row.forEach((dark, x) => dark && expected.add(`${x},${y}`)));
  assert.ok(expected.size > 300, `a real QR code has hundreds of dark modules (${expected.size})`);
  assert.deepEqual(modulesOf(svg), expected, 'every dark module drawn, no other');
  assert.match(svg, /role="img" aria-label="Code QR"/, 'screen readers hear what it is');
});

test('another key gives another picture', () => {
  const a = modulesOf(render(<QrCode text="otpauth://totp/Comptoir:a?secret=AAAAAAAAAAAAAAAA&issuer=Comptoir" label="x" />));
  const b = modulesOf(render(<QrCode text="otpauth://totp/Comptoir:a?secret=BBBBBBBBBBBBBBBB&issuer=Comptoir" label="x" />));
  assert.notDeepEqual(a, b, 'the secret is in the code');
});

test('an independent decoder (jsQR) reads the drawn picture back as the otpauth link', () => {
  const text = 'otpauth://totp/Comptoir:vendeur%40demo.comptoir.be?secret=YAUMPQ7RDCLS4QZPUOEEF5ZPFRVUUE22&issuer=Comptoir';
  const svg = render(<QrCode text={text} label="Code QR" />);
  const size = Number(/viewBox="0 0 (\d+) /.exec(svg)?.[1]);
  const dark = modulesOf(svg);
  // Rasterise the SVG's squares at 8 px per module, with a white margin, as a phone's camera would see it.
  const scale = 8;
  const margin = 4 * scale;
  const px = size * scale + 2 * margin;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  for (let y = 0; y < px; y++)
    for (let x = 0; x < px; x++) {
      const mx = Math.floor((x - margin) / scale);
      const my = Math.floor((y - margin) / scale);
      if (x >= margin && y >= margin && dark.has(`${mx},${my}`)) rgba.fill(0, (y * px + x) * 4, (y * px + x) * 4 + 3);
    }
  const read = jsQR(rgba, px, px);
  assert.equal(read?.data, text, 'the decoder reads the link');
});
