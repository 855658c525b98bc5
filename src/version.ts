/** The version the CLI reports (`--version`) and sends in its User-Agent. */
export const VERSION = '0.1.0';
