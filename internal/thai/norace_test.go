//go:build !race

package thai

const raceEnabled = false
