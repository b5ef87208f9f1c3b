package traffy

import (
	"slices"
	"testing"
)

func TestParseTextArray(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{in: "", want: nil},
		{in: "{}", want: nil},
		{in: " { } ", want: nil},
		{in: "{ถนน}", want: []string{"ถนน"}},
		{in: "{น้ำท่วม,ถนน,ความปลอดภัย}", want: []string{"น้ำท่วม", "ถนน", "ความปลอดภัย"}},
		{in: "{PM2.5}", want: []string{"PM2.5"}},
		{in: `{"ถนน"}`, want: []string{"ถนน"}},
		{in: `{"ทาง เท้า",ถนน}`, want: []string{"ทาง เท้า", "ถนน"}},
		{in: `{"a,b","c\"d","e\\f"}`, want: []string{"a,b", `c"d`, `e\f`}},
		{in: `{ a , b }`, want: []string{"a", "b"}},
		{in: `{"",a}`, want: []string{"", "a"}},
		{in: `{a\,b}`, want: []string{"a,b"}},
		{in: `{a\ }`, want: []string{"a "}},
		{in: `{NULL,ถนน}`, want: []string{"ถนน"}},
		{in: `{null}`, want: nil},
		{in: `{"NULL"}`, want: []string{"NULL"}},
		{in: `{\NULL}`, want: []string{"NULL"}},
		{in: "ถนน", wantErr: true},
		{in: "{ถนน", wantErr: true},
		{in: "ถนน}", wantErr: true},
		{in: "{", wantErr: true},
		{in: "{a,,b}", wantErr: true},
		{in: "{a,}", wantErr: true},
		{in: "{,a}", wantErr: true},
		{in: "{a, ,b}", wantErr: true},
		{in: `{"a}`, wantErr: true},
		{in: `{"a"b}`, wantErr: true},
		{in: `{a"b"}`, wantErr: true},
		{in: `{{a,b},{c}}`, wantErr: true},
		{in: `{a\}`, wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseTextArray(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseTextArray(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !slices.Equal(got, tt.want) {
			t.Errorf("parseTextArray(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
