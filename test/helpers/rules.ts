/**
 * appeal.json `rules` that turn off every rule reading the business name, so a test about
 * something else does not spend a minute on OCR (the check reads names only for rules that are on).
 */
export const NAME_RULES_OFF = {
  'business-name-visible': 'off',
  'business-name-unsure': 'off',
  'business-name-overlay': 'off',
  'business-name-confirmed': 'off',
} as const;
