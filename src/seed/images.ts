import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLOURS, DEMO_IMAGES, isStriped, type ColourCode, type ImageSeed, type ProductKind } from './demo-data.js';

/**
 * Demo product pictures: a flat silhouette of the product type in the variant's colour on a soft
 * neutral background. Plain SVG, no script, no external reference, a few hundred bytes to 3 KB.
 */

export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');

type Paint = { fill: string; dark: string; light: string; detail: string };
type Shape = (c: Paint) => string;

const BACKGROUND = '#f3f0ea';
const GROUND = '#e5e0d7';
const LABEL = '#fbf8f2';

// ---------------------------------------------------------------- colour arithmetic

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(hex: string, other: string, amount: number): string {
  const a = rgb(hex);
  const b = rgb(other);
  const parts = a.map((v, i) => Math.round(v + ((b[i] ?? 0) - v) * amount));
  return `#${parts.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

function paintOf(colour: ColourCode): Paint {
  const hex = COLOURS[colour].hex;
  const detail = luminance(hex) > 0.5 ? mix(hex, '#000000', 0.45) : mix(hex, '#ffffff', 0.55);
  return { fill: isStriped(colour) ? 'url(#stripes)' : hex, dark: mix(hex, '#000000', 0.35), light: mix(hex, '#ffffff', 0.45), detail };
}

function stripes(colour: ColourCode): string {
  if (!isStriped(colour)) return '';
  const hex = COLOURS[colour].hex;
  return `<defs><pattern id="stripes" width="40" height="40" patternUnits="userSpaceOnUse"><rect width="40" height="40" fill="#f4efe3"/><rect y="22" width="40" height="12" fill="${hex}"/></pattern></defs>`;
}

// ---------------------------------------------------------------- drawing helpers

function shape(d: string, fill: string, c: Paint, extra = ''): string {
  return `<path d="${d}" fill="${fill}" stroke="${c.dark}" stroke-width="5" stroke-linejoin="round"${extra}/>`;
}

function line(d: string, colour: string, width = 5, extra = ''): string {
  return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${width}" stroke-linecap="round"${extra}/>`;
}

/** A band drawn as a thick line with an outline: straps, handles, laces. */
function band(d: string, c: Paint, width: number): string {
  return line(d, c.dark, width + 8) + line(d, c.fill, width);
}

function dots(points: readonly [number, number][], colour: string, r = 7): string {
  return points.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour}"/>`).join('');
}

function rr(x: number, y: number, w: number, h: number, r: number): string {
  return `M${x + r} ${y}H${x + w - r}Q${x + w} ${y} ${x + w} ${y + r}V${y + h - r}Q${x + w} ${y + h} ${x + w - r} ${y + h}H${x + r}Q${x} ${y + h} ${x} ${y + h - r}V${y + r}Q${x} ${y} ${x + r} ${y}Z`;
}

function ribs(x0: number, x1: number, y0: number, y1: number, step: number): string {
  let d = '';
  for (let x = x0; x <= x1; x += step) d += `M${x} ${y0}V${y1}`;
  return d;
}

// ---------------------------------------------------------------- garments

const TEE = 'M215 130L150 150L85 225L145 290L185 255V480H415V255L455 290L515 225L450 150L385 130Q300 195 215 130Z';
const LONG_SLEEVES = 'M220 130L160 150L120 205L92 430L142 438L182 290L185 480H415L418 290L458 438L508 430L480 205L440 150L380 130';

const tshirt: Shape = (c) => shape(TEE, c.fill, c) + line('M222 136Q300 188 378 136', c.detail, 6);

const polo: Shape = (c) =>
  shape('M215 130L150 150L85 225L145 290L185 255V480H415V255L455 290L515 225L450 150L385 130L300 170Z', c.fill, c) +
  shape('M215 130L300 170L258 200Z', c.fill, c) +
  shape('M385 130L300 170L342 200Z', c.fill, c) +
  line('M300 170V245', c.detail, 4) +
  dots([[300, 195], [300, 228]], c.detail, 6);

