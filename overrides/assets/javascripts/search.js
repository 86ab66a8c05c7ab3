// The site's search page: readings (よっかいち, ヨッカイチ, ﾖｯｶｲﾁ, yokkaichi) find kanji names.
// Normalisation mirrors generator/normalise.py; tests/normalise_vectors.json keeps the two in step.
(function () {
  "use strict";
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

  // exact > prefix > substring; names and readings count three times what areas or operators do
  function score(term, keys, weight) {
    var best = 0;
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i], s = k === term ? 3 : k.indexOf(term) === 0 ? 2 : k.indexOf(term) > 0 ? 1 : 0;
      if (s * weight > best) best = s * weight;
    }
    return best;
  }

  function search(index, terms, filters) {
    var kinds = ["consultation", "family", "ibasho", "outreach"];
    var found = [];
    function areaScore(term, item) {  // an entry matches the areas it serves (not the whole prefecture)
      if (item.k < 0 || !item.a || item.a === -1) return 0;
      var best = 0;
      for (var i = 0; i < item.a.length; i++) best = Math.max(best, score(term, index.areas[item.a[i]][2], 1));
      return best;
    }
    index.items.forEach(function (item, order) {
      if (filters.kind && kinds[item.k] !== filters.kind) return;
      if (filters.area && !(item.a === -1 || (item.a && item.a.some(function (i) { return index.areas[i][0] === filters.area; })))) return;
      if (filters.for && !(item.au && item.au.indexOf(filters.for) >= 0)) return;
      if (filters.way && !(item.ch && item.ch.indexOf(filters.way) >= 0)) return;
      if (filters.online && !(item.ch && item.ch.indexOf("online") >= 0)) return;
      var total = 0;
      for (var t = 0; t < terms.length; t++) {
        var s = Math.max(score(terms[t], item.s, 3), score(terms[t], item.t || [], 1),
                         areaScore(terms[t], item), item.k >= 0 ? score(terms[t], index.kinds[item.k][1], 1) : 0);
        if (!s) return;
        total += s;
      }
      if (!terms.length && !(filters.kind || filters.area || filters.for || filters.way || filters.online)) return;
      if (!terms.length && item.k < 0) return;
      found.push({ item: item, score: total, order: order });
    });
    found.sort(function (a, b) { return b.score - a.score || a.item.n.length - b.item.n.length || a.order - b.order; });
    return found.map(function (f) { return f.item; });
  }

  window.sgSearch = { makeTerms: makeTerms };  // for the tests that keep Python and JS in step
  var form = document.querySelector("form.sg-search");
  if (!form) return;
  var root = form.getAttribute("data-index").replace(/search\/index\.json$/, "");
  var list = document.getElementById("search-results"), none = document.getElementById("search-none");
  var status = document.getElementById("search-status"), input = form.elements.q;
  var params = new URLSearchParams(location.search);
  ["q", "area", "kind", "for", "way"].forEach(function (n) { if (params.get(n)) form.elements[n].value = params.get(n); });
  form.elements.online.checked = params.get("online") === "1";

  // Areas, kinds and pages come first and show at once; every entry follows (a national catalogue's
  // entries are most of the bytes). Until they are in, the list is busy and "none found" is not said.
  var complete = false;
  list.setAttribute("aria-busy", "true");
  fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (index) {
    var terms = makeTerms(index.romaji);
    var first = index.areas.map(function (a, i) { return { u: "area/" + a[0] + "/", n: a[1], k: -1, a: [i], s: a[2] }; })
      .concat(index.items);
    index.items = first;
    function render() {
      var f = { area: form.elements.area.value, kind: form.elements.kind.value, for: form.elements.for.value,
                way: form.elements.way.value, online: form.elements.online.checked };
      var q = input.value, ts = terms(q), results = search(index, ts, f);
      var url = new URLSearchParams();
      if (q) url.set("q", q);
      ["area", "kind", "for", "way"].forEach(function (n) { if (f[n]) url.set(n, f[n]); });
      if (f.online) url.set("online", "1");
      history.replaceState(null, "", "?" + url.toString());
      list.textContent = "";
      results.slice(0, 50).forEach(function (item) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = root + item.u; a.className = "sg-result__name"; a.textContent = item.n;
        li.appendChild(a);
        var meta = [];
        if (item.k >= 0) meta.push(index.kinds[item.k][0]);
        if (item.a === -1) meta.push(index.everywhere);
        else if (item.a && item.k >= 0) meta.push(item.a.map(function (i) { return index.areas[i][1]; }).join("・"));
        if (item.d) meta.push("次回 " + item.d.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, "$2月$3日"));
        if (meta.length) { var m = document.createElement("span"); m.className = "sg-result__meta"; m.textContent = meta.join(" ／ "); li.appendChild(m); }
        if (item.p) { var p = document.createElement("a"); p.className = "sg-result__phone"; p.href = "tel:" + item.p.replace(/[^0-9]/g, ""); p.textContent = item.p; li.appendChild(p); }
        list.appendChild(li);
      });
      var asked = ts.length || f.area || f.kind || f.for || f.way || f.online;
      none.hidden = !complete || !asked || results.length > 0;
      status.textContent = complete && asked && results.length ? results.length + "件見つかりました" : "";
    }
    form.addEventListener("input", render);
    form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
    render();
    return fetch(root + "search/entries.json").then(function (r) { return r.json(); }).then(function (entries) {
      index.items = entries.items.concat(first);
      complete = true;
      list.setAttribute("aria-busy", "false");
      render();
    });
  });
})();
