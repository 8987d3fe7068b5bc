// Identity numbers never reach a log line in clear (PIPL; the platform's security baseline).

/** `110101199003074514` → `1101**********4514`; anything short is fully masked. */
export const maskIdentity = (value: string): string =>
  value.length < 10 ? '*'.repeat(value.length) : `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
