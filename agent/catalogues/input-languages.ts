// Input methods and keyboard layouts that indicate typing in the languages of the regions the
// DPRK IT-worker advisories name (North Korea, and operators based in China and Russia). Weak
// evidence: many employees legitimately type these languages (policy.location.allowedInputMethods).
//
// Identifier forms: Windows keyboard layout ids (KLID, 8 hex digits whose low 16 bits are the
// language id: 00000412 Korean, E0010412 a Korean IME, 00000804 Chinese PRC, 00000419 Russian) and
// `LLLL:` input-tip strings; macOS input source ids (com.apple.inputmethod.Korean.2SetKorean,
// com.apple.inputmethod.SCIM.ITABC, com.apple.keylayout.Russian); XKB layouts (`kr`, `cn`, `ru`,
// optionally `kr(kr104)`); IBus/Fcitx engines (`hangul`, `pinyin`); BCP 47 tags (`ko-KR`).

export interface InputLanguage {
  /** ISO 639-1 code, compared with the expected locales' language. */
  code: string;
  name: string;
  /** Windows primary language ids (LANGID & 0x3ff). */
  windowsPrimaryIds: readonly number[];
  xkbLayouts: readonly string[];
  /** Matched anywhere in a macOS input source id or an IBus/Fcitx engine name. */
  inputMethodPattern: RegExp;
}

export const INPUT_LANGUAGES: readonly InputLanguage[] = [
  { code: 'ko', name: 'Korean', windowsPrimaryIds: [0x12], xkbLayouts: ['kr'], inputMethodPattern: /korean|hangul|hanja/i },
  { code: 'zh', name: 'Chinese', windowsPrimaryIds: [0x04], xkbLayouts: ['cn', 'tw'], inputMethodPattern: /\b(scim|tcim)\b|chinese|pinyin|zhuyin|cangjie|wubi|chewing|\brime\b/i },
  { code: 'ru', name: 'Russian', windowsPrimaryIds: [0x19], xkbLayouts: ['ru'], inputMethodPattern: /russian/i },
];

/** The language an input identifier indicates, if it is one of INPUT_LANGUAGES. */
export function inputLanguageOf(identifier: string): InputLanguage | undefined {
  const id = identifier.trim();
  const klid = /^[0-9a-f]{8}$/i.exec(id) ? Number.parseInt(id.slice(4), 16) : /^([0-9a-f]{4}):/i.exec(id) ? Number.parseInt(id.slice(0, 4), 16) : undefined;
  if (klid !== undefined) return INPUT_LANGUAGES.find((l) => l.windowsPrimaryIds.includes(klid & 0x3ff));
  const tag = /^([a-z]{2,3})([-_][a-z0-9]+)*$/i.exec(id);
  if (tag) {
    const lower = (tag[1] as string).toLowerCase();
    const byXkb = INPUT_LANGUAGES.find((l) => l.xkbLayouts.includes(lower) && !tag[2]);
    return byXkb ?? INPUT_LANGUAGES.find((l) => l.code === lower);
  }
  const xkb = /^([a-z]{2,3})\(/i.exec(id) ?? /^xkb:([a-z]{2,3}):/i.exec(id);
  if (xkb) return INPUT_LANGUAGES.find((l) => l.xkbLayouts.includes((xkb[1] as string).toLowerCase()));
  return INPUT_LANGUAGES.find((l) => l.inputMethodPattern.test(id));
}
