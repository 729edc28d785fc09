import { fileURLToPath } from 'node:url';

export const LINUX_FIXTURES = fileURLToPath(new URL('../../../fixtures/linux/', import.meta.url));
export const fixtureRoot = (name: string): string => `${LINUX_FIXTURES}${name}`;
