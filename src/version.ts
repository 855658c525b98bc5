// Generated from package.json by scripts/write-version.mjs (npm run build): do not edit.

/** The version of qovery-deploy, as package.json gives it. */
export const VERSION = '0.1.0';
