package main

import (
	"context"
	"flag"
	"fmt"
)

// cmdMigrate applies migrations and loads reference data, then exits (serve does the same at
// start; this is for deployments that migrate before rolling out servers).
func cmdMigrate(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	st, _, err := db.open(ctx, env, newLogger(env, env.stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(env.stdout, "database (%s) is up to date\n", st.Dialect())
	return nil
}
