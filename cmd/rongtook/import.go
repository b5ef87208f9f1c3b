package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/geo"
	"github.com/rongtook/rongtook/internal/importer"
	"github.com/rongtook/rongtook/internal/traffy"
)

// cmdImport runs `rongtook import KIND FILE`: KIND names the source format.
func cmdImport(ctx context.Context, env environment, args []string) error {
	return subcommand(ctx, env, args, map[string]command{"traffy": cmdImportTraffy, "cases": cmdImportCases})
}

// cmdImportTraffy imports a Traffy Fondue CSV export. Rejected rows and warnings go to
// stderr as they are found, the summary to stdout. The exit status is 0 whenever the file
// was read to the end, bad rows or not: they are the file's problem, reported line by line,
// and a script must not retry an import that did its job.
func cmdImportTraffy(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("import traffy", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	boundaries := fs.String("boundaries", "", "district boundaries (GeoJSON) to place cases whose district column names no Bangkok district")
	batch := fs.Int("batch", importer.DefaultBatchSize, "cases stored per transaction")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		return usageError("missing FILE.csv", "ไม่ได้ระบุไฟล์ CSV ที่จะนำเข้า")
	case len(files) > 1:
		return usageError("unexpected argument "+files[1]+": import one file at a time", "มีอาร์กิวเมนต์เกิน: "+files[1]+" (นำเข้าได้ครั้งละหนึ่งไฟล์)")
	case *batch < 1 || *batch > 10000:
		return usageError("--batch must be between 1 and 10000", "--batch ต้องอยู่ระหว่าง 1 ถึง 10000")
	}
	path := files[0]

	f, err := os.Open(path)
	if err != nil {
		return &apperr.Error{Kind: apperr.KindInvalid, Code: "cannot_read", Message: err.Error(),
			MessageTH: "เปิดไฟล์ที่จะนำเข้าไม่ได้", Err: err}
	}
	defer f.Close()
	var opts importer.Options
	if *boundaries != "" {
		if opts.Districts, err = geo.LoadFile(*boundaries); err != nil {
			return &apperr.Error{Kind: apperr.KindInvalid, Code: "invalid_boundaries", Field: "--boundaries",
				Message: err.Error(), MessageTH: "อ่านไฟล์ขอบเขตเขตไม่ได้", Err: err}
		}
	}

	log := newLogger(env, env.stderr)
	st, ref, err := db.open(ctx, env, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if opts.Rules, err = st.RoutingRules(ctx); err != nil {
		return fmt.Errorf("routing rules: %w", err)
	}
	opts.Reference, opts.BatchSize = ref, *batch
	bar := newProgressBar(env.stderr, f)
	opts.OnIssue = func(is importer.Issue) {
		bar.clear()
		fmt.Fprintln(env.stderr, is)
	}
	opts.OnProgress = bar.update

	sum, err := importer.Traffy(ctx, f, st, opts)
	bar.clear()
	if errors.Is(err, traffy.ErrHeader) {
		_, detail, _ := strings.Cut(err.Error(), traffy.ErrHeader.Error()+": ")
		return &apperr.Error{Kind: apperr.KindInvalid, Code: "not_traffy_csv", Field: path,
			Message:   "not a Traffy Fondue CSV export: " + detail,
			MessageTH: "ไฟล์นี้ไม่ใช่ไฟล์ CSV ที่ส่งออกจาก Traffy Fondue", Err: err}
	}
	if sum.Format != "" {
		printSummary(env.stdout, filepath.Base(path), sum)
	}
	if err != nil && ctx.Err() != nil {
		// Not context.Canceled itself: an interrupted import must not exit 0.
		return &apperr.Error{Kind: apperr.KindRule, Code: "import_interrupted",
			Message:   fmt.Sprintf("import interrupted after %d rows; run it again to finish (rows imported already are skipped)", sum.Rows),
			MessageTH: fmt.Sprintf("การนำเข้าถูกขัดจังหวะหลังจาก %d แถว เรียกคำสั่งเดิมอีกครั้งเพื่อนำเข้าส่วนที่เหลือ (แถวที่นำเข้าแล้วจะถูกข้าม)", sum.Rows)}
	}
	return err
}

// parseInterspersed parses flags that may come before or after the positional arguments
// (`import traffy FILE --data DIR`), which the flag package alone stops at, and returns
// the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError(err.Error(), "ตัวเลือกไม่ถูกต้อง: "+err.Error())
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// printSummary writes the outcome table, in English and Thai.
func printSummary(w io.Writer, name string, s importer.Summary) {
	fmt.Fprintf(w, "Traffy import of %s (%s format) — นำเข้าข้อมูล Traffy Fondue\n\n", name, s.Format)
	for _, r := range []struct {
		label string
		n     int
		th    string
	}{
		{"created", s.Created, "สร้างเรื่องใหม่"},
		{"created with warnings", s.Warned, "สร้างเรื่องใหม่ (มีคำเตือน)"},
		{"already imported (skipped)", s.Skipped, "นำเข้าไว้แล้ว (ข้าม)"},
		{"rejected", s.Rejected, "ไม่นำเข้า"},
		{"rows read", s.Rows, "จำนวนแถวทั้งหมด"},
	} {
		fmt.Fprintf(w, "  %-28s %8d  %s\n", r.label, r.n, r.th)
	}
	if len(s.Codes) > 0 {
		fmt.Fprintf(w, "\nissues by code — ปัญหาแยกตามรหัส\n")
		for _, code := range sortedKeys(s.Codes) {
			fmt.Fprintf(w, "  %-28s %8d\n", code, s.Codes[code])
		}
	}
	fmt.Fprintf(w, "\n%.1fs, %.0f rows/s\n", s.Elapsed.Seconds(), s.RowsPerSecond())
}

// sortedKeys lists the codes most frequent first, so the one that matters most heads the
// list; ties in alphabetical order, so the output is stable.
func sortedKeys(m map[string]int) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(m[b], m[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return keys
}

// progressBar draws the import's progress on a terminal, against the input file's size.
// It draws nothing when stderr is not a terminal (a pipe, a log file, a test), where
// carriage returns would only make a mess.
type progressBar struct {
	w     io.Writer
	total int64
	drawn bool
}

func newProgressBar(stderr io.Writer, input *os.File) *progressBar {
	out, ok := stderr.(*os.File)
	if !ok {
		return &progressBar{}
	}
	if fi, err := out.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return &progressBar{}
	}
	var total int64
	if fi, err := input.Stat(); err == nil && fi.Mode().IsRegular() {
		total = fi.Size()
	}
	return &progressBar{w: stderr, total: total}
}

func (p *progressBar) update(pr importer.Progress) {
	if p.w == nil {
		return
	}
	const width = 30
	line := fmt.Sprintf("%d rows", pr.Rows)
	if p.total > 0 {
		frac := min(float64(pr.BytesRead)/float64(p.total), 1)
		n := int(frac * width)
		line = fmt.Sprintf("[%s%s] %3.0f%%  %s", strings.Repeat("#", n), strings.Repeat(".", width-n), frac*100, line)
	}
	fmt.Fprintf(p.w, "\r%s, %d new, %d skipped, %d rejected ", line, pr.Imported(), pr.Skipped, pr.Rejected)
	p.drawn = true
}

// clear erases the bar so that a message can take its line; the next update redraws it.
func (p *progressBar) clear() {
	if p.w == nil || !p.drawn {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.drawn = false
}
