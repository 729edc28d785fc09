// The STIX 2.1 rules a FarmWatch bundle must follow (from the OASIS STIX 2.1 specification:
// common properties 3.2, identifiers 2.9, timestamps 3.3, required properties of identity 4.5,
// indicator 4.7, grouping 4.4, extension-definition 7.3, marking-definition 7.2, bundle 8).
// Returns every violation found, so a failing test names them all.
type Json = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const TIMESTAMP_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,}Z$/;
const PROPERTY = /^[a-z0-9_]{3,250}$/;

const REQUIRED: Record<string, string[]> = {
  identity: ['created', 'modified', 'name'],
  indicator: ['created', 'modified', 'pattern', 'pattern_type', 'valid_from'],
  grouping: ['created', 'modified', 'context', 'object_refs'],
  'extension-definition': ['created', 'modified', 'created_by_ref', 'name', 'schema', 'version', 'extension_types'],
  'marking-definition': ['created'],
};
const INDICATOR_TYPES = ['anomalous-activity', 'anonymization', 'benign', 'compromised', 'malicious-activity', 'attribution', 'unknown'];
const GROUPING_CONTEXTS = ['suspicious-activity', 'malware-analysis', 'unspecified'];
const EXTENSION_TYPES = ['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'];
const STANDARD_SCOS = ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name', 'file', 'url', 'network-traffic'];

export function stixViolations(bundle: Json, declaredScoTypes: readonly string[] = []): string[] {
  const problems: string[] = [];
  const idOf = (value: unknown, type?: string) => {
    if (typeof value !== 'string') return false;
    const [prefix, uuid, extra] = value.split('--');
    return extra === undefined && !!uuid && UUID.test(uuid) && (type ? prefix === type : TYPE.test(prefix ?? ''));
  };
  if (bundle.type !== 'bundle') problems.push('bundle: type must be "bundle"');
  if (!idOf(bundle.id, 'bundle')) problems.push(`bundle: id ${String(bundle.id)} is not bundle--<uuid>`);
  if ('spec_version' in bundle) problems.push('bundle: a 2.1 bundle has no spec_version');
  const objects = Array.isArray(bundle.objects) ? (bundle.objects as Json[]) : [];
  if (!objects.length) problems.push('bundle: no objects');
  const ids = new Set(objects.map((object) => object.id));
  if (ids.size !== objects.length) problems.push('bundle: duplicate object ids');
  const extensionDefinitions = new Map(objects.filter((o) => o.type === 'extension-definition').map((o) => [o.id as string, o]));

  for (const object of objects) {
    const where = String(object.id);
    const type = String(object.type);
    if (!TYPE.test(type)) problems.push(`${where}: bad type ${type}`);
    if (!idOf(object.id, type)) problems.push(`${where}: id is not ${type}--<uuid>`);
    if (object.spec_version !== '2.1') problems.push(`${where}: spec_version must be "2.1"`);
    for (const property of REQUIRED[type] ?? ['created', 'modified']) {
      const value = object[property];
      if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) problems.push(`${where}: missing ${property}`);
    }
    for (const property of ['created', 'modified', 'valid_from']) {
      if (object[property] !== undefined && !TIMESTAMP_MS.test(String(object[property]))) problems.push(`${where}: ${property} is not a UTC timestamp with milliseconds`);
    }
    if (object.modified !== undefined && String(object.modified) < String(object.created)) problems.push(`${where}: modified before created`);
    for (const [property, value] of Object.entries(object)) {
      const refs = property.endsWith('_ref') ? [value] : property.endsWith('_refs') ? (value as unknown[]) : [];
      for (const ref of refs) if (!ids.has(ref)) problems.push(`${where}: ${property} ${String(ref)} is not in the bundle`);
    }
    if (type === 'indicator') {
      for (const value of (object.indicator_types as string[] | undefined) ?? []) if (!INDICATOR_TYPES.includes(value)) problems.push(`${where}: indicator type ${value}`);
      if (object.pattern_type === 'stix') problems.push(...patternViolations(where, String(object.pattern), [...STANDARD_SCOS, ...declaredScoTypes]));
      if (object.confidence !== undefined && !(Number.isInteger(object.confidence) && (object.confidence as number) >= 0 && (object.confidence as number) <= 100)) {
        problems.push(`${where}: confidence must be an integer 0-100`);
      }
    }
    if (type === 'grouping' && !GROUPING_CONTEXTS.includes(String(object.context))) problems.push(`${where}: grouping context ${String(object.context)}`);
    if (type === 'extension-definition') {
      for (const value of object.extension_types as string[]) if (!EXTENSION_TYPES.includes(value)) problems.push(`${where}: extension type ${value}`);
    }
    for (const [key, extension] of Object.entries((object.extensions as Record<string, Json> | undefined) ?? {})) {
      const definition = extensionDefinitions.get(key);
      if (!definition) problems.push(`${where}: extension ${key} has no extension-definition in the bundle`);
      else if (!(definition.extension_types as string[]).includes(String(extension.extension_type))) problems.push(`${where}: extension_type ${String(extension.extension_type)} not declared`);
      for (const name of Object.keys(extension)) if (!PROPERTY.test(name)) problems.push(`${where}: extension property name ${name}`);
    }
    for (const name of Object.keys(object)) if (!PROPERTY.test(name) && name !== 'id' && name !== 'type') problems.push(`${where}: property name ${name}`);
  }
  return problems;
}

/** A light check of STIX patterning: [object-type:path OP 'literal' (AND|OR ...)], known object types. */
function patternViolations(where: string, pattern: string, objectTypes: readonly string[]): string[] {
  const match = /^\[(.*)\]$/.exec(pattern);
  if (!match) return [`${where}: pattern is not one bracketed observation expression`];
  const comparison = /^([a-z0-9-]+):([a-z0-9_]+) (=|!=|ISSUBSET|ISSUPERSET) '((?:[^'\\]|\\.)*)'$/;
  const problems: string[] = [];
  for (const part of match[1]!.split(/ (?:AND|OR) /)) {
    const parsed = comparison.exec(part);
    if (!parsed) problems.push(`${where}: comparison ${part} is not valid`);
    else if (!objectTypes.includes(parsed[1]!)) problems.push(`${where}: pattern object type ${parsed[1]} is neither standard nor declared`);
  }
  return problems;
}
