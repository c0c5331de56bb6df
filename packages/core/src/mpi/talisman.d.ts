/**
 * Types for the parts of `talisman` (https://github.com/Yomguithereal/talisman, MIT) the master
 * patient index uses; the package ships plain CommonJS with no declarations. Each module's
 * `module.exports` is the function itself.
 */
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro-Winkler similarity in [0, 1] (Winkler 1990, prefix scale 0.1, boost threshold 0.7). */
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}

declare module 'talisman/phonetics/double-metaphone.js' {
  /** Lawrence Philips' Double Metaphone: [primary, alternate] codes, at most 4 characters each. */
  const doubleMetaphone: (word: string) => [string, string];
  export default doubleMetaphone;
}

declare module 'talisman/metrics/damerau-levenshtein.js' {
  /** Damerau-Levenshtein edit distance (adjacent transpositions count as one edit). */
  const damerauLevenshtein: (a: string, b: string) => number;
  export default damerauLevenshtein;
}
