// How the browser writes what it shows, as generator/formatting.py does for the pages: tel: links
// (tests/vectors/tel.json keeps the two in step), the {placeholders} of generator/messages.yml and
// the clock as the pages write it. No page access: Node's tests require it (tests/js/unit/).
(function (root) {
  "use strict";

  function telHref(number) { return "tel:" + number.replace(/[^0-9]/g, ""); }

  // a text of messages.yml with its {names} filled in ("" when the text is missing)
  function fill(text, values) { return (text || "").replace(/\{(\w+)\}/g, function (_, name) { return values[name]; }); }

  function clockText(clock) { return clock.replace(/^0(\d)/, "$1"); }  // 09:00 → 9:00

  var api = { telHref: telHref, fill: fill, clockText: clockText };
  if (typeof module === "object" && module.exports) module.exports = api; else root.sgFormat = api;
})(this);
