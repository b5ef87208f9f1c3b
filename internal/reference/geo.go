package reference

// Bangkok's extent with a margin of about 15 km, so that points on the city's edge, in
// neighbouring Nonthaburi or Samut Prakan (where a Bangkok road continues), are accepted while a
// typo that lands in another province is not. Bangkok itself spans about 13.49–13.96 N and
// 100.33–100.94 E.
const (
	MinLat = 13.35
	MaxLat = 14.10
	MinLon = 100.20
	MaxLon = 101.08
)

// NearBangkok reports whether a point lies in or near Bangkok.
func NearBangkok(lat, lon float64) bool {
	return lat >= MinLat && lat <= MaxLat && lon >= MinLon && lon <= MaxLon
}
