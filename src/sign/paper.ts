/**
 * Paper sizes of the printable sign, in PDF points (1/72 inch), landscape.
 * US Letter where the seller's locale prints on it (the Americas that use it and the
 * Philippines), A4 everywhere else.
 */

export const PAPERS = {
  letter: { width: 792, height: 612, label: 'US Letter' },
  a4: { width: 841.89, height: 595.28, label: 'A4' },
} as const;

export type Paper = keyof typeof PAPERS;

/** Countries whose printers are loaded with US Letter. */
const LETTER_REGIONS = new Set(['US', 'CA', 'MX', 'PH', 'CL', 'CO', 'VE', 'CR', 'GT', 'PA', 'PR', 'SV', 'DO', 'NI']);

/** "en_US.UTF-8" or "en-US" → "US"; null for "C", "POSIX" or a language alone. */
export function regionOf(locale: string | undefined): string | null {
  if (!locale) return null;
  const match = /^[a-z]{2,3}(?:[_-][A-Za-z]{4})?[_-]([A-Za-z]{2}|\d{3})(?:[.@]|$)/.exec(locale.trim());
  return match ? match[1]!.toUpperCase() : null;
}

/**
 * The paper of the seller's locale: LC_ALL, LC_PAPER, LANG (as the C library reads them), then
 * the locale Node itself reports (Windows and macOS set no LANG for GUI terminals).
 */
export function defaultPaper(env: NodeJS.ProcessEnv = process.env, systemLocale?: string): Paper {
  for (const name of ['LC_ALL', 'LC_PAPER', 'LANG'] as const) {
    const value = env[name];
    if (!value) continue;
    const region = regionOf(value);
    if (region) return LETTER_REGIONS.has(region) ? 'letter' : 'a4';
    // "C" or "POSIX" says nothing about paper: look further.
  }
  const region = regionOf(systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale);
  if (region) return LETTER_REGIONS.has(region) ? 'letter' : 'a4';
  return 'letter';
}