const shirt: Shape = (c) =>
  shape('M220 125L160 145L120 200L90 440L140 448L182 285L185 490H415L418 285L460 448L510 440L480 200L440 145L380 125L300 165Z', c.fill, c) +
  shape('M220 125L300 165L262 205L235 150Z', c.fill, c) +
  shape('M380 125L300 165L338 205L365 150Z', c.fill, c) +
  line('M300 168V488M96 412L144 420M504 412L456 420', c.detail, 4) +
  dots([[300, 215], [300, 265], [300, 315], [300, 365], [300, 415]], c.detail, 6);

const jumper: Shape = (c) =>
  shape(`${LONG_SLEEVES}Q300 180 220 130Z`, c.fill, c) +
  line('M222 134Q300 182 378 134', c.detail, 9) +
  line('M188 455H412M95 408L145 416M505 408L455 416', c.detail, 5);

const hoodie: Shape = (c) =>
  shape(`${LONG_SLEEVES}Q300 180 220 130Z`, c.fill, c) +
  shape('M222 138Q220 62 300 58Q380 62 378 138Q300 178 222 138Z', c.fill, c) +
  `<path d="M254 134Q258 92 300 90Q342 92 346 134Q300 158 254 134Z" fill="${c.dark}"/>` +
  line('M285 160V235M315 160V235', c.detail, 5) +
  line('M230 360H370L395 440H205Z', c.detail, 4) +
  line('M188 455H412', c.detail, 5);

const fleece: Shape = (c) =>
  shape(`${LONG_SLEEVES}Q300 160 220 130Z`, c.fill, c) +
  shape('M240 100H360L366 140Q300 165 234 140Z', c.fill, c) +
  line('M300 104V480', c.detail, 5) +
  line('M205 360L250 420M395 360L350 420M188 455H412', c.detail, 4);

const coat: Shape = (c) =>
  shape('M225 120L165 140L130 200L105 470L155 478L190 300V540H410V300L445 478L495 470L470 200L435 140L375 120L300 200Z', c.fill, c) +
  shape('M225 120L300 200L262 260L240 170Z', c.fill, c) +
  shape('M375 120L300 200L338 260L360 170Z', c.fill, c) +
  line('M300 200V540M215 440H265M335 440H385', c.detail, 4) +
  dots([[272, 300], [328, 300], [272, 370], [328, 370]], c.detail, 8);

const jacket: Shape = (c) =>
  shape('M225 130L165 150L128 205L100 430L150 438L188 290L190 450H410L412 290L450 438L500 430L472 205L435 150L375 130L300 175Z', c.fill, c) +
  shape('M225 130L300 175L262 212L238 155Z', c.fill, c) +
  shape('M375 130L300 175L338 212L362 155Z', c.fill, c) +
  line('M300 178V448M190 415H410', c.detail, 4) +
  line(`${rr(212, 235, 62, 48, 4)}${rr(326, 235, 62, 48, 4)}`, c.detail, 4) +
  dots([[300, 230], [300, 290], [300, 350]], c.detail, 7);

const raincoat: Shape = (c) =>
  shape('M225 140L165 160L130 215L105 450L155 458L190 305V500H410V305L445 458L495 450L470 215L435 160L375 140Q300 175 225 140Z', c.fill, c) +
  shape('M222 150Q215 60 300 55Q385 60 378 150Q300 185 222 150Z', c.fill, c) +
  `<path d="M252 145Q252 92 300 90Q348 92 348 145Q300 168 252 145Z" fill="${c.dark}"/>` +
  line('M300 178V500', c.detail, 5) +
  line('M210 400H270M330 400H390M112 420L156 428M488 420L444 428', c.detail, 6);

const dress: Shape = (c) =>
  shape('M240 110H268Q300 160 332 110H360L368 200Q345 235 355 265L470 515Q300 540 130 515L245 265Q255 235 232 200Z', c.fill, c) +
  line('M247 258Q300 272 353 258', c.detail, 7);

const skirt: Shape = (c) =>
  shape('M220 160H380L470 480Q300 505 130 480Z', c.fill, c) +
  shape('M218 160H382L386 194H214Z', c.dark, c) +
  line('M262 196L214 488M300 196V494M338 196L386 488', c.dark, 4, ' opacity=".6"');

const trousers: Shape = (c) =>
  shape('M205 110H395L430 505H330L300 215L270 505H170Z', c.fill, c) +
  shape('M205 110H395L397 142H203Z', c.dark, c) +
  line('M300 142V212M245 162L222 496M355 162L378 496', c.detail, 3, ' opacity=".7"');

