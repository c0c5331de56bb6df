/**
 * Nickname equivalence for given names (Bob and Robert are one person's name, not a typo). Groups
 * are the common English diminutives plus a few cross-language forms; a name in several groups
 * (Pat, Alex, Chris, Sam) is equivalent to each. The first entry of a group is its canonical form,
 * used for blocking so that "Bob Smith" and "Robert Smith" land in the same block.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'], ['william', 'bill', 'billy', 'will', 'willie', 'liam'],
  ['james', 'jim', 'jimmy', 'jamie'], ['john', 'jack', 'johnny', 'jon', 'juan', 'ivan', 'giovanni', 'hans'],
  ['jonathan', 'jon', 'jonny'], ['michael', 'mike', 'mikey', 'mikael', 'miguel'], ['richard', 'rick', 'ricky', 'dick', 'rich'],
  ['joseph', 'joe', 'joey', 'jose'], ['thomas', 'tom', 'tommy', 'tomasz'], ['charles', 'charlie', 'chuck', 'carlos'],
  ['christopher', 'chris', 'kit'], ['christina', 'chris', 'tina', 'christine', 'kristina'], ['daniel', 'dan', 'danny'],
  ['matthew', 'matt', 'matty'], ['anthony', 'tony'], ['donald', 'don', 'donny'], ['steven', 'stephen', 'steve', 'stevie'],
  ['andrew', 'andy', 'drew', 'andres'], ['joshua', 'josh'], ['kenneth', 'ken', 'kenny'], ['timothy', 'tim', 'timmy'],
  ['ronald', 'ron', 'ronnie'], ['edward', 'ed', 'eddie', 'ted', 'teddy'], ['jeffrey', 'jeff'], ['jacob', 'jake'],
  ['gary', 'gar'], ['nicholas', 'nick', 'nicky'], ['lawrence', 'larry'], ['benjamin', 'ben', 'benny'],
  ['samuel', 'sam', 'sammy'], ['samantha', 'sam', 'sammy'], ['gregory', 'greg'], ['alexander', 'alex', 'al', 'sasha', 'alejandro'],
  ['alexandra', 'alex', 'sasha'], ['patrick', 'pat', 'paddy'], ['patricia', 'pat', 'patty', 'trish', 'tricia'],
  ['francis', 'frank', 'frankie', 'francois'], ['raymond', 'ray'], ['dennis', 'denny'], ['gerald', 'jerry', 'gerry'],
  ['zachary', 'zach', 'zack'], ['peter', 'pete', 'piotr'], ['nathan', 'nate', 'nathaniel'], ['henry', 'hank', 'harry'],
  ['douglas', 'doug'], ['elijah', 'eli'], ['mohammed', 'muhammad', 'mohamed', 'mo'], ['dmitri', 'dima'], ['sergei', 'sergey'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'lisa', 'elisabeth'], ['margaret', 'maggie', 'peggy', 'meg', 'marge', 'greta'],
  ['katherine', 'catherine', 'kathryn', 'kate', 'katie', 'kathy', 'cathy', 'kat', 'katarzyna'], ['kathleen', 'kathy', 'kath'],
  ['jennifer', 'jen', 'jenny'], ['susan', 'sue', 'suzy'], ['deborah', 'debra', 'deb', 'debbie'], ['barbara', 'barb', 'babs'],
  ['jessica', 'jess', 'jessie'], ['rebecca', 'becky', 'becca'], ['victoria', 'vicky', 'tori'], ['dorothy', 'dot', 'dottie'],
  ['abigail', 'abby'], ['pamela', 'pam'], ['kimberly', 'kim'], ['stephanie', 'steph'], ['cynthia', 'cindy'],
  ['sandra', 'sandy'], ['carolyn', 'carol', 'carrie'], ['nancy', 'nan'], ['melissa', 'mel', 'missy'], ['amanda', 'mandy'],
  ['nicole', 'nikki'], ['angela', 'angie'], ['virginia', 'ginny'], ['shirley', 'shirl'], ['mary', 'maria', 'marie', 'molly', 'polly'],
  ['ana', 'anna', 'ann', 'anne', 'annie', 'hannah'], ['helen', 'ellen', 'nell'], ['isabella', 'bella', 'izzy'],
  ['sophia', 'sofia', 'sophie'], ['olga', 'olya'], ['natalia', 'natalie', 'natasha'], ['lucia', 'lucy'], ['rachel', 'rae'],
];

const BY_NAME = new Map<string, Set<number>>();
GROUPS.forEach((group, i) => {
  for (const name of group) {
    const set = BY_NAME.get(name) ?? new Set<number>();
    set.add(i);
    BY_NAME.set(name, set);
  }
});

/** True when two normalised given names are nicknames of one another (or the same group). */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = BY_NAME.get(a);
  const gb = BY_NAME.get(b);
  if (ga === undefined || gb === undefined) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}

/**
 * The canonical forms of a normalised given name (one per group it belongs to, or itself): blocking
 * keys are made from each so that every nickname of a name shares at least one key with it.
 */
export function canonicalGivenNames(name: string): string[] {
  const groups = BY_NAME.get(name);
  if (groups === undefined) return [name];
  return [...groups].map((g) => (GROUPS[g] as readonly string[])[0] as string);
}
