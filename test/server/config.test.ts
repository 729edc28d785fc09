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
      FARMWATCH_RETENTION_DAYS: '30',
      FARMWATCH_SILENT_AFTER_FACTOR: '2.5',
      FARMWATCH_JOB_INTERVAL_SECONDS: '60',
      FARMWATCH_GEOIP_CITY_DB: '/srv/geoip/GeoLite2-City.mmdb',
      FARMWATCH_GEOIP_ASN_DB: 'off',
      FARMWATCH_COLLECTOR_LOCATION: '50.11, -8.68',
      FARMWATCH_RTT_INFLATION: '2',
      FARMWATCH_RTT_ALLOWANCE_MS: '25',
      FARMWATCH_CORRELATION_LAB_NETWORKS: '198.18.0.0/15, 2001:db8::/32',
      FARMWATCH_CORRELATION_POLL_MS: '500',
      FARMWATCH_INGEST_WORKERS: '3',
      FARMWATCH_INGEST_QUEUE_BYTES: '16777216',
    });
    expect(config).toEqual({
      port: 9443, host: '0.0.0.0', dataDir: '/var/lib/farmwatch', enrollSecret: 'a'.repeat(40), adminToken: `fwt_${'b'.repeat(43)}`,
      bodyLimitBytes: 65536, logLevel: 'debug', rateLimitPerMinute: 60, trustProxy: true,
      retentionDays: 30, silentAfterFactor: 2.5, jobIntervalSeconds: 60,
      geoipCityDb: '/srv/geoip/GeoLite2-City.mmdb', geoipAsnDb: 'off', collectorLocation: { latitude: 50.11, longitude: -8.68 },
      rttInflation: 2, rttAllowanceMs: 25, correlationLabNetworks: ['198.18.0.0/15', '2001:db8::/32'], correlationPollMs: 500,
      ingestWorkers: 3, ingestQueueBytes: 16 * 1024 * 1024,
    });
  });

  it('explains bad location settings', () => {
    expect(() => loadServerConfig({ FARMWATCH_COLLECTOR_LOCATION: 'Frankfurt' })).toThrow(/FARMWATCH_COLLECTOR_LOCATION: expected latitude,longitude/);
    expect(() => loadServerConfig({ FARMWATCH_COLLECTOR_LOCATION: '95,8' })).toThrow(/FARMWATCH_COLLECTOR_LOCATION: .*90/);
    expect(() => loadServerConfig({ FARMWATCH_RTT_INFLATION: '0.5' })).toThrow(/FARMWATCH_RTT_INFLATION: expected at least 1/);
  });

  it('bounds the ingest threads and their queue', () => {
    expect(() => loadServerConfig({ FARMWATCH_INGEST_WORKERS: '0' })).toThrow(/FARMWATCH_INGEST_WORKERS: expected at least 1/);
    expect(() => loadServerConfig({ FARMWATCH_INGEST_QUEUE_BYTES: '1000' })).toThrow(/FARMWATCH_INGEST_QUEUE_BYTES: expected at least 1048576/);
  });

  it('names a lab network that is not a CIDR', () => {
    expect(() => loadServerConfig({ FARMWATCH_CORRELATION_LAB_NETWORKS: '198.18.0.0/15,lab' })).toThrow(/FARMWATCH_CORRELATION_LAB_NETWORKS: not a CIDR: lab/);
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
    expect(() => loadServerConfig({ FARMWATCH_RETENTION_DAYS: '0' })).toThrow(/FARMWATCH_RETENTION_DAYS: expected at least 1/);
    expect(() => loadServerConfig({ FARMWATCH_SILENT_AFTER_FACTOR: '0.5' })).toThrow(/FARMWATCH_SILENT_AFTER_FACTOR: expected at least 1/);
    expect(() => loadServerConfig({ FARMWATCH_SILENT_AFTER_FACTOR: 'often' })).toThrow(/FARMWATCH_SILENT_AFTER_FACTOR: expected a number/);
  });
});
