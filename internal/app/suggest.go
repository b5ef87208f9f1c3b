package app

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/search"
	"github.com/rongtook/rongtook/internal/store"
)

// TrainOptions configure learning the category suggester.
type TrainOptions struct {
	// Holdout is the share of cases (chosen by a hash of their ID, so the same ones each
	// time) kept out of training to measure the model on; 0 learns from all.
	Holdout float64
}

// MaxTrainingCases is how many of the newest cases the suggester learns from.
const MaxTrainingCases = 50000

// TrainResult says what was learned and, with a holdout, how well it does.
type TrainResult struct {
	Cases      int              `json:"cases"`
	Tested     int              `json:"tested"`
	Categories int              `json:"categories"`
	Accuracy   *search.Accuracy `json:"accuracy,omitempty"`
	TrainedAt  time.Time        `json:"trained_at"`
	Seconds    float64          `json:"seconds"`
}

// Train learns the category suggester from the cases in the database and stores it there,
// where every server finds it. It runs from the CLI (rongtook train) and on a schedule in
// serve.
func (a *App) Train(ctx context.Context, opt TrainOptions) (TrainResult, error) {
	start := time.Now()
	// The newest MaxTrainingCases cases, in a ring, bound the memory training takes.
	var all []store.TrainingCase
	n := 0
	err := a.store.TrainingCases(ctx, func(tc store.TrainingCase) error {
		if len(all) < MaxTrainingCases {
			all = append(all, tc)
		} else {
			all[n%MaxTrainingCases] = tc
		}
		n++
		return nil
	})
	if err != nil {
		return TrainResult{}, err
	}
	var train, test []search.Example
	for _, tc := range all {
		ex := search.Example{Text: tc.Description, DistrictCode: tc.DistrictCode, Lat: tc.Lat, Lon: tc.Lon, Category: tc.CategoryCode}
		if opt.Holdout > 0 && heldOut(tc.ID, opt.Holdout) {
			test = append(test, ex)
		} else {
			train = append(train, ex)
		}
	}
	m, err := search.Train(train, search.TrainOptions{Seed: 1})
	if err != nil {
		return TrainResult{}, apperr.Rule("too_few_cases", "cannot learn: "+err.Error(), "ยังมีเรื่องไม่พอสำหรับการเรียนรู้")
	}
	res := TrainResult{Cases: len(train), Tested: len(test), Categories: len(m.Categories), TrainedAt: a.now()}
	if len(test) > 0 {
		acc := m.Evaluate(test)
		res.Accuracy = &acc
	}
	data, err := m.Marshal()
	if err != nil {
		return res, err
	}
	info, _ := json.Marshal(res)
	if err := a.store.PutModel(ctx, store.Model{Name: search.ModelName, Data: data, TrainedAt: res.TrainedAt, Info: string(info)}); err != nil {
		return res, err
	}
	a.suggest.set(m, res.TrainedAt, a.now())
	res.Seconds = time.Since(start).Seconds()
	a.log.InfoContext(ctx, "category suggester trained", "cases", res.Cases, "categories", res.Categories, "seconds", res.Seconds)
	return res, nil
}

func heldOut(id int64, share float64) bool {
	h := fnv.New32a()
	h.Write([]byte(strconv.FormatInt(id, 10)))
	return float64(h.Sum32()%10000) < share*10000
}

// suggesterCache keeps the loaded model; it is read again from the database when older
// than suggesterTTL, so that a model trained by another server is picked up.
type suggesterCache struct {
	mu        sync.Mutex
	m         *search.Suggester
	trainedAt time.Time
	loadedAt  time.Time
}

const suggesterTTL = 10 * time.Minute

func (c *suggesterCache) set(m *search.Suggester, trainedAt, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m, c.trainedAt, c.loadedAt = m, trainedAt, now
}

func (a *App) suggester(ctx context.Context) (*search.Suggester, time.Time, error) {
	c := &a.suggest
	c.mu.Lock()
	defer c.mu.Unlock()
	now := a.now()
	if c.m != nil && now.Sub(c.loadedAt) < suggesterTTL {
		return c.m, c.trainedAt, nil
	}
	sm, err := a.store.Model(ctx, search.ModelName)
	if err != nil {
		if apperr.Is(err, apperr.KindNotFound) && c.m == nil {
			return nil, time.Time{}, apperr.Rule("no_model", "no category model has been trained yet; run rongtook train",
				"ยังไม่มีแบบจำลองสำหรับแนะนำประเภทเรื่อง กรุณาสั่ง rongtook train")
		}
		if c.m != nil {
			return c.m, c.trainedAt, nil // keep serving the one we have
		}
		return nil, time.Time{}, err
	}
	if c.m == nil || !sm.TrainedAt.Equal(c.trainedAt) {
		m, err := search.Unmarshal(sm.Data)
		if err != nil {
			return nil, time.Time{}, err
		}
		c.m, c.trainedAt = m, sm.TrainedAt
	}
	c.loadedAt = now
	return c.m, c.trainedAt, nil
}

// SuggestInput is what is known of a report before its category is chosen.
type SuggestInput struct {
	Description  string
	Lat, Lon     *float64
	DistrictCode int
}

// Suggestion is the likely categories of a report, and where the routing rules send it.
type Suggestion struct {
	Categories   []search.Scored
	DistrictCode int // given, or guessed from the point
	Target       reference.Target
	TrainedAt    time.Time
}

// Suggest returns the three most likely categories of a report with their probabilities,
// and the unit the routing rules give for the most likely one.
func (a *App) Suggest(ctx context.Context, p auth.Principal, in SuggestInput) (Suggestion, error) {
	if !auth.CanCreateCase(p) {
		return Suggestion{}, apperr.Forbidden("your role cannot take in cases", "บทบาทของคุณไม่สามารถรับเรื่องได้")
	}
	if strings.TrimSpace(in.Description) == "" {
		return Suggestion{}, apperr.Invalid("description", "required", "description is required", "กรุณาระบุรายละเอียด")
	}
	if utf8.RuneCountInString(in.Description) > cases.MaxDescription {
		return Suggestion{}, apperr.Invalid("description", "too_long", "description is too long", "รายละเอียดยาวเกินไป")
	}
	if (in.Lat == nil) != (in.Lon == nil) || (in.Lat != nil && !reference.NearBangkok(*in.Lat, *in.Lon)) {
		return Suggestion{}, apperr.Invalid("lat", "outside_area", "lat and lon must be given together, in or near Bangkok", "พิกัดต้องอยู่ในหรือใกล้กรุงเทพมหานคร")
	}
	if in.DistrictCode != 0 {
		if _, ok := a.ref.District(in.DistrictCode); !ok {
			return Suggestion{}, apperr.Invalid("district_code", "unknown_district", "unknown district", "ไม่รู้จักเขตที่ระบุ")
		}
	}
	m, trainedAt, err := a.suggester(ctx)
	if err != nil {
		return Suggestion{}, err
	}
	district := in.DistrictCode
	if district == 0 && in.Lat != nil {
		district, _ = m.DistrictAt(*in.Lat, *in.Lon)
	}
	out := Suggestion{Categories: m.Suggest(search.Example{Text: in.Description, DistrictCode: district, Lat: in.Lat, Lon: in.Lon}, 3),
		DistrictCode: district, TrainedAt: trainedAt}
	rules, err := a.store.RoutingRules(ctx)
	if err != nil {
		return out, err
	}
	out.Target = reference.Resolve(rules, out.Categories[0].Category, district)
	return out, nil
}
