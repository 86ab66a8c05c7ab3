// The site's search, on /search/ and in the header of every page. Readings (よっかいち, ヨッカイチ,
// ﾖｯｶｲﾁ, yokkaichi) find kanji names; sentences (息子が部屋から出てこない) are cut into the words of
// data/topics.yml, names and areas, leaving out particles and filler; time words (今, 土曜, 夜) narrow
// by opening hours (window.sgOpening). Normalisation mirrors generator/normalise.py
// (tests/normalise_vectors.json keeps the two in step). Every word shown comes from the index.
(function () {
  "use strict";
  var FORMAT = 2;  // the index version this script reads: generator/search_format.py
  var VOWELS = "aeiou";
  var LOOSE = { "ぢ": "じ", "づ": "ず", "を": "お", "ゐ": "い", "ゑ": "え" };
  var MACRONS = { "ā": "a", "ī": "i", "ū": "u", "ē": "e", "ō": "o", "â": "a", "î": "i", "û": "u", "ê": "e", "ô": "o" };

  function romajiToKana(text, table, longest) {
    var out = "", i = 0;
    while (i < text.length) {
      var c = text[i], nxt = text[i + 1] || "", after = text[i + 2] || "";
      if (!((c >= "a" && c <= "z") || c === "-" || c === "'")) { out += c; i += 1; }
      else if (c === nxt && VOWELS.indexOf(c) < 0 && c !== "n") { out += "っ"; i += 1; }
      else if (c === "t" && text.substr(i + 1, 2) === "ch") { out += "っ"; i += 1; }
      else if (c === "n" && nxt === "n") {
        out += "ん"; i += (after && (VOWELS.indexOf(after) >= 0 || after === "y")) ? 1 : 2;
      } else if (c === "n" && (nxt === "" || (VOWELS.indexOf(nxt) < 0 && nxt !== "y"))) {
        out += "ん"; i += 1 + (nxt === "'" ? 1 : 0);
      } else if (c === "m" && (nxt === "b" || nxt === "m" || nxt === "p")) { out += "ん"; i += 1; }
      else {
        var size = longest, kana;
        for (; size > 0; size--) { kana = table[text.substr(i, size)]; if (kana && text.substr(i, size).length === size) break; }
        if (size > 0) { out += kana; i += size; } else { out += c; i += 1; }
      }
    }
    return out;
  }

  function loose(kana, vowelOf) {
    var out = "";
    for (var ch of kana) {
      ch = LOOSE[ch] || ch;
      if (ch === "ー") continue;
      var before = out ? vowelOf[out[out.length - 1]] : undefined;
      // a vowel that only lengthens the one before: とう, とお, りい, ゆう
      if ("あいうえお".indexOf(ch) >= 0 && before && (vowelOf[ch] === before || ("うお".indexOf(ch) >= 0 && before === "o"))) continue;
      out += ch;
    }
    return out;
  }

  function makeTerms(table) {
    var longest = Math.max.apply(null, Object.keys(table).map(function (k) { return k.length; }));
    var vowelOf = {};  // the vowel each kana ends in, read off the romaji table: か → a, しょ → o
    Object.keys(table).forEach(function (r) { if (VOWELS.indexOf(r[r.length - 1]) >= 0) vowelOf[table[r].slice(-1)] = r[r.length - 1]; });
    return function terms(query) {
      var text = query.normalize("NFKC").toLowerCase().replace(/[āīūēōâîûêô]/g, function (m) { return MACRONS[m]; });
      text = text.replace(/[ァ-ヶ]/g, function (m) { return String.fromCharCode(m.charCodeAt(0) - 0x60); });
      return text.split(/[\s、,・\/]+/).map(function (w) { return loose(romajiToKana(w, table, longest), vowelOf); })
        .filter(function (t) { return t; });
    };
  }

  // --- Cutting a query into words -------------------------------------------------------------

  function longestAt(text, i, words, longest) {
    for (var n = Math.min(longest, text.length - i); n > 0; n--) {
      var w = text.substr(i, n);
      if (words.has(w)) return w;
    }
    return "";
  }

  function isKanji(ch) { return ch >= "\u4e00" && ch <= "\u9fff" || ch === "々"; }

  // The longest word of the vocabulary wins, except that right after kanji a particle beats a word
  // of kana only (勉強をやり直す: を, not おや); filler is left out only where a word may end (after
  // kanji or another word), so the が of ながの stays. One stray kana left over is dropped.
  function segment(chunk, vocab, ignore) {
    var out = [], buf = "", i = 0;
    function flush() { if (buf && (buf.length > 1 || isKanji(buf) || buf === chunk)) out.push(buf); buf = ""; }
    while (i < chunk.length) {
      var v = longestAt(chunk, i, vocab.words, vocab.longest), g = longestAt(chunk, i, ignore.words, ignore.longest);
      var boundary = !buf || isKanji(chunk[i - 1]);
      if (v && g && isKanji(chunk[i - 1] || "") && kanaOnly(v)) v = "";
      if (v && v.length >= g.length) { flush(); out.push(v); i += v.length; }
      else if (g && boundary) { flush(); i += g.length; }
      else { buf += chunk[i]; i += 1; }
    }
    flush();
    return out;
  }

  function wordSet(list) {
    var words = new Set(list);
    return { words: words, longest: list.reduce(function (m, w) { return Math.max(m, w.length); }, 0) };
  }

  // --- Scoring -----------------------------------------------------------------------------------

  // exact > prefix > substring, times the weight of where it matched
  function score(term, keys, weight) {
    var best = 0;
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i], s = k === term ? 3 : k.indexOf(term) === 0 ? 2 : k.indexOf(term) > 0 ? 1 : 0;
      if (s * weight > best) best = s * weight;
    }
    return best;
  }

  // One wrong, missing or extra kana (よっかいし, よつかいち): only for words of three kana or more.
  function nearly(a, b) {
    if (a.length < 3 || b.length < 3 || Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++; else if (b.length > a.length) j++; else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  function kanjiHead(w) { var n = 0; while (n < w.length && isKanji(w[n])) n++; return n; }
  function kanaOnly(w) { return /^[\u3041-\u309f]*$/.test(w); }

  // The same word in another form: 学び and 学ぶ, 困って and 困りごと (same kanji, other kana after).
  function sameStem(a, b) {
    var n = kanjiHead(a);
    return n > 0 && n === kanjiHead(b) && a.slice(0, n) === b.slice(0, n) && kanaOnly(a.slice(n)) && kanaOnly(b.slice(n));
  }

  // Two words of a text typed as one: パソコン講座 for パソコン and 講座.
  function joined(term, words) {
    return words.some(function (w) {
      if (w.length < 2 || term.length <= w.length || term.indexOf(w) !== 0) return false;
      var rest = term.slice(w.length);
      return words.some(function (v) { return v === rest || (rest.length > 1 && v.indexOf(rest) === 0); });
    });
  }

  // A table from name to score for the kinds, areas or topics one term matches.
  function matches(term, list, weight, fuzzy) {
    var found = {};
    list.forEach(function (x, i) {
      var s = fuzzy ? (x.keys.some(function (k) { return nearly(term, k); }) ? 1 : 0) : score(term, x.keys, weight);
      if (s) found[x.id !== undefined ? x.id : i] = s;
    });
    return found;
  }

  function best(names, table) {
    var b = 0;
    for (var i = 0; names && i < names.length; i++) if (table[names[i]] > b) b = table[names[i]];
    return b;
  }

  function makeEngine(index) {
    var F = index.fields, terms = makeTerms(index.romaji);
    var unpack = function (raw) { var o = {}; for (var name in F) if (raw[F[name]] !== undefined) o[name] = raw[F[name]]; return o; };
    var kinds = {}; index.kinds.forEach(function (k) { kinds[k.id] = k; });
    var weak = {};  // topics an audience brings (ご本人, 支援者): nearly every entry has them
    index.topics.forEach(function (t) { (t.audience || []).forEach(function (a) { (weak[a] = weak[a] || []).push(t.id); }); });
    var whenOf = {}, vocabList = [];
    Object.keys(index.times).forEach(function (when) { index.times[when].forEach(function (k) { whenOf[k] = when; vocabList.push(k); }); });
    index.topics.concat(index.kinds, index.areas).forEach(function (x) { vocabList = vocabList.concat(x.keys); });
    var vocab = wordSet(vocabList.filter(function (w) { return w.length > 1; })), ignore = wordSet(index.ignore);
    var first = index.areas.map(function (a, i) { return { url: "area/" + a.code + "/", name: a.name, areaOf: i, keys: a.keys }; })
      .concat(index.items.map(unpack));
    first.forEach(function (item, i) { item.order = i; });
    var items = first;

    // How well one word fits one item: 0 when not at all.
    // Every distinct word of the items' texts with the items that have it: a query word is compared
    // with each distinct word once, not once per entry (a national catalogue repeats its wording).
    var texts = new Map();
    function indexTexts() {
      texts = new Map();
      items.forEach(function (item) {
        (item.words || []).forEach(function (w) { var owners = texts.get(w); if (owners) owners.push(item); else texts.set(w, [item]); });
      });
    }

    indexTexts();

    // How well a word is in each item's own text (学び meets 学ぶ, パソコン講座 meets パソコン + 講座): by order.
    function inTexts(word) {
      var found = new Map(), stem = kanjiHead(word) > 0;
      texts.forEach(function (owners, w) {
        var s = w === word ? 3 : w.indexOf(word) === 0 ? 2 : w.indexOf(word) > 0 ? 1 : 0;
        if (!s && stem && sameStem(word, w)) s = 2;
        var maybeJoined = !s && w.length > 1 && word.length > w.length && word.indexOf(w) === 0;
        if (!s && !maybeJoined) return;
        owners.forEach(function (item) {
          var got = s || (joined(word, item.words) ? 2 : 0);
          if (got > (found.get(item.order) || 0)) found.set(item.order, got);
        });
      });
      return found;
    }

    function fit(word, item, m, inText) {
      var named = score(word, item.keys || [], 3);
      // a place in a name (鈴鹿市 ひきこもり相談窓口) says no more than serving that place
      if (item.kind && m.anyArea) named = Math.min(named, 3);
      var s = Math.max(named, score(word, item.other || [], 1), inText,
                       best(item.topics, m.topics), item.kind ? m.kinds[item.kind] || 0 : 0);
      if (inText && s > inText) s += 1;  // the word is in its own text too: more than a topic alone
      if (item.audience) item.audience.forEach(function (a) { s = Math.max(s, Math.min(4, best(weak[a], m.topics))); });
      if (item.kind && (item.everywhere ? m.anyArea : best(item.areas, m.areas))) s = Math.max(s, 3);
      return s;
    }

    function wordMatches(word, fuzzy) {
      var m = { kinds: matches(word, index.kinds, 1, fuzzy), areas: matches(word, index.areas, 1, fuzzy),
                topics: matches(word, index.topics, 2, fuzzy) };
      m.anyArea = Object.keys(m.areas).length > 0;
      return m;
    }

    // One word over every candidate; when nothing has it as typed, one kana off (ranked lower).
    function scoreWord(text, scored) {
      var m = wordMatches(text, false), own = inTexts(text);
      var got = scored.map(function (r) { return fit(text, r.item, m, own.get(r.item.order) || 0); });
      if (got.some(Boolean)) return { got: got, m: m };
      m = wordMatches(text, true);
      got = scored.map(function (r) {
        return (r.item.keys || []).some(function (k) { return nearly(text, k); }) ? 3 : fit(text, r.item, m, 0) ? 1 : 0;
      });
      return { got: got, m: m, fuzzy: got.some(Boolean) };
    }

    function run(query, filters, now) {
      var times = [], near = "", areaAsked = false, typed = [];
      var scored = items.filter(function (item) { return passes(item, filters); })
        .map(function (item) { return { item: item, score: 0, covered: 0 }; });
      var asked = 0;
      terms(query).forEach(function (chunk) {
        if (whenOf[chunk]) { times.push(whenOf[chunk]); return; }
        var parts = segment(chunk, vocab, ignore).filter(function (w) {
          if (whenOf[w]) times.push(whenOf[w]);
          return !whenOf[w];
        });
        if (!parts.length && times.length) return;
        var each = parts.map(function (w) { return scoreWord(w, scored); });
        typed.push(chunk);
        // the chunk as typed, too: 訪問支援 is part of a name, ひきこもりそうだん of many
        var whole = parts.length === 1 && parts[0] === chunk ? null : scoreWord(chunk, scored), n = Math.max(parts.length, 1);
        asked += n;
        scored.forEach(function (r, i) {
          var sum = 0, covered = 0;
          each.forEach(function (x) { if (x.got[i]) { sum += x.got[i]; covered++; } });
          if (whole && whole.got[i] && (covered < n || whole.got[i] * n > sum)) { sum = Math.max(sum, whole.got[i] * n); covered = n; }
          r.score += sum; r.covered += covered;
        });
        var all = whole ? each.concat([whole]) : each;
        if (all.some(function (x) { return x.m.anyArea; })) areaAsked = true;
        var hit = all.filter(function (x) { return x.got.some(Boolean); });
        if (hit.length && hit.every(function (x) { return x.fuzzy; })) near = chunk;
      });
      var most = scored.reduce(function (m, r) { return Math.max(m, r.covered); }, 0);
      var found = scored.filter(function (r) {
        if (asked) return r.covered === most && most > 0;
        return r.item.kind && (times.length || filters.any);  // filters or time words alone list entries
      });
      found.forEach(function (r) {
        if (r.item.main && !areaAsked) r.score += 2;  // the main line: where to turn when unsure
        if (r.item.kind && !r.item.everywhere && !areaAsked) r.score -= 1;  // usable in some areas only
      });
      var timeMissed = "";
      if (times.length) {
        var isOpen = function (r) { return times.every(function (when) { return openAt(r.item, when, now); }); };
        // a service asked for by name stays, open or not (今日 虹の会 on a day it does not meet)
        var named = function (r) { return r.item.kind && typed.some(function (t) { return score(t, r.item.keys, 3) >= 6; }); };
        var open = found.filter(function (r) { return isOpen(r) || named(r); });
        if (!found.some(isOpen) || open.some(function (r) { return !isOpen(r); })) timeMissed = times[0];
        if (open.length || !asked) found = open;
      }
      found.sort(function (a, b) {
        return b.score - a.score || (areaAsked ? place(a.item) - place(b.item) : (b.item.main || 0) - (a.item.main || 0)) ||
          a.item.name.length - b.item.name.length || a.item.order - b.item.order;
      });
      return { items: found.map(function (r) { return r.item; }), near: near, timeMissed: timeMissed,
               asked: asked > 0 || times.length > 0 || filters.any };
    }

    // Asked about a place, as on its area page: its own window, the main line, what serves a few
    // areas (fewest first), then what serves everywhere.
    function place(item) {
      if (!item.kind) return 0;
      if (!item.everywhere && item.areas.length === 1) return 1;
      if (item.main) return 2;
      return item.everywhere ? 1e6 : 2 + item.areas.length;
    }

    function passes(item, f) {
      if (f.kind && item.kind !== f.kind) return false;
      if (f.area && !(item.everywhere || (item.areas && item.areas.some(function (i) { return index.areas[i].code === f.area; })))) return false;
      if (f.for && !(item.audience && item.audience.indexOf(f.for) >= 0)) return false;
      var ways = f.way === index.without_phone.way ? index.without_phone.channels : f.way ? [f.way] : null;
      if (ways && !(item.channels && item.channels.some(function (c) { return ways.indexOf(c) >= 0; }))) return false;
      if (f.online && !(item.channels && item.channels.indexOf("online") >= 0)) return false;
      return true;
    }

    return {
      messages: index.messages, kinds: kinds, areas: index.areas, terms: terms, run: run,
      addEntries: function (entries) {
        if (entries.version !== FORMAT) throw new Error("search index version " + entries.version);
        items = entries.items.map(unpack).concat(first);
        items.forEach(function (item, i) { item.order = i; });
        indexTexts();
      }
    };
  }

  // --- Opening times (window.sgOpening, shared with the cards and the call bar) ----------------

  var HOUR = 3600e3, JST = 9 * HOUR;
  function jstDay(now, plusDays) { var d = new Date(now.getTime() + JST + plusDays * 24 * HOUR); return d; }
  function at(day, hour) { return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour) - JST); }

  // Whether an item is open (or meets) at the time a word asked for: 今, 今日, 夜, 土曜, 日曜, 土日.
  function openAt(item, when, now) {
    var opening = window.sgOpening, probes = [];
    if (when === "next") return !!item.next;
    if (when === "now") probes = [now];
    for (var d = 0; d < 7 && when !== "now"; d++) {
      var day = jstDay(now, d), dow = day.getUTCDay();
      if (when === "today" && d > 0) break;
      if ((when === "sat" && dow !== 6) || (when === "sun" && dow !== 0) || (when === "weekend" && dow % 6 !== 0)) continue;
      var hours = when === "night" ? [18, 19, 20, 21, 22, 23] : [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
      hours.forEach(function (h) { var t = at(day, h); if (when !== "today" || t >= now) probes.push(t); });
      if (item.next && item.next === day.toISOString().slice(0, 10) && when !== "night") return true;
    }
    if (!item.hours || !opening) return false;
    return probes.some(function (t) { return opening.status(item.hours, t).open; });
  }

  // --- Showing results ---------------------------------------------------------------------------

  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }

  function resultItem(engine, item, root, now) {
    var msg = engine.messages, li = document.createElement("li"), a = document.createElement("a");
    a.href = root + item.url; a.className = "sg-result__name"; a.textContent = item.name;
    li.appendChild(a);
    var meta = [];
    if (item.kind) meta.push(engine.kinds[item.kind].label);
    if (item.everywhere) meta.push(msg.everywhere);
    else if (item.kind && item.areas) meta.push(item.areas.map(function (i) { return engine.areas[i].name; }).join("・"));
    if (item.next) { var d = item.next.split("-"); meta.push(fill(msg.next, { month: +d[1], day: +d[2] })); }
    if (meta.length) { var m = document.createElement("span"); m.className = "sg-result__meta"; m.textContent = meta.join(" ／ "); li.appendChild(m); }
    if (item.hours && window.sgOpening) {
      var st = window.sgOpening.status(item.hours, now), o = document.createElement("span");
      o.className = "sg-result__open" + (st.open ? " sg-result__open--now" : ""); o.textContent = st.text; li.appendChild(o);
    }
    if (item.phone) { var p = document.createElement("a"); p.className = "sg-result__phone"; p.href = "tel:" + item.phone.replace(/[^0-9]/g, ""); p.textContent = item.phone; li.appendChild(p); }
    return li;
  }

  // Fetches the index (areas, kinds, vocabulary: small) and then every entry; the engine answers from
  // the first file at once and again when the entries are in.
  function load(indexUrl, onFirst, onAll, onBroken) {
    var root = indexUrl.replace(/search\/index\.json$/, "");
    fetch(indexUrl).then(function (r) { return r.json(); }).then(function (index) {
      if (index.version !== FORMAT) { onBroken(index.messages && index.messages.broken); return; }
      var engine = makeEngine(index);
      onFirst(engine);
      // the status words (受付中…) come with opening.js's own data
      var opening = window.sgOpening ? window.sgOpening.ready : Promise.resolve();
      return Promise.all([fetch(root + "search/entries.json").then(function (r) { return r.json(); }), opening]).then(function (got) {
        engine.addEntries(got[0]);
        onAll(engine);
      });
    });
    return root;
  }

  window.sgSearch = { makeTerms: makeTerms, segment: segment, makeEngine: makeEngine, FORMAT: FORMAT };  // for the tests and bench

  // The header search of every page: a few live results under the box; Enter opens /search/.
  var header = document.querySelector(".md-search__form[data-index]");
  if (header && !document.querySelector("form.sg-search")) {
    var hInput = header.elements.q, hList = header.querySelector(".sg-header-results"), hMore = header.querySelector(".sg-header-more");
    var hEngine = null, hRoot = "";
    var hRender = function () {
      if (!hEngine) return;
      hList.textContent = "";
      var q = hInput.value.trim(), now = new Date();
      var found = q ? hEngine.run(q, {}, now).items.slice(0, 5) : [];
      found.forEach(function (item) { hList.appendChild(resultItem(hEngine, item, hRoot, now)); });
      hMore.hidden = !q;
      if (q) { hMore.href = header.getAttribute("action") + "?q=" + encodeURIComponent(q); hMore.textContent = fill(hEngine.messages.more, { q: q }); }
    };
    var started = false;
    var start = function () {
      if (started) return;
      started = true;
      hRoot = load(header.getAttribute("data-index"), function (e) { hEngine = e; hRender(); }, hRender, function () {});
    };
    hInput.addEventListener("focus", start);
    hInput.addEventListener("input", function () { start(); hRender(); });
  }

  var form = document.querySelector("form.sg-search");
  if (!form) return;
  var list = document.getElementById("search-results"), none = document.getElementById("search-none");
  var status = document.getElementById("search-status"), note = document.getElementById("search-note"), input = form.elements.q;
  var params = new URLSearchParams(location.search), SELECTS = ["q", "area", "kind", "for", "way"], CHECKS = ["online"];
  SELECTS.forEach(function (n) { if (params.get(n)) form.elements[n].value = params.get(n); });
  CHECKS.forEach(function (n) { form.elements[n].checked = params.get(n) === "1"; });

  // Areas, kinds and pages come first and show at once; every entry follows (a national catalogue's
  // entries are most of the bytes). Until they are in, the list is busy and "none found" is not said.
  var complete = false, engine = null, renders = 0, AT_ONCE = 20;
  list.setAttribute("aria-busy", "true");
  function render() {
    var f = { area: form.elements.area.value, kind: form.elements.kind.value, for: form.elements.for.value,
              way: form.elements.way.value, online: form.elements.online.checked };
    f.any = !!(f.area || f.kind || f.for || f.way || f.online);
    var q = input.value, now = new Date(), answer = engine.run(q, f, now), results = answer.items, msg = engine.messages;
    var url = new URLSearchParams();
    if (q) url.set("q", q);
    ["area", "kind", "for", "way"].forEach(function (n) { if (f[n]) url.set(n, f[n]); });
    CHECKS.forEach(function (n) { if (f[n]) url.set(n, "1"); });
    history.replaceState(null, "", "?" + url.toString());
    list.textContent = "";
    // The first screens of results at once; the rest (up to 50) in the next frame, so typing stays quick.
    var shown = results.slice(0, 50), append = function (item) { list.appendChild(resultItem(engine, item, root, now)); };
    shown.slice(0, AT_ONCE).forEach(append);
    var drawing = ++renders;
    if (shown.length > AT_ONCE) requestAnimationFrame(function () { if (drawing === renders) shown.slice(AT_ONCE).forEach(append); });
    none.hidden = !complete || !answer.asked || results.length > 0;
    status.textContent = complete && answer.asked && results.length ? fill(msg.found, { count: results.length }) : "";
    var notes = [];
    if (answer.timeMissed) notes.push(fill(msg.time_none, { when: msg.times[answer.timeMissed] }) + (results.length ? msg.others : ""));
    if (answer.near && results.length) notes.push(fill(msg.near, { typed: answer.near }));
    note.textContent = notes.join(" ");
    note.hidden = !notes.length;
  }
  var root = load(form.getAttribute("data-index"), function (e) {
    engine = e;
    form.addEventListener("input", render);
    form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
    render();
  }, function () {
    complete = true;
    list.setAttribute("aria-busy", "false");
    render();
  }, function (message) {
    list.setAttribute("aria-busy", "false");
    note.textContent = message || "";
    note.hidden = false;
    none.hidden = false;
  });
})();
