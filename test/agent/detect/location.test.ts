import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { HostFacts, Platform, PolicyInput } from '../../../shared/index.js';
import { inputLanguageOf } from '../../../agent/catalogues/input-languages.js';
import { detectLocaleMismatch, localeMatches } from '../../../agent/detect/location-locale.js';
import { detectTimezoneMismatch } from '../../../agent/detect/location-timezone.js';
import { buildFacts, DEFAULT_POLICY, policy } from './facts-builder.js';

const host = (extra: Partial<HostFacts>): HostFacts => ({ hostname: 'lt', osRelease: 'x', arch: 'x64', ...extra });
const tz = (timezone: string | undefined, expectedTimezones: string[]) =>
  detectTimezoneMismatch(buildFacts({ host: host(timezone ? { timezone } : {}) }), policy({ location: { expectedTimezones } })).map((f) => Finding.parse(f));
const locale = (h: Partial<HostFacts>, location: PolicyInput['location'] = {}, platform: Platform = 'linux') =>
  detectLocaleMismatch(buildFacts({ platform, host: host(h) }), policy({ location })).map((f) => Finding.parse(f));

describe('location.timezone_mismatch', () => {
  it('flags a zone outside the expected list, low', () => {
    const [f] = tz('Asia/Seoul', ['America/*', 'Europe/London']);
    expect(f).toMatchObject({ signal: 'location.timezone_mismatch', severity: 'low', subject: 'Asia/Seoul', evidence: { timezone: 'Asia/Seoul', expectedTimezones: ['America/*', 'Europe/London'] } });
    expect(f!.summary).toContain('Weak evidence');
  });

  it('accepts exact zones, Region/* wildcards, case and UTC aliases', () => {
    expect(tz('America/Chicago', ['America/*'])).toEqual([]);
    expect(tz('America/Argentina/Buenos_Aires', ['America/*'])).toEqual([]);
    expect(tz('europe/london', ['Europe/London'])).toEqual([]);
    expect(tz('Etc/UTC', ['UTC'])).toEqual([]);
    expect(tz('Americana/X', ['America/*'])).toHaveLength(1);
  });

  it('judges nothing without expected zones or without a known zone', () => {
    expect(tz('Asia/Seoul', [])).toEqual([]);
    expect(tz(undefined, ['America/*'])).toEqual([]);
    expect(detectTimezoneMismatch(buildFacts({ host: host({ timezone: 'Asia/Seoul' }) }), DEFAULT_POLICY)).toEqual([]);
  });
});

describe('location.locale_mismatch', () => {
  it('flags a system locale outside the expected prefixes', () => {
    const [f] = locale({ locale: 'ko_KR.UTF-8' }, { expectedLocales: ['en-US'] });
    expect(f).toMatchObject({ signal: 'location.locale_mismatch', severity: 'low', subject: 'locale ko_KR.UTF-8', evidence: { locale: 'ko_KR.UTF-8', expectedLocales: ['en-US'] } });
  });

  it('accepts matching locales and prefixes, and does not judge neutral locales or an empty list', () => {
    expect(locale({ locale: 'en_US.UTF-8' }, { expectedLocales: ['en-US'] })).toEqual([]);
    expect(locale({ locale: 'en-GB' }, { expectedLocales: ['en'] })).toEqual([]);
    expect(locale({ locale: 'C.UTF-8' }, { expectedLocales: ['en-US'] })).toEqual([]);
    expect(locale({ locale: 'ko_KR.UTF-8' })).toEqual([]);
    expect(localeMatches('en-USA', 'en-US')).toBe(false);
  });

  it.each([
    ['win32', ['00000409', '00000412'], 'Korean', ['00000412']],
    ['win32', ['E0010412'], 'Korean', ['E0010412']],
    ['win32', ['0804:{81D4E9C9-1D3B-41BC-9E6C-4B40BF79E35E}{FA550B04-5AD7-411F-A5AC-CA038EC515D7}'], 'Chinese', undefined],
    ['win32', ['00000419'], 'Russian', ['00000419']],
    ['darwin', ['com.apple.keylayout.US', 'com.apple.inputmethod.Korean.2SetKorean'], 'Korean', ['com.apple.inputmethod.Korean.2SetKorean']],
    ['darwin', ['com.apple.inputmethod.SCIM.ITABC'], 'Chinese', undefined],
    ['darwin', ['com.apple.keylayout.RussianWin'], 'Russian', undefined],
    ['linux', ['us', 'kr(kr104)'], 'Korean', ['kr(kr104)']],
    ['linux', ['cn'], 'Chinese', undefined],
    ['linux', ['ru'], 'Russian', undefined],
    ['linux', ['hangul'], 'Korean', undefined],
  ] as const)('%s %j: %s input', (platform, layouts, language, identifiers) => {
    const findings = locale({ keyboardLayouts: [...layouts] }, {}, platform);
    expect(findings.map((f) => [f.signal, f.severity, f.subject])).toEqual([['location.locale_mismatch', 'low', `${language} input`]]);
    if (identifiers) expect(findings[0]!.evidence.inputMethods).toEqual(identifiers);
    expect(findings[0]!.summary).toContain('Weak evidence');
  });

  it('gives one finding per language', () => {
    expect(locale({ keyboardLayouts: ['00000412', 'E0010412', '00000419'] }, {}, 'win32').map((f) => f.subject).sort()).toEqual(['Korean input', 'Russian input']);
  });

  it('does not raise input methods the policy allows or an expected locale\'s language', () => {
    expect(locale({ keyboardLayouts: ['00000412'] }, { allowedInputMethods: ['00000412'] }, 'win32')).toEqual([]);
    expect(locale({ keyboardLayouts: ['kr'] }, { allowedInputMethods: ['Korean'] })).toEqual([]);
    expect(locale({ keyboardLayouts: ['kr', 'ru'] }, { expectedLocales: ['ko-KR'] }).map((f) => f.subject)).toEqual(['Russian input']);
  });

  it('ignores other layouts and laptops without layouts', () => {
    const ordinary = ['us', 'gb', 'de(nodeadkeys)', 'fr', 'jp', '00000409', '00000809', '00000407', 'com.apple.keylayout.US', 'com.apple.keylayout.ABC',
      'com.apple.inputmethod.Kotoeri.RomajiTyping.Japanese', 'en-US', 'xkb:us::eng', 'de-latin1'];
    expect(locale({ keyboardLayouts: ordinary })).toEqual([]);
    expect(locale({})).toEqual([]);
    expect(inputLanguageOf('prime')).toBeUndefined();
  });
});
