"""A calendar reminder to renew a certificate (iCalendar, RFC 5545), for a syndic's agenda."""

from __future__ import annotations

import datetime as dt

from certkit.i18n import t


def renewal_reminder(
    *,
    name: str,
    sha256: str,
    not_after: dt.datetime,
    days_before: int,
    lang: str,
    now: dt.datetime | None = None,
) -> bytes:
    """An ``.ics`` file with one all-day event ``days_before`` days before ``not_after`` (today
    when that day is past), saying to order the renewal and register the new certificate in the
    account's second slot; an alarm on the day. Its UID is stable per certificate, so importing
    it twice updates the same event."""
    from icalendar import Alarm, Calendar, Event

    moment = now or dt.datetime.now(dt.UTC)
    day = max((not_after - dt.timedelta(days=days_before)).date(), moment.date())
    date = not_after.astimezone(dt.UTC).strftime("%Y-%m-%d")
    calendar = Calendar()
    calendar.add("prodid", "-//certkit//renewal reminder//FR")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{sha256}-renewal@certkit")
    event.add("dtstamp", moment)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", t("web.ics_summary", lang, name=name))
    event.add("description", t("web.ics_description", lang, name=name, date=date))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", dt.timedelta(hours=9))
    alarm.add("description", t("web.ics_summary", lang, name=name))
    event.add_component(alarm)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
