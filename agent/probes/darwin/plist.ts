// A small parser for XML property lists as ioreg -a, defaults export and plutil print them:
// dict, array, string, integer, real, true, false, data (base64), date. Chosen over the `plist`
// package (three dependencies incl. an XML DOM) because these documents are machine-written and
// use only these tags. Binary plists (`bplist00`) are refused: convert them with plutil first.

export type PlistValue = string | number | boolean | Buffer | PlistValue[] | PlistDict;
export interface PlistDict {
  [key: string]: PlistValue;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

const TOKEN = /<(\/?)([a-zA-Z]+)(?:\s[^>]*?)?\s*(\/?)>|<\?[^>]*\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->|([^<]+)/g;

interface Token {
  kind: 'open' | 'close' | 'empty' | 'text';
  name: string;
  text: string;
}

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  for (const match of xml.matchAll(TOKEN)) {
    if (match[4] !== undefined) tokens.push({ kind: 'text', name: '', text: match[4] });
    else if (match[2] !== undefined) tokens.push({ kind: match[1] ? 'close' : match[3] ? 'empty' : 'open', name: match[2], text: '' });
  }
  return tokens;
}

export class PlistError extends Error {
  constructor(message: string) {
    super(`plist: ${message}`);
    this.name = 'PlistError';
  }
}

export function parsePlist(xml: string): PlistValue {
  if (xml.startsWith('bplist')) throw new PlistError('binary property list; convert it with `plutil -convert xml1`');
  const tokens = tokenize(xml).filter((t) => t.kind !== 'text' || t.text.trim() !== '');
  let at = 0;
  const next = (): Token => {
    const token = tokens[at++];
    if (!token) throw new PlistError('unexpected end of document');
    return token;
  };
  const textUntil = (name: string): string => {
    let text = '';
    for (;;) {
      const token = next();
      if (token.kind === 'text') text += token.text;
      else if (token.kind === 'close' && token.name === name) return decodeEntities(text);
      else throw new PlistError(`unexpected <${token.name}> inside <${name}>`);
    }
  };
  const value = (token: Token): PlistValue => {
    if (token.kind === 'empty') {
      if (token.name === 'true') return true;
      if (token.name === 'false') return false;
      if (token.name === 'string' || token.name === 'data') return token.name === 'string' ? '' : Buffer.alloc(0);
      if (token.name === 'dict') return {};
      if (token.name === 'array') return [];
      throw new PlistError(`unexpected <${token.name}/>`);
    }
    if (token.kind !== 'open') throw new PlistError(`unexpected ${token.kind === 'text' ? `text '${token.text.trim().slice(0, 40)}'` : `</${token.name}>`}`);
    switch (token.name) {
      case 'string':
      case 'date':
        return textUntil(token.name);
      case 'integer': {
        const text = textUntil('integer').trim();
        const number = Number(text);
        if (!Number.isFinite(number)) throw new PlistError(`bad integer '${text}'`);
        return number;
      }
      case 'real':
        return Number(textUntil('real').trim());
      case 'data':
        return Buffer.from(textUntil('data').replace(/\s+/g, ''), 'base64');
      case 'array': {
        const items: PlistValue[] = [];
        for (let t = next(); !(t.kind === 'close' && t.name === 'array'); t = next()) items.push(value(t));
        return items;
      }
      case 'dict': {
        const dict: PlistDict = {};
        for (let t = next(); !(t.kind === 'close' && t.name === 'dict'); t = next()) {
          if (t.kind !== 'open' || t.name !== 'key') throw new PlistError(`expected <key> in <dict>, got <${t.name || 'text'}>`);
          const key = textUntil('key');
          dict[key] = value(next());
        }
        return dict;
      }
      case 'plist': {
        const inner = value(next());
        const end = next();
        if (end.kind !== 'close' || end.name !== 'plist') throw new PlistError('expected </plist>');
        return inner;
      }
      default:
        throw new PlistError(`unsupported element <${token.name}>`);
    }
  };
  const root = value(next());
  return root;
}

export const isDict = (value: PlistValue | undefined): value is PlistDict =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

export const asList = (value: PlistValue | undefined): PlistValue[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

export const plistString = (value: PlistValue | undefined): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
export const plistNumber = (value: PlistValue | undefined): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** ioreg -a prints the matched objects as an array of dicts (or one dict); children under IORegistryEntryChildren. */
export function ioregEntries(xml: string): PlistDict[] {
  if (xml.trim() === '') return [];
  return asList(parsePlist(xml)).filter(isDict);
}
