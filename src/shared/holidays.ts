/**
 * Belgium's ten legal public holidays (loi du 4 janvier 1974): no working day for a seller's reply
 * deadline. Moving feasts follow Easter (Gregorian computus, "anonymous" algorithm).
 */

/** Easter Sunday of a year, as { month (1–12), day }. */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

const cache = new Map<number, Set<string>>();

/** The year's public holidays as "MM-DD" strings. */
function holidaysOf(year: number): Set<string> {
  let set = cache.get(year);
  if (set) return set;
  const easter = easterSunday(year);
  const easterUtc = Date.UTC(year, easter.month - 1, easter.day);
  const afterEaster = (days: number) => new Date(easterUtc + days * 86_400_000).toISOString().slice(5, 10);
  set = new Set([
    '01-01', // Nouvel An
    afterEaster(1), // Lundi de Pâques
    '05-01', // Fête du Travail
    afterEaster(39), // Ascension
    afterEaster(50), // Lundi de Pentecôte
    '07-21', // Fête nationale
    '08-15', // Assomption
    '11-01', // Toussaint
    '11-11', // Armistice
    '12-25', // Noël
  ]);
  cache.set(year, set);
  return set;
}

/** Is this calendar date (year, month 1–12, day) a Belgian public holiday? */
export function isBelgianPublicHoliday(year: number, month: number, day: number): boolean {
  return holidaysOf(year).has(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}
