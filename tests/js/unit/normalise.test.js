const test = require("node:test");
const assert = require("node:assert/strict");
const { vectors, script, romaji } = require("./vectors.js");

const terms = script("normalise.js").makeTerms(romaji());

for (const [query, expected] of vectors("normalise").cases) {
  test(`normalises ${query} as Python does`, () => assert.deepEqual(terms(query), expected));
}
