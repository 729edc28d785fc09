// A strict reader for XML property lists (the subset launchd plists use: dict, array, key,
// string, integer, real, true, false). Anything else, or broken nesting, throws.
export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (text: string) =>
  text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name]!);

export function parsePlist(xml: string): PlistValue {
  const body = xml
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  const wrapper = /^<plist version="1\.0">([\s\S]*)<\/plist>$/.exec(body);
  if (!wrapper) throw new Error('not a version 1.0 plist');
  const tokens = wrapper[1]!.match(/<[^>]+>|[^<]+/g)!.filter((t) => t.trim() !== '');
  let i = 0;
  const next = () => {
    const token = tokens[i++];
    if (token === undefined) throw new Error('unexpected end of plist');
    return token;
  };
  const scalar = (tag: string): string => {
    const text = tokens[i]?.startsWith('<') ? '' : next();
    if (next() !== `</${tag}>`) throw new Error(`unclosed <${tag}>`);
    return decode(text);
  };
  const value = (): PlistValue => {
    const token = next();
    switch (token) {
      case '<true/>': return true;
      case '<false/>': return false;
      case '<string>': return scalar('string');
      case '<string/>': return '';
      case '<integer>': {
        const text = scalar('integer');
        if (!/^-?\d+$/.test(text)) throw new Error(`bad integer ${text}`);
        return Number(text);
      }
      case '<real>': return Number(scalar('real'));
      case '<array/>': return [];
      case '<dict/>': return {};
      case '<array>': {
        const items: PlistValue[] = [];
        while (tokens[i] !== '</array>') items.push(value());
        i++;
        return items;
      }
      case '<dict>': {
        const dict: Record<string, PlistValue> = {};
        while (tokens[i] !== '</dict>') {
          if (next() !== '<key>') throw new Error(`expected <key> in dict at token ${i}`);
          const key = scalar('key');
          if (key in dict) throw new Error(`duplicate key ${key}`);
          dict[key] = value();
        }
        i++;
        return dict;
      }
      default: throw new Error(`unexpected ${token}`);
    }
  };
  const root = value();
  if (i !== tokens.length) throw new Error('content after the root value');
  return root;
}
