package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/export"
	"github.com/rongtook/rongtook/internal/store"
)

// cmdImportCases imports a case export of rongtook itself (GET /api/v1/cases/export
// ?format=csv): the road from one installation to another, and back. Each case keeps its
// source and id (a rongtook case: its receipt number), so importing twice adds nothing twice.
func cmdImportCases(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("import cases", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError("give one FILE.csv", "กรุณาระบุไฟล์ CSV หนึ่งไฟล์")
	}
	f, err := os.Open(files[0])
	if err != nil {
		return &apperr.Error{Kind: apperr.KindInvalid, Code: "cannot_read", Message: err.Error(), MessageTH: "เปิดไฟล์ที่จะนำเข้าไม่ได้", Err: err}
	}
	defer f.Close()
	log := newLogger(env, env.stderr)
	st, ref, err := db.open(ctx, env, log)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := export.NewReader(f, ref)
	if err != nil {
		return &apperr.Error{Kind: apperr.KindInvalid, Code: "not_a_case_export", Field: files[0], Message: err.Error(),
			MessageTH: "ไฟล์นี้ไม่ใช่ไฟล์ส่งออกเรื่องของ rongtook", Err: err}
	}
	var rows, created, skipped, rejected int
	var batch []store.NewCase
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		done, err := st.ImportCases(ctx, batch)
		if err != nil {
			return err
		}
		for _, ok := range done {
			if ok {
				created++
			} else {
				skipped++
			}
		}
		batch = batch[:0]
		return nil
	}
	for {
		n, _, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *export.RowError
		if errors.As(err, &re) {
			rows++
			rejected++
			fmt.Fprintln(env.stderr, re)
			continue
		}
		if err != nil {
			return err
		}
		rows++
		if batch = append(batch, n); len(batch) == 500 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "rows\t%d\ncreated\t%d\nalready imported\t%d\nrejected\t%d\n", rows, created, skipped, rejected)
	return nil
}
