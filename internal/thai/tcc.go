package thai

// Thai character clusters (TCC).
//
// A cluster is the smallest piece of Thai text that can stand on either side
// of a word boundary. The rules below only ever make a cluster longer when the
// spelling leaves no choice: a leading vowel needs its consonant, a combining
// vowel or tone mark belongs to the letter before it, ะ/า/ำ cannot start a
// syllable, ั and ื need a closing consonant, a consonant silenced by ์ belongs
// to the syllable before it, and the split vowels เ-า, เ-ีย, เ-ือ, เ-อ, เ-็ and
// เ-ิ close over their consonant. Anything the spelling leaves open (is "เพลง"
// one syllable or two?) is left to the dictionary, because a cluster that is
// too long would hide a real word boundary – for example "ทะเล|ดี" must stay
// splittable after "เล".

// clusterEnd returns the index just past the cluster that starts at c[i].
// It always returns a value greater than i.
func clusterEnd(c []uint8, i int) int {
	n := len(c)
	j := i
	switch classOf[c[j]] {
	case clsLead:
		j++
		// A doubled leading vowel (ใใด, a typo) belongs to the consonant
		// after it, like a single one.
		for j < n && classOf[c[j]] == clsLead {
			j++
		}
		lead := c[j-1]
		if j == n || classOf[c[j]] != clsCons {
			return j // leading vowels with no consonant: malformed, stand alone
		}
		j++
		var marks uint64 // set of vowel marks seen on the consonant
		for j < n && classOf[c[j]]&clsMark != 0 {
			marks |= 1 << (c[j] - 0x30)
			j++
		}
		has := func(code uint8) bool { return marks&(1<<(code-0x30)) != 0 }
		switch {
		case has(codeMaiTaiKhu) && (lead == codeSaraE || lead == codeSaraAe),
			has(codeSaraI) && lead == codeSaraE:
			// เ-็ / แ-็ / เ-ิ are short vowels that always close with a consonant.
			j = takeFinal(c, j)
		case has(codeSaraIi) && lead == codeSaraE:
			if j < n && c[j] == codeYoYak {
				j++ // เ-ีย
			}
		case has(codeSaraUee) && lead == codeSaraE:
			if j < n && c[j] == codeOAng {
				j++ // เ-ือ
			}
		case lead == codeSaraE && j < n && c[j] == codeOAng && oAngIsVowel(c, j):
			j++ // เ-อ
		}
		// ะ and า that follow (เ-าะ, เ-ียะ, แ-ะ, โ-ะ …) are taken below.
	case clsCons:
		j++
		var marks uint64
		for j < n && classOf[c[j]]&clsMark != 0 {
			marks |= 1 << (c[j] - 0x30)
			j++
		}
		switch {
		case marks&(1<<(codeMaiHanAk-0x30)) != 0, marks&(1<<(codeSaraUee-0x30)) != 0:
			// ั and ื never end a syllable: the next consonant closes it
			// (กัน, ตัว, คืน, มือ); ะ may still follow (ผัวะ), taken below.
			j = takeFinal(c, j)
		}
		// Otherwise any following vowel is taken below: กา, น้ำ, ฤๅ.
	default:
		// A following vowel or mark with no consonant before it (text that
		// starts mid-syllable or a typo): keep it and its marks together.
		j++
		for j < n && classOf[c[j]]&clsMark != 0 {
			j++
		}
	}
	for {
		// Marks and ะ า ำ ๅ never start a cluster, even where the spelling
		// is wrong (กา่ร, a tone typed after า; เฉํา): they stay with the
		// letters before.
		for j < n && classOf[c[j]]&(clsMark|clsFollow) != 0 {
			j++
		}
		// A consonant (with at most ิ or ุ) silenced by ์ is never pronounced
		// on its own and never starts a word: จัน|ทร์, and พันธุ์ stays whole.
		if j == n || classOf[c[j]] != clsCons {
			break
		}
		k := j + 1
		if k < n && (c[k] == codeSaraI || c[k] == codeSaraU) {
			k++
		}
		if k < n && c[k] == codeKaran {
			j = k + 1
			continue
		}
		break
	}
	return j
}

// takeFinal includes the consonant at c[j] as the closing consonant of the
// current syllable, unless it carries a mark or vowel of its own: then it
// opens a new syllable (the text is malformed or abbreviated), or it is silenced
// by ์ and clusterEnd's last rule attaches it.
func takeFinal(c []uint8, j int) int {
	if j < len(c) && classOf[c[j]] == clsCons &&
		(j+1 == len(c) || classOf[c[j+1]]&(clsMark|clsFollow) == 0) {
		return j + 1
	}
	return j
}

// oAngIsVowel reports whether the อ at c[j], after เ + consonant, is the second
// half of the vowel เ-อ (เธอ, เยอะ) rather than the consonant that starts the
// next syllable (ทะเล|อยู่, ทะเล|ออก). อ as a vowel is never followed by a mark
// or another consonant in the same syllable, so only the safe cases count:
// the run ends, ะ follows, or a leading vowel starts the next syllable.
func oAngIsVowel(c []uint8, j int) bool {
	k := j + 1
	if k == len(c) {
		return true
	}
	return c[k] == codeSaraA || classOf[c[k]] == clsLead
}
