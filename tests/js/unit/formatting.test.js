const test = require("node:test");
const assert = require("node:assert/strict");
const { vectors, script } = require("./vectors.js");

const { telHref, fill, clockText } = script("formatting.js");

for (const [number, href] of vectors("tel").cases) {
  test(`the link of ${number} is ${href}, as on the pages`, () => assert.equal(telHref(number), href));
}

test("a message's {names} are filled in, and a missing message is empty", () => {
  assert.equal(fill("{month}月{day}日", { month: 12, day: 18 }), "12月18日");
  assert.equal(fill(undefined, { month: 12 }), "");
});

test("the clock is written as the pages write it", () => {
  assert.equal(clockText("09:00"), "9:00");
  assert.equal(clockText("16:30"), "16:30");
});