const leggings: Shape = (c) =>
  shape('M225 105H375L392 505H322L300 220L278 505H208Z', c.fill, c) +
  shape('M225 105H375L377 140H223Z', c.dark, c) +
  line('M210 470H275M325 470H390', c.detail, 4);

const dungarees: Shape = (c) =>
  band('M250 160L218 92M350 160L382 92', c, 16) +
  shape('M240 150H360L366 262H234Z', c.fill, c) +
  shape('M205 258H395L422 500H326L300 340L274 500H178Z', c.fill, c) +
  line(rr(270, 185, 60, 50, 6), c.detail, 4) +
  dots([[250, 165], [350, 165]], c.detail, 8);

const bodysuit: Shape = (c) =>
  shape('M230 130L175 150L130 210L180 250L205 235L210 360Q215 420 260 455H340Q385 420 390 360L395 235L420 250L470 210L425 150L370 130Q300 180 230 130Z', c.fill, c) +
  line('M236 136Q300 174 364 136', c.detail, 6) +
  dots([[278, 446], [300, 449], [322, 446]], c.detail, 6);

const beanie: Shape = (c) =>
  shape('M300 95m-55 0a55 55 0 1 0 110 0a55 55 0 1 0-110 0', c.fill, c) +
  shape('M165 380Q165 168 300 163Q435 168 435 380Z', c.fill, c) +
  shape('M155 368H445V452Q300 470 155 452Z', c.fill, c) +
  line(ribs(180, 420, 378, 446, 24), c.detail, 4, ' opacity=".6"');

const cap: Shape = (c) =>
  shape('M390 378Q490 356 540 398Q470 414 390 406Z', c.fill, c) +
  shape('M150 392Q160 212 305 205Q450 215 455 392Z', c.fill, c) +
  line('M305 208Q322 300 305 390', c.detail, 12) +
  line('M152 374H453', c.dark, 6);

const plush: Shape = (c) =>
  shape('M248 250Q206 92 248 80Q286 90 278 250Z', c.fill, c) +
  shape('M322 250Q314 90 352 80Q394 92 352 250Z', c.fill, c) +
  `<path d="M255 220Q230 118 250 102Q268 112 266 220ZM334 220Q332 112 350 102Q370 118 345 220Z" fill="${c.light}"/>` +
  shape('M300 420m-100 0a100 88 0 1 0 200 0a100 88 0 1 0-200 0', c.fill, c) +
  shape('M300 285m-82 0a82 78 0 1 0 164 0a82 78 0 1 0-164 0', c.fill, c) +
  dots([[272, 278], [328, 278]], '#2a2420', 7) +
  `<path d="M292 302H308L300 312Z" fill="${c.detail}"/>`;

// ---------------------------------------------------------------- footwear

function sole(c: Paint, y: number, h: number, colour = c.dark): string {
  return shape(`M100 ${y}H512Q512 ${y + h} 490 ${y + h}H120Q100 ${y + h} 100 ${y + h - 12}Z`, colour, c);
}

const shoe: Shape = (c) =>
  sole(c, 388, 32) +
  shape('M110 390V300Q115 280 140 285L215 300Q260 265 300 262L345 265Q420 300 470 325Q510 345 505 390Z', c.fill, c) +
  line('M200 302Q250 334 336 288', c.detail, 4) +
  line('M248 288L272 304M268 280L292 296M288 273L312 289', c.detail, 5);

const flat: Shape = (c) =>
  sole(c, 380, 18) +
  shape('M110 380Q108 332 142 330L250 342Q330 330 400 335Q472 342 502 380Z', c.fill, c) +
  line('M150 336Q290 372 420 340', c.dark, 6) +
  shape('M418 340L446 326L442 356ZM418 340L392 326L396 356Z', c.detail, c);

const boot: Shape = (c) =>
  sole(c, 398, 32) +
  shape('M170 130H320L330 300Q420 310 470 340Q510 360 505 400H165Z', c.fill, c) +
  `<path d="M252 160H300L305 282Q262 252 252 160Z" fill="${c.dark}" opacity=".7"/>` +
  shape('M170 130V94H198V130Z', c.dark, c);

