// The core's public face: what the Electron utility process, the headless host and the tests use.
export { createCore, type Core, type CoreOptions } from './core';
export { MemorySecretStore, type NetworkMonitor, type SecretStore } from './platform';
export type { Recovery } from './local-database';
