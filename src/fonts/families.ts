/**
 * The families a guide may name, each an npm package of Noto Sans faces, and the CJK family of
 * each language: what a guide is checked against before any font is read.
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

/**
 * The CJK family whose glyph forms a language's readers expect: Traditional Chinese where the tag
 * says Hant or a region that writes it (Taiwan, Hong Kong, Macao), Simplified for other Chinese,
 * and Japanese and Korean; none for other languages.
 */
export function cjkFamilyOf(lang: string): CjkFamily | undefined {
  const [language, ...subtags] = lang.toLowerCase().split(/[-_]/);
  if (language === 'ja') return 'Noto Sans JP';
  if (language === 'ko') return 'Noto Sans KR';
  if (language !== 'zh') return undefined;
  const script = subtags.find((subtag) => subtag.length === 4);
  if (script) return script === 'hant' ? 'Noto Sans TC' : 'Noto Sans SC';
  return subtags.some((subtag) => TRADITIONAL_REGIONS.includes(subtag)) ? 'Noto Sans TC' : 'Noto Sans SC';
}

const TRADITIONAL_REGIONS = ['tw', 'hk', 'mo'];

/** Chinese and Japanese are written without spaces between words, on a grid of equal squares. */
export function writtenWithoutSpaces(lang: string): boolean {
  return /^(zh|ja)(?:[-_]|$)/i.test(lang);
}
