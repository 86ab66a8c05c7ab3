// The site's search engine: readings (よっかいち, ヨッカイチ, ﾖｯｶｲﾁ, yokkaichi) find kanji names;
// sentences (息子が部屋から出てこない) are cut into the words of data/topics.yml, names and areas, leaving
// out particles and filler; time words (今, 土曜, 夜) narrow by opening hours. It ranks the items of
// the index (generator/search.py); every word shown comes from the index. No page access: page.js
// shows its answers, Node's tests require it (tests/js/unit/).
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var normalise = node ? require("./normalise.js") : root.sgNormalise;
  var schedule = node ? require("./schedule.js") : root.sgSchedule;
  var FORMAT = 2;  // the index version this script reads: generator/search_format.py
  // A query of more words than this is a text (a pasted letter): its time words do not narrow.
  var MOST_WORDS_WITH_TIME = 6;
  // Fewer results than this for a query: the main line is added after them.
  var FEW = 5;

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
  // A time word (`times`, by word) counts only as a word of its own (timeWordAt): the いま of
  // 困っています and the 今 of 今後 are not 今.
  function segment(chunk, vocab, ignore, times) {
    var out = [], buf = "", i = 0;
    function flush() { if (buf && (buf.length > 1 || isKanji(buf) || buf === chunk)) out.push(buf); buf = ""; }
    while (i < chunk.length) {
      var v = longestAt(chunk, i, vocab.words, vocab.longest), g = longestAt(chunk, i, ignore.words, ignore.longest);
      var boundary = !buf || isKanji(chunk[i - 1]);
      if (v && times && times[v]) {  // a time word standing as a word beats filler (いますぐ: not います)
        if (timeWordAt(chunk, i, v, buf, vocab, ignore)) g = ""; else v = "";
      }
      if (v && g && isKanji(chunk[i - 1] || "") && kanaOnly(v)) v = "";
      if (v && v.length >= g.length) { flush(); out.push(v); i += v.length; }
      else if (g && boundary) { flush(); i += g.length; }
      else { buf += chunk[i]; i += 1; }
    }
    flush();
    return out;
  }

  // Whether time word `w` at `i` stands as a word: it starts the chunk, follows a word or filler, or
  // follows another script (相談いま); and it ends the chunk, comes before a word or filler, or before
  // another script. So the いま of 困っています, the 今 of 今後 and the よる of 寄る are not time words,
  // while 今すぐ, いまから and 今 相談 are.
  function timeWordAt(chunk, i, w, buf, vocab, ignore) {
    var end = i + w.length, before = chunk[i - 1], after = chunk[end];
    var starts = !buf || script(before) !== script(w[0]);
    var ends = !after || script(after) !== script(w[w.length - 1]) ||
      !!longestAt(chunk, end, ignore.words, ignore.longest) || !!longestAt(chunk, end, vocab.words, vocab.longest);
    return starts && ends;
  }

  function script(ch) { return isKanji(ch) ? "kanji" : /[\u3041-\u309f]/.test(ch) ? "kana" : "other"; }

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

  // The kinds, areas or topics one term matches: the score of each, by position in the list, and
  // the positions that have one.
  function matches(term, list, weight, fuzzy) {
    var found = { score: new Uint8Array(list.length), hit: [] };
    list.forEach(function (x, i) {
      var s = fuzzy ? (x.keys.some(function (k) { return nearly(term, k); }) ? 1 : 0) : score(term, x.keys, weight);
      if (s) { found.score[i] = s; found.hit.push(i); }
    });
    return found;
  }

  function best(positions, table) {
    var b = 0;
    for (var i = 0; positions && i < positions.length; i++) if (table[positions[i]] > b) b = table[positions[i]];
    return b;
  }

  // --- Looking words up --------------------------------------------------------------------------

  var KEYS = 0, OTHER = 1, WORDS = 2;

  // Which items each thing (a string, a topic…) has, from pairs (thing, item): those of thing `id` are
  // order[start[id]] … order[start[id + 1] - 1].
  function packed(things, orders, size) {
    var start = new Int32Array(size + 1), order = new Int32Array(things.length), i;
    for (i = 0; i < things.length; i++) start[things[i] + 1] += 1;
    for (i = 0; i < size; i++) start[i + 1] += start[i];
    var next = start.slice(0, size);
    for (i = 0; i < things.length; i++) order[next[things[i]]++] = orders[i];
    return { start: start, order: order };
  }

  // Made once when the items arrive (nothing of it is downloaded), so that a query word reaches only
  // the items that share something with it, never every entry: each distinct string of the items
  // (names and readings, other names, text words) with its items, all joined into one text for the
  // browser's own substring search; names by length, for one kana off; the items of each topic, kind,
  // audience and area. Topics, kinds and audiences are numbered (`number`): scoring compares numbers.
  function makeLookup(items, number) {
    var ids = new Map(), strings = [], pairs = [[[], []], [[], []], [[], []]], i, j, id;
    var topics = [[], []], audience = [[], []], kindOf = new Int16Array(items.length);
    var byTopic = [], byAudience = [], byKind = [], byArea = [], everywhere = [];
    var nameLength = new Int32Array(items.length);
    function push(table, position, order) { (table[position] = table[position] || []).push(order); }
    function numbered(names, of, pairs, by, order) {
      for (var k = 0; names && k < names.length; k++) {
        var n = of[names[k]];
        if (n !== undefined) { pairs[0].push(n); pairs[1].push(order); push(by, n, order); }
      }
    }
    for (var o = 0; o < items.length; o++) {
      var item = items[o], fields = [item.keys, item.other, item.words];
      for (var field = KEYS; field <= WORDS; field++) {
        for (j = 0; fields[field] && j < fields[field].length; j++) {
          var s = fields[field][j];
          id = ids.get(s);
          if (id === undefined) { id = strings.length; ids.set(s, id); strings.push(s); }
          pairs[field][0].push(id); pairs[field][1].push(o);
        }
      }
      numbered(item.topics, number.topic, topics, byTopic, o);
      numbered(item.audience, number.audience, audience, byAudience, o);
      nameLength[o] = item.name.length;
      var kind = item.kind ? number.kind[item.kind] : undefined;
      kindOf[o] = kind === undefined ? -1 : kind;
      if (!item.kind) continue;
      if (kind !== undefined) push(byKind, kind, o);
      if (item.everywhere) everywhere.push(o);
      else for (j = 0; item.areas && j < item.areas.length; j++) push(byArea, item.areas[j], o);
    }
    var owners = pairs.map(function (p) { return packed(p[0], p[1], strings.length); });
    var keysOfLength = [];
    for (id = 0; id < strings.length; id++) {
      if (owners[KEYS].start[id + 1] > owners[KEYS].start[id]) push(keysOfLength, strings[id].length, id);
    }
    var SEPARATOR = "\u0000", text = strings.join(SEPARATOR), starts = new Int32Array(strings.length);
    for (i = 1; i < strings.length; i++) starts[i] = starts[i - 1] + strings[i - 1].length + 1;

    function stringAt(at) {
      var lo = 0, hi = strings.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= at) lo = mid; else hi = mid - 1; }
      return lo;
    }

    // Every string that has the term: 3 when it is the whole string, 2 at its start, 1 inside.
    function containing(term, each) {
      var at = term && term.indexOf(SEPARATOR) < 0 ? text.indexOf(term) : -1;
      while (at >= 0) {
        var found = stringAt(at);
        each(found, at > starts[found] ? 1 : strings[found].length === term.length ? 3 : 2);
        at = found + 1 < strings.length ? text.indexOf(term, starts[found + 1]) : -1;
      }
    }

    // Each item that has string `id` in `field` (KEYS, OTHER, WORDS).
    function eachOwner(field, id, each) {
      var p = owners[field];
      for (var k = p.start[id]; k < p.start[id + 1]; k++) each(p.order[k]);
    }

    return {
      strings: strings, ids: ids, owners: owners, containing: containing, eachOwner: eachOwner, keysOfLength: keysOfLength,
      byTopic: byTopic, byAudience: byAudience, byKind: byKind, byArea: byArea, everywhere: everywhere,
      // by item: its topics and audiences (numbered), its kind (numbered, -1 for none)
      topicsOf: packed(topics[1], topics[0], items.length), audienceOf: packed(audience[1], audience[0], items.length),
      kindOf: kindOf, nameLength: nameLength,
      // items with the same hours are open at the same moments: each distinct set of hours is
      // numbered, the first time a time word asks about an item that has it
      hours: new Map(), hoursOf: new Int32Array(items.length).fill(-1)
    };
  }

  function makeEngine(index) {
    var F = index.fields, terms = normalise.makeTerms(index.romaji);
    // Every item has every field, in one order (undefined when absent): thousands are read quickly.
    var names = Object.keys(F);
    var unpack = function (raw) { var o = { order: 0 }; for (var i = 0; i < names.length; i++) o[names[i]] = raw[F[names[i]]]; return o; };
    var kinds = {}; index.kinds.forEach(function (k) { kinds[k.id] = k; });
    var number = { topic: {}, kind: {}, audience: {} };
    index.topics.forEach(function (t, i) { number.topic[t.id] = i; });
    index.kinds.forEach(function (k, i) { number.kind[k.id] = i; });
    var weak = [];  // by audience: the topics it brings (ご本人, 支援者), which nearly every entry has
    index.topics.forEach(function (t, i) {
      (t.audience || []).forEach(function (a) {
        if (number.audience[a] === undefined) { number.audience[a] = weak.length; weak.push([]); }
        weak[number.audience[a]].push(i);
      });
    });
    var whenOf = {}, vocabList = [];
    Object.keys(index.times).forEach(function (when) { index.times[when].forEach(function (k) { whenOf[k] = when; vocabList.push(k); }); });
    index.topics.concat(index.kinds, index.areas).forEach(function (x) { vocabList = vocabList.concat(x.keys); });
    var crisis = index.crisis || [], lines = index.lines || { night: [], main: "" };
    var vocab = wordSet(vocabList.filter(function (w) { return w.length > 1; })), ignore = wordSet(index.ignore);
    var first = index.areas.map(function (a) { var o = unpack({}); o.url = "area/" + a.code + "/"; o.name = a.name; o.keys = a.keys; return o; })
      .concat(index.items.map(unpack));
    var items, lookup, seen, visit = 0, holidays = [];
    function setItems(list) {
      items = list;
      items.forEach(function (item, i) { item.order = i; });
      lookup = makeLookup(items, number);
      seen = new Uint32Array(items.length);
    }
    setItems(first);

    // Where a word is in the items' own strings, item by item: in names and readings (named), in
    // other names (other) and in the text (学び meets 学ぶ, パソコン講座 meets パソコン + 講座).
    function lookUp(word) {
      var size = items.length, found = { named: new Uint8Array(size), other: new Uint8Array(size), inText: new Uint8Array(size), hits: [] };
      var tables = [found.named, found.other, found.inText];
      // each item that has string `id` in `field` gets at least s there (unless it must pass `test`)
      function raise(field, id, s, test) {
        var p = lookup.owners[field], table = tables[field];
        for (var k = p.start[id]; k < p.start[id + 1]; k++) {
          var o = p.order[k];
          if (s <= table[o] || (test && !test(o))) continue;
          if (!found.named[o] && !found.other[o] && !found.inText[o]) found.hits.push(o);
          table[o] = s;
        }
      }
      lookup.containing(word, function (id, s) { raise(KEYS, id, 3 * s); raise(OTHER, id, s); raise(WORDS, id, s); });
      var head = kanjiHead(word);  // the same kanji with other kana after: 学び and 学ぶ
      if (head > 0 && head < word.length) {
        lookup.containing(word.slice(0, head), function (id, s) {
          if (s > 1 && sameStem(word, lookup.strings[id])) raise(WORDS, id, 2);
        });
      }
      var isJoined = function (o) { return joined(word, items[o].words); };
      for (var n = 2; n < word.length; n++) {  // two words of a text typed as one
        var id = lookup.ids.get(word.slice(0, n));
        if (id !== undefined) raise(WORDS, id, 2, isJoined);
      }
      return found;
    }

    // The items that may fit a word, each once: those whose strings have it and those of the
    // topics, kinds, audiences and areas it matched.
    function candidates(m, found) {
      var out = [];
      visit += 1;
      function all(orders) {
        for (var i = 0; orders && i < orders.length; i++) {
          if (seen[orders[i]] !== visit) { seen[orders[i]] = visit; out.push(orders[i]); }
        }
      }
      if (found) all(found.hits);
      m.topics.hit.forEach(function (t) { all(lookup.byTopic[t]); });
      m.kinds.hit.forEach(function (k) { all(lookup.byKind[k]); });
      m.audiences.forEach(function (a) { all(lookup.byAudience[a]); });
      m.areas.hit.forEach(function (a) { all(lookup.byArea[a]); });
      if (m.anyArea) all(lookup.everywhere);
      return out;
    }

    // How well one word fits one item (by order): 0 when not at all.
    function fit(o, m, named, other, inText) {
      var item = items[o], kind = lookup.kindOf[o], topics = lookup.topicsOf, audience = lookup.audienceOf, i;
      // a place in a name (鈴鹿市 ひきこもり相談窓口) says no more than serving that place
      if (item.kind && m.anyArea && named > 3) named = 3;
      var s = Math.max(named, other, inText, kind >= 0 ? m.kinds.score[kind] : 0);
      for (i = topics.start[o]; i < topics.start[o + 1]; i++) s = Math.max(s, m.topics.score[topics.order[i]]);
      if (inText && s > inText) s += 1;  // the word is in its own text too: more than a topic alone
      for (i = audience.start[o]; i < audience.start[o + 1]; i++) s = Math.max(s, m.audience[audience.order[i]]);
      if (item.kind && s < 3 && (item.everywhere ? m.anyArea : best(item.areas, m.areas.score))) s = 3;
      return s;
    }

    function wordMatches(word, fuzzy) {
      var m = { kinds: matches(word, index.kinds, 1, fuzzy), areas: matches(word, index.areas, 1, fuzzy),
                topics: matches(word, index.topics, 2, fuzzy), audience: new Uint8Array(weak.length), audiences: [] };
      m.anyArea = m.areas.hit.length > 0;
      weak.forEach(function (topics, a) {
        m.audience[a] = Math.min(4, best(topics, m.topics.score));
        if (m.audience[a]) m.audiences.push(a);
      });
      return m;
    }

    // One word: the score of each item it fits (by order) and which those are, among the items the
    // filters let through. When nothing has it as typed, one kana off, ranked lower: a whole name one
    // kana off counts as the start of a name (6; typed right, 9), so a chunk that is one mistyped name
    // (そうだんまどくち) puts that page above entries that share only a word of it; a topic, kind or
    // area one kana off counts 1.
    function scoreWord(text, allowed) {
      var m = wordMatches(text, false), found = lookUp(text), got = { score: new Uint8Array(items.length), hits: [], m: m };
      function put(o, s) { if (!got.score[o]) got.hits.push(o); got.score[o] = s; }
      candidates(m, found).forEach(function (o) {
        if (allowed && !allowed(items[o])) return;
        var s = fit(o, m, found.named[o], found.other[o], found.inText[o]);
        if (s) put(o, s);
      });
      if (got.hits.length) return got;
      got.m = m = wordMatches(text, true);
      for (var n = text.length - 1; n <= text.length + 1; n++) {
        (lookup.keysOfLength[n] || []).forEach(function (id) {
          if (!nearly(text, lookup.strings[id])) return;
          lookup.eachOwner(KEYS, id, function (o) { if (!allowed || allowed(items[o])) put(o, 6); });
        });
      }
      candidates(m, null).forEach(function (o) {
        if (!got.score[o] && (!allowed || allowed(items[o])) && fit(o, m, 0, 0, 0)) put(o, 1);
      });
      got.fuzzy = got.hits.length > 0;
      return got;
    }

    // A query that says the person is in crisis (死にたい, もう限界), anywhere in it.
    function inCrisis(query) {
      var said = terms(query).join("");
      return crisis.some(function (w) { return said.indexOf(w) >= 0; });
    }

    // Answered first to a crisis: the national lines open at that moment, then the main line.
    function linesFirst(found, now) {
      var ask = { when: "now", moments: moments("now", now), hours: [] }, first = [];
      lines.night.forEach(function (url) {
        var o = orderOf(url);
        if (o >= 0 && openAt(items[o], ask, hoursOf(o), holidays)) first.push(o);
      });
      var main = orderOf(lines.main);
      if (main >= 0) first.push(main);
      return first.concat(found.filter(function (o) { return first.indexOf(o) < 0; }));
    }

    // A general query (no place, no service named, no hours) has the main line in the first five:
    // where to turn when unsure, even when many entries share more of the query's words.
    function mainInFirstFive(found, typed, allowed) {
      var allowedMain = function (o) { return !allowed || allowed(items[o]); };
      var main = orderOf(lines.main), at = found.indexOf(main);
      if (main < 0 || (at >= 0 && at < FEW) || (!allowedMain(main))) return found;
      var named = typed.some(function (t) {
        var hit = false;
        lookup.containing(t, function (id, s) { if (s > 1) lookup.eachOwner(KEYS, id, function (o) { if (items[o].kind) hit = true; }); });
        return hit;
      });
      if (named) return found;
      var moved = at < 0 ? found.slice() : found.slice(0, at).concat(found.slice(at + 1));
      moved.splice(FEW - 1, 0, main);
      return moved;
    }

    function orderOf(url) {
      for (var o = 0; o < items.length; o++) if (items[o].url === url) return o;
      return -1;
    }

    function run(query, filters, now) {
      var crisisSaid = inCrisis(query);
      var times = [], near = "", areaAsked = false, typed = [];
      var allowed = filters.any ? function (item) { return passes(item, filters); } : null;
      // by order, for the items any word fits: their score and how many words they cover
      var size = items.length, total = new Int32Array(size), covered = new Int32Array(size), touched = [], asked = 0;
      var chunks = terms(query), cut = chunks.map(function (chunk) {
        return whenOf[chunk] ? [chunk] : segment(chunk, vocab, ignore, whenOf);
      });
      // a long text (a pasted letter) is read for what it is about, never as a question about hours
      var words = cut.reduce(function (n, parts) { return n + parts.length; }, 0);
      var timesCount = !crisisSaid && words <= MOST_WORDS_WITH_TIME;
      chunks.forEach(function (chunk, c) {
        var parts = cut[c].filter(function (w) {
          if (whenOf[w] && timesCount && times.indexOf(whenOf[w]) < 0) times.push(whenOf[w]);
          return !whenOf[w];
        });
        if (!parts.length && (times.length || cut[c].length)) return;  // time words only
        var each = parts.map(function (w) { return scoreWord(w, allowed); });
        typed.push(chunk);
        // the chunk as typed, too: 訪問支援 is part of a name, ひきこもりそうだん of many
        var whole = parts.length === 1 && parts[0] === chunk ? null : scoreWord(chunk, allowed), n = Math.max(parts.length, 1);
        asked += n;
        var sum = new Int32Array(size), count = new Int32Array(size), hits = [];
        each.forEach(function (x) {
          x.hits.forEach(function (o) { if (!count[o]) hits.push(o); sum[o] += x.score[o]; count[o] += 1; });
        });
        if (whole) whole.hits.forEach(function (o) {
          var s = whole.score[o];
          if (!count[o]) hits.push(o);
          if (count[o] < n || s * n > sum[o]) { sum[o] = Math.max(sum[o], s * n); count[o] = n; }
        });
        hits.forEach(function (o) {
          if (!covered[o]) touched.push(o);
          total[o] += sum[o]; covered[o] += count[o];
        });
        var all = whole ? each.concat([whole]) : each;
        if (all.some(function (x) { return x.m.anyArea; })) areaAsked = true;
        var hit = all.filter(function (x) { return x.hits.length > 0; });
        if (hit.length && hit.every(function (x) { return x.fuzzy; })) near = chunk;
      });
      // the items found, by order, with what ranks them: score, then place or main line, name length
      var found, then = new Float64Array(size), open = new Uint8Array(size);
      if (asked) {
        var most = 0;
        touched.forEach(function (o) { most = Math.max(most, covered[o]); });
        found = touched.filter(function (o) { return covered[o] === most; });
      } else {  // filters or time words alone list entries
        found = [];
        items.forEach(function (item, o) { if (item.kind && (times.length || filters.any) && (!allowed || allowed(item))) found.push(o); });
      }
      found.forEach(function (o) {
        var item = items[o];
        if (item.main && !areaAsked) total[o] += 2;  // the main line: where to turn when unsure
        if (item.kind && !item.everywhere && !areaAsked) total[o] -= 1;  // usable in some areas only
        then[o] = areaAsked ? place(item) : -(item.main || 0);
      });
      var timeMissed = "";
      if (times.length) {
        var asks = times.map(function (when) { return { when: when, moments: moments(when, now), hours: [] }; });
        found.forEach(function (o) {
          open[o] = 1;
          for (var i = 0; i < asks.length && open[o]; i++) open[o] = openAt(items[o], asks[i], hoursOf(o), holidays) ? 1 : 0;
        });
        // a service asked for by name stays, open or not (今日 虹の会 on a day it does not meet)
        var named = new Uint8Array(size);
        typed.forEach(function (t) {
          lookup.containing(t, function (id, s) { if (s > 1) lookup.eachOwner(KEYS, id, function (o) { named[o] = 1; }); });
        });
        var stays = found.filter(function (o) { return open[o] || (items[o].kind && named[o]); });
        if (!found.some(function (o) { return open[o]; }) || stays.some(function (o) { return !open[o]; })) timeMissed = times[0];
        if (stays.length || !asked) found = stays;
      }
      // best first; asked about a place, as on its area page; else the main line first; shorter names
      var length = lookup.nameLength;
      found.sort(function (a, b) { return total[b] - total[a] || then[a] - then[b] || length[a] - length[b] || a - b; });
      var matched = found.length;
      if (crisisSaid) found = linesFirst(found, now);
      else if (asked && !areaAsked && !times.length) found = mainInFirstFive(found, typed, allowed);
      // little or nothing found for what was typed (not asked about hours): the main line follows,
      // where to turn when unsure
      var main = orderOf(lines.main);
      if (asked && !times.length && matched < FEW && main >= 0 && found.indexOf(main) < 0 && (!allowed || allowed(items[main]))) found.push(main);
      return { items: found.map(function (o) { return items[o]; }), near: near, timeMissed: timeMissed, crisis: crisisSaid,
               matched: matched, times: times, asked: asked > 0 || times.length > 0 || filters.any || crisisSaid };
    }

    // The number of an item's hours (see makeLookup), given the first time it is asked for.
    function hoursOf(o) {
      if (lookup.hoursOf[o] < 0) {
        var said = items[o].hours ? JSON.stringify(items[o].hours) : "";
        if (!lookup.hours.has(said)) lookup.hours.set(said, lookup.hours.size);
        lookup.hoursOf[o] = lookup.hours.get(said);
      }
      return lookup.hoursOf[o];
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
      // every entry (entries.json) and the 祝日 (opening.json), for hours closed on them
      addEntries: function (entries, closedDays) {
        if (entries.version !== FORMAT) throw new Error("search index version " + entries.version);
        holidays = closedDays;
        setItems(entries.items.map(unpack).concat(first));
      }
    };
  }

  // --- Time words --------------------------------------------------------------------------------

  // The moments a time word asks about (今, 今日, 夜, 土曜, 日曜, 土日), worked out once a query: each
  // day (a schedule.japanDay) with its date and the times of it to look at (minutes after midnight).
  function moments(when, now) {
    var found = [];
    if (when === "now" || when === "next") {
      var today = schedule.japanDay(now, 0);
      return when === "now" ? [{ day: today, minutes: [today.minute], date: null }] : [];
    }
    for (var d = 0; d < 7; d++) {
      var day = schedule.japanDay(now, d), weekday = day.weekday;  // 0 = Monday
      if (when === "today" && d > 0) break;
      if ((when === "sat" && weekday !== 5) || (when === "sun" && weekday !== 6) || (when === "weekend" && weekday < 5)) continue;
      var hours = when === "night" ? [18, 19, 20, 21, 22, 23] : [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
      hours = hours.filter(function (h) { return when !== "today" || schedule.japanMoment(day, h * 60) >= now; });
      found.push({ day: day, minutes: hours.map(function (h) { return h * 60; }), date: when === "night" ? null : day.iso });
    }
    return found;
  }

  // Whether an item is open (or meets) at the moments a time word asked for; ask.hours keeps the
  // answer for each distinct set of hours (numbered: 1 open, -1 not, 0 not looked at yet).
  function openAt(item, ask, hours, holidays) {
    var i;
    if (ask.when === "next") return !!item.next;
    for (i = 0; item.next && i < ask.moments.length; i++) if (ask.moments[i].date === item.next) return true;
    if (!item.hours) return false;
    if (!ask.hours[hours]) {
      var open = false;
      for (i = 0; i < ask.moments.length && !open; i++) {
        open = schedule.openDuring(item.hours, ask.moments[i].day, ask.moments[i].minutes, holidays);
      }
      ask.hours[hours] = open ? 1 : -1;
    }
    return ask.hours[hours] > 0;
  }

  var api = { FORMAT: FORMAT, makeEngine: makeEngine, segment: segment };
  if (node) module.exports = api; else root.sgSearch = api;
})(this);
