export { AgentConfig, DEFAULT_CONFIG, type AgentConfigKey } from './schema.js';
export { loadConfig, envName, ENV_PREFIX, type LoadConfigOptions, type LoadedConfig } from './load.js';
