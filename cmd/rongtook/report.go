package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/rongtook/rongtook/internal/api"
	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
)

// The command line reads reports with an executive's view: every unit, no personal data.
var cliReader = auth.Principal{Username: "cli", Name: "command line", Role: auth.RoleExecutive, Unit: reference.GovernorCode}

func formatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", "table", "table, csv or json")
}

func checkFormat(f string) error {
	switch f {
	case "table", "csv", "json":
		return nil
	}
	return usageError("--format must be table, csv or json", "--format ต้องเป็น table, csv หรือ json")
}

// cmdReportSLA prints the success-level indicator of seed 001 for a period.
func cmdReportSLA(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("report sla", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	unit := fs.String("unit", "", "unit code (default: every unit)")
	period := fs.String("period", "", "2569-10 (month), 2569-Q1 (fiscal quarter) or 2569 (fiscal year), Buddhist era")
	format := formatFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *period == "" {
		return usageError("--period is required", "กรุณาระบุ --period")
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	a, st, err := db.openApp(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := a.SuccessLevel(ctx, cliReader, *period, *unit)
	if err != nil {
		return err
	}
	out := api.SuccessReportOut(a, rep)
	if *format == "json" {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	header := []string{"unit", "received", "ack_met", "ack_due", "ack_%", "progress3_met", "progress3_due", "progress3_%",
		"checkpoints_met", "checkpoints_due", "checkpoints_%", "completed", "terminated", "overall_%"}
	rows := [][]string{header}
	row := func(name string, s api.SuccessJSON) []string {
		return []string{name, itoa(s.Received), itoa(s.Acknowledge.Met), itoa(s.Acknowledge.Due), pct(s.Acknowledge.Percent),
			itoa(s.FirstProgress.Met), itoa(s.FirstProgress.Due), pct(s.FirstProgress.Percent), itoa(s.Checkpoints.Met),
			itoa(s.Checkpoints.Due), pct(s.Checkpoints.Percent), itoa(s.Completed), itoa(s.Terminated), pct(s.Overall)}
	}
	for _, u := range out.Units {
		rows = append(rows, row(u.UnitCode, u))
	}
	if *unit == "" {
		rows = append(rows, row("ALL", out.Total))
	}
	if *format == "table" {
		fmt.Fprintf(env.stdout, "Success level %s (target %.0f%%), as of %s\n\n", out.Period, out.TargetPercent, out.AsOf.In(cases.Bangkok()).Format("2006-01-02 15:04"))
	}
	return writeRows(env.stdout, *format, rows)
}

// cmdReportBacklog prints the pending cases over time.
func cmdReportBacklog(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("report backlog", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	var q app.BacklogQuery
	fs.StringVar(&q.From, "from", "", "first date, 2026-01-01 (required)")
	fs.StringVar(&q.To, "to", "", "last date, 2026-12-31 (required)")
	fs.StringVar(&q.By, "by", "month", "day or month")
	fs.StringVar(&q.Group, "group", "", "unit, district or category (default: the city as a whole)")
	fs.StringVar(&q.Unit, "unit", "", "only this unit's cases")
	fs.IntVar(&q.Baseline, "baseline", app.BaselinePending, "baseline pending cases to compare with")
	fs.StringVar(&q.BaselineDate, "baseline-date", app.BaselineDate, "date of the baseline")
	format := formatFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if q.From == "" || q.To == "" {
		return usageError("--from and --to are required", "กรุณาระบุ --from และ --to")
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	a, st, err := db.openApp(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := a.Backlog(ctx, cliReader, q)
	if err != nil {
		return err
	}
	out := api.BacklogOut(b)
	if *format == "json" {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	rows := [][]string{{"date", "group", "pending", "percent_of_baseline"}}
	for _, p := range out.Points {
		rows = append(rows, []string{p.Date, p.Group, itoa(p.Pending), pct(p.PercentBaseline)})
	}
	if *format == "table" {
		fmt.Fprintf(env.stdout, "Pending cases, baseline %d on %s\n\n", out.Baseline, out.BaselineDate)
	}
	return writeRows(env.stdout, *format, rows)
}

func writeRows(w io.Writer, format string, rows [][]string) error {
	if format == "csv" {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, r := range rows {
		for _, c := range r {
			fmt.Fprint(tw, c, "\t")
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

func itoa(n int) string { return strconv.Itoa(n) }

func pct(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'f', 1, 64)
}
