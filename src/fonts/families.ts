/**
 * The families a guide may name, each an npm package of Noto Sans faces: the one place that
 * lists them, which a guide is checked against before any font is read.
 */
export const FAMILIES = {
  'Noto Sans SC': { package: '@embedpdf/fonts-sc', regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' },
  'Noto Sans TC': { package: '@embedpdf/fonts-tc', regular: 'NotoSansHant-Regular.otf', bold: 'NotoSansHant-Bold.otf' },
  'Noto Sans JP': { package: '@embedpdf/fonts-jp', regular: 'NotoSansJP-Regular.otf', bold: 'NotoSansJP-Bold.otf' },
  'Noto Sans KR': { package: '@embedpdf/fonts-kr', regular: 'NotoSansKR-Regular.otf', bold: 'NotoSansKR-Bold.otf' },
  'Noto Sans': { package: '@embedpdf/fonts-latin', regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' },
} as const;

export type FamilyName = keyof typeof FAMILIES;
export type CjkFamily = Exclude<FamilyName, 'Noto Sans'>;
export const FAMILY_NAMES = Object.keys(FAMILIES) as [FamilyName, ...FamilyName[]];
