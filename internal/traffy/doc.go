// Package traffy reads the CSV exports of Traffy Fondue, the citizen-report platform that
// Bangkok uses, and maps their values onto rongtook's own codes.
//
// It is pure: it never opens files, talks to the network or logs anything. The caller hands
// a [Reader] an [io.Reader] and receives one [Record] at a time, so a file of any size is
// read in constant memory.
//
// # Formats
//
// Two headers are recognised by their column names (in any order, with or without a UTF-8
// byte-order mark); see [Format]:
//
//   - [FormatSearchAPI]: the 2022 dump of the public search API, told by its columns
//     status, type_id and message_id (the sample has CRLF line ends and no BOM).
//   - [FormatExport]: the platform's own 2023 export, told by its column last_activity
//     (the sample has a BOM and quotes every text field).
//
// # Validation
//
// A row that cannot be trusted yields a [*RowError] carrying the physical line where the
// row starts, the column, an English and a Thai reason and a stable machine code (the
// Code* constants); reading then goes on with the next row. Only an I/O error from the
// underlying reader stops the Reader. A row with a flaw that can be worked around without
// guessing at the citizen's report (a pin far from Bangkok, an empty state) is kept: the
// Record carries a [Warning] with the same kind of code and reasons, saying what was
// dropped or inferred. The rules, each with its own code, are checked in this order and
// the first that fails is reported:
//
//   - CSV that cannot be tokenised (a stray or unterminated quote) is [CodeMalformedCSV],
//     reported at the line where the broken row starts; reading resumes on the line after
//     the one where the damage shows. An unterminated quote swallows what follows up to
//     the next quote character, as in any CSV reader, so the rows in between are lost
//     inside that one error (at the end of the file: the rest of the file).
//   - a row with another number of columns than the header is [CodeFieldCount].
//   - every field must be valid UTF-8 ([CodeInvalidEncoding]): catches TIS-620 files.
//   - ticket_id must not be empty ([CodeMissingTicketID]). Its shape is not checked: the
//     2022 dump writes "2022-6XH9DR", but the 2023 export also has bare ids like "R4FJVG".
//   - type must be a PostgreSQL array literal such as {ถนน,"ทางเท้า"}; {} and an empty
//     cell both mean "no type" ([CodeInvalidTypes]).
//   - coords is "lon,lat". An empty cell is accepted and means "no location"
//     (Record.HasLocation is false): the platform allows reports without a pin and
//     dropping them would lose real complaints. Text that is not two finite numbers is
//     [CodeInvalidCoords]. A point outside the box lat 13.4–14.2, lon 100.2–101.0 is a
//     [CodeCoordsOutOfArea] warning: the record is kept without a location. Bangkok itself
//     spans about lat 13.49–13.96 and lon 100.33–100.94; the box adds a margin for GPS
//     drift and pins dropped just over the border (Nonthaburi, Samut Prakan, Pathum Thani),
//     so what falls outside is clearly not where the problem is (in the sample data:
//     Phuket, Ubon Ratchathani, St. Louis, ...), while the district, address and text of
//     those rows are Bangkok's. A point inside the box is not checked against its
//     district: that is the importer's job, with the district polygons.
//   - timestamp must carry a UTC offset, e.g. "2022-05-29 10:09:48.912192+00"
//     ([CodeInvalidTimestamp]).
//   - state must be one of the five Thai states ([CodeUnknownState]). An empty state is a
//     [CodeMissingState] warning: the state is inferred from the search-API status column
//     (finish → finished, inprogress → in_progress, report → pending) or, without one,
//     taken as pending, the state that claims no work was done.
//   - star is empty or an integer 1–5 ([CodeInvalidStar]).
//   - count_reopen is empty (0) or a non-negative integer ([CodeInvalidReopenCount]).
//   - last_activity, when present and not empty, is a time like timestamp
//     ([CodeInvalidLastActivity]).
//
// Other columns (organization, comment, photos, address, subdistrict, district, province
// and the raw API columns) are free text and taken as they are.
//
// Free-text fields (comment, address) are never copied into errors: comments often hold
// phone numbers and other personal data. For the same reason [Record.String] and
// [Record.LogValue] leave them out.
//
// # Mapping
//
// [Classify] turns the type array into rongtook's category code 1–23 and a [Kind],
// [DistrictCode] turns a Thai district name into its official code 1001–1050,
// [DistrictOffice] recognises a district office (and its section) among the
// organizations, and
// [State.CaseStatus] turns a Traffy state into rongtook's case status. The tables are
// copies of spec/reference/traffy_types.csv and districts.csv, compiled in so that the
// package needs no files at run time; a test checks them against the reference files.
package traffy
