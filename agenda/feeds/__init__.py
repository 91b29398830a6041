"""The published agenda for other programs: frab/c3voc schedule (JSON, XML) and iCalendar.
Pure functions of a parsed version (agenda.snapshot.Programme)."""
