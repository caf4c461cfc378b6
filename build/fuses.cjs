// Electron fuses flipped on the packaged binary (afterPack): no running as plain Node, no NODE_OPTIONS or
// --inspect to inject code, the app only loads from its integrity-checked asar, cookies encrypted, file:// gets
// no extra privileges (the renderer is served from app://).
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    // Flipping fuses invalidates the ad-hoc signature of arm64 macOS builds; re-sign ad hoc (real signing follows).
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

module.exports = { fuseConfig };
