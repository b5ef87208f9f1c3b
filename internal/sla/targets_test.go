package sla

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDefaultTargets(t *testing.T) {
	d := DefaultTargets()
	want := Targets{AckWorkingDays: 1, FirstProgressWorkingDays: 3, BESTAck: time.Hour, BESTResult: 24 * time.Hour, CheckpointDays: []int{15, 30}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("DefaultTargets() = %+v, want %+v", d, want)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	d.CheckpointDays[0] = 1
	if DefaultTargets().CheckpointDays[0] != 15 {
		t.Error("DefaultTargets shares its checkpoint slice")
	}
}

func TestTargetsValidate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*Targets)
		msg    string
	}{
		{"negative ack", func(t *Targets) { t.AckWorkingDays = -1 }, "AckWorkingDays"},
		{"negative progress", func(t *Targets) { t.FirstProgressWorkingDays = -1 }, "FirstProgressWorkingDays"},
		{"zero BEST ack", func(t *Targets) { t.BESTAck = 0 }, "BESTAck"},
		{"negative BEST result", func(t *Targets) { t.BESTResult = -time.Hour }, "BESTResult"},
		{"checkpoint day 0", func(t *Targets) { t.CheckpointDays = []int{0} }, "outside"},
		{"checkpoint day 32", func(t *Targets) { t.CheckpointDays = []int{15, 32} }, "outside"},
		{"repeated day", func(t *Targets) { t.CheckpointDays = []int{15, 15} }, "repeated"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := DefaultTargets()
			tt.change(&v)
			err := v.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Validate() = %v, want an error mentioning %q", err, tt.msg)
			}
		})
	}
	ok := DefaultTargets()
	ok.AckWorkingDays, ok.CheckpointDays = 0, nil // same day, no checkpoints: odd but valid
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
}

func TestPolicyMostSpecificWins(t *testing.T) {
	with := func(ack int) Targets { t := DefaultTargets(); t.AckWorkingDays = ack; return t }
	p, err := NewPolicy(DefaultTargets(),
		Override{Unit: "U1", Targets: with(2)},
		Override{Category: "8", Targets: with(3)},
		Override{Unit: "U1", Category: "8", Targets: with(4)},
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		unit, category string
		want           int
	}{
		{"U1", "8", 4}, // unit and category
		{"U1", "9", 2}, // unit beats nothing
		{"U2", "8", 3}, // category
		{"U2", "9", 1}, // default
		{"", "8", 3},
		{"U1", "", 2},
		{"", "", 1},
	} {
		if got := p.Targets(tt.unit, tt.category).AckWorkingDays; got != tt.want {
			t.Errorf("Targets(%q, %q).AckWorkingDays = %d, want %d", tt.unit, tt.category, got, tt.want)
		}
	}

	// Unit beats category when both match separately.
	p2, err := NewPolicy(DefaultTargets(), Override{Unit: "U1", Targets: with(2)}, Override{Category: "8", Targets: with(3)})
	if err != nil {
		t.Fatal(err)
	}
	if got := p2.Targets("U1", "8").AckWorkingDays; got != 2 {
		t.Errorf("unit override should beat category override: got %d", got)
	}

	got := p.Targets("U1", "8")
	got.CheckpointDays[0] = 1
	if p.Targets("U1", "8").CheckpointDays[0] != 15 {
		t.Error("Targets returned the policy's own slice")
	}

	var nilPolicy *Policy
	if !reflect.DeepEqual(nilPolicy.Targets("U1", "8"), DefaultTargets()) {
		t.Error("nil policy should give the defaults")
	}
}

func TestNewPolicyErrors(t *testing.T) {
	bad := DefaultTargets()
	bad.BESTAck = 0
	for _, tt := range []struct {
		name string
		def  Targets
		ovs  []Override
		msg  string
	}{
		{"invalid default", bad, nil, "default"},
		{"empty key", DefaultTargets(), []Override{{Targets: DefaultTargets()}}, "neither unit nor category"},
		{"duplicate", DefaultTargets(), []Override{{Unit: "U", Targets: DefaultTargets()}, {Unit: "U", Targets: DefaultTargets()}}, "two overrides"},
		{"invalid override", DefaultTargets(), []Override{{Unit: "U", Targets: bad}}, `override unit "U"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewPolicy(tt.def, tt.ovs...)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("NewPolicy() = %v, want an error mentioning %q", err, tt.msg)
			}
		})
	}
}
