package sla

import "sync"

// builtinHolidays lists the days off of Thai government offices for 2025–2027, as Go
// data so that the binary needs no file to count deadlines.
//
// Rules behind the list:
//   - a holiday falling on Saturday or Sunday gets a substitution day (วันหยุดชดเชย) on
//     the next working day (two holidays on one weekend push to Monday and Tuesday);
//   - the Buddhist holidays (Makha Bucha, Visakha Bucha, Asanha Bucha, Khao Phansa) follow
//     the Thai lunar calendar and move every year;
//   - National Children's Day (second Saturday of January) is listed because the official
//     calendars list it, though it is always a Saturday and so never moves a deadline;
//   - the Royal Ploughing Ceremony is set each year by the Royal Household and special
//     holidays are granted by the cabinet during the year: 2027 has neither yet. Add them
//     with Calendar.WithHolidays (or here) when they are announced.
//
// TestBuiltinHolidaysMatchCSV checks every year listed here against the shared holiday
// data set; where they disagreed the data set was taken as right.
var builtinHolidays = []Holiday{
	// 2025 (พ.ศ. 2568)
	hol("2025-01-01", PublicHoliday, "วันขึ้นปีใหม่", "New Year's Day"),
	hol("2025-01-11", PublicHoliday, "วันเด็กแห่งชาติ", "National Children's Day"),
	hol("2025-02-12", PublicHoliday, "วันมาฆบูชา", "Makha Bucha Day"),
	hol("2025-04-06", PublicHoliday, "วันจักรี", "Chakri Memorial Day"),
	hol("2025-04-07", PublicHoliday, "ชดเชยวันจักรี", "Chakri Memorial Day (substitution)"),
	hol("2025-04-13", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2025-04-14", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2025-04-15", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2025-04-16", PublicHoliday, "ชดเชยวันสงกรานต์", "Songkran Festival (substitution)"),
	hol("2025-05-01", PublicHoliday, "วันแรงงานแห่งชาติ", "National Labour Day"),
	hol("2025-05-04", PublicHoliday, "วันฉัตรมงคล", "Coronation Day"),
	hol("2025-05-05", PublicHoliday, "ชดเชยวันฉัตรมงคล", "Coronation Day (substitution)"),
	hol("2025-05-09", GovernmentHoliday, "วันพืชมงคล", "Royal Ploughing Ceremony"),
	hol("2025-05-11", PublicHoliday, "วันวิสาขบูชา", "Visakha Bucha Day"),
	hol("2025-05-12", PublicHoliday, "ชดเชยวันวิสาขบูชา", "Visakha Bucha Day (substitution)"),
	hol("2025-06-02", SpecialHoliday, "วันหยุดพิเศษ", "Special holiday (cabinet)"),
	hol("2025-06-03", PublicHoliday, "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี", "HM Queen Suthida's Birthday"),
	hol("2025-07-10", PublicHoliday, "วันอาสาฬหบูชา", "Asanha Bucha Day"),
	hol("2025-07-11", PublicHoliday, "วันเข้าพรรษา", "Khao Phansa (Buddhist Lent) Day"),
	hol("2025-07-28", PublicHoliday, "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "HM the King's Birthday"),
	hol("2025-08-11", SpecialHoliday, "วันหยุดพิเศษ", "Special holiday (cabinet)"),
	hol("2025-08-12", PublicHoliday, "วันแม่แห่งชาติ", "HM Queen Sirikit the Queen Mother's Birthday; Mother's Day"),
	hol("2025-10-13", PublicHoliday, "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
	hol("2025-10-23", PublicHoliday, "วันปิยมหาราช", "King Chulalongkorn Memorial Day"),
	hol("2025-12-05", PublicHoliday, "วันพ่อแห่งชาติ", "King Bhumibol's Birthday; National Day; Father's Day"),
	hol("2025-12-10", PublicHoliday, "วันรัฐธรรมนูญ", "Constitution Day"),
	hol("2025-12-31", PublicHoliday, "วันสิ้นปี", "New Year's Eve"),

	// 2026 (พ.ศ. 2569)
	hol("2026-01-01", PublicHoliday, "วันขึ้นปีใหม่", "New Year's Day"),
	hol("2026-01-02", SpecialHoliday, "วันหยุดพิเศษ", "Special holiday (cabinet)"),
	hol("2026-01-10", PublicHoliday, "วันเด็กแห่งชาติ", "National Children's Day"),
	hol("2026-03-03", PublicHoliday, "วันมาฆบูชา", "Makha Bucha Day"),
	hol("2026-04-06", PublicHoliday, "วันจักรี", "Chakri Memorial Day"),
	hol("2026-04-13", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2026-04-14", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2026-04-15", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2026-05-01", PublicHoliday, "วันแรงงานแห่งชาติ", "National Labour Day"),
	hol("2026-05-04", PublicHoliday, "วันฉัตรมงคล", "Coronation Day"),
	hol("2026-05-13", GovernmentHoliday, "วันพืชมงคล", "Royal Ploughing Ceremony"),
	hol("2026-05-31", PublicHoliday, "วันวิสาขบูชา", "Visakha Bucha Day"),
	hol("2026-06-01", PublicHoliday, "ชดเชยวันวิสาขบูชา", "Visakha Bucha Day (substitution)"),
	hol("2026-06-03", PublicHoliday, "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี", "HM Queen Suthida's Birthday"),
	hol("2026-07-28", PublicHoliday, "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "HM the King's Birthday"),
	hol("2026-07-29", PublicHoliday, "วันอาสาฬหบูชา", "Asanha Bucha Day"),
	hol("2026-07-30", PublicHoliday, "วันเข้าพรรษา", "Khao Phansa (Buddhist Lent) Day"),
	hol("2026-08-12", PublicHoliday, "วันแม่แห่งชาติ", "HM Queen Sirikit the Queen Mother's Birthday; Mother's Day"),
	hol("2026-10-13", PublicHoliday, "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
	hol("2026-10-23", PublicHoliday, "วันปิยมหาราช", "King Chulalongkorn Memorial Day"),
	hol("2026-12-05", PublicHoliday, "วันพ่อแห่งชาติ", "King Bhumibol's Birthday; National Day; Father's Day"),
	hol("2026-12-07", PublicHoliday, "ชดเชยวันพ่อแห่งชาติ", "King Bhumibol's Birthday (substitution)"),
	hol("2026-12-10", PublicHoliday, "วันรัฐธรรมนูญ", "Constitution Day"),
	hol("2026-12-31", PublicHoliday, "วันสิ้นปี", "New Year's Eve"),

	// 2027 (พ.ศ. 2570)
	hol("2027-01-01", PublicHoliday, "วันขึ้นปีใหม่", "New Year's Day"),
	hol("2027-01-09", PublicHoliday, "วันเด็กแห่งชาติ", "National Children's Day"),
	hol("2027-02-21", PublicHoliday, "วันมาฆบูชา", "Makha Bucha Day"),
	hol("2027-02-22", PublicHoliday, "ชดเชยวันมาฆบูชา", "Makha Bucha Day (substitution)"),
	hol("2027-04-06", PublicHoliday, "วันจักรี", "Chakri Memorial Day"),
	hol("2027-04-13", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2027-04-14", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2027-04-15", PublicHoliday, "วันสงกรานต์", "Songkran Festival"),
	hol("2027-05-01", PublicHoliday, "วันแรงงานแห่งชาติ", "National Labour Day"),
	hol("2027-05-03", PublicHoliday, "ชดเชยวันแรงงานแห่งชาติ", "National Labour Day (substitution)"),
	hol("2027-05-04", PublicHoliday, "วันฉัตรมงคล", "Coronation Day"),
	hol("2027-05-20", PublicHoliday, "วันวิสาขบูชา", "Visakha Bucha Day"),
	hol("2027-06-03", PublicHoliday, "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี", "HM Queen Suthida's Birthday"),
	hol("2027-07-18", PublicHoliday, "วันอาสาฬหบูชา", "Asanha Bucha Day"),
	hol("2027-07-19", PublicHoliday, "วันเข้าพรรษา", "Khao Phansa (Buddhist Lent) Day"),
	hol("2027-07-20", PublicHoliday, "ชดเชยวันอาสาฬหบูชา", "Asanha Bucha Day (substitution)"),
	hol("2027-07-28", PublicHoliday, "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "HM the King's Birthday"),
	hol("2027-08-12", PublicHoliday, "วันแม่แห่งชาติ", "HM Queen Sirikit the Queen Mother's Birthday; Mother's Day"),
	hol("2027-10-13", PublicHoliday, "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
	hol("2027-10-23", PublicHoliday, "วันปิยมหาราช", "King Chulalongkorn Memorial Day"),
	hol("2027-10-25", PublicHoliday, "ชดเชยวันปิยมหาราช", "King Chulalongkorn Memorial Day (substitution)"),
	hol("2027-12-05", PublicHoliday, "วันพ่อแห่งชาติ", "King Bhumibol's Birthday; National Day; Father's Day"),
	hol("2027-12-06", PublicHoliday, "ชดเชยวันพ่อแห่งชาติ", "King Bhumibol's Birthday (substitution)"),
	hol("2027-12-10", PublicHoliday, "วันรัฐธรรมนูญ", "Constitution Day"),
	hol("2027-12-31", PublicHoliday, "วันสิ้นปี", "New Year's Eve"),
}

// hol builds one entry of the built-in table; a malformed date is a programming error
// caught by any test run, hence the panic.
func hol(date string, kind HolidayKind, th, en string) Holiday {
	d, err := ParseDate(date)
	if err != nil {
		panic(err)
	}
	return Holiday{Date: d, NameTH: th, NameEN: en, Kind: kind}
}

// BuiltinHolidays returns a copy of the built-in holiday list (2025–2027), for showing
// or for extending with NewCalendar.
func BuiltinHolidays() []Holiday {
	out := make([]Holiday, len(builtinHolidays))
	copy(out, builtinHolidays)
	return out
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := NewCalendar(builtinHolidays)
	if err != nil {
		panic(err) // the built-in table is checked by tests
	}
	return c
})

// DefaultCalendar returns the calendar of the built-in holidays. It is shared and
// immutable; derive a changed one with WithHolidays.
func DefaultCalendar() *Calendar { return defaultCalendar() }
