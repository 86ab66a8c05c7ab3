const test = require("node:test");
const assert = require("node:assert/strict");
const { vectors, script } = require("./vectors.js");

const { japanDay, japanMoment, nthWeekday, status, openDuring } = script("schedule.js");

// Words of the test's own (the site's come from generator/messages.yml through opening.json), so that
// each answer can be read off the text.
const TEXTS = {
  always: "24h", closed: "closed", open: "open until {closes}", open_event: "meeting until {closes}",
  closed_next: "closed, next {when} {opens}", closed_next_event: "next meeting {when} {opens}",
  today: "today", tomorrow: "tomorrow", weekday: "{weekday}", date: "{month}/{day} {weekday}",
};
const DATA = { holidays: [], texts: TEXTS, weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] };
const OFFICE = { weekly: [{ days: [0, 1, 2, 3, 4], opens: "09:00", closes: "16:00" }] };
const japan = (clock) => new Date(clock + ":00+09:00");  // "2026-11-24T10:00" in Japan

for (const c of vectors("nth_weekday").cases) {
  test(`week ${c.week}, weekday ${c.weekday} of ${c.year}-${c.month} is ${c.date}`, () => {
    assert.equal(nthWeekday(c.year, c.month, c.week, c.weekday), c.date);
  });
}

for (const c of vectors("japan_time").cases) {
  test(`${c.at} is ${c.date} (weekday ${c.weekday}), minute ${c.minute} in Japan`, () => {
    const day = japanDay(new Date(c.at), 0);
    assert.deepEqual([day.iso, day.weekday, day.minute], [c.date, c.weekday, c.minute]);
  });
}

test("holidays close what is closed on them, and only that", () => {
  const { holidays, not_holidays: working } = vectors("holidays");
  const data = { ...DATA, holidays };
  const closing = { ...OFFICE, closed_on_holidays: true };
  for (const iso of holidays.concat(working)) assert.ok(japanDay(japan(iso + "T10:00"), 0).weekday < 5, iso);
  for (const iso of holidays) {
    assert.equal(status(closing, japan(iso + "T10:00"), data).open, false, iso);
    assert.equal(openDuring(closing, japanDay(japan(iso + "T10:00"), 0), [600], holidays), false, iso);
    assert.equal(status(OFFICE, japan(iso + "T10:00"), data).open, true, iso);  // open on holidays
  }
  for (const iso of working) {
    assert.equal(status(closing, japan(iso + "T10:00"), data).open, true, iso);
    assert.equal(openDuring(closing, japanDay(japan(iso + "T10:00"), 0), [600], holidays), true, iso);
  }
});

test("days after today cross the end of a month and a year", () => {
  const night = new Date("2026-12-31T14:59:00Z");  // 23:59 on 31 December in Japan
  assert.deepEqual([japanDay(night, 0).iso, japanDay(night, 1).iso, japanDay(night, 1).minute], ["2026-12-31", "2027-01-01", -1]);
  assert.equal(japanDay(new Date("2026-11-30T15:00:00Z"), -1).iso, "2026-11-30");
});

test("a Japan time of a day is the moment it names", () => {
  const day = japanDay(new Date("2026-11-28T15:30:00Z"), 0);  // 00:30 on 29 November in Japan
  assert.equal(japanMoment(day, 9 * 60).toISOString(), "2026-11-29T00:00:00.000Z");
  assert.equal(japanMoment(day, 0).toISOString(), "2026-11-28T15:00:00.000Z");
});

test("open until closing time, which is closed", () => {
  assert.deepEqual(status(OFFICE, japan("2026-11-24T15:59"), DATA), { open: true, text: "open until 16:00", next: null });
  assert.deepEqual(status(OFFICE, japan("2026-11-24T16:00"), DATA),
                   { open: false, text: "closed, next tomorrow 9:00", next: { date: "2026-11-25", opens: "09:00" } });
  assert.equal(status(OFFICE, japan("2026-11-24T08:30"), DATA).text, "closed, next today 9:00");
});

test("Saturday night in Japan is Saturday night whatever the phone's zone: next is Monday", () => {
  const found = status(OFFICE, new Date("2026-11-28T09:00:00-05:00"), DATA);  // New York morning, Japan 23:00
  assert.deepEqual(found, { open: false, text: "closed, next Mon 9:00", next: { date: "2026-11-30", opens: "09:00" } });
});

test("monthly meetings and sessions say meeting, with the date when a week or more away", () => {
  const third = { monthly: [{ week: 3, day: 4, opens: "13:30", closes: "15:30" }] };
  assert.equal(status(third, japan("2026-11-24T10:00"), DATA).text, "next meeting 12/18 Fri 13:30");
  const last = { monthly: [{ week: -1, day: 5, opens: "10:00", closes: "12:00" }] };
  assert.deepEqual(status(last, japan("2026-11-28T11:00"), DATA), { open: true, text: "meeting until 12:00", next: null });
  const session = { sessions: [{ date: "2026-11-26", opens: "14:00", closes: "16:00" }] };
  assert.equal(status(session, japan("2026-11-24T10:00"), DATA).text, "next meeting Thu 14:00");
  const past = { sessions: [{ date: "2026-01-05", opens: "14:00", closes: "16:00" }] };
  assert.deepEqual(status(past, japan("2026-11-24T10:00"), DATA), { open: false, text: "closed", next: null });
  assert.deepEqual(status({ always: true }, japan("2026-11-28T23:00"), DATA), { open: true, text: "24h", next: null });
});

test("open during some of a day's minutes", () => {
  const tuesday = japanDay(japan("2026-11-24T00:00"), 0), saturday = japanDay(japan("2026-11-28T00:00"), 0);
  assert.equal(openDuring(OFFICE, tuesday, [8 * 60, 12 * 60], []), true);
  assert.equal(openDuring(OFFICE, tuesday, [16 * 60, 20 * 60], []), false);
  assert.equal(openDuring(OFFICE, saturday, [12 * 60], []), false);
  assert.equal(openDuring({ always: true }, saturday, [], []), false);  // no minute asked about
});

const opening = vectors("opening");
const withHolidays = { ...DATA, holidays: opening.holidays };
for (const c of opening.cases) {
  test(`${c.hours} at ${c.at}: ${c.open ? "open" : "closed"}, next ${c.next && c.next.date}, as Python says`, () => {
    const found = status(opening.hours[c.hours], new Date(c.at), withHolidays);
    assert.deepEqual([found.open, found.next], [c.open, c.next]);
  });
}
for (const c of opening.during) {
  test(`${c.hours} on ${c.date} at ${c.minutes}: ${c.open ? "open" : "closed"}, as Python says`, () => {
    const day = japanDay(japan(c.date + "T00:00"), 0);
    assert.equal(openDuring(opening.hours[c.hours], day, c.minutes, opening.holidays), c.open);
  });
}

test("on the centre's last day before New Year the next opening is its date, not 明日", () => {
  const found = status(opening.hours.centre, japan("2026-12-28T17:00"), withHolidays);
  assert.equal(found.text, "closed, next 1/4 Mon 9:00");
});

test("with closed days between, the next opening is a date, not a weekday that reads as the coming one", () => {
  assert.equal(status(opening.hours.centre, japan("2026-12-30T10:00"), withHolidays).text, "closed, next 1/4 Mon 9:00");
  assert.equal(status(opening.hours.centre, japan("2027-01-03T10:00"), withHolidays).text, "closed, next tomorrow 9:00");
  assert.equal(status(opening.hours.centre, japan("2026-12-05T23:00"), withHolidays).text, "closed, next Mon 9:00");
});
