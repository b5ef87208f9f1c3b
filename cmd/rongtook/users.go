package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
)

// cmdUserCreate creates an account. The password is read from standard input, never from a
// flag, where it would show in the process list and the shell history.
func cmdUserCreate(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	username := fs.String("username", "", "login name (a–z, 0–9, . _ -)")
	role := fs.String("role", "", "operator, supervisor, coordinator, officer, head, executive or admin")
	unit := fs.String("unit", "", "unit code, e.g. CENTRE, GOV, D1001")
	display := fs.String("display-name", "", "name shown on the timeline")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"username", *username}, {"role", *role}, {"unit", *unit}} {
		if f.v == "" {
			return usageError("--"+f.name+" is required", "กรุณาระบุ --"+f.name)
		}
	}
	if !*pwStdin {
		return usageError("--password-stdin is required: the password is read from standard input", "ต้องระบุ --password-stdin และส่งรหัสผ่านทาง standard input")
	}
	password, err := readPassword(env.stdin)
	if err != nil {
		return err
	}
	a, st, err := db.openApp(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := a.CreateUserSystem(ctx, app.NewUser{Username: *username, DisplayName: *display, Role: auth.Role(*role), UnitCode: *unit, Password: password})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "created user %s (id %d, %s of %s)\n", u.Username, u.ID, u.Role, u.UnitCode)
	return nil
}

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// cmdTokenCreate prints a new bearer token for a user, and nothing else on stdout, so that
// scripts can capture it.
func cmdTokenCreate(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	username := fs.String("username", "", "whose token")
	name := fs.String("name", "cli", "a label to recognise the token by")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *username == "" {
		return usageError("--username is required", "กรุณาระบุ --username")
	}
	a, st, err := db.openApp(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	tok, err := a.IssueToken(ctx, *username, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, tok)
	return nil
}
