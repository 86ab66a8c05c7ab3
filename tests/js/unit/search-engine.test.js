// The search engine on a small index made here, as generator/search.py writes one (the field table
// maps each name to itself); the full query sets run in Chromium against the built site (tests/test_search.py).
const test = require("node:test");
const assert = require("node:assert/strict");
const { script, romaji } = require("./vectors.js");

const { FORMAT, makeEngine, segment } = script("search-engine.js");
const terms = script("normalise.js").makeTerms(romaji());
const key = (text) => terms(text).join("");  // as generator/normalise.py key()
const NAMES = ["url", "name", "kind", "areas", "everywhere", "audience", "channels", "keys", "other", "words", "topics",
               "next", "phone", "hours", "main"];
const OFFICE = { weekly: [{ days: [0, 1, 2, 3, 4], opens: "09:00", closes: "16:00" }], closed_on_holidays: true };

function index() {
  return {
    version: FORMAT, fields: Object.fromEntries(NAMES.map((n) => [n, n])), romaji: romaji(), messages: {},
    kinds: [{ id: "consultation", label: "相談窓口", keys: [key("相談窓口"), key("そうだんまどぐち")] }],
    areas: [{ code: "242021", name: "四日市市", keys: [key("四日市市"), key("よっかいち")] },
            { code: "242071", name: "鈴鹿市", keys: [key("鈴鹿市"), key("すずか")] }],
    topics: [{ id: "work", label: "仕事", keys: [key("仕事"), key("しごと")], audience: [] }],
    times: { now: [key("今"), key("いま")] },
    ignore: [key("が"), key("したい")],
    without_phone: { way: "nophone", channels: ["email"] },
    items: [{ url: "consultation/", name: "相談窓口", keys: [key("相談窓口"), key("そうだんまどぐち")] }],
  };
}

function entry(id, name, reading, more) {
  return { url: `service/${id}/`, name, kind: "consultation", keys: [key(name), key(reading)], ...more };
}

const ENTRIES = {
  version: FORMAT,
  items: [
    entry("centre", "ひきこもり地域支援センター", "ひきこもりちいきしえんせんたー",
          { everywhere: 1, words: [key("相談")], hours: OFFICE, phone: "059-253-7826", main: 1 }),
    entry("yokkaichi", "四日市市 こころの窓口", "よっかいちし こころのまどぐち", { areas: [0], words: [key("相談")] }),
    entry("saposute", "サポステ", "さぽすて", { everywhere: 1, topics: ["work"], words: [key("就労")] }),
    entry("hotline", "よりそいホットライン", "よりそいほっとらいん", { everywhere: 1, words: [key("相談")], hours: { always: true } }),
  ],
};

function engine(holidays) {
  const made = makeEngine(index());
  made.addEntries(ENTRIES, holidays || []);
  return made;
}

const urls = (answer) => answer.items.map((item) => item.url);
const japan = (clock) => new Date(clock + ":00+09:00");
const TUESDAY = japan("2026-11-24T10:00");

test("before the entries arrive, a reading finds its area", () => {
  const first = makeEngine(index());
  assert.equal(urls(first.run("よっかいち", {}, TUESDAY))[0], "area/242021/");
  assert.throws(() => first.addEntries({ version: FORMAT + 1, items: [] }, []));
});

test("readings in kana, katakana, half width and romaji find the kanji name", () => {
  const search = engine();
  for (const typed of ["よっかいち", "ヨッカイチ", "ﾖｯｶｲﾁ", "yokkaichi"]) {
    const found = urls(search.run(typed, {}, TUESDAY));
    assert.equal(found[0], "area/242021/", typed);
    assert.ok(found.includes("service/yokkaichi/"), typed);
  }
});

test("one kana off still finds the place, and says what it was near", () => {
  const answer = engine().run("よっかいし", {}, TUESDAY);
  assert.equal(urls(answer)[0], "area/242021/");
  assert.equal(answer.near, "よっかいし");
  assert.equal(engine().run("よっかいち", {}, TUESDAY).near, "");
});

test("a need in a sentence finds the services of its topic", () => {
  assert.deepEqual(urls(engine().run("仕事がしたい", {}, TUESDAY)), ["service/saposute/"]);
  const vocab = { words: new Set(["しごと"]), longest: 3 }, ignore = { words: new Set(["が", "したい"]), longest: 3 };
  assert.deepEqual(segment("しごとがしたい", vocab, ignore), ["しごと"]);
});

test("now narrows by opening hours, in Japan time, and the holidays passed in close", () => {
  assert.deepEqual(urls(engine().run("今 相談", {}, TUESDAY)).sort(), ["service/centre/", "service/hotline/"]);
  const saturdayNight = new Date("2026-11-28T09:00:00-05:00");  // 23:00 in Japan
  const night = engine().run("今 相談", {}, saturdayNight);
  assert.deepEqual(urls(night), ["service/hotline/"]);
  const holiday = japan("2026-11-23T10:00");  // a Monday, 勤労感謝の日
  assert.deepEqual(urls(engine(["2026-11-23"]).run("今 相談", {}, holiday)), ["service/hotline/"]);
  assert.deepEqual(urls(engine().run("今 相談", {}, holiday)).sort(), ["service/centre/", "service/hotline/"]);
});

test("an area filter keeps what serves that area", () => {
  assert.ok(urls(engine().run("相談", {}, TUESDAY)).includes("service/yokkaichi/"));
  const found = urls(engine().run("相談", { area: "242071", any: true }, TUESDAY));  // 鈴鹿市
  assert.deepEqual(found.sort(), ["service/centre/", "service/hotline/", "service/saposute/"]);  // all serve everywhere
});

test("time words count only as words, never inside an inflection or a pasted text (tests/vectors/time_words.json)", () => {
  const { vectors } = require("./vectors.js");
  const said = vectors("time_words");
  const made = makeEngine({ ...index(), times: Object.fromEntries(Object.entries(said.times).map(([when, words]) => [when, words.map(key)])),
                            ignore: said.ignore.map(key) });
  made.addEntries(ENTRIES, []);
  for (const c of said.cases) assert.deepEqual(made.run(c.q, {}, TUESDAY).times, c.times, c.q);
});

test("a crisis is answered first by the lines open at that hour, then the main line; never narrowed", () => {
  const made = makeEngine({ ...index(), crisis: [key("死にたい"), key("しにたい"), key("もう限界"), key("もうげんかい")],
                            lines: { night: ["service/hotline/"], main: "service/centre/" } });
  made.addEntries(ENTRIES, []);
  const sunday = japan("2026-11-29T21:00");
  for (const q of ["死にたい", "しにたい", "シニタイ", "もう限界です", "今 死にたいと思ってしまう"]) {
    const answer = made.run(q, {}, sunday);
    assert.ok(answer.crisis, q);
    assert.deepEqual(urls(answer).slice(0, 2), ["service/hotline/", "service/centre/"], q);
    assert.deepEqual(answer.times, [], q);
  }
  assert.equal(made.run("仕事がしたい", {}, sunday).crisis, false);
});
