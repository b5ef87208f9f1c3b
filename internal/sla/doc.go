// Package sla computes the deadlines of citizen complaints at the Bangkok Metropolitan
// Administration and the success-level indicator built on them (seed 001). It is pure:
// no I/O, no global clock. Every function that needs the current time takes it, so a
// test can replay a month in a millisecond and a report can be recomputed as of any date.
//
// # Deadline rules
//
// Time zone. Everything is counted in Asia/Bangkok (UTC+7, no daylight saving).
//
// Working days. Monday to Friday except the days off of the Calendar: public holidays
// with their substitution days, government-only holidays (Royal Ploughing Ceremony) and
// special days off granted by the cabinet or the BMA. DefaultCalendar has 2025–2027;
// in a year a calendar does not cover only weekends are off (Calendar.Covers tells).
//
// "Within N working days". Due at the end of the N-th working day after the day the case
// arrived; the arrival day itself never counts, whatever the hour. Due instants are
// exclusive: "the end of Tuesday" is Wednesday 00:00, and an act is in time if it
// happens strictly before that. A case that reaches a unit on Friday 17:00 before a
// Monday holiday must be acknowledged by the end of Tuesday, and have its first progress
// report by the end of Thursday.
//
// Clocks. Each time a case reaches a unit (reached_unit, or reopened) a stint begins for
// that unit with its own clocks, using the targets the Policy gives for that unit and
// the case's category:
//   - acknowledge: within 1 working day (Targets.AckWorkingDays);
//   - first_progress: within 3 working days (Targets.FirstProgressWorkingDays);
//   - checkpoint: a progress report for every 15th and 30th of the month while the unit
//     holds the case (Targets.CheckpointDays);
//   - best_ack and best_result, for BEST (urgent) cases only: acknowledge within 1 hour
//     and report the result within 24 hours of reaching the unit, in calendar time, day
//     and night, weekends and holidays included. The working-day clocks run as well.
//
// What satisfies a clock. Only events of the unit holding the case count (Event.Unit
// empty or equal to that unit); the centre following up does not acknowledge for the
// unit. A later step implies the earlier: acknowledge is satisfied by acknowledged,
// progress, result_proposed, completed or terminated; first_progress and checkpoints by
// progress, result_proposed, completed or terminated; best_result by result_proposed,
// completed or terminated. Terminated counts as the unit's answer because ending a case
// with a reason (ยุติเรื่อง) is a decision the unit records for the citizen; a case closed
// by someone else only stops the clocks. A clock satisfied after its due time is
// breached, with MetAt showing when it was done late.
//
// Checkpoints. The nominal days are the 15th and the 30th; in a month without a 30th
// (February) the last day of the month stands for it. A checkpoint whose nominal day is
// not a working day is due at the end of the next working day, because offices are
// closed; so a 15th falling on Saturday is due by the end of Monday the 17th. A stint
// owes the checkpoints whose nominal day is after the day it began (a case arriving on
// the 15th owes the 30th, not the 15th). Checkpoint k is met when a progress report
// (see above) was made in its window: from the previous checkpoint's due instant (or,
// for the first, from when the case reached the unit) up to, not including, its own due
// instant. Windows do not overlap, so one report satisfies one checkpoint. A case open
// across the 15th with no report since the previous checkpoint (or since it arrived) is
// therefore overdue from 00:00 on the 16th (when the 15th is a working day). A missed checkpoint stays breached; the next
// report marks it done late (MetAt) and clears Overdue.
//
// Forwarding. reached_unit naming another unit ends the current stint (its unmet clocks
// stop) and starts new clocks for the new unit. reached_unit naming the unit that
// already holds the case changes nothing.
//
// Returning. returned ends the stint: the case is back at the centre and no unit clock
// runs until it reaches a unit again, which starts a new stint (even at the same unit).
//
// Stopping. When a stint ends (forwarded, returned, completed, terminated, reopened)
// clocks already satisfied keep their state, clocks whose due time had passed stay
// breached (but are no longer overdue), and the others become stopped: they count
// neither for nor against the unit. Completed and terminated stop everything.
//
// Reopening. reopened starts a new stint, as if the case reached the unit again, at
// Event.Unit or, if empty, at the last unit that held it.
//
// Waiting for the citizen. Between waiting_citizen and resumed (or the end of the
// stint) the working-day clocks that were running are paused. When the wait ends, each
// is extended by the number of working days in [day the wait began, day it ended): every
// working day whose end passed while the case was waiting. A wait from Monday 10:00 to
// Wednesday 15:00 adds 2 working days. A clock already breached when the wait began is
// not paused. While paused a clock is not overdue and its Due is provisional (as if the
// wait ended now). A checkpoint whose due instant falls while the case is waiting is
// excused (stopped). BEST clocks, being calendar time for emergencies, never pause.
//
// The case as a whole. Result.NextDue is the earliest due time still owed by the unit
// holding the case (an overdue one is in the past); Result.Overdue is true when any of
// its clocks is breached and not yet done. A case at the centre, or finished, owes
// nothing.
//
// # Periods
//
// Reports are asked for by Buddhist-era labels: month "2568-11", fiscal quarter
// "2568-Q1" and fiscal year "2568" (or "FY2568"). The Thai fiscal year runs from
// 1 October to 30 September and carries the B.E. year of the September it ends in;
// Q1 is October–December.
//
// # Success level
//
// Measure counts, per set of stints and period, the cases received, the shares of
// acknowledge, first-progress and checkpoint deadlines met, and the completed ones;
// SuccessLevel.Overall is the mean of the three shares (reasons on that method).
package sla
