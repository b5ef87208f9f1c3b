package sla

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Targets are the time limits one unit has for one case.
type Targets struct {
	// AckWorkingDays: acknowledge (รับเรื่อง) by the end of this many working days after
	// the day the case reached the unit. Seed 001: 1.
	AckWorkingDays int
	// FirstProgressWorkingDays: first progress report within this many working days.
	// Seed 001: 3.
	FirstProgressWorkingDays int
	// BESTAck: an urgent (BEST) case must be acknowledged within this calendar duration,
	// day and night. Default 1 hour.
	BESTAck time.Duration
	// BESTResult: an urgent case must have its result reported within this calendar
	// duration. Default 24 hours.
	BESTResult time.Duration
	// CheckpointDays: days of the month on which an unfinished case owes a progress
	// report; a day past the month's end means its last day. Seed 001: 15 and 30.
	// An empty list turns checkpoints off.
	CheckpointDays []int
}

// DefaultTargets returns the targets of seed 001 and seed 002: acknowledge within 1
// working day, first progress within 3, reports on the 15th and 30th, BEST
// acknowledged within 1 hour and its result within 24 hours.
func DefaultTargets() Targets {
	return Targets{
		AckWorkingDays:           1,
		FirstProgressWorkingDays: 3,
		BESTAck:                  time.Hour,
		BESTResult:               24 * time.Hour,
		CheckpointDays:           slices.Clone(defaultCheckpointDays),
	}
}

// Validate reports targets that cannot be meant: negative working days, non-positive
// BEST durations, checkpoint days outside 1–31 or repeated.
func (t Targets) Validate() error {
	var errs []error
	if t.AckWorkingDays < 0 {
		errs = append(errs, fmt.Errorf("AckWorkingDays %d < 0", t.AckWorkingDays))
	}
	if t.FirstProgressWorkingDays < 0 {
		errs = append(errs, fmt.Errorf("FirstProgressWorkingDays %d < 0", t.FirstProgressWorkingDays))
	}
	if t.BESTAck <= 0 {
		errs = append(errs, fmt.Errorf("BESTAck %v <= 0", t.BESTAck))
	}
	if t.BESTResult <= 0 {
		errs = append(errs, fmt.Errorf("BESTResult %v <= 0", t.BESTResult))
	}
	seen := map[int]bool{}
	for _, d := range t.CheckpointDays {
		if d < 1 || d > 31 {
			errs = append(errs, fmt.Errorf("checkpoint day %d outside 1..31", d))
		}
		if seen[d] {
			errs = append(errs, fmt.Errorf("checkpoint day %d repeated", d))
		}
		seen[d] = true
	}
	if len(errs) > 0 {
		return fmt.Errorf("sla: invalid targets: %w", errors.Join(errs...))
	}
	return nil
}

func (t Targets) clone() Targets {
	t.CheckpointDays = slices.Clone(t.CheckpointDays)
	if t.CheckpointDays == nil {
		t.CheckpointDays = []int{} // keep "no checkpoints" distinct from "default" for callers
	}
	return t
}

// Override replaces the targets for one unit, one category, or one category at one
// unit. An empty Unit or Category matches any.
type Override struct {
	Unit     string
	Category string
	Targets  Targets
}

type policyKey struct{ unit, category string }

// Policy resolves the targets of a case at a unit. The most specific override wins:
// unit and category, then unit alone, then category alone, then the default. An
// override replaces all targets, it does not merge field by field, so the targets in
// force can always be read in one place; build an override from DefaultTargets() and
// change the fields that differ.
//
// The nil *Policy is valid and gives DefaultTargets for everything.
type Policy struct {
	def       Targets
	overrides map[policyKey]Targets
}

// NewPolicy checks and stores the default and the overrides. An override with neither
// unit nor category, two overrides for the same key, or invalid targets are errors.
func NewPolicy(def Targets, overrides ...Override) (*Policy, error) {
	if err := def.Validate(); err != nil {
		return nil, fmt.Errorf("default: %w", err)
	}
	p := &Policy{def: def.clone(), overrides: make(map[policyKey]Targets, len(overrides))}
	for _, o := range overrides {
		k := policyKey{o.Unit, o.Category}
		if k == (policyKey{}) {
			return nil, errors.New("sla: override with neither unit nor category: change the default instead")
		}
		if _, dup := p.overrides[k]; dup {
			return nil, fmt.Errorf("sla: two overrides for unit %q category %q", o.Unit, o.Category)
		}
		if err := o.Targets.Validate(); err != nil {
			return nil, fmt.Errorf("override unit %q category %q: %w", o.Unit, o.Category, err)
		}
		p.overrides[k] = o.Targets.clone()
	}
	return p, nil
}

// Targets returns the targets in force for a case of category at unit. The result is
// a copy the caller may change.
func (p *Policy) Targets(unit, category string) Targets {
	if p == nil {
		return DefaultTargets()
	}
	for _, k := range [...]policyKey{{unit, category}, {unit, ""}, {"", category}} {
		if k.unit == "" && k.category == "" {
			continue
		}
		if t, ok := p.overrides[k]; ok {
			return t.clone()
		}
	}
	return p.def.clone()
}
