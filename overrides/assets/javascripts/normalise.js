// Search normalisation, as generator/normalise.py does it (tests/vectors/normalise.json keeps the
// two in step): NFKC (full and half width), katakana → hiragana, romaji (Hepburn and kunrei, with the
// table of generator/romaji.json that travels in the search index) → hiragana, then a loose form that
// forgets long vowels and ぢ/づ/を. No page access: Node's tests require it (tests/js/unit/).
(function (root) {
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

  var api = { makeTerms: makeTerms };
  if (typeof module === "object" && module.exports) module.exports = api; else root.sgNormalise = api;
})(this);
