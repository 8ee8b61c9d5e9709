export { parseConfig, loadConfigOrExit, type Config } from './config';
export { ConfigError, type ConfigProblem } from './config-error';
export { CONFIG_VARIABLES } from './env-schema';
