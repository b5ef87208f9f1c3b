package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"log/slog"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/search"
	"github.com/rongtook/rongtook/internal/store"
)

// cmdTrain learns the category suggester from the cases in the database and stores it there
// (never in the repository). With --holdout it keeps that share of the cases out of training
// and prints how well the model does on them.
func cmdTrain(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	holdout := fs.Float64("holdout", 0, "share of the cases (0–0.5) kept out of training to measure accuracy on")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *holdout < 0 || *holdout > 0.5 {
		return usageError("--holdout must be from 0 to 0.5", "--holdout ต้องอยู่ระหว่าง 0 ถึง 0.5")
	}
	log := newLogger(env, env.stderr)
	st, ref, err := db.open(ctx, env, log)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := newApp(st, ref, log).Train(ctx, app.TrainOptions{Holdout: *holdout})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(env.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// trainEvery is how often serve retrains the suggester; trainLease names the lease that lets
// one server of several do it.
const (
	trainEvery = 24 * time.Hour
	trainLease = "train_category_suggester"
)

// runTrainer retrains the suggester on a schedule: at start when no model exists or the last
// is older than trainEvery, then every trainEvery. Of several servers, the one holding the
// lease trains; the others pick the new model up from the database.
func runTrainer(ctx context.Context, a *app.App, st store.Store, holder string, log *slog.Logger) {
	check := func() {
		m, err := st.Model(ctx, search.ModelName)
		if err != nil && !apperr.Is(err, apperr.KindNotFound) {
			log.Warn("suggester model", "err", err)
			return
		}
		now := time.Now()
		if err == nil && now.Sub(m.TrainedAt) < trainEvery {
			return
		}
		ok, err := st.AcquireLease(ctx, trainLease, holder, now, time.Hour)
		if err != nil || !ok {
			return
		}
		if _, err := a.Train(ctx, app.TrainOptions{}); err != nil && !errors.Is(err, context.Canceled) {
			log.Warn("suggester training", "err", err)
		}
	}
	check()
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}
