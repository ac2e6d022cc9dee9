// Debian Chromium as every browser tier starts it.

/** Where the tiers find Chromium (Debian's `chromium` package). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** The flags Chromium needs on these machines (no sandbox as root, no GPU, loopback-only network). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
