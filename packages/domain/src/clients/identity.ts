/**
 * A company's identity on the platform is (country, registration number).
 * Registries and people write the same number differently ("HRB 184512",
 * "hrb-184512"), so the number is compared as its letters and digits only,
 * upper-cased.
 */
export function registrationKey(registrationNumber: string): string {
  return registrationNumber
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}
