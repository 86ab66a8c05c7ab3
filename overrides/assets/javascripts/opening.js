// 「受付中（16:00まで）」「受付時間外・次は月曜 9:00から」: worked out on the phone, in Japan time
// whatever the phone's time zone, from each entry's hours (data-sg-hours, see generator/opening.py
// for the format) and opening.json (the 祝日 and every word shown, from generator/messages.yml).
(function () {
  "use strict";
  var JST_OFFSET = 9 * 60 * 60 * 1000;  // Japan keeps no summer time
  var DAYS_AHEAD = 62;  // far enough for a monthly meeting
  var data = { holidays: [], texts: {}, weekdays: [] };

  function minutes(clock) {
    var parts = clock.split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function clockText(clock) {  // 09:00 → 9:00, as the pages write it
    return clock.replace(/^0(\d)/, "$1");
  }

  function fill(key, values) {
    return (data.texts[key] || "").replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  // The day `offset` days after `now`'s date in Japan: its ISO date, weekday (0 = Monday), day of month.
  function japanDay(now, offset) {
    var shifted = new Date(now.getTime() + JST_OFFSET);
    var day = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate() + offset));
    var last = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
    return {
      iso: day.toISOString().slice(0, 10), weekday: (day.getUTCDay() + 6) % 7,
      month: day.getUTCMonth() + 1, date: day.getUTCDate(), lastDate: last,
      minute: offset === 0 ? shifted.getUTCHours() * 60 + shifted.getUTCMinutes() : -1,
    };
  }

  function nthWeekday(day, week, weekday) {
    if (day.weekday !== weekday) return false;
    return week === -1 ? day.date + 7 > day.lastDate : Math.floor((day.date - 1) / 7) + 1 === week;
  }

  // Every span of a day, earliest first; meetings are marked, so they say 開催中 rather than 受付中.
  function spans(hours, day) {
    if (hours.closed_on_holidays && data.holidays.indexOf(day.iso) >= 0) return [];
    var found = [];
    (hours.weekly || []).forEach(function (h) {
      if (h.days.indexOf(day.weekday) >= 0) found.push({ opens: h.opens, closes: h.closes, meeting: false });
    });
    (hours.monthly || []).forEach(function (r) {
      if (nthWeekday(day, r.week, r.day)) found.push({ opens: r.opens, closes: r.closes, meeting: true });
    });
    (hours.sessions || []).forEach(function (s) {
      if (s.date === day.iso) found.push({ opens: s.opens, closes: s.closes, meeting: true });
    });
    return found.sort(function (a, b) { return minutes(a.opens) - minutes(b.opens); });
  }

  function whenText(day, offset) {
    var weekday = data.weekdays[day.weekday];
    if (offset === 0) return data.texts.today;
    if (offset === 1) return data.texts.tomorrow;
    if (offset < 7) return fill("weekday", { weekday: weekday });
    return fill("date", { month: day.month, day: day.date, weekday: weekday });
  }

  // {open, text, next}: next is {date: "2026-11-30", opens: "09:00"} or null.
  function status(hours, now) {
    now = now || new Date();
    if (hours.always) return { open: true, text: data.texts.always, next: null };
    for (var offset = 0; offset <= DAYS_AHEAD; offset++) {
      var day = japanDay(now, offset);
      var today = spans(hours, day);
      for (var i = 0; i < today.length; i++) {
        var span = today[i];
        if (minutes(span.opens) <= day.minute && day.minute < minutes(span.closes)) {
          return { open: true, text: fill(span.meeting ? "open_event" : "open", { closes: clockText(span.closes) }), next: null };
        }
        if (minutes(span.opens) > day.minute) {
          var values = { when: whenText(day, offset), opens: clockText(span.opens) };
          return {
            open: false, text: fill(span.meeting ? "closed_next_event" : "closed_next", values),
            next: { date: day.iso, opens: span.opens },
          };
        }
      }
    }
    return { open: false, text: data.texts.closed, next: null };
  }

  // Whether the hours are open (or a meeting is on) at any of these minutes of one day (from
  // day(time)): the search asks this of thousands of entries, so it looks at that day alone.
  function openDuring(hours, day, times) {
    if (!times.length) return false;
    if (hours.always) return true;
    var today = spans(hours, day);
    return times.some(function (minute) {
      return today.some(function (span) { return minutes(span.opens) <= minute && minute < minutes(span.closes); });
    });
  }

  // Fill every status on the page; a closed one may reveal what to do instead (data-sg-when-closed).
  function show(now) {
    document.querySelectorAll("[data-sg-hours]").forEach(function (el) {
      var result = status(JSON.parse(el.dataset.sgHours), now);
      el.textContent = result.text;
      el.dataset.sgOpen = String(result.open);
      var alternative = el.dataset.sgWhenClosed && document.getElementById(el.dataset.sgWhenClosed);
      if (alternative) alternative.hidden = result.open;
    });
  }

  window.sgOpening = {
    status: status, show: show, openDuring: openDuring,
    day: function (time) { return japanDay(time, 0); },
    ready: (function () {
      var source = document.querySelector("[data-sg-opening]");
      if (!source || !window.fetch) return Promise.resolve();
      return fetch(source.dataset.sgOpening)
        .then(function (response) { return response.json(); })
        .then(function (loaded) { data = loaded; show(new Date()); })
        .catch(function () { /* offline: the written hours stay, without the status */ });
    })(),
  };
})();
