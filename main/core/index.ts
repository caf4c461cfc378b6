// The core's public face: what the Electron utility process, the headless host and the tests use.
export { createCore, type Core } from './core';
export { MemorySecretStore } from './platform';
