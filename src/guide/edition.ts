import { UsageError } from '../diagnostics.js';
import type { Bilingual, Guide, Language } from './types.js';

/**
 * A single-language edition: every text of the guide in the chosen language alone, its other
 * half left empty so templates show one language. The language is named by tag or key.
 */
export function selectLanguage(guide: Guide, name: string): Guide {
  const role = languageRole(guide, name);
  const language = guide.languages[role];
  return { ...(onlyRole(guide, role) as Guide), file: guide.file, languages: { primary: language, secondary: language } };
}

function languageRole(guide: Guide, name: string): keyof Bilingual {
  const matches = (language: Language) => [language.tag, language.key].some((known) => known.toLowerCase() === name.toLowerCase());
  const role = (['primary', 'secondary'] as const).find((candidate) => matches(guide.languages[candidate]));
  if (role) return role;
  const { primary, secondary } = guide.languages;
  throw new UsageError(`"${name}" is not a language of the guide`, { path: '--lang', hint: `use ${primary.tag} or ${secondary.tag}, or leave --lang out for both` });
}

function onlyRole(value: unknown, role: keyof Bilingual): unknown {
  if (Array.isArray(value)) return value.map((entry) => onlyRole(entry, role));
  if (value === null || typeof value !== 'object') return value;
  if (isBilingual(value)) return { primary: value[role], secondary: '' };
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, onlyRole(entry, role)]));
}

function isBilingual(value: object): value is Bilingual {
  const keys = Object.keys(value);
  return keys.length === 2 && keys.every((key) => (key === 'primary' || key === 'secondary') && typeof (value as Record<string, unknown>)[key] === 'string');
}
