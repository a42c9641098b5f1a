/**
 * Build-time check of a managed_schema.json against the JSON Schema subset
 * Chrome accepts (components/policy/core/common/schema.cc, IsValidSchema and
 * Schema::Parse). An invalid schema stops the extension from loading, so we
 * want the build to fail instead.
 *
 * Stricter than Chrome in one way on purpose: Chrome ignores unknown
 * attributes in extension schemas, but an unknown attribute here is almost
 * always a typo (or a keyword like `minLength` that Chrome would silently not
 * enforce), so we report it.
 */

type Kind = 'string' | 'boolean' | 'number' | 'object' | 'array';

const COMMON: Record<string, Kind> = { description: 'string', id: 'string', sensitiveValue: 'boolean', title: 'string', type: 'string' };

/** Allowed attributes, and the JSON type of each, per schema type (Chrome's kAttributesAndTypesFor*). */
const ATTRIBUTES: Record<string, Record<string, Kind>> = {
  array: { ...COMMON, items: 'object' },
  boolean: { ...COMMON },
  integer: { ...COMMON, enum: 'array', maximum: 'number', minimum: 'number' },
  number: { ...COMMON },
  object: { ...COMMON, additionalProperties: 'object', patternProperties: 'object', properties: 'object', required: 'array' },
  string: { ...COMMON, enum: 'array', pattern: 'string' },
  $ref: { description: 'string', $ref: 'string', title: 'string' },
};

function kindOf(v: unknown): Kind | 'null' | 'other' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return typeof v as Kind;
  return 'other';
}

export function validateChromeManagedSchema(schema: unknown): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const refs: { ref: string; path: string }[] = [];

  const visit = (node: unknown, path: string): void => {
    if (kindOf(node) !== 'object') {
      problems.push(`${path}: a schema must be an object`);
      return;
    }
    const dict = node as Record<string, unknown>;
    const hasRef = '$ref' in dict;
    const hasType = 'type' in dict;
    if (hasRef && hasType) problems.push(`${path}: has both "type" and "$ref" (exactly one is allowed)`);
    if (!hasRef && !hasType) {
      problems.push(`${path}: has neither "type" nor "$ref"`);
      return;
    }
    const type = hasRef ? '$ref' : dict.type;
    if (typeof type !== 'string') {
      problems.push(`${path}: "type" must be a string (Chrome has no union types)`);
      return;
    }
    const allowed = ATTRIBUTES[type];
    if (!allowed) {
      problems.push(`${path}: unknown type "${type}"`);
      return;
    }
    for (const [attr, value] of Object.entries(dict)) {
      const expected = allowed[attr];
      if (!expected) {
        if (!(hasRef && attr === 'type')) problems.push(`${path}: attribute "${attr}" is not allowed for type "${type}"`);
        continue;
      }
      if (kindOf(value) !== expected) {
        const hint = attr === 'additionalProperties' && value === false ? ' (Chrome does not accept `false`; omit it)' : '';
        problems.push(`${path}: attribute "${attr}" must be of JSON type ${expected}${hint}`);
      }
    }
    if (typeof dict.id === 'string') ids.add(dict.id);
    if (typeof dict.$ref === 'string') refs.push({ ref: dict.$ref, path });
    if (hasRef) return;

    if ('enum' in dict && Array.isArray(dict.enum)) {
      const want = type === 'integer' ? 'number' : 'string';
      if (dict.enum.length === 0) problems.push(`${path}: "enum" must be a non-empty list`);
      if (dict.enum.some((v) => kindOf(v) !== want || (type === 'integer' && !Number.isInteger(v)))) {
        problems.push(`${path}: "enum" items must all be of type ${type}`);
      }
    }
    if (type === 'integer' && typeof dict.minimum === 'number' && typeof dict.maximum === 'number' && dict.minimum > dict.maximum) {
      problems.push(`${path}: minimum is greater than maximum`);
    }
    if (type === 'array') {
      if (kindOf(dict.items) !== 'object') problems.push(`${path}: an array must have a schema in "items"`);
      else visit(dict.items, `${path}.items`);
    }
    if (type === 'object') {
      for (const attr of ['properties', 'patternProperties'] as const) {
        if (kindOf(dict[attr]) === 'object') {
          for (const [name, sub] of Object.entries(dict[attr] as Record<string, unknown>)) visit(sub, `${path}.${attr}.${name}`);
        }
      }
      if (kindOf(dict.additionalProperties) === 'object') visit(dict.additionalProperties, `${path}.additionalProperties`);
      if (Array.isArray(dict.required)) {
        const props = kindOf(dict.properties) === 'object' ? (dict.properties as Record<string, unknown>) : {};
        for (const name of dict.required) {
          if (typeof name !== 'string') problems.push(`${path}: "required" may only contain strings`);
          else if (!(name in props)) problems.push(`${path}: "required" names unknown property "${name}"`);
        }
      }
    }
  };

  if (kindOf(schema) !== 'object') return ['(top): the schema must be a JSON object'];
  const top = schema as Record<string, unknown>;
  if (top.type !== 'object') problems.push('(top): the main schema must have "type": "object"');
  if ('additionalProperties' in top || 'patternProperties' in top) {
    problems.push('(top): "additionalProperties" and "patternProperties" are not supported at the main schema');
  }
  visit(schema, '(top)');
  for (const { ref, path } of refs) if (!ids.has(ref)) problems.push(`${path}: "$ref" "${ref}" names no schema "id"`);
  return problems;
}