const sneaker: Shape = (c) =>
  shape('M105 368H520Q522 416 495 418H125Q105 418 105 395Z', LABEL, c) +
  shape('M115 372L120 290Q125 270 150 275L230 285Q275 250 320 252L350 258Q430 300 480 320Q515 335 510 372Z', c.fill, c) +
  line('M420 306Q442 346 430 370M150 300Q180 340 170 370', c.detail, 4) +
  line('M250 276L274 292M270 268L294 284M290 262L314 278', c.detail, 5);

const sandal: Shape = (c) =>
  shape('M100 400Q100 368 140 366L480 372Q514 378 512 400Q510 420 480 420H135Q100 420 100 400Z', c.fill, c) +
  band('M190 370Q212 296 262 298Q302 304 302 370M322 372Q350 300 400 305Q440 316 450 374M150 368Q140 292 200 270', c, 20) +
  `<rect x="186" y="262" width="22" height="22" fill="none" stroke="${c.detail}" stroke-width="5"/>`;

// ---------------------------------------------------------------- bags

const washbag: Shape = (c) =>
  shape('M160 200H440Q470 200 470 230L480 440Q480 470 450 470H150Q120 470 120 440L130 230Q130 200 160 200Z', c.fill, c) +
  line('M150 228H450', c.detail, 6) +
  line('M440 228L468 266', c.detail, 9);

const backpack: Shape = (c) =>
  band('M265 120Q265 80 300 80Q335 80 335 120', c, 12) +
  shape('M230 118H370Q430 120 430 180L440 470Q440 495 415 495H185Q160 495 160 470L170 180Q170 120 230 118Z', c.fill, c) +
  shape('M172 175H428V272Q300 302 172 272Z', c.fill, c) +
  `<rect x="245" y="270" width="20" height="62" fill="${c.dark}"/><rect x="335" y="270" width="20" height="62" fill="${c.dark}"/>` +
  shape('M210 360H390L395 460H205Z', c.fill, c);

// ---------------------------------------------------------------- home

const mug: Shape = (c) =>
  band('M400 250Q482 250 482 320Q482 392 398 395', c, 24) +
  shape('M170 190H400L395 460Q395 480 375 480H195Q175 480 175 460Z', c.fill, c) +
  `<path d="M175 193H397L396 238Q362 256 330 238Q292 260 252 240Q212 258 176 240Z" fill="${c.light}"/>`;

const lamp: Shape = (c) =>
  line('M360 482Q430 500 500 486', '#6b6b6b', 4) +
  shape('M255 300Q198 360 230 440Q242 470 300 472Q358 470 370 440Q402 360 345 300Z', c.fill, c) +
  shape('M236 470H364L368 490H232Z', c.dark, c) +
  `<path d="M200 140H400L450 300H150Z" fill="#efe7d8" stroke="#c9bca3" stroke-width="5" stroke-linejoin="round"/>` +
  line('M240 146L214 294M280 146L270 294M320 146L330 294M360 146L386 294', '#d8ccb6', 4);

const cushion: Shape = (c) =>
  shape('M140 160Q300 185 460 160Q435 300 460 440Q300 415 140 440Q165 300 140 160Z', c.fill, c) +
  line('M180 200Q300 218 420 200', c.light, 5, ' opacity=".8"') +
  dots([[300, 300]], c.detail, 10);

const vase: Shape = (c) =>
  shape('M255 120H345L340 160Q440 230 420 370Q405 470 300 475Q195 470 180 370Q160 230 260 160Z', c.fill, c, ' fill-opacity=".9"') +
  line('M218 262Q206 330 226 400', c.light, 12, ' opacity=".7"');

const carafe: Shape = (c) =>
  shape('M258 92H342L338 166H262Z', c.fill, c, ' fill-opacity=".75"') +
  shape('M265 172H335L340 250Q420 300 415 400Q410 480 300 482Q190 480 185 400Q180 300 260 250Z', c.fill, c, ' fill-opacity=".85"') +
  line('M222 330Q212 380 228 430', c.light, 10, ' opacity=".8"');

const candle: Shape = (c) =>
  shape('M200 230H400L392 470Q390 485 375 485H225Q210 485 208 470Z', c.fill, c) +
  `<ellipse cx="300" cy="244" rx="96" ry="14" fill="${c.light}"/>` +
  line('M300 244V212', '#333333', 4) +
  `<path d="M300 160Q326 195 300 212Q274 195 300 160Z" fill="#f2b134"/>` +
  shape(rr(240, 320, 120, 80, 6), LABEL, c);

