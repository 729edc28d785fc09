// FARMWATCH_COMPLIANCE_SLA_HOURS: unset leaves the SLA to the policy; a bad value is named.
import { describe, expect, it } from 'vitest';
import { describeConfigVariables, loadServerConfig } from '../../../server/config.js';

describe('FARMWATCH_COMPLIANCE_SLA_HOURS', () => {
  it('is unset by default and reads whole or fractional hours', () => {
    expect('complianceSlaHours' in loadServerConfig({})).toBe(false);
    expect(loadServerConfig({ FARMWATCH_COMPLIANCE_SLA_HOURS: '24' }).complianceSlaHours).toBe(24);
    expect(loadServerConfig({ FARMWATCH_COMPLIANCE_SLA_HOURS: ' 0.5 ' }).complianceSlaHours).toBe(0.5);
    expect(describeConfigVariables()).toMatch(/FARMWATCH_COMPLIANCE_SLA_HOURS +Compliance: .*silence threshold/);
  });

  it('names a bad value', () => {
    expect(() => loadServerConfig({ FARMWATCH_COMPLIANCE_SLA_HOURS: 'a day' })).toThrow(/FARMWATCH_COMPLIANCE_SLA_HOURS: expected a number of hours/);
    expect(() => loadServerConfig({ FARMWATCH_COMPLIANCE_SLA_HOURS: '0' })).toThrow(/FARMWATCH_COMPLIANCE_SLA_HOURS: expected at least 0.01/);
    expect(() => loadServerConfig({ FARMWATCH_COMPLIANCE_SLA_HOURS: '9000' })).toThrow(/FARMWATCH_COMPLIANCE_SLA_HOURS: expected at most 8760/);
  });
});
