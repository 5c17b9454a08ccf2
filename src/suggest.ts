import { said, type Said } from './diagnostics.js';

/** The known name the given one most likely misspells, if any is close enough to be a typo. */
export function closestName(given: string, known: readonly string[]): string | undefined {
  const ranked = known.map((name) => ({ name, distance: editDistance(given, name) })).sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  return best && best.distance <= Math.max(2, Math.floor(given.length / 3)) ? best.name : undefined;
}

/** A hint naming the closest known name when the given one looks like a typo of it, and all known names. */
export function suggestName(given: string, known: readonly string[], what: string): string {
  const closest = closestName(given, known);
  const list = `${what} are: ${known.join(', ')}`;
  return closest ? `did you mean "${closest}"? ${list}` : list;
}

/** The same hint as a message, for problems a person filling in a form can meet: the names are fields, or field ids. */
export function suggestNameSaid(given: string, known: readonly string[], what: 'fields' | 'fieldIds'): Said {
  const closest = closestName(given, known);
  return closest ? said(`hint.${what}DidYouMean`, { closest, known: known.join(', ') }) : said(`hint.${what}`, { known: known.join(', ') });
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