const plate: Shape = (c) =>
  shape('M300 300m-195 0a195 195 0 1 0 390 0a195 195 0 1 0-390 0', c.fill, c) +
  `<circle cx="300" cy="300" r="135" fill="none" stroke="${c.detail}" stroke-width="4" opacity=".5"/>` +
  line('M175 220Q200 170 250 150', c.light, 10, ' opacity=".8"');

const bedding: Shape = (c) =>
  shape(rr(105, 380, 390, 90, 16), c.fill, c) +
  shape(rr(125, 295, 350, 88, 16), c.fill, c) +
  shape(rr(145, 210, 310, 88, 16), c.fill, c) +
  line('M125 425H475M145 340H455M165 254H435', c.detail, 3, ' opacity=".5"');

const towel: Shape = (c) =>
  band('M282 200Q300 168 318 200', c, 6) +
  shape(rr(130, 200, 340, 260, 18), c.fill, c) +
  `<rect x="132" y="395" width="336" height="22" fill="${c.detail}" opacity=".6"/>` +
  line('M130 260H470', c.dark, 3, ' opacity=".4"');

const tablecloth: Shape = (c) =>
  shape(rr(110, 300, 380, 170, 12), c.fill, c) +
  shape(rr(135, 185, 330, 150, 12), c.fill, c) +
  `<path d="${rr(155, 205, 290, 110, 6)}" fill="none" stroke="${c.detail}" stroke-width="4" stroke-dasharray="10 8"/>`;

const throwBlanket: Shape = (c) =>
  line(ribs(146, 454, 438, 474, 14), c.dark, 5) +
  shape(rr(130, 190, 340, 250, 14), c.fill, c) +
  line('M130 270H470M130 360H470', c.detail, 4, ' opacity=".5"');

const book: Shape = (c) =>
  shape(rr(170, 110, 260, 370, 8), c.fill, c) +
  `<rect x="172" y="112" width="28" height="366" fill="${c.dark}"/>` +
  shape(rr(225, 180, 170, 78, 4), LABEL, c) +
  `<rect x="245" y="205" width="130" height="9" fill="${c.detail}"/><rect x="265" y="226" width="90" height="7" fill="${c.detail}"/>`;

// ---------------------------------------------------------------- beauty and pantry

const jar: Shape = (c) =>
  shape(rr(190, 225, 220, 250, 30), c.fill, c) +
  shape(rr(205, 170, 190, 62, 10), c.dark, c) +
  shape(rr(215, 295, 170, 110, 8), LABEL, c) +
  line('M245 335H355M260 360H340', c.dark, 5);

const bottle: Shape = (c) =>
  shape(rr(255, 120, 90, 75, 10), '#3a3a3a', c) +
  `<rect x="270" y="192" width="60" height="42" fill="${c.dark}"/>` +
  shape(rr(200, 230, 200, 250, 24), c.fill, c, ' fill-opacity=".9"') +
  shape(rr(230, 320, 140, 90, 6), LABEL, c) +
  line('M218 255V455', c.light, 8, ' opacity=".7"');

const soap: Shape = (c) =>
  shape(rr(150, 255, 300, 190, 70), c.dark, c) +
  shape(rr(150, 230, 300, 190, 70), c.fill, c) +
  `<path d="${rr(200, 275, 200, 100, 45)}" fill="none" stroke="${c.detail}" stroke-width="5" opacity=".6"/>`;

const tube: Shape = (c) =>
  shape(rr(255, 140, 90, 140, 14), c.dark, c) +
  shape(rr(255, 285, 90, 200, 10), c.fill, c) +
  `<rect x="258" y="340" width="84" height="60" fill="${LABEL}"/>`;

const mat: Shape = (c) =>
  shape('M140 260H440V390H140Z', c.fill, c) +
  shape('M440 325m-42 0a42 65 0 1 0 84 0a42 65 0 1 0-84 0', c.light, c) +
  line('M440 325m-20 0a20 34 0 1 0 40 0a20 34 0 1 0-40 0', c.detail, 4) +
  `<rect x="220" y="254" width="18" height="142" fill="${c.dark}"/><rect x="350" y="254" width="18" height="142" fill="${c.dark}"/>`;

