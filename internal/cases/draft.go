package cases

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/reference"
)

// Draft is a new case as received from a channel, before it has a receipt number.
type Draft struct {
	Channel      string
	Kind         string
	CategoryCode int
	Description  string
	Location     Location
	Anonymous    bool
	Confidential bool
	BEST         bool
	Source       string
	SourceRef    string
}

// Validate checks a draft against the reference data and fills defaults (kind complaint).
// The first problem found is returned, naming its field.
func (d *Draft) Validate(ref *reference.Data) error {
	d.Description = strings.TrimSpace(d.Description)
	d.Location.Address = strings.TrimSpace(d.Location.Address)
	if d.Kind == "" {
		d.Kind = "complaint"
	}
	switch {
	case d.Channel == "":
		return apperr.Invalid("channel", "required", "channel is required", "กรุณาระบุช่องทางที่รับเรื่อง")
	case !ref.HasChannel(d.Channel):
		return apperr.Invalid("channel", "unknown_channel", fmt.Sprintf("unknown channel %q", d.Channel), "ไม่รู้จักช่องทางที่ระบุ")
	case !ref.HasKind(d.Kind):
		return apperr.Invalid("kind", "unknown_kind", fmt.Sprintf("unknown kind %q", d.Kind), "ไม่รู้จักลักษณะเรื่องที่ระบุ")
	case d.CategoryCode == 0:
		return apperr.Invalid("category_code", "required", "category_code is required", "กรุณาระบุประเภทเรื่อง")
	}
	if _, ok := ref.Category(d.CategoryCode); !ok {
		return apperr.Invalid("category_code", "unknown_category", fmt.Sprintf("unknown category %d (1–23)", d.CategoryCode), "ไม่รู้จักประเภทเรื่องที่ระบุ (1–23)")
	}
	if d.Description == "" {
		return apperr.Invalid("description", "required", "description is required", "กรุณากรอกรายละเอียดเรื่อง")
	}
	if !utf8.ValidString(d.Description) {
		return apperr.Invalid("description", "invalid_utf8", "description is not valid UTF-8", "รายละเอียดมีอักขระที่ไม่ถูกต้อง")
	}
	if n := utf8.RuneCountInString(d.Description); n > MaxDescription {
		return apperr.Invalid("description", "too_long", fmt.Sprintf("description has %d characters; at most %d", n, MaxDescription), fmt.Sprintf("รายละเอียดยาวเกิน %d ตัวอักษร", MaxDescription))
	}
	if err := tooLong("location.address", d.Location.Address, MaxShort); err != nil {
		return err
	}
	if err := d.Location.validate(ref); err != nil {
		return err
	}
	if err := tooLong("source_ref", d.SourceRef, 100); err != nil {
		return err
	}
	if (d.Source == "") != (d.SourceRef == "") {
		return apperr.Invalid("source_ref", "source_pair", "source and source_ref go together", "ต้องระบุแหล่งที่มาและรหัสอ้างอิงคู่กัน")
	}
	return nil
}

func (l Location) validate(ref *reference.Data) error {
	if (l.Lat == nil) != (l.Lon == nil) {
		field := "location.lat"
		if l.Lon == nil {
			field = "location.lon"
		}
		return apperr.Invalid(field, "required", "lat and lon go together", "ต้องระบุละติจูดและลองจิจูดคู่กัน")
	}
	if l.Lat != nil {
		lat, lon := *l.Lat, *l.Lon
		if math.IsNaN(lat) || math.IsNaN(lon) || math.IsInf(lat, 0) || math.IsInf(lon, 0) {
			return apperr.Invalid("location.lat", "invalid_coordinates", "lat/lon must be numbers", "พิกัดไม่ถูกต้อง")
		}
		if !reference.NearBangkok(lat, lon) {
			field := "location.lat"
			if lat >= reference.MinLat && lat <= reference.MaxLat {
				field = "location.lon"
			}
			return apperr.Invalid(field, "outside_bangkok",
				fmt.Sprintf("the point %.5f,%.5f is not in or near Bangkok (lat %.2f–%.2f, lon %.2f–%.2f)", lat, lon, reference.MinLat, reference.MaxLat, reference.MinLon, reference.MaxLon),
				"ตำแหน่งที่ระบุไม่อยู่ในหรือใกล้กรุงเทพมหานคร")
		}
	}
	if l.DistrictCode != 0 {
		if _, ok := ref.District(l.DistrictCode); !ok {
			return apperr.Invalid("location.district_code", "unknown_district", fmt.Sprintf("unknown district %d (1001–1050)", l.DistrictCode), "ไม่รู้จักรหัสเขตที่ระบุ (1001–1050)")
		}
	}
	return nil
}
