// What the unit tests share: the vector files of tests/vectors/ (Python's tests read the same ones,
// tests/test_vectors.py) and the browser's plain modules, required as the page loads them.
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..", "..");

function vectors(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "tests", "vectors", name + ".json"), "utf8"));
}

function script(name) {
  return require(path.join(ROOT, "overrides", "assets", "javascripts", name));
}

// the romaji table the search index carries (generator/romaji.json)
function romaji() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "generator", "romaji.json"), "utf8"));
}

module.exports = { vectors, script, romaji };
