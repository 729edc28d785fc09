// Locale and input methods against the employee's claimed region. Two kinds of finding, both weak
// evidence (low): the system locale outside policy.location.expectedLocales (judged only when
// that list is set), and keyboard layouts / input methods for Korean, Chinese or Russian
// (agent/catalogues/input-languages.ts) unless policy.location.allowedInputMethods names them or
// their language is an expected locale's. Input methods are judged even with no expected locales:
// a Korean IME on a laptop of a US company is worth a look, and the allow-list silences it.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import { inputLanguageOf } from '../catalogues/input-languages.js';
import type { InputLanguage } from '../catalogues/input-languages.js';
import { makeFinding } from './finding.js';

/** POSIX or neutral locales say nothing about a region. */
const NEUTRAL_LOCALES = /^(c|posix)([._@].*)?$/i;

/** `en_US.UTF-8@euro` -> `en-us`. */
export const normaliseLocale = (locale: string) => locale.trim().replace(/[.@].*$/, '').replace(/_/g, '-').toLowerCase();

/** `en` covers `en-us`; `en-US` covers `en-us` and `en-us-x`, not `en-usa`. */
export function localeMatches(locale: string, expected: string): boolean {
  const l = normaliseLocale(locale);
  const e = normaliseLocale(expected);
  return e !== '' && (l === e || l.startsWith(`${e}-`));
}

const expectedLanguages = (policy: Policy) => new Set(policy.location.expectedLocales.map((l) => normaliseLocale(l).split('-')[0] as string));

function localeFinding(facts: Facts, policy: Policy): Finding[] {
  const expected = policy.location.expectedLocales;
  const locale = facts.host.locale;
  if (!expected.length || !locale || NEUTRAL_LOCALES.test(locale.trim()) || expected.some((e) => localeMatches(locale, e))) return [];
  return [makeFinding('location.locale_mismatch', {
    subject: `locale ${locale}`,
    summary: `The system locale ${locale} is not one the policy expects (${expected.slice(0, 5).join(', ')}${expected.length > 5 ? ', …' : ''}). Weak evidence on its own.`,
    evidence: { locale, expectedLocales: expected },
  })];
}

function inputMethodFindings(facts: Facts, policy: Policy): Finding[] {
  const allowed = new Set(policy.location.allowedInputMethods.map((a) => a.trim().toLowerCase()));
  const languagesExpected = expectedLanguages(policy);
  const byLanguage = new Map<string, { language: InputLanguage; identifiers: string[] }>();
  for (const identifier of facts.host.keyboardLayouts ?? []) {
    const language = inputLanguageOf(identifier);
    if (!language || languagesExpected.has(language.code)) continue;
    if ([identifier, language.code, language.name].some((n) => allowed.has(n.trim().toLowerCase()))) continue;
    const entry = byLanguage.get(language.code) ?? { language, identifiers: [] };
    if (!entry.identifiers.includes(identifier)) entry.identifiers.push(identifier);
    byLanguage.set(language.code, entry);
  }
  return [...byLanguage.values()].map(({ language, identifiers }) => makeFinding('location.locale_mismatch', {
    subject: `${language.name} input`,
    summary: `${language.name} keyboard input is configured (${identifiers.join(', ')}). Weak evidence: many employees type ${language.name} legitimately; it matters alongside stronger signals.`,
    evidence: {
      inputLanguage: language.code,
      inputMethods: identifiers,
      locale: facts.host.locale,
      expectedLocales: policy.location.expectedLocales,
    },
  }));
}

export function detectLocaleMismatch(facts: Facts, policy: Policy): Finding[] {
  return [...localeFinding(facts, policy), ...inputMethodFindings(facts, policy)];
}
