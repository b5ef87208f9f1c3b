// Command rongtook is Bangkok's citizen-complaint system: one binary that serves the API,
// migrates the database and manages accounts.
//
//	rongtook serve [--addr 127.0.0.1:8080] [--data ./data] [--demo]
//	rongtook migrate [--data ./data]
//	rongtook user create --username NAME --role ROLE --unit UNIT_CODE [--display-name NAME] --password-stdin
//	rongtook token create --username NAME [--name LABEL]
//	rongtook holiday add|list|delete …
//	rongtook report sla|backlog …
//	rongtook import traffy FILE.csv …
//	rongtook version
//
// RONGTOOK_DATABASE_URL=postgres://… selects PostgreSQL instead of the embedded SQLite
// database under --data.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/rongtook/rongtook/internal/apperr"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

const usage = `rongtook — Bangkok's citizen-complaint system (ระบบเรื่องราวร้องทุกข์)

Usage:
  rongtook serve    [--addr 127.0.0.1:8080] [--data ./data] [--demo]
  rongtook migrate  [--data ./data]
  rongtook user create --username NAME --role ROLE --unit UNIT_CODE [--display-name NAME] --password-stdin
  rongtook token create --username NAME [--name LABEL]
  rongtook holiday add --date 2026-12-30 --name-th NAME [--name-en NAME] [--kind special]
  rongtook holiday list | holiday delete --date 2026-12-30
  rongtook report sla --period 2569-Q1 [--unit CODE] [--format table|csv|json]
  rongtook report backlog --from 2026-01-01 --to 2026-12-31 [--by day|month] [--group unit|district|category]
  rongtook import traffy FILE.csv [--data ./data] [--boundaries FILE.geojson] [--batch 500]
  rongtook import cases FILE.csv [--data ./data]   (a rongtook case export, GET /api/v1/cases/export)
  rongtook train    [--data ./data] [--holdout 0.2]
  rongtook version

Environment:
  RONGTOOK_DATABASE_URL  postgres://… to use PostgreSQL instead of SQLite under --data
  RONGTOOK_ADDR          default for --addr
  RONGTOOK_DATA          default for --data
  RONGTOOK_LOG_LEVEL     debug, info (default), warn or error
  RONGTOOK_SECURE_COOKIES=true  mark session cookies Secure (behind TLS)
`

// run is main without the process: tests call it with their own arguments, streams and
// environment.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	env := environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, env, args[1:])
	case "migrate":
		err = cmdMigrate(ctx, env, args[1:])
	case "user":
		err = subcommand(ctx, env, args[1:], map[string]command{"create": cmdUserCreate})
	case "token":
		err = subcommand(ctx, env, args[1:], map[string]command{"create": cmdTokenCreate})
	case "holiday":
		err = subcommand(ctx, env, args[1:], map[string]command{"add": cmdHolidayAdd, "list": cmdHolidayList, "delete": cmdHolidayDelete})
	case "report":
		err = subcommand(ctx, env, args[1:], map[string]command{"sla": cmdReportSLA, "backlog": cmdReportBacklog})
	case "import":
		err = cmdImport(ctx, env, args[1:])
	case "train":
		err = cmdTrain(ctx, env, args[1:])
	case "version", "--version":
		fmt.Fprintln(stdout, versionString())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		err = usageError(fmt.Sprintf("unknown command %q", args[0]), fmt.Sprintf("ไม่รู้จักคำสั่ง %q", args[0]))
	}
	return report(stderr, err)
}

type environment struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command func(ctx context.Context, env environment, args []string) error

func subcommand(ctx context.Context, env environment, args []string, cmds map[string]command) error {
	if len(args) == 0 {
		return usageError("missing subcommand", "ไม่ได้ระบุคำสั่งย่อย")
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		return usageError(fmt.Sprintf("unknown subcommand %q", args[0]), fmt.Sprintf("ไม่รู้จักคำสั่งย่อย %q", args[0]))
	}
	return cmd(ctx, env, args[1:])
}

// errUsage marks errors in how the command was called (exit status 2).
var errUsage = errors.New("usage")

func usageError(msg, msgTH string) error {
	return &apperr.Error{Kind: apperr.KindInvalid, Code: "usage", Message: msg, MessageTH: msgTH, Err: errUsage}
}

// report prints err for a person, in English and Thai, with its stable code, and returns the
// exit status: 0 ok, 2 usage, 1 anything else.
func report(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, context.Canceled) {
		return 0
	}
	e := apperr.As(err)
	if e.Kind == apperr.KindInternal {
		fmt.Fprintf(stderr, "rongtook: %v\n", err)
		return 1
	}
	field := ""
	if e.Field != "" {
		field = e.Field + ": "
	}
	fmt.Fprintf(stderr, "rongtook: %s%s [%s]\n          %s\n", field, e.Message, e.Code, e.MessageTH)
	if errors.Is(err, errUsage) {
		fmt.Fprint(stderr, "\n"+usage)
		return 2
	}
	return 1
}