const flask: Shape = (c) =>
  line('M270 112Q300 70 330 112', c.dark, 10) +
  shape(rr(240, 110, 120, 70, 14), c.dark, c) +
  shape(rr(225, 170, 150, 310, 40), c.fill, c) +
  line('M250 210V440', c.light, 10, ' opacity=".7"');

const box: Shape = (c) =>
  shape('M140 260L200 200H520L460 260Z', c.light, c) +
  shape('M460 260L520 200V400L460 460Z', c.dark, c) +
  shape('M140 260H460V460H140Z', c.fill, c) +
  `<rect x="290" y="262" width="22" height="196" fill="${c.detail}"/><path d="M301 230L260 200L270 250ZM301 230L342 200L332 250Z" fill="${c.detail}"/>`;

const pouch: Shape = (c) =>
  shape('M190 150H410L425 470Q425 485 410 485H190Q175 485 175 470Z', c.fill, c) +
  `<rect x="192" y="152" width="216" height="34" fill="${c.dark}"/><circle cx="300" cy="240" r="12" fill="${c.dark}"/>` +
  shape(rr(215, 300, 170, 120, 6), LABEL, c) +
  line('M245 345H355M262 372H338', c.dark, 5);

const SHAPES: Record<ProductKind, Shape> = {
  tshirt, polo, shirt, jumper, hoodie, fleece, coat, jacket, raincoat, dress, skirt, trousers, leggings, dungarees,
  bodysuit, beanie, cap, plush, shoe, flat, boot, sneaker, sandal, washbag, backpack, mug, lamp, cushion, vase, carafe,
  candle, plate, bedding, towel, tablecloth, throw: throwBlanket, book, jar, bottle, soap, tube, mat, flask, box, pouch,
};

// ---------------------------------------------------------------- files

const FOOTWEAR = 'translate(-60 -4) scale(1.2)';

/** Moves the shapes drawn smaller or higher so that every product stands on the ground line. */
const PLACEMENT: Partial<Record<ProductKind, string>> = {
  shoe: FOOTWEAR, flat: 'translate(-60 -2) scale(1.2)', boot: 'translate(-60 -20) scale(1.2)', sneaker: FOOTWEAR, sandal: FOOTWEAR,
  jacket: 'translate(0 30)', bodysuit: 'translate(0 30)', cap: 'translate(0 70)', washbag: 'translate(0 20)',
  cushion: 'translate(0 40)', vase: 'translate(0 15)', bedding: 'translate(0 20)', towel: 'translate(0 25)',
  tablecloth: 'translate(0 20)', throw: 'translate(0 15)', jar: 'translate(0 15)', soap: 'translate(0 45)',
  mat: 'translate(0 100)', box: 'translate(0 30)',
};

export function productSvg(kind: ProductKind, colour: ColourCode): string {
  const drawing = SHAPES[kind](paintOf(colour));
  const placement = PLACEMENT[kind];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" width="600" height="600">${stripes(colour)}` +
    `<rect width="600" height="600" fill="${BACKGROUND}"/><ellipse cx="300" cy="505" rx="190" ry="18" fill="${GROUND}"/>` +
    `${placement ? `<g transform="${placement}">${drawing}</g>` : drawing}</svg>\n`
  );
}

export function faviconSvg(): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">' +
    '<rect width="64" height="64" rx="14" fill="#8a1538"/>' +
    '<path d="M43.3 20.7A16 16 0 1 0 43.3 43.3" fill="none" stroke="#ffffff" stroke-width="8" stroke-linecap="round"/></svg>\n'
  );
}

/** Writes the file unless it exists; true when written. */
async function writeNew(file: string, content: string): Promise<boolean> {
  try {
    await writeFile(file, content, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Writes public/img/favicon.svg and one picture per product colour; existing files are kept. */
export async function writeDemoImages(publicDir: string = PUBLIC_DIR, images: readonly ImageSeed[] = DEMO_IMAGES): Promise<{ written: number }> {
  const productDir = path.join(publicDir, 'img', 'products');
  await mkdir(productDir, { recursive: true });
  const results = await Promise.all([
    writeNew(path.join(publicDir, 'img', 'favicon.svg'), faviconSvg()),
    ...images.map((image) => writeNew(path.join(productDir, image.file), productSvg(image.kind, image.colour))),
  ]);
  return { written: results.filter(Boolean).length };
}
