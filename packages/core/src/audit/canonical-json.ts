/**
 * Canonical JSON: the one byte-exact serialisation that both the workstation and the server hash.
 * It follows RFC 8785 (JSON Canonicalization Scheme, https://www.rfc-editor.org/rfc/rfc8785) for
 * the values Lantern hashes: object keys sorted by UTF-16 code units (section 3.2.3), no
 * whitespace, strings and numbers serialised as ECMAScript JSON.stringify does (sections 3.2.2.2
 * and 3.2.2.3, so -0 is "0"). Object properties whose value is `undefined` are omitted, like
 * JSON.stringify. Anything that has no single JSON form (NaN, Infinity, bigint, functions,
 * symbols, Dates, Maps, class instances) throws a TypeError: hashing it would be a bug.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${where}`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? serialiseArray(value, where) : serialiseObject(value, where);
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      throw new TypeError(`canonicalJson: ${typeof value} has no JSON form at ${where}`);
  }
  throw new TypeError(`canonicalJson: unsupported value at ${where}`);
}

function serialiseArray(value: readonly unknown[], where: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    // JSON.stringify turns holes and undefined into null; do the same so arrays keep their length.
    parts.push(item === undefined ? 'null' : serialise(item, `${where}[${i}]`));
  }
  return `[${parts.join(',')}]`;
}

function serialiseObject(value: object, where: string): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`canonicalJson: only plain objects can be canonicalised (at ${where})`);
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is what RFC 8785 section 3.2.3 asks for.
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${serialise(item, `${where}.${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}
