package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/rongtook/rongtook/internal/store"
)

// cmdHolidayAdd adds a day off to the calendar (the cabinet announces extra days every
// year); open cases' deadlines move with it.
func cmdHolidayAdd(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("holiday add", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	var h store.Holiday
	fs.StringVar(&h.Date, "date", "", "the day off, 2026-12-30 (Christian era)")
	fs.StringVar(&h.NameTH, "name-th", "", "Thai name, e.g. วันหยุดพิเศษ")
	fs.StringVar(&h.NameEN, "name-en", "", "English name")
	fs.StringVar(&h.Kind, "kind", "special", "public, government or special")
	if err := parse(fs, args); err != nil {
		return err
	}
	if h.Date == "" {
		return usageError("--date is required", "กรุณาระบุ --date")
	}
	a, st, err := db.openApp(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := a.AddHoliday(ctx, nil, h); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "added %s %s\n", h.Date, h.NameTH)
	return nil
}

// cmdHolidayList lists the days off added to the built-in calendar.
func cmdHolidayList(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("holiday list", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, st, err := db.openApp(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	hs, err := a.Holidays(ctx)
	if err != nil {
		return err
	}
	for _, h := range hs {
		fmt.Fprintf(env.stdout, "%s\t%s\t%s\t%s\n", h.Date, h.Kind, h.NameTH, h.NameEN)
	}
	return nil
}

// cmdHolidayDelete removes an added day off.
func cmdHolidayDelete(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("holiday delete", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	date := fs.String("date", "", "the day off to remove")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *date == "" {
		return usageError("--date is required", "กรุณาระบุ --date")
	}
	a, st, err := db.openApp(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	return a.DeleteHoliday(ctx, nil, *date)
}
