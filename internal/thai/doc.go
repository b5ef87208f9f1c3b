// Package thai holds the Thai-language helpers rongtook needs and the standard
// library lacks: word segmentation for text written without spaces, Buddhist-era
// dates and Thai digits.
//
// # Segmentation
//
// Thai is written without spaces between words, so neither SQLite FTS5 nor
// PostgreSQL can index it as it comes. A [Segmenter] splits text into [Token]s:
// Thai words found in a dictionary, runs of Thai text the dictionary does not
// know, numbers (Arabic or Thai digits, with decimals), Latin words, whitespace
// and other symbols. Concatenating the tokens always gives back the input, and
// every token carries its byte offsets so search results can be highlighted in
// the original text.
//
// Thai text is first cut into Thai character clusters (TCC): units such as
// "เป็น" or "น้ำ" that can never hold a word boundary because a leading vowel,
// an above/below vowel, a tone mark or a silent-letter mark binds them. Among
// all ways to cover a Thai run with dictionary words that start and end on
// cluster boundaries, the segmenter picks the one with the fewest unknown
// letters, then the fewest tokens (maximal matching), then the longest first
// word. Unknown clusters that end up next to each other become one token.
//
// [Default] returns a segmenter built once from the embedded dictionary: the
// libthai-data word list (LGPL-2.1-or-later, see dict/NOTICE) plus rongtook's
// own list of Bangkok place names and complaint vocabulary (dict/bangkok.txt).
// [Terms] turns text into normalised search terms.
//
// # Dates and digits
//
// [BEYear], [FormatDate], [FormatDateLong] and friends write dates the way Thai
// readers expect them ("22 พ.ย. 2569"); [ToThaiDigits] and [ToArabicDigits]
// convert between ๐–๙ and 0–9.
package thai
