import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, SERVER_CONFIG_DEFAULTS, loadServerConfig } from '../../server/config.js';

describe('loadServerConfig', () => {
  it('uses the defaults for an empty environment', () => {
    expect(loadServerConfig({})).toEqual({ ...SERVER_CONFIG_DEFAULTS, dataDir: path.resolve('./data') });
  });

  it('reads every variable', () => {
    const config = loadServerConfig({
      FARMWATCH_PORT: '9443',
      FARMWATCH_HOST: '0.0.0.0',
      FARMWATCH_DATA_DIR: '/var/lib/farmwatch',
      FARMWATCH_ENROLL_SECRET: 'a'.repeat(40),
      FARMWATCH_ADMIN_TOKEN: `fwt_${'b'.repeat(43)}`,
      FARMWATCH_BODY_LIMIT_BYTES: '65536',
      FARMWATCH_LOG_LEVEL: 'debug',
      FARMWATCH_RATE_LIMIT_PER_MINUTE: '60',
      FARMWATCH_TRUST_PROXY: 'true',
    });
    expect(config).toEqual({
      port: 9443, host: '0.0.0.0', dataDir: '/var/lib/farmwatch', enrollSecret: 'a'.repeat(40), adminToken: `fwt_${'b'.repeat(43)}`,
      bodyLimitBytes: 65536, logLevel: 'debug', rateLimitPerMinute: 60, trustProxy: true,
    });
  });

  it('treats empty values as unset', () => {
    const config = loadServerConfig({ FARMWATCH_PORT: '', FARMWATCH_ENROLL_SECRET: '' });
    expect(config.port).toBe(8080);
    expect('enrollSecret' in config).toBe(false);
  });

  it('names every bad variable in one error without echoing secrets', () => {
    const secret = 'short-secret';
    let error: unknown;
    try {
      loadServerConfig({ FARMWATCH_PORT: '80a', FARMWATCH_TRUST_PROXY: 'maybe', FARMWATCH_LOG_LEVEL: 'loud', FARMWATCH_ENROLL_SECRET: secret, FARMWATCH_ADMIN_TOKEN: 'admin' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['FARMWATCH_PORT', 'FARMWATCH_TRUST_PROXY', 'FARMWATCH_LOG_LEVEL', 'FARMWATCH_ENROLL_SECRET', 'FARMWATCH_ADMIN_TOKEN']) {
      expect(message).toContain(`${name}:`);
    }
    expect(message).not.toContain(secret);
  });

  it('rejects out-of-range numbers', () => {
    expect(() => loadServerConfig({ FARMWATCH_PORT: '70000' })).toThrow(/FARMWATCH_PORT: expected at most 65535/);
    expect(() => loadServerConfig({ FARMWATCH_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/FARMWATCH_RATE_LIMIT_PER_MINUTE/);
    expect(() => loadServerConfig({ FARMWATCH_BODY_LIMIT_BYTES: '-5' })).toThrow(/FARMWATCH_BODY_LIMIT_BYTES/);
  });
});
