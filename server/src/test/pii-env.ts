/** Fixed personal-data keys for the test template and every test app (the seeded rows are encrypted with them). */
export const TEST_PII_ENV = {
  PII_KEY: Buffer.alloc(32, 7).toString('base64'),
  PII_LOOKUP_KEY: Buffer.alloc(32, 9).toString('base64'),
};
