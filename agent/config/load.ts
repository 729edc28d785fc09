// Loads AgentConfig from the JSON file and FARMWATCH_AGENT_* variables. Every problem names
// where the bad value came from (the file and key, or the variable).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { agentError, describeError } from '../errors.js';
import { AgentConfig, DEFAULT_CONFIG, type AgentConfigKey } from './schema.js';

export const ENV_PREFIX = 'FARMWATCH_AGENT_';
/** FARMWATCH_AGENT_* variables read by the CLI itself rather than by the config loader. */
export const CLI_ENV_VARIABLES = ['STATE_DIR', 'CONFIG', 'SERVER', 'ENROLL_SECRET'].map((n) => ENV_PREFIX + n);

const KEYS = Object.keys(AgentConfig.shape) as AgentConfigKey[];

/** `requestTimeoutMs` -> `FARMWATCH_AGENT_REQUEST_TIMEOUT_MS`. */
export function envName(key: AgentConfigKey): string {
  return ENV_PREFIX + key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

export interface LoadConfigOptions {
  /** Config file; when `required` is false a missing file is fine (the state-dir default). */
  file?: string;
  required?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface LoadedConfig {
  config: AgentConfig;
  /** The file that was read, if any. */
  file?: string;
  /** FARMWATCH_AGENT_* variables that mean nothing to the agent (likely typos). */
  unknownEnv: string[];
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const raw: Record<string, unknown> = {};
  const origin = new Map<string, string>();

  let file: string | undefined;
  if (options.file) {
    const fromFile = await readConfigFile(resolve(cwd, options.file), options.required ?? true);
    if (fromFile) {
      file = resolve(cwd, options.file);
      for (const [key, value] of Object.entries(fromFile)) {
        raw[key] = key === 'caFile' && typeof value === 'string' ? resolve(dirname(file), value) : value;
        origin.set(key, `${file}: key "${key}"`);
      }
    }
  }

  for (const key of KEYS) {
    const name = envName(key);
    const value = env[name];
    if (value === undefined || value === '') continue;
    raw[key] = fromEnvString(key, name, value, cwd);
    origin.set(key, `environment variable ${name}`);
  }

  const parsed = AgentConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0];
      if (issue.code === 'unrecognized_keys') {
        return `${file}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} (known keys: ${KEYS.join(', ')})`;
      }
      const where = typeof key === 'string' ? origin.get(key) ?? key : '(config)';
      return `${where}: ${issue.message}`;
    });
    throw agentError('CONFIG_INVALID', problems.join('; '));
  }

  const known = new Set([...KEYS.map(envName), ...CLI_ENV_VARIABLES]);
  const unknownEnv = Object.keys(env).filter((name) => name.startsWith(ENV_PREFIX) && !known.has(name)).sort();
  return { config: parsed.data, file, unknownEnv };
}

async function readConfigFile(file: string, required: boolean): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw agentError('CONFIG_INVALID', `cannot read config file ${file}: ${describeError(error)}`, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw agentError('CONFIG_INVALID', `config file ${file} is not valid JSON: ${describeError(error)}`, error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw agentError('CONFIG_INVALID', `config file ${file} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Variables are strings: numeric settings must be whole numbers, paths resolve from cwd. */
function fromEnvString(key: AgentConfigKey, name: string, value: string, cwd: string): unknown {
  const fallback = DEFAULT_CONFIG[key];
  if (typeof fallback === 'number') {
    if (!/^\d+$/.test(value.trim())) {
      throw agentError('CONFIG_INVALID', `environment variable ${name}: expected a whole number, got "${value}"`);
    }
    return Number(value.trim());
  }
  if (key === 'caFile') return resolve(cwd, value);
  return value;
}
