// Command skatetrax is the Skatetrax API server and its administration tool.
//
//	skatetrax serve [--migrate]   serve the API on $PORT (default 5000)
//	skatetrax run                 development: use the configured database, or
//	                              start a private PostgreSQL under .localdb/;
//	                              migrate; serve
//	skatetrax migrate [up|status|down-to VERSION]
//	skatetrax invite create|list|revoke
//	skatetrax coach|rink|club add|list|retire|promote
//	skatetrax import fixtures|sessions|export, export, user delete|grant
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/skatetrax/skatetrax-api/internal/tracing"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, errUsage) {
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "skatetrax:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `usage: skatetrax <command> [arguments]

commands:
  serve [--migrate]                 serve the API (PORT, default 5000)
  run                               development server: configured database, or a
                                    private PostgreSQL under .localdb/ (LOCAL_DB_DIR)
  migrate [up|status|down-to N]     apply, list or roll back schema migrations
  invite create [--uses N] [--expires DURATION] [--note TEXT] [--quiet]
                                    create an invite and print its token (once)
  invite list                       list invites
  invite revoke ID                  stop an invite from working
  coach add --first F --last L [--rate USD] [--phone P] [--email E] [--usfsa N]
  rink add --name N [--city C] [--state S] [--country C] [--zip Z] [--tz ZONE] [--url U] [--phone P] [--address A]
  club add --name N [--home-rink ID] [--cost USD]
  coach|rink|club list [--all]      list the shared and private entries (--all: retired too)
  coach|rink|club retire ID         take an entry off the lists (old records keep it)
  coach|rink|club promote ID        share a skater's private entry (same id)
  import fixtures DIR [--user NAME]...
                                    load the original admin tool's fixture folder
  import sessions --user LOGIN FILE.csv
                                    append a session CSV (original format); per-line report
  import export FILE --user LOGIN   load an export document into an empty account
  export --user LOGIN [--format json|csv] [--out FILE]
                                    write the user's export document (or session log)
  user delete LOGIN                 erase the user and all of their data and files
  user grant LOGIN ROLE             give a user a role (e.g. the first admin)
`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stderr)
	case "run":
		return cmdRun(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], getenv, stdout, stderr)
	case "invite":
		return cmdInvite(ctx, args[1:], getenv, stdout, stderr)
	case "coach", "rink", "club":
		return cmdReference(ctx, args[0], args[1:], getenv, stdout, stderr)
	case "import":
		return cmdImport(ctx, args[1:], getenv, stdout, stderr)
	case "export":
		return cmdExport(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		return cmdUser(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return errUsage
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "4.0.0-dev"
}

func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	// Records logged with a request's context carry its trace id.
	if format == "json" {
		return slog.New(tracing.LogHandler{Handler: slog.NewJSONHandler(w, opts)})
	}
	return slog.New(tracing.LogHandler{Handler: slog.NewTextHandler(w, opts)})
}
