// Days, times and opening hours in Japan time, whatever the phone's time zone: the day and minute in
// Japan of a moment, the n-th and last weekday of a month (as generator/schedule.py), the closed days
// (祝日, 年末年始, 臨時休業) and the open-now status (「受付中（16:00まで）」) of an entry's hours (the
// format of generator/opening.py).
// tests/vectors/ keeps the rules in step with Python. No page access: page.js and the search engine
// call it, Node's tests require it (tests/js/unit/).
(function (root) {
  "use strict";
  var format = typeof module === "object" && module.exports ? require("./formatting.js") : root.sgFormat;
  var JST_OFFSET = 9 * 60 * 60 * 1000;  // Japan keeps no summer time
  var DAYS_AHEAD = 62;  // far enough for a monthly meeting

  function minutes(clock) {
    var parts = clock.split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function isoDate(year, month, date) { return new Date(Date.UTC(year, month - 1, date)).toISOString().slice(0, 10); }

  // The day `offset` days after `now`'s date in Japan: its ISO date, year, month, day of month, weekday
  // (0 = Monday) and, for today (offset 0), the minutes since midnight.
  function japanDay(now, offset) {
    var shifted = new Date(now.getTime() + JST_OFFSET);
    var day = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate() + offset));
    return {
      iso: day.toISOString().slice(0, 10), year: day.getUTCFullYear(), month: day.getUTCMonth() + 1,
      date: day.getUTCDate(), weekday: (day.getUTCDay() + 6) % 7,
      minute: offset === 0 ? shifted.getUTCHours() * 60 + shifted.getUTCMinutes() : -1,
    };
  }

  // The moment `minute` minutes after midnight of a day of japanDay.
  function japanMoment(day, minute) {
    return new Date(Date.UTC(day.year, day.month - 1, day.date) + minute * 60000 - JST_OFFSET);
  }

  // The ISO date of the `week`-th `weekday` (0 = Monday) of a month (1-12); week -1 is the last. Null if absent.
  function nthWeekday(year, month, week, weekday) {
    var length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    var first = 1 + (weekday - (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7 + 7) % 7;
    var date = first + 7 * (week === -1 ? Math.floor((length - first) / 7) : week - 1);
    return date <= length ? isoDate(year, month, date) : null;
  }

  function within(iso, range) {
    var start = range[0], end = range[1];
    if (start.length === 10) return start <= iso && iso <= end;  // dated: once
    var day = iso.slice(5);  // month-days: every year, perhaps across New Year (12-29 … 01-03)
    return start <= end ? start <= day && day <= end : day >= start || day <= end;
  }

  // Whether the hours are closed all of a day (a japanDay) whatever their spans: a 祝日 when closed on
  // them, or a day of a closure (年末年始, 臨時休業). generator/schedule.py closed_on() is the same rule.
  function closedOn(hours, day, holidays) {
    if (hours.closed_on_holidays && holidays.indexOf(day.iso) >= 0) return true;
    return (hours.closed || []).some(function (range) { return within(day.iso, range); });
  }

  // Every span of a day, earliest first; meetings are marked, so they say 開催中 rather than 受付中.
  // `holidays`: the 祝日 as ISO dates (opening.json).
  function spans(hours, day, holidays) {
    if (closedOn(hours, day, holidays)) return [];
    var found = [];
    (hours.weekly || []).forEach(function (h) {
      if (h.days.indexOf(day.weekday) >= 0) found.push({ opens: h.opens, closes: h.closes, meeting: false });
    });
    (hours.monthly || []).forEach(function (r) {
      if (nthWeekday(day.year, day.month, r.week, r.day) === day.iso) found.push({ opens: r.opens, closes: r.closes, meeting: true });
    });
    (hours.sessions || []).forEach(function (s) {
      if (s.date === day.iso) found.push({ opens: s.opens, closes: s.closes, meeting: true });
    });
    return found.sort(function (a, b) { return minutes(a.opens) - minutes(b.opens); });
  }

  // 今日, 明日, 月曜, or the date when a week or more away or when closed days (年末年始, a 祝日) lie
  // between: 「月曜」 on 29 December would read as the coming Monday, not the one after New Year.
  function whenText(day, offset, skippedClosed, data) {
    var weekday = data.weekdays[day.weekday];
    if (offset === 0) return data.texts.today;
    if (offset === 1) return data.texts.tomorrow;
    if (offset < 7 && !skippedClosed) return format.fill(data.texts.weekday, { weekday: weekday });
    return format.fill(data.texts.date, { month: day.month, day: day.date, weekday: weekday });
  }

  // {open, text, next} of `hours` at `now`; next is {date: "2026-11-30", opens: "09:00"} or null.
  // `data` is opening.json: {holidays, texts, weekdays}, every word from generator/messages.yml.
  function status(hours, now, data) {
    var texts = data.texts;
    if (hours.always) return { open: true, text: texts.always, next: null };
    var skippedClosed = false;
    for (var offset = 0; offset <= DAYS_AHEAD; offset++) {
      var day = japanDay(now, offset);
      if (closedOn(hours, day, data.holidays)) skippedClosed = true;
      var today = spans(hours, day, data.holidays);
      for (var i = 0; i < today.length; i++) {
        var span = today[i];
        if (minutes(span.opens) <= day.minute && day.minute < minutes(span.closes)) {
          return { open: true, text: format.fill(texts[span.meeting ? "open_event" : "open"], { closes: format.clockText(span.closes) }), next: null };
        }
        if (minutes(span.opens) > day.minute) {
          var values = { when: whenText(day, offset, skippedClosed, data), opens: format.clockText(span.opens) };
          return {
            open: false, text: format.fill(texts[span.meeting ? "closed_next_event" : "closed_next"], values),
            next: { date: day.iso, opens: span.opens },
          };
        }
      }
    }
    return { open: false, text: texts.closed, next: null };
  }

  // Whether the hours are open (or a meeting is on) at any of these minutes of one day (a japanDay):
  // the search asks this of thousands of entries, so it looks at that day alone.
  function openDuring(hours, day, times, holidays) {
    if (!times.length) return false;
    if (hours.always) return true;
    var today = spans(hours, day, holidays);
    return times.some(function (minute) {
      return today.some(function (span) { return minutes(span.opens) <= minute && minute < minutes(span.closes); });
    });
  }

  var api = {
    japanDay: japanDay, japanMoment: japanMoment, nthWeekday: nthWeekday, closedOn: closedOn, status: status,
    openDuring: openDuring,
  };
  if (typeof module === "object" && module.exports) module.exports = api; else root.sgSchedule = api;
})(this);
